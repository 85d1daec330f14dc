"""Planning a fortnightly meeting in Voorst, answering, bringing coffee, and finding it back."""

import re
from datetime import date, timedelta

from babel.dates import format_date
from icalendar import Calendar
from playwright.sync_api import Page, expect

from board.clock import today as local_today
from board.extensions import db
from board.models import User
from tests.browser.conftest import axe_audit, describe_violations, login

SLUG = "voorst"
TITLE = "Overleg leernetwerk"
PLACE = "Buurtkamer De Benring"
COFFEE = "Koffie"
KEY = "Sleutel van de buurtkamer"
NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 720}


def as_person(browser, base_url, mailbox) -> Page:
    """A page of its own, logged in as <mailbox>@voorst.example."""
    page = browser.new_context(bypass_csp=True).new_page()  # bypass_csp: axe is injected
    login(page, base_url, f"{mailbox}@{SLUG}.example")
    return page


def audit(page: Page, what: str) -> None:
    """No serious or critical axe violations on the page."""
    violations = axe_audit(page)
    assert not violations, f"{what}:\n{describe_violations(violations)}"


def fits_320(page: Page, what: str) -> None:
    """At 320 CSS pixels wide the page does not scroll sideways."""
    page.set_viewport_size(NARROW)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{what} is {width}px wide at a 320px viewport"
    finally:
        page.set_viewport_size(WIDE)


def dutch(day: date, pattern: str) -> str:
    """A date as the Dutch pages write it."""
    return format_date(day, pattern, locale="nl")


def week_heading(day: date, today: date) -> re.Pattern:
    """The heading of the week that holds day in the upcoming list."""
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    if monday == this_monday:
        return re.compile(r"^\s*Deze week\s*$")
    if monday == this_monday + timedelta(days=7):
        return re.compile(r"^\s*Volgende week\s*$")
    return re.compile(rf"^\s*Week {monday.isocalendar()[1]} · ")


def items_of(page: Page):
    return page.get_by_role("region", name="Wie neemt wat mee?")


def rsvp_of(page: Page):
    return page.get_by_role("region", name="Kom je?")


def for_item(action: str, text: str) -> re.Pattern:
    """A button's spoken name, which names its item: "Ik neem het mee: Koffie"."""
    return re.compile(rf"^{re.escape(action)}: {re.escape(text)}$")


def item(page: Page, text: str):
    return items_of(page).locator("li.item").filter(has=page.get_by_text(text, exact=True))


