"""What every request and every answer passes through.

At the door: a NUL character (which no text of ours can hold, and PostgreSQL refuses) is
refused in one place — in an address with 400, in a form with a 422 that says why. Request
bodies, form fields and form parts are limited in the configuration (413 beyond them).

On the way out: the security headers are added by a WSGI middleware around the whole app, so
that every answer has them, an error raised outside Flask's own handling included. Pages are
not stored by browsers or proxies (they hold people's names, invite and password links).
"""

from flask import abort, request
from flask_babel import gettext as _

from board.errors import Invalid

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# The app uses none of these powerful features: no page of it may ask for them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "browsing-topics=()"
)
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """WSGI middleware: adds the security headers to every answer that lacks them."""

    def __init__(self, wsgi_app, https_only: bool):
        self.wsgi_app = wsgi_app
        self.headers = [
            ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Permissions-Policy", PERMISSIONS_POLICY),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if https_only:  # only behind HTTPS (secure cookies): a browser then never falls back
            self.headers.append(("Strict-Transport-Security", HSTS))

    def __call__(self, environ, start_response):
        def start_with_headers(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            headers.extend(pair for pair in self.headers if pair[0].lower() not in present)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_headers)


def _holds_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


def init_app(app):
    """Refuse NUL characters at the door and add the headers to every answer of app."""
    app.wsgi_app = SecurityHeaders(app.wsgi_app, app.config["SESSION_COOKIE_SECURE"])

    @app.before_request
    def refuse_nul_characters():
        if "\x00" in request.path or _holds_nul(request.args.items(multi=True)):
            abort(400)
        if request.method == "POST" and _holds_nul(request.form.items(multi=True)):
            raise Invalid(
                {
                    "": _(
                        "The form holds a character that cannot be stored. Remove it and try again."
                    )
                }
            )

    @app.after_request
    def keep_pages_private(response):
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        response.vary.add("HX-Request")
        response.vary.add("Cookie")
        return response
