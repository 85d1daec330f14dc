"""The board journey of the issue, as a resident of Utrecht Zuilen would do it in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from board.demo.loader import coalitions
from tests.browser.conftest import either, login

RESIDENT = "bewoner@utrecht.example"
UTRECHT = next(data for data in coalitions() if data["slug"] == "utrecht")
RESIDENT_NAME = UTRECHT["names"]["bewoner"]
BOARD = "/c/utrecht/board"
OEFENVIJVERS = UTRECHT["sites"]


class Board:
    """What a person sees on a board page, found by role where the markup allows it.

    Column names are data (stored in the language the coalition was created in), so columns
    are found by their place on the board and their stable ids `column-<id>-cards`.
    """

    def __init__(self, page: Page):
        self.page = page

    def column_ids(self) -> list[str]:
        """The ids of the columns, left to right."""
        return self.page.locator("ol.cards[data-column-id]").evaluate_all(
            "lists => lists.map(list => list.dataset.columnId)"
        )

    def cards_in(self, column_id: str):
        """The card list of a column (an <ol> named after the column)."""
        return self.page.locator(f"#column-{column_id}-cards")

    def card(self, title: str):
        """The card with this title, wherever it is."""
        return self.page.locator("li.card").filter(
            has=self.page.get_by_role("link", name=title, exact=True)
        )

    def card_in(self, column_id: str, title: str):
        """The card with this title inside one column."""
        return self.cards_in(column_id).get_by_role("link", name=title, exact=True)

    def count(self, column_id: str) -> int:
        """The number the column's counter shows."""
        text = self.page.locator(f"#column-{column_id}-count").inner_text()
        return int(re.findall(r"\d+", text)[0])

    def counter(self, column_id: str):
        return self.page.locator(f"#column-{column_id}-count")


def shows_number(n: int) -> re.Pattern:
    """A counter text that shows exactly the number n (e.g. 'Kaarten: 4' or '4')."""
    return re.compile(rf"(?:^|\D){n}(?:\D|$)")


@pytest.fixture
def board_page(page: Page, base_url: str, demo) -> Board:
    """The Utrecht board, seen by the resident Nadia after logging in through the form."""
    login(page, base_url, RESIDENT)
    page.goto(f"{base_url}{BOARD}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utrecht Zuilen")
    return Board(page)


def test_work_site_filter_offers_the_six_oefenvijvers(board_page: Board):
    """Nadia can filter the board by each of Utrecht's six oefenvijvers."""
    options = board_page.page.get_by_label("Oefenvijver", exact=True).locator("option")
    expect(options).to_have_count(1 + len(OEFENVIJVERS))
    expect(options.first).to_have_text(either("Alle", "All"))
    assert sorted(options.all_inner_texts()[1:]) == sorted(OEFENVIJVERS)


def test_drag_a_card_to_another_column(board_page: Board, base_url: str):
    """A card dragged with the mouse to the next column is still there after a reload."""
    page = board_page.page
    exploring, preparing = board_page.column_ids()[:2]
    title = "Burennetwerk per portiek"
    card = board_page.card(title)
    card_id = card.get_attribute("id").removeprefix("initiative-")
    expect(board_page.card_in(exploring, title)).to_be_visible()

    # The library comes when the pointer first reaches the board: it is not part of the page.
    assert page.evaluate("typeof Sortable") == "undefined"
    source = card.locator("h3").bounding_box()
    target = board_page.cards_in(preparing).locator("> li").first.bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + source["height"] / 2)
    expect(page.locator("ol.cards[data-sortable-ready='1']").first).to_be_attached()
    with page.expect_response(
        lambda r: r.url.endswith(f"/initiatives/{card_id}/move") and r.request.method == "POST"
    ) as moved:
        page.mouse.move(source["x"] + 10, source["y"] + source["height"] / 2)
        page.mouse.down()
        # Sortable only notices a drag after several intermediate moves.
        page.mouse.move(source["x"] + 30, source["y"] + source["height"] / 2, steps=5)
        page.mouse.move(target["x"] + 30, target["y"] + 10, steps=20)
        page.mouse.move(target["x"] + 32, target["y"] + 8, steps=5)
        page.mouse.up()
    assert moved.value.ok, moved.value.status

    expect(board_page.card_in(preparing, title)).to_be_visible()
    page.reload()
    expect(board_page.card_in(preparing, title)).to_be_visible()
    expect(board_page.card_in(exploring, title)).to_have_count(0)


