"""The measures' pages: list, form, the measure with its chart and data, corrections, who
reads what (issue 31)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from districts.models import Audience
from measures.models import DataPoint, Measure
from tests.measure_helpers import add_point, make_measure, measure_fields, plan_for


def _url(cast, name, **kwargs):
    return reverse(f"measures:{name}", kwargs={"district": cast.riverside.code, **kwargs})


def test_the_list_says_what_a_measure_is_when_there_is_none(cast, client_for):
    page = client_for("lead").get(_url(cast, "list"))
    assert page.status_code == 200
    assert "No measure yet" in page.content.decode()
    assert "set the plan’s years first" in page.content.decode()


def test_a_lead_adds_a_measure_with_its_targets(cast, client_for):
    plan = plan_for(cast.riverside, cast.lead)
    year = plan.horizon[1]
    data = measure_fields(
        name="Seniors meeting every graduation competency",
        counts="Seniors with every competency met, of all seniors",
        kind="lagging",
        baseline_value="35",
        baseline_date=(timezone.localdate() - timedelta(days=30)).isoformat(),
        cadence="yearly",
        owner=str(cast.member.code),
        **{f"target_{year}": "50"},
    )
    answer = client_for("lead").post(_url(cast, "new"), data)
    assert answer.status_code == 302, answer.content.decode()
    measure = Measure.objects.get()
    assert measure.owner == cast.member
    assert [(t.year, t.value) for t in measure.targets.all()] == [(year, 50)]


def test_a_bad_form_names_each_field(cast, client_for):
    plan = plan_for(cast.riverside, cast.lead)
    data = measure_fields(
        name="Bad",
        baseline_value="many",
        baseline_date=(timezone.localdate() + timedelta(days=5)).isoformat(),
        cadence="yearly",
        **{f"target_{plan.horizon[0]}": "140"},
    )
    page = client_for("member").post(_url(cast, "new"), data)
    assert page.status_code == 400
    assert "Write a number, such as 42 or 42.5." in page.content.decode()
    assert not Measure.objects.exists()
    data["baseline_value"] = "30"
    page = client_for("member").post(_url(cast, "new"), data)
    assert page.status_code == 400
    assert "Baseline as of: the date is in the future" in page.content.decode()


def test_the_measure_page_draws_its_chart_with_a_text_alternative_and_a_table(cast, client_for):
    measure = make_measure(cast.riverside, cast.lead)
    add_point(measure, cast.member, 31, days_ago=60)
    add_point(measure, cast.member, 44, days_ago=5)
    page = client_for("viewer").get(_url(cast, "detail", measure=measure.code)).content.decode()
    assert 'role="img"' in page and "<desc" in page and "Baseline 20 %" in page
    assert "44 %" in page and "On track" in page
    assert "How the status is decided." in page
    assert "Add a data point" not in page  # a viewer reads


def test_a_member_adds_a_point_and_a_bad_one_is_refused_by_field(cast, client_for):
    measure = make_measure(cast.riverside, cast.lead)
    url = _url(cast, "point_new", measure=measure.code)
    today = timezone.localdate()
    bad = client_for("member").post(url, {"value": "120", "as_of": today.isoformat()})
    assert bad.status_code == 400
    assert "Value: a percent is between 0 and 100." in bad.content.decode()
    good = client_for("member").post(url, {"value": "33.5", "as_of": today.isoformat()})
    assert good.status_code == 302
    assert DataPoint.objects.get().value == 33.5


def test_a_correction_shows_in_the_history_and_a_stale_one_conflicts(cast, client_for):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    url = _url(cast, "point_edit", measure=measure.code, point=point.code)
    data = {"value": "32", "as_of": point.as_of.isoformat(), "source": "Audit", "version": "1"}
    assert client_for("lead").post(url, data).status_code == 302
    stale = client_for("member").post(url, {**data, "value": "35"})
    assert stale.status_code == 409
    assert "Saved elsewhere first" in stale.content.decode()
    page = client_for("viewer").get(_url(cast, "detail", measure=measure.code)).content.decode()
    assert "corrected the point of" in page and "from 30.00 to 32" in page


def test_the_cohort_reads_measures_only_when_the_plan_is_shared_and_never_the_notes(
    cast, client_for
):
    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 30)
    DataPoint.objects.filter(pk=point.pk).update(note="Two schools missing")
    url = _url(cast, "detail", measure=measure.code)
    assert client_for("facilitator").get(url).status_code == 403
    cast.riverside.plan_sharing = Audience.COHORT
    cast.riverside.save()
    page = client_for("facilitator").get(url)
    assert page.status_code == 200
    assert "30 %" in page.content.decode()
    assert "Two schools missing" not in page.content.decode()
    assert "Two schools missing" in client_for("coach").get(url).content.decode()


def test_the_plan_page_has_a_measures_section(cast, client_for):
    make_measure(cast.riverside, cast.lead)
    page = client_for("coach").get(reverse("planning:overview", args=[cast.riverside.code]))
    assert "Measures of success" in page.content.decode()
    assert "Courses with common scoring criteria" in page.content.decode()


def test_a_lead_adopts_a_suggestion_with_one_click_then_gives_its_numbers(cast, client_for):
    plan = plan_for(cast.riverside, cast.lead)
    listed = client_for("lead").get(_url(cast, "list")).content.decode()
    assert "?from=common-criteria" in listed
    form = client_for("lead").get(_url(cast, "new") + "?from=common-criteria").content.decode()
    assert 'value="Courses with common scoring criteria"' in form
    assert "Ohio OIP" in form
    data = measure_fields(baseline_value="12", **{f"target_{plan.horizon[-1]}": "90"})
    assert client_for("lead").post(_url(cast, "new"), data).status_code == 302
    listed = client_for("lead").get(_url(cast, "list")).content.decode()
    assert "?from=common-criteria" not in listed and "Adopted." in listed


def test_the_district_documents_and_the_archive_carry_the_measures(cast):
    from districts.access import DistrictAccess, Relation, as_the_cohort_reads
    from reports.archive import tables
    from reports.documents import section_html
    from reports.selectors import district_section

    measure = make_measure(cast.riverside, cast.lead)
    point = add_point(measure, cast.member, 44)
    DataPoint.objects.filter(pk=point.pk).update(note="Two schools missing")
    lead = DistrictAccess(cast.riverside, Relation.LEAD)
    html = section_html(district_section(lead), title="Riverside", in_packet=False)
    assert "Measures of success" in html and "Courses with common scoring criteria" in html
    assert "On track" in html
    archived = tables(lead)
    assert archived["measures"][1][0] == "Courses with common scoring criteria"
    assert archived["measure-data"][1][4] == "Two schools missing"
    cast.riverside.plan_sharing = Audience.COHORT
    cast.riverside.save()
    cohort = as_the_cohort_reads(cast.riverside)
    assert "Courses with common scoring criteria" in section_html(
        district_section(cohort), title="Riverside", in_packet=True
    )


def test_the_measure_page_and_the_list_take_the_same_queries_however_much_data(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    measure = make_measure(cast.riverside, cast.lead)
    client = client_for("member")
    counts = []
    for n in (2, 20):
        for k in range(n):
            add_point(measure, cast.member, 20 + k % 50, days_ago=300 - k)
            make_measure(cast.riverside, cast.lead, name=f"Measure {n}-{k}")
        client.get(_url(cast, "list"))  # the header, the session and the content types kept
        client.get(_url(cast, "detail", measure=measure.code))
        with CaptureQueriesContext(connection) as detail:
            assert client.get(_url(cast, "detail", measure=measure.code)).status_code == 200
        with CaptureQueriesContext(connection) as listed:
            assert client.get(_url(cast, "list")).status_code == 200
        counts.append((len(detail), len(listed)))
    # Both: the person and the district with the person's relation (the session is kept).
    # The page: the measure; again with its latest point; its targets, its points, their
    # files and its history. The list: the plan, the measures with their latest points,
    # their targets.
    assert counts == [(8, 5), (8, 5)], counts
