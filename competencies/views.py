"""Competency pages: an outline of competency → indicators → objectives, each indicator's
criteria grid, the design guide's findings, the starter set, and import / export."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from competencies import exchange
from competencies.forms import (
    CompetencyForm,
    CriteriaForm,
    ImportForm,
    IndicatorForm,
    ObjectiveForm,
    ScaleForm,
)
from competencies.models import SCALE_PRESETS, Competency, Indicator, Objective
from competencies.selectors import review
from competencies.services import (
    STARTER,
    competency_save,
    criteria_save,
    indicator_save,
    objective_save,
    scale_for,
    scale_set,
    starter_copy,
)
from districts.access import (
    access_district_object,
)
from districts.models import Audience
from districts.tables import download
from districts.viewkit import (
    DistrictPages,
    RowDelete,
    RowEdit,
    applied,
    apply,
    edit_page,
    move_as_posted,
    posted,
    uploaded_table,
)
from evidence.selectors import evidence_of

# Competencies are shared with the district's coaches (read-only); the team edits.
pages = DistrictPages("competencies", audience=Audience.COACHES, default_url="outline")
_open, _url, _page = pages.open, pages.url, pages.page


def _ctx(access) -> dict:
    return {"access": access, "district": access.district}


@require_safe
def outline(request: HttpRequest, district: str) -> HttpResponse:
    access = _open(request, district)
    return _outline(request, access)


def _outline(request, access, *, form=None, status=200):
    result = review(access.district)
    files = evidence_of(access, result.competencies)
    for competency in result.competencies:
        competency.files = files.get(competency.pk)
    return _page(
        request,
        access,
        "outline.html",
        status=status,
        review=result,
        form=form or CompetencyForm(initial={"kind": Competency.Kind.CROSS_CURRICULAR}),
        indicator_form=IndicatorForm(),
    )


@require_POST
def competency_new(request: HttpRequest, district: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    form = CompetencyForm(request.POST)
    saved = apply(
        form,
        lambda: competency_save(
            district=access.district, acting_user=request.user, **form.cleaned_data
        ),
    )
    if saved:
        messages.success(request, f"Added: {saved}.")
        return redirect(_url(access) + f"#competency-{saved.code}")
    return _outline(request, access, form=form, status=400)


def _competency(access, competency) -> Competency:
    return access_district_object(access, Competency, code=competency, for_write=True)


class CompetencyRow(RowEdit, RowDelete):
    form_class = CompetencyForm
    template = "edit.html"

    def find(self, access, competency):
        return _competency(access, competency)

    def save(self, form, target, person, access):
        return competency_save(
            district=access.district, acting_user=person, competency=target, **form.cleaned_data
        )

    def to(self, access, target):
        return _url(access) + f"#competency-{target.code}"

    def context(self, access, target):
        return {"heading": f"Edit the competency “{target}”"}

    def what(self, target):
        return f"the competency “{target}” with its {target.indicators.count()} indicators"

    def back(self, access, target):
        return _url(access)


competency_edit = pages.edit_view(CompetencyRow)
competency_delete = pages.delete_view(CompetencyRow)


@require_POST
def competency_move(request: HttpRequest, district: str, competency: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _competency(access, competency)
    siblings = Competency.objects.readable_in(access).filter(
        kind=target.kind, content_area=target.content_area
    )
    move_as_posted(request, siblings, target)
    return redirect(_url(access) + f"#competency-{target.code}")


@require_POST
def indicator_new(request: HttpRequest, district: str, competency: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = access_district_object(access, Competency, code=competency, for_write=True)
    form = IndicatorForm(request.POST)
    saved = apply(
        form,
        lambda: indicator_save(competency=target, acting_user=request.user, **form.cleaned_data),
    )
    if saved:
        messages.success(request, "Indicator added. Write its scoring criteria below.")
        return redirect(_url(access, "indicator", indicator=saved.code))
    messages.error(
        request,
        "The indicator was not added: "
        + " ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
    )
    return redirect(_url(access) + f"#competency-{target.code}")


def _indicator(access, code, *, for_write=False) -> Indicator:
    return access_district_object(
        access, Indicator, code=code, for_write=for_write, related=("competency",)
    )


@require_safe
def indicator(request: HttpRequest, district: str, indicator: str) -> HttpResponse:
    access = _open(request, district)
    return _indicator_page(request, access, _indicator(access, indicator))


def _indicator_page(
    request, access, target, *, criteria_form=None, objective_form=None, status=200
):
    result = review(access.district)
    target = next(i for c in result.competencies for i in c.indicator_list if i.pk == target.pk)
    labels = result.labels
    if criteria_form is None:
        criteria_form = CriteriaForm(
            labels=labels,
            initial={f"level_{n}": text for n, text in enumerate(target.criteria_texts, start=1)},
        )
    findings = result.findings_of(target)
    # A finding about one level is shown beside that level's text, and describes it.
    beside = [[f for f in findings if f.level == n] for n in range(1, len(labels) + 1)]
    for n, found in enumerate(beside, start=1):
        if found:
            criteria_form.fields[f"level_{n}"].widget.attrs["aria-describedby"] = f"findings-{n}"
    return _page(
        request,
        access,
        "indicator.html",
        status=status,
        indicator=target,
        files=evidence_of(access, [target]).get(target.pk),
        findings=findings,
        general_findings=[f for f in findings if f.level is None],
        cells=list(zip(criteria_form, beside, strict=True)),
        criteria_form=criteria_form,
        objective_form=objective_form or ObjectiveForm(),
        labels=labels,
    )


class IndicatorRow(RowEdit, RowDelete):
    form_class = IndicatorForm
    template = "edit.html"
    message = "Indicator saved."

    def find(self, access, indicator):
        return _indicator(access, indicator, for_write=True)

    def save(self, form, target, person, access):
        return indicator_save(
            competency=target.competency, acting_user=person, indicator=target, **form.cleaned_data
        )

    def to(self, access, target):
        return _url(access, "indicator", indicator=target.code)

    def context(self, access, target):
        return {"heading": "Edit the performance indicator"}

    def what(self, target):
        return f"the indicator “{target.text[:80]}” with its objectives and criteria"

    def back(self, access, target):
        return _url(access, "indicator", indicator=target.code)

    def done(self, access, target):
        return _url(access) + f"#competency-{target.competency.code}"


indicator_edit = pages.edit_view(IndicatorRow)
indicator_delete = pages.delete_view(IndicatorRow)


@require_POST
def criteria(request: HttpRequest, district: str, indicator: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _indicator(access, indicator, for_write=True)
    form = CriteriaForm(request.POST, labels=scale_for(access.district).labels)
    if applied(
        form, lambda: criteria_save(indicator=target, texts=form.texts(), acting_user=request.user)
    ):
        messages.success(request, "Scoring criteria saved.")
        return redirect(_url(access, "indicator", indicator=target.code) + "#criteria")
    return _indicator_page(request, access, target, criteria_form=form, status=400)


@require_POST
def indicator_move(request: HttpRequest, district: str, indicator: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _indicator(access, indicator, for_write=True)
    move_as_posted(request, target.competency.indicators.all(), target)
    return redirect(_url(access) + f"#competency-{target.competency.code}")


@require_POST
def objective_new(request: HttpRequest, district: str, indicator: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _indicator(access, indicator, for_write=True)
    form = ObjectiveForm(request.POST)
    saved = apply(
        form,
        lambda: objective_save(indicator=target, acting_user=request.user, **form.cleaned_data),
    )
    if saved:
        messages.success(request, "Learning objective added.")
        return redirect(_url(access, "indicator", indicator=target.code) + "#objectives")
    return _indicator_page(request, access, target, objective_form=form, status=400)


def _objective(access, code, *, for_write=False) -> Objective:
    return access_district_object(
        access, Objective, code=code, for_write=for_write, related=("indicator",)
    )


class ObjectiveRow(RowEdit, RowDelete):
    form_class = ObjectiveForm
    template = "edit.html"
    message = "Learning objective saved."

    def find(self, access, objective):
        return _objective(access, objective, for_write=True)

    def save(self, form, target, person, access):
        return objective_save(
            indicator=target.indicator, acting_user=person, objective=target, **form.cleaned_data
        )

    def to(self, access, target):
        return _url(access, "indicator", indicator=target.indicator.code)

    def context(self, access, target):
        return {"heading": "Edit the learning objective"}

    def what(self, target):
        return f"the learning objective “{target.text[:80]}”"

    def back(self, access, target):
        return _url(access, "indicator", indicator=target.indicator.code)

    def done(self, access, target):
        return _url(access, "indicator", indicator=target.indicator.code) + "#objectives"


objective_edit = pages.edit_view(ObjectiveRow)
objective_delete = pages.delete_view(ObjectiveRow)


@require_POST
def objective_move(request: HttpRequest, district: str, objective: str) -> HttpResponse:
    access = _open(request, district, for_write=True)
    target = _objective(access, objective, for_write=True)
    move_as_posted(request, target.indicator.objectives.all(), target)
    return redirect(_url(access, "indicator", indicator=target.indicator.code) + "#objectives")


def scale(request: HttpRequest, district: str) -> HttpResponse:
    """The district's scoring scale: a preset or its own labels (leads and members)."""
    access = _open(request, district, for_write=True)
    current = scale_for(access.district)
    labels = current.labels
    preset = next((k for k, v in SCALE_PRESETS.items() if v == labels), "custom")
    form = ScaleForm(
        posted(request),
        initial={
            "preset": preset,
            "custom": ", ".join(labels) if preset == "custom" else "",
            "taxonomy": current.taxonomy,
        },
    )
    return edit_page(
        request,
        form,
        lambda: scale_set(
            district=access.district,
            labels=form.labels(),
            taxonomy=form.cleaned_data["taxonomy"],
            acting_user=request.user,
        ),
        message=lambda saved: "Scale saved: " + " / ".join(saved.labels) + ".",
        to=_url(access),
        page=pages.form_page(request, access, "scale.html", labels=labels),
    )


