"""The collaboration pulse as Utrecht's people meet it: the coordinator opens a wave with one
press; three residents and three professionals find it under "Voor jou", answer its ten
questions one per screen (one of them with the keyboard alone), check their answers and send
them; nothing shows until the coordinator closes it; then the results show both sides on a line
with the gap where they differ, and the open answers. A second wave brings the lines over time;
the results fit a phone without scrolling sideways."""

import re

from babel.dates import format_date
from playwright.sync_api import Locator, Page, expect

from board import clock
from board.extensions import db
from board.models import User
from board.pulse import actions
from board.pulse.inputs import WaveInput
from board.pulse.items import ITEMS, OPEN, SCALE_KEYS
from tests.browser.conftest import RESULTS, login
from tests.browser.test_intervision_journey import by_keyboard
from tests.conftest import attached

SLUG = "utrecht"
SCREENSHOTS = RESULTS / "screenshots"
WORDS = {
    "1": "Helemaal niet",
    "2": "Niet echt",
    "3": "Een beetje",
    "4": "Meestal",
    "5": "Helemaal",
    "better": "Beter",
    "same": "Hetzelfde",
    "worse": "Slechter",
}
# Everyone agrees on every statement but one: on "Evenveel inbreng" (say) residents answer 2
# and professionals 5, so the sides lie three points apart there and nowhere else.
SAY = {"resident": "2", "professional": "5"}
PEOPLE = (  # name, side, width of their screen, open answer
    ("Anna de Vries", "resident", 360, "Vaker samen koffie drinken in de buurtkamer."),
    ("Gerda Wiegman", "resident", 1280, "Besluiten samen nemen, niet achteraf vertellen."),
    ("Henk Bos", "resident", 360, "Een vast aanspreekpunt bij de gemeente."),
    ("Bram Jansen", "professional", 1280, "Meer tijd om bewoners echt te spreken."),
    ("Marloes ten Have", "professional", 360, "Kortere lijnen tussen de organisaties."),
    ("Sanne Visser", "professional", 1280, "Elk kwartaal samen terugkijken."),
)
KEYBOARD_USER = "Gerda Wiegman"
BY_NL = {item.key: item.nl for item in ITEMS}


def answers_of(side: str) -> dict[str, str]:
    """What a person of side answers to each item (the open one aside)."""
    return {key: "4" for key in SCALE_KEYS} | {"say": SAY[side], "trend": "better"}


def person(browser, base_url: str, email: str, width: int) -> Page:
    """A logged-in page of its own, width px wide."""
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    login(page, base_url, email)
    return page


def option(page: Page, answer: str) -> Locator:
    """The answer's option on a question's screen: its face and word, a label to tap."""
    word = re.compile(rf"^\s*{re.escape(WORDS[answer])}\s*$")
    return page.locator("label.rating__option").filter(has_text=word)


def answer_by_tapping(page: Page, answers: dict[str, str], text: str) -> None:
    """Answer the ten screens by tapping an option and "Volgende"; write the open answer. No
    screen scrolls sideways, on a phone neither."""
    for number, item in enumerate(ITEMS, start=1):
        expect(page.locator("h1")).to_have_text(f"Vraag {number} van 10")
        no_sideways_scroll(page, f"Vraag {number}")
        if item.kind == OPEN:
            page.get_by_label(item.nl).fill(text)
            page.get_by_role("button", name="Naar het overzicht").click()
            continue
        expect(page.locator("legend")).to_contain_text(item.nl)
        option(page, answers[item.key]).click()
        expect(option(page, answers[item.key]).locator("input")).to_be_checked()
        page.get_by_role("button", name="Volgende").click()


def answer_by_keyboard(page: Page, answers: dict[str, str], text: str) -> None:
    """The same with the keyboard alone: Tab into the group of answers (it lands on the first),
    Space chooses it, the arrow keys move the choice, Tab goes on to "Volgende" and Enter or
    Space presses it."""
    for number, item in enumerate(ITEMS, start=1):
        expect(page.locator("h1")).to_have_text(f"Vraag {number} van 10")
        if item.kind == OPEN:
            by_keyboard(page, page.get_by_label(item.nl), key=None)
            page.keyboard.type(text)
            done = page.get_by_role("button", name="Naar het overzicht")
        else:
            radios = page.locator("input[name=answer]")
            by_keyboard(page, radios.first, key="Space")
            wanted = page.locator(f"input[name=answer][value='{answers[item.key]}']")
            for _ in range(radios.count()):
                if wanted.is_checked():
                    break
                page.keyboard.press("ArrowRight")
            expect(wanted).to_be_checked()
            expect(wanted).to_be_focused()
            done = page.get_by_role("button", name="Volgende")
        page.keyboard.press("Tab")
        expect(done).to_be_focused()
        page.keyboard.press("Enter" if number % 2 else "Space")


