"""The meeting page's packet section, made here: the meeting page (meetings) shows it, and
reports, which makes packets of meetings, stands above meetings (it imports them)."""

from django import template

from reports.models import ReportJob
from reports.selectors import jobs_of
from reports.services import packet_subject

register = template.Library()


@register.inclusion_tag("reports/_meeting_packets.html", takes_context=True)
def meeting_packets(context, meeting, facilitates: bool):
    """The buttons that make the meeting's packets (the facilitators' one for its
    facilitators only) and the person's last five packets of it."""
    user = context["request"].user
    kinds = [ReportJob.Kind.PARTICIPANTS] + ([ReportJob.Kind.PACKET] if facilitates else [])
    return {
        "meeting": meeting,
        "facilitates": facilitates,
        "packets": list(jobs_of(user, [packet_subject(meeting, kind) for kind in kinds])[:5]),
        "csrf_token": context.get("csrf_token"),
    }
