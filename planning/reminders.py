"""The reminders of action steps: each morning, a step of yours due within 7 days and a step
of yours now overdue, each told once per due date (a new date is a new reminder); each
Monday, the district's leads told how many steps are overdue. One pass over every district
in a number of queries that does not grow with them."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from districts.access import still_belongs
from districts.models import District
from districts.selectors import active_leads
from notifications.models import Kind
from notifications.services import Tell, long_date, notify_many
from planning.models import ActionPlan, ActionStep, LongTermPlan, PlanCell, Strand

DUE_SOON_DAYS = 7


def steps_remind(now=None) -> dict:
    """Tell each coordinator (while still a member of the step's district) of their open
    steps due within DUE_SOON_DAYS and of those now overdue, on the district's clock. The
    steps are read as plain values, a row at a time from the database's cursor, and their
    districts and plans once each: at 13,000 districts some 155,000 steps are told, and a
    model instance of each (with its district, plan and coordinator) held 0.9 GB."""
    now = now or timezone.now()
    latest = (now + timedelta(days=DUE_SOON_DAYS + 1)).date()  # every zone's week ahead
    steps = (
        ActionStep.objects.exclude(status=ActionStep.Status.DONE)
        .filter(due_date__lte=latest, coordinator__is_active=True)
        .filter(still_belongs("coordinator"))
        .order_by()
    )
    districts = {
        pk: (code, timezone.localdate(now, ZoneInfo(zone)))
        for pk, code, zone in District.objects.filter(
            pk__in=steps.values("district_id")
        ).values_list("pk", "code", "time_zone")
    }
    plans = {
        pk: (code, goal)
        for pk, code, goal in ActionPlan.objects.filter(pk__in=steps.values("plan_id")).values_list(
            "pk", "code", "goal"
        )
    }
    soon, overdue = [], []
    rows = steps.values_list(
        "code", "due_date", "description", "coordinator_id", "district_id", "plan_id"
    ).iterator(chunk_size=5000)
    for code, due_date, description, coordinator, district, plan in rows:
        district_code, today = districts[district]
        days = (due_date - today).days
        if days > DUE_SOON_DAYS:
            continue
        plan_code, goal = plans[plan]
        when = long_date(due_date)
        late = days < 0
        (overdue if late else soon).append(
            Tell(
                recipient=coordinator,  # active, and a member: the query says so
                key=f"step-{'overdue' if late else 'due'}:{code}:{due_date}",
                title=(f"Overdue since {when}" if late else f"Due {'today' if days == 0 else when}")
                + f": {description[:120]}",
                body=f"A step of “{goal}” that you coordinate.",
                url=reverse(
                    "planning:action_plan", kwargs={"district": district_code, "plan": plan_code}
                ),
                district=district,
            )
        )
    return {
        "due_soon": notify_many(Kind.STEP_DUE, soon),
        "overdue": notify_many(Kind.STEP_OVERDUE, overdue),
    }


SUMMARY_LISTS = 5  # the steps a summary names; the rest it counts


def overdue_summaries(now=None) -> int:
    """Each Monday: every district with open steps past their due date (on its clock) tells
    its leads how many, naming the first few, once per week. The steps are read as plain
    values from the database's cursor (tens of thousands of them at the size of the
    country), each district's clock once."""
    now = now or timezone.now()
    steps = ActionStep.objects.exclude(status=ActionStep.Status.DONE).filter(
        due_date__lt=(now + timedelta(days=1)).date()
    )
    today = {
        pk: timezone.localdate(now, ZoneInfo(zone))
        for pk, zone in District.objects.filter(pk__in=steps.values("district_id")).values_list(
            "pk", "time_zone"
        )
    }
    late, named = defaultdict(int), defaultdict(list)  # per district: how many, the first few
    rows = (
        steps.order_by("due_date", "pk")
        .values_list("district_id", "due_date", "description")
        .iterator(chunk_size=5000)
    )
    for district, due_date, description in rows:
        if due_date < today[district]:
            late[district] += 1
            if len(named[district]) < SUMMARY_LISTS:
                named[district].append(description[:60])
    if not late:
        return 0
    year, week, _ = timezone.localdate(now).isocalendar()
    tells = []
    for lead in active_leads(late):
        count = late[lead.district_id]
        more = f"; and {count - SUMMARY_LISTS} more" if count > SUMMARY_LISTS else ""
        tells.append(
            Tell(
                recipient=lead.user,
                key=f"overdue-summary:{lead.district.code}:{year}-W{week:02d}",
                title=f"{count} overdue step{pluralize(count)} in {lead.district.name}",
                body="; ".join(named[lead.district_id]) + more,
                url=reverse("planning:overview", kwargs={"district": lead.district.code}),
                district=lead.district,
            )
        )
    return notify_many(Kind.OVERDUE_SUMMARY, tells)


def milestones_remind(now=None) -> int:
    """After the latest June 30 (on each district's clock): the leads of each district whose
    plan has milestones for that June still "not started" or "on track" are asked to say how
    they went, once per plan and year."""
    now = now or timezone.now()
    plans = list(LongTermPlan.objects.select_related("district"))
    june = {}
    for plan in plans:
        today = timezone.localdate(now, ZoneInfo(plan.district.time_zone))
        year = today.year if (today.month, today.day) > (6, 30) else today.year - 1
        if year in plan.horizon:
            june[plan.pk] = year
    if not june:
        return 0
    decided = defaultdict(set)
    undecided = {PlanCell.Status.NOT_STARTED, PlanCell.Status.ON_TRACK}
    for cell in PlanCell.objects.filter(plan__in=june, year__in=set(june.values())).exclude(
        status__in=undecided
    ):
        if june.get(cell.plan_id) == cell.year:
            decided[cell.plan_id].add(cell.strand)
    open_plans = {
        plan.pk: (plan, len(Strand.values) - len(decided[plan.pk]))
        for plan in plans
        if plan.pk in june and len(decided[plan.pk]) < len(Strand.values)
    }
    by_district = {plan.district_id: pk for pk, (plan, _) in open_plans.items()}
    tells = []
    for lead in active_leads(by_district):
        plan, count = open_plans[by_district[lead.district_id]]
        year = june[plan.pk]
        tells.append(
            Tell(
                recipient=lead.user,
                key=f"milestones:{plan.pk}:{year}",
                title=f"June {year} is over: say how {count} milestone{pluralize(count)} of "
                f"{lead.district.name}’s plan went",
                body="They still say “Not started” or “On track”.",
                url=reverse("planning:grid", kwargs={"district": lead.district.code}),
                district=lead.district,
            )
        )
    return notify_many(Kind.MILESTONES_PAST, tells)
