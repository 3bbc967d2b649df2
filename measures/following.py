"""A measure that follows a rubric dimension: its points are the team's level of that
dimension (the level's number: 1 for the first level) in each submitted round, with no
typing. Kept in step when a measure is saved and when a round is submitted or reopened."""

from decimal import Decimal

from django.db import transaction

from measures.models import DataPoint, Measure
from rubrics.models import AssessmentRound, ConsensusRating


@transaction.atomic
def follow_rounds(measure: Measure) -> int:
    """Make the measure's points those of the district's submitted rounds (3 queries and a
    write per changed round); returns how many points it holds from rounds."""
    if not measure.follows_dimension or measure.dimension_id is None:
        return 0
    key = measure.dimension.key
    levels = {
        rating.round_id: rating
        for rating in ConsensusRating.objects.filter(
            district_id=measure.district_id,
            round__status=AssessmentRound.Status.SUBMITTED,
            round__school__isnull=True,  # the district's own rounds, not its schools'
            dimension__key=key,
            level__isnull=False,
        ).select_related("round", "level")
    }
    held = {p.from_round_id: p for p in measure.points.filter(from_round__isnull=False)}
    for round_id, point in held.items():
        if round_id not in levels:
            point.delete()  # the round was reopened, or its rating taken back
    for round_id, rating in levels.items():
        value = Decimal(rating.level.position)
        as_of = (rating.round.submitted_at or rating.round.created_at).date()
        point = held.get(round_id)
        if point is None:
            DataPoint.objects.create(
                district_id=measure.district_id,
                measure=measure,
                value=value,
                as_of=as_of,
                source=f"Team rating, {rating.round.title}",
                from_round=rating.round,
            )
        elif (point.value, point.as_of) != (value, as_of):
            point.value, point.as_of = value, as_of
            point.save(update_fields=["value", "as_of", "updated_at"])
    return len(levels)


def follow_district(district_id: int) -> None:
    for measure in Measure.objects.filter(
        district_id=district_id, follows_dimension=True
    ).select_related("dimension"):
        follow_rounds(measure)
