"""Writes of the self-assessment. Callers have checked access through districts.access;
these keep rounds consistent, refuse stale saves, and say why when they refuse."""

import hashlib
import json
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from districts.access import (
    RULES,
    DistrictAccess,
    Relation,
    district_relations,
    school_relations,
)
from districts.models import Audience, District
from history.services import tracked_save
from notifications.models import Kind as NoticeKind
from notifications.services import Tell, long_date, notify, notify_many
from rubrics.models import (
    AssessmentRound,
    Comment,
    CommentsSeen,
    ConsensusRating,
    Descriptor,
    Dimension,
    Domain,
    Framework,
    Level,
    Rating,
    RoundReopening,
)
from schools.models import School

# ---------------------------------------------------------------- frameworks


def _framework_hash(data: dict) -> str:
    content = {k: data[k] for k in ("name", "description", "levels", "domains")}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _validate_framework(data: dict) -> None:
    levels = data.get("levels") or []
    if len(levels) < 2:
        raise ValidationError("A framework needs at least two levels.")
    if not data.get("domains"):
        raise ValidationError("A framework needs at least one domain.")
    for domain in data["domains"]:
        if not domain.get("dimensions"):
            raise ValidationError(f"Domain {domain.get('name')!r} has no dimensions.")
        for dimension in domain["dimensions"]:
            if len(dimension.get("descriptors", [])) != len(levels):
                raise ValidationError(
                    f"Dimension {dimension.get('name')!r} needs one descriptor per level "
                    f"({len(levels)})."
                )


def _framework_fill(framework: Framework, data: dict) -> None:
    levels = [
        Level.objects.create(framework=framework, position=i, name=name)
        for i, name in enumerate(data["levels"], start=1)
    ]
    for d_pos, domain_data in enumerate(data["domains"], start=1):
        domain = Domain.objects.create(
            framework=framework, position=d_pos, name=domain_data["name"]
        )
        for pos, dimension_data in enumerate(domain_data["dimensions"], start=1):
            dimension = Dimension.objects.create(
                domain=domain,
                position=pos,
                name=dimension_data["name"],
                key=dimension_data.get("key") or f"{d_pos}.{pos}",
            )
            Descriptor.objects.bulk_create(
                Descriptor(dimension=dimension, level=level, text=text)
                for level, text in zip(levels, dimension_data["descriptors"], strict=True)
            )


@transaction.atomic
def framework_load(*, data: dict) -> tuple[Framework, str]:
    """Load a framework from its data file. Unchanged: nothing happens. Changed and never
    used by a round: updated in place. Changed after use: a new version is created, so past
    rounds keep the text they were rated against. Returns the framework and what happened."""
    _validate_framework(data)
    content_hash = _framework_hash(data)
    latest = Framework.objects.filter(slug=data["slug"]).order_by("-version").first()
    if latest is not None and latest.content_hash == content_hash:
        return latest, "unchanged"
    if latest is not None and not latest.rounds.exists():
        latest.levels.all().delete()  # cascades through descriptors
        latest.domains.all().delete()
        latest.name, latest.description = data["name"], data.get("description", "")
        latest.content_hash = content_hash
        latest.save()
        _framework_fill(latest, data)
        return latest, "updated"
    framework = Framework.objects.create(
        slug=data["slug"],
        version=(latest.version + 1) if latest else 1,
        name=data["name"],
        description=data.get("description", ""),
        content_hash=content_hash,
    )
    _framework_fill(framework, data)
    return framework, "new version" if latest else "created"


# ---------------------------------------------------------------- rounds


def round_open(
    *,
    district: District,
    title: str,
    framework: Framework,
    due_date,
    sharing: str,
    acting_user: User,
    meeting=None,
) -> AssessmentRound:
    """Open a new self-assessment round (a draft, seen only by the district's team),
    optionally for a PLG meeting of one of the district's cohorts."""
    _require_current(framework)
    if meeting is not None and not meeting.cohort.districts.filter(pk=district.pk).exists():
        raise ValidationError({"meeting": "Choose a meeting of one of the district's cohorts."})
    round_ = AssessmentRound.objects.create(
        district=district,
        title=title.strip(),
        framework=framework,
        due_date=due_date,
        meeting=meeting,
        sharing=sharing,
        created_by=acting_user,
    )
    day = round_.due_date
    due = f", due {long_date(day)}" if day else ""
    tell_of_round(
        round_,
        NoticeKind.ROUND_OPENED,
        {Relation.LEAD, Relation.MEMBER},  # those who rate
        title=f"A round is open for you to rate: {round_.title}{due}",
        but=acting_user,
        name="rate",
    )
    return round_


