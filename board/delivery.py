"""How responses travel: text compressed with gzip for browsers that accept it, and static
files under addresses that change with their content, so browsers may keep them for a year."""

import gzip
import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request

MIN_SIZE = 1024  # smaller answers gain too little to be worth compressing
COMPRESSIBLE = (
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/calendar",
)
YEAR = 365 * 24 * 3600

_versions: dict[tuple[str, float], str] = {}
_packed: dict[tuple[str, str], bytes] = {}


def static_version(filename: str) -> str:
    """A short fingerprint of a static file's content (read again when the file changes)."""
    path = Path(current_app.static_folder) / filename
    try:
        changed = path.stat().st_mtime
    except OSError:
        return ""
    key = (filename, changed)
    if key not in _versions:
        _versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _versions[key]


def _add_static_version(endpoint: str, values: dict) -> None:
    """url_for('static', filename=…) gets ?v=<fingerprint>: a new file has a new address."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def _read_static_file(response: Response) -> Response:
    """A static file is read here and closed at once, not left open for the server to close:
    a server that loses its client early (a browser closing) may skip the close and leak it.
    Our static files are small; an answer without a body (304) only closes the file."""
    if request.endpoint != "static" or not response.direct_passthrough:
        return response
    source = response.response
    response.direct_passthrough = False
    if response.status_code in (200, 206):
        response.set_data(b"".join(source))
    else:
        response.response = []
    if hasattr(source, "close"):
        source.close()
    return response


def _wants_gzip(response: Response) -> bool:
    """Text worth compressing for a browser that accepts gzip; a stream stays a stream."""
    return (
        response.status_code == 200
        and "gzip" in request.headers.get("Accept-Encoding", "").lower()
        and "Content-Encoding" not in response.headers
        and response.mimetype in COMPRESSIBLE
        and not response.is_streamed
    )


def _compress(response: Response) -> Response:
    """The response gzipped when the browser accepts it and it is text worth compressing; a
    static file's compressed form is kept (per content fingerprint) instead of made again."""
    response.vary.add("Accept-Encoding")
    if not _wants_gzip(response):
        return response
    static = request.endpoint == "static"
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    key = (request.path, hashlib.sha256(body).hexdigest()) if static else None
    packed = _packed.get(key) if key else None
    if packed is None:
        packed = gzip.compress(body, compresslevel=6)
        if key:
            _packed[key] = packed
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    if response.get_etag()[0]:
        tag, weak = response.get_etag()
        response.set_etag(f"{tag}-gzip", weak=weak)
    return response


def _cache_static(response: Response) -> Response:
    """A static file asked for by its fingerprinted address may be kept for a year."""
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_add_static_version)
    app.after_request(_cache_static)
    app.after_request(_compress)
    app.after_request(_read_static_file)  # registered last, so it runs first
