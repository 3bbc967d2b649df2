"""The plan page's measures section, given by this app (planning, below it, imports none of
it): `{% load measures %}{% plan_measures access %}`."""

from django import template

from measures.selectors import measures_of, tally
from measures.status import rule_text

register = template.Library()


@register.inclusion_tag("measures/_plan_section.html")
def plan_measures(access):
    """The district's measures with their status (2 queries), as the plan's reader reads them."""
    measures = measures_of(access)
    return {
        "access": access,
        "district": access.district,
        "rows": measures,
        "tally": tally([m.standing for m in measures]),
        "rule": rule_text(),
    }
