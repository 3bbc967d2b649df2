"""Writes of the implementation plans. Callers have checked access through districts.access;
these keep plans consistent, refuse stale saves and say why when they refuse."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from districts.access import belongs_to
from districts.models import PLAN_SHARING_CHOICES, District
from districts.ordering import move
from history.services import change_record, removal_record, tracked_save, tracked_update
from meetings.models import Commitment
from planning.models import (
    ActionPlan,
    ActionStep,
    EngagementActivity,
    LongTermPlan,
    PlanCell,
    PolicyReview,
    Strand,
)
from planning.policies import STANDARD_POLICIES
from schools.services import check_named

MAX_YEARS = 10

# ---------------------------------------------------------------- the long-term plan


def plan_sharing_set(*, district: District, sharing: str, acting_user: User) -> District:
    """A lead chooses who beyond the team reads the district's plan: its coaches, or its
    coaches and its cohort (facilitators, and the cohort's meeting packets)."""
    if sharing not in dict(PLAN_SHARING_CHOICES):
        raise ValidationError({"plan_sharing": "Choose its coaches, or its coaches and cohort."})
    district.plan_sharing = sharing
    district.sharing_chosen_at = district.sharing_chosen_at or timezone.now()
    district.save(update_fields=["plan_sharing", "sharing_chosen_at"])
    return district


@transaction.atomic
def plan_set_horizon(
    *, district: District, first_year: int, years: int, acting_user: User
) -> LongTermPlan:
    """Choose the Junes the plan looks ahead to. Extending or moving the horizon never loses
    a milestone: a change that would hide a year with content is refused."""
    if not 2000 <= first_year <= 2100:
        raise ValidationError({"first_year": "Choose a year between 2000 and 2100."})
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": f"Plan for 1 to {MAX_YEARS} years."})
    plan = LongTermPlan.objects.select_for_update().filter(district=district).first()
    if plan is None:
        return LongTermPlan.objects.create(district=district, first_year=first_year, years=years)
    kept = range(first_year, first_year + years)
    lost = sorted({cell.year for cell in plan.cells.exclude(year__in=kept) if cell.has_content})
    if lost:
        years_text = ", ".join(f"June {y}" for y in lost)
        raise ValidationError(
            f"That horizon would hide milestones already written for {years_text}. "
            "Choose a horizon that includes them."
        )
    plan.first_year, plan.years = first_year, years
    plan.save(update_fields=["first_year", "years", "updated_at"])
    return plan


@transaction.atomic
def plan_cell_save(
    *,
    plan: LongTermPlan,
    year: int,
    strand: str,
    expected_version: int,
    target: str,
    status: str,
    notes: str,
    acting_user: User,
    schools=None,
) -> PlanCell:
    """Save one milestone of the grid, refusing a save against an older version (StaleSave);
    every change is kept in the cell's history. `schools`: those it concerns (the district's
    open schools, or closed ones it named already); None leaves them as they are."""
    if year not in plan.horizon:
        raise ValidationError(f"June {year} is outside the plan's horizon.")
    if strand not in Strand.values:
        raise ValidationError("Choose practice, policy or public will.")
    values = {"target": target, "status": status, "notes": notes, "updated_by": acting_user}
    if schools is not None:
        stored = PlanCell.objects.filter(plan=plan, year=year, strand=strand).first()
        check_named(plan.district_id, schools, named=stored.schools.all() if stored else ())
        values["schools"] = schools
    return tracked_save(
        PlanCell,
        key={"plan": plan, "year": year, "strand": strand},
        expected_version=expected_version,
        values=values,
        defaults={"district_id": plan.district_id},
        acting_user=acting_user,
    )


# ---------------------------------------------------------------- action plans


def _require_member(district: District, user: User | None) -> None:
    if user is not None and not belongs_to(user, district):
        raise ValidationError({"coordinator": "The coordinator must be a member of the district."})


def _check_dates(start: date | None, due: date | None) -> None:
    if start and due and due < start:
        raise ValidationError({"due_date": "The due date comes before the start date."})


def action_plan_save(
    *, district: District, acting_user: User, plan: ActionPlan | None = None, **fields
) -> ActionPlan:
    """Create (plan None) or update an action plan."""
    dimensions = fields.pop("dimensions", None)
    strands = fields.get("strands", [])
    if any(s not in Strand.values for s in strands):
        raise ValidationError({"strands": "Choose practice, policy or public will."})
    if plan is None:
        plan = ActionPlan(district=district, created_by=acting_user)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    if dimensions is not None:
        plan.dimensions.set(dimensions)
    return plan


@transaction.atomic
def action_step_add(*, plan: ActionPlan, acting_user: User, **fields) -> ActionStep:
    """Add a step at the end of the plan."""
    _require_member(plan.district, fields.get("coordinator"))
    _check_dates(fields.get("start_date"), fields.get("due_date"))
    schools = fields.pop("schools", None) or []
    check_named(plan.district_id, schools)
    last = plan.steps.aggregate(last=Max("position"))["last"] or 0
    step = ActionStep.objects.create(
        district_id=plan.district_id, plan=plan, position=last + 1, **fields
    )
    step.schools.set(schools)
    change_record(item=step, before=None, acting_user=acting_user)
    return step


@transaction.atomic
def action_step_update(
    *, step: ActionStep, expected_version: int, acting_user: User, **fields
) -> ActionStep:
    """Change a step (all its fields, or some: its status and due date from the row where it
    is listed), refusing a change made against an older version (StaleSave). Dates not given
    are checked as stored. Its schools (given) are the district's open schools, or closed ones
    it named already."""
    _require_member(step.district, fields.get("coordinator"))
    _check_dates(fields.get("start_date", step.start_date), fields.get("due_date", step.due_date))
    if "schools" in fields:
        check_named(step.district_id, fields["schools"], named=step.schools.all())
    return tracked_update(
        step, expected_version=expected_version, values=fields, acting_user=acting_user
    )


@transaction.atomic
def action_step_remove(*, step: ActionStep, acting_user: User) -> None:
    """Delete a step; the history keeps what it was and who removed it."""
    removal_record(item=step, acting_user=acting_user)
    step.delete()


def action_step_move(*, step: ActionStep, direction: str, acting_user: User) -> None:
    """Swap a step with its neighbour above or below."""
    move(step.plan.steps.all(), step, direction)


# ---------------------------------------------------------------- policies and engagement


def policy_checklist_start(*, district: District) -> None:
    """Give a district the seed's checklist (idempotent)."""
    existing = set(PolicyReview.objects.filter(district=district).values_list("area", flat=True))
    PolicyReview.objects.bulk_create(
        PolicyReview(
            district=district, area=area, policy_codes=codes, position=position, is_standard=True
        )
        for position, (area, codes) in enumerate(STANDARD_POLICIES, start=1)
        if area not in existing
    )


@transaction.atomic
def policy_add(*, district: District, acting_user: User, **fields) -> PolicyReview:
    """Add one of the district's own policies to its checklist."""
    if PolicyReview.objects.filter(district=district, area__iexact=fields["area"]).exists():
        raise ValidationError({"area": "The checklist already has this policy area."})
    last = PolicyReview.objects.filter(district=district).aggregate(last=Max("position"))["last"]
    policy = PolicyReview.objects.create(district=district, position=(last or 0) + 1, **fields)
    change_record(item=policy, before=None, acting_user=acting_user)
    return policy


@transaction.atomic
def policy_update(
    *, policy: PolicyReview, expected_version: int, acting_user: User, **fields
) -> PolicyReview:
    """Record a policy's review, refusing a change against an older version (StaleSave)."""
    if policy.is_standard:
        fields.pop("area", None)  # the seed's areas keep their names
    duplicate = PolicyReview.objects.filter(
        district_id=policy.district_id, area__iexact=fields.get("area", policy.area)
    ).exclude(pk=policy.pk)
    if duplicate.exists():
        raise ValidationError({"area": "The checklist already has this policy area."})
    return tracked_update(
        policy, expected_version=expected_version, values=fields, acting_user=acting_user
    )


@transaction.atomic
def policy_remove(*, policy: PolicyReview, acting_user: User) -> None:
    """Remove a district's own policy (the history keeps what it was); the seed's standard
    areas stay."""
    if policy.is_standard:
        raise ValidationError("The standard policy areas stay on the checklist.")
    removal_record(item=policy, acting_user=acting_user)
    policy.delete()


def engagement_save(
    *,
    district: District,
    acting_user: User,
    activity: EngagementActivity | None = None,
    **fields,
) -> EngagementActivity:
    """Log (activity None) or correct a community engagement activity."""
    if activity is None:
        activity = EngagementActivity(district=district, created_by=acting_user)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["district", "created_by"])
    activity.save()
    return activity


@transaction.atomic
def step_from_commitment(
    *, commitment: Commitment, plan: ActionPlan, acting_user: User, **fields
) -> ActionStep:
    """Make a district's meeting commitment an action step of one of its action plans; the
    two stay linked (the step's page names the meeting, the meeting's record the step)."""
    if commitment.kind != Commitment.Kind.COMMITMENT:
        raise ValidationError("Only a commitment becomes an action step.")
    if plan.district_id != commitment.district_id:
        raise ValidationError({"plan": "Choose one of the district's action plans."})
    if ActionStep.objects.filter(commitment=commitment).exists():
        raise ValidationError("This commitment is an action step already.")
    return action_step_add(plan=plan, acting_user=acting_user, commitment=commitment, **fields)