def take_part(page: Page, base_url: str, side: str, text: str, keyboard: bool) -> None:
    """From "Voor jou" on the coalition's home through the ten screens and the review to the
    thanks, still without any result; afterwards "Voor jou" no longer asks."""
    home = f"{base_url}/c/{SLUG}/"
    page.goto(home)
    for_you = page.locator("section.for-you")
    expect(for_you.get_by_role("heading", level=2)).to_contain_text("Voor jou")
    expect(for_you).to_contain_text("Hoe gaat de samenwerking?")
    join = for_you.get_by_role("link", name=re.compile(r"^Doe mee"))
    if keyboard:
        by_keyboard(page, join)
        answer_by_keyboard(page, answers_of(side), text)
    else:
        join.click()
        answer_by_tapping(page, answers_of(side), text)

    expect(page.locator("h1")).to_have_text("Je antwoorden")
    no_sideways_scroll(page, "the review")
    say = page.locator(".pulse-review__item").filter(has_text=BY_NL["say"])
    expect(say.locator(".pulse-review__answer strong")).to_have_text(WORDS[SAY[side]])
    expect(page.locator(".pulse-review__list")).to_contain_text(text)
    send = page.get_by_role("button", name="Verstuur mijn antwoorden")
    if keyboard:
        by_keyboard(page, send)
    else:
        send.click()
    expect(page.locator(".pulse-now__done")).to_contain_text("Je antwoorden zijn binnen")
    expect(page.locator("#main")).not_to_contain_text("deden mee")  # nothing before the close
    page.goto(home)
    expect(page.locator("section.for-you")).to_be_visible()
    expect(
        page.locator("section.for-you").get_by_role("link", name=re.compile("^Doe mee"))
    ).to_have_count(0)


def no_sideways_scroll(page: Page, what: str) -> None:
    """The page is no wider than the screen."""
    wide, screen = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide <= screen, f"{what} is {wide} px wide on a {screen} px screen"


