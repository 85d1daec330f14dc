"""Pages and files travel light: text is compressed with brotli or gzip as the browser
prefers, static files have addresses that change with their content and are kept for a year,
there is an icon, and the drag-and-drop library loads only where there is a board."""

import gzip
import re

import brotli


def without_token(page: bytes) -> bytes:
    """The page with its CSRF token (wherever it appears) replaced by a placeholder."""
    token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1)
    return page.replace(token, b"TOKEN")


STATIC = re.compile(r'(?:href|src)="(/static/([^"?]+)\?v=[0-9a-f]{12})"')


def test_pages_and_files_are_compressed_as_the_browser_prefers(client, team):
    client.login(team.resident)
    plain = client.get("/c/utrecht/board")
    assert "Content-Encoding" not in plain.headers
    for accepted, expected in (
        ("gzip, deflate, br", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("gzip, br;q=0", "gzip"),
        ("gzip;q=1, br;q=0.5", "gzip"),
        ("identity", None),
    ):
        packed = client.get("/c/utrecht/board", headers={"Accept-Encoding": accepted})
        assert packed.headers.get("Content-Encoding") == expected, accepted
        assert "Accept-Encoding" in packed.headers["Vary"]
        if expected:
            unpack = brotli.decompress if expected == "br" else gzip.decompress
            # The same page, but for its CSRF token (signed with the time, so it may differ).
            assert without_token(unpack(packed.get_data())) == without_token(plain.get_data())
            assert len(packed.get_data()) < len(plain.get_data()) / 3
    css = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip, br"})
    assert css.headers["Content-Encoding"] == "br"
    assert b"Buurtbord" in brotli.decompress(css.get_data())
    again = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(again.get_data()) == brotli.decompress(css.get_data())
    # htmx's fragments travel compressed too.
    fragment = client.get("/c/utrecht/board", htmx=True, headers={"Accept-Encoding": "br"})
    assert fragment.headers["Content-Encoding"] == "br"
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in small.headers  # too small to gain anything


def test_static_files_have_fingerprinted_addresses_kept_for_a_year(client, team):
    client.login(team.resident)
    html = client.get("/c/utrecht/").get_data(as_text=True)
    urls = {name: url for url, name in STATIC.findall(html)}
    assert {"css/app.css", "js/app.js", "vendor/htmx.min.js", "favicon.svg"} <= set(urls)
    kept = client.get(urls["css/app.css"])
    kept.close()
    assert kept.status_code == 200
    assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert 'rel="icon" href="/static/favicon.svg?v=' in html
    icon = client.get(urls["favicon.svg"])
    icon.close()
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    # Pages themselves are never kept.
    assert client.get("/c/utrecht/").headers["Cache-Control"] == "no-store"


def test_the_drag_and_drop_library_loads_only_on_the_board(client, team):
    client.login(team.resident)
    assert "Sortable.min.js" in client.get("/c/utrecht/board").get_data(as_text=True)
    for path in ("/c/utrecht/", "/c/utrecht/ideas", "/c/utrecht/activities"):
        assert "Sortable.min.js" not in client.get(path).get_data(as_text=True), path


def test_what_people_wrote_is_marked_dutch_in_the_english_interface(client, team, make_card):
    make_card("Buurtkamer")
    client.login(team.resident)
    dutch = client.get("/c/utrecht/board").get_data(as_text=True)
    assert re.search(r'<a href="[^"]+" *>Buurtkamer</a>', dutch)  # Dutch page: nothing to mark
    client.raw.set_cookie("lang", "en")
    english = client.get("/c/utrecht/board").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert re.search(r'<a href="[^"]+" lang="nl">Buurtkamer</a>', english)


def test_a_static_file_is_closed_before_its_answer_leaves(app):
    """A server that loses its client early (a browser closing) may never close the answer;
    the file behind a static answer, a "not modified" one included, must be closed already."""
    import gc
    import warnings

    from flask import url_for

    with app.test_request_context():
        address = url_for("static", filename="favicon.svg")
    first = app.test_client().get(address)
    first.close()
    tag = first.headers["ETag"]
    for headers in ({}, {"If-None-Match": tag}, {"Accept-Encoding": "gzip"}):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with app.test_request_context(address, headers=headers):
                answer = app.full_dispatch_request()  # never closed, as after a lost client
                status = answer.status_code
            del answer
            gc.collect()
        assert status in (200, 304)
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)], headers