def _require_current(framework: Framework) -> None:
    latest = Framework.objects.filter(slug=framework.slug).order_by("-version").first()
    if latest.pk != framework.pk:
        raise ValidationError({"framework": "Choose the current version of this framework."})


@transaction.atomic
def school_rounds_open(
    *,
    district: District,
    title: str,
    framework: Framework,
    due_date,
    schools: list[School],
    acting_user: User,
) -> list[AssessmentRound]:
    """Open one round for each of the chosen schools of the district (each its own round,
    rated, agreed and submitted on its own), all or none: refused, with nothing opened, for a
    school of another district, a closed school, or a school that has a round of this title
    already. Its raters are told (notify_many: the same queries for 2 schools or 1,000)."""
    _require_current(framework)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Give the round a title."})
    if not schools:
        raise ValidationError({"schools": "Choose at least one school, or all of them."})
    foreign = [s for s in schools if s.district_id != district.pk]
    if foreign:
        raise ValidationError({"schools": "Choose schools of this district only."})
    closed = sorted(s.name for s in schools if s.is_closed)
    if closed:
        raise ValidationError(
            {
                "schools": f"Closed schools have no new rounds: {', '.join(closed)}. Reopen a "
                "school first to assess it."
            }
        )
    twice = sorted(
        AssessmentRound.objects.filter(school__in=schools, title__iexact=title).values_list(
            "school__name", flat=True
        )
    )
    if twice:
        raise ValidationError(
            {
                "title": f"These schools have a round titled “{title}” already: "
                f"{', '.join(twice)}. Choose another title."
            }
        )
    opened = AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(
                district=district,
                school=school,
                title=title,
                framework=framework,
                due_date=due_date,
                sharing=Audience.COACHES,
                # A draft is read by the district's team and its school's people only
                # (access_school keeps out the district's other schools).
                shared_with=Audience.SCHOOLS,
                created_by=acting_user,
            )
            for school in sorted(schools, key=lambda s: s.name)
        ]
    )
    for round_, school in zip(opened, sorted(schools, key=lambda s: s.name), strict=True):
        round_.school = school
    _tell_school_rounds_opened(district, opened, acting_user)
    return opened


def school_raters(district: District, school_ids) -> dict[int, list[User]]:
    """Who rates each school's round, by school id: its school's leads and members (who
    change its work); for a school with none yet, the district's leads and members. Two
    queries at most, whatever the number of schools."""
    schools = school_relations(school_ids)
    raters = {
        school_id: [
            user for user, rel in schools.get(school_id, []) if RULES[rel].writes_own_school
        ]
        for school_id in school_ids
    }
    if not all(raters.values()):
        district_raters = [
            user
            for user, rel in district_relations(district).values()
            if RULES[rel].writes_work and user.is_active
        ]
        raters = {pk: found or district_raters for pk, found in raters.items()}
    return raters


def _tell_school_rounds_opened(
    district: District, opened: list[AssessmentRound], acting_user: User
) -> None:
    raters = school_raters(district, [round_.school_id for round_ in opened])
    day = opened[0].due_date if opened else None
    due = f", due {long_date(day)}" if day else ""
    notify_many(
        NoticeKind.ROUND_OPENED,
        [
            Tell(
                recipient=user,
                key=f"{NoticeKind.ROUND_OPENED}:{round_.code}",
                title=f"A school's round is open for you to rate: {round_.heading}{due}",
                url=round_url(round_, "rate"),
                district=district,
            )
            for round_ in opened
            for user in raters[round_.school_id]
            if user.pk != acting_user.pk
        ],
    )


@transaction.atomic
def school_rounds_close(*, school: School, acting_user: User | None = None) -> int:
    """Close the school's open rounds, as its school closed: each keeps its ratings
    (readable, no longer changed) and says why. Returns how many it closed."""
    day = timezone.localdate(school.closed_at, ZoneInfo(school.district.time_zone))
    note = f"Closed because the school closed on {long_date(day)}."
    return AssessmentRound.objects.filter(
        school=school, status=AssessmentRound.Status.DRAFT
    ).update(status=AssessmentRound.Status.CLOSED, closed_note=note)


def _require_draft(round_: AssessmentRound) -> None:
    if round_.status == AssessmentRound.Status.CLOSED:
        raise ValidationError(f"This round is closed and read-only. {round_.closed_note}")
    if round_.is_submitted:
        raise ValidationError("This round was submitted and is read-only. A lead can reopen it.")


def _require_dimension(round_: AssessmentRound, dimension: Dimension) -> None:
    if dimension.domain.framework_id != round_.framework_id:
        raise ValidationError("That dimension is not part of this round's framework.")


