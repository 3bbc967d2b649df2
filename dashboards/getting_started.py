"""A new district's first steps, on its home for its leads: invite the team, open the first
self-assessment, start the plan, choose what to share, set up measures. Each is ticked by
the act itself, worked out from what the home reads anyway, and the list is gone once all
are done."""

from dataclasses import dataclass

from config.reversing import reverse_fast
from districts.models import Invitation


@dataclass(frozen=True)
class FirstStep:
    key: str  # names the step's text in dashboards/_getting_started.html
    url: str
    done: bool


def getting_started(access, *, reads, plan, measures, memberships) -> list[FirstStep]:
    """The district's first steps for its leads (nobody else sees them), or none once all are
    done. From what the home has read (its rounds, plan, measures and team): no query, but
    one for a lead alone in the district (whether anyone has been invited)."""
    if not access.can_lead:
        return []
    district = access.district

    def url(name: str, anchor: str = "") -> str:
        return reverse_fast(name, district=district.code) + anchor

    steps = [
        FirstStep(
            "invite",
            url("districts:members", "#invite-heading"),
            _team_invited(district, memberships),
        ),
        FirstStep("round", url("rubrics:rounds", "#open-heading"), bool(reads.rounds)),
        FirstStep("plan", url("planning:grid"), plan is not None),
        FirstStep(
            "share",
            url("planning:overview", "#sharing-heading"),
            district.sharing_chosen_at is not None,
        ),
        FirstStep("measures", url("measures:new"), bool(measures and measures.total)),
    ]
    return [] if all(step.done for step in steps) else steps


def _team_invited(district, memberships) -> bool:
    """Someone besides the lead belongs to the district, or has been invited (`memberships`
    is the home's list of the team, which its people section reads anyway)."""
    team = memberships() if callable(memberships) else memberships  # a Later, read on first use
    return len(team) > 1 or Invitation.objects.filter(district=district).exists()
