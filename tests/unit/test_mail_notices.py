"""Notices: what members hear by mail of what others do, each kind only when the person wants
it, never about their own doing, at most one mail per kind and thing per hour (later
happenings join the waiting mail), and nothing confidential in them."""

from datetime import timedelta

from sqlalchemy import select

from board import clock
from board.account.inputs import MailInput
from board.extensions import db
from board.ideas import actions as idea_actions
from board.ideas import decisions
from board.ideas.inputs import IdeaInput
from board.kanban import actions as kanban
from board.kanban.inputs import MoveInput
from board.kanban.queries import active_columns
from board.mail import notices, worker
from board.mail.settings import save_settings
from board.models import Initiative, OutboxMail, User


def mails(user=None, kind=None) -> list[OutboxMail]:
    query = select(OutboxMail).order_by(OutboxMail.id)
    if user is not None:
        query = query.where(OutboxMail.user_id == user.id)
    if kind is not None:
        query = query.where(OutboxMail.kind == kind)
    return list(db.session.scalars(query))


def settings(user, digest="off", kinds=()):
    return save_settings(user, MailInput(digest=digest, kinds=list(kinds)))


def led_card(world, coalition, lead, title="Buurtkamer open"):
    """A card made by the coordinator with lead as its resident lead."""
    coordinator = db.session.scalar(
        select(User).where(User.email == f"coordinator@{coalition.slug}.test")
    )
    column = active_columns(coalition)[0]
    card = kanban.create_initiative(coalition, coordinator, column.id, title)
    card.resident_lead_id = lead.id
    db.session.commit()
    return card, coordinator


def move(coalition, actor, card, column_index=1):
    column = active_columns(coalition)[column_index]
    kanban.move_initiative(
        coalition, actor, db.session.get(Initiative, card.id), MoveInput(column_id=str(column.id))
    )
    return column


def test_the_lead_hears_that_someone_moved_their_card_and_the_mover_hears_nothing(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna de Vries", email="anna@utrecht.test")
    card, coordinator = led_card(world, coalition, anna)
    column = move(coalition, coordinator, card)

    [mail] = mails(anna)
    assert mail.kind == "cards" and mail.to_address == "anna@utrecht.test"
    assert "Buurtkamer open" in mail.subject and column.name in mail.subject
    assert f"/c/utrecht/initiatives/{card.id}" in mail.text_body
    assert "Hallo Anna de Vries" in mail.text_body
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        mail.headers["List-Unsubscribe"].startswith("<http")
        and "/mail/off/" in mail.headers["List-Unsubscribe"]
    )
    assert mails(coordinator) == []

    # Her own move tells nobody, not even herself.
    move(coalition, anna, card, 2)
    assert len(mails()) == 1


