"""Versions of what is kept: what rarely changes is kept in the cache under a key that holds
the version of what it was made from; a change moves the version, and the old entries are never
read again (they expire on their own).

The versions live in the database, never in the cache, and move in the same transaction as
the write that changes what they cover (an UPDATE … SET value = value + 1 after the write,
from a signal or from the queryset that wrote): whoever reads the new rows reads the new
version, whoever reads the old version read the old rows, whatever the write path (forms,
the API, the admin, ORM saves, deletes, updates and bulk writes, many-to-many links,
management commands and Celery tasks), and a cache that lost or missed something cannot make
a page stale. Only raw SQL goes unseen: `manage.py forget_kept` moves every version.

A Generation is one named version (people and districts, the frameworks); a KeyedGeneration is
one version per district (the district's work), a column of the district row, so a page that
opens a district through the access layer has it without another query.
"""

import contextvars
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Greatest


def next_version(field: str = "value"):
    """The expression of a version's next value: one more, or the time in nanoseconds if that
    is larger, so that a version never takes a value again, even after a rollback or a
    database restored from a backup (whose kept parts would otherwise be read again)."""
    return Greatest(F(field) + 1, Value(time.time_ns()))


def first_version() -> int:
    """A new row's version (a district's work): never one that a removed row had."""
    return time.time_ns()


def _versions():
    return apps.get_model("districts", "KeptVersion").objects


# Within one request the named versions are read once, in one query (VersionsMiddleware);
# outside a request (a task, a command) every read asks the database.
_read_in_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "kept_versions", default=None
)


# What a request read of the cache through kept() (a part read twice, as the header's
# navigation is, is asked for once), and what it made, written in one round trip at its end.
_kept_in_request: contextvars.ContextVar["KeptInRequest | None"] = contextvars.ContextVar(
    "kept_in_request", default=None
)


class KeptInRequest:
    def __init__(self):
        self.read: dict = {}
        self.made: dict[int, dict] = {}  # by timeout: what to write

    def write(self) -> None:
        for timeout, values in self.made.items():
            cache.set_many(values, timeout)


class VersionsMiddleware:
    """Reads the named versions at most once a request, and forgets them after it; keeps
    what the request read through kept(), and writes what it made at its end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        in_request = KeptInRequest()
        kept_token = _kept_in_request.set(in_request)
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)
            _kept_in_request.reset(kept_token)
            in_request.write()


def _remember(memo: dict, pairs) -> None:
    memo.update((name, value or 0) for name, value in pairs)
    memo.setdefault("", 0)  # read, even if there are no versions yet


def versions_read(values: dict) -> None:
    """Versions read by another query of this request (the access query): the request reads
    them from there rather than asking again."""
    memo = _read_in_request.get()
    if memo is not None and not memo:
        _remember(memo, values.items())


class Generation:
    def __init__(self, name: str):
        self.name = name

    def current(self) -> int:
        memo = _read_in_request.get()
        if memo is not None:
            if not memo:
                _remember(memo, _versions().values_list("name", "value"))
            return memo.get(self.name, 0)
        value = _versions().filter(name=self.name).values_list("value", flat=True).first()
        return value or 0

    def bump(self) -> None:
        if not _versions().filter(name=self.name).update(value=next_version()):
            _versions().get_or_create(name=self.name, defaults={"value": time.time_ns()})
        memo = _read_in_request.get()
        if memo:
            memo.clear()  # read again after a change in this request

    def bump_on_change(self, *models, through=(), unless_only=frozenset()) -> None:
        """Move the version whenever a row of these models is saved or deleted, or a
        many-to-many relation (its `through` model) changes, including rows of the link
        table deleted directly; not for a save of only the fields in `unless_only` (a
        person's last sign-in, say)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        def changed(update_fields=None, **kwargs):
            if update_fields and set(update_fields) <= set(unless_only):
                return
            self.bump()

        for model in (*models, *through):
            uid = f"{self.name}:{model._meta.label}"
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for model in through:
            uid = f"{self.name}:{model._meta.label}:m2m"
            m2m_changed.connect(changed, sender=model, weak=False, dispatch_uid=uid)


class KeyedGeneration:
    """The version of each district's work: `District.work_version`. A change to one district
    moves that district's only; a page over many districts reads theirs in one query."""

    def current(self, key) -> int:
        return self.current_many([key]).get(key, 0)

    def current_many(self, keys) -> dict:
        district = apps.get_model("districts", "District")
        rows = district.with_trashed.filter(pk__in=list(keys))
        return dict(rows.values_list("pk", "work_version"))

    def bump(self, *keys) -> None:
        keys = {key for key in keys if key is not None}
        if keys:
            district = apps.get_model("districts", "District")
            district.with_trashed.filter(pk__in=keys).move_work_version()


def digest(value) -> str:
    """A short, stable name for a key made of many parts (a tuple of generations, say)."""
    return hashlib.md5(repr(value).encode(), usedforsecurity=False).hexdigest()


def part_of(key: str) -> str:
    """The name of the part a key keeps: its first word ("navigation:…"), or a template's
    part's name ("kept:header:…"), as WAYPOINT_KEPT_OFF names it."""
    name, _, rest = key.partition(":")
    return rest.partition(":")[0] if name == "kept" else name


def kept_off(name: str) -> bool:
    """Whether the part is switched off for a measurement (WAYPOINT_KEPT_OFF): made every
    time, never read from the cache nor written to it."""
    return name in settings.KEPT_OFF


def kept(key: str, make, timeout: int | None = None):
    """The value kept in the cache under `key` (which names the generations it depends on),
    made and kept when missing. `make` must not answer None. In a request, a key is asked of
    the cache once, and what is made is written at the request's end, in one round trip with
    the rest (VersionsMiddleware)."""
    if settings.KEPT_OFF and kept_off(part_of(key)):
        return make()
    timeout = settings.KEPT_TIMEOUT if timeout is None else timeout
    in_request = _kept_in_request.get()
    if in_request is None:
        value = cache.get(key)
        if value is None:
            value = make()
            cache.set(key, value, timeout)
        return value
    value = in_request.read.get(key)
    if value is None:
        value = cache.get(key)
    if value is None:
        value = make()
        in_request.made.setdefault(timeout, {})[key] = value
    in_request.read[key] = value
    return value
