"""Measure pages. They follow the plan's audience (its team, its coaches, its cohort when the
plan is shared with it); the district's leads and members write; a cohort's facilitators
read levels and numbers, never the notes and files beside the data."""

from copy import copy

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from districts.access import NOT_FOUND_MESSAGE, access_district_object, schools_written_by
from districts.models import District
from districts.tables import download
from districts.viewkit import (
    DistrictPages,
    Importing,
    RowDelete,
    RowEdit,
    apply,
    edit_page,
    posted,
)
from evidence.selectors import evidence_of
from measures import exchange
from measures.charts import amount, measure_svg
from measures.forms import DataPointForm, ImportConfirmForm, MeasureForm
from measures.models import DataPoint, Measure
from measures.selectors import (
    measure_detail,
    measures_of,
    point_history,
    school_series,
    tally,
)
from measures.services import (
    measure_create,
    measure_remove,
    measure_update,
    point_add,
    point_correct,
)
from measures.status import rule_text
from measures.suggestions import BY_SLUG, by_strand
from planning.models import Strand
from planning.selectors import plan_of
from schools.views import school_filter

pages = DistrictPages("measures", audience=District.plan_audience, default_url="list")
_open, _url, _page = pages.open, pages.url, pages.page


def _by_strand(measures) -> list[tuple[str, list]]:
    return [
        (label, [m for m in measures if m.strand == value])
        for value, label in Strand.choices
        if any(m.strand == value for m in measures)
    ]


@require_safe
def measure_list(request: HttpRequest, district: str) -> HttpResponse:
    """Every measure of the plan, by strand, with its status and the rule that set it."""
    access = _open(request, district)
    measures = measures_of(access)
    return _page(
        request,
        access,
        "list.html",
        plan=plan_of(access),
        strands=_by_strand(measures),
        tally=tally([m.standing for m in measures]),
        rule=rule_text(),
        suggestions=by_strand() if access.can_write else [],
        taken={m.name.lower() for m in measures},
    )


def measure_new(request: HttpRequest, district: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    plan = plan_of(access)
    if plan is None:
        return _page(
            request, access, "no_plan.html", status=400 if request.method == "POST" else 200
        )
    suggestion = BY_SLUG.get(request.GET.get("from", ""))
    form = MeasureForm(
        posted(request),
        district=access.district,
        plan=plan,
        initial=suggestion.initial() if suggestion else None,
    )
    return edit_page(
        request,
        form,
        lambda: measure_create(
            district=access.district, plan=plan, acting_user=request.user, **form.values()
        ),
        message=lambda saved: f"Measure added: {saved}. Add its data below.",
        to=lambda saved: _url(access, "detail", measure=saved.code),
        page=pages.form_page(request, access, "form.html", plan=plan, suggestion=suggestion),
    )


def _measure(access, code, *, for_write=False) -> Measure:
    return access_district_object(access, Measure, code=code, for_write=for_write)


@require_safe
def measure_page(request: HttpRequest, district: str, measure: str) -> HttpResponse:
    access = _open(request, district)
    return _measure_page(request, access, _measure(access, measure))


def _by_school(request, access, measure, points) -> dict:
    """What the page shows of a measure kept per school: each school's series (of the one
    the filter chooses), with its chart when the measure's targets are theirs too (a mean),
    and for each point of the district's series how many schools reported of how many."""
    if not measure.per_school:
        return {}
    filtering = school_filter(request, access)
    if not filtering["reads_schools"]:
        return filtering
    series, of_schools = school_series(access, measure, points, school=filtering["school"])
    for point in points:
        point.of_schools = of_schools[point.pk]
    files = evidence_of(access, [p for each in series for p in each.points])
    for n, each in enumerate(series):
        for point in each.points:
            point.files = files.get(point.pk)
            point.shown = amount(point.value, measure)
        if measure.kept != Measure.Kept.SUM and each.points:
            shown = copy(measure)  # the measure as the school's chart names and judges it
            shown.name, shown.standing = f"{measure.name}, {each.school}", each.standing
            each.chart = measure_svg(shown, each.points, chart_id=f"school-chart-{n}")
    return {"series": series, **filtering}


def _measure_page(request, access, measure, *, point_form=None, status=200):
    measure, points = measure_detail(measure)
    files = evidence_of(access, points)  # none for who reads no evidence
    for point in points:
        point.files = files.get(point.pk)
        point.shown = amount(point.value, measure)
    by_school = _by_school(request, access, measure, points)
    written = None if access.can_write or not measure.per_school else schools_written_by(access)
    return _page(
        request,
        access,
        "measure.html",
        status=status,
        measure=measure,
        points=points,
        chart=measure_svg(measure, points),
        baseline=amount(measure.baseline_value, measure),
        targets=[(t, amount(t.value, measure)) for t in measure.target_list],
        latest=amount(measure.standing.latest_value, measure),
        history=point_history(access, measure)[:50],
        rule=rule_text(),
        point_form=point_form or DataPointForm(measure=measure, only=written),
        adds_points=access.can_write or bool(written),
        writes_school=written,
        **by_school,
    )


def _measure_to_change(access, measure) -> Measure:
    return _measure(access, measure, for_write=True)


class MeasureRow(RowEdit, RowDelete):
    template = "form.html"
    versioned = True

    def find(self, access, measure):
        return _measure_to_change(access, measure)

    def form(self, data, access, target):
        form = MeasureForm(
            data,
            instance=target,
            district=access.district,
            plan=target.plan,
            initial={"version": target.version},
        )
        form.fields["version"].required = True  # an edit names the version it was made against
        return form

    def save(self, form, target, person, access):
        return measure_update(
            measure=target,
            expected_version=form.cleaned_data["version"],
            acting_user=person,
            **form.values(),
        )

    def to(self, access, target):
        return _url(access, "detail", measure=target.code)

    def context(self, access, target):
        return {"measure": target, "plan": target.plan}

    def what(self, target):
        return f"the measure “{target}”, its targets and its {target.points.count()} data points"

    def back(self, access, target):
        return _url(access, "detail", measure=target.code)

    def done(self, access, target):
        return _url(access, "list")

    def remove(self, target, person):
        measure_remove(measure=target, acting_user=person)


measure_edit = pages.edit_view(MeasureRow)
measure_delete = pages.delete_view(MeasureRow)


def _point_writer(access, measure) -> set[int] | None:
    """Who adds and corrects a measure's points: the district's leads and members (None: any
    school), and for a measure kept per school a school's leads and members, their own
    school's points only (the ids of those schools). Anyone else gets 403."""
    if access.can_write:
        return None
    written = schools_written_by(access) if measure.per_school else set()
    access.require(bool(written))
    return written


@require_POST
def point_new(request: HttpRequest, district: str, measure: str) -> HttpResponse:
    access = _open(request, district)
    target = _measure(access, measure)
    written = _point_writer(access, target)
    form = DataPointForm(request.POST, measure=target, only=written)
    point = apply(
        form,
        lambda: point_add(
            measure=target,
            acting_user=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "version"},
        ),
    )
    if point:
        day = date_format(point.as_of, "M j, Y")
        messages.success(request, f"Added: {amount(point.value, target)} as of {day}.")
        return redirect(_url(access, "detail", measure=target.code) + f"#point-{point.code}")
    return _measure_page(request, access, target, point_form=form, status=400)


