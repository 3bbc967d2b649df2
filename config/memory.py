"""A web worker gives back to the system the memory its C allocator holds after requests.

What a request allocates outside Python's small-object allocator (a page's HTML, the kept
parts read from the cache, the database driver's buffers) is freed when the request ends, but
glibc's malloc keeps the freed pages in its heap for the next allocation; as the heap
fragments, a worker's resident memory climbs to a plateau it never leaves (measured in
docs/performance.md, "A web worker's memory at 13,000 districts"). `malloc_trim(0)` hands
those free pages back. It runs after every `WEB_MALLOC_TRIM_EVERY` requests (32 by default,
0 turns it off), so its cost (well under a millisecond on a heap of this size) is spread
thin. Only the web workers do this (`config/wsgi.py`); elsewhere, and on a C library without
`malloc_trim` (musl, macOS), nothing happens.
"""

import ctypes
import ctypes.util
import itertools
import os

from django.core.signals import request_finished


def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def trimmer(every: int, trim):
    """A receiver of request_finished that calls `trim(0)` after every `every` requests."""
    counter = itertools.count(1)

    def after_request(sender, **kwargs) -> None:
        if next(counter) % every == 0:
            trim(0)

    return after_request


def trim_after_requests(every: int | None = None) -> bool:
    """Give the allocator's free pages back after every `every` requests (the environment's
    WEB_MALLOC_TRIM_EVERY by default). Returns whether it was switched on."""
    if every is None:
        every = int(os.environ.get("WEB_MALLOC_TRIM_EVERY", "32"))
    trim = _malloc_trim() if every > 0 else None
    if trim is None:
        return False
    trim.argtypes = [ctypes.c_size_t]
    request_finished.connect(trimmer(every, trim), weak=False, dispatch_uid="config.memory.trim")
    return True
