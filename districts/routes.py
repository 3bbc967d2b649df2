"""How a feature's urls.py routes the pages of one kind of thing: once, under the kind's URL."""

from types import ModuleType

from django.urls import URLResolver, include, path


def pages(
    prefix: str,
    views: ModuleType,
    *names: str,
    each: str = "",
    index: str | None = None,
    page: str | None = None,
) -> URLResolver:
    """The pages of one kind of thing under the kind's URL `prefix`, each the view of its name
    in `views` and routed under that name:

    - `index`, the kind's own page, at the prefix;
    - each of `names` at the name's last word: a page for a new one is the kind's
      (`<prefix>new/`), the others are of one thing, under `each`, the thing's key in the URL;
    - `page`, the thing's own page, at `<prefix><each>`.

    So `pages("steps/", views, "step_new", "step_edit", each="<uuid:step>/", page="step")`
    routes `steps/new/` to `views.step_new`, named "step_new", `steps/<uuid:step>/edit/` to
    `views.step_edit`, named "step_edit", and `steps/<uuid:step>/` to `views.step`. A page
    whose URL or view is not its name's keeps a `path()` of its own, as does a lone page."""
    routes = [path("", getattr(views, index), name=index)] if index else []
    for name in names:
        word = name.rpartition("_")[2]
        routes.append(
            path(f"{'' if word == 'new' else each}{word}/", getattr(views, name), name=name)
        )
    if page:
        routes.append(path(each, getattr(views, page), name=page))
    return path(prefix, include(routes))
