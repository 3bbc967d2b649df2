"""districts.routes.pages: each page the view of its name, at its name's last word."""

from types import SimpleNamespace

from django.urls import resolve, reverse

from districts.routes import pages

UUID = "00000000-0000-4000-8000-000000000000"


def _view(name):
    def view(request, **kwargs):
        return name

    return view


VIEWS = SimpleNamespace(
    **{name: _view(name) for name in ("steps", "step", "step_new", "step_edit", "criteria")}
)


def _routes(resolver) -> list[tuple[str, str]]:
    return [(str(route.pattern), route.name) for route in resolver.url_patterns]


def test_a_kinds_pages_stand_at_their_names_last_word():
    kind = pages(
        "steps/",
        VIEWS,
        "step_new",
        "step_edit",
        "criteria",
        each="<uuid:step>/",
        index="steps",
        page="step",
    )
    assert str(kind.pattern) == "steps/"
    assert _routes(kind) == [
        ("", "steps"),
        ("new/", "step_new"),
        ("<uuid:step>/edit/", "step_edit"),
        ("<uuid:step>/criteria/", "criteria"),
        ("<uuid:step>/", "step"),
    ]
    assert [route.callback for route in kind.url_patterns] == [
        VIEWS.steps,
        VIEWS.step_new,
        VIEWS.step_edit,
        VIEWS.criteria,
        VIEWS.step,
    ]


def test_without_a_key_every_page_is_under_the_prefix():
    assert _routes(pages("<uuid:step>/", VIEWS, "step_edit", "criteria")) == [
        ("edit/", "step_edit"),
        ("criteria/", "criteria"),
    ]


def test_a_feature_reverses_and_resolves_a_page_so_routed():
    url = reverse("planning:step_status", kwargs={"district": "d", "plan": UUID, "step": UUID})
    assert url == f"/d/d/plan/actions/{UUID}/steps/{UUID}/status/"
    match = resolve(url)
    assert (match.view_name, match.func.__name__) == ("planning:step_status", "step_status")
