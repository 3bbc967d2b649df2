"""The person's notifications page, opening a notice (marks it read), their email choices,
and the one-click unsubscribe of an email, which works without signing in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from districts.access import NOT_FOUND_MESSAGE
from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import kind_label
from notifications.selectors import notices_for

PAGE_SIZE = 25


@require_safe
def notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_safe
def notice_open(request: HttpRequest, code) -> HttpResponse:
    """Go where the notice asks you to act, and count it read."""
    notice = get_object_or_404(notices_for(request.user), code=code)
    services.mark_read(notice)
    if not url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notice.url)


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email choices are saved.")
        return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@login_not_required
@csrf_exempt  # RFC 8058: the mail provider posts without a session; the random token decides
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    """A GET asks (a link scanner changes nothing); a POST stops the emails. A link that has
    ended (a year after its email) says so, and offers to sign in and change the choices."""
    found = services.unsubscribe_lookup(unsubscribe_token)
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    context = {"kind_label": kind_label(found.kind), "done": False, "ended": found.ended}
    if found.ended:
        return render(request, "notifications/unsubscribe.html", context, status=410)
    if request.method == "POST":
        services.stop_emails(found.user_id, found.kind)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)
