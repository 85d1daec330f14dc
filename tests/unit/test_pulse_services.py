"""The collaboration pulse: opening waves, answering without a name, one answer per member,
nothing before the close, small groups kept back, and versioned wordings."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from board import clock
from board.errors import Conflict, Invalid
from board.extensions import db
from board.models import PulseAnswer, PulseParticipation, PulseWave
from board.pulse import actions, queries
from board.pulse.inputs import WaveInput, WordingInput
from board.pulse.items import SCALE_KEYS
from tests.conftest import attached

EVERYTHING_FOUR = {key: "4" for key in SCALE_KEYS} | {"trend": "better", "open": ""}


@pytest.fixture
def coalition(world, app_ctx):
    """A coalition and its coordinator."""
    return attached(world.coalition())


def coordinator(coalition):
    """The coalition's coordinator (made by World)."""
    from board.models import Membership, User

    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.coalition_id == coalition.id, Membership.role == "coordinator")
    )


def people(world, coalition, side, count):
    """count new members of one side."""
    return [attached(world.person(coalition, side=side)) for _ in range(count)]


def open_wave(coalition, days=14):
    """A wave opened by the coordinator, its last day days from today (counting today)."""
    last = (clock.today() + timedelta(days=days - 1)).isoformat()
    return actions.open_wave(coalition, coordinator(coalition), WaveInput(last_day=last))


def answer(coalition, person, wave, side="resident", **values):
    """person sends answers: 4 everywhere, "better", no open answer, unless values say else."""
    actions.send(coalition, person, side, wave, EVERYTHING_FOUR | values)


def close(coalition, wave):
    """Close the wave now."""
    assert actions.close_wave(coalition, coordinator(coalition), wave)


def test_a_wave_opens_for_two_weeks_once_at_a_time(coalition):
    wave = open_wave(coalition)
    assert wave.is_open(clock.now()) and not wave.is_closed(clock.now())
    assert wave.last_day() == actions.default_last_day()
    assert [entry["item"] for entry in wave.items][:2] == ["trust", "understanding"]
    with pytest.raises(Invalid) as refused:
        open_wave(coalition)
    assert list(refused.value.errors) == [""]  # about the wave, not a field
    for bad in ("", "gisteren", (clock.today() - timedelta(days=1)).isoformat()):
        with pytest.raises(Invalid):
            actions.open_wave(coalition, coordinator(coalition), WaveInput(last_day=bad))
    close(coalition, wave)
    assert not actions.close_wave(coalition, coordinator(coalition), wave)  # already closed
    assert open_wave(coalition).id != wave.id


def test_answers_carry_no_name_and_each_member_answers_once(coalition, world):
    wave = open_wave(coalition)
    anna, bram = people(world, coalition, "resident", 2)
    answer(coalition, anna, wave, trust="2", safety="unknown", open="Vaker samen koffie.")
    with pytest.raises(Invalid) as again:
        answer(coalition, anna, wave)
    assert list(again.value.errors) == [""]
    with pytest.raises(Invalid) as missing:
        actions.send(coalition, bram, "resident", wave, {"trust": "3"})
    assert set(missing.value.errors) == set(SCALE_KEYS[1:]) | {"trend"}
    with pytest.raises(Invalid):
        answer(coalition, bram, wave, trust="9")
    stored = db.session.scalars(select(PulseAnswer)).all()
    assert len(stored) == len(SCALE_KEYS) + 2  # eight values, the trend and the open answer
    assert {(a.item, a.value) for a in stored} >= {("trust", 2), ("safety", None), ("trend", 3)}
    assert [a.text for a in stored if a.item == "open"] == ["Vaker samen koffie."]
    taken = db.session.scalars(select(PulseParticipation)).all()
    assert [(p.wave_id, p.user_id) for p in taken] == [(wave.id, anna.id)]
    assert queries.took_part([wave.id], anna) == {wave.id}
    assert queries.took_part([wave.id], bram) == set()


def test_no_table_links_an_answer_to_a_person(coalition, world):
    columns = {c["name"] for c in inspect(db.engine).get_columns("pulse_answers")}
    assert columns == {"id", "coalition_id", "wave_id", "item", "side", "value", "text", "hidden"}
    keys = inspect(db.engine).get_foreign_keys("pulse_answers")
    assert {key["referred_table"] for key in keys} == {"coalitions", "pulse_waves"}
    took = {c["name"] for c in inspect(db.engine).get_columns("pulse_participations")}
    assert took == {"id", "wave_id", "user_id"}  # that they took part, nothing of what
    wave = open_wave(coalition)
    batches, seen = [], set()
    for person in people(world, coalition, "resident", 4):
        answer(coalition, person, wave)
        ids = set(db.session.scalars(select(PulseAnswer.id)))
        batches.append(ids - seen)
        seen = ids
    # Random ids: sorted, one person's answers do not follow another's.
    assert all(len(i) == 32 for i in seen) and len(seen) == 4 * (len(SCALE_KEYS) + 1)
    assert not all(max(a) < min(b) for a, b in zip(batches, batches[1:], strict=False))


