import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dashboards.selectors import attention_count, heatmap, needs_attention
from districts.models import CoachAssignment
from planning.models import ActionPlan
from planning.services import plan_set_horizon
from rubrics.models import AssessmentRound, CoachCalibration, CoachRating, Comment, ConsensusRating
from rubrics.selectors import framework_text_forget
from rubrics.services import comment_add, comments_mark_seen, round_open, round_share
from tests.documents import PDF
from tests.factories import DistrictFactory
from tests.measure_helpers import add_point, make_measure
from tests.plan_helpers import add_step, milestone, new_step
from tests.rubric_helpers import dimensions_of, submitted_round


def backdate(round_, days):
    AssessmentRound.objects.filter(pk=round_.pk).update(
        submitted_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def two_rounds(cast, framework):
    """Riverside: spring at the first level everywhere, fall up one level on the first
    dimension and shared with coaches and cohort."""
    spring = submitted_round(
        cast.riverside,
        cast.lead,
        framework,
        title="Spring",
        sharing="cohort",
        evidence="Spring evidence",
    )
    backdate(spring, 200)
    fall = submitted_round(
        cast.riverside,
        cast.lead,
        framework,
        title="Fall",
        sharing="cohort",
        positions={0: 2},
        evidence="Fall evidence",
    )
    return spring, fall


def test_coach_sees_the_heatmap_of_exactly_their_districts(cast, client_for, two_rounds):
    page = client_for("coach").get(reverse("dashboards:coach")).content.decode()
    assert "Riverside School District" in page and "Hillcrest Regional School Unit" in page
    assert "Outer School District" not in page
    # compact cells: the level's initial and the arrow show, the words are read out
    assert (
        '<span aria-hidden="true">D↑</span><span class="visually-hidden">Developing, grew</span>'
        in page
    )
    assert (
        '<span aria-hidden="true">I=</span><span class="visually-hidden">Initiating, same' in page
    )
    assert "awaiting review" in page


def test_unshared_and_draft_rounds_stay_off_the_dashboard(cast, client_for, two_rounds):
    _, fall = two_rounds
    round_share(round_=fall, sharing="district", acting_user=cast.lead)
    page = client_for("coach").get(reverse("dashboards:coach")).content.decode()
    # the latest round the coach may see is spring, with nothing before it to compare with
    assert '<span aria-hidden="true">↑</span>' not in page


def test_cohort_filter_and_sorting(cast, client_for, two_rounds):
    other = DistrictFactory(name="Zed District")
    CoachAssignment.objects.create(district=other, coach=cast.coach)
    filtered = (
        client_for("coach")
        .get(reverse("dashboards:coach"), {"cohort": cast.cohort.code})
        .content.decode()
    )
    assert ">Zed District</a></th>" not in filtered
    new_step(other, cast.lead, "Late step", goal="Late", due_date=date.today() - timedelta(days=2))
    page = (
        client_for("coach")
        .get(reverse("dashboards:coach"), {"sort": "overdue", "dir": "desc"})
        .content.decode()
    )
    assert page.index(">Zed District</a></th>") < page.index(">Riverside School District</a></th>")
    assert 'aria-sort="descending"' in page


def test_sorting_orders_every_district_not_only_the_page(cast, client_for):
    """With more districts than a page holds, the district with the most overdue steps comes
    first when sorted by them, though by name it is on the last page."""
    for i in range(55):
        CoachAssignment.objects.create(
            district=DistrictFactory(name=f"M{i:02} District"), coach=cast.coach
        )
    late = DistrictFactory(name="Zulu District")
    CoachAssignment.objects.create(district=late, coach=cast.coach)
    plan = ActionPlan.objects.create(district=late, goal="Late")
    for n in range(2):
        add_step(plan, cast.lead, f"Late step {n}", due_date=date.today() - timedelta(days=2))
    client = client_for("coach")
    by_name = client.get(reverse("dashboards:coach")).content.decode()
    assert ">Zulu District</a></th>" not in by_name  # 58 districts: it is on page 2
    first = client.get(reverse("dashboards:coach"), {"sort": "overdue", "dir": "desc"})
    rows = first.content.decode().split('<th scope="row">')[1:]
    assert len(rows) == 50 and ">Zulu District</a></th>" in rows[0]
    last = client.get(reverse("dashboards:coach"), {"sort": "overdue", "page": 2})
    rows = last.content.decode().split('<th scope="row">')[1:]
    assert len(rows) == 8 and ">Zulu District</a></th>" in rows[-1]


@pytest.mark.parametrize(
    ("role", "status"),
    [("coach", 200), ("staff", 200), ("facilitator", 403), ("lead", 403), ("outsider", 403)],
)
def test_only_coaches_and_staff_open_the_coach_dashboard(cast, client_for, role, status):
    assert client_for(role).get(reverse("dashboards:coach")).status_code == status


# The session, the person, the header (1) and its unread notifications (1), the coach's
# districts, the filters' cohorts and states, the rubric's columns (3), the districts of the
# page, their rounds, levels, overdue steps, cells at risk and last activity, and the count
# of what needs attention.
# With the coach's calibrations (rubrics.calibration.agreement_by_district): three queries
# more, however many districts have one. With measures of success: their latest points and
# targets (2), read once for the rows and the count of what needs attention (27 until
# December 7: read once for each). With schools: the open ones and those implementing, of
# every district of the page at once (1).
COACH_DASHBOARD_COLD = 26


def test_coach_dashboard_queries_do_not_grow_with_districts(
    cast, client_for, framework, django_assert_num_queries
):
    from schools.services import school_create, school_stage_record

    def add(n):
        for i in range(n):
            district = DistrictFactory()
            CoachAssignment.objects.create(district=district, coach=cast.coach)
            submitted_round(district, cast.lead, framework, title=f"R{i}", default=1 + i % 3)
            latest = submitted_round(district, cast.lead, framework, title=f"S{i}", default=2)
            calibration = CoachCalibration.objects.create(
                district=district, round=latest, coach=cast.coach, published_at=timezone.now()
            )
            CoachRating.objects.bulk_create(
                CoachRating(
                    district=district,
                    calibration=calibration,
                    dimension=dimension,
                    level=framework.levels.get(position=1 + i % 3),
                )
                for dimension in dimensions_of(framework)
            )
            plan = plan_set_horizon(
                district=district, first_year=2026, years=2, acting_user=cast.lead
            )
            milestone(plan, cast.lead, 2026, "policy", "t", status="at_risk")
            for k in range(2):  # one on track, one off track
                measure = make_measure(district, cast.lead, name=f"M{k}", targets={2027: 60})
                add_point(measure, cast.lead, 50 if k else 21)
                add_point(measure, cast.lead, 20, days_ago=50)
            for k, stage in enumerate(("installation", "initial", "")):  # one implementing
                school = school_create(district=district, acting_user=cast.lead, name=f"S{k}")
                if not stage:
                    continue  # none recorded yet
                school_stage_record(
                    school=school,
                    strand="practice",
                    stage=stage,
                    as_of=timezone.localdate(),
                    acting_user=cast.lead,
                )

    client = client_for("coach")
    url = reverse("dashboards:coach")
    for more, shown in ((3, 5), (45, 50)):  # with Riverside and Hillcrest
        add(more)
        cache.clear()  # nothing kept: the first view after a change everywhere
        framework_text_forget()
        with django_assert_num_queries(COACH_DASHBOARD_COLD):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(4):  # see test_kept: the versions; the rest is kept
            response = client.get(url)
        assert response.content.decode().count('<th scope="row">') == shown
        assert response.content.decode().count("<td>1 of 3</td>") == shown - 2
        assert response.content.decode().count("<td>1 of 3</td>") == shown - 2


# ------------------------------------------------------------------ needs attention


def attention(client):
    page = client.get(reverse("dashboards:attention")).content.decode()
    # The dashboard's button counts (in one query of counts) what the queue lists.
    counted = re.search(r"Needs attention \((\d+)\)", dashboard(client)).group(1)
    assert int(counted) == page.count('<span class="usa-tag">'), "count and queue differ"
    return page


def dashboard(client, **params):
    return client.get(reverse("dashboards:coach"), params).content.decode()


def test_needs_attention_lists_what_waits_and_items_leave_when_acted_on(
    cast, client_for, two_rounds, framework
):
    _, fall = two_rounds
    coach = client_for("coach")
    page = attention(coach)
    assert "“Fall” was submitted and waits for your review" in page
    assert "“Spring” was submitted" not in page  # settled by the later round
    assert "Hillcrest Regional School Unit" in page and "No self-assessment submitted yet" in page
    # a reply from the district to the coach's comment
    question = comment_add(round_=fall, body="Why Developing?", acting_user=cast.coach)
    comment_add(
        round_=fall, body="Because of the board vote.", reply_to=question, acting_user=cast.member
    )
    assert "Milo Member answered your comment" in attention(coach)
    coach.get(
        reverse("rubrics:round", kwargs={"district": cast.riverside.code, "round_code": fall.code})
    )
    assert "answered your comment" not in attention(coach)
    # an overdue step and a milestone at risk
    step = new_step(
        cast.riverside,
        cast.lead,
        "Draft criteria",
        goal="Criteria",
        due_date=date.today() - timedelta(days=1),
    )
    grid = plan_set_horizon(
        district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead
    )
    milestone(grid, cast.lead, 2027, "public_will", "Forums", status="at_risk")
    page = attention(coach)
    assert "“Draft criteria” was due" in page and "Public Will, June 2027 is at risk" in page
    # acting on them empties the queue of those items
    coach.post(
        reverse(
            "rubrics:reviewed", kwargs={"district": cast.riverside.code, "round_code": fall.code}
        )
    )
    step.status = "done"
    step.save()
    milestone(grid, cast.lead, 2027, "public_will", "Forums", expected_version=1)
    page = attention(coach)
    assert "“Fall” was submitted" not in page and "“Spring” was submitted" not in page
    assert "Draft criteria" not in page and "is at risk" not in page


def test_a_district_quiet_for_six_months_needs_attention(cast, client_for, two_rounds):
    _, fall = two_rounds
    assert "No self-assessment submitted for six months" not in attention(client_for("coach"))
    backdate(fall, 190)
    assert "No self-assessment submitted for six months" in attention(client_for("coach"))


def test_the_attention_count_covers_every_district_not_only_the_page(cast, client_for):
    for _ in range(55):  # more than a page of the heatmap (50)
        CoachAssignment.objects.create(district=DistrictFactory(), coach=cast.coach)
    page = dashboard(client_for("coach"))
    assert page.count('<th scope="row">') == 50
    # every district without a round (the 55, Riverside and Hillcrest) waits for one
    assert "Needs attention (57)" in page


def test_the_heatmaps_pages_keep_the_cohort_and_the_sort(cast, client_for):
    for _ in range(55):
        district = DistrictFactory()
        CoachAssignment.objects.create(district=district, coach=cast.coach)
        cast.cohort.districts.add(district)
    page = dashboard(client_for("coach"), cohort=cast.cohort.code, sort="overdue", dir="desc")
    assert f'href="?cohort={cast.cohort.code}&amp;sort=overdue&amp;dir=desc&amp;page=2"' in page


def test_the_queue_is_newest_first(cast, client_for, two_rounds):
    _, fall = two_rounds
    backdate(fall, 1)  # Hillcrest, with no round, waits since it was made (now)
    page = attention(client_for("coach"))
    assert page.index("No self-assessment submitted yet") < page.index("“Fall” was submitted")


# The queue's rules (needs_attention and attention_count agree on each).


def queue(user, *districts) -> list[str]:
    items = needs_attention(user, list(districts))
    assert attention_count(user, [d.pk for d in districts]) == len(items)
    return [f"{item.kind}: {item.text}" for item in items]


def test_a_later_round_settles_the_older_ones_nobody_reviewed(cast, framework):
    """Issue 32: "Fall 2025 waits for your review" once Spring 2026 was submitted."""
    older = submitted_round(cast.riverside, cast.lead, framework, title="Fall 2025")
    backdate(older, 30)
    assert queue(cast.coach, cast.riverside) == [
        "Review: “Fall 2025” was submitted and waits for your review."
    ]
    submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026", sharing="district")
    # settled even by a round the district keeps to itself: the coach has nothing to review
    assert queue(cast.coach, cast.riverside) == []
    newest = submitted_round(cast.riverside, cast.lead, framework, title="Fall 2026")
    assert queue(cast.coach, cast.riverside) == [
        "Review: “Fall 2026” was submitted and waits for your review."
    ]
    AssessmentRound.objects.filter(pk=newest.pk).update(reviewed_at=timezone.now())
    assert queue(cast.coach, cast.riverside) == []


def test_a_district_with_a_round_open_is_never_told_it_has_none(cast, framework, draft_round):
    """Issue 32: "no round for six months" while the district was rating one."""
    old = submitted_round(cast.riverside, cast.lead, framework, title="Spring 2026")
    AssessmentRound.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=400), reviewed_at=timezone.now()
    )
    AssessmentRound.objects.filter(pk=draft_round.pk).update(
        created_at=timezone.now() - timedelta(days=300)  # open for months: still at work
    )
    assert queue(cast.coach, cast.riverside, cast.hillcrest) == [
        "No recent round: No self-assessment submitted yet."  # Hillcrest: none, none open
    ]
    _, _, rows = heatmap(cast.coach, [cast.riverside, cast.hillcrest])
    assert [row.review_state for row in rows] == ["reviewed", "no round"]
    round_open(
        district=cast.hillcrest,
        title="First",
        framework=framework,
        due_date=None,
        sharing="coaches",
        acting_user=cast.staff,
    )
    assert queue(cast.coach, cast.riverside, cast.hillcrest) == []
    _, _, rows = heatmap(cast.coach, [cast.riverside, cast.hillcrest])
    assert [row.review_state for row in rows] == ["reviewed", "round in progress"]
    # once submitted, the open round no longer shields the district: six months on, it waits
    draft_round.status = AssessmentRound.Status.SUBMITTED
    draft_round.submitted_at = timezone.now() - timedelta(days=190)
    draft_round.save()
    AssessmentRound.objects.filter(district=cast.hillcrest).delete()
    assert queue(cast.coach, cast.riverside) == [
        "No recent round: No self-assessment submitted for six months."
    ]


