"""How a transactional test's database is emptied at its end (the live-server browser tests,
the real-stack tests, every `django_db(transaction=True)` test), for the same outcome at a
fraction of the cost of Django's own way.

Django's TransactionTestCase ends with `manage.py flush`: on PostgreSQL one TRUNCATE of every
table, which makes a new file for each table and index (measured at 4 to 7 s a test on this
machine at a load of 8, against under a second to DELETE the same tables' rows); then, on both
stacks, the post_migrate signal, whose two receivers (contenttypes' create_contenttypes and
auth's create_permissions) make again, app by app in some two hundred queries, the content
types and permissions the flush has just deleted.

Here instead: every model's table emptied by DELETE (on SQLite Django's flush deletes too),
in one transaction with the foreign keys checked at its end, then those content types and
permissions put back as the database had them when the run made it (two INSERTs): the same
rows post_migrate makes, with the ids they had. Tests that ask for Django's other ways
(available_apps, serialized_rollback: none do today) keep Django's flush."""

from collections.abc import Callable

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from django.test import TransactionTestCase

# What post_migrate does after a flush: this module puts back exactly these receivers' rows.
RECEIVERS = {create_contenttypes, create_permissions}


def install() -> Callable[[], None]:
    """Keep the default database's content types and permissions, and end each transactional
    test with `empty` from now on; returns what puts Django's own teardown back."""
    receivers = set(post_migrate._live_receivers(None)[0])
    if receivers != RECEIVERS:  # another app reacts to post_migrate: keep Django's flush
        return lambda: None
    kept = list(ContentType.objects.order_by("pk")), list(Permission.objects.order_by("pk"))
    django_teardown = TransactionTestCase._fixture_teardown

    def teardown(test_case):
        if test_case.available_apps is not None or test_case.serialized_rollback:
            return django_teardown(test_case)
        for alias in test_case._databases_names(include_mirrors=False):
            empty(connections[alias], kept if alias == "default" else ((), ()))
        return None

    TransactionTestCase._fixture_teardown = teardown

    def uninstall() -> None:
        TransactionTestCase._fixture_teardown = django_teardown

    return uninstall


def empty(connection, kept) -> None:
    """Every model's table of `connection` emptied, then `kept` (content types, permissions)
    written back, all in one transaction."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    content_types, permissions = kept
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at the end.
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                # The model's own table names, quoted: no outside input.
                deletes = "; ".join(f"DELETE FROM {quote(table)}" for table in tables)  # noqa: S608
                cursor.execute(deletes)
            else:
                for sql in connection.ops.sql_flush(no_style(), tables):
                    cursor.execute(sql)
        ContentType.objects.using(connection.alias).bulk_create(content_types)
        Permission.objects.using(connection.alias).bulk_create(permissions)
    ContentType.objects.clear_cache()  # as create_contenttypes does
