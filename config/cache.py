"""Django's Redis cache, made a convenience instead of a dependency.

- Every call has connect and socket timeouts of about a second (CACHE_TIMEOUT_SECONDS), so a
  frozen Redis cannot hold a request for long.
- A call that fails (Redis down, frozen, refusing) answers as a miss: reads find nothing,
  writes keep nothing, and the page is made from the database. After a failure the cache is
  left alone for a few seconds (CACHE_RETRY_SECONDS) instead of timing out on every call of
  every page; then it is tried again. `cache_is_degraded()` says whether that is so (for
  /health/).
- One redis.Redis client per connection pool: Django's client builds a new redis.Redis for
  every cache call, and building one (its table of response callbacks) costs more than the
  round trip to Redis. A redis.Redis is safe to share between threads (each command takes a
  connection from the pool) and after a fork (the pool notices the new process).

Nothing kept in the cache is needed for correctness: what is kept is keyed by versions that
live in the database (config.generations).
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

logger = logging.getLogger("waypoint.cache")

_failed_at = 0.0  # monotonic time of the last failure in this process


def cache_is_degraded() -> bool:
    return bool(_failed_at) and time.monotonic() - _failed_at < settings.CACHE_RETRY_SECONDS


def _fail(error: Exception) -> None:
    global _failed_at
    if not cache_is_degraded():
        logger.warning("Cache unreachable, pages are made uncached for a while: %s", error)
    _failed_at = time.monotonic()


def _recovered() -> None:
    global _failed_at
    if _failed_at:
        logger.info("Cache reachable again")
    _failed_at = 0.0


def _tolerant(default=None):
    """A cache method that answers `default` (a miss, nothing kept) when Redis fails, and
    does not try Redis while it is known to be failing."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if cache_is_degraded():
                return default() if callable(default) else default
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                _fail(error)
                return default() if callable(default) else default
            if _failed_at:
                _recovered()
            return result

        return call

    return decorate


_MISS = object()


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        timeout = settings.CACHE_TIMEOUT_SECONDS
        kwargs.setdefault("socket_connect_timeout", timeout)
        kwargs.setdefault("socket_timeout", timeout)
        kwargs.setdefault("retry_on_timeout", False)
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get(self, key, default=None, version=None):
        value = self._get(key, default, version)
        return default if value is _MISS else value

    @_tolerant(lambda: _MISS)
    def _get(self, key, default=None, version=None):
        return super().get(key, default, version)

    get_many = _tolerant(dict)(django_redis.RedisCache.get_many)
    has_key = _tolerant(False)(django_redis.RedisCache.has_key)
    set = _tolerant()(django_redis.RedisCache.set)
    set_many = _tolerant(list)(django_redis.RedisCache.set_many)
    add = _tolerant(False)(django_redis.RedisCache.add)
    touch = _tolerant(False)(django_redis.RedisCache.touch)
    delete = _tolerant(False)(django_redis.RedisCache.delete)
    delete_many = _tolerant()(django_redis.RedisCache.delete_many)
    clear = _tolerant(False)(django_redis.RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as error:
            _fail(error)
            raise ValueError(f"Key '{key}' not found (cache unreachable)") from error
