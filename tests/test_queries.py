"""The number of queries of each main page is pinned and does not grow with the data."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from districts.models import CoachAssignment, Membership
from meetings.models import Meeting
from rubrics.selectors import framework_text_forget
from tests.factories import DistrictFactory, UserFactory
from tests.measure_helpers import add_point, make_measure


def grow(cast, n: int) -> None:
    """n more members of Riverside (and n email domains and people asking to join it), n more
    districts coached by the coach, each with a member."""
    from districts.models import EmailDomain, JoinRequest

    for i in range(n):
        Membership.objects.create(district=cast.riverside, user=UserFactory(), role="member")
        EmailDomain.objects.create(district=cast.riverside, domain=f"school{i}.example")
        JoinRequest.objects.create(district=cast.riverside, user=UserFactory())
        district = DistrictFactory()
        CoachAssignment.objects.create(district=district, coach=cast.coach)
        Membership.objects.create(district=district, user=UserFactory(), role="lead")
        cast.cohort.districts.add(district)
        Meeting.objects.create(cohort=cast.cohort, title="M", first_date=date(2027, 1, 1))
        measure = make_measure(cast.riverside, cast.lead, name=f"Measure {i}")
        for days_ago in (5, 100, 200):
            add_point(measure, cast.lead, 30 + i % 40, days_ago=days_ago)


PAGES = [
    # (name, role, url builder, queries with what pages keep kept, queries with an empty cache)
    # Kept: the person, the district with the person's relation to it (never kept) and the
    # versions of what is kept (one query), and what the page keys by its content. The
    # session is read from the cache (cached_db) once it is there. Cold, the header's count
    # of unread notifications is one more (kept until a notice is made or read).
    # Cold, the district home reads the district's rounds once (where it stands, the open
    # rounds' progress for the team, the person's next steps), the plan at a glance (the plan
    # with its overdue steps, then its milestones) and its people (the next meeting among
    # the cohorts' meetings it lists) and its measures of success by status (their latest
    # points, their targets: 2, however many measures and points).
    ("district home", "lead", lambda c: c.riverside.get_absolute_url(), 3, 19),
    ("district home as coach", "coach", lambda c: c.riverside.get_absolute_url(), 3, 18),
    # A new district, its lead alone in it: the getting-started list asks once whether anyone
    # has been invited (the other steps are read from what the home reads anyway).
    ("district home of a new district", "outsider", lambda c: c.outer.get_absolute_url(), 3, 16),
    # The members page, for a lead: also the district's email domains and who asks to join,
    # and its coaches; for staff also the people who can coach it (the form to assign one).
    (
        "members",
        "lead",
        lambda c: reverse("districts:members", kwargs={"district": c.riverside.code}),
        7,
        10,
    ),
    (
        "members as staff",
        "staff",
        lambda c: reverse("districts:members", kwargs={"district": c.riverside.code}),
        8,
        11,
    ),
    # Cold, also the states of the person's districts (the filter, kept).
    ("district list", "coach", lambda c: reverse("home"), 4, 8),
    ("district list as staff", "staff", lambda c: reverse("home"), 4, 8),
    # Pages over every district, for staff: counted and paged in the database, so the same
    # queries for 2 or 13,000 districts; the queue's count kept under the districts' versions
    # (one query) and the person's last reading of comments (one). Measures of success: their
    # latest points and targets for the rows (2) and for the queue's count (2), or for the
    # queue's count and its page (2 and 2), the page's after the selection's first 501 ids (at
    # most 500 districts' measures are judged), and the count of districts for the page's hint.
    # (by name from Z to A: the cast's districts, with rounds, on the first page at both sizes)
    (
        "coach dashboard as staff",
        "staff",
        lambda c: reverse("dashboards:coach") + "?sort=name&dir=desc",
        7,
        25,
    ),
    ("needs attention as staff", "staff", lambda c: reverse("dashboards:attention"), 14, 23),
    ("cohorts as staff", "staff", lambda c: reverse("dashboards:cohorts"), 4, 7),
]


@pytest.mark.parametrize(("name", "role", "url", "kept", "cold"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_pinned_and_flat(
    name, role, url, kept, cold, cast, client_for, django_assert_num_queries
):
    """Pinned both ways: in the steady state (the header and the district's people section
    kept in the cache) and with nothing kept (the first view after a change)."""
    client = client_for(role)
    make_measure(cast.riverside, cast.lead, name="Measure of the start")  # and so a plan
    for size in (0, 30):
        grow(cast, size)
        cache.clear()
        framework_text_forget()  # this process's copy of the rubric too: nothing kept
        with django_assert_num_queries(cold):
            assert client.get(url(cast)).status_code == 200
        with django_assert_num_queries(kept):
            assert client.get(url(cast)).status_code == 200


def _grow_meeting(cast, meeting, n: int) -> None:
    """n more agenda items, problems of practice, notes and commitments (some made action
    steps) of both districts, and packets."""
    from meetings.models import AgendaItem, Commitment, MeetingNote, ProblemOfPractice
    from planning.models import ActionStep
    from planning.services import action_plan_save
    from tests.report_helpers import packet_job

    plan = action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grow")
    for i in range(n):
        AgendaItem.objects.create(meeting=meeting, position=100 + i, title=f"Item {i}")
        MeetingNote.objects.create(meeting=meeting, text=f"N{i}", share_with_cohort=i % 2 == 0)
        for district in (cast.riverside, cast.hillcrest):
            ProblemOfPractice.objects.create(
                meeting=meeting, district=district, kind="how", topics=["norming"], text=f"P{i}"
            )
            commitment = Commitment.objects.create(
                meeting=meeting, district=district, text=f"C{i}", owner=cast.member
            )
            if district == cast.riverside and i % 2:
                ActionStep.objects.create(
                    district=district, plan=plan, description=f"S{i}", commitment=commitment
                )
        packet_job(cast, meeting, status="done", page_count=3)


# Two queries more than before the evidence app: the files and links of the problems of
# practice, and of the districts' parts of the record; a third for the files of the
# facilitators' notes the person reads (one note is shared, so that the lead reads one); a
# fourth since the districts' parts are paged (their count).
@pytest.mark.parametrize(("role", "queries"), [("facilitator", 25), ("lead", 23)])
def test_the_meeting_page_query_count_is_pinned_and_flat(
    role, queries, cast, client_for, django_assert_num_queries
):
    from tests.routes import matrix_meeting

    code = matrix_meeting(cast)["meeting"]
    meeting = Meeting.objects.get(code=code)
    meeting.notes.create(text="Shared", share_with_cohort=True)
    client = client_for(role)
    url = reverse("meetings:meeting", kwargs={"meeting": code})
    client.get(url)  # warm the kept header
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow_meeting(cast, meeting, 30)
    client.get(url)  # warm the kept header
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_job_page_query_count_is_pinned(cast, client_for, django_assert_num_queries):
    from tests.routes import matrix_job

    job = matrix_job(cast)
    client = client_for("facilitator")
    client.get(reverse("reports:job", kwargs={"job": job.code}))  # warm the kept header
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:job", kwargs={"job": job.code})).status_code == 200


# The session, the person, the page's count and its districts with who deleted them.
TRASH_PAGE_QUERIES = 4


def test_the_trash_page_query_count_is_pinned_and_flat(cast, client_for, django_assert_num_queries):
    """The staff's trash page: the same queries for one deleted district and for twenty."""
    from django.utils import timezone

    from districts.models import District
    from trash.services import district_trash

    district_trash(district=cast.outer, acting_user=cast.staff)
    client = client_for("staff")
    url = reverse("trash:index")
    client.get(url)  # warm the kept header
    with django_assert_num_queries(TRASH_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    District.with_trashed.bulk_create(
        District(name=f"Gone {n}", state="ME", trashed_at=timezone.now(), trashed_by=cast.staff)
        for n in range(19)
    )
    client.get(url)
    with django_assert_num_queries(TRASH_PAGE_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("Restore<span") == 20
