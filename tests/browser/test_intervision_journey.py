"""An intervision session as its people meet it: the facilitator, the inbrenger and a participant,
each in a browser of their own at the same time, go through the incident method of Voorst's
leernetwerk from the lobby to the closing. The facilitator and the participant use the keyboard
only; every screen follows the facilitator without a reload; axe finds nothing on the lobby, a
live phase and the closing, in Dutch and English, on a phone and a laptop."""

import re
from datetime import date, timedelta

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import AXE_JS, RESULTS, describe_violations, login

FOLLOWS_WITHIN_MS = 3000
SCREENSHOTS = RESULTS / "screenshots"
CASE = "Een vrijwilliger belt steeds vaker over dezelfde buurvrouw"
QUESTION = "Sinds wanneer belt hij zo vaak?"
ADVICE = "Spreek een vast belmoment per week af"
NOTEPAD = "Klopt: ik durf geen nee te zeggen"
NEXT_STEP = "Ik bel hem maandag over een vast moment"
POINT = "Eerst vragen stellen, dan pas adviseren"


def person(browser, base_url: str, email: str, width: int) -> Page:
    """A logged-in page of its own (CSP bypassed so axe can be injected), Dutch, width px."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="nl-NL", bypass_csp=True
    )
    page = context.new_page()
    login(page, base_url, email)
    return page


def by_keyboard(page: Page, target: Locator, key: str | None = "Enter", tabs: int = 80) -> None:
    """Reach target with Tab alone (from the top of the page), then press key on it (once the
    page has settled: see settled)."""
    settled(page)
    page.locator("body").focus()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(tabs):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            if key:
                page.keyboard.press(key)
            return
    raise AssertionError(f"Tab never reached {target}")


def type_by_keyboard(page: Page, field: Locator, text: str) -> None:
    """Tab to a text field and type into it."""
    by_keyboard(page, field, key="End")
    page.keyboard.type(text)


def choose_by_keyboard(page: Page, name: str, value: str) -> None:
    """Tab into a group of radio buttons (it lands on the chosen one, or the first) and move
    with the arrow keys until value is chosen."""
    checked = page.locator(f"input[name={name}]:checked")
    first = checked if checked.count() else page.locator(f"input[name={name}]").first
    by_keyboard(page, first, key="Space")
    for _ in range(6):
        if page.locator(f"input[name={name}][value='{value}']").is_checked():
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"the arrow keys never chose {name}={value}")


def audit_everywhere(page: Page, screen: str) -> None:
    """axe on the page as it is, at 360 and 1280 px, in Dutch and in English: no violation of
    any impact. The page is left in Dutch at 360 px."""
    for language, other in (("nl", "English"), ("en", "Nederlands")):
        expect(page.locator("html")).to_have_attribute("lang", language)
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            page.add_script_tag(path=str(AXE_JS))
            found = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            assert not found, f"{screen} ({language}, {width} px):\n" + describe_violations(found)
        with page.expect_navigation():
            page.get_by_role("button", name=other, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def shoot(page: Page, name: str) -> None:
    """Full-page pictures of the screen at 320 and 360 px, to look at; at 320 px nothing sticks
    out sideways. The page is left at 360 px."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / f"intervision-{name}-{width}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} is {wide} px wide on a {width} px screen"


def phase(page: Page, number: int) -> None:
    """The page shows phase number of 7 (within three seconds, without a reload)."""
    expect(page.locator(".phase__step")).to_have_text(
        f"Fase {number} van 7", timeout=FOLLOWS_WITHIN_MS
    )


def settled(page: Page) -> None:
    """Wait until htmx has no request, swap or settle going on in the page (a tap in between
    could land on a form htmx has not taken over yet, and reload the page)."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=re.compile(name))


def next_phase(lead: Page, *following: Page, number: int) -> None:
    """The facilitator moves on by keyboard; everyone's screen follows."""
    by_keyboard(lead, lead.locator("#move-next"))
    for page in (lead, *following):
        phase(page, number)
        settled(page)


