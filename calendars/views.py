"""The person's calendar feed: its page (make, reset, stop) and the feed itself, which a
calendar app reads with the secret address instead of a session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from calendars.forms import FeedActionForm
from calendars.models import CalendarFeed
from calendars.selectors import feed_calendar
from districts.access import NOT_FOUND_MESSAGE


def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = None
    if request.method == "POST":
        form = FeedActionForm(request.POST)
        action = form.cleaned_data["action"] if form.is_valid() else None
        if action == "stop":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, "Your calendar feed is stopped: its address reads nothing.")
            return redirect("calendars:feed_settings")
        if action is None:
            return render(request, "calendars/settings.html", {"feed": feed}, status=400)
        feed, token = CalendarFeed.issue(user=request.user)
        path = reverse("calendars:feed", kwargs={"feed_token": token})
        address = request.build_absolute_uri(path)
        messages.success(
            request, "Your calendar feed is ready. Copy its address now: it is shown only once."
        )
    return render(request, "calendars/settings.html", {"feed": feed, "address": address})


@login_not_required
@require_safe
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    found = CalendarFeed.find(feed_token)
    if found is None:
        raise Http404(NOT_FOUND_MESSAGE)
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    response = HttpResponse(
        feed_calendar(found.user, request.build_absolute_uri),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
