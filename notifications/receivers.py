"""The kernel's events (districts.signals), told to the people they concern."""

from django.dispatch import receiver
from django.urls import reverse

from districts.access import district_accesses
from districts.models import Invitation
from districts.signals import invitation_accepted
from notifications.models import Kind
from notifications.services import notify


@receiver(invitation_accepted, sender=Invitation)
def tell_who_invited(sender, invitation, membership, **kwargs) -> None:
    """The person who sent the invitation, while they may still manage the district's
    people (its leads, and staff)."""
    inviter = invitation.invited_by
    if inviter is None or inviter.pk == membership.user_id:
        return
    access = district_accesses(inviter, [invitation.district]).get(invitation.district_id)
    if access is None or not access.can_manage_people:
        return
    person = membership.user
    notify(
        kind=Kind.INVITATION_ACCEPTED,
        recipients=[inviter],
        key=f"invitation-accepted:{invitation.pk}",
        title=f"{person.full_name or person.email} accepted your invitation to "
        f"{invitation.district.name} as {membership.get_role_display().lower()}",
        url=reverse("districts:members", kwargs={"district": invitation.district.code}),
        district=invitation.district,
    )
