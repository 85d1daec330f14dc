"""axe-core audits of the main pages in Dutch and English; the board on small screens."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    RESULTS,
    axe_audit,
    describe_violations,
    either,
    logged_in_state,
)

RESIDENT = "bewoner@utrecht.example"
CARD_TITLE = "Wijkinformatiepunt op zaterdag"
SCREENSHOTS = RESULTS / "screenshots"


def open_card(page: Page, base_url: str) -> None:
    """Go to a card's detail page the way a person does: from the board."""
    page.goto(f"{base_url}/c/utrecht/board")
    page.get_by_role("link", name=CARD_TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CARD_TITLE)


PAGES = {
    "login": lambda page, base_url: page.goto(f"{base_url}/login"),
    "coalition-home": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/"),
    "board": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/board"),
    "card-detail": open_card,
    "ideas": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/ideas"),
    "idea": lambda page, base_url: (
        page.goto(f"{base_url}/c/utrecht/ideas"),
        page.locator(".idea__title a").first.click(),
    ),
    "propose-idea": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/ideas/new"),
    "activities": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/activities"),
    "activities-month": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/activities/month"),
    "activity": lambda page, base_url: (
        page.goto(f"{base_url}/c/utrecht/activities"),
        page.locator(".agenda-item__title a").first.click(),
        expect(page.locator("#rsvp")).to_be_visible(),
    ),
    "plan-activity": lambda page, base_url: page.goto(f"{base_url}/c/utrecht/activities/new"),
    "own-calendar": lambda page, base_url: page.goto(f"{base_url}/calendar"),
}


def switch_to_english(page: Page) -> None:
    """Use the language button in the header; the same page comes back in English."""
    url = page.url
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Nederlands", exact=True)).to_be_visible()
    assert page.url == url, f"the language switch went to {page.url} instead of {url}"


# What widens the page: elements outside the board's own scroller that stick out, and
# absolutely positioned ones anywhere (they escape a scroller that is not positioned).
STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > 321
                && (!el.closest('.board') || getComputedStyle(el).position === 'absolute'))
  .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
  .slice(0, 5)
  .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
             + ` "${el.textContent.trim().slice(0, 30)}"`
             + ` right=${Math.round(el.getBoundingClientRect().right)}`)"""


@pytest.fixture
def browser_context_args(browser_context_args, request, browser, base_url, demo_readonly):
    """Pages of these read-only tests start logged in as the resident (but the login page)."""
    params = getattr(request.node, "callspec", None)
    if params is not None and params.params.get("name") == "login":
        return browser_context_args
    return {**browser_context_args, "storage_state": logged_in_state(browser, base_url, RESIDENT)}


# add_script_tag is blocked by the app's CSP (script-src 'self'), so audits bypass it.
@pytest.mark.browser_context_args(bypass_csp=True)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violations(
    page: Page, base_url: str, demo_readonly, name: str
):
    """Screen reader and keyboard users meet no serious or critical axe violations, in Dutch
    and then, after the language switch, in English."""
    PAGES[name](page, base_url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    for language in ("nl", "en"):
        if language == "en":
            switch_to_english(page)
        violations = axe_audit(page)
        assert not violations, f"{name} ({language}) at {page.url}:\n" + describe_violations(
            violations
        )


def test_screenshots_of_board_and_card_for_people_to_look_at(
    page: Page, base_url: str, demo_readonly
):
    """The board and a card page on a phone (360 px) and a laptop (1280 px), saved as pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{base_url}/c/utrecht/board")
        expect(page.get_by_role("link", name=CARD_TITLE, exact=True)).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / f"board-{width}.png"), full_page=True)
        open_card(page, base_url)
        page.screenshot(path=str(SCREENSHOTS / f"card-detail-{width}.png"), full_page=True)
        assert (SCREENSHOTS / f"card-detail-{width}.png").stat().st_size > 0


def test_board_fits_a_320_px_screen(page: Page, base_url: str, demo_readonly):
    """On a 320 px phone the page itself never scrolls sideways; only the columns do."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/c/utrecht/board")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utrecht Zuilen")
    filters = page.locator("summary", has_text="Filteren en zoeken")
    expect(filters).to_be_visible()  # folded away on a phone while no filter is on
    filters.click()
    expect(page.get_by_role("button", name=either("Filteren", "Filter"))).to_be_visible()

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 321:
        pytest.fail(
            f"the page is {scroll_width} px wide on a 320 px screen; sticking out: "
            f"{page.evaluate(STICKING_OUT)}",
            pytrace=False,
        )


@pytest.mark.parametrize(
    "path",
    ["/c/utrecht/", "/c/utrecht/members", "/c/utrecht/archive", "/c/utrecht/ideas", "card", "move"],
)
def test_other_pages_fit_a_320_px_screen(page: Page, base_url: str, demo_readonly, path):
    """Home, members, archive, a card and its move page fit a 320 px phone without sideways
    scrolling."""
    page.set_viewport_size({"width": 320, "height": 640})
    if path in ("card", "move"):
        page.goto(f"{base_url}/c/utrecht/board")
        href = page.locator("li.card h3 a").first.get_attribute("href")
        path = href if path == "card" else href + "/move"
    page.goto(base_url + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 321:
        pytest.fail(
            f"{path} is {scroll_width} px wide on a 320 px screen; sticking out: "
            f"{page.evaluate(STICKING_OUT)}",
            pytrace=False,
        )
