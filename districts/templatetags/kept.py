"""{% kept %}: a part of a page kept rendered in the cache under the generations it depends on.

    {% kept "rating-sheet" kept_key %}
      ...
    {% endkept %}

The view makes the key (a tuple, say) of everything the part depends on: the person, the
generations of the districts' work and of the frameworks (config/generations.py), the day. A
change to any of them makes a new key, and the old part is never read again (it expires on
its own). Without a key (none given, a form shown again with errors) the part is rendered
and not kept. Django's own {% cache %} would keep one person's CSRF token for everyone: here a
{% csrf_token %} inside the part is kept as a slot and filled for each request.
"""

from django import template
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from config.generations import digest, kept

register = template.Library()

# The slot is derived from the secret key: the same in every process that shares the cache,
# and not something a person could type into a text the part shows.
CSRF_SLOT = "kept-csrf-" + salted_hmac("kept-csrf-slot", "slot").hexdigest()[:32]


class KeptNode(template.Node):
    def __init__(self, nodelist, name, key):
        self.nodelist = nodelist
        self.name = name
        self.key = key

    def render(self, context) -> str:
        parts = self.key.resolve(context)
        if not parts:
            return self.nodelist.render(context)
        html = kept(
            f"kept:{self.name.resolve(context)}:{digest(parts)}", lambda: self._made(context)
        )
        if CSRF_SLOT in html:
            html = html.replace(CSRF_SLOT, str(context.get("csrf_token", "")))
        return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)

    def _made(self, context) -> str:
        with context.push(csrf_token=CSRF_SLOT):
            return self.nodelist.render(context)


@register.tag(name="kept")
def kept_tag(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            "{% kept %} takes a name and a key: {% kept 'part' key %}"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