def shoot(page: Page, name: str) -> None:
    """Full-page pictures at 1280 and 360 px, to look at; at 360 px nothing sticks out
    sideways. The page is left at 360 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / f"pulse-{name}-{width}.png"), full_page=True)
    no_sideways_scroll(page, name)


def drawn(line: Locator) -> bool:
    """Whether a horizontal SVG line shows: it has a length and a stroke to see. (Playwright's
    to_be_visible wants a height, which a horizontal line's box does not have.)"""
    return line.evaluate(
        """line => {
            const style = getComputedStyle(line), box = line.getBoundingClientRect();
            return box.width > 0 && style.display !== 'none' && style.visibility === 'visible'
                && style.stroke !== 'none' && parseFloat(style.strokeWidth) > 0
                && parseFloat(style.opacity) > 0;
        }"""
    )


def heights(chart: Locator, name: str) -> list[float]:
    """How high each point of the line named in the chart's legend lies: its y, from the top
    (so a smaller number is higher up)."""
    legend = [text.strip() for text in chart.locator(".chart__legend li").all_inner_texts()]
    line = chart.locator(f"svg .chart__line--{legend.index(name) + 1} polyline")
    return [float(point.split(",")[1]) for point in line.get_attribute("points").split()]


def centre_x(locator: Locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2


def test_six_people_answer_the_pulse_and_see_where_they_differ(browser, base_url, world, app):
    """Open with the suggested day; six people answer (one by keyboard); nothing shows before
    the close; then 6 people, where the sides differ, a dot line per question with the gap
    where they differ, the open answers; after a second pulse, a line per question over time;
    at 360 px nothing scrolls sideways."""
    coalition = world.coalition(SLUG, "Utrecht Zuilen")
    people = {
        name: world.person(
            coalition, side=side, name=name, email=f"{name.split()[0].lower()}@{SLUG}.test"
        )
        for name, side, _, _ in PEOPLE
    }
    with app.app_context():
        last_day = actions.default_last_day()
        today = clock.today()
    pulse_url = f"{base_url}/c/{SLUG}/pulse"

    # The coordinator opens a pulse with the last day it suggests: two weeks.
    lead = person(browser, base_url, f"coordinator@{SLUG}.test", 1280)
    lead.goto(pulse_url)
    expect(lead.locator(".pulse-now")).to_contain_text("Er loopt nu geen peiling.")
    expect(lead.get_by_label("Laatste dag om te antwoorden")).to_have_value(last_day.isoformat())
    lead.get_by_role("button", name="Open de peiling").click()
    expect(lead.locator(".flashes")).to_contain_text("De peiling is open.")
    expect(lead.locator(".pulse-now")).to_contain_text(
        "De peiling is open tot en met " + format_date(last_day, "EEEE d MMMM", locale="nl")
    )
    expect(lead.get_by_role("button", name="Open de peiling")).to_have_count(0)

    # Three residents and three professionals answer; Gerda uses the keyboard alone.
    for name, side, width, text in PEOPLE:
        page = person(browser, base_url, people[name].email, width)
        take_part(page, base_url, side, text, keyboard=name == KEYBOARD_USER)
        page.context.close()

    # Until it closes nobody sees anything of it, the coordinator neither.
    lead.reload()
    main = lead.locator("#main")
    expect(main).to_contain_text("De peiling is open tot en met")
    expect(main).not_to_contain_text("deden mee")
    expect(main).not_to_contain_text("Uitkomst")
    expect(lead.locator("svg.dots")).to_have_count(0)

    # The coordinator closes it after a question; the results show.
    lead.get_by_role("button", name="Sluit de peiling nu").click()
    expect(lead.locator("h1")).to_have_text("De peiling nu sluiten?")
    lead.get_by_role("button", name="Ja, sluit haar").click()
    expect(lead.locator(".flashes")).to_contain_text("De peiling is gesloten.")
    expect(lead.locator("#result-title")).to_have_text(
        "Uitkomst van de peiling van " + format_date(today, "d MMMM y", locale="nl")
    )
    expect(main).to_contain_text("6 mensen deden mee.")
    talk = lead.locator(".talk-about")
    expect(talk).to_contain_text("Waar verschillen we, en waarom?")
    expect(talk).to_contain_text("Evenveel inbreng: bewoners 2,0, professionals 5,0.")
    items = lead.locator("ol.pulse-items > li")
    expect(items).to_have_count(len(SCALE_KEYS))
    expect(lead.locator("ol.pulse-items svg.dots")).to_have_count(len(SCALE_KEYS))
    say = items.filter(has_text="Evenveel inbreng")
    expect(say.locator(".badge")).to_have_text(["grootste verschil", "laagst"])
    expect(say.locator(".pulse-item__figures")).to_have_text(
        "Bewoners 2,0, professionals 5,0, iedereen 3,5"
    )
    # The difference is a line from the residents' circle to the professionals' square, and the
    # only one: everywhere else both sides said the same.
    gap = say.locator("svg.dots .dots__gap")
    assert drawn(gap)
    lines = lead.locator("ol.pulse-items svg.dots .dots__gap").all()
    assert sum(drawn(line) for line in lines) == 1
    residents = say.locator(".dots__dot--circle circle")
    professionals = say.locator(".dots__dot--square rect")
    box = gap.bounding_box()  # with its round ends, as wide as the line is thick
    ends = (box["x"] + box["height"] / 2, box["x"] + box["width"] - box["height"] / 2)
    assert abs(ends[0] - centre_x(residents)) < 1, (ends, centre_x(residents))
    assert abs(ends[1] - centre_x(professionals)) < 1, (ends, centre_x(professionals))
    trust = items.filter(has_text="Vertrouwen")
    expect(trust.locator(".pulse-item__figures")).to_have_text(
        "Bewoners 4,0, professionals 4,0, iedereen 4,0"
    )
    written = lead.locator("#open-answers ul.open-answers > li")
    expect(written).to_have_count(len(PEOPLE))
    for _, _, _, text in PEOPLE:
        expect(written.filter(has_text=text)).to_have_count(1)
    shoot(lead, "first-results")
    lead.set_viewport_size({"width": 1280, "height": 800})
    lead.goto(pulse_url)  # one pulse makes no line over time yet
    expect(lead.locator("#result-title")).to_contain_text("Uitkomst van de peiling")
    expect(main).not_to_contain_text("In de loop van de tijd")
    expect(lead.locator("figure.chart")).to_have_count(0)

    # A second pulse, answered through the services to keep the test fast: the same six, the
    # residents now give their say a 3.
    with app.app_context():
        utrecht = attached(coalition)
        coordinator = db.session.scalar(db.select(User).filter_by(email=f"coordinator@{SLUG}.test"))
        wave = actions.open_wave(utrecht, coordinator, WaveInput(last_day=last_day.isoformat()))
        for name, side, _, text in PEOPLE:
            draft = answers_of(side) | {"open": text}
            if side == "resident":
                draft["say"] = "3"
            actions.send(utrecht, attached(people[name]), side, wave, draft)
        assert actions.close_wave(utrecht, coordinator, wave)

    # The pulse page shows the newest results and, over both pulses, a chart per question.
    lead.goto(pulse_url)
    expect(lead.locator(".pulse-now")).to_contain_text("Er loopt nu geen peiling.")
    expect(say.locator(".pulse-item__figures")).to_have_text(
        "Bewoners 3,0, professionals 5,0, iedereen 4,0"
    )
    expect(lead.get_by_role("heading", name="In de loop van de tijd")).to_be_visible()
    charts = lead.locator("figure.chart")
    expect(charts).to_have_count(len(SCALE_KEYS))
    expect(charts.locator("svg polyline")).to_have_count(3 * len(SCALE_KEYS))  # both sides, all
    say_chart = charts.filter(has=lead.locator("figcaption", has_text="Evenveel inbreng"))
    residents_line = heights(say_chart, "Bewoners")
    assert residents_line[1] < residents_line[0], residents_line  # the residents' line rises
    professionals_line = heights(say_chart, "Professionals")
    assert professionals_line[1] == professionals_line[0], professionals_line  # level
    expect(lead.locator("#waves-title + ul li")).to_have_count(2)
    shoot(lead, "results")
