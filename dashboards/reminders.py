"""Each Monday, the coach's week: what needs their attention across the districts they coach
(the needs-attention queue of the coach dashboard), told once a week. One coach at a time:
a few queries for each coach (there are tens of coaches, not thousands)."""

from django.urls import reverse
from django.utils import timezone

from dashboards.selectors import coached_districts, needs_attention
from districts.access import assigned_coaches
from notifications.models import Kind
from notifications.services import Tell, notify_many

LISTED = 10  # the items the notice names; the queue's page has them all


def coach_digests(now=None) -> int:
    now = now or timezone.now()
    year, week, _ = timezone.localdate(now).isocalendar()
    tells = []
    for coach in assigned_coaches().filter(is_active=True):
        items = needs_attention(coach, list(coached_districts(coach)))
        if not items:
            continue
        lines = [f"{item.district.name}: {item.text}" for item in items[:LISTED]]
        more = len(items) - LISTED
        tells.append(
            Tell(
                recipient=coach,
                key=f"coach-digest:{year}-W{week:02d}",
                title=f"Your week: {len(items)} item{'s' if len(items) != 1 else ''} need"
                f"{'s' if len(items) == 1 else ''} your attention",
                body="\n".join(lines) + (f"\nAnd {more} more." if more > 0 else ""),
                url=reverse("dashboards:attention"),
            )
        )
    return notify_many(Kind.COACH_DIGEST, tells)
