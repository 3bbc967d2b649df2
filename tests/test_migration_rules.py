"""The rule for migrations in a rolling deploy (devtools/migration_rules.py): every new
migration keeps the previous release working (add, then use, then remove), and a migration
that would not is refused, naming what it does."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from devtools import migration_rules
from devtools.migration_rules import migration_problems, problems


def test_every_new_migration_keeps_the_previous_release_working():
    assert [str(problem) for problem in problems()] == []


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


def said(loader, *operations) -> list[str]:
    """What the rule says of these operations in a new migration of notifications, applied
    to the project as it is now."""
    return migration_problems("notifications", list(operations), loader.project_state())


@pytest.mark.parametrize(
    "operation, says",
    [
        (migrations.RemoveField("notice", "body"), "removes the column of notice.body"),
        (migrations.DeleteModel("Preference"), "deletes the table of Preference"),
        (
            migrations.RenameField("notice", "body", "text"),
            "renames the column notice.body to text",
        ),
        (migrations.RenameModel("Preference", "Choice"), "renames Preference to Choice"),
        (migrations.AlterModelTable("preference", "choices"), "moves preference to another"),
        (
            migrations.AddField("notice", "pinned", models.BooleanField(default=False)),
            "adds notice.pinned NOT NULL without a database default",
        ),
        (
            migrations.AlterField("notice", "read_at", models.DateTimeField()),
            "makes notice.read_at NOT NULL",
        ),
        (
            migrations.AlterField("notice", "key", models.CharField(max_length=20)),
            "changes the type of notice.key (varchar(200) to varchar(20))",
        ),
        (
            migrations.AlterField("notice", "key", models.TextField()),
            "changes the type of notice.key",
        ),
        (
            migrations.AddConstraint(
                "notice", models.UniqueConstraint(fields=["title"], name="one_title")
            ),
            "adds the unique constraint one_title to notice",
        ),
        (migrations.RunSQL("DROP TABLE notifications_notice"), "runs SQL"),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, str) else "",
)
def test_what_the_previous_release_would_not_survive_is_refused(loader, operation, says):
    found = said(loader, operation)
    assert len(found) == 1 and found[0].startswith(says), found


def test_what_the_previous_release_survives_passes(loader):
    assert (
        said(
            loader,
            migrations.AddField("notice", "pinned", models.BooleanField(db_default=False)),
            migrations.AddField("notice", "pinned_at", models.DateTimeField(null=True)),
            migrations.AlterField("notice", "key", models.CharField(max_length=255)),
            migrations.AddIndex("notice", models.Index(fields=["title"], name="notice_title")),
            migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
            # a table of the new release's own: the previous release never used it
            migrations.CreateModel("Bell", [("id", models.BigAutoField(primary_key=True))]),
            migrations.AddField("bell", "rung", models.BooleanField(default=False)),
            migrations.AlterField("bell", "rung", models.IntegerField(default=0)),
            migrations.RemoveField("bell", "rung"),
        )
        == []
    )


def synthetic(loader, app: str, name: str, *operations, safe: str = ""):
    """A migration added after the newest of `app`, as makemigrations would write it."""
    parent = next(key for key in loader.graph.leaf_nodes() if key[0] == app)
    attributes = {"dependencies": [parent], "operations": list(operations)}
    if safe:
        attributes["previous_release_safe"] = safe
    migration = type("Migration", (migrations.Migration,), attributes)(name, app)
    loader.graph.add_node((app, name), migration)
    loader.graph.add_dependency(migration, (app, name), parent)
    loader.disk_migrations[app, name] = migration
    return migration


def test_a_new_migration_that_drops_a_column_fails_the_check_and_make_lint(monkeypatch):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    synthetic(
        loader, "notifications", "0099_notice_drop_body", migrations.RemoveField("notice", "body")
    )
    found = [str(problem) for problem in problems(loader)]
    assert found == [
        "notifications.0099_notice_drop_body: removes the column of notice.body, which the "
        "previous release still reads: release the code without it first, then remove it"
    ]
    monkeypatch.setattr(migration_rules, "MigrationLoader", lambda *args, **kwargs: loader)
    with pytest.raises(CommandError) as refused:
        call_command("check_migrations")
    assert "notifications.0099_notice_drop_body: removes the column" in str(refused.value)


def test_a_migration_that_says_why_the_previous_release_is_safe_passes():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    synthetic(
        loader,
        "notifications",
        "0099_notice_drop_body",
        migrations.RemoveField("notice", "body"),
        safe="Notice.body has not been read or written since the release before this one.",
    )
    assert problems(loader) == []


def test_the_migrations_made_before_the_rule_are_not_checked(monkeypatch):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    synthetic(
        loader, "notifications", "0099_notice_drop_body", migrations.RemoveField("notice", "body")
    )
    monkeypatch.setitem(migration_rules.GRANDFATHERED, "notifications", 99)
    assert problems(loader) == []
    assert migration_rules.checked("notifications", "0100_next")
    assert migration_rules.checked("library", "0001_initial")  # an app with none before
