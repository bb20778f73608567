# The audit log refuses DELETE on SQLite as it does on PostgreSQL (0004 refused only UPDATE there).
# Emptying the whole database (`kith flush`, the test runner between transactional tests) still
# works on both: PostgreSQL's TRUNCATE fires no row trigger, and on SQLite kith.moderation.apps
# lifts this trigger around flush's DELETE FROM and puts it back in the same transaction.

from django.db import migrations

NO_DELETE = "moderation_auditentry_no_delete"
CREATE = f"""CREATE TRIGGER IF NOT EXISTS {NO_DELETE} BEFORE DELETE ON moderation_auditentry
    BEGIN SELECT RAISE(ABORT, 'the moderation audit log is append-only'); END"""
DROP = f"DROP TRIGGER IF EXISTS {NO_DELETE}"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_fold_in_and_append_only")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
