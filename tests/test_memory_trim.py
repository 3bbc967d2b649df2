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