def test_three_people_go_through_an_incident_session_together(browser, base_url, demo):
    lead = person(browser, base_url, "facilitator@voorst.example", 1280)
    gerda = person(browser, base_url, "bewoner@voorst.example", 360)  # the inbrenger
    marloes = person(browser, base_url, "professional@voorst.example", 360)

    # Everyone finds the session on the intervision page and comes in by agreeing to the rules.
    for page in (lead, gerda, marloes):
        page.goto(base_url + "/c/voorst/intervision")
        page.get_by_role("link", name="Incidentmethode").first.click()
        expect(page.locator("#lobby-title")).to_have_text("Voor je binnenkomt")
        expect(page.locator(".rules")).to_contain_text("Wat hier gezegd wordt, blijft hier.")
    shoot(marloes, "lobby")
    audit_everywhere(marloes, "lobby")
    by_keyboard(lead, lead.locator("#agree"))
    expect(lead.locator("#lobby-title")).to_have_text("Wie is er?")
    gerda.locator("#agree").click()
    by_keyboard(marloes, marloes.locator("#agree"))
    expect(marloes.locator("#lobby-title")).to_have_text("Je bent binnen")
    for page in (lead, gerda, marloes):
        page.evaluate("window.sameDocument = true")  # a reload would forget this
    expect(lead.locator(".people-here")).to_contain_text("Marloes ten Have", timeout=3000)
    expect(lead.locator(".people-here li", has_text="Gerda Wiegman")).not_to_contain_text(
        "nog niet binnen", timeout=FOLLOWS_WITHIN_MS
    )

    # The facilitator begins once the lobby is still (a poll found nothing new: a lobby that
    # changes under the key could take the press before htmx has its form); both phones
    # follow within three seconds.
    with lead.expect_response(lambda answer: "/changes" in answer.url and answer.status == 204):
        pass
    by_keyboard(lead, lead.locator("#begin"))
    for page in (lead, gerda, marloes):
        phase(page, 1)
    expect(marloes.locator(".timer")).to_contain_text(re.compile(r"\d:\d\d te gaan"))
    expect(marloes.locator("#live-region")).to_contain_text("Fase 1 van 7")

    # Choosing the situation: the facilitator names the inbrenger, who writes the case.
    next_phase(lead, gerda, marloes, number=2)
    lead.locator("#choose-inbrenger").select_option(label="Gerda Wiegman")
    by_keyboard(lead, lead.locator("#move-inbrenger"))
    expect(gerda.locator(".phase__inbrenger")).to_contain_text("(jij)", timeout=FOLLOWS_WITHIN_MS)
    settled(gerda)
    gerda.locator("#note-1-case").fill(CASE)
    gerda.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(gerda.locator("#mine-title")).to_be_visible()
    by_keyboard(lead, lead.locator("#move-reveal"))
    expect(marloes.locator(".shared")).to_contain_text(CASE, timeout=FOLLOWS_WITHIN_MS)

    # Silent questions: written privately, shown to all at once.
    next_phase(lead, gerda, marloes, number=3)
    type_by_keyboard(marloes, marloes.locator("#note-2-question"), QUESTION)
    by_keyboard(marloes, marloes.get_by_role("button", name=re.compile("^Opslaan")))
    expect(marloes.locator("#mine-title + .notes")).to_contain_text(QUESTION)
    expect(lead.locator(".controls")).to_contain_text("1 notitie", timeout=FOLLOWS_WITHIN_MS)
    expect(gerda.get_by_text(QUESTION)).to_have_count(0)
    by_keyboard(marloes, marloes.locator("#ready"))
    expect(marloes.locator("#ready")).to_have_attribute("aria-pressed", "true")
    expect(lead.locator(".controls__done")).to_contain_text(
        "Klaar: 1 van 2", timeout=FOLLOWS_WITHIN_MS
    )
    by_keyboard(lead, lead.locator("#move-reveal"))
    expect(gerda.locator(".shared").first).to_contain_text(QUESTION, timeout=FOLLOWS_WITHIN_MS)
    for page in (lead, gerda, marloes):
        assert page.evaluate("window.sameDocument") is True  # it all came without a reload
    shoot(marloes, "live")
    lead.screenshot(path=str(SCREENSHOTS / "intervision-lead-1280.png"), full_page=True)
    audit_everywhere(marloes, "live phase")  # switching the language loads the page again
    marloes.evaluate("window.sameDocument = true")

    # Questions about the facts, then the group talks while the inbrenger only listens.
    next_phase(lead, gerda, marloes, number=4)
    next_phase(lead, gerda, marloes, number=5)
    expect(gerda.locator(".phase__you")).to_contain_text("Je luistert nu alleen")
    gerda.locator("#note-4-notepad").fill(NOTEPAD)
    gerda.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(gerda.locator(".notepad")).to_contain_text(NOTEPAD)
    expect(marloes.get_by_text(NOTEPAD)).to_have_count(0)

    # Advice, revealed; the inbrenger marks it useful and writes a next step.
    next_phase(lead, gerda, marloes, number=6)
    # Typing while the facilitator moves on loses nothing: the screen waits for the save.
    marloes.locator("#note-5-advice").fill(ADVICE)
    before = marloes.locator("#session-live").get_attribute("data-version")
    by_keyboard(lead, lead.locator("#move-more-1"))
    marloes.wait_for_function(
        f"document.getElementById('session-live').dataset.version !== '{before}'",
        timeout=FOLLOWS_WITHIN_MS,
    )
    expect(marloes.locator("#note-5-advice")).to_have_value(ADVICE)  # kept through the update
    settled(marloes)
    marloes.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(marloes.locator("#mine-title + .notes")).to_contain_text(ADVICE)
    by_keyboard(lead, lead.locator("#move-reveal"))
    useful = gerda.get_by_role("button", name=re.compile("Nuttig voor mij"))
    expect(useful).to_be_visible(timeout=FOLLOWS_WITHIN_MS)
    settled(gerda)
    useful.click()
    expect(gerda.locator(".note--useful")).to_contain_text(ADVICE)
    next_phase(lead, gerda, marloes, number=7)
    settled(gerda)
    gerda.locator("#note-6-next_step").fill(NEXT_STEP)
    gerda.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(marloes.locator("#next-steps-title + .notes")).to_contain_text(
        NEXT_STEP, timeout=FOLLOWS_WITHIN_MS
    )

    # The facilitator closes after a question; what was typed is gone from every screen.
    by_keyboard(lead, lead.locator("#move-close"))
    expect(lead.get_by_text("wordt voorgoed gewist")).to_be_visible()
    by_keyboard(lead, button(lead, "^Ja, sluit de bijeenkomst af"))
    for page in (gerda, marloes):
        expect(page.locator("#closing-title")).to_have_text("Afsluiting", timeout=FOLLOWS_WITHIN_MS)
        expect(page.get_by_text(QUESTION)).to_have_count(0)
    for page in (gerda, marloes):
        assert page.evaluate("window.sameDocument") is True
    shoot(marloes, "closing")
    audit_everywhere(marloes, "closing")

    # The participant closes by keyboard: a learning point for the group and two ratings.
    type_by_keyboard(marloes, marloes.locator("#closing-learning_point"), POINT)
    choose_by_keyboard(marloes, "visibility", "group")
    choose_by_keyboard(marloes, "safe", "4")
    choose_by_keyboard(marloes, "useful", "5")
    by_keyboard(marloes, marloes.get_by_role("button", name="Opslaan en afronden", exact=True))
    expect(marloes.locator("#closing-title")).to_have_text("Dank je wel")
    expect(marloes.locator(".learning-point")).to_have_text(POINT)
    shoot(marloes, "thanks")

    # The inbrenger keeps the useful advice and the next step; the notepad is gone.
    gerda.locator("input[name=safe][value='5']").check()
    gerda.locator("input[name=useful][value='5']").check()
    gerda.get_by_role("button", name="Opslaan en afronden", exact=True).click()
    expect(gerda.locator("#closing-title")).to_have_text("Dank je wel")
    expect(gerda.locator(".closing")).to_contain_text(ADVICE)
    expect(gerda.locator(".closing")).to_contain_text(NEXT_STEP)
    expect(gerda.get_by_text(NOTEPAD)).to_have_count(0)
    gerda.goto(base_url + "/c/voorst/intervision")
    expect(gerda.get_by_text(NEXT_STEP)).to_be_visible()
    expect(gerda.get_by_text(POINT)).to_be_visible()  # shared with the group


