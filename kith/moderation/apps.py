from django.apps import AppConfig

AUDIT_TABLE = "moderation_auditentry"


def _flush_past_the_audit_trigger() -> None:
    """SQLite's flush empties tables with DELETE FROM, which the audit log's no-delete trigger
    refuses (PostgreSQL's TRUNCATE fires no row trigger). Emptying the whole database is an
    operator's act, not the product's: lift the trigger around it, in flush's transaction."""
    from django.conf import settings

    if not any(db.get("ENGINE", "").endswith("sqlite3") for db in settings.DATABASES.values()):
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    from kith.moderation import triggers

    original = DatabaseOperations.sql_flush
    if getattr(original, "kith_audit", False):
        return

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if any(AUDIT_TABLE in statement for statement in sql):
            sql = [triggers.DROP + ";", *sql, triggers.CREATE + ";"]
        return sql

    sql_flush.kith_audit = True
    DatabaseOperations.sql_flush = sql_flush


class ModerationConfig(AppConfig):
    name = "kith.moderation"
    label = "moderation"

    def ready(self) -> None:
        from kith.core import navigation
        from kith.members import sign_in
        from kith.moderation import actions, gates, selectors

        sign_in.register(gates.sign_in_refusal)
        # A restricted or warned member's notice on every page, and the moderators' link.
        navigation.count("moderation_notice", selectors.unacknowledged_warnings, show=lambda member, n: selectors.notice_for(member, warned=n > 0))
        navigation.count("is_moderator", selectors.moderator_grants, show=lambda member, n: actions.is_moderator(member, grants=n))
        _flush_past_the_audit_trigger()
