"""Work assigned to schools (issue 34, part 5): action steps and milestones name the schools
they concern (the district's open schools; a closed one stays named on old work; another
district's refused), on their pages, in their history and through the API."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from districts.access import NOT_FOUND_MESSAGE
from history.models import Change
from planning.models import ActionPlan
from planning.services import action_step_update, plan_set_horizon
from schools.services import school_close, school_create
from tests.plan_helpers import add_step, milestone
from tests.test_api import api, bearer


def _schools(cast):
    alder = school_create(district=cast.riverside, acting_user=cast.lead, name="Alder Street")
    high = school_create(district=cast.riverside, acting_user=cast.lead, name="Riverside High")
    return alder, high


def _plan(cast):
    return ActionPlan.objects.create(district=cast.riverside, goal="Grading for learning")


def _plan_url(cast, plan, **query):
    url = reverse(
        "planning:action_plan", kwargs={"district": cast.riverside.code, "plan": plan.code}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# ---------------------------------------------------------------- steps


def test_a_member_names_two_schools_on_a_new_step_and_the_plan_shows_them(cast, client_for):
    alder, high = _schools(cast)
    plan = _plan(cast)
    answer = client_for("member").post(
        reverse("planning:step_new", kwargs={"district": cast.riverside.code, "plan": plan.code}),
        {
            "description": "Pilot the new report card",
            "status": "not_started",
            "schools": [str(alder.code), str(high.code)],
        },
    )
    assert answer.status_code == 302
    step = plan.steps.get()
    assert set(step.schools.all()) == {alder, high}
    change = Change.objects.get(kind="step", item_id=step.pk)
    assert change.after["schools"] == "Alder Street, Riverside High"
    page = client_for("coach").get(_plan_url(cast, plan)).content.decode()
    assert "Schools: " in page and "Alder Street</a>" in page and "Riverside High</a>" in page


def test_a_step_form_offers_open_schools_as_checkboxes(cast, client_for):
    alder, high = _schools(cast)
    school_close(school=high, expected_version=1, closed_note="Merged", acting_user=cast.lead)
    plan = _plan(cast)
    page = client_for("lead").get(_plan_url(cast, plan)).content.decode()
    assert f'type="checkbox" name="schools" value="{alder.code}"' in page
    assert f'name="schools" value="{high.code}"' not in page  # closed: not offered to new work


def test_a_closed_school_is_refused_on_new_work_and_stays_named_on_old(cast):
    alder, high = _schools(cast)
    plan = _plan(cast)
    step = add_step(plan, cast.lead, "Visit classrooms", schools=[alder, high])
    high.refresh_from_db()
    school_close(school=high, expected_version=1, closed_note="Merged", acting_user=cast.lead)
    high.refresh_from_db()
    with pytest.raises(ValidationError, match="Riverside High” is closed"):
        add_step(plan, cast.lead, "Another", schools=[high])
    # kept on the step it named, while the step changes
    saved = action_step_update(
        step=step,
        expected_version=step.version,
        acting_user=cast.lead,
        description="Visit classrooms twice",
        schools=[alder, high],
    )
    assert set(saved.schools.all()) == {alder, high}
    # and removable from it; the history records each change
    saved = action_step_update(
        step=saved, expected_version=saved.version, acting_user=cast.lead, schools=[alder]
    )
    assert list(saved.schools.all()) == [alder]
    last = Change.objects.filter(kind="step", item_id=step.pk).latest("pk")
    assert (last.before["schools"], last.after["schools"]) == (
        "Alder Street, Riverside High",
        "Alder Street",
    )


def test_another_districts_school_is_refused_with_a_clear_message(cast, client_for):
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    plan = _plan(cast)
    with pytest.raises(ValidationError, match="“Outer High” is not a school of this district"):
        add_step(plan, cast.lead, "Borrow their school", schools=[theirs])
    answer = client_for("lead").post(
        reverse("planning:step_new", kwargs={"district": cast.riverside.code, "plan": plan.code}),
        {"description": "x", "status": "not_started", "schools": [str(theirs.code)]},
    )
    assert answer.status_code == 400
    assert "is not one of the district&#x27;s open schools" in answer.content.decode()
    assert not plan.steps.exists()


def test_the_steps_are_filtered_by_school(cast, client_for):
    alder, high = _schools(cast)
    plan = _plan(cast)
    add_step(plan, cast.lead, "Only at Alder", schools=[alder])
    add_step(plan, cast.lead, "District-wide")
    page = client_for("viewer").get(_plan_url(cast, plan, school=alder.code)).content.decode()
    assert "Only at Alder" in page and "District-wide" not in page
    assert "Showing only the steps that name Alder Street" in page
    page = client_for("viewer").get(_plan_url(cast, plan, school=high.code)).content.decode()
    assert "No step names Riverside High." in page


def test_a_filter_by_another_districts_school_is_a_404(cast, client_for):
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    plan = _plan(cast)
    missing = client_for("lead").get(_plan_url(cast, plan, school="not-a-code"))
    other = client_for("lead").get(_plan_url(cast, plan, school=theirs.code))
    assert other.status_code == missing.status_code == 404
    assert (
        NOT_FOUND_MESSAGE in other.content.decode()
        and NOT_FOUND_MESSAGE in missing.content.decode()
    )


# ---------------------------------------------------------------- milestones


def _grid_plan(cast):
    return plan_set_horizon(
        district=cast.riverside, first_year=2026, years=4, acting_user=cast.lead
    )


def test_a_milestone_names_schools_from_the_grid_and_the_grid_filters_by_one(cast, client_for):
    alder, high = _schools(cast)
    _grid_plan(cast)
    url = reverse(
        "planning:cell",
        kwargs={"district": cast.riverside.code, "year": 2027, "strand": "practice"},
    )
    answer = client_for("member").post(
        url,
        {
            "c2027-practice-target": "Standards-based grading piloted",
            "c2027-practice-status": "on_track",
            "c2027-practice-notes": "",
            "c2027-practice-schools": [str(high.code)],
            "c2027-practice-version": "0",
        },
    )
    assert answer.status_code == 302
    change = Change.objects.get(kind="milestone")
    assert change.after["schools"] == "Riverside High"
    grid = reverse("planning:grid", kwargs={"district": cast.riverside.code})
    page = client_for("lead").get(grid + f"?school={high.code}").content.decode()
    assert (
        "Milestones that name Riverside High" in page and "Standards-based grading piloted" in page
    )
    page = client_for("lead").get(grid + f"?school={alder.code}").content.decode()
    assert "No milestone names Alder Street." in page
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    refused = client_for("member").post(
        url,
        {
            "c2027-practice-target": "x",
            "c2027-practice-status": "on_track",
            "c2027-practice-notes": "",
            "c2027-practice-schools": [str(theirs.code)],
            "c2027-practice-version": str(change.item_id and 2),
        },
    )
    assert refused.status_code == 400
    assert "is not one of the district&#x27;s open schools" in refused.content.decode()


# ---------------------------------------------------------------- the API


def test_the_api_reads_and_writes_a_steps_schools_by_code(cast):
    alder, high = _schools(cast)
    plan = _plan(cast)
    url = api(f"districts/{cast.riverside.code}/action-steps/")
    made = Client().post(
        url,
        json.dumps({"plan": str(plan.code), "description": "Pilot", "schools": [str(alder.code)]}),
        content_type="application/json",
        **bearer(cast),
    )
    assert made.status_code == 201, made.content
    assert made.json()["schools"] == [str(alder.code)]
    step = plan.steps.get()
    changed = Client().patch(
        url + f"{step.code}/",
        json.dumps({"schools": [str(alder.code), str(high.code)]}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(cast),
    )
    assert changed.status_code == 200, changed.content
    assert set(changed.json()["schools"]) == {str(alder.code), str(high.code)}
    listed = Client().get(url + f"?schools__code={high.code}", **bearer(cast, "viewer")).json()
    assert [row["code"] for row in listed["results"]] == [str(step.code)]
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    refused = Client().post(
        url,
        json.dumps({"plan": str(plan.code), "description": "x", "schools": [str(theirs.code)]}),
        content_type="application/json",
        **bearer(cast),
    )
    assert refused.status_code == 400
    assert refused.json()["schools"] == [f"No school of this district has the code {theirs.code}."]


def test_the_api_reads_and_writes_a_milestones_schools_by_code(cast):
    alder, _ = _schools(cast)
    _grid_plan(cast)
    url = api(f"districts/{cast.riverside.code}/plan/cells/2028-policy/")
    saved = Client().patch(
        url,
        json.dumps({"target": "Policy adopted", "schools": [str(alder.code)]}),
        content_type="application/json",
        HTTP_IF_MATCH='"0"',
        **bearer(cast),
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["schools"] == [str(alder.code)]
    kept = Client().patch(
        url,
        json.dumps({"status": "at_risk"}),
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
        **bearer(cast),
    )
    assert kept.json()["schools"] == [str(alder.code)]  # left out: left as it is
    assert milestone  # the helper other tests use stays the grid's way in


# ---------------------------------------------------------------- measures kept per school


def _per_school(cast, kept="mean", **fields):
    from tests.measure_helpers import make_measure

    return make_measure(cast.riverside, cast.lead, name=f"Courses ({kept})", kept=kept, **fields)


def _point(measure, person, value, day, school, **fields):
    from decimal import Decimal

    from measures.services import point_add

    return point_add(
        measure=measure,
        value=Decimal(value),
        as_of=day,
        acting_user=person,
        school=school,
        **fields,
    )


def _district_series(measure):
    return [
        (p.as_of.isoformat(), str(p.value), p.reported)
        for p in measure.points.filter(school__isnull=True).order_by("as_of")
    ]


def test_a_mean_rolls_up_each_periods_latest_school_points_and_follows_corrections(cast):
    from datetime import date

    from tests.measure_helpers import correct_point

    alder, high = _schools(cast)
    measure = _per_school(cast, "mean")  # quarterly
    _point(measure, cast.member, 40, date(2026, 1, 10), alder)
    february = _point(measure, cast.member, 50, date(2026, 2, 5), alder)
    _point(measure, cast.member, 70, date(2026, 3, 1), high)
    _point(measure, cast.member, 30, date(2026, 4, 10), alder)
    assert _district_series(measure) == [
        ("2026-03-01", "60.00", 2),  # alder's latest of the quarter (50) and high's 70
        ("2026-04-10", "30.00", 1),  # only alder reported
    ]
    correct_point(february, cast.lead, 60, version=1)
    assert _district_series(measure)[0] == ("2026-03-01", "65.00", 2)


def test_a_sum_adds_up_and_percents_are_never_added(cast):
    from datetime import date

    alder, high = _schools(cast)
    with pytest.raises(ValidationError, match="percents do not add up"):
        _per_school(cast, "sum")
    measure = _per_school(cast, "sum", unit="count")
    _point(measure, cast.member, 10, date(2026, 5, 1), alder)
    _point(measure, cast.member, 5, date(2026, 5, 2), high)
    assert _district_series(measure) == [("2026-05-02", "15.00", 2)]


def test_a_mean_weighted_by_enrolment_follows_a_change_of_enrolment(cast):
    from datetime import date

    from schools.services import school_update

    alder, high = _schools(cast)
    measure = _per_school(cast, "weighted")
    with pytest.raises(ValidationError, match="give “Alder Street” its enrolment"):
        _point(measure, cast.member, 40, date(2026, 5, 1), alder)
    alder = school_update(school=alder, expected_version=1, acting_user=cast.lead, enrolment=100)
    high = school_update(school=high, expected_version=1, acting_user=cast.lead, enrolment=300)
    _point(measure, cast.member, 40, date(2026, 5, 1), alder)
    _point(measure, cast.member, 80, date(2026, 5, 2), high)
    assert _district_series(measure) == [("2026-05-02", "70.00", 2)]  # (4000 + 24000) / 400
    school_update(
        school=alder, expected_version=alder.version, acting_user=cast.lead, enrolment=300
    )
    assert _district_series(measure) == [("2026-05-02", "60.00", 2)]  # (12000 + 24000) / 600


def test_a_points_school_must_fit_how_the_measure_is_kept(cast):
    from datetime import date

    from tests.measure_helpers import make_measure

    alder, high = _schools(cast)
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    district_measure = make_measure(cast.riverside, cast.lead)
    with pytest.raises(ValidationError, match="kept for the district as a whole"):
        _point(district_measure, cast.member, 40, date(2026, 5, 1), alder)
    measure = _per_school(cast, "mean")
    with pytest.raises(ValidationError, match="choose the school this value is of"):
        _point(measure, cast.member, 40, date(2026, 5, 1), None)
    with pytest.raises(ValidationError, match="“Outer High” is not a school of this district"):
        _point(measure, cast.member, 40, date(2026, 5, 1), theirs)
    school_close(school=high, expected_version=1, closed_note="", acting_user=cast.lead)
    high.refresh_from_db()
    with pytest.raises(ValidationError, match="“Riverside High” is closed"):
        _point(measure, cast.member, 40, date(2026, 5, 1), high)
    with pytest.raises(ValidationError, match="percent is between 0 and 100"):
        _point(measure, cast.member, 140, date(2026, 5, 1), alder)
    assert not measure.points.exists()


def test_a_measure_with_data_stays_kept_as_it_is(cast):
    from datetime import date

    from measures.services import measure_update

    alder, _ = _schools(cast)
    measure = _per_school(cast, "mean")
    _point(measure, cast.member, 40, date(2026, 5, 1), alder)
    with pytest.raises(ValidationError, match="it has data of its schools"):
        measure_update(
            measure=measure,
            expected_version=measure.version,
            targets={},
            acting_user=cast.lead,
            kept="",
        )
    measure.refresh_from_db()
    saved = measure_update(
        measure=measure,
        expected_version=measure.version,
        targets={},
        acting_user=cast.lead,
        kept="weighted",
    )
    assert saved.kept == "weighted"
    assert _district_series(saved) == []  # Alder Street has no enrolment: left out


def _measure_url(cast, measure, **query):
    url = reverse(
        "measures:detail", kwargs={"district": cast.riverside.code, "measure": measure.code}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_measure_page_shows_each_schools_series_and_the_district_with_who_reported(
    cast, client_for
):
    from datetime import date

    alder, high = _schools(cast)
    measure = _per_school(cast, "mean")
    point = _point(measure, cast.member, 40, date(2026, 5, 1), alder)
    page = client_for("coach").get(_measure_url(cast, measure)).content.decode()
    assert "1 of 2 schools reported" in page and "By school" in page
    assert "No data from Riverside High yet." in page
    assert 'id="school-chart-0"' in page or "school-chart-0-title" in page
    lead_page = client_for("lead").get(_measure_url(cast, measure)).content.decode()
    assert lead_page.count("Correct<span") == 1  # the school's point, not the rolled-up one
    rolled = measure.points.get(reported__isnull=False)
    edit = reverse(
        "measures:point_edit",
        kwargs={"district": cast.riverside.code, "measure": measure.code, "point": rolled.code},
    )
    assert client_for("lead").get(edit).status_code == 404
    only = client_for("viewer").get(_measure_url(cast, measure, school=high.code)).content.decode()
    assert (
        "No data from Riverside High yet." in only
        and f"point-{point.code}" not in only.split("By school")[1]
    )
    assert client_for("viewer").get(_measure_url(cast, measure, school="x")).status_code == 404


def test_a_member_adds_a_schools_point_from_the_page(cast, client_for):
    alder, _ = _schools(cast)
    measure = _per_school(cast, "mean")
    url = reverse(
        "measures:point_new", kwargs={"district": cast.riverside.code, "measure": measure.code}
    )
    answer = client_for("member").post(
        url, {"school": str(alder.code), "value": "42", "as_of": "2026-05-01", "source": ""}
    )
    assert answer.status_code == 302
    assert measure.points.get(school=alder).value == 42
    refused = client_for("member").post(url, {"value": "42", "as_of": "2026-05-02"})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()


def test_the_api_adds_a_schools_point_by_code_and_filters_by_school(cast):
    alder, _ = _schools(cast)
    measure = _per_school(cast, "mean")
    url = api(f"districts/{cast.riverside.code}/measures/{measure.code}/points/")
    made = Client().post(
        url,
        json.dumps({"value": "42", "as_of": "2026-05-01", "school": str(alder.code)}),
        content_type="application/json",
        **bearer(cast, "member"),
    )
    assert made.status_code == 201, made.content
    assert made.json()["school"] == str(alder.code)
    listed = Client().get(url + f"?school__code={alder.code}", **bearer(cast, "viewer")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["value"] for row in rows] == ["42.00"]
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    refused = Client().post(
        url,
        json.dumps({"value": "42", "as_of": "2026-05-01", "school": str(theirs.code)}),
        content_type="application/json",
        **bearer(cast, "member"),
    )
    assert refused.status_code == 400
    assert refused.json()["school"] == [f"No school of this district has the code {theirs.code}."]


def test_the_import_refuses_rows_of_a_measure_kept_per_school(cast):
    from districts.access import access_district
    from measures import exchange
    from measures.selectors import measures_of

    measure = _per_school(cast, "mean")
    access = access_district(cast.lead, cast.riverside.code)
    _, problems = exchange.check(
        measures_of(access),
        [["Measure", "As of", "Value", "Source"], [measure.name, "2026-05-01", "42", ""]],
    )
    assert problems == [
        "Row 2, column “Measure”: it is kept per school; add each school's data on the "
        "measure's page (the district's value is worked out from them)."
    ]


# ---------------------------------------------------------------- the school's page


def test_a_schools_page_shows_its_steps_milestones_and_measures(cast, client_for):
    from datetime import date

    alder, high = _schools(cast)
    plan = _plan(cast)
    add_step(plan, cast.lead, "Pilot at Alder", schools=[alder])
    add_step(plan, cast.lead, "Pilot at the high school", schools=[high])
    grid = _grid_plan(cast)
    cell = milestone(grid, cast.lead, 2027, "practice", "Alder grades by standards")
    from planning.services import plan_cell_save

    plan_cell_save(
        plan=grid,
        year=2027,
        strand="practice",
        expected_version=cell.version,
        target=cell.target,
        status=cell.status,
        notes="",
        acting_user=cast.lead,
        schools=[alder],
    )
    measure = _per_school(cast, "mean")
    _point(measure, cast.member, 45, date(2026, 5, 1), alder)
    url = reverse("schools:school", kwargs={"district": cast.riverside.code, "school": alder.code})
    page = client_for("coach").get(url).content.decode()
    assert "Pilot at Alder" in page and "Pilot at the high school" not in page
    assert "Alder grades by standards" in page
    assert measure.name in page and "45 %" in page
    outsider = client_for("outsider").get(url)
    assert outsider.status_code == 404


def test_a_school_page_of_another_district_is_a_404_for_its_parts_too(cast, client_for):
    theirs = school_create(district=cast.outer, acting_user=cast.outsider, name="Outer High")
    url = reverse("schools:school", kwargs={"district": cast.riverside.code, "school": theirs.code})
    assert client_for("lead").get(url).status_code == 404


# ---------------------------------------------------------------- a school's team


def _school_person(school, role):
    from districts.models import SchoolMembership
    from tests.factories import UserFactory

    person = UserFactory()
    SchoolMembership.objects.create(district=school.district, school=school, user=person, role=role)
    client = Client()
    client.force_login(person)
    return person, client


def test_a_school_member_adds_and_corrects_only_their_own_schools_points(cast):
    from datetime import date

    from districts.models import SchoolRole

    alder, high = _schools(cast)
    measure = _per_school(cast, "mean")
    theirs = _point(measure, cast.member, 40, date(2026, 5, 1), alder)
    _, client = _school_person(high, SchoolRole.SCHOOL_MEMBER)
    url = reverse(
        "measures:point_new", kwargs={"district": cast.riverside.code, "measure": measure.code}
    )
    form = client.get(_measure_url(cast, measure)).content.decode().split('id="add-point"')[1]
    assert f'<option value="{high.code}"' in form and f'<option value="{alder.code}"' not in form
    made = client.post(url, {"school": str(high.code), "value": "50", "as_of": "2026-05-02"})
    assert made.status_code == 302
    assert measure.points.get(school=high).value == 50
    other = client.post(url, {"school": str(alder.code), "value": "9", "as_of": "2026-05-02"})
    assert other.status_code == 400 and measure.points.filter(school=alder).count() == 1
    edit = reverse(
        "measures:point_edit",
        kwargs={"district": cast.riverside.code, "measure": measure.code, "point": theirs.code},
    )
    assert (
        client.post(edit, {"value": "1", "as_of": "2026-05-01", "version": "1"}).status_code == 403
    )
    _, viewer = _school_person(high, SchoolRole.SCHOOL_VIEWER)
    assert (
        viewer.post(
            url, {"school": str(high.code), "value": "1", "as_of": "2026-05-02"}
        ).status_code
        == 403
    )


def test_a_school_member_changes_the_status_only_of_steps_naming_their_school(cast):
    from districts.models import SchoolRole

    alder, high = _schools(cast)
    plan = _plan(cast)
    ours = add_step(plan, cast.lead, "At the high school", schools=[high])
    other = add_step(plan, cast.lead, "At Alder", schools=[alder])
    _, client = _school_person(high, SchoolRole.SCHOOL_MEMBER)

    def post(step):
        url = reverse(
            "planning:step_status",
            kwargs={"district": cast.riverside.code, "plan": plan.code, "step": step.code},
        )
        prefix = f"step-{step.code}"
        return client.post(
            url,
            {f"{prefix}-status": "in_progress", f"{prefix}-version": "1", f"{prefix}-due_date": ""},
        )

    page = client.get(_plan_url(cast, plan)).content.decode()
    assert page.count("step-status-form") == 1
    assert post(ours).status_code == 302
    ours.refresh_from_db()
    assert ours.status == "in_progress"
    assert post(other).status_code == 403
    other.refresh_from_db()
    assert other.status == "not_started"


# ---------------------------------------------------------------- query counts, at two sizes


def _grow_work(cast, plan, grid, measure, n, start):
    """n more schools, each named by a step and a milestone's list, with a point each."""
    from datetime import date

    from planning.models import PlanCell

    for i in range(start, start + n):
        school = school_create(district=cast.riverside, acting_user=cast.lead, name=f"S{i}")
        add_step(plan, cast.lead, f"Step {i}", schools=[school])
        _point(measure, cast.member, 10 + i, date(2026, 5, 1 + i % 20), school)
        for cell in PlanCell.objects.filter(plan=grid):
            cell.schools.add(school)


