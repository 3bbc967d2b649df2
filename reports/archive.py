"""A district's whole record as one zip: every table as CSV, all of it again as JSON, the
competencies also as the XLSX the import takes back, and the evidence files beside them, so
that a district is never locked in. Made by a worker (reports.tasks.archive_make) with its
progress on the job's page; read as the lead who asked reads it (everything)."""

import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from django.utils import timezone

from competencies import exchange
from districts.access import DistrictAccess
from districts.tables import to_csv, to_xlsx
from evidence.kinds import kind_of_model
from evidence.models import Attachment
from meetings.models import Commitment, ProblemOfPractice
from planning.models import ActionStep, EngagementActivity, PlanCell, PolicyReview
from rubrics.models import AssessmentRound, ConsensusRating, Rating

README = """{name}: the district's whole record in Waypoint, made {made}.

Each .csv file is one table (UTF-8, first row the columns); record.json holds the same
tables. competencies.xlsx is the competencies' file that Waypoint's import takes back.
files/ holds the evidence files, one folder per item; files.csv lists them and the links,
with the item each belongs to and who added it.
"""


def _date(value) -> str:
    return value.isoformat() if value else ""


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


def tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The district's tables (header first), read through the access layer."""
    return {
        **_rubric_tables(access),
        "competencies": exchange.rows(access.district),
        **_planning_tables(access),
        **_measure_tables(access),
        **_meeting_tables(access),
    }


def _rubric_tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The rounds, the team's ratings and each rater's."""
    rounds = AssessmentRound.objects.readable_in(access).select_related("framework")
    return {
        "rounds": [["Round", "Framework", "Status", "Shared with", "Due", "Submitted"]]
        + [
            [
                r.title,
                r.framework.name,
                r.get_status_display(),
                r.shared_with,
                _date(r.due_date),
                _date(r.submitted_at),
            ]
            for r in rounds.order_by("created_at", "pk")
        ],
        "team-ratings": [["Round", "Domain", "Dimension", "Level", "Evidence", "Next steps"]]
        + [
            [
                c.round.title,
                c.dimension.domain.name,
                c.dimension.name,
                c.level.name if c.level_id else "",
                c.evidence,
                c.next_steps,
            ]
            for c in ConsensusRating.objects.readable_in(access)
            .select_related("round", "dimension__domain", "level")
            .order_by("round__created_at", "dimension__domain__position", "dimension__position")
        ],
        "ratings": [["Round", "Rater", "Domain", "Dimension", "Level", "Evidence", "Next steps"]]
        + [
            [
                r.round.title,
                _name(r.rater),
                r.dimension.domain.name,
                r.dimension.name,
                r.level.name if r.level_id else "",
                r.evidence,
                r.next_steps,
            ]
            for r in Rating.objects.readable_in(access)
            .select_related("round", "rater", "dimension__domain", "level")
            .order_by(
                "round__created_at",
                "rater__full_name",
                "dimension__domain__position",
                "dimension__position",
            )
        ],
    }


def _planning_tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The long-term plan, the action steps, the policy reviews and the engagement."""
    return {
        "long-term-plan": [["June", "Strand", "Target", "Status", "Notes"]]
        + [
            [c.year, c.get_strand_display(), c.target, c.get_status_display(), c.notes]
            for c in PlanCell.objects.readable_in(access).order_by("year", "strand")
        ],
        "action-steps": [
            [
                "Action plan",
                "Step",
                "Description",
                "Evidence",
                "Start",
                "Due",
                "Coordinator",
                "Participants",
                "External support",
                "Resources",
                "Status",
            ]
        ]
        + [
            [
                s.plan.goal,
                s.position,
                s.description,
                s.evidence,
                _date(s.start_date),
                _date(s.due_date),
                s.coordinator_label,
                s.participants,
                s.external_support,
                s.resources,
                s.get_status_display(),
            ]
            for s in ActionStep.objects.readable_in(access)
            .select_related("plan", "coordinator")
            .order_by("plan__created_at", "position", "pk")
        ],
        "policies": [["Policy area", "Codes", "Status", "Last reviewed", "Notes", "Link"]]
        + [
            [
                p.area,
                p.policy_codes,
                p.get_status_display(),
                _date(p.last_reviewed),
                p.notes,
                p.link,
            ]
            for p in PolicyReview.objects.readable_in(access).order_by("position", "pk")
        ],
        "engagement": [
            [
                "Activity",
                "Date",
                "Spectrum",
                "Audience",
                "Who took part",
                "Missing voices",
                "What came of it",
            ]
        ]
        + [
            [
                e.title,
                _date(e.date),
                e.get_spectrum_display(),
                e.audience_description,
                e.participants,
                e.missing_voices,
                e.outcome,
            ]
            for e in EngagementActivity.objects.readable_in(access).order_by("date", "pk")
        ],
    }


