"""Meetings as calendar events (RFC 5545, written by the icalendar package): one meeting's
.ics file, and the events a person's calendar feed (calendars) gathers."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT = "-//Waypoint//Meetings and due dates//EN"


def calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def all_day(uid: str, summary: str, first, last=None, *, url: str = "", description: str = ""):
    """An all-day event from `first` to `last` (inclusive; DTEND is the day after)."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", (last or first) + timedelta(days=1))
    if url:
        event.add("url", url)
    if description:
        event.add("description", description)
    return event


def meeting_event(meeting, url: str):
    """The meeting on its day or days, with its place, its outcomes and its agenda times."""
    lines = [line.strip() for line in meeting.outcomes.splitlines() if line.strip()]
    agenda = [
        f"{item.time:%-I:%M %p} {item.title}" if item.time else item.title
        for item in meeting.agenda.all()
    ]
    description = "\n".join(
        ([f"{meeting.cohort.name}."] + (["Outcomes:", *lines] if lines else []))
        + (["Agenda:", *agenda] if agenda else [])
        + [f"On Waypoint: {url}"]
    )
    event = all_day(
        f"meeting-{meeting.code}@waypoint",
        f"{meeting.cohort.name}: {meeting.title}",
        meeting.first_date,
        meeting.second_date,
        url=url,
        description=description,
    )
    if meeting.location:
        event.add("location", meeting.location)
    return event


def meeting_ics(meeting, url: str) -> bytes:
    cal = calendar(f"{meeting.cohort.name}: {meeting.title}")
    cal.add_component(meeting_event(meeting, url))
    return cal.to_ical()
