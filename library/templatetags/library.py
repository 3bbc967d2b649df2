from django import template

from library.pieces import BY_KEY

register = template.Library()


@register.inclusion_tag("library/_piece.html")
def reference(key: str, open: bool = False):
    """A piece of the reference library, folded, where it is used."""
    return {"piece": BY_KEY[key], "open": open}