def test_nothing_shows_before_the_close(coalition, world):
    wave = open_wave(coalition)
    for person in people(world, coalition, "resident", 3) + people(
        world, coalition, "professional", 3
    ):
        answer(coalition, person, wave)
    assert queries.results([wave]) == {}
    close(coalition, wave)
    result = queries.results([wave])[wave.id]
    assert result.respondents == 6 and result.items["trust"].total == 4
    with pytest.raises(Invalid) as late:
        answer(coalition, attached(world.person(coalition)), wave)
    assert list(late.value.errors) == [""]


@pytest.mark.parametrize(
    ("residents", "professionals", "sides_shown", "total_shown"),
    [(2, 3, False, True), (3, 3, True, True), (3, 2, False, True), (1, 1, False, False)],
)
def test_small_groups_are_kept_back(
    coalition, world, residents, professionals, sides_shown, total_shown
):
    wave = open_wave(coalition)
    for person in people(world, coalition, "resident", residents):
        answer(coalition, person, wave, trust="5")
    for person in people(world, coalition, "professional", professionals):
        answer(coalition, person, wave, side="professional", trust="2")
    close(coalition, wave)
    result = queries.results([wave])[wave.id]
    trust = result.items["trust"]
    assert (trust.residents is not None, trust.professionals is not None) == (sides_shown,) * 2
    assert (trust.total is not None) == total_shown
    if sides_shown:
        assert (trust.residents, trust.professionals, trust.gap) == (5, 2, 3)
        assert result.widest_gap == "trust"
        assert result.trend.by_side["resident"] == {"worse": 0, "same": 0, "better": 3}
    else:
        assert result.widest_gap is None and result.trend.by_side is None


def test_weet_niet_does_not_count_as_a_value(coalition, world):
    wave = open_wave(coalition)
    for number, person in enumerate(people(world, coalition, "resident", 4)):
        answer(coalition, person, wave, safety="unknown" if number < 2 else "1", roles="2")
    close(coalition, wave)
    result = queries.results([wave])[wave.id]
    assert result.items["safety"].total is None  # two values only
    assert result.items["roles"].total == 2 and result.lowest == "roles"


def test_a_changed_wording_applies_to_new_waves_only(coalition, world):
    admin = coordinator(coalition)
    first = open_wave(coalition)
    changed = actions.change_wording(
        admin,
        "trust",
        WordingInput(
            text_nl="Anderen komen hun afspraken na.", text_en="Others keep promises.", version="1"
        ),
    )
    assert changed.version == 2
    with pytest.raises(Conflict):  # a form that still showed version 1
        actions.change_wording(
            admin, "trust", WordingInput(text_nl="Oud", text_en="Old", version="1")
        )
    with pytest.raises(Invalid):
        actions.change_wording(admin, "trust", WordingInput(text_nl="", text_en="", version="2"))
    close(coalition, first)
    second = open_wave(coalition)
    assert first.items[0]["nl"] == "De anderen doen wat ze zeggen."
    assert (second.items[0]["nl"], second.items[0]["version"]) == (
        "Anderen komen hun afspraken na.",
        2,
    )
    db.session.expire_all()
    assert db.session.get(PulseWave, first.id).items[0]["version"] == 1


def test_a_facilitator_hides_an_open_answer_without_learning_who_wrote_it(coalition, world):
    wave = open_wave(coalition)
    for number, person in enumerate(people(world, coalition, "resident", 3)):
        answer(coalition, person, wave, open=f"Idee {number}")
    close(coalition, wave)
    shown = queries.open_answers(wave, with_hidden=False)
    assert sorted(a.text for a in shown) == ["Idee 0", "Idee 1", "Idee 2"]
    assert actions.set_hidden(coalition, wave, shown[0].id, True)
    assert not actions.set_hidden(coalition, wave, shown[0].id, True)
    assert len(queries.open_answers(wave, with_hidden=False)) == 2
    assert len(queries.open_answers(wave, with_hidden=True)) == 3


def test_no_question_is_flagged_when_all_are_equal(coalition, world):
    wave = open_wave(coalition)
    for person in people(world, coalition, "resident", 3) + people(
        world, coalition, "professional", 3
    ):
        answer(coalition, person, wave)  # 4 everywhere, on both sides
    close(coalition, wave)
    result = queries.results([wave])[wave.id]
    assert result.widest_gap is None and result.lowest is None
