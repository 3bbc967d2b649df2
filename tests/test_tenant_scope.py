"""A tenant scope nobody can forget: views and API modules read a district's rows only
through the access layer (`readable_in(access)`, `visible_to(user)`) or through selectors;
the API bases (a district's, a cohort's) own the queryset and refuse subclasses that would
bypass them, and an API view that scopes its rows by itself is one of the few named here;
the unscoped escape hatch is used only where its name says."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from api.base import CohortScopedViewSet, DistrictScopedViewSet
from districts.models import DistrictOwned

ROOT = Path(settings.BASE_DIR)
SCOPED = {"readable_in", "visible_to", "none"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
HATCH = "unscoped_across_districts"
# Where reading across districts is the point: the access layer (another district's object
# must be told from a missing one), an invitation's token (the credential names its row).
HATCH_ALLOWED = {"districts/access.py", "districts/services.py"}


def owned_models() -> set[str]:
    return {m.__name__ for m in apps.get_models() if issubclass(m, DistrictOwned)}


def web_modules() -> list[Path]:
    """Every module that answers requests: views, API modules, template tags."""
    found = set()
    for pattern in ("*/views.py", "*/views/*.py", "*/api.py", "api/*.py", "*/templatetags/*.py"):
        found |= {p for p in ROOT.glob(pattern) if ".venv" not in p.parts}
    return sorted(found)


def unscoped_reads(source: str, owned: set[str]) -> list[str]:
    """Reads of a district-owned model that skip the scope: `Model.objects.<not scoped>`,
    `get_object_or_404(Model, ...)`, and the escape hatch."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in MANAGERS
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in owned
            and node.attr not in SCOPED
        ):
            found.append(f"line {node.lineno}: {node.value.value.id}.{node.value.attr}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in owned
        ):
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id}, ...)")
        if isinstance(node, ast.Attribute) and node.attr == HATCH:
            found.append(f"line {node.lineno}: {HATCH}()")
    return found


def test_there_are_district_owned_models_and_web_modules_to_check():
    assert {"AssessmentRound", "PlanCell", "Competency", "ProblemOfPractice"} <= owned_models()
    names = {str(p.relative_to(ROOT)) for p in web_modules()}
    assert {"rubrics/views.py", "planning/api.py", "api/districts.py"} <= names


@pytest.mark.parametrize("path", web_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_web_modules_read_district_rows_only_through_the_scope(path):
    assert unscoped_reads(path.read_text(), owned_models()) == []


def test_the_check_finds_each_kind_of_unscoped_read():
    source = (
        "a = Rating.objects.filter(round=r)\n"
        "b = Rating.objects.readable_in(access).filter(round=r)\n"
        "c = get_object_or_404(PlanCell, pk=1)\n"
        "d = Comment._default_manager.all()\n"
        "e = Comment.objects.unscoped_across_districts()\n"
        "f = Framework.objects.all()\n"  # not a district's row
    )
    found = unscoped_reads(source, {"Rating", "PlanCell", "Comment"})
    assert sorted(found) == [
        "line 1: Rating.objects.filter",
        "line 3: get_object_or_404(PlanCell, ...)",
        "line 4: Comment._default_manager.all",
        "line 5: Comment.objects.unscoped_across_districts",
        f"line 5: {HATCH}()",
    ]


def test_the_escape_hatch_is_used_only_where_reading_across_districts_is_the_point():
    users = set()
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.parts):
            continue
        if HATCH in path.read_text() and path.name != "models.py":
            users.add(str(path.relative_to(ROOT)))
    assert users == HATCH_ALLOWED


@pytest.mark.parametrize("name", DistrictScopedViewSet.OWNED)
def test_the_api_base_refuses_a_subclass_that_would_bypass_the_district_filter(name):
    member = None if name == "queryset" else (lambda self: None)
    with pytest.raises(TypeError, match=f"must not define {name}"):
        type("Bypass", (DistrictScopedViewSet,), {name: member})


def test_the_api_base_refuses_a_bypass_brought_in_by_a_mixin():
    class Mixin:
        def get_queryset(self):
            return None

    with pytest.raises(TypeError, match="Mixin does"):
        type("Bypass", (Mixin, DistrictScopedViewSet), {})


def test_a_subclass_that_narrows_the_scope_is_accepted():
    class Narrow(DistrictScopedViewSet):
        def scope(self, queryset):
            return queryset

        def pick_object(self, queryset):
            return queryset.first()

    assert Narrow.get_queryset is DistrictScopedViewSet.get_queryset


