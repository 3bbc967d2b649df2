"""{% table %}: a page's table of rows, with its caption for screen readers, or the note that
says there are none.

    {% load tables %}
    {% table tokens caption="Your active API tokens" empty="You have no token." %}
      <thead>...</thead>
      <tbody>{% for t in tokens %}...{% endfor %}</tbody>
    {% endtable %}

renders `<table class="table">` with `<caption class="visually-hidden">` and what is inside
when `tokens` has rows, and `<p class="empty">You have no token.</p>` when it has none: every
such table is announced by its caption, and every empty one says so in the same words'
place. The caption and the note are escaped like any variable.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class TableNode(template.Node):
    def __init__(self, nodelist, rows, caption, empty):
        self.nodelist = nodelist
        self.rows = rows
        self.caption = caption
        self.empty = empty

    def render(self, context) -> str:
        if not self.rows.resolve(context):
            return format_html('<p class="empty">{}</p>', self.empty.resolve(context))
        return format_html(
            '<table class="table">\n<caption class="visually-hidden">{}</caption>\n{}</table>',
            self.caption.resolve(context),
            self.nodelist.render(context),
        )


@register.tag("table")
def table(parser, token):
    """{% table rows caption="..." empty="..." %} ... {% endtable %}"""
    words = token.split_contents()
    options = dict(word.split("=", 1) for word in words[2:] if "=" in word)
    if len(words) != 4 or set(options) != {"caption", "empty"}:
        raise template.TemplateSyntaxError(
            '{% table rows caption="..." empty="..." %} takes its rows, a caption and a note'
        )
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(
        nodelist,
        parser.compile_filter(words[1]),
        parser.compile_filter(options["caption"]),
        parser.compile_filter(options["empty"]),
    )
