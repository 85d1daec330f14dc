"""On a phone, with large text: every main page fits the screen (360 px wide with text at
150 %: nothing scrolls sideways; 320 px at 200 %: the header and the answer buttons do not
overlap), and the bottom bar reaches every section, with the person's name in sight."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.web.test_html_valid import _pages

LARGE_TEXT = "html { font-size: %d%% !important; }"
# Elements that stick out of the screen, unless something scrolls them on purpose (the board's
# columns, a table's scroller).
STICKING_OUT = """(width) => {
  const scrolled = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolled(el))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
               + ` "${el.textContent.trim().slice(0, 30)}"`);
}"""


def _phone(browser, base_url, email: str, width: int) -> Page:
    """A phone of width px, logged in through the form (a login kept from an earlier test may
    belong to accounts seeded anew since)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        bypass_csp=True,  # the larger text is a style added to the page
    )
    page = context.new_page()
    login(page, base_url, email)
    return page


def _larger(page: Page, percent: int) -> None:
    page.add_style_tag(content=LARGE_TEXT % percent)
    page.wait_for_timeout(50)


@pytest.mark.parametrize("email", ["coordinator@utrecht.example", "bewoner@voorst.example"])
def test_no_page_scrolls_sideways_at_360_px_with_text_at_150_percent(
    browser, base_url, app, demo_readonly, email
):
    page = _phone(browser, base_url, email, 360)
    wide = {}
    for path in _pages(app)[email]:
        page.goto(base_url + path)
        _larger(page, 150)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = (width, page.evaluate(STICKING_OUT, 360))
    assert wide == {}


def test_at_320_px_with_text_at_200_percent_nothing_overlaps(browser, base_url, app, demo_readonly):
    page = _phone(browser, base_url, "bewoner@utrecht.example", 320)
    page.goto(base_url + "/c/utrecht/activities")
    page.locator(".agenda-item__title a").first.click()
    expect(page.locator("#rsvp")).to_be_visible()
    _larger(page, 200)
    for group in ("#rsvp button", ".site-header__tools > *"):
        boxes = [
            box
            for box in page.locator(group).evaluate_all(
                "els => els.map(el => { const r = el.getBoundingClientRect();"
                " return [r.left, r.top, r.right, r.bottom]; })"
            )
        ]
        assert len(boxes) >= 2, group
        for number, (left, top, right, bottom) in enumerate(boxes):
            assert right <= 320 + 1, (group, number, right)
            for other in boxes[number + 1 :]:
                apart = (
                    right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
                )
                assert apart, (group, number, (left, top, right, bottom), other)


def test_the_bottom_bar_reaches_every_section_on_a_phone(browser, base_url, demo_readonly):
    page = _phone(browser, base_url, "coordinator@utrecht.example", 360)
    page.goto(base_url + "/c/utrecht/")
    bar = page.get_by_role("navigation", name="Coalitie")
    expect(bar).to_have_count(1)  # the header's list of sections is not there as well
    expect(page.locator(".site-header__who")).to_have_text("Kees Oudshoorn")
    expect(bar.get_by_role("link", name="Start")).to_have_attribute("aria-current", "page")
    bar.get_by_role("link", name="Bord").click()
    expect(page).to_have_url(re.compile(r"/c/utrecht/board$"))
    for section, address in (
        ("Intervisie", r"/intervision$"),
        ("Leden", r"/members$"),
        ("Archief", r"/archive$"),
        ("Instellingen", r"/settings$"),
    ):
        more = page.get_by_role("navigation", name="Coalitie").locator("summary")
        more.click()
        link = page.get_by_role("navigation", name="Coalitie").get_by_role("link", name=section)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] >= 0
        link.click()
        expect(page).to_have_url(re.compile(address))
        expect(page.locator(".phone-nav summary")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_tabbing_into_the_next_column_keeps_the_focused_card_in_sight(
    browser, base_url, demo_readonly
):
    page = _phone(browser, base_url, "bewoner@utrecht.example", 360)
    page.goto(base_url + "/c/utrecht/board")
    second_column = page.locator(".board .column").nth(1)
    target = second_column.locator("li.card h3 a").first
    page.locator(".board .column").first.locator("li.card h3 a").first.focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the second column's first card")
    page.wait_for_timeout(400)  # a smooth scroll may take a moment
    box = target.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 360, box