BASES = (DistrictScopedViewSet, CohortScopedViewSet)
# What opens a cohort or reads the cohorts a person sees: in the API, only the cohort-scoped
# base calls them (api/base.py); a view that did would scope a cohort's rows by itself.
COHORT_OPENERS = {
    "cohorts_visible_to",
    "cohort_access",
    "access_cohort_object",
    "access_visible_cohort",
    "access_meeting",
    "facilitated_cohorts",
    "access_facilitated_cohort",
}
# API views whose rows are no district's nor cohort's, so that they scope them themselves:
# the person's own rows, the list of districts itself (District.objects.visible_to), the
# library every district shares.
OWN_SCOPE = {
    "api/districts.py": {"DistrictViewSet"},
    "notifications/api.py": {"NoticeViewSet", "PreferencesView"},
    "reports/api.py": {"JobViewSet"},
    "rubrics/api.py": {"FrameworkViewSet"},
}


def api_modules() -> list[Path]:
    return [
        p
        for p in web_modules()
        if (p.name == "api.py" or p.parent.name == "api") and p != ROOT / "api" / "base.py"
    ]


def scope_bypasses(source: str) -> dict[str, list[str]]:
    """Per class of an API module, what it defines of the scope the bases own (get_queryset,
    get_object, queryset), and every call of a cohort opener in the module ("<module>")."""
    found: dict[str, list[str]] = {}
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            names = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            names |= {
                t.id
                for item in node.body
                if isinstance(item, ast.Assign | ast.AnnAssign)
                for t in (item.targets if isinstance(item, ast.Assign) else [item.target])
                if isinstance(t, ast.Name)
            }
            if owned := sorted(names & {name for base in BASES for name in base.OWNED}):
                found[node.name] = owned
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in COHORT_OPENERS:
                calls.append((node.lineno, name))
    if calls:
        found["<module>"] = [f"line {line}: {name}()" for line, name in sorted(calls)]
    return found


def test_there_are_api_modules_of_both_scopes_to_check():
    names = {str(p.relative_to(ROOT)) for p in api_modules()}
    assert {"meetings/api.py", "reports/api.py", "planning/api.py", "api/districts.py"} <= names


@pytest.mark.parametrize("path", api_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_api_views_scope_their_rows_only_through_a_base(path):
    """A district's or a cohort's rows in the API come from DistrictScopedViewSet or
    CohortScopedViewSet; a view defining its own queryset is one of OWN_SCOPE."""
    allowed = OWN_SCOPE.get(str(path.relative_to(ROOT)), set())
    bypasses = scope_bypasses(path.read_text())
    assert {name: found for name, found in bypasses.items() if name not in allowed} == {}


def test_the_check_finds_a_cohort_scoped_view_that_bypasses_the_base():
    source = (
        "class Meetings(ThrottledFirst, viewsets.ReadOnlyModelViewSet):\n"
        "    def get_queryset(self):\n"
        "        return Meeting.objects.filter(cohort__in=cohorts_visible_to(self.request.user))\n"
        "class Problems(ThrottledFirst, viewsets.GenericViewSet):\n"
        "    queryset = ProblemOfPractice.objects.all()\n"
        "    def list(self, request):\n"
        "        meeting, access = access_meeting(request.user, self.kwargs['meeting'])\n"
        "class Fine(CohortScopedViewSet):\n"
        "    model = Meeting\n"
        "    def scope(self, queryset):\n"
        "        return queryset\n"
    )
    assert scope_bypasses(source) == {
        "Meetings": ["get_queryset"],
        "Problems": ["queryset"],
        "<module>": ["line 3: cohorts_visible_to()", "line 7: access_meeting()"],
    }


@pytest.mark.parametrize(
    ("base", "name"),
    [(base, name) for base in BASES for name in base.OWNED],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_each_api_base_refuses_a_subclass_that_would_bypass_its_scope(base, name):
    member = None if name == "queryset" else (lambda self: None)
    with pytest.raises(TypeError, match=f"must not define {name}.*{base.__name__}"):
        type("Bypass", (base,), {name: member})


def test_the_cohort_base_refuses_a_bypass_brought_in_by_a_mixin():
    class Mixin:
        opened = None

    with pytest.raises(TypeError, match="Mixin does"):
        type("Bypass", (Mixin, CohortScopedViewSet), {})


def test_the_cohort_base_owns_what_the_district_base_owns_and_how_it_opens_a_cohort():
    assert set(DistrictScopedViewSet.OWNED) < set(CohortScopedViewSet.OWNED)
    assert {"opened", "cohort_access"} <= set(CohortScopedViewSet.OWNED)
