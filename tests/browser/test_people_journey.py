"""A coordinator keeps the coalition in order: invites someone, who joins; settings refused
and then accepted; every page without serious accessibility problems."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_audit, describe_violations, login

SLUG = "utrecht"


def audit(page, what):
    """No serious or critical axe violations on the page."""
    violations = axe_audit(page)
    assert not violations, f"{what}:\n{describe_violations(violations)}"


def test_coordinator_invites_and_keeps_the_settings(browser, base_url, demo):
    """Invite link made and used; a refused work site named at its field, then added."""
    coordinator = browser.new_context(bypass_csp=True).new_page()  # bypass_csp: axe is injected
    login(coordinator, base_url, f"coordinator@{SLUG}.example")
    coordinator.goto(f"{base_url}/c/{SLUG}/members")
    audit(coordinator, "members page")
    coordinator.get_by_label("Notitie voor jezelf (niet verplicht)").fill("Buurtkamer")
    coordinator.get_by_role("button", name="Uitnodigingslink maken").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("De uitnodigingslink is klaar")
    link = coordinator.get_by_label("Uitnodigingslink").first.input_value()

    newcomer = browser.new_context(bypass_csp=True).new_page()
    newcomer.goto(link)
    audit(newcomer, "join page")
    newcomer.get_by_role("button", name="Meedoen").click()
    expect(newcomer.get_by_label("Je naam, zoals anderen die zien")).to_have_attribute(
        "aria-invalid", "true"
    )
    audit(newcomer, "join page with errors")
    newcomer.get_by_label("Je naam, zoals anderen die zien").fill("Fatima El Amrani")
    newcomer.get_by_label("E-mailadres").fill("fatima@example.nl")
    newcomer.get_by_label(re.compile("^Kies een wachtwoord")).fill("lang genoeg")
    newcomer.get_by_role("button", name="Meedoen").click()
    expect(newcomer).to_have_url(f"{base_url}/c/{SLUG}/?welcome=1")
    expect(newcomer.get_by_role("heading", name="Welkom! Hier begin je")).to_be_visible()
    audit(newcomer, "home with the welcome")

    coordinator.goto(f"{base_url}/c/{SLUG}/settings")
    audit(coordinator, "settings page")
    coordinator.locator("#new-site").get_by_role("button").click()
    name = coordinator.get_by_label("Nieuwe werkplaats")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(coordinator.locator("#new-site-name-error")).to_have_text("Vul dit veld in.")
    audit(coordinator, "settings page with a refused work site")
    name.fill("Speeltuin")
    coordinator.locator("#new-site").get_by_role("button").click()
    expect(coordinator.get_by_role("status").first).to_contain_text("De werkplaats is toegevoegd")
    expect(coordinator.locator(".settings-list input[value='Speeltuin']")).to_have_count(1)
