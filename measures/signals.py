from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rubrics.models import AssessmentRound


@receiver(post_save, sender=AssessmentRound)
def follow_submitted_round(sender, instance, raw=False, **kwargs):
    """A round submitted or reopened moves the points of the measures that follow a rubric
    dimension (after the round's own transaction has written its team ratings)."""
    if raw or kwargs.get("created") or kwargs.get("update_fields"):
        return  # made as a draft, or shared anew: its levels have not moved
    from measures.following import follow_district

    transaction.on_commit(lambda: follow_district(instance.district_id))


def follow_enrolment(sender, school, **kwargs):
    """A school's enrolment changed (schools.services, in its transaction): the district's
    measures weighted by enrolment are worked out again with it."""
    from measures.rollup import refresh_weighted

    refresh_weighted(school.district_id)
