"""A coordinator works with the keyboard alone: adds a column in the settings (the message says
so next to it), makes an invite link and finds the ways to share it, and changes a member."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_intervision_journey import by_keyboard


def test_a_coordinator_manages_settings_and_members_with_the_keyboard(browser, base_url, demo):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, base_url, "coordinator@utrecht.example")
    page.goto(base_url + "/c/utrecht/settings")
    field = page.locator("#new-column-name")
    by_keyboard(page, field, key=None)
    page.keyboard.type("Wachtkamer")
    page.keyboard.press("Enter")
    expect(page.locator("#new-column + .saved")).to_have_text("✓ De kolom is toegevoegd.")
    expect(page.locator(".settings-list input[value='Wachtkamer']")).to_have_count(1)

    page.goto(base_url + "/c/utrecht/members")
    by_keyboard(page, page.get_by_role("button", name="Uitnodigingslink maken"))
    expect(page.get_by_role("link", name="Stuur via WhatsApp")).to_be_visible()
    qr = page.locator(".invite__qr > summary").first
    by_keyboard(page, qr)
    expect(page.get_by_role("img", name="QR-code van de uitnodigingslink").first).to_be_visible()

    member = page.locator("li.member", has_text="Mehmet Yilmaz")
    by_keyboard(page, member.locator("summary"))
    role = member.get_by_label("Rol")
    by_keyboard(page, role, key=None)
    page.keyboard.press("ArrowDown")  # lid → procesbegeleider
    by_keyboard(page, member.get_by_role("button", name=re.compile("^Opslaan")))
    expect(page.get_by_role("status").first).to_contain_text(
        "De gegevens van Mehmet Yilmaz zijn aangepast."
    )
    expect(page.locator("li.member", has_text="Mehmet Yilmaz")).to_contain_text("procesbegeleider")