def timer_text(page: Page) -> str:
    return page.locator(".timer").inner_text()


def test_a_planned_session_keeps_time_from_the_server_and_warns_before_the_end(
    browser, base_url, demo
):
    """Sanne plans a session in the form with a first phase of one minute; Nadia's clock
    counts down by itself, warns once that a minute is left, stands still while paused, and
    shows the same time after a reload."""
    lead = person(browser, base_url, "facilitator@utrecht.example", 1280)
    nadia = person(browser, base_url, "bewoner@utrecht.example", 360)
    lead.goto(base_url + "/c/utrecht/intervision/new")
    lead.get_by_role("link", name="Kies deze methode").first.click()
    expect(lead.locator("h1")).to_contain_text("Incidentmethode")
    day = (date.today() + timedelta(days=7)).isoformat()
    lead.locator("#plan-day").fill(day)
    lead.locator("#plan-start_time").fill("19:30")
    lead.locator("#plan-end_time").fill("21:00")
    lead.locator("input[name=minutes]").first.fill("1")
    invited = lead.locator("#plan-participant_ids input[type=checkbox]")
    lead.get_by_label("Nadia Bouzid").check()
    for number in range(invited.count()):
        if len(lead.locator("#plan-participant_ids input:checked").all()) >= 3:
            break
        invited.nth(number).check()
    lead.get_by_role("button", name="Plan de bijeenkomst").click()
    expect(lead.locator(".flashes")).to_contain_text("De bijeenkomst is gepland")
    lead.locator("#agree").click()

    nadia.goto(base_url + "/c/utrecht/intervision")
    nadia.get_by_role("link", name="Incidentmethode").first.click()
    nadia.locator("#agree").click()
    lead.locator("#begin").click()
    phase(nadia, 1)
    expect(nadia.locator("#live-region")).to_have_text(
        "Nog één minuut in deze fase.", timeout=FOLLOWS_WITHIN_MS
    )
    expect(nadia.locator(".timer")).to_have_class(re.compile("timer--warning"))
    first = timer_text(nadia)
    assert re.fullmatch(r"(1:00|0:[0-5]\d) te gaan", first), first
    expect(nadia.locator(".timer")).not_to_have_text(first, timeout=2500)  # it counts down

    lead.locator("#move-pause").click()
    expect(nadia.locator(".timer")).to_contain_text("Gepauzeerd", timeout=FOLLOWS_WITHIN_MS)
    paused = timer_text(nadia)
    nadia.wait_for_timeout(1500)
    assert timer_text(nadia) == paused  # a paused clock stands still
    nadia.reload()
    assert timer_text(nadia) == paused  # the server knows the time: a reload loses nothing
    lead.locator("#move-resume").click()
    expect(lead.locator("#move-pause")).to_be_visible()
    settled(lead)
    lead.locator("#move-more-2").click()
    expect(nadia.locator(".timer")).to_have_text(
        re.compile(r"^2:[0-5]\d te gaan$"), timeout=FOLLOWS_WITHIN_MS
    )
    expect(nadia.locator(".timer")).not_to_have_class(re.compile("timer--warning"))
