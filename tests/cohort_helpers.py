"""A cohort of any size, made fast (bulk, as seed_scale makes its data)."""

from datetime import timedelta

from django.utils import timezone

from districts.models import Membership
from rubrics.models import AssessmentRound, ConsensusRating
from tests.factories import DistrictFactory, UserFactory
from tests.rubric_helpers import dimensions_of


def grow_cohort(cast, framework, n: int, *, start: int = 0) -> list:
    """n more districts in the cast's cohort, each sharing a submitted round with the cohort
    (bulk, as seed_scale makes them): the even ones Performing on every dimension, the odd
    ones Initiating on every one; so every weak district could learn from every strong one
    on every dimension, the pairs growing with the square of the cohort."""
    dimensions = dimensions_of(framework)
    levels = list(framework.levels.order_by("position"))
    lead = UserFactory()
    made = []
    for i in range(start, start + n):
        district = DistrictFactory(name=f"Cohort district {i:03d}")
        Membership.objects.create(district=district, user=lead, role="lead")
        cast.cohort.districts.add(district)
        made.append(district)
    rounds = AssessmentRound.objects.bulk_create(
        AssessmentRound(
            district=district,
            title=f"Round of {district.name}",
            framework=framework,
            status="submitted",
            sharing="cohort",
            shared_with="cohort",
            submitted_at=timezone.now() - timedelta(days=1),
            submitted_by=lead,
        )
        for district in made
    )
    ConsensusRating.objects.bulk_create(
        ConsensusRating(
            district=round_.district,
            round=round_,
            dimension=dimension,
            level=levels[-1] if int(round_.district.name[-3:]) % 2 == 0 else levels[1],
            updated_by=lead,
        )
        for round_ in rounds
        for dimension in dimensions
    )
    return made
