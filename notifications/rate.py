"""The mail provider's limit (EMAIL_RATE_PER_MINUTE), kept by every sender together.

A minute is cut into short windows, each allowed its share of the rate (at 3,000 a minute,
windows of a second with 50 emails each; at 200, windows of 1.2 s with 4). Before each email
a sender counts itself into the current window with one atomic increment in the cache
(Redis, shared by every worker); past the window's share it sleeps until the next window.
So however many workers send, no window has more than its share, and no minute more than the
rate plus one window's share (a minute counted across a window's edge). A token bucket in
the cache would keep the same limit with a read-modify-write per email (a Lua script);
windows need only INCR. Pacing each batch on its own (a sender sleeping between its emails)
would need to know how many senders run, which no sender does.

With the cache unreachable each process keeps windows of its own, each allowed the share
divided by EMAIL_SENDERS (the senders the sweep starts; at least one), so that together they
stay under the limit; the embedded default's cache is the process's own, where its one
sender sends.
"""

import math
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache

_local = Counter()  # window: emails counted in this process while the cache is unreachable


def window(rate: int) -> tuple[int, float]:
    """The share of each window and its length in seconds, for `rate` emails a minute."""
    share = max(1, math.ceil(rate / 60))
    return share, share * 60 / rate


def wait(until: float | None = None) -> bool:
    """Block until this sender may send one email; False, without waiting, when that would be
    after `until` (a time.monotonic() deadline): the sender stops and leaves the rest."""
    rate = settings.EMAIL_RATE_PER_MINUTE
    if rate <= 0:
        return True
    share, length = window(rate)
    while True:
        now = time.time()
        slot = int(now // length)
        key = f"mail-rate:{rate}:{slot}"
        cache.add(key, 0, timeout=math.ceil(length) + 60)
        try:
            allowed = cache.incr(key) <= share
        except ValueError:  # the cache unreachable (config.cache): this process's own count
            _local[slot] += 1
            allowed = _local[slot] <= max(1, share // max(1, settings.EMAIL_SENDERS))
            for old in [s for s in _local if s < slot]:
                del _local[old]
        if allowed:
            return True
        pause = (slot + 1) * length - now
        if until is not None and time.monotonic() + pause > until:
            return False
        time.sleep(pause)
