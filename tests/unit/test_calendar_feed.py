"""The iCalendar feed, read back as a calendar app would: Dutch wall-clock times with their
VTIMEZONE, series as RRULEs whose expansion gives the app's own occurrences, moved and cancelled
occurrences, a person's answers, the feed's secret address, and a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from dateutil.rrule import rrulestr
from flask_babel import force_locale
from icalendar import Calendar

from board import clock
from board.activities import actions, ical, queries, recurrence
from board.activities.inputs import ActivityInput, TimesInput
from board.clock import ZONE, to_local
from board.coalitions.queries import member_coalition_ids
from board.extensions import db
from board.models import Coalition, Rsvp, User
from tests.conftest import attached, steady_query_count

# The feeds below are read on this day, unless a test is about the coming weeks.
SPRING = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def team(world, app_ctx):
    """A coalition with two members, and another coalition with one member."""
    coalition = attached(world.coalition())
    anna = attached(world.person(coalition, name="Anna de Vries"))
    bram = attached(world.person(coalition, name="Bram Jansen"))
    other = attached(world.coalition("voorst", "Voorst", sites=("Leernetwerk",)))
    outsider = attached(world.person(other, name="Olga Buiten"))
    return SimpleNamespace(
        coalition=coalition, anna=anna, bram=bram, other=other, outsider=outsider
    )


def plan(team, day, recurrence="none", until="", title="Kernteamoverleg", **values):
    values.setdefault("start_time", "19:00")
    values.setdefault("end_time", "21:00")
    form = ActivityInput(
        title=title,
        kind="meeting",
        day=day,
        recurrence=recurrence,
        repeat_until=until,
        place="Buurtkamer",
        organiser_ids=[str(team.anna.id)],
        **values,
    )
    return actions.plan_activity(team.coalition, team.anna, form)


def move(team, series, key, day, start_time, end_time):
    """Move one date of a series, as Anna."""
    times = TimesInput(day=day, start_time=start_time, end_time=end_time)
    return actions.move_occurrence(team.coalition, team.anna, series, key, times)


def link(activity, key):
    return f"https://buurtbord.test/a/{activity.id}/{key or ''}"


def feed_of(user, now=SPRING, coalition_ids=None) -> Calendar:
    """The person's feed as bytes, parsed back."""
    if coalition_ids is None:
        coalition_ids = member_coalition_ids(user)
    feed = queries.feed_for(user, coalition_ids, now)
    raw = ical.feed_calendar(feed, "Buurtbord", link, now)
    assert isinstance(raw, bytes)
    return Calendar.from_ical(raw)


def events_of(cal: Calendar, activity) -> list:
    """The VEVENTs of one activity: the event or series first, then its overrides by date."""
    found = [e for e in cal.walk("VEVENT") if str(e["UID"]) == activity.uid]
    return sorted(found, key=lambda e: ("RECURRENCE-ID" in e, e.decoded("DTSTART")))


def as_utc(moment: datetime) -> datetime:
    assert moment.tzinfo is not None, moment
    return moment.astimezone(UTC)


def exdates(master) -> list[datetime]:
    value = master.get("EXDATE")
    if value is None:
        return []
    lists = value if isinstance(value, list) else [value]
    return sorted(as_utc(d.dt) for dates in lists for d in dates.dts)


