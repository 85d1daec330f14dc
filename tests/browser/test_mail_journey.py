"""A resident forgets her password, resets it from the mail in the outbox folder, turns the
weekly digest on with the keyboard alone and receives it on Monday morning; its one-click link
turns it off again without logging in. In Dutch, on a phone (360 px) and on a laptop.

The mail goes where `make run` leaves it: each mail an .eml file in a folder (MAIL_URL
file://…, here a folder of the test's own), written by the worker's deliver_due()."""

import email
import email.policy
import re
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from board import clock
from board.extensions import db
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas.inputs import IdeaInput, RoundInput
from board.mail import schedule
from board.mail.kinds import digest_choice
from board.mail.worker import deliver_due
from board.models import User
from tests.browser.conftest import RESULTS, axe_audit, describe_violations, login
from tests.browser.test_intervision_journey import choose_by_keyboard
from tests.conftest import PASSWORD, attached

SLUG = "utrecht"
COALITION = "Utrecht Zuilen"
NAME = "Fatima El Amrani"
EMAIL = "fatima@utrecht.test"
NEW_PASSWORD = "lindenboom-42"
IDEA = "Moestuin achter de buurtkamer"
ROUND = "Najaarsronde buurtbudget"
SCREENSHOTS = RESULTS / "screenshots"
URL = re.compile(r"https?://[^\s<>\"]+")


class Outbox:
    """The folder the mail worker writes .eml files to, read as a mailbox."""

    def __init__(self, app, folder: Path):
        self.app = app
        self.folder = folder
        self.seen: set[str] = set()

    def deliver(self) -> list[EmailMessage]:
        """Run the worker until nothing is due; the mails that arrived since the last call."""
        with self.app.app_context():
            while deliver_due():
                pass
        arrived = []
        for path in sorted(self.folder.glob("*.eml")):
            if path.name not in self.seen:
                self.seen.add(path.name)
                arrived.append(
                    email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                )
        return arrived


@pytest.fixture
def outbox(app, tmp_path, live_server):
    """Mail goes to a folder of this test as .eml files, its links to the live server; the
    app's settings come back afterwards."""
    folder = tmp_path / "outbox"
    saved = {key: app.config.get(key) for key in ("MAIL_URL", "BASE_URL")}
    app.config.update(MAIL_URL=folder.as_uri(), BASE_URL=live_server)
    yield Outbox(app, folder)
    app.config.update(saved)


def to_her(mails: list[EmailMessage]) -> list[EmailMessage]:
    return [mail for mail in mails if mail["To"] == EMAIL]


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def html_of(mail: EmailMessage) -> str:
    return mail.get_body(("html",)).get_content()


def new_page(browser, width: int) -> Page:
    """A page of its own, Dutch, width px wide (CSP bypassed: axe is injected)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="nl-NL", bypass_csp=True
    )
    return context.new_page()


def audit(page: Page, what: str) -> None:
    """No serious or critical axe violations on the page."""
    violations = axe_audit(page)
    assert not violations, f"{what} at {page.url}:\n{describe_violations(violations)}"


def fits(page: Page, what: str) -> None:
    """The page is no wider than the screen."""
    wide, screen = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide <= screen, f"{what} is {wide} px wide on a {screen} px screen"


def shoot(target: Page | Locator, name: str, width: int) -> None:
    """A picture to look at: the whole page, or one part of it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / f"mail-journey-{name}-{width}.png")
    if isinstance(target, Page):
        target.screenshot(path=path, full_page=True)
    else:
        target.screenshot(path=path)


def tab_to(page: Page, target: Locator, key: str, tabs: int = 30) -> None:
    """From where the focus is, Tab on until target has it; then press key."""
    for _ in range(tabs):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            page.keyboard.press(key)
            return
    raise AssertionError(f"Tab never reached {target}")


def her_row() -> User:
    return db.session.scalar(select(User).where(User.email == EMAIL))


def open_a_round_for_her(app, coalition) -> None:
    """The coordinator shortlists an idea and opens a voting round that is still open on
    Monday morning: it waits for her under "Voor jou"."""
    with app.app_context():
        coalition = attached(coalition)
        coordinator = db.session.scalar(
            select(User).where(User.email == f"coordinator@{SLUG}.test")
        )
        idea = idea_actions.propose_idea(coalition, coordinator, "resident", IdeaInput(title=IDEA))
        idea_actions.change_status(coalition, coordinator, idea, "shortlist")
        due = her_row().digest_due_at
        decisions.create_round(
            coalition,
            coordinator,
            RoundInput(
                title=ROUND,
                dots_per_member="3",
                opens_at=clock.local_input(clock.now() - timedelta(minutes=5)),
                closes_at=clock.local_input(due + timedelta(days=2)),
                idea_ids=[str(idea.id)],
            ),
        )