def test_move_a_card_with_the_keyboard_only(board_page: Board):
    """With only the keyboard, 'Verplaats' puts a card in another column without a reload."""
    page = board_page.page
    columns = board_page.column_ids()
    exploring, doing = columns[0], columns[2]
    title = "Zuilens buurtfeest in september"
    card = board_page.card(title)
    counts_before = {c: board_page.count(c) for c in (exploring, doing)}
    page.evaluate("window.notReloaded = true")

    move_link = card.locator(".move-link")
    move_link.focus()
    expect(move_link).to_have_accessible_name(re.compile(rf"(Verplaats|Move).*{re.escape(title)}"))
    page.keyboard.press("Enter")  # opens the move form inside the card, focus on its first field
    column_select = card.get_by_role("combobox")
    expect(column_select).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(column_select).to_have_value(doing)
    page.keyboard.press("Tab")  # the place field: empty means at the bottom
    page.keyboard.press("Tab")
    expect(card.get_by_role("button")).to_be_focused()
    with page.expect_response(lambda r: r.url.endswith("/move")) as moved:
        page.keyboard.press("Enter")
    assert moved.value.ok, moved.value.status

    expect(board_page.card_in(doing, title)).to_be_visible()
    expect(board_page.card_in(exploring, title)).to_have_count(0)
    expect(page.locator("#live-region")).to_contain_text(title)
    expect(board_page.counter(exploring)).to_have_text(shows_number(counts_before[exploring] - 1))
    expect(board_page.counter(doing)).to_have_text(shows_number(counts_before[doing] + 1))
    expect(board_page.card(title).locator(".move-link")).to_be_focused()
    assert page.evaluate("window.notReloaded") is True, "the page was reloaded"

    page.reload()
    expect(board_page.card_in(doing, title)).to_be_visible()
    expect(board_page.counter(exploring)).to_have_text(shows_number(counts_before[exploring] - 1))
    expect(board_page.counter(doing)).to_have_text(shows_number(counts_before[doing] + 1))


def test_add_a_card_with_just_a_title(board_page: Board):
    """A title typed in the form under a column becomes the last card of that column."""
    page = board_page.page
    exploring = board_page.column_ids()[0]
    count_before = board_page.count(exploring)
    add_form = page.locator(f"#column-{exploring}-add")
    title_field = add_form.get_by_role("textbox")

    title_field.fill("Buurtbarbecue op het Elisabethplein")
    add_form.get_by_role("button").click()

    expect(board_page.card_in(exploring, "Buurtbarbecue op het Elisabethplein")).to_be_visible()
    expect(board_page.cards_in(exploring).locator("> li").last).to_contain_text(
        "Buurtbarbecue op het Elisabethplein"
    )
    expect(board_page.counter(exploring)).to_have_text(shows_number(count_before + 1))
    expect(title_field).to_have_value("")
    page.reload()
    expect(board_page.card_in(exploring, "Buurtbarbecue op het Elisabethplein")).to_be_visible()


