"""axe on every main page, as the people who use it see it: no violation of any impact, on
320 and 360 px phones and a 1280 px laptop, in Dutch and in English."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, describe_violations, login
from tests.web.test_html_valid import _pages

PEOPLE = [
    "coordinator@utrecht.example",
    "bewoner@voorst.example",
    "programma@buurtbord.example",
    "admin@buurtbord.example",
]


def _audit(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )


@pytest.mark.parametrize("email", PEOPLE)
def test_no_page_has_any_axe_violation(browser, base_url, app, demo_readonly, email):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    login(page, base_url, email)
    found = {}
    for language in ("nl", "en"):
        if language == "en":
            page.goto(base_url + "/c/utrecht/" if "utrecht" in email else base_url + "/c/voorst/")
            page.get_by_role("button", name="English", exact=True).click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        for path in _pages(app)[email]:
            page.goto(base_url + path)
            for width in (320, 360, 1280):
                page.set_viewport_size({"width": width, "height": 800})
                violations = _audit(page)
                if violations:
                    found[f"{path} {language} {width}"] = describe_violations(violations)
    assert not found, "\n".join(f"{where}:\n{what}" for where, what in found.items())
