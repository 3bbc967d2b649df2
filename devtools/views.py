"""The framework's floor: the least a page of this app can cost (the same middleware, one
query, a small template). Served only under config.settings.bench (devtools/urls.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from districts.models import District


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    district = District.objects.visible_to(request.user).order_by("pk").first()
    return render(request, "devtools/floor.html", {"district": district})
