# Fold what existed into the queue: every report joins a queue item about its member and subject
# (a conversation report gets the conversation as its subject), and the network's standing
# restrictions (network.InvitationRestriction) become moderation restrictions of kind "standing",
# each with its queue item. Then make the audit log append-only in the database.

from django.db import migrations

KINDS = {("network", "invitation"): "invitation", ("messaging", "conversation"): "conversation"}

SQLITE = [
    """CREATE TRIGGER moderation_auditentry_no_update BEFORE UPDATE ON moderation_auditentry
       BEGIN SELECT RAISE(ABORT, 'the moderation audit log is append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS moderation_auditentry_no_update"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION moderation_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the moderation audit log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER moderation_auditentry_no_change BEFORE UPDATE OR DELETE ON moderation_auditentry
       FOR EACH ROW EXECUTE FUNCTION moderation_auditentry_append_only()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS moderation_auditentry_no_change ON moderation_auditentry",
    "DROP FUNCTION IF EXISTS moderation_auditentry_append_only()",
]


def fold_in(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    QueueItem = apps.get_model("moderation", "QueueItem")
    Restriction = apps.get_model("moderation", "Restriction")
    AuditEntry = apps.get_model("moderation", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    InvitationRestriction = apps.get_model("network", "InvitationRestriction")
    ConversationReport = apps.get_model("messaging", "ConversationReport")
    Profile = apps.get_model("members", "Profile")

    conversation_type, _ = ContentType.objects.get_or_create(app_label="messaging", model="conversation")
    for context in ConversationReport.objects.filter(conversation__isnull=False):
        Report.objects.filter(pk=context.report_id).update(subject_type=conversation_type, subject_id=context.conversation_id)

    items = {}
    for report in Report.objects.order_by("created_at"):
        subject_type = ContentType.objects.filter(pk=report.subject_type_id).first()
        kind = KINDS.get((subject_type.app_label, subject_type.model), "member") if subject_type else "member"
        status = "open" if report.status == "open" else "resolved"
        key = (report.reported_id, kind, report.subject_type_id, report.subject_id, status)
        item = items.get(key)
        if item is None:
            item = QueueItem.objects.create(
                member_id=report.reported_id, kind=kind, subject_type_id=report.subject_type_id, subject_id=report.subject_id,
                summary=f"Reported: {report.reason}", status=status, created_at=report.created_at, updated_at=report.created_at,
                resolved_at=report.resolved_at if status == "resolved" else None, resolved_by_id=report.resolved_by_id,
                resolution="dismiss" if status == "resolved" else "",
            )
            items[key] = item
        else:
            QueueItem.objects.filter(pk=item.pk).update(updated_at=report.created_at)
        Report.objects.filter(pk=report.pk).update(item=item)

    handles = dict(Profile.objects.values_list("pk", "handle"))
    for row in InvitationRestriction.objects.order_by("starts_at"):
        reason = (
            f"{row.declined_count} of your {row.answered_count} answered invitations were answered "
            "\"I don't know this person\" or reported as spam."
        )
        item = QueueItem.objects.create(
            member_id=row.member_id, kind="standing", summary=f"{row.declined_count} of {row.answered_count} answered invitations declined",
            created_at=row.starts_at, updated_at=row.starts_at,
        )
        entry = AuditEntry.objects.create(
            created_at=row.starts_at, action="standing", member_id=row.member_id, member_handle=handles.get(row.member_id, str(row.member_id)),
            item_id=item.pk, reason=reason, details={"declined": row.declined_count, "answered": row.answered_count},
        )
        Restriction.objects.create(
            member_id=row.member_id, kind="standing", reason=reason, starts_at=row.starts_at, ends_at=row.ends_at, action_id=entry.pk,
            item=item, details={"declined": row.declined_count, "answered": row.answered_count, "window_days": 30},
        )


def append_only(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def not_append_only(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0003_queue_restrictions_audit"),
        ("network", "0006_invitation_held"),
        ("messaging", "0002_conversationreport_on_moderation_report"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fold_in, migrations.RunPython.noop),
        migrations.RunPython(append_only, not_append_only),
    ]
