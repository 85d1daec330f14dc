"""Browser tests: Chromium from Debian, the app on a live Werkzeug server, demo data, helpers."""

import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = Path(os.environ.get("TEST_RESULTS", ROOT / "test-results"))
DEMO_PASSWORD = "samenwerken"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Every test in this folder runs in a real browser: mark it so (`-m "not browser"`)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def either(*texts: str) -> re.Pattern:
    """A pattern for an accessible name in Dutch or English (translations may lag behind)."""
    return re.compile(r"^\s*(?:" + "|".join(re.escape(t) for t in texts) + r")\s*$", re.I)


# ---- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The Chromium that Debian installed (never `playwright install`), quiet and sandbox-free."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _close_pages(request):
    """Close every page a test opened, so none keeps polling the live server afterwards."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


# ---- the app ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(app):
    """The test app served on a free local port, for the whole session; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright's base URL is the live server, so `page.goto("/login")` works."""
    return live_server


# ---- helpers ------------------------------------------------------------------------------------


def login(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form, as a person would, and wait until the app let us in."""
    page.goto(f"{base_url}/login")
    page.get_by_label(re.compile(r"^\s*(E-mailadres|E-mail|Email address)", re.I)).fill(email)
    page.get_by_label(re.compile(r"^\s*(Wachtwoord|Password)\s*$", re.I)).fill(password)
    page.get_by_role("button", name=either("Inloggen", "Log in")).click()
    expect(page).not_to_have_url(re.compile(r"/login"))


_STATES: dict[str, dict] = {}


def logged_in_state(browser, base_url: str, email: str) -> dict:
    """The cookies of a person who logged in through the login form once in this session:
    pages of read-only tests start from them instead of logging in again. (Demo rows keep
    their ids when the demo is seeded again, so the session stays valid.)"""
    if email not in _STATES:
        context = browser.new_context()
        login(context.new_page(), base_url, email)
        _STATES[email] = context.storage_state()
        context.close()
    return _STATES[email]


def axe_audit(page: Page) -> list[dict]:
    """Run axe-core on the page; return the violations whose impact is serious or critical.

    add_script_tag(path=...) inserts the file as an inline <script>, which the app's
    Content-Security-Policy (script-src 'self') blocks: audited pages come from a context
    made with bypass_csp=True (the `browser_context_args` marker in test_accessibility.py).
    """
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    """One line per violation and node: id, impact, CSS target, what axe says to fix."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {node['target']}  {summary[:300]}")
    return "\n".join(lines)


# ---- a screenshot of every open page when a test fails -----------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test (or its setup) fails, save full-page screenshots into test-results/failures/."""
    outcome = yield
    report = outcome.get_result()
    if report.when not in ("setup", "call") or not report.failed:
        return
    browser = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if browser is None:
        return
    folder = RESULTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("::", 1)[-1])
    number = 0
    for context in browser.contexts:
        for open_page in context.pages:
            number += 1
            path = folder / f"{name}-{number}.png"
            try:
                open_page.screenshot(path=str(path), full_page=True)
                report.sections.append(("screenshot", f"{path} ({open_page.url})"))
            except Exception as error:  # a crashed page must not hide the real failure
                report.sections.append(("screenshot", f"could not save {path}: {error}"))
