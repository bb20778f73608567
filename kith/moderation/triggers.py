"""The audit log's no-delete trigger on SQLite, as migration 0005 created it (the migration keeps
its own copy: migrations are history), for the flush wrapper in kith.moderation.apps."""

NO_DELETE = "moderation_auditentry_no_delete"
CREATE = f"""CREATE TRIGGER IF NOT EXISTS {NO_DELETE} BEFORE DELETE ON moderation_auditentry
    BEGIN SELECT RAISE(ABORT, 'the moderation audit log is append-only'); END"""
DROP = f"DROP TRIGGER IF EXISTS {NO_DELETE}"