# The grid for a member (its forms): the person, the district with the relation, the plan, its
# cells with their schools (2), the schools its forms offer, the district's schools for the
# filter, and the page's own: 7 whatever the number of schools and of the schools named.
GRID_QUERIES = 7
# A measure kept per school, for a coach: the person, the district with the relation, the
# measure, the measure with its latest point, its targets, the district's points, their
# files, its history; the schools for the filter, the schools' points and the schools (2),
# their files: 13 whatever the number of schools and points.
MEASURE_PAGE_QUERIES = 13
# The school page's parts (see SCHOOL_PAGE_QUERIES in tests/test_queries.py).
SCHOOL_PAGE_QUERIES = 5 + 2 + 1 + 1  # with the team and stages (schools), the rounds (rubrics)


@pytest.mark.parametrize("page", ["grid", "measure", "school"])
def test_the_pages_of_work_by_school_are_pinned_and_flat(
    page, cast, client_for, django_assert_num_queries
):
    plan = _plan(cast)
    grid = _grid_plan(cast)
    for year in (2026, 2027):
        milestone(grid, cast.lead, year, "practice", f"Milestone {year}")
    measure = _per_school(cast, "mean")
    first = school_create(district=cast.riverside, acting_user=cast.lead, name="First")
    role, queries, url = {
        "grid": (
            "member",
            GRID_QUERIES,
            reverse("planning:grid", kwargs={"district": cast.riverside.code}),
        ),
        "measure": ("coach", MEASURE_PAGE_QUERIES, _measure_url(cast, measure)),
        "school": (
            "coach",
            SCHOOL_PAGE_QUERIES,
            reverse(
                "schools:school", kwargs={"district": cast.riverside.code, "school": first.code}
            ),
        ),
    }[page]
    client = client_for(role)
    for start, n in ((0, 2), (2, 12)):
        _grow_work(cast, plan, grid, measure, n, start)
        add_step(plan, cast.lead, f"First's {start}", schools=[first])
        client.get(url)  # the header kept
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_the_schools_table_imports_an_enrolment_and_refuses_one_that_is_no_number(cast, client_for):
    from tests.test_schools import _import

    client = client_for("lead")
    table = 'Name,Grades,NCES id,Principal,Enrolment\nAlder Street,PK-5,,Ruth Callahan,"1,250"\n'
    _import(client, cast, table)
    assert cast.riverside.school_set.get(name="Alder Street").enrolment == 1250
    refused = _import(client, cast, "Name,Grades,NCES id,Enrolment\nMeadowbrook,K-5,,many\n")
    assert "Row 2, column “Enrolment”: write its number of students" in refused.content.decode()
    _import(client, cast, "Name,Grades,NCES id\nAlder Street,PK-5,\n")  # no column: kept
    assert cast.riverside.school_set.get(name="Alder Street").enrolment == 1250
