"""Querysets a first view runs on every page, compiled once per process: Django compiles a
queryset's SQL anew each time it runs (1 to 2 ms for a count with a few subqueries, some
twenty times the time the database takes to answer it). Here the queryset is built once with
markers in place of its arguments (a person's id, a district's, a day), compiled, and each
run is that SQL with the markers' parameters replaced by the values, its rows converted as
Django converts them. The queryset stays the one source of what is read (no SQL written out
by hand); as reverse_fast does for URLs.

Only values that SQL carries as one parameter each may be arguments (ids, codes, dates,
moments; on PostgreSQL a list of ids read with any_of):
anything that changes the query's shape (a list, None, a branch on the person) is part of
the queryset a builder makes, so make one CompiledQuery per shape."""

import itertools
import re
import weakref
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}")
EMPTY = object()  # a queryset that reads nothing (none()): no query at all


def _marker(value, i: int, series: int):
    """A stand-in of the value's type, in the range of any integer column (Django answers
    a lookup out of a column's range without asking the database)."""
    if isinstance(value, bool) or value is None:
        raise TypeError("True, False and None change a query's shape: build one query each.")
    if isinstance(value, int):
        return 30_011 + 211 * series + i
    if isinstance(value, str):
        return f"\x1fcompiled-marker-{series}-{i}\x1f"
    if type(value) is date:
        return date(3, 1, 1) + timedelta(days=211 * series + i)
    if isinstance(value, datetime):
        return datetime(3, 1, 1, tzinfo=UTC) + timedelta(days=211 * series + i)
    if isinstance(value, list):  # ids as one array parameter (districts.lookups.any_of)
        return [30_011 + 211 * series + i]
    raise TypeError(f"{type(value).__name__} is not a value a compiled query takes.")


class CompiledQuery:
    """`build(**arguments)` makes a queryset: `rows(**arguments)` runs a values_list() one
    (its rows as tuples, converted as Django converts them), `objects(**arguments)` makes
    its model instances (with select_related() and annotations; not prefetch_related()),
    `count(**arguments)` counts its rows."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple[str, bool], tuple] = {}
        self.statement = f"waypoint_compiled_{next(_statements)}"  # its prepared statement's

    def rows(self, using: str = "default", **arguments) -> list[tuple]:
        compiler, fetched = self._run(using, False, arguments)
        if not fetched:
            return []
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def objects(self, using: str = "default", **arguments) -> list[Model]:
        """As Django's ModelIterable makes them."""
        compiler, fetched = self._run(using, False, arguments)
        if not fetched:
            return []
        info, select = compiler.klass_info, compiler.select
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        related = get_related_populators(info, select, using)
        annotations = compiler.annotation_col_map.items()
        made = []
        for row in compiler.results_iter(results=[fetched]):
            obj = info["model"].from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            made.append(obj)
        return made

    def count(self, using: str = "default", **arguments) -> int:
        fetched = self._run(using, True, arguments)[1]
        return fetched[0][0] if fetched else 0

    def _run(self, using: str, counted: bool, arguments: dict):
        compiled = self._compiled.get((using, counted))
        if compiled is None:
            compiled = self._compiled[using, counted] = self._compile(using, counted, arguments)
        if compiled is EMPTY:
            return None, []
        compiler, sql, slots = compiled
        connection = connections[using]
        params = [
            constant if name is None else _adapt(connection, arguments[name])
            for name, constant in slots
        ]
        with connection.cursor() as cursor:
            fetched = _PREPARED.execute(connection, cursor, self.statement, sql, params)
        if compiler.has_extra_select:  # columns only the ordering reads
            fetched = [row[: compiler.col_count] for row in fetched]
        return compiler, fetched

    def _compile(self, using: str, counted: bool, arguments: dict):
        """Compiled twice, with two series of markers: a parameter is an argument's when it
        holds that argument's marker in both (a constant that happened to equal a marker
        would be caught), and the SQL must not depend on the markers' values."""
        made = [self._compiled_with(using, counted, arguments, series) for series in (0, 1)]
        if made[0] is EMPTY or made[1] is EMPTY:
            return EMPTY
        (compiler, sql, slots), (_, other_sql, other_slots) = made
        if sql != other_sql or [n for n, _ in slots] != [n for n, _ in other_slots]:
            raise ValueError("The query's shape depends on its arguments' values.")
        missing = set(arguments) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"{sorted(missing)} did not reach the query as parameters.")
        frozen = [param for name, param in slots if name is None and _is_a_moment(param)]
        if frozen:  # today's date, say, that the builder read itself: it would never move
            raise ValueError(f"{frozen} would be kept in the query: pass it as an argument.")
        return compiler, sql, slots

    def _compiled_with(self, using: str, counted: bool, arguments: dict, series: int):
        markers = {
            name: _marker(value, i, series) for i, (name, value) in enumerate(arguments.items())
        }
        queryset = self.build(**markers)
        if queryset.query.is_empty():  # none(): the rule reads nothing of it
            return EMPTY
        if counted:
            queryset = queryset.order_by().values("pk")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if counted:
            sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 (compiled by Django)
        connection = connections[using]
        if connection.vendor != "postgresql" and any(type(m) is list for m in markers.values()):
            raise TypeError("A list is one parameter on PostgreSQL only (any_of).")
        adapted = [(_adapt(connection, marker), name) for name, marker in markers.items()]
        return compiler, sql, [(_argument_of(param, adapted), param) for param in params]


