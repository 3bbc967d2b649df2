"""What each feature contributes to the documents `reports/` lays out: a district's section
of a report or a meeting packet, a meeting packet's front, the tables of the whole-record
archive. Each feature declares its parts in its `reportable.py` (read when the apps are
ready: `discover`), as it declares its attachable items in its `attachable.py`; `reports/`
reads them from here and never reads a feature's selectors itself.

A part reads as the document's reader may read (their DistrictAccess: a facilitator gets
what is shared with the cohort, a coach what is shared with coaches, the district's team
all), so a document never shows more than the web does.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from districts.access import DistrictAccess
from districts.contributions import declared_in


@dataclass(frozen=True)
class Reading:
    """For which document a district's section is read: a report (no meeting), or a
    meeting's packet for who asked (`reader`, with their standing in the meeting's cohort,
    `cohort_access`) or for its participants (`for_cohort`, the same whoever asks).
    `prepared` holds what each part read once for the whole document (by the part's slug),
    so that a packet of 40 districts does not read a meeting's lists 40 times."""

    meeting: Any = None
    reader: Any = None
    cohort_access: Any = None
    for_cohort: bool = False
    prepared: dict = field(default_factory=dict)


def _nothing(data) -> list:
    return []


def _no_sources(data) -> dict:
    return {}


@dataclass(frozen=True)
class Part:
    """One feature's part of the district documents.

    - `read(access, reading)`: what the part shows in a district's section for this reader,
      or None when it has no place in this document (a meeting's problems in a report).
    - `template`: how that is laid out in the section (given `part`, the read value, beside
      `section`); None for a part that only gives archive tables.
    - `prepare(reading)`: read once per document before the sections (optional).
    - `items_with_files(part)`: the part's items whose evidence files the section lists.
    - `sources(part)`: which versions the section used, kept with the job for the record.
    - `tables(access)`: the part's tables in the whole-record archive (header row first).
    """

    slug: str
    position: int
    template: str | None = None
    read: Callable[[DistrictAccess, Reading], Any] | None = None
    prepare: Callable[[Reading], Any] | None = None
    items_with_files: Callable[[Any], list] = _nothing
    sources: Callable[[Any], dict] = _no_sources
    tables: Callable[[DistrictAccess], dict[str, list[list]]] | None = None


@dataclass(frozen=True)
class Packet:
    """A meeting's packet, contributed by the app that owns meetings.

    - `meeting(user, code, for_facilitators)`: the meeting as this person may read it (for
      the facilitators' packet, as they may run it); raises Http404 or PermissionDenied.
    - `districts(meeting)`: the districts taking part, in the packet's order.
    - `front(meeting, reading)`: what the front pages show (agenda, notes, norms), as read
      for this reading.
    """

    meeting: Callable[..., Any]
    districts: Callable[[Any], list]
    front: Callable[[Any, Reading], dict]


PARTS: dict[str, Part] = {}
PACKET: list[Packet] = []
# Which of a section's items' evidence files its reader may read (the evidence app's
# files_of_items), given by the evidence app.
FILES: list[Callable[[DistrictAccess, list], list]] = []


def discover() -> None:
    """Reads every app's `reportable.py` (from this app's AppConfig.ready): its `PARTS`, the
    meetings app's `PACKET`, the evidence app's `FILES`, where each declares them."""
    for module in declared_in("reportable"):
        PARTS.update((part.slug, part) for part in getattr(module, "PARTS", ()))
        if hasattr(module, "PACKET"):
            PACKET[:] = [module.PACKET]
        if hasattr(module, "FILES"):
            FILES[:] = [module.FILES]


def parts() -> list[Part]:
    """Every registered part, in the order a district's section shows them."""
    return sorted(PARTS.values(), key=lambda part: part.position)


def packet() -> Packet:
    return PACKET[0]


def files_of(access: DistrictAccess, items: list) -> list:
    return FILES[0](access, items) if FILES and items else []


def iso_date(value) -> str:
    """A date (or time) in an archive's table: ISO 8601, or empty."""
    return value.isoformat() if value else ""


def person_name(user) -> str:
    """A person in an archive's table: their name, else their address; empty for nobody."""
    return (user.full_name or user.email) if user else ""
