"""Two people at once: what one changes shows up on the other's open board and card."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_board_journey import Board

LIVE_WITHIN_MS = 5000


def test_a_move_and_a_new_card_appear_on_another_open_board(browser, base_url, demo):
    """Nadia's open board shows Bram's move and his new card within 5 s, without a reload."""
    nadia_page = browser.new_context().new_page()
    bram_page = browser.new_context().new_page()
    login(nadia_page, base_url, "bewoner@utrecht.example")
    login(bram_page, base_url, "professional@utrecht.example")
    nadia_page.goto(base_url + "/c/utrecht/board")
    bram_page.goto(base_url + "/c/utrecht/board")
    nadia_page.evaluate("window.sameDocument = true")
    nadia, bram = Board(nadia_page), Board(bram_page)
    exploring, _, doing, _ = nadia.column_ids()
    title = nadia.cards_in(exploring).locator("li.card h3").first.inner_text()
    doing_before = nadia.count(doing)

    card = bram.card(title)
    card.locator(".move-link").click()
    card.get_by_label(re.compile("Naar kolom|To column")).select_option(doing)
    with bram_page.expect_response(re.compile(r"/move$")):
        card.get_by_role("button", name=re.compile("^(Verplaats|Move)$")).click()
    bram_page.get_by_label(re.compile("Nieuw initiatief in")).first.fill("Soepfestival")
    bram_page.get_by_role("button", name=re.compile("^(Toevoegen|Add)$")).first.click()

    expect(nadia.card_in(doing, title)).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(nadia.card_in(exploring, title)).to_have_count(0)
    expect(nadia.card_in(exploring, "Soepfestival")).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(nadia.counter(doing)).to_contain_text(str(doing_before + 1))
    expect(nadia_page.locator("#live-region")).to_contain_text("Iemand anders heeft kaarten")
    assert nadia_page.evaluate("window.sameDocument") is True


def test_an_open_card_tells_when_someone_else_changed_it(browser, base_url, demo):
    """Nadia has a card open; when Bram renames it she is told, and her typing stays."""
    nadia_page = browser.new_context().new_page()
    bram_page = browser.new_context().new_page()
    login(nadia_page, base_url, "bewoner@utrecht.example")
    login(bram_page, base_url, "professional@utrecht.example")
    nadia_page.goto(base_url + "/c/utrecht/board")
    nadia_page.locator("li.card h3 a").first.click()
    url = nadia_page.url
    # The card opens to read; "Wijzig" folds its form open.
    nadia_page.locator(".card-edit > summary").click()
    nadia_page.get_by_label(re.compile("^(Beschrijving|Description)")).fill("Mijn nieuwe plan")

    bram_page.goto(url)
    bram_page.locator(".card-edit > summary").click()
    bram_page.get_by_label(re.compile("^(Titel|Title)$")).fill("Door Bram hernoemd")
    bram_page.get_by_role("button", name=re.compile("^(Opslaan|Save)$")).click()

    notice = nadia_page.locator("#card-notice")
    expect(notice).to_contain_text("heeft deze kaart net veranderd", timeout=LIVE_WITHIN_MS)
    expect(nadia_page.get_by_label(re.compile("^(Beschrijving|Description)"))).to_have_value(
        "Mijn nieuwe plan"
    )
    nadia_page.get_by_role("button", name=re.compile("^(Opslaan|Save)$")).click()
    expect(nadia_page.locator(".conflict")).to_contain_text("Door Bram hernoemd")
    expect(nadia_page.get_by_label(re.compile("^(Beschrijving|Description)"))).to_have_value(
        "Mijn nieuwe plan"
    )


def test_my_own_move_does_not_come_back_as_someone_elses(browser, base_url, demo):
    """Nadia moves a card with the keyboard form and opens the form again before the board
    asks for changes: the polls after her own move leave the form open with her focus in it,
    and nobody tells her that someone else changed the board."""
    page = browser.new_context().new_page()
    login(page, base_url, "bewoner@utrecht.example")
    page.goto(base_url + "/c/utrecht/board")
    board = Board(page)
    exploring, preparing, _, _ = board.column_ids()
    title = board.cards_in(exploring).locator("li.card h3").first.inner_text()
    card = board.card(title)
    # The board's polls fail while Nadia moves, as on a slow connection, so the first one to
    # get through comes after her form is open again.
    polls = {"held": True}
    page.route(
        re.compile(r"/board/changes"),
        lambda route: route.abort() if polls["held"] else route.continue_(),
    )
    card.locator(".move-link").click()
    card.get_by_label(re.compile("Naar kolom|To column")).select_option(preparing)
    with page.expect_response(re.compile(r"/move$")):
        card.get_by_role("button", name=re.compile("^(Verplaats|Move)$")).click()
    expect(board.card_in(preparing, title)).to_be_visible()
    card.locator(".move-link").click()
    chooser = card.get_by_label(re.compile("Naar kolom|To column"))
    expect(chooser).to_be_focused()
    polls["held"] = False
    with page.expect_response(re.compile(r"/board/changes"), timeout=15000) as answered:
        pass
    assert answered.value.status == 204  # her own move is not news to her page
    page.wait_for_timeout(600)
    expect(chooser).to_be_visible()
    expect(chooser).to_be_focused()
    expect(page.locator("#live-region")).not_to_contain_text("Iemand anders")
