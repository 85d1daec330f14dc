"""How responses travel: text compressed with brotli or gzip for browsers that accept it, and
static files under addresses that change with their content, so browsers may keep them for a
year."""

import gzip
import hashlib
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, request

MIN_SIZE = 1024  # smaller answers gain too little to be worth compressing
# Brotli's quality: the best for static files (compressed once per content, then kept), a
# quick one for pages (about gzip's time, a sixth smaller).
STATIC_QUALITY, PAGE_QUALITY = 11, 5
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
_packed: dict[tuple[str, str, str], bytes] = {}


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


def _encoding(response: Response) -> str | None:
    """ "br" or "gzip" for text worth compressing, whichever the browser prefers of those it
    accepts (brotli on a tie); None otherwise. A stream stays a stream."""
    if (
        response.status_code != 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
        or response.is_streamed
    ):
        return None
    accepted = request.accept_encodings
    brotli_q, gzip_q = accepted["br"], accepted["gzip"]
    if brotli_q and brotli_q >= gzip_q:
        return "br"
    return "gzip" if gzip_q else None


def _pack(body: bytes, encoding: str, static: bool) -> bytes:
    if encoding == "br":
        quality = STATIC_QUALITY if static else PAGE_QUALITY
        return brotli.compress(body, quality=quality)
    return gzip.compress(body, compresslevel=6)


def _compress(response: Response) -> Response:
    """The response compressed when the browser accepts it and it is text worth compressing;
    a static file's compressed form is kept (per content fingerprint) instead of made again."""
    response.vary.add("Accept-Encoding")
    encoding = _encoding(response)
    if encoding is None:
        return response
    static = request.endpoint == "static"
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    key = (request.path, hashlib.sha256(body).hexdigest(), encoding) if static else None
    packed = _packed.get(key) if key else None
    if packed is None:
        packed = _pack(body, encoding, static)
        if key:
            _packed[key] = packed
    response.set_data(packed)
    response.headers["Content-Encoding"] = encoding
    if response.get_etag()[0]:
        tag, weak = response.get_etag()
        response.set_etag(f"{tag}-{encoding}", weak=weak)
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
