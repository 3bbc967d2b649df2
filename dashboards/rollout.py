"""The rollout at a glance: a district's schools × a framework's dimensions, each school by
its latest submitted round of the framework (as the coach heatmap shows districts: its
cells, its levels), with the spread per dimension over the district's open schools and the
district's own latest rating beside it. A page of schools at a time, in the same few queries
for 8 schools or 1,000 (no query per school)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from config.reversing import reverse_fast
from dashboards.selectors import Cell, _cells
from districts.access import DistrictAccess, access_district
from districts.models import Audience
from districts.viewkit import page_of
from rubrics.forms import SCHOOL_FRAMEWORK
from rubrics.models import AssessmentRound, ConsensusRating
from rubrics.selectors import RUBRIC, consensus_levels, rubric_columns
from schools.models import School
from schools.selectors import school_counts

SCHOOLS_A_PAGE = 50
# The frameworks a school may be assessed with, the school's own first.
FRAMEWORKS = {
    SCHOOL_FRAMEWORK: "Mastery Collaborative Implementation Framework",
    RUBRIC: "District Self-Assessment Rubric",
}


@dataclass
class RolloutRow:
    """A school (or the district) and its levels, from its latest submitted round."""

    name: str
    url: str
    round: AssessmentRound | None
    cells: list[Cell]
    closed: bool = False

    @property
    def cells_html(self) -> SafeString:
        return SafeString("".join(cell.td for cell in self.cells))


def _submitted(access: DistrictAccess, slug: str):
    """The rounds of the framework submitted and readable by the opener."""
    return AssessmentRound.objects.readable_in(access).filter(
        status=AssessmentRound.Status.SUBMITTED, framework__slug=slug
    )


def _latest_of_schools(access: DistrictAccess, slug: str):
    """Each school's latest submitted round of the framework, as one subquery."""
    rounds = _submitted(access, slug)
    latest = (
        rounds.filter(school=OuterRef("school")).order_by("-submitted_at", "-pk").values("pk")[:1]
    )
    return rounds.of_schools().filter(pk=Subquery(latest))


def rollout(access: DistrictAccess, slug: str, page) -> dict:
    """The grid's rows for a page of the district's schools (`page`, from page_of), the
    district's own row, and the spread per dimension over its open schools: 5 queries."""
    columns, levels = rubric_columns(slug)
    schools = list(page.object_list)
    found = {r.school_id: r for r in _latest_of_schools(access, slug).filter(school__in=schools)}
    own = _submitted(access, slug).of_district().order_by("-submitted_at", "-pk").first()
    rated = consensus_levels([r.pk for r in found.values()] + ([own.pk] if own else []))
    rows = [
        RolloutRow(
            name=school.name,
            url=reverse_fast("schools:school", district=access.district.code, school=school.code),
            round=found.get(school.pk),
            cells=_cells(columns, rated.get(getattr(found.get(school.pk), "pk", None), {}), {}),
            closed=school.is_closed,
        )
        for school in schools
    ]
    district_row = RolloutRow(
        name=access.district.name,
        url="",
        round=own,
        cells=_cells(columns, rated.get(own.pk, {}) if own else {}, {}),
    )
    return {
        "columns": columns,
        "levels": levels,
        "rows": rows,
        "district_row": district_row,
        "spread": _spread(access, slug, columns, levels),
    }


def _spread(access: DistrictAccess, slug: str, columns, levels) -> list[dict]:
    """Per level (then "not rated"), how many open schools stand at it on each dimension, by
    their latest submitted round: counted in the database (2 queries)."""
    open_schools = school_counts(access)["open"]
    counted = (
        ConsensusRating.objects.filter(
            round__in=_latest_of_schools(access, slug)
            .filter(school__closed_at__isnull=True)
            .values("pk"),
            level__isnull=False,
        )
        .values_list("dimension__key", "level__position")
        .annotate(n=Count("pk"))
        .order_by()
    )
    at: dict[str, Counter] = defaultdict(Counter)
    for key, position, n in counted:
        at[key][position] += n
    rows = [
        {
            "label": f"Open schools: {level.name}",
            "level": level,
            "counts": [at[c.key][level.position] for c in columns],
        }
        for level in levels
    ]
    rows.append(
        {
            "label": "Open schools: not rated",
            "level": None,
            "counts": [open_schools - sum(at[c.key].values()) for c in columns],
        }
    )
    return rows


@require_safe
def rollout_page(request: HttpRequest, district: str) -> HttpResponse:
    """The district's schools × the framework's dimensions (`?framework=`, the Mastery
    Collaborative's by default), fifty schools a page. Read by whoever reads the district's
    schools (its team, its coaches, staff; each round as it is shared with them)."""
    access = access_district(request.user, district, audience=Audience.COACHES)
    # The district's view across its schools: not for a school's people, who read their own.
    access.require(not access.rule.school_only)
    slug = request.GET.get("framework", SCHOOL_FRAMEWORK)
    if slug not in FRAMEWORKS:
        slug = SCHOOL_FRAMEWORK
    page = page_of(request, School.objects.readable_in(access), per_page=SCHOOLS_A_PAGE)
    return render(
        request,
        "dashboards/rollout.html",
        {
            "access": access,
            "district": access.district,
            "page": page,
            "framework": slug,
            "frameworks": FRAMEWORKS,
            **rollout(access, slug, page),
        },
    )
