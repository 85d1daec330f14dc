"""What the activity forms submit."""

from dataclasses import dataclass, field

from board.clock import to_local
from board.inputs import FormInput


@dataclass
class ActivityInput(FormInput):
    """Everything about an activity its form plans or changes, and the version it showed.

    items (one thing to bring per line) counts only when planning; version only when changing.
    """

    title: str = ""
    kind: str = "meeting"
    day: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    address: str = ""
    description: str = ""
    work_site_id: str = ""
    initiative_id: str = ""
    recurrence: str = "none"
    repeat_until: str = ""
    organiser_ids: list[str] = field(default_factory=list)
    items: str = ""
    version: str = ""

    @classmethod
    def of(cls, activity, organiser_ids) -> "ActivityInput":
        """The form as it shows a stored activity (local times) with its organisers."""
        start, end = to_local(activity.starts_at), to_local(activity.ends_at)
        return cls(
            title=activity.title,
            kind=activity.kind,
            day=start.date().isoformat(),
            start_time=start.strftime("%H:%M"),
            end_time=end.strftime("%H:%M"),
            place=activity.place,
            address=activity.address,
            description=activity.description,
            work_site_id=str(activity.work_site_id or ""),
            initiative_id=str(activity.initiative_id or ""),
            recurrence=activity.recurrence,
            repeat_until=activity.repeat_until.isoformat() if activity.repeat_until else "",
            organiser_ids=[str(i) for i in organiser_ids],
            version=str(activity.version),
        )


@dataclass
class TimesInput(FormInput):
    """A local day with a start and an end time: where one date of a series moves to."""

    day: str = ""
    start_time: str = ""
    end_time: str = ""

    @classmethod
    def of(cls, occurrence) -> "TimesInput":
        """The form as it shows an occurrence where it is now (local times)."""
        start, end = occurrence.local_start, occurrence.local_end
        return cls(start.date().isoformat(), start.strftime("%H:%M"), end.strftime("%H:%M"))
