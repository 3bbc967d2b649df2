"""Cache generations: what rarely changes is kept (in the cache, or in a process) under a key
that holds its generation; a change starts a new generation, and the old entries are never
read again (they expire on their own). The generation lives in Django's cache, so with Redis
every web worker sees a change at once.

A change starts a new generation when it is made and again when its transaction commits, so
that a request that read the old rows in between cannot keep them under the new generation.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


class Generation:
    def __init__(self, name: str):
        self.key = f"generation:{name}"

    def current(self) -> int:
        generation = cache.get(self.key)
        if generation is None:
            cache.add(self.key, time.time_ns(), None)
            generation = cache.get(self.key)
        return generation

    def bump(self) -> None:
        self._start()
        transaction.on_commit(self._start)

    def _start(self) -> None:
        cache.set(self.key, time.time_ns(), None)

    def bump_on_change(self, *models, through=(), unless_only=frozenset()) -> None:
        """Start a new generation whenever a row of these models is saved or deleted, or a
        many-to-many relation (its `through` model) changes; not for a save of only the
        fields in `unless_only` (a person's last sign-in, say)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        def changed(update_fields=None, **kwargs):
            if update_fields and set(update_fields) <= set(unless_only):
                return
            self.bump()

        for model in models:
            uid = f"{self.key}:{model._meta.label}"
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for model in through:
            uid = f"{self.key}:{model._meta.label}:m2m"
            m2m_changed.connect(changed, sender=model, weak=False, dispatch_uid=uid)


class KeyedGeneration:
    """A generation for each of many keys (say, each district's work): a change to one
    district starts a new generation of that district only, and a page over many districts
    reads all their generations in one round trip (current_many)."""

    def __init__(self, name: str):
        self.prefix = f"generation:{name}:"

    def current(self, key) -> int:
        return self.current_many([key])[key]

    def current_many(self, keys) -> dict:
        names = {f"{self.prefix}{key}": key for key in keys}
        found = cache.get_many(list(names))
        missing = [name for name in names if name not in found]
        if missing:
            now = time.time_ns()
            for name in missing:
                cache.add(name, now, None)
            found.update(cache.get_many(missing))
        return {names[name]: value for name, value in found.items()}

    def bump(self, *keys) -> None:
        keys = {key for key in keys if key is not None}
        if keys:
            self._start(keys)
            transaction.on_commit(lambda: self._start(keys))

    def _start(self, keys) -> None:
        now = time.time_ns()
        cache.set_many({f"{self.prefix}{key}": now for key in keys}, None)


def digest(value) -> str:
    """A short, stable name for a key made of many parts (a tuple of generations, say)."""
    return hashlib.md5(repr(value).encode(), usedforsecurity=False).hexdigest()


def kept(key: str, make, timeout: int | None = None):
    """The value kept in the cache under `key` (which names the generations it depends on),
    made and kept when missing. `make` must not answer None."""
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, settings.KEPT_TIMEOUT if timeout is None else timeout)
    return value
