import pytest
from django.conf import settings
from django.test import Client

from tests.cast import make_cast


def pytest_collection_modifyitems(items):
    """Browser tests run last: Playwright keeps an event loop in the main thread for the rest of
    the session, and Django's test client cannot call async views (/health/) beside it."""
    browser = [item for item in items if "tests/browser/" in str(item.path)]
    for item in browser:
        item.add_marker(pytest.mark.browser)
    items[:] = [item for item in items if item not in browser] + browser


real_stack = pytest.mark.skipif(
    settings.EMBEDDED,
    reason="needs REDIS_URL and DATABASE_URL (run by the second `make test` pass of .ci/run)",
)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's, with the test database copied from the run's template when there is
    one (tests/db_template.py): one migration run per `make test` and stack; a transactional
    test's database emptied at its end by tests/db_flush.py."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from tests import db_flush, db_template

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        if (
            django_db_use_migrations
            and not keepdb
            and db_template.enabled(aliases, serialized_aliases)
        ):
            config = db_template.setup(verbosity)
        else:
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
        undo_quick_flush = db_flush.install()
    yield
    undo_quick_flush()
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture(scope="module")
def kept_cast(django_db_setup, django_db_blocker):
    """The cast made once for a module of many tests that each undo what they write, as
    Django's TestCase.setUpTestData does: made in a transaction held around the module (each
    test's own transaction is a savepoint inside it, rolled back at the test's end) and rolled
    back after its last test. A module takes it with `cast = kept_cast_per_test` (below)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        held = transaction.atomic()
        held.__enter__()
        made = make_cast()
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        held.__exit__(None, None, None)


@pytest.fixture
def kept_cast_per_test(kept_cast, db):
    """The module's kept cast for one test, copied (as setUpTestData's objects are), so that
    what a test changes on the objects in memory never reaches the next test."""
    import copy

    return copy.deepcopy(kept_cast)


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


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: kept headers (districts.navigation) and
    throttle counts of another test's people (whose ids the database may reuse) must not
    leak in."""
    from django.core.cache import cache

    from config import cache as resilient

    resilient._failed_at = 0.0  # a test that took the cache down must not leave it "down"
    cache.clear()


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Unit tests run Celery tasks in-process, as the embedded default does, on either stack;
    tests/test_real_stack.py (which uses the `worker` fixture) proves the Redis path."""
    from celery._state import _set_task_join_will_block

    from config.celery_app import app

    if {"worker", "worker_processes"} & set(request.fixturenames):
        yield
        return
    # The app reads Django's settings under the CELERY_ namespace, so set the prefixed keys.
    saved = app.conf.CELERY_TASK_ALWAYS_EAGER, app.conf.CELERY_TASK_EAGER_PROPAGATES
    app.conf.CELERY_TASK_ALWAYS_EAGER = app.conf.CELERY_TASK_EAGER_PROPAGATES = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER, app.conf.CELERY_TASK_EAGER_PROPAGATES = saved
    # An eager apply_async sets Celery's process-wide "a join would block" flag and puts back
    # the value it found. Two threads doing so at once (tests/test_schedule.py's passes run
    # together) can put back the other's True, and every later `.apply().get()` in this
    # process then fails with "Never call result.get() within a task!".
    _set_task_join_will_block(False)


@pytest.fixture
def framework(db):
    """The district self-assessment rubric of seed 004, loaded from its data file."""
    from tests.rubric_helpers import load_rubric

    return load_rubric()


@pytest.fixture
def draft_round(cast, framework):
    """Riverside's draft round, opened by the lead, to be shared with coaches on submission."""
    from tests.rubric_helpers import open_round

    return open_round(cast.riverside, cast.lead, framework, "Fall 2026")


@pytest.fixture
def submitted_round(cast, framework):
    """A submitted round of Riverside shared with its coaches, every dimension at the first
    level."""
    from tests.rubric_helpers import submitted_round

    return submitted_round(
        cast.riverside, cast.lead, framework, title="Spring 2026", evidence="Board minutes of March"
    )