_statements = itertools.count(1)


class Prepared:
    """On PostgreSQL, each compiled query is also a prepared statement of the connection
    (PREPARE once, then EXECUTE): the database plans it from its text on every run otherwise,
    some 0.1 to 0.5 ms each, as long as the few rows it reads take. Prepared at the query's
    first run on a connection outside a transaction (a page's reads), in the same round
    trip as that run; PostgreSQL keeps it for the connection's life, through rollbacks, and
    plans it again after a change to a table it reads. A query PostgreSQL will not prepare (a
    parameter whose type it cannot tell) runs as plain SQL on that connection.
    DATABASE_PREPARED_STATEMENTS=false turns it off (behind a pooler that shares server
    connections between transactions)."""

    def __init__(self):
        # raw connection -> {statement: prepared (True), or run as plain SQL (False)}
        self._of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def execute(self, connection, cursor, statement: str, sql: str, params: list) -> list:
        state = self._state(connection, statement)
        if state is None:  # prepared with its first run outside a transaction, in one trip
            run = f"PREPARE {statement} AS {_numbered(sql)}; {_execute(statement, params)}"
            try:
                cursor.execute(run, params)
            except DatabaseError:  # not prepared: nothing else ran, nothing to undo
                self._of[connection.connection][statement] = False
            else:
                self._of[connection.connection][statement] = True
                return cursor.fetchall()
        if state:
            cursor.execute(_execute(statement, params), params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()

    def _state(self, connection, statement: str) -> bool | None:
        """True: prepared on this connection; None: to prepare now; False: plain SQL (not
        PostgreSQL, turned off, refused, or in a transaction, where a refusal would end it)."""
        if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
            return False
        state = self._of.setdefault(connection.connection, {}).get(statement)
        if state is None and connection.in_atomic_block:
            return False
        return state


def _execute(statement: str, params: list) -> str:
    return (
        f"EXECUTE {statement}({', '.join(['%s'] * len(params))})"
        if params
        else (f"EXECUTE {statement}")
    )


def _numbered(sql: str) -> str:
    """Django's %s placeholders as PostgreSQL's $1, $2, ... (a literal %% stays)."""
    count = iter(range(1, sql.count("%s") + 1))
    return re.sub(r"%%|%s", lambda m: m.group() if m.group() == "%%" else f"${next(count)}", sql)


_PREPARED = Prepared()


def _is_a_moment(param) -> bool:
    """A date or time, or one as SQLite takes it (text)."""
    return isinstance(param, date) or (isinstance(param, str) and bool(_MOMENT.match(param)))


def _argument_of(param, adapted: list[tuple]) -> str | None:
    """The name of the argument whose marker this parameter is, if any."""
    for marker, name in adapted:
        if type(param) is type(marker) and param == marker:
            return name
    return None


def _adapt(connection, value):
    """The value as the backend takes it as a parameter (SQLite takes a date as text)."""
    if type(value) is date:
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


_made: dict[tuple, CompiledQuery] = {}


def compiled(key: tuple, build: Callable[..., QuerySet]) -> CompiledQuery:
    """The CompiledQuery of this key (a name and what shapes the query: a role's rule, say),
    made on first use. A key names one query: its builder is only ever called once."""
    query = _made.get(key)
    if query is None:
        query = _made[key] = CompiledQuery(build)
    return query
