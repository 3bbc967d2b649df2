"""Cache generations: what rarely changes is kept (in the cache, or in a process) under a key
that holds its generation; a change starts a new generation, and the old entries are never
read again (they expire on their own). The generation lives in Django's cache, so with Redis
every web worker sees a change at once.

A change starts a new generation when it is made and again when its transaction commits, so
that a request that read the old rows in between cannot keep them under the new generation.
"""

import time

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
