"""Dashboards for coaches (their districts) and facilitators (their cohorts)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from dashboards.selectors import (
    SORTS,
    coached_cohorts,
    coached_districts,
    coached_ids,
    cohort_spread,
    cohorts_for,
    heatmap,
    heatmap_table,
    kept_attention_count,
    kept_heat_rows,
    needs_attention,
    ratings_table,
    sort_rows,
)
from districts.access import NOT_FOUND_MESSAGE
from districts.models import Cohort, work_generation
from districts.navigation import navigation_for
from districts.tables import download
from rubrics.selectors import framework_generation, rubric_columns

PAGE_SIZE = 50


def _require_coach(user) -> None:
    if not (user.is_staff or navigation_for(user).coaches):
        raise PermissionDenied("This dashboard is for coaches: no district is assigned to you.")


@require_safe
def coach(request: HttpRequest) -> HttpResponse:
    """Every district the coach is assigned to as districts × dimensions, sortable across all
    of them, with what needs attention beside it. What it shows is kept (dashboards.selectors):
    the districts and cohorts under the generation of people, each row under its district's
    work."""
    user = request.user
    _require_coach(user)
    # Only values that exist make kept parts: an unknown cohort or sort is the default one,
    # so that nobody can grow the cache by making up parameters.
    cohorts = coached_cohorts(user)
    cohort = request.GET.get("cohort", "")
    if cohort not in {code for code, _ in cohorts}:
        cohort = ""
    ids = coached_ids(user, cohort=cohort)
    columns, levels = rubric_columns()
    sort = request.GET.get("sort", "name")
    if sort not in SORTS and sort not in {f"dim-{n}" for n in range(1, len(columns) + 1)}:
        sort = "name"
    descending = request.GET.get("dir") == "desc"
    versions = work_generation.current_many(ids)  # one query for the rows and the count
    if sort == "name" and not descending:
        # The districts come by name: only the page's rows are needed.
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = kept_heat_rows(user, list(page.object_list), versions=versions)
    else:
        # Sorted by anything else, every district's row is, then the page is cut.
        rows = sort_rows(kept_heat_rows(user, ids, versions=versions), sort, descending)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = page.object_list
    return render(
        request,
        "dashboards/coach.html",
        {
            "columns": columns,
            "levels": levels,
            "rows": rows,
            "page": page,
            "cohorts": cohorts,
            "cohort": cohort,
            "sort": sort,
            "descending": descending,
            "attention_count": kept_attention_count(user, ids, cohort=cohort, versions=versions),
            "head_key": (sort, descending, cohort, framework_generation.current()),
        },
    )


@require_safe
def attention(request: HttpRequest) -> HttpResponse:
    _require_coach(request.user)
    cohort = request.GET.get("cohort", "")
    items = needs_attention(request.user, list(coached_districts(request.user, cohort=cohort)))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dashboards/attention.html", {"page": page, "cohort": cohort})


@require_safe
def coach_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """The heatmap, or every rating (district × round × dimension) the coach may see."""
    _require_coach(request.user)
    districts = list(coached_districts(request.user, cohort=request.GET.get("cohort", "")))
    if kind == "heatmap":
        columns, _, rows = heatmap(request.user, districts)
        table = heatmap_table(columns, rows)
    elif kind == "ratings":
        table = ratings_table(request.user, districts, with_text=True)
    else:
        raise Http404(NOT_FOUND_MESSAGE)
    return download(table, fmt=fmt, filename=f"waypoint-{kind}", title=kind.title())


@require_safe
def cohorts(request: HttpRequest) -> HttpResponse:
    rows = cohorts_for(request.user).prefetch_related("districts")
    return render(request, "dashboards/cohorts.html", {"cohorts": rows})


def _cohort(request, code: str) -> Cohort:
    cohort = cohorts_for(request.user).filter(code=code).first()
    if cohort is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return cohort


@require_safe
def cohort(request: HttpRequest, cohort: str) -> HttpResponse:
    """How the cohort's districts spread over the levels of each dimension, from the rounds
    they share with the cohort; no district's evidence text."""
    target = _cohort(request, cohort)
    levels, spreads, included = cohort_spread(target, request.user)
    districts = list(target.districts.order_by("name"))
    meetings = list(target.meetings.annotate(problem_count=Count("problems")))
    return render(
        request,
        "dashboards/cohort.html",
        {
            "cohort": target,
            "levels": levels,
            "spreads": spreads,
            "included": included,
            "districts": districts,
            "details": [
                ("Series outcomes", target.outcomes),
                ("Group norms", target.norms),
                ("Participant expectations", target.expectations),
            ],
            "meetings": meetings,
            "next_meeting": next(
                (m for m in meetings if m.first_date >= timezone.localdate()), None
            ),
        },
    )


@require_safe
def cohort_export(request: HttpRequest, cohort: str, fmt: str) -> HttpResponse:
    """The cohort's ratings the facilitator may see: levels only."""
    target = _cohort(request, cohort)
    table = ratings_table(request.user, list(target.districts.all()), with_text=False)
    return download(table, fmt=fmt, filename=f"cohort-{target.code}-ratings", title="Ratings")
