"""What a packet or a report shows of each district, read as the person who asked for it.

Every read goes through the access layer (readable_in() with the reader's standing in each
district), so a document never shows more than its reader may see on the web: a facilitator
gets the levels of rounds shared with the cohort (no evidence), a coach what is shared with
coaches, the district's team all. The participants' packet reads every district as its cohort
does (districts.access.as_the_cohort_reads), the same for whoever asks.

What a section holds is what the features contribute (districts.documents, each app's
reportable.py): this module reads no feature itself.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import User
from config.compiled import compiled
from districts import documents
from districts.access import (
    DistrictAccess,
    as_the_cohort_reads,
    cohort_access,
    district_accesses,
)
from districts.documents import Reading
from districts.models import District
from reports.models import ReportJob


@dataclass
class Shown:
    """One part of a section as read: the part (its template) and what it read."""

    part: documents.Part
    data: Any


@dataclass
class DistrictSection:
    district: District
    access: DistrictAccess
    for_cohort: bool = False  # read as the whole cohort reads it (the participants' packet)
    parts: list[Shown] = field(default_factory=list)  # what each feature shows, in order
    files: list = field(default_factory=list)  # its items' evidence files the reader may read

    @property
    def sources(self) -> dict:
        """Which round, earlier round and plan version this section used, for the record."""
        found = {"district": self.district.code, "name": self.district.name}
        for shown in self.parts:
            found.update(shown.part.sources(shown.data))
        return found


def prepared(reading: Reading) -> Reading:
    """The reading with what each part reads once for the whole document."""
    for part in documents.parts():
        if part.prepare is not None:
            reading.prepared[part.slug] = part.prepare(reading)
    return reading


def district_section(access: DistrictAccess, reading: Reading | None = None) -> DistrictSection:
    """One district as its reader may read it (`access` is their standing in it), each
    feature's part read as that reader (districts.documents)."""
    reading = reading or Reading()
    section = DistrictSection(
        district=access.district, access=access, for_cohort=reading.for_cohort
    )
    items = []
    for part in documents.parts():
        if part.read is None or part.template is None:
            continue
        data = part.read(access, reading)
        if data is None:
            continue
        section.parts.append(Shown(part, data))
        items += part.items_with_files(data)
    section.files = documents.files_of(access, items)
    return section


def packet_sections(meeting, user: User) -> Iterator[DistrictSection]:
    """The facilitators' packet: each participating district as the person may read it; a
    district they have no relation to is left out. One district at a time, so that the first
    sections can be laid out while the next are read."""
    reading = prepared(
        Reading(meeting=meeting, reader=user, cohort_access=cohort_access(user, meeting.cohort))
    )
    districts = documents.packet().districts(meeting)
    accesses = district_accesses(user, districts)
    for district in districts:
        if district.pk in accesses:
            yield district_section(accesses[district.pk], reading)


def participants_sections(meeting) -> Iterator[DistrictSection]:
    """The participants' packet: each participating district as its cohort reads it, with
    only the problems of practice shared with the cohort. Nobody's own standing shows in it,
    so it is the same whoever asks. One district at a time, as packet_sections()."""
    reading = prepared(Reading(meeting=meeting, for_cohort=True))
    for district in documents.packet().districts(meeting):
        yield district_section(as_the_cohort_reads(district), reading)


def jobs_of(user: User, subject: str | list[str]) -> QuerySet[ReportJob]:
    """The person's own documents of a subject (or of any of several), newest first (a
    document shows what its reader may see, so it is theirs alone)."""
    subjects = [subject] if isinstance(subject, str) else subject
    return ReportJob.objects.filter(requested_by=user, subject__in=subjects).order_by("-created_at")


def recent_jobs_of(user: User, subjects: list[str], limit: int) -> list[ReportJob]:
    """The person's newest documents of these subjects (jobs_of), at most `limit`: for the
    district's home, whose first view reads them (compiled once: config.compiled)."""
    named = {f"subject_{i}": subject for i, subject in enumerate(subjects)}
    return compiled(
        ("recent-jobs", len(named), limit),
        lambda user_id, **named: jobs_of(User(pk=user_id), list(named.values()))[:limit],
    ).objects(user_id=user.pk, **named)


def job_of(user: User, code) -> ReportJob | None:
    """One of the person's jobs, or None (anyone else's is as missing)."""
    return (
        ReportJob.objects.filter(requested_by=user, code=code)
        .select_related("meeting__cohort", "district")
        .first()
    )


def queue_state() -> dict:
    """How many jobs wait or run, and the age of the oldest none has started, for operators
    (/health/, /metrics): no person's data. Two queries on the status."""
    from reports.models import ReportJob

    unfinished = ReportJob.objects.filter(status__in=ReportJob.ACTIVE)
    counts = {"queued": 0, "running": 0}
    counts.update(unfinished.values_list("status").annotate(n=Count("pk")).order_by())
    oldest = (
        unfinished.filter(status=ReportJob.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return {
        "counts": counts,
        "oldest_queued_seconds": (
            round((timezone.now() - oldest).total_seconds()) if oldest else None
        ),
    }
