import pytest
from django.conf import settings
from django.test import Client

from tests.cast import make_cast

real_stack = pytest.mark.skipif(
    settings.EMBEDDED,
    reason="needs REDIS_URL and DATABASE_URL (run by the second `make test` pass of .ci/run)",
)


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def client_for(cast):
    """A test client signed in as one of the cast (or anonymous)."""

    def make(role: str) -> Client:
        client = Client()
        person = cast.person(role)
        if person is not None:
            client.force_login(person)
        return client

    return make
