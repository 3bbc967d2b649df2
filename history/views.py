"""A district's history: who changed what and when, of everything its reader may read."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from districts.access import access_district
from history.forms import KindForm
from history.kinds import KINDS
from history.selectors import changes_readable, lines_of

PAGE_SIZE = 50


@require_safe
def changes(request: HttpRequest, district: str) -> HttpResponse:
    """Anyone who opens the district reads the changes of the items they read (history.models);
    evidence text only if they read evidence."""
    access = access_district(request.user, district)
    form = KindForm(request.GET)
    kind = form.chosen()
    page = Paginator(changes_readable(access, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for change in page:
        change.kind_label = KINDS[change.kind].label if change.kind in KINDS else change.kind
        change.lines = lines_of(change, reads_evidence=access.reads_evidence)
    chosen = KINDS.get(kind)
    caption = f"Changes of {chosen.label.lower()}s" if chosen else "Every change"
    if page.has_other_pages():
        caption += f", page {page.number} of {page.paginator.num_pages}"
    return render(
        request,
        "history/changes.html",
        {
            "access": access,
            "district": access.district,
            "form": form,
            "page": page,
            "caption": f"{caption}, newest first",
            "empty": f"No change of a {chosen.label.lower()} recorded yet."
            if chosen
            else "No change recorded yet: the history begins with the first rating, milestone, "
            "step, policy or measure saved.",
        },
    )
