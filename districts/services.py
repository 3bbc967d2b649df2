"""Writes to districts and their people. Callers have already checked access through
districts.access; these functions keep the data consistent and say why when they refuse."""

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.tasks import email_enqueue
from districts.models import (
    TIME_ZONE_CHOICES,
    CoachAssignment,
    District,
    Invitation,
    Membership,
    Role,
)
from districts.signals import invitation_accepted


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _leads_left_after(membership: Membership) -> int:
    """How many other leads the district has. Locks the district's lead rows, so that two
    leads demoting each other at the same moment cannot leave the district without one."""
    leads = Membership.objects.select_for_update().filter(
        district_id=membership.district_id, role=Role.LEAD
    )
    return sum(1 for lead in leads if lead.pk != membership.pk)


@transaction.atomic
def invitation_create(
    *,
    district: District,
    email: str,
    role: str,
    acting_user: User,
    accept_url: Callable[[str], str],
) -> Invitation:
    """Invite someone by email to the district. A pending invitation for the same address is
    replaced (the old link stops working). The email leaves after the transaction commits."""
    email = email.strip().lower()
    if Membership.objects.filter(district=district, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {district.name}."})
    if role not in Role.values:
        raise ValidationError({"role": "Choose lead, member or viewer."})
    now = timezone.now()
    Invitation.objects.filter(district=district, email__iexact=email).pending().update(
        revoked_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        district=district,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=acting_user,
        expires_at=now + settings.INVITATION_MAX_AGE,
    )
    body = render_to_string(
        "districts/email/invitation.txt",
        {"invitation": invitation, "inviter": acting_user, "url": accept_url(token)},
    )
    subject = f"You are invited to {district.name} on Waypoint"
    email_enqueue(to=email, subject=subject, body=body)
    return invitation


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link points at, usable or not; None for a token never issued."""
    return (
        Invitation.objects.unscoped_across_districts()  # the token itself is the credential here
        .select_related("district", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Make the invited person a member with the invited role. Single use: a second accept,
    an expired or a revoked invitation is refused. An existing member keeps their role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError("This invitation has already been used, was withdrawn or expired.")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation is for {invitation.email}, not for {user.email}.")
    membership, _ = Membership.objects.get_or_create(
        district=invitation.district, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, membership=membership)
    return membership


@transaction.atomic
def invitation_accept_as_new_person(
    *, invitation: Invitation, full_name: str, password: str
) -> tuple[User, Membership]:
    """Create the account of an invited person who has none, then accept for them."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError("An account with this email exists: sign in to accept.")
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    return user, invitation_accept(invitation=invitation, user=user)


def invitation_revoke(*, invitation: Invitation, acting_user: User) -> None:
    """Withdraw a pending invitation; its link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted; remove the member instead.")
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def district_set_up(
    *,
    name: str,
    state: str,
    time_zone: str,
    lead_email: str,
    coaches,
    cohorts,
    acting_user: User,
    accept_url: Callable[[str], str],
) -> District:
    """A new district with its clock, its first lead invited, its coaches assigned and its
    cohorts joined, all or nothing (staff only: the caller checks)."""
    name = name.strip()
    same = District.with_trashed.filter(name__iexact=name, state=state).first()
    if same is not None and same.trashed_at:
        raise ValidationError(
            {
                "name": f"A district named {same.name} ({state}) is in the trash: restore it "
                "from the trash, or choose another name."
            }
        )
    if same is not None:
        raise ValidationError({"name": f"{state} already has a district named {name}."})
    _check_time_zone(time_zone)
    district = District.objects.create(name=name, state=state, time_zone=time_zone)
    invitation_create(
        district=district,
        email=lead_email,
        role=Role.LEAD,
        acting_user=acting_user,
        accept_url=accept_url,
    )
    CoachAssignment.objects.bulk_create(
        [CoachAssignment(district=district, coach=coach) for coach in coaches]
    )
    for cohort in cohorts:
        cohort.districts.add(district)
    return district


@transaction.atomic
def coach_assign(*, district: District, coach: User, acting_user: User) -> CoachAssignment:
    """Staff assign one of the people who can coach (districts.access.coach_candidates) to
    the district (the caller checks that the acting person is staff)."""
    from districts.access import coach_candidates

    if not coach_candidates().filter(pk=coach.pk).exists():
        raise ValidationError({"coach": "Choose one of the people who can coach."})
    if _assignment(district, coach).exists():
        raise ValidationError({"coach": f"{coach} already coaches {district.name}."})
    return CoachAssignment.objects.create(district=district, coach=coach)


def coach_unassign(*, district: District, coach: User, acting_user: User) -> None:
    """Staff end a coach's assignment to the district: the coach no longer reads its work."""
    _assignment(district, coach).delete()


def _assignment(district: District, coach: User):
    """The coach's assignment to the district (none or one row)."""
    from districts.access import Relation, relation_rows

    return relation_rows(coach, (Relation.COACH,), district=district, trashed_too=True)


def _check_time_zone(time_zone: str) -> None:
    if time_zone not in dict(TIME_ZONE_CHOICES):
        raise ValidationError({"time_zone": "Choose one of the listed time zones."})


def district_time_zone_set(*, district: District, time_zone: str, acting_user: User) -> District:
    """The district's clock, chosen by its leads (or staff)."""
    _check_time_zone(time_zone)
    district.time_zone = time_zone
    district.save(update_fields=["time_zone"])
    return district


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, acting_user: User) -> Membership:
    """Change a member's role. A district always keeps at least one lead."""
    if role not in Role.values:
        raise ValidationError("Choose lead, member or viewer.")
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "district")
        .get(pk=membership.pk)
    )
    if membership.role == Role.LEAD and role != Role.LEAD and _leads_left_after(membership) == 0:
        raise ValidationError(
            f"{membership.user} is the only lead of {membership.district.name}. "
            "Make someone else a lead first."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user: User) -> None:
    """Remove a person from the district (their account stays). The last lead cannot go."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "district")
        .get(pk=membership.pk)
    )
    if membership.role == Role.LEAD and _leads_left_after(membership) == 0:
        raise ValidationError(
            f"{membership.user} is the only lead of {membership.district.name}. "
            "Make someone else a lead before removing them."
        )
    membership.delete()
