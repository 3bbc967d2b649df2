"""A web worker keeps the memory its C allocator holds after requests small.

What a request allocates outside Python's small-object allocator (a page's HTML, the kept
parts read from the cache, the database driver's buffers) is freed when the request ends, but
glibc's malloc keeps the freed pages in its heap for the next allocation; as the heap
fragments, a worker's resident memory climbs to a plateau it never leaves (measured in
docs/performance.md, "A web worker's memory at 13,000 districts"). Two measures, both only in
the web workers (`config/wsgi.py`), and neither anything on a C library without them (musl,
macOS):

- `tune_allocator()`, at the worker's start, sets glibc's malloc parameters (`mallopt`) that
  the environment gives (TUNINGS), e.g. a fixed threshold above which a block is its own
  mapping, given back to the system when it is freed (glibc's own starts at 128 KiB but rises
  to the size of every larger block freed). By default it sets none: measured, none of them
  lowered a worker's peak (docs/performance.md, "A web worker's allocator, set at its
  start"); they are there to be measured where a worker differs (threads: the arenas).
- `trim_after_requests()`: `malloc_trim(0)` hands the heap's free pages back after every
  `WEB_MALLOC_TRIM_EVERY` requests (32 by default, 0 turns it off), so its cost (well under
  a millisecond on a heap of this size) is spread thin.
"""

import ctypes
import ctypes.util
import itertools
import os
from dataclasses import dataclass

from django.core.signals import request_finished


@dataclass(frozen=True)
class Tuning:
    """One of glibc's malloc parameters, set from an environment variable: `0` leaves glibc's
    own setting."""

    variable: str
    parameter: int  # mallopt's number for it (glibc's malloc.h)
    default: int


# What docs/configuration.md lists; none set by default (docs/performance.md measured them).
TUNINGS = (
    Tuning("WEB_MALLOC_MMAP_THRESHOLD", -3, 0),  # M_MMAP_THRESHOLD, bytes
    Tuning("WEB_MALLOC_TRIM_THRESHOLD", -1, 0),  # M_TRIM_THRESHOLD, bytes
    Tuning("WEB_MALLOC_ARENA_MAX", -8, 0),  # M_ARENA_MAX, heaps for the threads
)


def _libc(function: str):
    """A function of the C library (glibc's malloc_trim, mallopt), or None where it has none."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):
        return None


def _malloc_trim():
    return _libc("malloc_trim")


def _mallopt():
    return _libc("mallopt")


def tunings(environ=os.environ) -> dict[str, int]:
    """Each tuning's value (its variable's, or its default), or ValueError for a variable
    that is not a whole number of zero or more."""
    values = {}
    for tuning in TUNINGS:
        raw = environ.get(tuning.variable, "").strip()
        try:
            value = int(raw) if raw else tuning.default
        except ValueError:
            value = -1
        if value < 0:
            raise ValueError(f"{tuning.variable} must be a whole number of 0 or more, not {raw!r}")
        values[tuning.variable] = value
    return values


def tune_allocator(environ=os.environ) -> dict[str, int]:
    """Set glibc's malloc parameters of TUNINGS that are not 0 (from the environment, or
    their defaults). Returns those set; none where the C library has no mallopt."""
    mallopt = _mallopt()
    if mallopt is None:
        return {}
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    parameters = {tuning.variable: tuning.parameter for tuning in TUNINGS}
    done = {}
    for variable, value in tunings(environ).items():
        if value and mallopt(parameters[variable], value) == 1:
            done[variable] = value
    return done


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