# ------------------------------------------------------------------ trend, cohort, home


def test_trend_shows_each_dimension_across_rounds_with_growth(cast, client_for, two_rounds):
    page = (
        client_for("coach")
        .get(reverse("rubrics:trend", kwargs={"district": cast.riverside.code}))
        .content.decode()
    )
    assert "2 submitted rounds" in page
    assert "↑ +1" in page and page.count("= 0") == 14
    assert 'aria-labelledby="trend-title trend-desc"' in page
    assert "<polyline" in page


def test_cohort_view_shows_the_spread_without_evidence(cast, client_for, two_rounds, framework):
    submitted_round(
        cast.hillcrest, cast.lead, framework, title="Hill", sharing="coaches", default=3
    )
    page = (
        client_for("facilitator")
        .get(reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code}))
        .content.decode()
    )
    assert "<strong>1 of 2</strong> share a submitted self-assessment" in page
    assert "Fall evidence" not in page
    assert (
        client_for("coach")
        .get(reverse("dashboards:cohort", kwargs={"cohort": cast.cohort.code}))
        .status_code
        == 404
    )
    assert client_for("outsider").get(reverse("dashboards:cohorts")).status_code == 200


def test_exports_respect_what_each_district_shares(cast, client_for, two_rounds, framework):
    submitted_round(cast.hillcrest, cast.lead, framework, title="Hill", sharing="district")
    coach_csv = (
        client_for("coach")
        .get(reverse("dashboards:coach_export", kwargs={"kind": "ratings", "fmt": "csv"}))
        .getvalue()  # streamed
        .decode("utf-8-sig")
    )
    assert "Fall evidence" in coach_csv
    assert "Hill," not in coach_csv
    assert coach_csv.count("\n") == 1 + 2 * 15
    cohort_csv = (
        client_for("facilitator")
        .get(reverse("dashboards:cohort_export", kwargs={"cohort": cast.cohort.code, "fmt": "csv"}))
        .getvalue()  # streamed
        .decode("utf-8-sig")
    )
    assert "Fall evidence" not in cohort_csv and "Evidence" not in cohort_csv.splitlines()[0]
    heat = client_for("coach").get(
        reverse("dashboards:coach_export", kwargs={"kind": "heatmap", "fmt": "xlsx"})
    )
    assert heat["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client_for("coach")
        .get(reverse("dashboards:coach_export", kwargs={"kind": "heatmap", "fmt": "pdf"}))
        .status_code
        == 404
    )


