"""The daily reminders of rounds being rated: a few days before a round's due date, each
teammate who has not rated every dimension is told, and the district's leads are told who
has not. Once per round and due date. One pass over every district in a number of queries
that does not grow with them."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from districts.access import RULES, Relation, school_relations
from districts.models import Membership
from notifications.models import Kind
from notifications.services import Tell, long_date, notify_many
from rubrics.models import AssessmentRound, Dimension, Rating

DUE_SOON_DAYS = 3
RATERS = (Relation.LEAD, Relation.MEMBER)


def rounds_remind(now=None) -> dict:
    now = now or timezone.now()
    rounds = list(
        AssessmentRound.objects.filter(
            status=AssessmentRound.Status.DRAFT,
            due_date__gte=(now - timedelta(days=1)).date(),
            due_date__lte=(now + timedelta(days=DUE_SOON_DAYS + 1)).date(),
        ).select_related("district", "school")
    )
    rounds = [r for r in rounds if 0 <= _days_left(r, now) <= DUE_SOON_DAYS]
    if not rounds:
        return {"raters": 0, "leads": 0}
    totals = dict(
        Dimension.objects.filter(domain__framework__in={r.framework_id for r in rounds})
        .values("domain__framework")
        .annotate(n=Count("pk"))
        .values_list("domain__framework", "n")
    )
    rated = {
        (row["round"], row["rater"]): row["n"]
        for row in Rating.objects.filter(round__in=rounds, level__isnull=False)
        .values("round", "rater")
        .annotate(n=Count("pk"))
    }
    raters_of = _raters_by_round(rounds)
    to_raters, to_leads = [], []
    for round_ in rounds:
        total = totals.get(round_.framework_id, 0)
        day = round_.due_date
        when = long_date(day)
        url = reverse(
            "rubrics:rate", kwargs={"district": round_.district.code, "round_code": round_.code}
        )
        behind = []
        raters = raters_of[round_.pk]
        for user, _leads in raters:
            done = rated.get((round_.pk, user.pk), 0)
            if done >= total:
                continue
            behind.append(user)
            to_raters.append(
                Tell(
                    recipient=user,
                    key=f"round-due:{round_.code}:{day}",
                    title=f"Rate {round_.heading} by {when}: {done} of {total} dimensions rated",
                    url=url,
                    district=round_.district,
                )
            )
        if not behind:
            continue
        names = ", ".join(sorted(u.full_name or u.email for u in behind))
        for user, leads in raters:
            if leads:
                to_leads.append(
                    Tell(
                        recipient=user,
                        key=f"round-behind:{round_.code}:{day}",
                        title=f"Not finished rating {round_.heading} (due {when}): {names}",
                        url=reverse(
                            "rubrics:round",
                            kwargs={"district": round_.district.code, "round_code": round_.code},
                        ),
                        district=round_.district,
                    )
                )
    return {
        "raters": notify_many(Kind.ROUND_DUE, to_raters),
        "leads": notify_many(Kind.ROUND_BEHIND, to_leads),
    }


def _raters_by_round(rounds) -> dict[int, list[tuple]]:
    """Who rates each round, each with whether they lead it (and hear who is behind): a
    district's round, its team's leads and members; a school's round, its school's leads and
    members (the district's team while the school has none). Two queries."""
    team = defaultdict(list)  # district id → [(person, leads its work)]
    for m in Membership.objects.filter(
        district__in={r.district_id for r in rounds}, role__in=RATERS, user__is_active=True
    ).select_related("user"):
        team[m.district_id].append((m.user, RULES[Relation(m.role)].leads_work))
    schools = school_relations({r.school_id for r in rounds if r.school_id})
    school_team = {
        pk: [
            (user, RULES[rel].leads_own_school)
            for user, rel in people
            if RULES[rel].writes_own_school
        ]
        for pk, people in schools.items()
    }
    return {r.pk: school_team.get(r.school_id) or team[r.district_id] for r in rounds}


def _days_left(round_: AssessmentRound, now) -> int:
    return (round_.due_date - timezone.localdate(now, ZoneInfo(round_.district.time_zone))).days
