import re
from datetime import date

import pytest
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, ProblemOfPractice, Protocol
from tests.meeting_helpers import murl, submit_problem


@pytest.fixture
def meeting(cast):
    return Meeting.objects.create(
        cohort=cast.cohort,
        title="Meeting 1",
        first_date=date(2026, 12, 15),
        second_date=date(2026, 12, 16),
    )


def test_facilitator_plans_a_two_day_meeting(cast, client_for):
    response = client_for("facilitator").post(
        murl("meeting_new", cohort=cast.cohort.code),
        {
            "title": "Moving to Implementation",
            "first_date": "2026-12-15",
            "second_date": "2026-12-16",
            "location": "Portland",
            "outcomes": "Draft a plan",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.cohort, meeting.location) == (cast.cohort, "Portland")


def test_a_second_day_before_the_first_is_refused(cast, client_for):
    response = client_for("facilitator").post(
        murl("meeting_new", cohort=cast.cohort.code),
        {"title": "M", "first_date": "2026-12-15", "second_date": "2026-12-14"},
    )
    assert response.status_code == 400
    assert "The second day comes after the first" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead", 200),
        ("viewer", 200),
        ("coach", 200),
        ("facilitator", 200),
        ("staff", 200),
        ("outsider", 404),
    ],
)
def test_the_cohorts_districts_read_the_meeting(cast, client_for, meeting, role, status):
    assert client_for(role).get(murl("meeting", meeting=meeting.code)).status_code == status


def test_only_facilitators_change_a_meeting(cast, client_for, meeting):
    for role in ("lead", "coach"):
        response = client_for(role).post(
            murl("meeting_edit", meeting=meeting.code),
            {"title": "Changed", "first_date": "2026-12-15"},
        )
        assert response.status_code == 403
    assert Meeting.objects.get().title == "Meeting 1"


def test_the_agenda_shows_the_protocol_with_its_timed_steps(cast, client_for, meeting):
    protocol = Protocol.objects.create(
        name="Quick Fire Protocol",
        steps=[
            {"title": "Individually write dilemma", "minutes": 5},
            {"title": "First Presenter", "minutes": 2},
        ],
    )
    client_for("facilitator").post(
        murl("agenda_new", meeting=meeting.code),
        {"title": "Connections", "time": "09:30", "protocol": protocol.code},
    )
    page = client_for("lead").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "Quick Fire Protocol</strong> (7 minutes)" in page
    assert "Individually write dilemma (5 minutes)" in page
    assert AgendaItem.objects.get().time.hour == 9


def test_attendance_is_by_district_of_the_cohort(cast, client_for, meeting):
    client_for("facilitator").post(
        murl("attendance", meeting=meeting.code), {"districts": [cast.riverside.code]}
    )
    assert list(meeting.attending.all()) == [cast.riverside]
    response = client_for("facilitator").post(
        murl("attendance", meeting=meeting.code), {"districts": [cast.outer.code]}, follow=True
    )
    assert b"Attendance was not saved" in response.content
    assert list(meeting.attending.all()) == [cast.riverside]


def test_a_district_member_brings_a_problem_of_practice(cast, client_for, meeting):
    response = client_for("member").post(
        murl("problem_new", meeting=meeting.code),
        {
            "district": cast.riverside.code,
            "kind": "how",
            "topics": ["norming", "criteria"],
            "text": "How do we norm scoring across schools?",
        },
    )
    assert response.status_code == 302
    problem = ProblemOfPractice.objects.get()
    assert (problem.district, problem.submitted_by, problem.share_with_cohort) == (
        cast.riverside,
        cast.member,
        False,
    )


def test_viewers_coaches_and_outsiders_cannot_submit(cast, client_for, meeting):
    data = {"district": cast.riverside.code, "kind": "how", "text": "x"}
    assert (
        client_for("viewer").post(murl("problem_new", meeting=meeting.code), data).status_code
        == 403
    )
    assert (
        client_for("coach").post(murl("problem_new", meeting=meeting.code), data).status_code == 403
    )
    assert (
        client_for("outsider").post(murl("problem_new", meeting=meeting.code), data).status_code
        == 404
    )
    assert not ProblemOfPractice.objects.exists()


def test_facilitators_see_every_problem_grouped_by_topic(cast, client_for, meeting):
    from districts.models import Membership

    Membership.objects.create(district=cast.hillcrest, user=cast.outsider, role="lead")
    submit_problem(meeting, cast.riverside, cast.member, "Riverside private question")
    submit_problem(
        meeting,
        cast.hillcrest,
        cast.outsider,
        "Hillcrest shared question",
        kind="concern",
        topics=["norming", "higher_ed"],
        shared=True,
    )
    facilitator = (
        client_for("facilitator").get(murl("meeting", meeting=meeting.code)).content.decode()
    )
    assert "<h3>Norming teacher assessment scores</h3>" in facilitator
    assert "Riverside private question" in facilitator
    # each problem once, under the first topic it names, its other topics beside it
    assert facilitator.count("Hillcrest shared question") == 1
    assert "Problems of practice (2)" in facilitator
    assert "<h3>Higher education</h3>" not in facilitator
    assert "Topics: Norming teacher assessment scores; Higher education" in facilitator
    # Hillcrest's lead reads the shared one of its own and not Riverside's private one
    hillcrest = client_for("outsider").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "Hillcrest shared question" in hillcrest
    assert "Riverside private question" not in hillcrest
    # Riverside's viewer reads its own district's and the shared one
    viewer = client_for("viewer").get(murl("meeting", meeting=meeting.code)).content.decode()
    assert "Riverside private question" in viewer and "Hillcrest shared question" in viewer


def test_the_cohort_page_lists_meetings_and_series_details(cast, client_for, meeting):
    client_for("facilitator").post(
        murl("cohort_details", cohort=cast.cohort.code),
        {"outcomes": "Build capacity", "norms": "Monitor our air time", "expectations": ""},
    )
    page = (
        client_for("facilitator")
        .get(reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code}))
        .content.decode()
    )
    assert "Monitor our air time" in page and "Meeting 1" in page


def test_the_demo_series_has_its_five_meetings_and_the_quick_fire_protocol(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    meetings = Meeting.objects.filter(cohort__name="Moving to Implementation")
    assert [m.first_date.isoformat() for m in meetings if m.first_date.year < 2018] == [
        "2016-10-13",
        "2016-12-15",
        "2017-02-07",
        "2017-04-27",
        "2017-06-20",
    ]
    protocol = Protocol.objects.get(name="Quick Fire Protocol")
    assert len(protocol.steps) == 7 and protocol.total_minutes == 23


def test_the_demo_has_a_next_meeting_with_problems_of_practice(db, client):
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    upcoming = Meeting.objects.get(first_date__gte=timezone.localdate())
    assert {p.district.name for p in upcoming.problems.all()} == {
        "Riverside School District",
        "Hillcrest Regional School Unit",
    }
    client.force_login(User.objects.get(email="facilitator@example.org"))
    page = client.get(
        reverse("dashboards:cohort", kwargs={"cohort": upcoming.cohort.code})
    ).content.decode()
    assert "Next meeting:" in page and upcoming.title in page


def test_a_checkbox_comes_before_its_label_on_one_line(cast, client_for, meeting):
    page = client_for("member").get(murl("meeting", meeting=meeting.code)).content.decode()
    row = re.search(r'<div class="checkbox-row">(.*?)</div>', page, re.S).group(1)
    assert row.index('type="checkbox" name="share_with_cohort"') < row.index("<label for=")
    assert "Let the cohort&#x27;s other districts read it" in row