def _require_level(round_: AssessmentRound, level: Level | None) -> None:
    if level is not None and level.framework_id != round_.framework_id:
        raise ValidationError("That level is not part of this round's framework.")


@transaction.atomic
def rating_save(
    *,
    round_: AssessmentRound,
    dimension: Dimension,
    expected_version: int,
    level: Level | None,
    evidence: str,
    next_steps: str,
    acting_user: User,
) -> Rating:
    """Save the person's own rating of one dimension, refusing a save made against an
    older version (StaleSave) so that a second tab never overwrites the first; every change
    is kept in the history."""
    _require_draft(round_)
    _require_dimension(round_, dimension)
    _require_level(round_, level)
    return tracked_save(
        Rating,
        key={"round": round_, "dimension": dimension, "rater": acting_user},
        expected_version=expected_version,
        values={"level": level, "evidence": evidence, "next_steps": next_steps},
        defaults={"district_id": round_.district_id},
        acting_user=acting_user,
    )


@transaction.atomic
def consensus_save(
    *,
    round_: AssessmentRound,
    dimension: Dimension,
    expected_version: int,
    level: Level | None,
    evidence: str,
    next_steps: str,
    acting_user: User,
) -> ConsensusRating:
    """Record the team's rating of one dimension (leads). Stale saves are refused; every
    change is kept in the history with who, when, before and after."""
    _require_draft(round_)
    _require_dimension(round_, dimension)
    _require_level(round_, level)
    return tracked_save(
        ConsensusRating,
        key={"round": round_, "dimension": dimension},
        expected_version=expected_version,
        values={
            "level": level,
            "evidence": evidence,
            "next_steps": next_steps,
            "updated_by": acting_user,
        },
        defaults={"district_id": round_.district_id},
        acting_user=acting_user,
    )


@transaction.atomic
def round_submit(*, round_: AssessmentRound, sharing: str, acting_user: User) -> AssessmentRound:
    """Submit the round: every dimension needs a consensus level. It becomes read-only and
    is shared as the lead chooses (district only / coaches / coaches and cohort)."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    _require_draft(round_)
    if sharing not in Audience.values:
        raise ValidationError({"sharing": "Choose who may see the submitted round."})
    total = Dimension.objects.filter(domain__framework=round_.framework).count()
    agreed = round_.consensus.filter(level__isnull=False).count()
    if agreed < total:
        raise ValidationError(
            f"Record the team's rating of every dimension before submitting: {agreed} of "
            f"{total} have one."
        )
    round_.status = AssessmentRound.Status.SUBMITTED
    round_.sharing = round_.shared_with = sharing
    round_.submitted_at = timezone.now()
    round_.submitted_by = acting_user
    round_.save()
    tell_of_round(
        round_,
        NoticeKind.ROUND_SUBMITTED,
        # A school submits to its district: the district's leads are told too.
        {Relation.COACH, Relation.LEAD} if round_.school_id else {Relation.COACH},
        title=f"{round_.school.name if round_.school_id else round_.district.name} submitted "
        f"{round_.title}",
        but=acting_user,
    )
    return round_


@transaction.atomic
def round_share(*, round_: AssessmentRound, sharing: str, acting_user: User) -> AssessmentRound:
    """Change who sees a submitted round."""
    if sharing not in Audience.values:
        raise ValidationError({"sharing": "Choose who may see the submitted round."})
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    round_.sharing = sharing
    if round_.is_submitted:
        round_.shared_with = sharing
    round_.save(update_fields=["sharing", "shared_with"])
    return round_


@transaction.atomic
def round_reopen(*, round_: AssessmentRound, reason: str, acting_user: User) -> AssessmentRound:
    """Open a submitted round for changes again; the reason is kept. While reopened, the
    round is a draft and stays inside the district (a school's, with its school too)."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_submitted:
        raise ValidationError("This round is not submitted.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the round is reopened."})
    RoundReopening.objects.create(
        district_id=round_.district_id, round=round_, reopened_by=acting_user, reason=reason.strip()
    )
    round_.status = AssessmentRound.Status.DRAFT
    round_.shared_with = Audience.SCHOOLS if round_.school_id else Audience.DISTRICT
    round_.reviewed_at = round_.reviewed_by = None
    round_.save()
    return round_


# ---------------------------------------------------------------- review


