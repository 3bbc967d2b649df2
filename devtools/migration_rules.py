"""The rule for migrations in a rolling deploy (docs/operations.md, "Migrations that keep the
previous release working"): the migrate step runs while the previous release still serves,
and that release keeps serving on the migrated database until the new one has replaced it.
So a migration adds (a table, a column the previous release can leave out, an index), and the
code uses what it added in the same release or later; it never takes away or renames what
the previous release reads, nor makes the database refuse what that release writes. Those
come in steps: add, then use, then, a release after nothing reads the old any more, remove.

A migration that must break the rule anyway (the release before it no longer reads or
writes what it changes, or the deploy stops the old release first) says why in a
`previous_release_safe = "..."` attribute of its Migration class.

Checked by `manage.py check_migrations` (make lint) and tests/test_migration_rules.py, on
every migration numbered after those of GRANDFATHERED, which came before the rule."""

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED, UniqueConstraint

# Each app's newest migration when the rule came in (December 2026): these are not checked.
GRANDFATHERED = {
    "accounts": 7,
    "api": 4,
    "calendars": 1,
    "competencies": 3,
    "dashboards": 2,
    "districts": 8,
    "evidence": 3,
    "meetings": 9,
    "notifications": 11,
    "planning": 5,
    "reports": 4,
    "rubrics": 8,
}

ADD_THEN_USE = "add the new, use it, and remove the old a release later"


@dataclass(frozen=True)
class Problem:
    migration: str  # app_label.name
    says: str

    def __str__(self) -> str:
        return f"{self.migration}: {self.says}"


def project_apps() -> set[str]:
    """The labels of Waypoint's own apps (not Django's or a library's, even when the virtual
    environment lies in the project's folder)."""
    root = Path(settings.BASE_DIR).resolve()
    ours = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(root) and not {"site-packages", "dist-packages"} & set(path.parts):
            ours.add(config.label)
    return ours


def checked(app_label: str, name: str) -> bool:
    number = name.split("_", 1)[0]
    if not number.isdigit():
        return True
    return int(number) > GRANDFATHERED.get(app_label, 0)


def problems(loader: MigrationLoader | None = None) -> list[Problem]:
    """What every checked migration of Waypoint's apps does that the previous release would
    not survive."""
    loader = loader or MigrationLoader(None, ignore_no_migrations=True)
    ours = project_apps()
    found = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if app_label not in ours or not checked(app_label, name):
            continue
        if getattr(migration, "previous_release_safe", "").strip():
            continue
        state = loader.project_state((app_label, name), at_end=False)
        found += [
            Problem(f"{app_label}.{name}", says)
            for says in migration_problems(app_label, migration.operations, state)
        ]
    return found


def migration_problems(app_label: str, operations, state, new_models=None) -> list[str]:
    """What these operations, applied in order from `state` (the project before them), do
    to tables and columns the previous release uses. Tables made by the same migration are
    the new release's own: the previous release never used them."""
    found, new_models = [], set() if new_models is None else new_models
    for operation in operations:
        if isinstance(operation, ops.SeparateDatabaseAndState):
            found += migration_problems(
                app_label, operation.database_operations, state.clone(), new_models
            )
        elif target_model(operation) not in new_models:
            found += operation_problems(app_label, operation, state)
        if isinstance(operation, ops.CreateModel):
            new_models.add(operation.name_lower)
        operation.state_forwards(app_label, state)
    return found


def target_model(operation) -> str | None:
    return getattr(operation, "model_name_lower", None) or getattr(operation, "name_lower", None)


def operation_problems(app_label: str, operation, state) -> list[str]:
    model = getattr(operation, "model_name", None)
    if isinstance(operation, ops.RemoveField):
        return [
            f"removes the column of {model}.{operation.name}, which the previous release "
            "still reads: release the code without it first, then remove it"
        ]
    if isinstance(operation, ops.DeleteModel):
        return [
            f"deletes the table of {operation.name}, which the previous release still "
            "reads: release the code without it first, then delete it"
        ]
    if isinstance(operation, ops.RenameField):
        return [
            f"renames the column {model}.{operation.old_name} to {operation.new_name}, "
            f"which the previous release reads by its old name: {ADD_THEN_USE}"
        ]
    if isinstance(operation, ops.RenameModel):
        return [
            f"renames {operation.old_name} to {operation.new_name} (its table), which the "
            f"previous release reads by its old name: {ADD_THEN_USE}"
        ]
    if isinstance(operation, ops.AlterModelTable):
        return [f"moves {operation.name} to another table: {ADD_THEN_USE}"]
    if isinstance(operation, ops.AddField):
        return added_field_problems(model, operation.name, operation.field)
    if isinstance(operation, ops.AlterField):
        before = state.models[app_label, operation.model_name_lower].fields[operation.name]
        return altered_field_problems(model, operation.name, before, operation.field)
    if isinstance(operation, ops.AddConstraint) and isinstance(
        operation.constraint, UniqueConstraint
    ):
        return [
            f"adds the unique constraint {operation.constraint.name} to {model}, which the "
            "previous release's writes do not keep to"
        ]
    if isinstance(operation, ops.AlterUniqueTogether):
        before = state.models[app_label, operation.name_lower].options.get("unique_together")
        added = set(operation.option_value or ()) - set(before or ())
        if added:
            return [
                f"makes {sorted(added)} unique together on {operation.name}, which the "
                "previous release's writes do not keep to"
            ]
    if isinstance(operation, ops.RunSQL):
        return [
            "runs SQL, which this check cannot read: say in previous_release_safe why the "
            "previous release works on what it leaves"
        ]
    return []


def added_field_problems(model: str, name: str, field) -> list[str]:
    if field.many_to_many or field.null or getattr(field, "generated", False):
        return []
    if field.db_default is NOT_PROVIDED:
        return [
            f"adds {model}.{name} NOT NULL without a database default: the previous "
            "release's inserts leave it out and fail. Give it db_default=..., or null=True"
        ]
    return []


def altered_field_problems(model: str, name: str, before, after) -> list[str]:
    found = []
    if before.null and not after.null:
        found.append(
            f"makes {model}.{name} NOT NULL, which the previous release may still leave "
            "empty: give it db_default=... and fill it first, or keep it nullable"
        )
    if before.db_column != after.db_column:
        found.append(f"renames the column of {model}.{name}: {ADD_THEN_USE}")
    if not before.unique and after.unique:
        found.append(
            f"makes {model}.{name} unique, which the previous release's writes do not keep to"
        )
    if not (before.is_relation or after.is_relation) and not widened(before, after):
        found.append(
            f"changes the type of {model}.{name} ({before.db_type(connection)} to "
            f"{after.db_type(connection)}), which the previous release writes as before: "
            f"{ADD_THEN_USE}"
        )
    return found


def widened(before, after) -> bool:
    """The same column type, or a text column made longer: what the previous release writes
    still fits."""
    if before.db_type(connection) == after.db_type(connection):
        return True
    return (
        before.get_internal_type() == after.get_internal_type()
        and before.max_length is not None
        and after.max_length is not None
        and after.max_length >= before.max_length
    )