def test_plan_answer_bring_and_find_in_calendar(browser, base_url, demo, app):
    """Plan a fortnightly meeting, answer yes, bring coffee, see it in the month, list and feed."""
    with app.app_context():
        resident_name = db.session.scalar(
            db.select(User.display_name).filter_by(email=f"bewoner@{SLUG}.example")
        )
    today = local_today()
    day = today + timedelta(days=10)
    later = day + timedelta(days=14)

    # 1. The professional plans the meeting.
    professional = as_person(browser, base_url, "professional")
    professional.goto(f"{base_url}/c/{SLUG}/")
    professional.locator("nav.coalition-nav").get_by_role(
        "link", name="Activiteiten", exact=True
    ).click()
    professional.get_by_role("link", name="Plan een activiteit").click()
    expect(professional.get_by_role("heading", level=1)).to_have_text("Plan een activiteit")
    professional.get_by_label("Titel", exact=True).fill(TITLE)
    professional.get_by_label("Soort", exact=True).select_option(label="Overleg")
    professional.get_by_label("Datum", exact=True).fill(day.isoformat())
    professional.get_by_label("Van", exact=True).fill("19:30")
    professional.get_by_label("Tot", exact=True).fill("21:00")
    professional.get_by_role("group", name="Hoe vaak?").get_by_label("Om de week").check()
    professional.get_by_label("Plaats", exact=True).fill(PLACE)
    professional.get_by_label("Wat moet iemand meenemen? (mag leeg blijven)").fill(
        f"{COFFEE}\n{KEY}"
    )
    organisers = professional.get_by_role("group", name="Organisatoren")
    expect(organisers.get_by_label("Marloes ten Have")).to_be_checked()
    professional.get_by_role("button", name="Zet het in de agenda").click()
    expect(professional.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(professional.locator(".activity-detail__when")).to_contain_text(
        f"{dutch(day, 'EEEE d MMMM')}, 19:30–21:00"
    )
    expect(professional.locator(".facts")).to_contain_text(PLACE)
    expect(professional.locator(".facts")).to_contain_text("Om de week")
    activity_url = professional.url
    for text in (COFFEE, KEY):
        expect(item(professional, text).locator(".item__who")).to_have_text("nog niemand")
    expect(items_of(professional)).to_contain_text("2 dingen neemt nog niemand mee")
    audit(professional, "activity page (organiser)")

    # 2. The resident finds it in the upcoming list, says yes and brings the coffee.
    resident = as_person(browser, base_url, "bewoner")
    resident.goto(f"{base_url}/c/{SLUG}/")
    resident.locator("nav.coalition-nav").get_by_role(
        "link", name="Activiteiten", exact=True
    ).click()
    resident.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(resident.locator(".activity-detail__when")).to_contain_text(dutch(day, "EEEE d MMMM"))
    resident_url = resident.url

    rsvp = rsvp_of(resident)
    rsvp.get_by_role("button", name="Ja", exact=True).click()
    expect(rsvp.get_by_role("button", name="Ja", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    for other in ("Misschien", "Nee"):
        expect(rsvp.get_by_role("button", name=other, exact=True)).to_have_attribute(
            "aria-pressed", "false"
        )
    yes_line = rsvp.locator(".rsvp__answers li").filter(has_text="Ja:")
    expect(yes_line.locator("strong")).to_have_text("Ja: 1")
    expect(yes_line.locator(".rsvp__names")).to_have_text(resident_name)
    expect(resident.locator("#live-region")).to_have_text("Je antwoord is opgeslagen.")

    item(resident, COFFEE).get_by_role("button", name=for_item("Ik neem het mee", COFFEE)).click()
    expect(item(resident, COFFEE).locator(".item__who")).to_have_text("jij neemt het mee")
    give_back = item(resident, COFFEE).get_by_role("button", name=for_item("Geef terug", COFFEE))
    expect(give_back).to_be_visible()
    expect(give_back).to_be_focused()  # the focus stays on the item after the swap
    expect(resident.locator("#live-region")).to_contain_text(COFFEE)
    expect(item(resident, KEY).locator(".item__who")).to_have_text("nog niemand")

    resident.reload()
    expect(rsvp_of(resident).get_by_role("button", name="Ja", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(item(resident, COFFEE).locator(".item__who")).to_have_text("jij neemt het mee")
    expect(item(resident, KEY).locator(".item__who")).to_have_text("nog niemand")
    audit(resident, "activity page (resident, after her answer)")
    fits_320(resident, "activity page")

    # 3. The professional sees the answer and who brings what.
    professional.reload()
    assert professional.url == activity_url
    yes_line = rsvp_of(professional).locator(".rsvp__answers li").filter(has_text="Ja:")
    expect(yes_line.locator("strong")).to_have_text("Ja: 1")
    expect(yes_line.locator(".rsvp__names")).to_have_text(resident_name)
    expect(item(professional, COFFEE).locator(".item__who")).to_have_text(
        f"{resident_name} neemt het mee"
    )
    expect(item(professional, KEY).locator(".item__who")).to_have_text("nog niemand")
    expect(
        item(professional, KEY).get_by_role("button", name=for_item("Ik neem het mee", KEY))
    ).to_be_visible()
    expect(items_of(professional)).to_contain_text("1 ding neemt nog niemand mee")

    # 4. The month view shows it on its day; the upcoming list by week, every other week.
    professional.get_by_role("link", name=re.compile("Activiteiten")).first.click()
    tabs = professional.get_by_role("navigation", name="Weergaven van de agenda")
    tabs.get_by_role("link", name="Maand", exact=True).click()
    expect(professional.locator("#month-title")).to_have_text(dutch(today, "MMMM y").capitalize())
    if day.month != today.month:
        professional.locator('.month-nav a[rel="next"]').click()
    expect(professional.locator("#month-title")).to_have_text(dutch(day, "MMMM y").capitalize())
    cell = professional.locator("li.month__day").filter(
        has=professional.locator(".month__full").get_by_text(
            dutch(day, "EEEE d MMMM").capitalize(), exact=True
        )
    )
    expect(cell).to_have_count(1)
    expect(cell.get_by_role("link", name=f"19:30 {TITLE}", exact=True)).to_be_visible()
    next_week = professional.locator("li.month__day").filter(
        has=professional.locator(".month__full").get_by_text(
            dutch(day + timedelta(days=7), "EEEE d MMMM").capitalize(), exact=True
        )
    )
    expect(next_week.get_by_role("link", name=re.compile(TITLE))).to_have_count(0)
    audit(professional, "month view")
    fits_320(professional, "month view")

    tabs.get_by_role("link", name="Komend", exact=True).click()
    expect(tabs.get_by_role("link", name="Komend", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    for when in (day, later):
        # Other activities of Voorst (its weekly Huiskamer) may fall on the same day.
        link = professional.locator(
            f'.agenda-item__title a[href*="on={when.isoformat()}"]', has_text=TITLE
        )
        expect(link).to_have_text(TITLE)
        week = professional.locator("section.agenda-week").filter(has=link)
        expect(week.get_by_role("heading", level=2)).to_have_text(week_heading(when, today))
        entry = professional.locator("li.agenda-item").filter(has=link)
        expect(entry.locator(".agenda-item__when")).to_contain_text(
            f"{dutch(when, 'EEEE d MMMM')}, 19:30–21:00"
        )
        expect(entry.locator(".agenda-item__meta")).to_contain_text("om de week")
    expect(
        professional.locator("li.agenda-item").filter(
            has=professional.locator(f'a[href*="on={day.isoformat()}"]', has_text=TITLE)
        )
    ).to_contain_text("1 komt")
    in_between = (day + timedelta(days=7)).isoformat()
    expect(
        professional.locator(f'.agenda-item__title a[href*="on={in_between}"]', has_text=TITLE)
    ).to_have_count(0)
    audit(professional, "upcoming list")

    # 5. The resident's own calendar feed holds the series and her answer.
    resident.goto(f"{base_url}/c/{SLUG}/activities")
    resident.get_by_role("link", name="In je eigen agenda").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Activiteiten in je eigen agenda")
    feed_url = resident.locator("#feed-url").input_value()
    audit(resident, "calendar feed page")
    assert feed_url.startswith(base_url), feed_url
    stranger = browser.new_context()  # no cookies: the address itself is the key
    try:
        response = stranger.request.get(feed_url)
        assert response.status == 200, response.status
        assert response.headers["content-type"].startswith("text/calendar")
        body = response.text()
    finally:
        stranger.close()
    unfolded = body.replace("\r\n ", "").replace("\r\n\t", "")
    assert f"SUMMARY:{TITLE} (je komt)" in unfolded
    events = [e for e in Calendar.from_ical(body).walk("VEVENT") if TITLE in str(e["SUMMARY"])]
    masters = [e for e in events if "RRULE" in e]
    assert len(masters) == 1, [str(e["SUMMARY"]) for e in events]
    master = masters[0]
    assert str(master["SUMMARY"]) == TITLE
    rule = master["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2], rule
    start = master.decoded("DTSTART")
    assert (start.date(), start.strftime("%H:%M")) == (day, "19:30")
    assert str(master.get("LOCATION")) == PLACE
    answered = [e for e in events if str(e["SUMMARY"]) == f"{TITLE} (je komt)"]
    assert len(answered) == 1, [str(e["SUMMARY"]) for e in events]
    assert answered[0]["UID"] == master["UID"]
    assert answered[0].decoded("RECURRENCE-ID").date() == day

    # 7. With the keyboard only: Tab to "Misschien", press Enter.
    resident.goto(resident_url)
    expect(rsvp_of(resident).get_by_role("button", name="Ja", exact=True)).to_be_visible()
    resident.locator("body").focus()
    for _ in range(80):
        resident.keyboard.press("Tab")
        if resident.evaluate("document.activeElement.textContent.trim()") == "Misschien":
            break
    else:
        raise AssertionError("Tab never reached the 'Misschien' button")
    resident.keyboard.press("Enter")
    maybe = rsvp_of(resident).get_by_role("button", name="Misschien", exact=True)
    expect(maybe).to_have_attribute("aria-pressed", "true")
    expect(rsvp_of(resident).get_by_role("button", name="Ja", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(
        rsvp_of(resident).locator(".rsvp__answers li").filter(has_text="Misschien:")
    ).to_contain_text(resident_name)
    # The swapped-in section keeps the focus on the button just used (htmx restores it by id).
    expect(maybe).to_be_focused()