def test_a_second_happening_within_the_hour_joins_the_mail_that_waits(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    card, coordinator = led_card(world, coalition, anna)
    move(coalition, coordinator, card)
    kanban.add_comment(
        coalition, coordinator, db.session.get(Initiative, card.id), "Sleutel ligt bij Joke."
    )

    [mail] = mails(anna)
    assert "2" in mail.subject and "Buurtkamer open" in mail.subject
    assert "Sleutel ligt bij Joke." in mail.text_body and "verplaatste" in mail.text_body
    assert len(mail.notice["lines"]) == 2


def test_after_a_mail_went_out_the_next_one_waits_an_hour_and_gathers_what_happens(
    app, app_ctx, world, tmp_path
):
    app.config["MAIL_URL"] = f"file://{tmp_path}"
    try:
        coalition = world.coalition()
        anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
        card, coordinator = led_card(world, coalition, anna)
        move(coalition, coordinator, card)
        assert worker.deliver_due() == 1
        sent = mails(anna)[0]
        db.session.refresh(sent)
        assert sent.sent_at is not None
        assert sent.text_body == "" and sent.subject == ""  # sent mail keeps no content

        move(coalition, coordinator, card, 2)
        kanban.add_comment(coalition, coordinator, db.session.get(Initiative, card.id), "Top!")
        first, second = mails(anna)
        assert len(second.notice["lines"]) == 2
        assert second.send_after >= sent.sent_at + timedelta(minutes=59)
        assert worker.deliver_due() == 0  # not within the hour
        with clock.pretending(sent.sent_at + timedelta(minutes=61)):
            assert worker.deliver_due() == 1
        assert len(list(tmp_path.glob("*.eml"))) == 2
    finally:
        app.config["MAIL_URL"] = ""


def test_a_kind_turned_off_is_not_sent_and_others_still_are(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    settings(anna, digest="off", kinds=["ideas"])  # cards off
    card, coordinator = led_card(world, coalition, anna)
    move(coalition, coordinator, card)
    assert mails(anna) == []

    idea = idea_actions.propose_idea(coalition, anna, "resident", IdeaInput(title="Buurtbus"))
    idea_actions.set_support(coalition, coordinator, idea, True)
    assert [m.kind for m in mails(anna)] == ["ideas"]


def test_the_proposer_hears_the_first_support_only_and_the_reason_it_was_not_chosen(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    bram = world.person(coalition, name="Bram", email="bram@utrecht.test")
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    idea = idea_actions.propose_idea(coalition, anna, "resident", IdeaInput(title="Buurtbus"))
    idea_actions.set_support(coalition, anna, idea, True)  # her own support: nothing
    assert mails(anna) == []
    idea_actions.set_support(coalition, anna, idea, False)
    idea_actions.set_support(coalition, bram, idea, True)
    idea_actions.set_support(coalition, coordinator, idea, True)  # the second: nothing more
    [first] = mails(anna)
    assert "Bram" in first.text_body and "eerste" in first.text_body

    idea_actions.change_status(coalition, coordinator, idea, "reject", "Past niet in het budget.")
    [mail] = mails(anna)  # joined the waiting mail
    assert "Past niet in het budget." in mail.text_body and "niet gekozen" in mail.text_body


def test_a_consent_question_reaches_every_member_but_the_one_who_asked(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    bram = world.person(coalition, name="Bram", email="bram@utrecht.test")
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    idea = idea_actions.propose_idea(coalition, anna, "resident", IdeaInput(title="Buurtbus"))
    idea_actions.change_status(coalition, coordinator, idea, "choose")
    decisions.start_consent(coalition, coordinator, idea)
    consent = mails(kind="consent")
    assert sorted(m.to_address for m in consent) == ["anna@utrecht.test", "bram@utrecht.test"]
    assert all("#consent" in m.text_body for m in consent)
    assert bram.id in {m.user_id for m in consent}


def test_an_unsubscribe_token_names_one_person_and_one_kind(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    token = notices.off_token(anna.id, "cards")
    assert notices.read_off_token(token) == (anna.id, "cards")
    assert notices.read_off_token(token[:-2] + "xx") is None
    assert notices.read_off_token("not-a-token") is None
    assert notices.read_off_token(notices.off_token(anna.id, "everything")) is None


def test_a_notice_arrives_over_smtp_with_its_unsubscribe_headers_and_one_link(app_ctx, world, smtp):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    card, coordinator = led_card(world, coalition, anna)
    move(coalition, coordinator, card)
    assert worker.deliver_due() == 1
    [message] = smtp.messages
    assert message["To"] == "anna@utrecht.test"
    assert message["Subject"].startswith("De kaart „Buurtkamer open”")
    assert (
        message["List-Unsubscribe"].strip().startswith("<http")
        and "/mail/off/" in message["List-Unsubscribe"]
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    card_link = f"/c/utrecht/initiatives/{card.id}"
    assert text.count(card_link) == 1 and html.count(card_link) == 1
    assert 'lang="nl"' in html


def test_the_proposer_hears_each_step_of_their_idea_in_their_own_language(app_ctx, world):
    coalition = world.coalition()
    anna = world.person(coalition, name="Anna", email="anna@utrecht.test")
    anna.language = "en"
    db.session.commit()
    bram = world.person(coalition, name="Bram", email="bram@utrecht.test")
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@utrecht.test"))
    idea = idea_actions.propose_idea(coalition, anna, "resident", IdeaInput(title="Buurtbus"))
    other = idea_actions.propose_idea(coalition, bram, "resident", IdeaInput(title="Buurtauto"))
    idea_actions.change_status(coalition, coordinator, idea, "shortlist")
    idea_actions.merge_ideas(coalition, coordinator, other, idea.id)
    [mail] = mails(anna)
    assert "shortlist" in mail.text_body and mail.subject.startswith("Your idea “Buurtbus”")
    [merged] = mails(bram)
    assert "samengevoegd met het idee „Buurtbus”" in merged.text_body
