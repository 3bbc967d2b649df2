"""The trash of deleted districts: staff move a district there (after being offered its whole
record), see what is there and for how long, and restore a district whole."""

import math

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from districts.access import access_district, access_trashed_district
from districts.models import Audience
from trash.selectors import trashed_districts
from trash.services import district_restore, district_trash, purge_date

PAGE_SIZE = 25


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Staff only: the districts in the trash, each with the days left before the purge."""
    if not request.user.is_staff:
        raise PermissionDenied("Only Waypoint's staff see the trash.")
    page = Paginator(trashed_districts(), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for district in page.object_list:
        district.purged_on = purge_date(district)
        left = (district.purged_on - now).total_seconds()
        district.days_left = max(0, math.ceil(left / 86400))  # a part of a day counts
    return render(request, "trash/index.html", {"page": page, "days": settings.DISTRICT_TRASH_DAYS})


@require_http_methods(["GET", "HEAD", "POST"])
def district_trash_view(request: HttpRequest, district: str) -> HttpResponse:
    """Staff delete a district: a page that offers its whole record first and says what
    follows; the POST moves it to the trash."""
    access = access_district(request.user, district, audience=Audience.DISTRICT)
    access.require(access.can_trash)
    found = access.district
    if request.method == "POST":
        try:
            district_trash(district=found, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(found)
        messages.success(
            request,
            f"{found.name} is in the trash: nobody can open it. You can restore it until "
            f"{purge_date(found):%B %-d, %Y}.",
        )
        return redirect("trash:index")
    return render(
        request,
        "trash/district_trash.html",
        {"district": found, "days": settings.DISTRICT_TRASH_DAYS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def district_restore_view(request: HttpRequest, trashed: str) -> HttpResponse:
    """Staff restore a district from the trash, whole, after confirming."""
    found = access_trashed_district(request.user, trashed)
    if request.method == "POST":
        try:
            district_restore(district=found, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("trash:index")
        messages.success(request, f"{found.name} is restored, whole; its leads are told.")
        return redirect(found)
    found.purged_on = purge_date(found)
    return render(request, "trash/district_restore.html", {"district": found})