def test_tick_a_checklist_item_and_comment_on_a_card(board_page: Board):
    """On a card's page a ticked step stays ticked after a reload, and a comment is shown."""
    page = board_page.page
    page.get_by_role("link", name="Wijkinformatiepunt op zaterdag", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkinformatiepunt op zaterdag")

    step = page.get_by_role("checkbox", name="Sleutel van het wijkcentrum")
    expect(step).to_have_attribute("aria-checked", "false")
    step.click()
    expect(step).to_have_attribute("aria-checked", "true")
    page.reload()
    expect(step).to_have_attribute("aria-checked", "true")
    expect(page.get_by_role("checkbox", name="Aankondiging in de wijkkrant")).to_have_attribute(
        "aria-checked", "false"
    )

    comments = page.locator("#comments")
    comments.get_by_role("textbox").fill("De sleutel ligt bij de beheerder, ik haal hem vrijdag.")
    comments.get_by_role("button").click()
    comment = comments.get_by_role("listitem").filter(
        has_text="De sleutel ligt bij de beheerder, ik haal hem vrijdag."
    )
    expect(comment).to_be_visible()
    expect(comment).to_contain_text(RESIDENT_NAME)
    page.reload()
    expect(comment).to_be_visible()


def test_move_form_works_without_javascript(new_context, base_url: str, demo):
    """Without JavaScript the move form posts, returns to the board, and the card has moved."""
    page = new_context(java_script_enabled=False).new_page()
    login(page, base_url, RESIDENT)
    page.goto(f"{base_url}{BOARD}")
    board_page = Board(page)
    exploring, _, _, done = board_page.column_ids()[:4]
    title = "Spreekuur geldzaken in het wijkinformatiepunt"
    card = board_page.card(title)

    card.locator(".move-link").click()  # without JavaScript: a page with the move form
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    page.get_by_role("combobox").select_option(done)
    page.locator("form.move__form").get_by_role("button").click()

    expect(page).to_have_url(re.compile(rf"{BOARD}#initiative-\d+$"))
    expect(page.get_by_role("status").filter(has_text=title)).to_be_visible()
    expect(board_page.card_in(done, title)).to_be_visible()
    expect(board_page.card_in(exploring, title)).to_have_count(0)


@pytest.mark.parametrize("width", [360, 1280])
def test_cards_stay_put_under_the_mouse_and_show_their_leads(page: Page, base_url, demo, width):
    """A card looks the same hovered, focused or not (so a tap on "Verplaats" lands where it
    was aimed), and the leads' names are there for everyone, not only their initials."""
    page.set_viewport_size({"width": width, "height": 800})
    login(page, base_url, RESIDENT)
    page.goto(f"{base_url}{BOARD}")
    card = page.locator("li.card").filter(has=page.locator(".card__leads")).first
    lead = card.locator(".lead__name").first
    expect(lead).to_be_visible()
    name = lead.inner_text()
    assert len(name) > 3 and name != card.locator(".lead__initials").first.inner_text()
    page.mouse.move(0, 0)
    still = card.bounding_box()
    card.hover()
    assert card.bounding_box() == still
    card.locator(".move-link").focus()
    assert card.bounding_box() == still


def test_the_focus_stays_where_the_person_was_working(board_page: Board, base_url: str):
    """Ticking a step, removing one, posting a comment and supporting an idea keep the focus
    on the same control (or the next one in that part), never back at the top of the page."""
    page = board_page.page
    page.get_by_role("link", name="Wijkinformatiepunt op zaterdag", exact=True).click()
    step = page.get_by_role("checkbox", name="Sleutel van het wijkcentrum")
    step.focus()
    page.keyboard.press("Enter")
    expect(step).to_have_attribute("aria-checked", "true")
    expect(step).to_be_focused()
    remove = page.get_by_role("button", name="Sleutel van het wijkcentrum verwijderen")
    remove.focus()
    page.keyboard.press("Enter")
    expect(step).to_have_count(0)
    expect(page.locator("#checklist :focus")).to_have_count(1)

    comments = page.locator("#comments")
    comments.get_by_role("textbox").fill("Ik neem de folders mee.")
    comments.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(
        comments.get_by_role("listitem").filter(has_text="Ik neem de folders mee.")
    ).to_be_visible()
    expect(page.locator("#comments :focus")).to_have_count(1)

    page.goto(f"{base_url}/c/utrecht/ideas")
    support = page.get_by_role("button", name=re.compile("Ik steun dit")).first
    support.focus()
    page.keyboard.press("Enter")
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support).to_be_focused()


def test_filters_by_keyboard_and_search_as_you_type(board_page: Board):
    """Arrowing through the work sites loads the board once, when the list is left; typing a
    search filters after a pause; both are announced; the board keeps following others."""
    page = board_page.page
    loads = []
    page.on(
        "request",
        lambda request: (
            loads.append(request.url)
            if "/board?" in request.url and request.headers.get("hx-request")
            else None
        ),
    )
    site = page.locator("#filter-site")
    site.focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    assert loads == []  # the arrows alone load nothing
    page.keyboard.press("Tab")
    expect(page.locator(".filter-note")).to_be_visible()
    expect(page.locator("#live-region")).to_contain_text(re.compile(r"van de \d+|Geen enkele"))
    assert len(loads) == 1

    page.get_by_role("link", name="Alle kaarten tonen").click()
    expect(page.locator(".filter-note")).to_have_count(0)
    loads.clear()
    page.locator("#filter-q").press_sequentially("zaterdag", delay=40)
    expect(page.locator(".filter-note")).to_contain_text("1 kaart past")
    expect(page.locator("#live-region")).to_have_text(re.compile(r"^1 kaart past, van de \d+\.$"))
    assert len(loads) <= 2  # after a pause in typing, not a load per letter
    expect(page.locator("#filter-q")).to_be_focused()
    with page.expect_request(re.compile(r"/board/changes\?"), timeout=5000):
        pass  # the new board is polled for others' changes too


def test_a_refused_form_puts_the_focus_on_what_to_mend(board_page: Board, base_url: str):
    """An idea without a title is refused; the focus is on the title field, which says why."""
    page = board_page.page
    page.goto(f"{base_url}/c/utrecht/ideas/new")
    page.get_by_role("button", name="Voorstellen").click()
    title = page.get_by_label("Je idee in een paar woorden")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_be_focused()
