"""A web worker gives its C allocator's free pages back every so many requests
(config/memory.py, switched on by config/wsgi.py)."""

import ctypes

import pytest
from django.core.signals import request_finished

from config import memory

UID = "config.memory.trim"


class FakeTrim:
    argtypes = None

    def __init__(self):
        self.calls = []

    def __call__(self, pad):
        self.calls.append(pad)
        return 1


def test_trims_after_every_nth_request():
    trim = FakeTrim()
    after_request = memory.trimmer(3, trim)
    for _ in range(7):
        after_request(sender=None)
    assert trim.calls == [0, 0]  # after the 3rd and the 6th


@pytest.fixture
def connected(monkeypatch):
    """What trim_after_requests connects, taken off request_finished again after the test."""
    made = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: made.append(FakeTrim()) or made[-1])
    yield made
    request_finished.disconnect(dispatch_uid=UID)


def test_the_environment_sets_how_often(connected, monkeypatch):
    monkeypatch.setenv("WEB_MALLOC_TRIM_EVERY", "2")
    assert memory.trim_after_requests()
    assert request_finished.disconnect(dispatch_uid=UID)  # it was connected


def test_zero_turns_it_off(connected, monkeypatch):
    monkeypatch.setenv("WEB_MALLOC_TRIM_EVERY", "0")
    assert not memory.trim_after_requests()
    assert not connected
    assert not request_finished.disconnect(dispatch_uid=UID)


def test_glibc_has_it_here():
    """This machine (Debian, glibc) has malloc_trim; the image (python:3.11-slim) too."""
    trim = memory._malloc_trim()
    assert trim is not None
    trim.argtypes = [ctypes.c_size_t]
    assert trim(0) in (0, 1)


# ---------------------------------------------------------------- the allocator's parameters


class FakeMallopt:
    argtypes = None

    def __init__(self, answer=1):
        self.calls = []
        self.answer = answer

    def __call__(self, parameter, value):
        self.calls.append((parameter, value))
        return self.answer


def test_by_default_glibcs_own_settings_stay(monkeypatch):
    mallopt = FakeMallopt()
    monkeypatch.setattr(memory, "_mallopt", lambda: mallopt)
    assert memory.tune_allocator({}) == {}
    assert mallopt.calls == []


def test_the_environment_sets_each_parameter(monkeypatch):
    mallopt = FakeMallopt()
    monkeypatch.setattr(memory, "_mallopt", lambda: mallopt)
    environ = {
        "WEB_MALLOC_MMAP_THRESHOLD": "65536",
        "WEB_MALLOC_TRIM_THRESHOLD": " 262144 ",
        "WEB_MALLOC_ARENA_MAX": "2",
    }
    assert memory.tune_allocator(environ) == {
        "WEB_MALLOC_MMAP_THRESHOLD": 65536,
        "WEB_MALLOC_TRIM_THRESHOLD": 262144,
        "WEB_MALLOC_ARENA_MAX": 2,
    }
    assert mallopt.calls == [(-3, 65536), (-1, 262144), (-8, 2)]
    assert mallopt.argtypes == [ctypes.c_int, ctypes.c_int]


def test_zero_leaves_glibcs_own_setting(monkeypatch):
    mallopt = FakeMallopt()
    monkeypatch.setattr(memory, "_mallopt", lambda: mallopt)
    assert memory.tune_allocator({"WEB_MALLOC_MMAP_THRESHOLD": "0"}) == {}
    assert mallopt.calls == []


def test_a_parameter_glibc_refuses_is_not_reported_as_set(monkeypatch):
    monkeypatch.setattr(memory, "_mallopt", lambda: FakeMallopt(answer=0))
    assert memory.tune_allocator({"WEB_MALLOC_ARENA_MAX": "2"}) == {}


@pytest.mark.parametrize("value", ["-1", "128k", "1.5"])
def test_a_value_that_is_not_a_count_is_refused_by_name(monkeypatch, value):
    mallopt = FakeMallopt()
    monkeypatch.setattr(memory, "_mallopt", lambda: mallopt)
    with pytest.raises(ValueError, match="WEB_MALLOC_MMAP_THRESHOLD must be a whole number"):
        memory.tune_allocator({"WEB_MALLOC_MMAP_THRESHOLD": value})
    assert mallopt.calls == []  # nothing set when one value is wrong


def test_nothing_happens_without_mallopt(monkeypatch):
    """musl or macOS: no mallopt, nothing set, no error."""
    monkeypatch.setattr(memory, "_mallopt", lambda: None)
    assert memory.tune_allocator({"WEB_MALLOC_ARENA_MAX": "2"}) == {}


def test_glibc_takes_them_here():
    """This machine's glibc (and the image's) has mallopt and answers 1 for a parameter it
    set (glibc's own arena bound here: the test process keeps it)."""
    assert memory._mallopt() is not None
    assert memory.tune_allocator({"WEB_MALLOC_ARENA_MAX": "16"}) == {"WEB_MALLOC_ARENA_MAX": 16}
