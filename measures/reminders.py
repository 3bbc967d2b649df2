"""The reminders of measures: each morning, a measure's owner told when its data is due (its
latest value older than its cadence, on the district's clock), once per due date; each
Monday, the district's leads told which measures are off track, once a week. One pass over
every district in a number of queries that does not grow with them."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from districts.access import still_belongs
from districts.selectors import active_leads
from measures.models import Measure, Target
from measures.selectors import judge, with_latest
from measures.status import CADENCE_DAYS, Status
from notifications.models import Kind
from notifications.services import Tell, long_date, notify_many

SUMMARY_LISTS = 5  # the measures a summary names; the rest it counts


def _judged(measures, now) -> list[Measure]:
    """Measures judged each on its district's clock (1 query for every target)."""
    rows = list(measures)
    targets = defaultdict(list)
    for target in Target.objects.filter(measure__in=[m.pk for m in rows]).only(
        "measure_id", "year", "value"
    ):
        targets[target.measure_id].append(target)
    for measure in rows:
        today = timezone.localdate(now, ZoneInfo(measure.district.time_zone))
        judge([measure], targets, today=today)
    return rows


def data_due_remind(now=None) -> int:
    """Tell each owner (while a member of the measure's district) of their measures whose
    data is due: no value newer than the cadence. Once per due date."""
    now = now or timezone.now()
    measures = (
        with_latest(Measure.objects.filter(owner__is_active=True, follows_dimension=False))
        .filter(still_belongs("owner"))
        .select_related("owner", "district")
    )
    tells = []
    for measure in _judged(measures, now):
        if measure.standing.status != Status.NEEDS_DATA:
            continue
        since = measure.latest_date or measure.baseline_date
        due = since + timedelta(days=CADENCE_DAYS[measure.cadence])
        url = reverse(
            "measures:detail",
            kwargs={"district": measure.district.code, "measure": measure.code},
        )
        tells.append(
            Tell(
                recipient=measure.owner,
                key=f"data-due:{measure.code}:{due}",
                title=f"Data due: {measure.name[:120]}",
                body=f"Its latest value is as of {long_date(since)}; "
                f"{measure.get_cadence_display().lower()} data was due {long_date(due)}.",
                url=url + "#add-point",
                district=measure.district,
            )
        )
    return notify_many(Kind.DATA_DUE, tells)


def off_track_summaries(now=None) -> int:
    """Each Monday: every district with measures off track tells its leads which, naming the
    first few, once per week (beside the summary of overdue steps)."""
    now = now or timezone.now()
    off = defaultdict(list)
    for measure in _judged(with_latest(Measure.objects.select_related("district")), now):
        if measure.standing.status == Status.OFF_TRACK:
            off[measure.district_id].append(measure)
    if not off:
        return 0
    year, week, _ = timezone.localdate(now).isocalendar()
    tells = []
    for lead in active_leads(off):
        found = sorted(off[lead.district_id], key=lambda m: m.name.lower())
        named = "; ".join(m.name[:60] for m in found[:SUMMARY_LISTS])
        more = len(found) - SUMMARY_LISTS
        tells.append(
            Tell(
                recipient=lead.user,
                key=f"off-track-summary:{lead.district.code}:{year}-W{week:02d}",
                title=f"{len(found)} measure{pluralize(found)} off track in {lead.district.name}",
                body=named + (f"; and {more} more" if more > 0 else ""),
                url=reverse("measures:list", kwargs={"district": lead.district.code}),
                district=lead.district,
            )
        )
    return notify_many(Kind.OVERDUE_SUMMARY, tells)
