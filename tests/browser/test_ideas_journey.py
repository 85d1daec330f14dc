"""From an idea to an initiative, as the people of Horst aan de Maas would do it."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from board import clock
from board.extensions import db
from board.models import VotingRound
from tests.browser.conftest import axe_audit, describe_violations, login

SLUG = "horst-aan-de-maas"
TITLE = "Buurtmoestuin achter de kerk"


def as_person(browser, base_url, mailbox):
    """A page of its own, logged in as <mailbox>@horst-aan-de-maas.example."""
    page = browser.new_context(bypass_csp=True).new_page()  # bypass_csp: axe is injected
    login(page, base_url, f"{mailbox}@{SLUG}.example")
    return page


def audit(page, what):
    """No serious or critical axe violations on the page."""
    violations = axe_audit(page)
    assert not violations, f"{what}:\n{describe_violations(violations)}"


def test_idea_to_vote_to_consent_to_card(browser, base_url, demo, app):
    """Propose, support, shortlist, vote, close, see results, consent, and find the card."""
    resident = as_person(browser, base_url, "bewoner")
    professional = as_person(browser, base_url, "professional")
    coordinator = as_person(browser, base_url, "coordinator")
    ideas_url = f"{base_url}/c/{SLUG}/ideas"

    resident.goto(ideas_url)
    audit(resident, "ideas list")
    resident.get_by_role("link", name="Stel een idee voor").click()
    resident.get_by_label("Je idee in een paar woorden").fill(TITLE)
    resident.get_by_label("Iets meer uitleg (mag leeg blijven)").fill("Samen groente kweken.")
    resident.get_by_role("button", name="Voorstellen").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    idea_url = resident.url

    professional.goto(ideas_url)
    idea = professional.locator("li.idea").filter(has_text=TITLE)
    idea.get_by_role("button", name=re.compile("Ik steun dit")).click()
    expect(idea.locator(".support__count")).to_contain_text("1")
    expect(idea.get_by_role("button", name=re.compile("Ik steun dit"))).to_have_attribute(
        "aria-pressed", "true"
    )

    coordinator.goto(idea_url)
    coordinator.get_by_role("button", name="Op de keuzelijst zetten").click()
    expect(coordinator.locator(".idea__meta .badge")).to_have_text("op de keuzelijst")
    coordinator.goto(ideas_url)
    coordinator.get_by_role("link", name="Nieuwe stemronde").click()
    coordinator.get_by_label("Titel").fill("Winterronde")
    for box in coordinator.get_by_role("checkbox").all():
        if box.get_attribute("name") == "idea_ids":
            box.set_checked(TITLE in (box.evaluate("el => el.parentElement.textContent")))
    coordinator.get_by_role("button", name="Open de ronde nu").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Winterronde")
    round_url = coordinator.url

    for page, dots in ((resident, "3"), (professional, "2")):
        page.goto(round_url)
        page.get_by_label(TITLE, exact=True).fill(dots)
        expect(page.locator(".ballot__left")).to_contain_text(str(3 - int(dots)))
        page.get_by_role("button", name="Mijn stem opslaan").click()
        expect(page.get_by_role("status").filter(has_text="Je stem is opgeslagen")).to_contain_text(
            f"{dots} stippen op ‘{TITLE}’"
        )
    audit(resident, "ballot")

    with app.app_context():  # time passes: the round's closing moment is behind us
        voting_round = db.session.scalar(db.select(VotingRound).filter_by(title="Winterronde"))
        voting_round.closes_at = clock.now() - timedelta(seconds=1)
        db.session.commit()
    resident.goto(round_url)
    expect(resident.get_by_role("heading", name="Uitslag")).to_be_visible()
    expect(resident.locator(".result").filter(has_text=TITLE)).to_contain_text(
        "5 stippen · 2 stemmers"
    )
    audit(resident, "results")

    coordinator.goto(idea_url)
    coordinator.get_by_role("button", name="Markeren als gekozen").click()
    coordinator.get_by_role("button", name="Start de akkoordronde").click()
    for page in (resident, professional):
        page.goto(idea_url)
        page.get_by_label("Ik stem in: laten we het proberen").check()
        page.get_by_role("button", name="Antwoord opslaan").click()
        expect(page.locator("#consent")).to_contain_text("0 bezwaren")
    coordinator.goto(idea_url)
    coordinator.get_by_label("Aanspreekpunt bewoners").select_option(index=1)
    coordinator.get_by_label("Aanspreekpunt professionals").select_option(index=1)
    coordinator.get_by_role("button", name="Zet het op het bord").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(TITLE)
    coordinator.get_by_role("link", name=re.compile("Terug naar het bord")).click()
    first_column = coordinator.locator("ol.cards").first
    expect(first_column.get_by_role("link", name=TITLE, exact=True)).to_be_visible()


def test_the_ballot_on_a_phone_counts_with_buttons_and_stops_at_the_budget(browser, base_url, demo):
    """Gerda spreads her three dots with − and +; a fourth dot turns the count into a warning
    and the save button off; one less and she saves."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    login(page, base_url, "bewoner@voorst.example")
    page.goto(f"{base_url}/c/voorst/ideas")
    page.get_by_role("link", name="Najaarsronde").first.click()
    fields = page.locator(".ballot__idea")
    first, second = fields.nth(0), fields.nth(1)
    more = first.get_by_role("button", name=re.compile("^Eén stip meer voor"))
    for _ in range(3):
        more.click()
    expect(first.locator("input")).to_have_value("3")
    expect(page.locator(".ballot__left")).to_have_text("Nog over: 0")
    second.get_by_role("button", name=re.compile("^Eén stip meer voor")).click()
    expect(page.locator(".ballot__left")).to_contain_text("1 stippen te veel")
    save = page.get_by_role("button", name="Mijn stem opslaan")
    expect(save).to_be_disabled()
    second.get_by_role("button", name=re.compile("^Eén stip minder voor")).click()
    expect(save).to_be_enabled()
    save.click()
    expect(page.get_by_role("status").filter(has_text="Je stem is opgeslagen")).to_be_visible()
