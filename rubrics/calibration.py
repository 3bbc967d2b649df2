"""The coach's calibration rating: an assigned coach rates the same rubric independently,
once the round is shared with coaches; published, it stands beside the team's rating and
the gap between them is the agenda of the next coaching conversation.

Who reads a calibration: its coach (draft or published); once published, the district's
team, its other coaches and staff. Never the cohort (its facilitators and other districts),
whatever the round's sharing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from districts.access import DistrictAccess, Relation, coaches_read
from notifications.models import Kind as NoticeKind
from rubrics.models import (
    AssessmentRound,
    CoachCalibration,
    CoachRating,
    ConsensusRating,
    Dimension,
    Level,
)
from rubrics.services import person_name, tell_of_round

# Levels this far apart, or one apart with the coach's evidence pointing the other way,
# are on the agenda.
FAR_APART = 2


def calibration_open(access: DistrictAccess, round_: AssessmentRound) -> bool:
    """The round's calibrations are open to the person: a submitted round its coaches read
    (shared with them or with the cohort), for those who read the coaching
    (DistrictAccess.reads_coaching: never the cohort's facilitators)."""
    return access.reads_coaching and round_.is_submitted and coaches_read(round_.shared_with)


def may_calibrate(access: DistrictAccess, round_: AssessmentRound) -> bool:
    """An assigned coach (DistrictAccess.can_calibrate), on a round open to calibration."""
    return access.can_calibrate and calibration_open(access, round_)


def readable_calibrations(access: DistrictAccess, round_: AssessmentRound, user) -> QuerySet:
    """The calibrations of the round the person reads (see the module's docstring): those
    published, for whoever reads the coaching; a coach's own draft too, for its coach."""
    rows = CoachCalibration.objects.filter(district=access.district, round=round_)
    if not access.reads_coaching:
        return rows.none()
    published = Q(published_at__isnull=False)
    rows = rows.filter(published | Q(coach=user) if access.can_calibrate else published)
    return rows.select_related("coach").order_by("created_at", "pk")


def team_levels(round_: AssessmentRound) -> dict[int, Level]:
    """The team's level of each dimension it has rated, by dimension id (1 query); read by
    whoever reads the round's calibrations (the team rating is shared with the round)."""
    return {
        c.dimension_id: c.level
        for c in ConsensusRating.objects.filter(round=round_, level__isnull=False).select_related(
            "level"
        )
    }


@dataclass
class Gap:
    dimension: Dimension
    team: Level | None
    coach: Level | None
    rating: CoachRating | None
    on_agenda: bool = False

    @property
    def distance(self) -> int | None:
        if self.team is None or self.coach is None:
            return None
        return abs(self.team.position - self.coach.position)


@dataclass
class Comparison:
    calibration: CoachCalibration
    gaps: list[Gap] = field(default_factory=list)

    @property
    def agenda(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.on_agenda]

    @property
    def compared(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.distance is not None]

    @property
    def agreeing(self) -> int:
        return sum(1 for gap in self.compared if gap.distance == 0)


def comparisons(
    round_: AssessmentRound,
    calibrations: list[CoachCalibration],
    *,
    team: dict[int, Level] | None = None,
) -> list[Comparison]:
    """Each calibration beside the team's rating (`team`: team_levels(), when the caller
    has it), dimension by dimension, in the rubric's order (three queries however many
    calibrations and dimensions)."""
    if not calibrations:
        return []
    dimensions = list(
        Dimension.objects.filter(domain__framework=round_.framework).order_by(
            "domain__position", "position"
        )
    )
    if team is None:
        team = team_levels(round_)
    ratings: dict[tuple[int, int], CoachRating] = {
        (r.calibration_id, r.dimension_id): r
        for r in CoachRating.objects.filter(calibration__in=calibrations).select_related("level")
    }
    found = []
    for calibration in calibrations:
        comparison = Comparison(calibration)
        for dimension in dimensions:
            rating = ratings.get((calibration.pk, dimension.pk))
            gap = Gap(dimension, team.get(dimension.pk), rating.level if rating else None, rating)
            gap.on_agenda = on_agenda(gap.distance, rating is not None and rating.evidence_differs)
            comparison.gaps.append(gap)
        found.append(comparison)
    return found


def calibration_save(
    *, access: DistrictAccess, user, round_: AssessmentRound, answers: dict, publish: bool
) -> CoachCalibration:
    """The coach's levels, reasons and flags ({dimension id: (level or None, rationale,
    evidence_differs)}); `publish` shows them to the district (a level for every dimension
    first)."""
    if not may_calibrate(access, round_):
        raise PermissionDenied(
            "Only a coach of the district rates a submitted round shared with its coaches."
        )
    levels = {level.pk: level for level in round_.framework.levels.all()}
    dimensions = set(
        Dimension.objects.filter(domain__framework=round_.framework).values_list("pk", flat=True)
    )
    if set(answers) - dimensions:
        raise ValidationError("A dimension of another framework was sent.")
    if any(level is not None and level not in levels for level, _, _ in answers.values()):
        raise ValidationError("Choose one of the framework's levels.")
    if publish and (
        set(answers) != dimensions or any(level is None for level, _, _ in answers.values())
    ):
        raise ValidationError("Choose a level for every dimension before publishing.")
    with transaction.atomic():
        calibration, _ = CoachCalibration.objects.select_for_update().get_or_create(
            district=round_.district, round=round_, coach=user
        )
        for dimension_id, (level, rationale, differs) in answers.items():
            CoachRating.objects.update_or_create(
                district=round_.district,
                calibration=calibration,
                dimension_id=dimension_id,
                defaults={
                    "level_id": level,
                    "rationale": rationale.strip(),
                    "evidence_differs": bool(differs),
                },
            )
        published = publish and not calibration.is_published
        if published:
            calibration.published_at = timezone.now()
        calibration.save()
        if published:
            _tell_published(calibration, user)
    return calibration


def _tell_published(calibration: CoachCalibration, coach) -> None:
    """The district's leads are told of a calibration published (once per publication: a
    calibration withdrawn and published again is news again)."""

    round_ = calibration.round
    tell_of_round(
        round_,
        NoticeKind.CALIBRATION_PUBLISHED,
        {Relation.LEAD},
        title=f"{person_name(coach)} published a calibration of {round_.title}",
        but=coach,
        name="calibration",
        key=f"calibration-published:{calibration.pk}:{calibration.published_at.isoformat()}",
    )


def calibration_withdraw(*, user, calibration: CoachCalibration) -> None:
    """The coach takes their published calibration back to change it."""
    if calibration.coach_id != user.pk:
        raise PermissionDenied("Only its coach withdraws a calibration.")
    CoachCalibration.objects.filter(pk=calibration.pk).update(published_at=None)


@dataclass(frozen=True)
class Agreement:
    """How one calibration compares with the team's rating, as figures."""

    agreeing: int
    compared: int
    agenda: int

    def __str__(self) -> str:
        return f"{self.agreeing} of {self.compared} agree, {self.agenda} on the agenda"


def on_agenda(distance: int | None, evidence_differs: bool) -> bool:
    return distance is not None and (distance >= FAR_APART or (distance == 1 and evidence_differs))


def agreement_by_district(coach, district_ids: list[int]) -> dict[int, Agreement]:
    """For the coach dashboard: the coach's latest published calibration of each district,
    compared with its team's rating (three queries, however many districts)."""
    latest: dict[int, CoachCalibration] = {}
    for calibration in CoachCalibration.objects.filter(
        coach=coach, district_id__in=district_ids, published_at__isnull=False
    ).order_by("published_at", "pk"):
        latest[calibration.district_id] = calibration
    if not latest:
        return {}
    team = {
        (round_id, dimension_id): position
        for round_id, dimension_id, position in ConsensusRating.objects.filter(
            round_id__in=[c.round_id for c in latest.values()], level__isnull=False
        ).values_list("round_id", "dimension_id", "level__position")
    }
    by_calibration = {c.pk: c for c in latest.values()}
    counts = {pk: [0, 0, 0] for pk in by_calibration}
    for calibration_id, dimension_id, position, differs in CoachRating.objects.filter(
        calibration_id__in=list(by_calibration), level__isnull=False
    ).values_list("calibration_id", "dimension_id", "level__position", "evidence_differs"):
        mine = team.get((by_calibration[calibration_id].round_id, dimension_id))
        if mine is None:
            continue
        distance = abs(mine - position)
        figures = counts[calibration_id]
        figures[0] += distance == 0
        figures[1] += 1
        figures[2] += on_agenda(distance, differs)
    return {c.district_id: Agreement(*counts[c.pk]) for c in latest.values()}
