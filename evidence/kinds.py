"""The kinds of item a file or link may be attached to, each declared by the app that owns
the item (the `KINDS` of its `attachable.py`, read when the apps are ready: `discover`), with
the item's own rules: an attachment has no audience of its own, it follows its item's through
the access layer.

This app stands below the features (as notifications does): the features tell it what they
own; it never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from districts.access import DistrictAccess
from districts.contributions import declared_in
from districts.models import DistrictOwned


def writers(access: DistrictAccess, item, user) -> bool:
    """The district's leads and members (who change its work)."""
    return access.can_write


def leads(access: DistrictAccess, item, user) -> bool:
    return access.can_lead


@dataclass(frozen=True)
class Kind:
    slug: str  # in URLs: /d/<district>/evidence/<slug>/<item code>/
    model: type[DistrictOwned]
    label: str  # "action step", for messages and the history
    # Where the item is shown (back after an upload; links in documents).
    url: Callable[[DistrictOwned], str]
    # The item in a few words, for its files' page ("Grading and Feedback, your rating").
    title: Callable[[DistrictOwned], str]
    # May this person (with this access) attach to, or remove from, this item? The
    # district's leads and members, unless the kind says otherwise.
    may_change: Callable[[DistrictAccess, DistrictOwned, object], bool] = writers
    # Evidence beside levels (ratings, team ratings, steps): only for who reads evidence
    # text (never a cohort's facilitators, districts.access.Rule.reads_evidence).
    is_evidence: bool = False
    # The field that finds the item by its code in a URL.
    code_field: str = "code"


KINDS: dict[str, Kind] = {}


def discover() -> None:
    """Reads every app's `attachable.py` (from this app's AppConfig.ready): its `KINDS`, and
    its `COHORT_ITEMS` when it has any, a cohort's own items (a meeting's note, which belongs
    to no district): its app's pages serve their files by the item's rules (they are no kind
    of the district pages). Deleting an item of either deletes its files."""
    from evidence.receivers import connect_item

    for module in declared_in("attachable"):
        for kind in module.KINDS:
            KINDS[kind.slug] = kind
            connect_item(kind.model)
        for model in getattr(module, "COHORT_ITEMS", ()):
            connect_item(model)


def kind_of_model(model) -> Kind | None:
    return next((k for k in KINDS.values() if k.model is model), None)


def page_url(view: str, anchor: str | None = None, /, **kwargs) -> str:
    """Where an item is shown: the page (the view's name and its URL's arguments), at the
    item's anchor on it when it has one ("step-<code>")."""
    url = reverse(view, kwargs=kwargs)
    return f"{url}#{anchor}" if anchor else url