def _meeting_tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The problems of practice and the commitments made at meetings."""
    return {
        "problems-of-practice": [
            [
                "Meeting",
                "Date",
                "Kind",
                "Topics",
                "Problem",
                "Shared with the cohort",
                "Said in the room",
            ]
        ]
        + [
            [
                p.meeting.title,
                _date(p.meeting.first_date),
                p.get_kind_display(),
                "; ".join(p.topic_labels()),
                p.text,
                "yes" if p.share_with_cohort else "no",
                p.discussion,
            ]
            for p in ProblemOfPractice.objects.readable_in(access)
            .select_related("meeting")
            .order_by("meeting__first_date", "pk")
        ],
        "commitments": [["Meeting", "Date", "Kind", "Text", "Owner", "Due"]]
        + [
            [
                c.meeting.title,
                _date(c.meeting.first_date),
                c.get_kind_display(),
                c.text,
                _name(c.owner),
                _date(c.due_date),
            ]
            for c in Commitment.objects.readable_in(access)
            .select_related("meeting", "owner")
            .order_by("meeting__first_date", "pk")
        ],
    }


def _measure_tables(access: DistrictAccess) -> dict[str, list[list]]:
    """The plan's measures with their targets and status, and their data in the columns the
    measures' import reads (notes only for who reads evidence)."""
    from measures import exchange as measure_exchange
    from measures.models import DataPoint
    from measures.selectors import measures_of

    if not access.reads_plan:
        return {}
    measures = measures_of(access)
    points = list(DataPoint.objects.readable_in(access).filter(measure__in=measures))
    header = [
        "Measure",
        "What it counts",
        "Strand",
        "Kind",
        "Unit",
        "Better",
        "Baseline",
        "Baseline as of",
        "Baseline source",
        "New data due",
        "Owner",
        "Targets",
        "Status",
    ]
    return {
        "measures": [header]
        + [
            [
                m.name,
                m.counts,
                m.get_strand_display(),
                m.get_kind_display(),
                m.unit_word if m.unit == "number" else m.get_unit_display(),
                m.get_direction_display(),
                m.baseline_value,
                _date(m.baseline_date),
                m.baseline_source,
                m.get_cadence_display(),
                _name(m.owner),
                "; ".join(f"June {t.year}: {t.value}" for t in m.target_list),
                m.standing.label,
            ]
            for m in measures
        ],
        "measure-data": measure_exchange.rows(measures, points, with_notes=access.reads_evidence),
    }


def _attachments(access: DistrictAccess) -> list[Attachment]:
    return list(
        Attachment.objects.readable_in(access)
        .filter(removed_at__isnull=True)
        .select_related("added_by", "item_type")
        .order_by("added_at", "pk")
    )


def build(access: DistrictAccess, progress: Callable[[int, str], None]):
    """The zip, in a temporary file (files are copied in chunks, never whole in memory)."""
    district = access.district
    out = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, who closes it)
    progress(10, "Reading the district's rounds, competencies, plans and meetings")
    data = tables(access)
    attachments = _attachments(access)
    files_table = [["Item", "Name", "Type", "In this archive, or the link", "Added by", "Added"]]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        made = timezone.localtime().strftime("%B %-d, %Y, %H:%M")
        archive.writestr("README.txt", README.format(name=district.name, made=made))
        for name, table in data.items():
            archive.writestr(f"{name}.csv", to_csv(table))
        archive.writestr("competencies.xlsx", to_xlsx(data["competencies"], title="Competencies"))
        progress(30, f"Adding {len(attachments)} evidence file(s) and link(s)")
        used: set[str] = set()
        for number, attachment in enumerate(attachments, start=1):
            kind = kind_of_model(attachment.item_type.model_class())
            item = attachment.item
            title = kind.title(item) if kind and item else ""
            where = attachment.url
            if attachment.is_file:
                where = _unique(
                    used,
                    f"files/{kind.slug if kind else 'item'}/{attachment.item_id}/{attachment.name}",
                )
                with (
                    attachment.file.open("rb") as source,
                    archive.open(where, "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(source, target, 1024 * 1024)
            files_table.append(
                [
                    title,
                    attachment.name,
                    attachment.get_type_display(),
                    where,
                    _name(attachment.added_by),
                    _date(attachment.added_at),
                ]
            )
            progress(
                30 + 60 * number // max(len(attachments), 1),
                f"Added {number} of {len(attachments)} files and links",
            )
        archive.writestr("files.csv", to_csv(files_table))
        record = {
            "district": {
                "name": district.name,
                "state": district.state,
                "exported_at": timezone.now().isoformat(),
            },
            **{
                name: [dict(zip(table[0], row, strict=False)) for row in table[1:]]
                for name, table in {**data, "files": files_table}.items()
            },
        }
        archive.writestr(
            "record.json", json.dumps(record, indent=2, ensure_ascii=False, default=str)
        )
    out.seek(0)
    return out


def _unique(used: set[str], path: str) -> str:
    """The path, or with " (2)", " (3)" before its extension if taken."""
    candidate, n = path, 1
    while candidate in used:
        n += 1
        pure = PurePosixPath(path)
        candidate = str(pure.with_name(f"{pure.stem} ({n}){pure.suffix}"))
    used.add(candidate)
    return candidate
