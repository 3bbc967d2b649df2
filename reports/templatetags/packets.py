"""The meeting page's packet section, made here: the meeting page (meetings) shows it, and
reports, which makes packets of meetings, stands above meetings (it imports them)."""

from django import template

from reports.selectors import jobs_of
from reports.services import packet_subject

register = template.Library()


@register.inclusion_tag("reports/_meeting_packets.html", takes_context=True)
def meeting_packets(context, meeting):
    """The button that makes the meeting's packet and the person's last five packets of it."""
    user = context["request"].user
    return {
        "meeting": meeting,
        "packets": list(jobs_of(user, packet_subject(meeting))[:5]),
        "csrf_token": context.get("csrf_token"),
    }
