"""One-line text: what a person types as a title, a name, a place or a code stays on one
line.

A line break in such a field travels to where it breaks things: a notice's email subject (a
header refuses it, so the email could never be sent), a CSV cell, a page's heading. Every
one-line field of the models carries `one_line` (so their ModelForms and ModelSerializers
do), and so does every one-line field a form or a serializer declares for itself;
tests/test_one_line.py finds any that does not."""

import re

from django.core.exceptions import ValidationError

# Control characters (C0 with tab, CR and LF; DEL; C1 with NEL) and the Unicode line and
# paragraph separators: none has a place in one line of text. Written as escapes, so that
# the same pattern serves Python and the databases' regex lookups (SQLite's is Python's;
# PostgreSQL's reads the same escapes). NUL is left out: PostgreSQL refuses it in a pattern,
# and Django's form and DRF's fields refuse it before any validator runs.
PATTERN = r"[\x01-\x1f\x7f-\x9f\u2028\u2029]"
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_FORBIDDEN_RUNS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() splits on


def found_in(value: str) -> str | None:
    """What in the text cannot stay on one line, in words ("a line break", "a tab", "an
    invisible control character (U+0007)"), or None when there is nothing."""
    match = _FORBIDDEN.search(value)
    if match is None:
        return None
    char = match.group()
    if char in _BREAKS:
        return "a line break"
    if char == "\t":
        return "a tab"
    return f"an invisible control character (U+{ord(char):04X})"


def one_line(value) -> None:
    """The validator of one-line fields: refuses line breaks, tabs and other control
    characters, saying which it found."""
    found = found_in(str(value))
    if found:
        raise ValidationError(f"Write this on one line: remove {found}.", code="one_line")


def flattened(value: str) -> str:
    """The text on one line: each run of what `one_line` refuses becomes one space. For
    text that comes from elsewhere and cannot be refused (a name from a sign-in provider, a
    row saved before the validator existed)."""
    return _FORBIDDEN_RUNS.sub(" ", value).strip() if _FORBIDDEN.search(value) else value


def flatten_rows(model, field_names: list[str]) -> int:
    """Put the rows' values of these fields on one line (for the data migrations that came
    with `one_line`): only the rows that need it are read. A row whose flattened value would
    break a uniqueness rule (another row already has it) keeps its value, which the next
    edit then asks to correct. Returns how many values it changed."""
    from django.db import IntegrityError, transaction

    changed = 0
    manager = model._base_manager
    for name in field_names:
        for pk, value in manager.filter(**{f"{name}__regex": PATTERN}).values_list("pk", name):
            try:
                with transaction.atomic():
                    changed += manager.filter(pk=pk).update(**{name: flattened(value)})
            except IntegrityError:
                continue
    return changed