def comment_add(
    *,
    round_: AssessmentRound,
    body: str,
    acting_user: User,
    dimension: Dimension | None = None,
    reply_to: Comment | None = None,
) -> Comment:
    """A coach's comment on the round or one dimension, or the district's reply."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write something first."})
    if dimension is not None:
        _require_dimension(round_, dimension)
    if reply_to is not None:
        if reply_to.round_id != round_.pk:
            raise ValidationError("That comment belongs to another round.")
        dimension = reply_to.dimension
        reply_to = reply_to.reply_to or reply_to  # replies stay one level deep
    comment = Comment.objects.create(
        district_id=round_.district_id,
        round=round_,
        dimension=dimension,
        reply_to=reply_to,
        author=acting_user,
        body=body,
    )
    comments_mark_seen(round_=round_, user=acting_user)
    _tell_of_comment(comment)
    return comment


def _round_readers(round_: AssessmentRound) -> dict[int, tuple[User, Relation]]:
    """The people of the round's district (its team and its coaches) who may read the round
    now, by the access rules, with their relation to the district."""
    district = round_.district
    relations = district_relations(district)
    reads: dict[Relation, bool] = {}

    def may_read(relation: Relation) -> bool:
        if relation not in reads:
            access = DistrictAccess(district=district, relation=relation)
            reads[relation] = (
                AssessmentRound.objects.readable_in(access).filter(pk=round_.pk).exists()
            )
        return reads[relation]

    return {pk: (user, rel) for pk, (user, rel) in relations.items() if may_read(rel)}


def person_name(user: User | None) -> str:
    return (user.full_name or user.email) if user else "Someone"


def round_url(round_: AssessmentRound, name: str = "round", **kwargs) -> str:
    """The path of one of the round's pages (its own by default)."""
    return reverse(
        f"rubrics:{name}",
        kwargs={"district": round_.district.code, "round_code": round_.code, **kwargs},
    )


def tell_of_round(
    round_: AssessmentRound,
    kind: str,
    relations: set[Relation],
    *,
    title: str,
    but: User,
    name: str = "round",
    key: str | None = None,
) -> None:
    """Tell those of the round's readers who stand in one of `relations` (never `but`)."""
    notify(
        kind=kind,
        recipients=[
            user
            for pk, (user, rel) in _round_readers(round_).items()
            if rel in relations and pk != but.pk
        ],
        key=key or f"{kind}:{round_.code}",
        title=title,
        url=round_url(round_, name),
        district=round_.district,
    )


def _tell_of_comment(comment: Comment) -> None:
    """A coach's comment is told to the district's team; the team's reply to the district's
    coaches; any reply also to those who wrote in the thread before. Only people who may
    read the round's comments now, by the access rules (a coach only while the round is
    shared with coaches)."""
    round_ = comment.round
    readers = {
        pk: (user, rel)
        for pk, (user, rel) in _round_readers(round_).items()
        if DistrictAccess(district=round_.district, relation=rel).can_read(Comment.audience)
    }
    by_coach = comment.author_id in readers and RULES[readers[comment.author_id][1]].comments
    told = {pk for pk, (_, rel) in readers.items() if RULES[rel].comments != by_coach}
    if comment.reply_to_id:
        told |= set(
            Comment.objects.filter(
                Q(pk=comment.reply_to_id) | Q(reply_to_id=comment.reply_to_id)
            ).values_list("author_id", flat=True)
        )
    where = f" on {comment.dimension.name}" if comment.dimension_id else ""
    anchor = f"#dimension-{comment.dimension.code}" if comment.dimension_id else "#comments"
    notify(
        kind=NoticeKind.COMMENT,
        recipients=[readers[pk][0] for pk in told if pk in readers and pk != comment.author_id],
        key=f"comment:{comment.code}",
        title=f"{person_name(comment.author)} {'replied' if comment.reply_to_id else 'commented'}"
        f"{where}: {round_.heading}",
        body=Truncator(comment.body).chars(300),
        url=round_url(round_) + anchor,
        district=round_.district,
    )


def round_mark_reviewed(*, round_: AssessmentRound, acting_user: User) -> AssessmentRound:
    """A coach marks a submitted round reviewed."""
    if not round_.is_submitted:
        raise ValidationError("Only a submitted round can be reviewed.")
    round_.reviewed_at = timezone.now()
    round_.reviewed_by = acting_user
    round_.save(update_fields=["reviewed_at", "reviewed_by"])
    tell_of_round(
        round_,
        NoticeKind.ROUND_REVIEWED,
        {Relation.LEAD},
        title=f"{person_name(acting_user)} reviewed {round_.heading}",
        but=acting_user,
        key=f"round-reviewed:{round_.code}:{round_.reviewed_at.isoformat()}",
    )
    return round_


def comments_mark_seen(*, round_: AssessmentRound, user: User) -> None:
    """Everything on the round so far counts as read by the person (one upsert)."""
    CommentsSeen.objects.bulk_create(
        [
            CommentsSeen(
                round=round_, user=user, seen_at=timezone.now(), district_id=round_.district_id
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "user"],
        update_fields=["seen_at"],
    )