def point_edit(request: HttpRequest, district: str, measure: str, point: str) -> HttpResponse:
    """Correct a point; the history keeps what it was. A correction made against an older
    version is refused (409) with the stored point beside the person's own."""
    access = _open(request, district)
    target = _measure(access, measure)
    written = _point_writer(access, target)
    row = access_district_object(access, DataPoint, code=point)
    if row.measure_id != target.pk or row.reported is not None:  # rolled up: never entered
        raise Http404(NOT_FOUND_MESSAGE)
    if written is not None and row.school_id not in written:
        access.require(False)  # another school's point
    row.measure = target

    def make(data):
        form = DataPointForm(data, instance=row, initial={"version": row.version})
        form.fields["version"].required = True
        return form

    form = make(posted(request))
    return edit_page(
        request,
        form,
        lambda: point_correct(
            point=row,
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "version"},
        ),
        rebuild=make,
        message="Data point corrected; the history keeps what it was.",
        to=_url(access, "detail", measure=target.code) + f"#point-{row.code}",
        page=pages.form_page(request, access, "point_form.html", measure=target, point=row),
    )


# ---------------------------------------------------------------- the data as a table


@require_safe
def export(request: HttpRequest, district: str, fmt: str) -> HttpResponse:
    """Every data point of the plan's measures kept for the district (CSV or XLSX), in the
    columns the import reads; notes only for who reads evidence."""
    access = _open(request, district)
    measures = [m for m in measures_of(access) if not m.per_school]
    points = list(DataPoint.objects.readable_in(access).filter(measure__in=measures))
    table = exchange.rows(measures, points, with_notes=access.reads_evidence)
    return download(table, fmt=fmt, filename=f"measures-{access.district.code}", title="Data")


def import_points(request: HttpRequest, district: str) -> HttpResponse:
    """Upload, see every row checked (each bad one named), then confirm: nothing is saved
    until every row is good and the person confirms what the preview shows."""
    access = _open(request, district, for_write=True)
    measures = measures_of(access)

    def save(data: list[dict]) -> str:
        counts = exchange.import_points(
            measures=measures, planned=exchange.from_data(data), acting_user=request.user
        )
        return (
            f"Imported: {counts['added']} data points added, {counts['corrected']} corrected, "
            f"{counts['unchanged']} unchanged."
        )

    importing = Importing(
        read=exchange.read_table,
        check=lambda table, values: exchange.check(measures, table),
        save=save,
        confirm_form=ImportConfirmForm,
    )
    return pages.import_page(request, access, "import.html", importing, done=_url(access, "list"))