def expand(events, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """Start and end (UTC) of every instance a calendar app shows whose day lies from first to
    last: the RRULE expanded by dateutil in the event's own time zone, minus EXDATEs, with
    overrides (RECURRENCE-ID) in place of the instances they replace."""
    master = events[0]
    assert "RECURRENCE-ID" not in master
    start = master.decoded("DTSTART")
    length = as_utc(master.decoded("DTEND")) - as_utc(start)
    overrides = {as_utc(e.decoded("RECURRENCE-ID")): e for e in events[1:]}
    assert len(overrides) == len(events) - 1, "one override per instance"
    if "RRULE" in master:
        rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
        end = datetime.combine(last + timedelta(days=62), datetime.min.time(), tzinfo=ZONE)
        instances = [as_utc(m) for m in rule.between(start, end, inc=True)]
    else:
        instances = [as_utc(start)]
    assert set(overrides) <= set(instances), "every RECURRENCE-ID names an instance"
    excluded = set(exdates(master))
    assert excluded <= set(instances), "every EXDATE names an instance"
    found = []
    for moment in instances:
        if moment in excluded:
            continue
        if moment in overrides:
            event = overrides[moment]
            found.append((as_utc(event.decoded("DTSTART")), as_utc(event.decoded("DTEND"))))
        else:
            found.append((moment, moment + length))
    return sorted(f for f in found if first <= to_local(f[0]).date() <= last)


def app_occurrences(activity, first: date, last: date) -> list[tuple[datetime, datetime]]:
    """What the app itself shows from first to last (without the cancelled ones)."""
    changes = queries.changes_of([activity.id]).get(activity.id, {})
    return [
        (o.starts_at, o.ends_at)
        for o in recurrence.occurrences(activity, changes, first, last)
        if not o.cancelled
    ]


def utc(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def wall(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# ---- summer time -------------------------------------------------------------------------------


def test_times_keep_their_dutch_wall_clock_on_both_sides_of_each_change(team):
    days = ("2026-03-24", "2026-03-31", "2026-10-20", "2026-10-27")
    activities = [plan(team, day) for day in days]
    cal = feed_of(team.anna)
    starts = []
    for activity in activities:
        [event] = events_of(cal, activity)
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
        assert event.decoded("DTSTART").strftime("%H:%M") == "19:00"
        assert event.decoded("DTEND").strftime("%H:%M") == "21:00"
        starts.append(as_utc(event.decoded("DTSTART")))
    assert starts == [
        utc(2026, 3, 24, 18),
        utc(2026, 3, 31, 17),
        utc(2026, 10, 20, 17),
        utc(2026, 10, 27, 18),
    ]


def test_the_feed_carries_a_correct_vtimezone_for_amsterdam(team):
    plan(team, "2026-03-24")
    plan(team, "2026-10-27")
    cal = feed_of(team.anna)
    zones = [z for z in cal.walk("VTIMEZONE") if str(z["TZID"]) == "Europe/Amsterdam"]
    assert len(zones) == 1
    [zone] = zones
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    # An app that only knows the VTIMEZONE in the file still finds the right moments.
    tz = zone.to_tz(lookup_tzid=False)
    for local, expected in (
        (datetime(2026, 3, 24, 19), utc(2026, 3, 24, 18)),
        (datetime(2026, 3, 31, 19), utc(2026, 3, 31, 17)),
        (datetime(2026, 10, 20, 19), utc(2026, 10, 20, 17)),
        (datetime(2026, 10, 27, 19), utc(2026, 10, 27, 18)),
    ):
        assert local.replace(tzinfo=tz).astimezone(UTC) == expected
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Amsterdam"


def test_an_activity_in_the_doubled_hour_is_the_first_one_in_the_feed(team):
    activity = plan(team, "2026-10-25", start_time="02:30", end_time="03:30")
    [event] = events_of(feed_of(team.anna, now=datetime(2026, 10, 1, tzinfo=UTC)), activity)
    assert as_utc(event.decoded("DTSTART")) == utc(2026, 10, 25, 0, 30)


def test_a_weekly_series_across_both_changes_expands_like_the_app(team):
    series = plan(team, "2026-03-03", "weekly", "2026-11-24")
    [master] = events_of(feed_of(team.anna), series)
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"].get("INTERVAL", [1]) == [1]
    window = (date(2026, 3, 1), date(2026, 12, 31))
    expanded = expand([master], *window)
    assert expanded == app_occurrences(series, *window)
    assert len(expanded) == 39  # 3 March to 24 November, the last date included
    assert {wall(to_local(s))[11:] for s, _ in expanded} == {"19:00"}
    by_day = {to_local(s).date(): s for s, _ in expanded}
    assert by_day[date(2026, 3, 24)] == utc(2026, 3, 24, 18)
    assert by_day[date(2026, 3, 31)] == utc(2026, 3, 31, 17)
    assert by_day[date(2026, 10, 20)] == utc(2026, 10, 20, 17)
    assert by_day[date(2026, 10, 27)] == utc(2026, 10, 27, 18)


def test_a_night_series_through_the_skipped_hour_expands_like_the_app(team):
    series = plan(team, "2026-03-15", "weekly", "2026-04-12", start_time="02:30", end_time="03:15")
    window = (date(2026, 3, 1), date(2026, 4, 30))
    expanded = expand(events_of(feed_of(team.anna), series), *window)
    assert expanded == app_occurrences(series, *window)
    assert (utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2, 15)) in expanded  # 03:30–04:15


# ---- monthly -----------------------------------------------------------------------------------


def test_monthly_on_the_second_tuesday_in_the_feed(team):
    series = plan(team, "2026-01-13", "monthly", "2026-12-31")
    [master] = events_of(feed_of(team.anna, now=datetime(2026, 1, 1, tzinfo=UTC)), series)
    assert master["RRULE"]["FREQ"] == ["MONTHLY"]
    assert [str(day) for day in master["RRULE"]["BYDAY"]] == ["2TU"]
    window = (date(2026, 1, 1), date(2027, 1, 31))
    expanded = expand([master], *window)
    assert expanded == app_occurrences(series, *window)
    assert [to_local(s).date() for s, _ in expanded][2:5] == [
        date(2026, 3, 10),
        date(2026, 4, 14),
        date(2026, 5, 12),
    ]
    assert len(expanded) == 12


def test_monthly_from_a_fifth_weekday_is_the_last_one_in_the_feed(team):
    series = plan(team, "2026-01-29", "monthly")  # no last date
    [master] = events_of(feed_of(team.anna, now=datetime(2026, 1, 1, tzinfo=UTC)), series)
    assert [str(day) for day in master["RRULE"]["BYDAY"]] == ["-1TH"]
    assert "UNTIL" not in master["RRULE"]
    window = (date(2026, 1, 1), date(2027, 12, 31))
    expanded = expand([master], *window)
    assert expanded == app_occurrences(series, *window)
    assert date(2026, 4, 30) in {to_local(s).date() for s, _ in expanded}
    assert len(expanded) == 24


# ---- moved and cancelled occurrences -----------------------------------------------------------


def test_a_moved_and_a_cancelled_occurrence_in_the_feed(team):
    series = plan(team, "2026-03-17", "fortnightly", "2026-06-30")
    window = (date(2026, 3, 1), date(2026, 7, 31))
    [master] = events_of(feed_of(team.anna), series)
    assert int(master["SEQUENCE"]) == 0
    assert master["RRULE"]["FREQ"] == ["WEEKLY"] and master["RRULE"]["INTERVAL"] == [2]
    assert "EXDATE" not in master
    planned = expand([master], *window)
    assert len(planned) == 8

    move(team, series, "2026-03-31", "2026-04-02", "20:00", "22:00")
    events = events_of(feed_of(team.anna), series)
    assert [int(e["SEQUENCE"]) for e in events] == [1, 1]

    actions.cancel_occurrence(team.coalition, team.anna, series, "2026-04-14")
    events = events_of(feed_of(team.anna), series)
    master, moved = events
    assert int(master["SEQUENCE"]) == 2 and int(moved["SEQUENCE"]) == 2
    assert exdates(master) == [utc(2026, 4, 14, 17)]
    assert master["EXDATE"].params.get("TZID") == "Europe/Amsterdam"
    assert str(moved["UID"]) == series.uid
    assert moved["RECURRENCE-ID"].params["TZID"] == "Europe/Amsterdam"
    assert wall(moved.decoded("RECURRENCE-ID")) == "2026-03-31 19:00"
    assert as_utc(moved.decoded("RECURRENCE-ID")) == utc(2026, 3, 31, 17)
    assert wall(moved.decoded("DTSTART")) == "2026-04-02 20:00"
    assert wall(moved.decoded("DTEND")) == "2026-04-02 22:00"
    # The master still starts as planned; the rest of the series is untouched.
    assert wall(master.decoded("DTSTART")) == "2026-03-17 19:00"
    expanded = expand(events, *window)
    assert expanded == app_occurrences(series, *window)
    untouched = [p for p in planned if p[0] not in (utc(2026, 3, 31, 17), utc(2026, 4, 14, 17))]
    assert expanded == sorted([*untouched, (utc(2026, 4, 2, 18), utc(2026, 4, 2, 20))])

    actions.restore_occurrence(team.coalition, team.anna, series, "2026-04-14")
    actions.restore_occurrence(team.coalition, team.anna, series, "2026-03-31")
    events = events_of(feed_of(team.anna), series)
    assert len(events) == 1 and "EXDATE" not in events[0]
    assert int(events[0]["SEQUENCE"]) == 4 == series.version - 1
    assert expand(events, *window) == planned == app_occurrences(series, *window)


def test_a_moved_occurrence_that_is_then_cancelled_is_only_an_exdate(team):
    series = plan(team, "2026-03-17", "weekly", "2026-04-30")
    move(team, series, "2026-03-24", "2026-03-26", "19:00", "21:00")
    actions.cancel_occurrence(team.coalition, team.anna, series, "2026-03-24")
    events = events_of(feed_of(team.anna), series)
    assert len(events) == 1
    assert exdates(events[0]) == [utc(2026, 3, 24, 18)]  # the original start, not the moved one
    window = (date(2026, 3, 1), date(2026, 5, 31))
    assert expand(events, *window) == app_occurrences(series, *window)


def test_a_cancelled_activity_is_cancelled_in_the_feed(team):
    once = plan(team, "2026-03-24")
    series = plan(team, "2026-03-17", "weekly")
    actions.cancel_activity(team.coalition, team.anna, once)
    actions.cancel_activity(team.coalition, team.anna, series)
    cal = feed_of(team.anna)
    for activity in (once, series):
        [event] = events_of(cal, activity)
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 1
    actions.restore_activity(team.coalition, team.anna, once)
    [event] = events_of(feed_of(team.anna), once)
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 2


def test_an_event_carries_place_organisers_and_link(team):
    activity = plan(team, "2026-03-24", description="Agenda volgt.", address="Kerkweg 1")
    [event] = events_of(feed_of(team.bram), activity)
    assert str(event["SUMMARY"]) == "Kernteamoverleg"
    assert str(event["LOCATION"]) == "Buurtkamer, Kerkweg 1"
    assert "Agenda volgt." in str(event["DESCRIPTION"])
    assert "Anna de Vries" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == link(activity, "")


# ---- a person's answers ------------------------------------------------------------------------


def coming_day(days) -> str:
    return (to_local(clock.now()) + timedelta(days=days)).date().isoformat()


def test_an_answer_shows_in_the_summary_of_a_one_off_activity(team):
    once = plan(team, coming_day(7), title="Buurtfeest")
    now = clock.now()
    [event] = events_of(feed_of(team.bram, now), once)
    assert str(event["SUMMARY"]) == "Buurtfeest"
    before = int(event["SEQUENCE"])

    actions.set_rsvp(team.coalition, team.bram, once, "", "yes")
    labels = ical._answer_labels()  # the app's default language
    [event] = events_of(feed_of(team.bram, now), once)
    assert str(event["SUMMARY"]) == f"Buurtfeest ({labels['yes']})"
    after_yes = int(event["SEQUENCE"])
    assert after_yes > before
    with force_locale("en"):
        [english] = events_of(feed_of(team.bram, now), once)
    assert str(english["SUMMARY"]) == "Buurtfeest (you're going)"

    actions.set_rsvp(team.coalition, team.bram, once, "", "no")
    [event] = events_of(feed_of(team.bram, now), once)
    assert str(event["SUMMARY"]) == f"Buurtfeest ({labels['no']})"
    assert labels["no"] != labels["yes"]
    assert int(event["SEQUENCE"]) > after_yes
    actions.set_rsvp(team.coalition, team.bram, once, "", "no")  # the same answer again
    [event] = events_of(feed_of(team.bram, now), once)
    assert int(event["SEQUENCE"]) == after_yes + 1
    # Someone else's feed does not show Bram's answer.
    [event] = events_of(feed_of(team.anna, now), once)
    assert str(event["SUMMARY"]) == "Buurtfeest"


def test_an_answer_for_one_occurrence_of_a_series_is_an_override(team):
    series = plan(team, coming_day(3), "weekly", title="Taalcafé")
    now = clock.now()
    first = queries.default_occurrence(series, now)
    second = queries.find_occurrence(series, (first.day + timedelta(weeks=1)).isoformat())
    actions.set_rsvp(team.coalition, team.bram, series, second.key, "maybe")
    labels = ical._answer_labels()
    events = events_of(feed_of(team.bram, now), series)
    assert len(events) == 2
    master, answered = events
    assert str(master["SUMMARY"]) == "Taalcafé"
    assert str(answered["UID"]) == series.uid
    assert as_utc(answered.decoded("RECURRENCE-ID")) == second.original_start
    assert as_utc(answered.decoded("DTSTART")) == second.starts_at  # not moved
    assert as_utc(answered.decoded("DTEND")) == second.ends_at
    assert str(answered["SUMMARY"]) == f"Taalcafé ({labels['maybe']})"
    with force_locale("en"):
        english = events_of(feed_of(team.bram, now), series)[1]
    assert str(english["SUMMARY"]) == "Taalcafé (maybe)"
    sequence = int(answered["SEQUENCE"])
    window = (first.day, first.day + timedelta(weeks=8))
    assert expand(events, *window) == app_occurrences(series, *window)

    actions.set_rsvp(team.coalition, team.bram, series, second.key, "yes")
    master, answered = events_of(feed_of(team.bram, now), series)
    assert str(answered["SUMMARY"]) == f"Taalcafé ({labels['yes']})"
    assert int(answered["SEQUENCE"]) > sequence
    assert int(master["SEQUENCE"]) == series.version - 1
    assert len(events_of(feed_of(team.anna, now), series)) == 1


def test_an_answered_occurrence_that_is_moved_keeps_both(team):
    series = plan(team, coming_day(3), "weekly", title="Taalcafé")
    now = clock.now()
    first = queries.default_occurrence(series, now)
    actions.set_rsvp(team.coalition, team.bram, series, first.key, "yes")
    new_day = (first.day + timedelta(days=1)).isoformat()
    move(team, series, first.key, new_day, "18:00", "20:00")
    master, override = events_of(feed_of(team.bram, now), series)
    assert as_utc(override.decoded("RECURRENCE-ID")) == first.original_start
    assert wall(override.decoded("DTSTART")) == f"{new_day} 18:00"
    assert str(override["SUMMARY"]).startswith("Taalcafé (")
    window = (first.day, first.day + timedelta(weeks=8))
    assert expand([master, override], *window) == app_occurrences(series, *window)


# ---- the secret address ------------------------------------------------------------------------


def test_the_calendar_token_is_stable_until_replaced(team):
    token = actions.calendar_token(team.anna)
    assert len(token) >= 20
    assert actions.calendar_token(team.anna) == token
    db.session.expire_all()
    assert actions.calendar_token(db.session.get(User, team.anna.id)) == token
    assert queries.user_for_token(token).id == team.anna.id
    assert actions.calendar_token(team.bram) != token

    new = actions.new_calendar_token(team.anna)
    assert new != token
    assert queries.user_for_token(token) is None
    assert queries.user_for_token(new).id == team.anna.id
    assert actions.calendar_token(team.anna) == new


@pytest.mark.parametrize(
    "token", [None, "", "abc", "x" * 32, "' OR 1=1 --" * 3, "y" * 65, 12345678901234567890123]
)
def test_unknown_tokens_find_nobody(team, token):
    actions.calendar_token(team.anna)
    assert queries.user_for_token(token) is None


# ---- whose activities, and at what cost --------------------------------------------------------


def test_a_feed_holds_only_the_given_coalitions_activities(team):
    own = plan(team, "2026-03-24")
    foreign = actions.plan_activity(
        team.other,
        team.outsider,
        ActivityInput(
            title="Voorst overleg",
            day="2026-03-24",
            start_time="19:00",
            end_time="21:00",
            organiser_ids=[str(team.outsider.id)],
        ),
    )
    uids = {str(e["UID"]) for e in feed_of(team.anna).walk("VEVENT")}
    assert uids == {own.uid}
    assert {str(e["UID"]) for e in feed_of(team.outsider).walk("VEVENT")} == {foreign.uid}
    assert member_coalition_ids(team.anna) == [team.coalition.id]
    assert feed_of(team.anna, coalition_ids=[]).walk("VEVENT") == []


def test_a_feed_of_one_activity_never_holds_another_coalitions(team):
    own = plan(team, "2025-01-07", title="Lang geleden")  # older than a year: still downloadable
    plan(team, "2026-03-24", title="Ander")
    foreign = actions.plan_activity(
        team.other,
        team.outsider,
        ActivityInput(
            title="Voorst overleg",
            day="2026-03-24",
            start_time="19:00",
            end_time="21:00",
            organiser_ids=[str(team.outsider.id)],
        ),
    )
    feed = queries.feed_for(team.anna, [team.coalition.id], SPRING, only=own.id)
    assert [a.id for a in feed.activities] == [own.id]
    feed = queries.feed_for(team.anna, [team.coalition.id], SPRING, only=foreign.id)
    assert feed.activities == []


def test_a_feed_reaches_back_a_year_and_keeps_running_series(team):
    old = plan(team, "2026-01-05", title="Oud")
    running = plan(team, "2025-01-07", "weekly", title="Loopt door")
    ended = plan(team, "2025-01-07", "weekly", "2025-06-01", title="Afgelopen")
    recent = plan(team, "2026-06-01", title="Recent")
    later = datetime(2027, 3, 1, tzinfo=UTC)
    uids = {str(e["UID"]) for e in feed_of(team.anna, now=later).walk("VEVENT")}
    assert running.uid in uids and recent.uid in uids
    assert old.uid not in uids and ended.uid not in uids


def test_a_feed_takes_the_same_number_of_queries_for_2_or_20_activities(app, team):
    def fill(start, n):
        for number in range(start, start + n):
            kind = ("none", "weekly", "fortnightly", "monthly")[number % 4]
            activity = plan(team, f"2026-04-{1 + number:02d}", kind, title=f"Activiteit {number}")
            if activity.repeats:
                key = recurrence.occurrence_key(to_local(activity.starts_at).date())
                move(team, activity, key, key, "20:00", "22:00")
                db.session.add(
                    Rsvp(
                        coalition_id=team.coalition.id,
                        activity_id=activity.id,
                        occurrence=key,
                        user_id=team.bram.id,
                        answer="yes",
                    )
                )
            else:
                db.session.add(
                    Rsvp(
                        coalition_id=team.coalition.id,
                        activity_id=activity.id,
                        occurrence="",
                        user_id=team.bram.id,
                        answer="no",
                    )
                )
            db.session.commit()

    def measure():
        user = db.session.get(User, team.bram.id)
        ids = [db.session.get(Coalition, team.coalition.id).id]
        return steady_query_count(
            app,
            lambda: ical.feed_calendar(
                queries.feed_for(user, ids, SPRING), "Buurtbord", link, SPRING
            ),
        )

    fill(0, 2)
    few = measure()
    fill(2, 18)
    many = measure()
    cal = Calendar.from_ical(
        ical.feed_calendar(
            queries.feed_for(team.bram, [team.coalition.id], SPRING), "Buurtbord", link, SPRING
        )
    )
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 20
    assert len([e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]) == 15
    assert many == few
