"""The dashboards' exports over many districts, registered with reports.exports (which makes
the large ones in the background): the coach dashboard's heatmap and every rating, of its
filters, and a cohort's ratings. Each is opened as the person may read it now, through the
access layer: a coach's (staff's: every) district of the filters, the cohort they
facilitate."""

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from dashboards.selectors import (
    Selection,
    filter_options,
    heatmap,
    heatmap_table,
    ratings_header,
    ratings_rows,
)
from districts.access import NOT_FOUND_MESSAGE, access_facilitated_cohort, require_coach
from reports.exports import Export, Opened, register
from rubrics.selectors import rubric_columns

FILTERS = ("cohort", "state", "coach")


def coach_selection(user: User, params: dict) -> Selection:
    """The coach dashboard's filters of the export, as the person may use them now. A filter
    asked for that is no longer theirs (a cohort none of their districts is in any more, a
    coach gone) is a 404: the selection is never widened to more districts than were asked
    for."""
    require_coach(user)
    selection = Selection.of(user, params)
    if selection.query != {name: params[name] for name in FILTERS if params.get(name)}:
        raise Http404(NOT_FOUND_MESSAGE)
    return selection


def _covers(user: User, selection: Selection) -> str:
    options = filter_options(user)
    parts = ["every district" if user.is_staff else "your districts"]
    if selection.cohort:
        parts.append(f"cohort {dict(options['cohorts'])[selection.cohort]}")
    if selection.state:
        parts.append(selection.state)
    if selection.coach:
        parts.append(f"coach {dict(options['coaches'])[selection.coach]}")
    return ", ".join(parts)


def _coach_opened(user: User, params: dict, header: list, rows) -> Opened:
    selection = coach_selection(user, params)
    query = urlencode(selection.query)
    query = f"?{query}" if query else ""
    kind = params["export"]
    return Opened(
        districts=selection.districts(user),
        header=header,
        rows=rows,
        label=_covers(user, selection),
        page_url=reverse("dashboards:coach") + query,
        page_name="Coach dashboard",
        url=reverse("dashboards:coach_export", kwargs={"kind": kind, "fmt": params["fmt"]}) + query,
        filename=f"waypoint-{kind}",
    )


def open_heatmap(user: User, params: dict) -> Opened:
    """The heatmap's row of each district (its latest round's levels, review, overdue steps,
    cells at risk), as on the dashboard."""
    columns, _ = rubric_columns()
    return _coach_opened(
        user,
        params,
        heatmap_table(columns, [])[0],
        lambda districts: heatmap_table(columns, heatmap(user, districts)[2])[1:],
    )


def open_ratings(user: User, params: dict) -> Opened:
    """Every team rating the coach may see, with its evidence, its files' names and the
    coach's own calibration."""
    return _coach_opened(
        user,
        params,
        ratings_header(with_text=True),
        lambda districts: ratings_rows(user, districts, with_text=True, header=False),
    )


def open_cohort_ratings(user: User, params: dict) -> Opened:
    """The levels of the cohort's districts the facilitator may see (no evidence)."""
    cohort = access_facilitated_cohort(user, params.get("cohort", ""))
    return Opened(
        districts=cohort.districts.order_by("name"),
        header=ratings_header(with_text=False),
        rows=lambda districts: ratings_rows(user, districts, with_text=False, header=False),
        label=f"cohort {cohort.name}",
        page_url=reverse("dashboards:cohort", kwargs={"cohort": cohort.code}),
        page_name=cohort.name,
        url=reverse(
            "dashboards:cohort_export", kwargs={"cohort": cohort.code, "fmt": params["fmt"]}
        ),
        filename=f"cohort-{cohort.code}-ratings",
    )


def register_exports() -> None:
    """Called in DashboardsConfig.ready()."""
    register(Export("heatmap", "Heatmap", open_heatmap))
    register(Export("ratings", "All ratings", open_ratings))
    register(Export("cohort-ratings", "Cohort ratings", open_cohort_ratings))
