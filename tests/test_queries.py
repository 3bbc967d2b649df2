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
    from districts.models import EmailDomain, JoinRequest, SchoolMembership
    from tests.routes import matrix_school

    school = matrix_school(cast) if n else None
    for i in range(n):
        Membership.objects.create(district=cast.riverside, user=UserFactory(), role="member")
        SchoolMembership.objects.create(
            district=cast.riverside, school=school, user=UserFactory(), role="school_member"
        )
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
    # points, their targets: 2, however many measures and points) and its schools, open and
    # closed, and how many of the open ones implement (1). For its team, also the meeting
    # commitments the person owns still open (1).
    ("district home", "lead", lambda c: c.riverside.get_absolute_url(), 3, 21),
    ("district home as coach", "coach", lambda c: c.riverside.get_absolute_url(), 3, 19),
    # A new district, its lead alone in it: the getting-started list asks once whether anyone
    # has been invited (the other steps are read from what the home reads anyway).
    ("district home of a new district", "outsider", lambda c: c.outer.get_absolute_url(), 3, 18),
    # The members page, for a lead: also the district's email domains and who asks to join,
    # its coaches and the people of its schools (1); for staff also the people who can coach
    # it (the form to assign one).
    (
        "members",
        "lead",
        lambda c: reverse("districts:members", kwargs={"district": c.riverside.code}),
        8,
        11,
    ),
    (
        "members as staff",
        "staff",
        lambda c: reverse("districts:members", kwargs={"district": c.riverside.code}),
        9,
        12,
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
    # Cold, the rows' schools, open and implementing, for every row at once (1).
    # (by name from Z to A: the cast's districts, with rounds, on the first page at both sizes)
    (
        "coach dashboard as staff",
        "staff",
        lambda c: reverse("dashboards:coach") + "?sort=name&dir=desc",
        7,
        26,
    ),
    ("needs attention as staff", "staff", lambda c: reverse("dashboards:attention"), 14, 23),
    # The district's history: its changes the person reads counted, and a page of them with
    # who made each (the measures and points grow() adds are changes too).
    (
        "history",
        "lead",
        lambda c: reverse("history:changes", kwargs={"district": c.riverside.code}),
        4,
        7,
    ),
    (
        "history as coach",
        "coach",
        lambda c: reverse("history:changes", kwargs={"district": c.riverside.code}),
        4,
        7,
    ),
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


def _grow_steps(cast, plan, n: int) -> None:
    """n more steps of the plan, each coordinated by the member, with a start and a due date."""
    from planning.services import action_step_add

    for i in range(n):
        action_step_add(
            plan=plan,
            acting_user=cast.lead,
            description=f"Step {i}",
            start_date=date(2027, 1, 1),
            due_date=date(2027, 2, 1 + i % 27),
            coordinator=cast.member,
            participants="The department",
        )


# The action plan's page, for a member (a form of status and due date in every row): the
# person, the district with the person's relation (one query), the plan as the URL names it,
# the plan with its steps (with their coordinators, commitments and schools) and its
# dimensions (4), the steps' files and links, the add-step form's coordinators and schools,
# and the district's schools for the filter by school. My steps: the person, the
# steps with their plans and districts, what the person may do in those districts, the
# person's open meeting commitments, and the versions of what the header keeps. The session
# is in the cache at both sizes.
@pytest.mark.parametrize(
    ("name", "queries"),
    [("planning:action_plan", 11), ("my_steps", 5)],
    ids=["action plan", "my steps"],
)
def test_the_step_lists_query_count_is_pinned_and_flat(
    name, queries, cast, client_for, django_assert_num_queries
):
    from planning.services import action_plan_save

    plan = action_plan_save(district=cast.riverside, acting_user=cast.lead, goal="Grow")
    kwargs = {"district": cast.riverside.code, "plan": plan.code} if name != "my_steps" else {}
    url = reverse(name, kwargs=kwargs)
    client = client_for("member")
    for size in (3, 30):
        _grow_steps(cast, plan, size)
        client.get(url)  # warm the kept header
        with django_assert_num_queries(queries):
            page = client.get(url)
        assert page.content.decode().count("step-status-form") == plan.steps.count()


# The offer of an export over EXPORT_IN_REQUEST_UP_TO districts: the person, the versions of
# what is kept (the header, the coach's roles and filters), the selection's first
# EXPORT_IN_REQUEST_UP_TO + 1 districts (had it been within the limit, the export's), the
# selection counted, the person's earlier jobs of it. The export job's page: the person, the
# job, the versions; its selection is read again from what is kept (it counts no district).
EXPORT_OFFER_QUERIES = 5
EXPORT_JOB_PAGE_QUERIES = 3


def test_an_exports_offer_and_its_job_page_are_pinned_and_flat(
    cast, client_for, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from reports.models import ReportJob

    settings.EXPORT_IN_REQUEST_UP_TO = 1
    client = client_for("coach")
    url = reverse("dashboards:coach_export", kwargs={"kind": "heatmap", "fmt": "csv"})
    for size in (0, 30):
        grow(cast, size)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        job = ReportJob.objects.filter(kind="export").first()
        page = reverse("reports:job", kwargs={"job": job.code})
        client.get(url), client.get(page)  # warm the kept header and filters
        with django_assert_num_queries(EXPORT_OFFER_QUERIES):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(EXPORT_JOB_PAGE_QUERIES):
            assert client.get(page).status_code == 200


@pytest.mark.parametrize(("role", "queries"), [("member", 14), ("coach", 6)])
def test_the_week_page_query_count_is_pinned_and_flat(
    role, queries, cast, client_for, framework, django_assert_num_queries
):
    """My week, at one and at four of every item in each of the person's districts: each
    part reads every district at once, the header kept. The member: the session and the
    person (2), their relations (1), rounds to rate and their ratings (2), threads (1),
    steps (1), commitments (1), measures and targets (2), evaluations, attendance and the
    cohorts' districts (3), meetings (1). The coach: their relations, rounds to review,
    threads and meetings."""
    from tests.week_helpers import fill_week

    client = client_for(role)
    for n, prefix in ((1, "a"), (3, "b")):
        fill_week(cast, framework, n=n, prefix=prefix)
        client.get(reverse("dashboards:week"))  # the header kept
        with django_assert_num_queries(queries):
            assert client.get(reverse("dashboards:week")).status_code == 200


def _grow_schools(cast, n: int) -> None:
    """n more schools of Riverside, every other one with its principal in Waypoint, one in
    three closed."""
    from schools.services import school_close, school_create

    start = cast.riverside.school_set.count()
    for i in range(start, start + n):
        school = school_create(
            district=cast.riverside,
            acting_user=cast.lead,
            name=f"School {i}",
            lowest_grade=0,
            highest_grade=5,
            principal=cast.member if i % 2 else None,
            principal_name="" if i % 2 else f"Principal {i}",
        )
        if i % 3 == 0:
            school_close(school=school, expected_version=1, closed_note="", acting_user=cast.lead)


# The schools of a district: the person (the session is in the cache), the district with the
# person's relation (one query), the schools counted for the pages and a page of them with
# their principals in Waypoint.
SCHOOL_LIST_QUERIES = 4


@pytest.mark.parametrize("role", ["lead", "coach", "school_lead"])
def test_the_school_list_query_count_is_pinned_and_flat(
    role, cast, client_for, django_assert_num_queries
):
    from tests.cast import school_team

    school_team(cast)  # a school lead lists their own school only
    client = client_for(role)
    url = reverse("schools:school_list", kwargs={"district": cast.riverside.code})
    for size in (3, 60):
        _grow_schools(cast, size)
        client.get(url)  # warm the kept header
        with django_assert_num_queries(SCHOOL_LIST_QUERIES):
            page = client.get(url)
        shown = 1 if role == "school_lead" else min(cast.riverside.school_set.count(), 50)
        assert page.content.decode().count('<tr id="school-') == shown


# A school's page: the person, the district with the person's relation, the school with its
# principal and the person's role in it, its team (1), its implementation stages with who
# recorded them (1); then what the features' parts read (schools.parts), each pinned by its
# own test: planning's steps and milestones that name the school (2), measures' per-school
# measures with the school's latest values (1) (tests/test_school_work.py pins them at two
# sizes), rubrics' school rounds with their progress (1).
SCHOOL_PAGE_QUERIES = 5 + 2 + 1 + 1
# Who changes the school's team also reads the district's people to add one (the form).
TEAM_FORM_QUERIES = 1


@pytest.mark.parametrize(
    ("role", "form"),
    [("lead", TEAM_FORM_QUERIES), ("coach", 0), ("school_lead", TEAM_FORM_QUERIES)],
)
def test_a_school_page_query_count_is_pinned_and_flat(
    role, form, cast, client_for, django_assert_num_queries
):
    from districts.models import SchoolMembership
    from tests.routes import matrix_school

    client = client_for(role)
    school = matrix_school(cast)
    url = reverse("schools:school", kwargs={"district": cast.riverside.code, "school": school.code})
    for size in (3, 60):
        _grow_schools(cast, size)
        for _ in range(size):  # its team grows, and the district's people with it
            SchoolMembership.objects.create(
                district=cast.riverside, school=school, user=UserFactory(), role="school_member"
            )
            Membership.objects.create(district=cast.riverside, user=UserFactory(), role="viewer")
        client.get(url)  # warm the kept header
        with django_assert_num_queries(SCHOOL_PAGE_QUERIES + form):
            assert client.get(url).status_code == 200


def _grow_school_rounds(cast, framework, n: int) -> None:
    """n more schools of Riverside (see _grow_schools), each open one with a round of the
    framework, every other one submitted with the team's rating of every dimension."""
    from rubrics.services import round_submit, school_rounds_open
    from schools.models import School
    from tests.rubric_helpers import agree_all

    before = set(School.objects.filter(district=cast.riverside).values_list("pk", flat=True))
    _grow_schools(cast, n)
    grown = School.objects.filter(district=cast.riverside, closed_at=None).exclude(pk__in=before)
    opened = school_rounds_open(
        district=cast.riverside,
        title=f"Round {len(before)}",
        framework=framework,
        due_date=None,
        schools=list(grown),
        acting_user=cast.lead,
    )
    for round_ in opened[::2]:
        agree_all(round_, cast.lead, default=2)
        round_submit(round_=round_, sharing="coaches", acting_user=cast.lead)


# The rollout grid: the person, the district with the person's relation, the schools counted
# and a page of them, each school's latest submitted round (one query for the page), the
# district's own latest, their team levels, and the spread: the open schools counted and the
# levels counted per dimension over every school's latest round. The framework's columns are
# kept in memory.
ROLLOUT_QUERIES = 9
# The schools' rounds: the person, the district with the person's relation, the rounds
# counted and a page of them with their schools, frameworks and progress; for a lead, the
# form's schools and the current frameworks.
SCHOOL_ROUNDS_QUERIES = {"lead": 6, "coach": 4}
SCHOOL_ROUND_PAGES = {
    "rollout": ("dashboards:rollout", "?framework=district-self-assessment", ROLLOUT_QUERIES),
    "school rounds": ("rubrics:school_rounds", "", SCHOOL_ROUNDS_QUERIES),
}


@pytest.mark.parametrize("page_name", SCHOOL_ROUND_PAGES)
@pytest.mark.parametrize("role", ["lead", "coach"])
def test_the_school_round_pages_query_counts_are_pinned_and_flat(
    page_name, role, cast, client_for, framework, django_assert_num_queries
):
    name, query, queries = SCHOOL_ROUND_PAGES[page_name]
    queries = queries[role] if isinstance(queries, dict) else queries
    client = client_for(role)
    url = reverse(name, kwargs={"district": cast.riverside.code}) + query
    for size in (3, 60):
        _grow_school_rounds(cast, framework, size)
        client.get(url)  # warm the kept header
        with django_assert_num_queries(queries):
            page = client.get(url)
        assert page.status_code == 200
        if name == "dashboards:rollout":
            assert len(page.context["rows"]) == min(cast.riverside.school_set.count(), 50)


def _grow_stages(cast, n: int) -> None:
    """n more schools (_grow_schools), and two stages of every open school on each strand."""
    from datetime import timedelta

    from django.utils import timezone

    from schools.services import school_stage_record

    _grow_schools(cast, n)
    today = timezone.localdate()
    for school in cast.riverside.school_set.filter(closed_at__isnull=True, stages__isnull=True):
        for strand in ("practice", "policy", "public_will"):
            for stage, days_ago in (("exploration", 400), ("installation", 30)):
                school_stage_record(
                    school=school,
                    strand=strand,
                    stage=stage,
                    as_of=today - timedelta(days=days_ago),
                    acting_user=cast.lead,
                )


# The rollout: the person, the district with the person's relation, the schools counted and a
# page of them with their principals, the stages of the page's schools, the district's first
# recorded stage (the years shown) and, for who reads the plan, the long-term plan's years.
@pytest.mark.parametrize(("role", "queries"), [("lead", 7), ("coach", 7)])
def test_the_rollout_query_count_is_pinned_and_flat(
    role, queries, cast, client_for, django_assert_num_queries
):
    from planning.services import plan_set_horizon

    plan_set_horizon(district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead)
    client = client_for(role)
    url = reverse("schools:stages", kwargs={"district": cast.riverside.code})
    for size in (3, 60):
        _grow_stages(cast, size)
        client.get(url)  # warm the kept header
        with django_assert_num_queries(queries):
            page = client.get(url)
        shown = min(cast.riverside.school_set.count(), 50)  # a page holds 50
        assert page.content.decode().count('<tbody id="rollout-') == shown