def test_the_coachs_ratings_export_names_the_evidence_files_it_may_show(
    cast, client_for, two_rounds, framework, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.services import attachment_add_files, attachment_add_link, attachment_remove

    _, fall = two_rounds
    first, second = ConsensusRating.objects.filter(round=fall).order_by(
        "dimension__domain__position", "dimension__position"
    )[:2]
    attachment_add_files(
        item=first,
        files=[SimpleUploadedFile("Walkthrough tool.pdf", PDF)],
        acting_user=cast.lead,
    )
    attachment_add_link(
        item=first, title="Drive folder", url="https://drive.example.org/f", acting_user=cast.lead
    )
    gone = attachment_add_link(
        item=second, title="Old draft", url="https://drive.example.org/o", acting_user=cast.lead
    )
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=gone, acting_user=cast.lead)
    rows = list(
        csv.reader(
            io.StringIO(
                client_for("coach")
                .get(reverse("dashboards:coach_export", kwargs={"kind": "ratings", "fmt": "csv"}))
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    column = rows[0].index("Evidence files and links")
    named = [row[column] for row in rows[1:] if row[column]]
    assert named == ["Walkthrough tool.pdf; Drive folder (https://drive.example.org/f)"]
    # the cohort's export carries no evidence, and the facilitator reads none
    cohort = client_for("facilitator").get(
        reverse("dashboards:cohort_export", kwargs={"cohort": cast.cohort.code, "fmt": "csv"})
    )
    assert "Walkthrough" not in cohort.getvalue().decode("utf-8-sig")


def test_district_home_says_what_to_do_next(cast, client_for, draft_round):
    new_step(
        cast.riverside,
        cast.lead,
        "Draft ELA criteria",
        goal="Criteria",
        coordinator=cast.member,
        due_date=date.today() + timedelta(days=3),
    )
    Comment.objects.create(
        district=cast.riverside, round=draft_round, author=cast.coach, body="Hello"
    )
    page = client_for("member").get(cast.riverside.get_absolute_url()).content.decode()
    assert "What to do next" in page
    assert "Rate “Fall 2026”</a>: 0 of 15 rated" in page
    assert "Draft ELA criteria" in page
    comments_mark_seen(round_=draft_round, user=cast.member)
    viewer_page = client_for("viewer").get(cast.riverside.get_absolute_url()).content.decode()
    assert "Rate “Fall 2026”" not in viewer_page


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("lead", lambda c: c.riverside.get_absolute_url()),  # one district: that district
        ("viewer", lambda c: c.riverside.get_absolute_url()),
        ("coach", lambda c: reverse("dashboards:coach")),
        ("facilitator", lambda c: reverse("dashboards:cohort", kwargs={"cohort": c.cohort.code})),
        ("staff", lambda c: reverse("home")),  # every district: the list
    ],
)
def test_each_person_lands_where_their_job_is(cast, client_for, role, lands_on):
    client = client_for(role)
    response = client.get(reverse("dashboards:landing"), follow=True)
    assert response.redirect_chain[-1][0] == lands_on(cast)
    assert response.status_code == 200


def test_signing_in_lands_on_the_job_and_a_next_page_wins(cast, client):
    from tests.factories import PASSWORD

    sign_in = reverse("login")
    response = client.post(sign_in, {"login": cast.coach.email, "password": PASSWORD})
    assert response["Location"] == reverse("dashboards:landing")
    assert client.get(response["Location"])["Location"] == reverse("dashboards:coach")
    client.logout()
    url = f"{sign_in}?next={cast.riverside.get_absolute_url()}"
    response = client.post(url, {"login": cast.coach.email, "password": PASSWORD})
    assert response["Location"] == cast.riverside.get_absolute_url()


def test_a_facilitator_of_two_cohorts_lands_on_their_list(cast, client_for):
    from tests.factories import CohortFactory

    CohortFactory(name="Second cohort").facilitators.add(cast.facilitator)
    response = client_for("facilitator").get(reverse("dashboards:landing"))
    assert response["Location"] == reverse("dashboards:cohorts")


def test_the_xlsx_heatmap_carries_the_web_colours_and_real_dates(cast, client_for, two_rounds):
    import datetime
    import io
    import re
    from pathlib import Path

    from django.conf import settings
    from openpyxl import load_workbook

    from rubrics.levels import level_colour, level_palette

    css = (Path(settings.BASE_DIR) / "static" / "css" / "levels.css").read_text()
    assert set(level_palette()) >= {1, 2, 3}
    for position, (colour, _) in level_palette().items():  # the one stylesheet's colours
        assert re.search(rf"\.level-{position}{{background-color:{colour};", css), position
    content = (
        client_for("coach")
        .get(reverse("dashboards:coach_export", kwargs={"kind": "heatmap", "fmt": "xlsx"}))
        .getvalue()
    )
    sheet = load_workbook(io.BytesIO(content)).active
    head = [c.value for c in sheet[1]]
    riverside = next(r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("Riverside"))
    submitted = riverside[head.index("Submitted")]
    assert isinstance(submitted.value, datetime.datetime)  # a date, not a text
    assert submitted.number_format == "yyyy-mm-dd"
    names = {level.name: level.position for level in two_rounds[1].framework.levels.all()}
    levels = [c for c in riverside[head.index("Plan cells at risk") + 1 :] if c.value]
    assert levels
    for cell in levels:
        assert cell.fill.start_color.rgb[-6:].lower() == level_colour(names[cell.value])[1:]


def test_the_district_home_shows_the_teams_progress_and_the_leads_next_step(
    cast, client_for, draft_round, framework
):
    from tests.rubric_helpers import agree_all, dimensions_of, rate

    rate(draft_round, cast.member, dimensions_of(framework)[0], 2)
    home = cast.riverside.get_absolute_url()
    page = client_for("lead").get(home).content.decode()
    progress = page.split("the team’s progress", 1)[1].split("</section>", 1)[0]
    assert '<th scope="row">Milo Member</th><td>1 of 15</td>' in progress
    assert '<th scope="row">Lena Lead</th><td>0 of 15</td>' in progress
    assert "Viewer" not in progress  # viewers do not rate
    assert "Team rating: 0 of 15 dimensions agreed." in progress
    assert "record the team rating</a> (not everyone has finished rating yet)" in progress
    # the member sees the progress, not the lead's next step; coaches see neither
    member = client_for("member").get(home).content.decode()
    assert "Milo Member</th><td>1 of 15" in member and "Next for you as lead" not in member
    assert "the team’s progress" not in client_for("coach").get(home).content.decode()
    # the next save shows on the next view (kept under the district's work version)
    agree_all(draft_round, cast.lead)
    page = client_for("lead").get(home).content.decode()
    assert "Team rating: 15 of 15 dimensions agreed." in page
    assert '#submit-heading">submit the round</a> and choose who sees it' in page


def test_the_district_home_shows_where_it_stands_and_an_empty_state(cast, client_for, two_rounds):
    page = client_for("coach").get(cast.riverside.get_absolute_url()).content.decode()
    stands = page.split("Where Riverside School District stands", 1)[1].split("</section>", 1)[0]
    assert "The team rating of “Fall”" in stands and "the change since “Spring”" in stands
    assert stands.count('<td class="heat') == 15
    assert "Developing, grew" in stands  # the first dimension went up a level
    outer = client_for("outsider").get(cast.outer.get_absolute_url()).content.decode()
    assert "No self-assessment round has been submitted yet." in outer
    # a new district's lead has first steps instead of nothing (tests/test_getting_started.py)
    assert "Getting started" in outer and "Nothing is waiting for you here" not in outer
    viewer = client_for("viewer").get(cast.riverside.get_absolute_url()).content.decode()
    assert "Nothing is waiting for you here" in viewer


def test_the_district_home_names_the_next_meeting_with_a_prompt(cast, client_for):
    from meetings.models import Meeting

    Meeting.objects.create(
        cohort=cast.cohort, title="Past", first_date=date.today() - timedelta(days=30)
    )
    upcoming = Meeting.objects.create(
        cohort=cast.cohort, title="Winter convening", first_date=date.today() + timedelta(days=9)
    )
    home = cast.riverside.get_absolute_url()
    page = client_for("member").get(home).content.decode()
    assert "Next meeting: <a href=" in page and "Winter convening</a>" in page
    assert f'/meetings/{upcoming.code}/#problems">Bring a problem of practice' in page
    viewer = client_for("viewer").get(home).content.decode()
    assert "Winter convening</a>" in viewer and "Bring a problem of practice" not in viewer
    upcoming.title = "Winter convening, moved"
    upcoming.save()
    assert "Winter convening, moved</a>" in client_for("member").get(home).content.decode()


def test_the_district_homes_meetings_are_listed_newest_first(cast, client_for):
    from meetings.models import Meeting

    for title, days in (("Old one", -400), ("Upcoming one", 20), ("Last month's", -30)):
        Meeting.objects.create(
            cohort=cast.cohort, title=title, first_date=date.today() + timedelta(days=days)
        )
    page = client_for("lead").get(cast.riverside.get_absolute_url()).content.decode()
    cohorts = page.split("<h3>Cohorts</h3>", 1)[1]
    assert (
        cohorts.index("Upcoming one")
        < cohorts.index("Last month&#x27;s")
        < cohorts.index("Old one")
    )


def test_the_district_home_shows_the_plan_at_a_glance(cast, client_for):
    this_year = date.today().year
    plan = plan_set_horizon(
        district=cast.riverside, acting_user=cast.lead, first_year=this_year - 1, years=3
    )
    milestone(plan, cast.lead, this_year - 1, "practice", "Done", status="achieved")
    milestone(plan, cast.lead, this_year + 1, "policy", "Soon")
    steps = ActionPlan.objects.create(district=cast.riverside, goal="Criteria")
    add_step(
        steps, cast.lead, "Late", coordinator=cast.member, due_date=date.today() - timedelta(days=2)
    )
    home = cast.riverside.get_absolute_url()
    glance = client_for("lead").get(home).content.decode().split("The plan at a glance", 1)[1]
    glance = glance.split("</section>", 1)[0]
    assert f"Milestones to June {this_year + 1}:" in glance
    assert "1 on track" in glance and "1 achieved" in glance and "7 not started" in glance
    assert "1 action step overdue" in glance
    # last year's other two strands, and this year's three once June is over, say nothing yet
    past = 2 + (3 if date.today() > date(this_year, 6, 30) else 0)
    assert f"{past} milestones</strong></a> whose June is over do not yet say how it went" in glance
    # the plan is the district's to share: a coach reads it, the cohort only when shared
    assert "The plan at a glance" in client_for("coach").get(home).content.decode()
    assert "The plan at a glance" not in client_for("facilitator").get(home).content.decode()


def test_needs_attention_lists_measures_off_track_and_data_overdue(cast, client_for):
    off = make_measure(cast.riverside, cast.lead, name="Seniors meeting every competency")
    add_point(off, cast.member, 20, days_ago=3)  # far behind the line
    stale = make_measure(cast.riverside, cast.lead, name="Teachers using scales")
    add_point(stale, cast.member, 90, days_ago=120)  # quarterly: data overdue
    fine = make_measure(cast.riverside, cast.lead, name="Families at events")
    add_point(fine, cast.member, 90, days_ago=3)
    page = attention(client_for("coach"))
    assert "“Seniors meeting every competency” is off track." in page
    assert "“Teachers using scales” has had no new data since" in page
    assert "Families at events" not in page


# ------------------------------------------------------------------ staff, over every district


def test_staff_filter_every_district_by_state_cohort_and_coach(cast, client_for):
    for state in ("VT", "VT", "NH"):
        DistrictFactory(state=state)
    staff = client_for("staff")
    assert "(6 districts)" in dashboard(staff)
    assert "(2 districts)" in dashboard(staff, state="VT")
    rows = re.findall(
        r'<th scope="row"><a [^>]*>([^<]+)</a>', dashboard(staff, coach=str(cast.coach.code))
    )
    assert "Riverside School District" in rows and "Outer School District" not in rows
    cohort = dashboard(staff, cohort=cast.cohort.code)
    assert f"({cast.cohort.districts.count()} districts)" in cohort
    # a made-up filter is no filter (and keeps nothing of its own)
    assert "(6 districts)" in dashboard(staff, state="ZZ", coach="nobody")
    assert '<label for="coach-filter">Coach</label>' in dashboard(staff)
    assert '<label for="coach-filter">' not in dashboard(client_for("coach"))


def test_staff_sort_by_a_column_only_once_filtered_to_few_districts(cast, client_for, monkeypatch):
    monkeypatch.setattr("dashboards.views.SORTABLE_UP_TO", 3)
    for state in ("VT", "VT", "NH"):
        DistrictFactory(state=state)
    staff = client_for("staff")
    everything = dashboard(staff, sort="overdue", dir="desc")
    assert "Over 3 districts, the table is by name" in everything
    assert "?sort=overdue" not in everything  # the column heads are plain
    assert 'aria-sort="ascending"' in everything  # by name, as it says
    few = dashboard(staff, state="VT", sort="overdue", dir="desc")
    assert "the table is by name" not in few
    assert 'href="?sort=overdue&amp;state=VT"' in few
    assert 'aria-sort="descending"' in few
    # by name, from Z to A, paged in the database whatever the number
    names = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', dashboard(staff, dir="desc"))
    assert names == sorted(names, reverse=True) and len(names) == 6


def test_staffs_queue_is_counted_and_paged_newest_first(cast, client_for):
    for _ in range(55):  # each waits for a first round
        DistrictFactory()
    staff = client_for("staff")
    url = reverse("dashboards:attention")
    first = staff.get(url).content.decode()
    second = staff.get(url, {"page": 2}).content.decode()
    total = first.count('<span class="usa-tag">') + second.count('<span class="usa-tag">')
    assert first.count('<span class="usa-tag">') == 50
    assert f"newest first ({total} items)" in first
    assert total == 55 + 3  # and the cast's three districts
    dates = re.findall(r'<time datetime="([^"]+)"', first + second)
    assert dates == sorted(dates, reverse=True)
    assert 'aria-label="Pages of the queue"' in first
    outer = staff.get(url, {"state": "NH"}).content.decode()  # the Outer district only
    assert "newest first (1 item)" in outer and outer.count('<span class="usa-tag">') == 1


def listed(page: str) -> int:
    """The cohorts the list shows (the header names some too)."""
    return page.split('<ul class="cohort-list"', 1)[1].split("</ul>", 1)[0].count("<li>")


def test_the_cohorts_list_is_paged_and_searchable(cast, client_for):
    from districts.models import Cohort

    for i in range(55):
        Cohort.objects.create(name=f"Series {i:02d}")
    staff = client_for("staff")
    first = staff.get(reverse("dashboards:cohorts")).content.decode()
    assert listed(first) == 50
    assert 'aria-label="Pages of cohorts"' in first
    assert '<label for="cohort-search">Find a cohort by name</label>' in first
    found = staff.get(reverse("dashboards:cohorts"), {"q": "Series 07"}).content.decode()
    assert listed(found) == 1 and "0 districts" in found
    mine = client_for("facilitator").get(reverse("dashboards:cohorts")).content.decode()
    assert listed(mine) == 1


def test_an_export_of_more_districts_than_the_limit_is_offered_as_a_background_job(
    cast, client_for, settings
):
    """Never built in a request over the limit: the export's page offers it as a job
    (tests/test_exports.py makes it); filtered to the limit, it is streamed at once (the
    cast has three districts; two of them in Maine)."""
    settings.EXPORT_IN_REQUEST_UP_TO = 2
    staff = client_for("staff")
    hint = "Over 2 districts, an export is made in the background"
    assert hint in dashboard(staff) and hint not in dashboard(staff, state="ME")
    url = reverse("dashboards:coach_export", kwargs={"kind": "heatmap", "fmt": "csv"})
    offered = staff.get(url)
    page = offered.content.decode()
    assert offered.status_code == 200 and offered["Content-Type"].startswith("text/html")
    assert "This export covers 3 districts: over 2, a background worker writes it" in page
    assert f'<form method="post" action="{url}">' in page
    made = staff.get(url, {"state": "ME"})
    assert made.streaming and made["Content-Type"].startswith("text/csv")
    rows = made.getvalue().decode("utf-8-sig")
    assert "Riverside School District" in rows and "Outer School District" not in rows


def test_staffs_queue_over_more_districts_than_the_limit_leaves_measures_out_and_says_so(
    cast, client_for, monkeypatch
):
    """A measure's status is worked out in Python: over every district of the country that
    took seconds a page, so staff's queue lists measures once filtered, as sorting is offered
    (the cast has three districts, two of them in Maine)."""
    monkeypatch.setattr("dashboards.selectors.SORTABLE_UP_TO", 2)
    monkeypatch.setattr("dashboards.views.SORTABLE_UP_TO", 2)
    off = make_measure(cast.riverside, cast.lead, name="Seniors meeting every competency")
    add_point(off, cast.member, 20, days_ago=3)  # far behind the line
    staff = client_for("staff")
    url = reverse("dashboards:attention")
    everywhere = staff.get(url).content.decode()
    assert "Seniors meeting every competency" not in everywhere
    assert "Over 2 districts, measures off track and data overdue are not listed" in everywhere
    maine = staff.get(url, {"state": "ME"}).content.decode()
    assert "“Seniors meeting every competency” is off track." in maine
    assert "are not listed" not in maine
    # the coach's queue always lists them, and the counts agree with the lists
    assert "is off track." in attention(client_for("coach"))
