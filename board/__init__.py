"""Buurtbord: a collaboration board for coalitions of residents and welfare organisations."""

from pathlib import Path

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale, get_translations
from jinja2 import StrictUndefined
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix

from board import clock, config
from board.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def content_lang() -> Markup:
    """What people write is Dutch: in another interface language, an attribute that says so
    (screen readers then pronounce it in Dutch)."""
    return Markup(' lang="nl"') if str(get_locale()) != "nl" else Markup("")


def select_locale() -> str:
    """The language chosen with the switch (a cookie), Dutch otherwise."""
    chosen = request.cookies.get("lang") if has_request_context() else None
    return chosen if chosen in current_app.config["LANGUAGES"] else "nl"


_TRANSLATIONS: dict = {}


def _translations():
    """The translations of the locale in use, kept per locale: flask_babel finds them anew on
    every call (a few dozen per page), which costs more than the translating itself. The
    locale is asked for each time, so force_locale (mail) is followed."""
    locale = get_locale()
    translations = _TRANSLATIONS.get(locale)
    if translations is None:
        translations = _TRANSLATIONS[locale] = get_translations()
    return translations


def _install_quick_gettext(app) -> None:
    """The templates' _(), ngettext() and their p-forms through _translations()."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


class Macros:
    """The files of templates/macros/ as macros.<file name>, reachable from every template and
    from every block rendered on its own (a block does not see its template's imports)."""

    def __init__(self, environment):
        self._environment = environment

    def __getattr__(self, name: str):
        return self._environment.get_template(f"macros/{name}.html").module


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application; test_config overrides the configuration."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    _install_quick_gettext(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"]
        )

    from board import (
        cli,
        database,
        delivery,
        errorhandlers,
        events,
        kept,
        labels,
        navigation,
        security,
        sharing,
    )
    from board.account.views import bp as account_bp
    from board.activities.feeds import bp as feeds_bp
    from board.activities.views import bp as activities_bp
    from board.admin.views import bp as admin_bp
    from board.auth.views import bp as auth_bp
    from board.auth.views import init_login
    from board.coalitions.views import bp as coalitions_bp
    from board.core.views import bp as core_bp
    from board.forms import choices
    from board.htmx import dom_id, tell_own_change
    from board.ideas.views import bp as ideas_bp
    from board.intervision.views import bp as intervision_bp
    from board.kanban.views import bp as kanban_bp
    from board.mail import happenings
    from board.mail.views import bp as mail_bp
    from board.programme import tally
    from board.programme.views import bp as programme_bp
    from board.pulse.views import bp as pulse_bp

    for blueprint in (
        core_bp,
        auth_bp,
        coalitions_bp,
        kanban_bp,
        ideas_bp,
        activities_bp,
        intervision_bp,
        pulse_bp,
        programme_bp,
        account_bp,
        mail_bp,
        feeds_bp,
        admin_bp,
    ):
        app.register_blueprint(blueprint)
    init_login(app)
    for follower in (tally.follow, happenings.follow):
        if follower not in events.FOLLOWERS:
            events.FOLLOWERS.append(follower)
    delivery.init_app(app)  # first: its compression then runs after every other hook
    database.init_app(app)
    errorhandlers.init_app(app)
    security.init_app(app)
    cli.init_app(app)
    labels.init_app(app)
    kept.init_app(app)
    app.after_request(tell_own_change)

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        dom_id=dom_id,
        describe=events.describe,
        describe_own=events.describe_own,
        choices=choices,
        current_locale=lambda: str(get_locale()),
        content_lang=content_lang,
        today=clock.today,
        macros=Macros(app.jinja_env),
        qr_code=sharing.qr_code,
        whatsapp_link=sharing.whatsapp_link,
        kept_piece=kept.kept_piece,
        coalition_sections=navigation.coalition_sections,
    )
    app.jinja_env.filters["machine_time"] = clock.machine_time
    if app.testing:
        # A misspelt or missing template variable fails the test instead of printing nothing.
        app.jinja_env.undefined = StrictUndefined
    return app