@pytest.mark.parametrize("width", [360, 1280], ids=["phone", "laptop"])
def test_forgotten_password_reset_from_the_outbox_then_the_weekly_digest(
    browser, base_url, app, world, outbox, width
):
    coalition = world.coalition(SLUG, COALITION)
    world.person(coalition, name=NAME, email=EMAIL)
    page = new_page(browser, width)

    # 1. She forgot her password: from the login page to "Wachtwoord vergeten?".
    page.goto(f"{base_url}/login")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page).to_have_url(f"{base_url}/forgot")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten?")
    audit(page, "the forgot page")
    fits(page, "the forgot page")
    shoot(page, "forgot", width)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_role("button", name="Stuur me een link").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"Hoort {EMAIL} bij een account?")
    expect(status).to_contain_text("mail onderweg")
    expect(page.get_by_label("E-mailadres")).to_have_count(0)
    fits(page, "the forgot page, sent")
    shoot(page, "forgot-sent", width)

    # 2. The worker delivers: one mail, to her, in Dutch, with a link to choose a password.
    mails = to_her(outbox.deliver())
    assert len(mails) == 1, [mail["Subject"] for mail in mails]
    [mail] = mails
    assert mail["Subject"] == "Kies een nieuw wachtwoord voor Buurtbord"
    text = text_of(mail)
    assert f"Hallo {NAME}," in text
    assert "De link werkt een uur, en maar één keer." in text
    [reset_link] = [link for link in URL.findall(text) if "/reset/" in link]
    assert reset_link.startswith(f"{base_url}/reset/"), reset_link

    page.goto(reset_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    field = page.get_by_label("Nieuw wachtwoord (minstens 8 tekens)")
    fits(page, "the reset page")
    shoot(page, "reset", width)
    field.fill("kort")  # too short: said so, and the link still works
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator(".field-error")).to_contain_text("minstens 8 tekens")
    audit(page, "the reset page with an error")
    shoot(page, "reset-error", width)
    field.fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/"))
    expect(page.locator(".flashes")).to_contain_text("Je nieuwe wachtwoord is opgeslagen.")

    # She logs out; the old password no longer works, the new one does.
    page.get_by_role("button", name=re.compile(r"^Uitloggen")).click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))
    login(page, base_url, EMAIL, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/"))

    # The link is used up: no form any more.
    used = page.goto(reset_link)
    assert used.status == 404
    expect(page.locator("#main")).to_contain_text("Deze link werkt niet meer.")
    expect(page.locator("input[type=password]")).to_have_count(0)

    # 3. In her account she chooses the weekly digest with the keyboard alone.
    page.goto(f"{base_url}/account")
    section = page.locator("#mail")
    weekly = section.get_by_role("radio", name="Elke maandagochtend")
    expect(section.get_by_role("radio", name="Geen overzicht")).to_be_checked()
    expect(section.get_by_role("radio", name="Elke ochtend")).not_to_be_checked()
    audit(page, "the account page")
    fits(page, "the account page")
    choose_by_keyboard(page, "digest", "weekly")
    expect(weekly).to_be_checked()
    expect(weekly).to_be_focused()
    tab_to(page, section.get_by_role("button", name="Mailinstellingen opslaan"), "Enter")
    expect(page).to_have_url(re.compile(r"/account#mail$"))
    expect(section.get_by_role("status")).to_have_text("✓ Je mailinstellingen zijn opgeslagen.")
    expect(weekly).to_be_checked()
    audit(page, "the account page, saved")
    shoot(section, "account-mail", width)
    with app.app_context():
        her = her_row()
        assert digest_choice(her) == "weekly"
        due = her.digest_due_at
    monday = clock.to_local(due)
    assert monday.weekday() == 0 and (monday.hour, monday.minute) == (7, 0), monday
    assert timedelta(0) < due - clock.now() <= timedelta(days=7)

    # 4. Something waits for her; time passes to Monday 07:01; the digest arrives.
    open_a_round_for_her(app, coalition)
    with app.app_context():
        queued = schedule.run_due(due + timedelta(minutes=1))
    assert queued["digests"] == 1, queued
    digests = [
        mail
        for mail in to_her(outbox.deliver())
        if mail["Subject"].startswith("Voor jou op Buurtbord")
    ]
    assert len(digests) == 1
    [digest] = digests
    assert digest["Subject"] == "Voor jou op Buurtbord: 1 ding"
    text, html = text_of(digest), html_of(digest)
    assert f"Hallo {NAME}," in text
    assert f"Je hebt nog niet gestemd in „{ROUND}”." in text, text
    assert COALITION in text
    assert ROUND in html
    [unsubscribe] = re.fullmatch(r"<([^>]+)>", digest["List-Unsubscribe"]).groups()
    assert unsubscribe.startswith(f"{base_url}/mail/off/"), unsubscribe
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # One link to the start page; the footer's links turn the digest off or go to the settings.
    start = f"{base_url}/"
    assert set(URL.findall(text)) == {start, unsubscribe, f"{base_url}/account#mail"}, text
    assert f"Bekijk alles en antwoord met één tik: {start}" in text
    assert f'href="{start}"' in html and f'href="{unsubscribe}"' in html

    page.goto(start)
    expect(page).to_have_url(re.compile(rf"/c/{SLUG}/"))
    for_you = page.locator("section.for-you")
    expect(for_you.get_by_role("heading", level=2)).to_contain_text("Voor jou")
    expect(for_you).to_contain_text(ROUND)
    fits(page, "the coalition's home")

    # 5. The link at the bottom turns the digest off, without logging in.
    stranger = new_page(browser, width)
    stranger.goto(unsubscribe)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Deze mail uitzetten?")
    expect(stranger.locator("#main")).to_contain_text("Het overzicht van „Voor jou”")
    audit(stranger, "the unsubscribe page")
    shoot(stranger, "mail-off", width)
    stranger.get_by_role("button", name="Zet uit").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Deze mail staat uit")
    expect(stranger.get_by_role("status")).to_contain_text("Je krijgt deze mail niet meer")
    with app.app_context():
        her = her_row()
        assert her.digest_due_at is None
        assert digest_choice(her) == "off"
    page.goto(f"{base_url}/account#mail")
    expect(section.get_by_role("radio", name="Geen overzicht")).to_be_checked()
