"""My week: each person's things to do across their districts, newest first, each a link;
nobody ever sees another district's items; an empty week says so."""

import pytest
from django.urls import reverse

from dashboards.week import Todo, week_items
from districts.models import Membership
from tests.factories import UserFactory
from tests.week_helpers import fill_week

WEEK = reverse("dashboards:week")


@pytest.fixture
def week(cast, framework):
    return fill_week(cast, framework)


def todos(user) -> dict[str, set[str]]:
    found = {}
    for item in week_items(user):
        found.setdefault(item.todo, set()).add(item.title)
    return found


def threads(user) -> list[str]:
    return [item.note for item in week_items(user) if item.todo == Todo.ANSWER]


def test_a_members_week_has_their_rounds_steps_commitments_data_meetings_and_comments(
    cast, client_for, week
):
    found = todos(cast.member)
    assert found[Todo.RATE] == {"Rate “Fall 0”"}
    assert found[Todo.STEP] == {"Draft the criteria 0"}
    assert found[Todo.COMMITMENT] == {"Pilot the rubric 0"}
    assert found[Todo.DATA] == {"Add data to “Courses with criteria 0”"}
    assert found[Todo.MEETING] == {"Meeting 0"}
    assert found[Todo.EVALUATION] == {"How did Past meeting 0 go?"}
    assert found[Todo.ANSWER] == {"Comments on “Spring 0”"}
    [thread] = threads(cast.member)  # not the thread they answered
    assert thread.startswith("a thread waiting for your answer since")
    assert Todo.REVIEW not in found
    page = client_for("member").get(WEEK)
    assert page.status_code == 200
    text = page.content.decode()
    assert '<a href="/d/' in text and "Rate “Fall 0”" in text
    assert "Riverside School District" in text and "Moving to Implementation" in text
    # newest first: the commitment due in six days above the meeting in two
    assert text.index("Pilot the rubric 0") < text.index("Meeting 0") < text.index("Fall 0")


def test_a_coachs_week_has_the_rounds_to_review_and_the_answers_to_read(cast, week):
    found = todos(cast.coach)
    assert found[Todo.REVIEW] == {"Review “Spring 0”"}
    [thread] = threads(cast.coach)  # the team answered one of their threads
    assert thread.startswith("a thread of yours waiting for your answer")
    assert found[Todo.MEETING] == {"Meeting 0"}
    assert not {Todo.RATE, Todo.STEP, Todo.COMMITMENT, Todo.DATA, Todo.EVALUATION} & set(found)


def test_an_older_round_is_settled_by_a_later_one_and_a_reviewed_one_leaves(cast, framework, week):
    from django.utils import timezone

    from rubrics.models import AssessmentRound

    assert todos(cast.coach)[Todo.REVIEW] == {"Review “Spring 0”"}
    AssessmentRound.objects.filter(pk=week["spring"].pk).update(reviewed_at=timezone.now())
    assert Todo.REVIEW not in todos(cast.coach)


def test_the_lead_answered_the_evaluation_and_the_viewer_rates_nothing(cast, week):
    lead = todos(cast.lead)
    assert Todo.EVALUATION not in lead and Todo.STEP not in lead
    assert lead[Todo.RATE] == {"Rate “Fall 0”"}
    viewer = todos(cast.viewer)
    assert Todo.RATE not in viewer and viewer[Todo.EVALUATION] == {"How did Past meeting 0 go?"}
    assert Todo.ANSWER not in viewer  # a viewer does not reply to comments


def test_nobody_sees_another_districts_items(cast, client_for, week):
    """The isolation row of the week: Otto (Outer) sees only Outer's; Riverside's people never
    Outer's; the facilitator only the cohort's meetings; staff only their own relations'."""
    outsider = client_for("outsider").get(WEEK).content.decode()
    assert "Outer&#x27;s step 0" in outsider or "Outer's step 0" in outsider
    for text in ("Riverside", "Fall 0", "Pilot the rubric", "Meeting 0", "Spring 0"):
        assert text not in outsider, text
    for role in ("lead", "member", "viewer", "coach", "facilitator"):
        page = client_for(role).get(WEEK).content.decode()
        assert "Outer" not in page, role
    assert set(todos(cast.facilitator)) == {Todo.MEETING}
    assert todos(cast.staff) == {}  # every district is staff's to read, none theirs to do
    # a member who leaves the district leaves its items
    Membership.objects.filter(user=cast.member).delete()
    assert set(todos(cast.member)) == set()


def test_an_empty_week_says_so(db, client):
    client.force_login(UserFactory())
    text = client.get(WEEK).content.decode()
    assert "Nothing is waiting for you this week" in text


def test_the_header_links_to_the_week(cast, client_for):
    page = client_for("member").get(reverse("my_steps")).content.decode()
    assert f'<a href="{WEEK}">My week</a>' in page
