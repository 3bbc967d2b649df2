from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from library.pieces import PIECES


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "library/index.html", {"pieces": PIECES})