def starter(request: HttpRequest, district: str) -> HttpResponse:
    """GET shows the seed's samples; POST copies them into the district's set."""
    access = _open(request, district, for_write=request.method == "POST")
    if request.method == "POST":
        added = starter_copy(district=access.district, acting_user=request.user)
        if added:
            messages.success(request, f"Copied {added} starter competencies into your set.")
        else:
            messages.info(request, "Your set already has every starter competency.")
        return redirect(_url(access))
    return _page(
        request,
        access,
        "starter.html",
        starter=json.loads(STARTER.read_text(encoding="utf-8"))["competencies"],
        labels=scale_for(access.district).labels,
    )


def _export(request, district: str, fmt: str, *, template: bool) -> HttpResponse:
    access = _open(request, district)
    table = [exchange.header(access.district)] if template else exchange.rows(access.district)
    name = "competencies-template" if template else f"competencies-{access.district.code}"
    return download(table, fmt=fmt, filename=name, title="Competencies")


@require_safe
def export(request: HttpRequest, district: str, fmt: str) -> HttpResponse:
    return _export(request, district, fmt, template=False)


@require_safe
def template(request: HttpRequest, district: str, fmt: str) -> HttpResponse:
    return _export(request, district, fmt, template=True)


def import_set(request: HttpRequest, district: str) -> HttpResponse:
    """Check the whole file first; write nothing unless every row is right."""
    access = _open(request, district, for_write=True)
    form = ImportForm(posted(request), request.FILES or None)
    problems = []
    table = uploaded_table(request, form, exchange.read_table)
    if table is not None:
        planned, problems = exchange.check(access.district, table)
        if not problems:
            counts = exchange.replace_set(
                district=access.district, planned=planned, acting_user=request.user
            )
            messages.success(
                request,
                f"Imported: {counts['added']} competencies added, {counts['updated']} "
                f"changed, {counts['removed']} removed"
                f"{'; their order changed' if counts['reordered'] else ''}; indicators, "
                "objectives and criteria as in the file.",
            )
            return redirect(_url(access))
    status = 400 if form.is_bound else 200
    return _page(request, access, "import.html", status=status, form=form, problems=problems)
