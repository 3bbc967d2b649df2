"""The daily email's contents, grouped as a person reads them: by district, then by what to
do, each line with its date.

It opens with the person's week, which notifications cannot read itself (the features are
above it): the app that gathers a person's work registers a source of lines in its
AppConfig.ready (dashboards.week), as features give evidence.kinds their attachable
items."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Source = Callable[[object], list["Line"]]

_openings: list[Source] = []


@dataclass(frozen=True)
class Line:
    where: str  # a district's name, or a cohort's
    todo: str  # what to do (or, for a notice, its kind)
    day: date
    title: str
    url: str  # a path in the app
    overdue: bool = False


def register_opening(source: Source) -> Source:
    """A source of the lines that open a person's daily email (called with the person)."""
    if source not in _openings:
        _openings.append(source)
    return source


def opening_of(user) -> list[Line]:
    """What opens the person's daily email, from every registered source, in their order."""
    return [line for source in _openings for line in source(user)]


def grouped(lines: list[Line]) -> list[tuple[str, list[tuple[str, list[Line]]]]]:
    """Lines by where they belong (in the order first met), then by what to do (likewise),
    each group's lines in their given order."""
    places: dict[str, dict[str, list[Line]]] = {}
    for line in lines:
        places.setdefault(line.where, {}).setdefault(line.todo, []).append(line)
    return [(where, list(todos.items())) for where, todos in places.items()]
