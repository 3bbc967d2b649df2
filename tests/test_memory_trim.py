"""A web worker gives its C allocator's free pages back every so many requests
(config/memory.py, switched on by config/wsgi.py)."""

import ctypes

import pytest
from django.core.signals import request_finished

from config import memory


@pytest.fixture
def trims(monkeypatch):
    calls = []

    class FakeTrim:
        argtypes = None

        def __call__(self, pad):
            calls.append(pad)
            return 1

    monkeypatch.setattr(memory, "_malloc_trim", FakeTrim)
    yield calls
    request_finished.disconnect(dispatch_uid="config.memory.trim")


def test_trims_after_every_nth_request(trims):
    assert memory.trim_after_requests(every=3)
    for _ in range(7):
        request_finished.send(sender=None)
    assert trims == [0, 0]  # after the 3rd and the 6th


def test_the_environment_sets_how_often(trims, monkeypatch):
    monkeypatch.setenv("WEB_MALLOC_TRIM_EVERY", "2")
    assert memory.trim_after_requests()
    for _ in range(4):
        request_finished.send(sender=None)
    assert len(trims) == 2


def test_zero_turns_it_off(trims, monkeypatch):
    monkeypatch.setenv("WEB_MALLOC_TRIM_EVERY", "0")
    assert not memory.trim_after_requests()
    request_finished.send(sender=None)
    assert trims == []


def test_glibc_has_it_here():
    """This machine (Debian, glibc) has malloc_trim; the image (python:3.11-slim) too."""
    trim = memory._malloc_trim()
    assert trim is not None
    trim.argtypes = [ctypes.c_size_t]
    assert trim(0) in (0, 1)
