"""{% table %} (districts/templatetags/tables.py): a table with its caption, or the note that
there are no rows."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

PAGE = Template(
    "{% load tables %}"
    '{% table rows caption=caption empty="Nothing yet." %}'
    "<tbody>{% for r in rows %}<tr><td>{{ r }}</td></tr>{% endfor %}</tbody>"
    "{% endtable %}"
)


def test_rows_make_a_table_announced_by_its_caption():
    html = PAGE.render(Context({"rows": ["a", "b"], "caption": "Two rows"}))
    assert html == (
        '<table class="table">\n<caption class="visually-hidden">Two rows</caption>\n'
        "<tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>"
    )


def test_no_rows_make_the_note_and_no_table():
    html = PAGE.render(Context({"rows": [], "caption": "Two rows"}))
    assert html == '<p class="empty">Nothing yet.</p>'


def test_a_caption_from_a_variable_is_escaped():
    html = PAGE.render(Context({"rows": ["a"], "caption": "<script>x</script>"}))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_a_table_without_its_note_is_refused_when_the_template_is_read():
    with pytest.raises(TemplateSyntaxError):
        Template('{% load tables %}{% table rows caption="C" %}{% endtable %}')
