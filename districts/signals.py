"""What the kernel tells the features of, without importing them."""

from django.dispatch import Signal

# Sent when a person accepts an invitation, after it is saved: invitation, membership.
invitation_accepted = Signal()
