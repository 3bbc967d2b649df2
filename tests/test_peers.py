"""Peer matching: a district's team reads the districts of its cohorts that rate Performing
where it does not, by their rounds shared with the cohort (levels only) with their related
problems of practice; the facilitators read the same as pairing suggestions and put a pair
on the next meeting's agenda."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from tests.meeting_helpers import submit_problem
from tests.rubric_helpers import dimensions_of, submitted_round


@pytest.fixture
def levels(cast, framework):
    """Riverside Initiating everywhere (shared with its coaches only); Hillcrest Performing on
    the first dimension and on summative assessments, shared with the cohort, with a problem
    of practice on scoring criteria shared with the cohort and one kept from it."""
    submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026", default=1)
    from tests.factories import MembershipFactory

    hill_lead = MembershipFactory(district=cast.hillcrest, role="lead").user
    hill = submitted_round(
        cast.hillcrest, hill_lead, framework, title="Hillcrest spring", sharing="cohort", default=2
    )
    from rubrics.models import ConsensusRating, Level

    top = Level.objects.get(framework=framework, position=3)
    dimensions = dimensions_of(framework)
    first, third = dimensions[0], dimensions[4]  # 1.1 and 2.1 (summative: scoring criteria)
    ConsensusRating.objects.filter(round=hill, dimension__in=[first, third]).update(level=top)
    meeting = Meeting.objects.create(
        cohort=cast.cohort, title="Meeting 4", first_date=timezone.localdate() + timedelta(days=9)
    )
    for shared, text in ((True, "How do we write scoring criteria?"), (False, "Kept criteria")):
        submit_problem(meeting, cast.hillcrest, hill_lead, text, topics=["criteria"], shared=shared)
    return meeting, first, third


def test_a_district_reads_the_peers_strong_where_it_is_not(cast, client_for, framework, levels):
    _, first, third = levels
    page = client_for("member").get(
        reverse("dashboards:peers", kwargs={"district": cast.riverside.code})
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert first.name in text and third.name in text
    assert text.count("Hillcrest Regional School Unit") == 2  # two dimensions
    # only what Hillcrest shares with the cohort: the shared problem, on a related topic
    # (scoring criteria, beside summative assessments; not beside the framework)
    assert text.count("How do we write scoring criteria?") == 1 and "Kept criteria" not in text
    # a coach or a facilitator does not open a district's peers page
    for role, status in (("coach", 403), ("facilitator", 403), ("outsider", 404)):
        response = client_for(role).get(
            reverse("dashboards:peers", kwargs={"district": cast.riverside.code})
        )
        assert response.status_code == status, role


def test_a_round_not_shared_with_the_cohort_suggests_nobody(cast, client_for, framework, levels):
    from rubrics.models import AssessmentRound

    AssessmentRound.objects.filter(district=cast.hillcrest).update(shared_with="coaches")
    page = client_for("lead").get(
        reverse("dashboards:peers", kwargs={"district": cast.riverside.code})
    )
    assert "Hillcrest" not in page.content.decode()


def test_the_facilitator_puts_a_suggested_pair_on_the_next_agenda(
    cast, client_for, framework, levels
):
    from rubrics.models import AssessmentRound

    # Riverside shares its round with the cohort, so the facilitators read its levels too
    AssessmentRound.objects.filter(district=cast.riverside).update(shared_with="cohort")
    meeting, first, _ = levels
    facilitator = client_for("facilitator")
    page = facilitator.get(reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code}))
    assert "Riverside School District could learn from" in page.content.decode()
    add = reverse("dashboards:pairing_add", kwargs={"cohort": cast.cohort.code})
    data = {"district": cast.riverside.code, "peer": cast.hillcrest.code, "dimension": first.key}
    assert client_for("lead").post(add, data).status_code == 404
    assert facilitator.post(add, data).status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (
        item.title
        == f"Pairing: Riverside School District with Hillcrest Regional School Unit on {first.name}"
    )
    # a pair that is not suggested is refused
    facilitator.post(add, {**data, "dimension": "9.9"})
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
