# A report may be about any object (an invitation, a conversation, later posts and groups),
# not only an invitation; resolving records who resolved it and when.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def invitation_to_subject(apps, schema_editor):
    Report = apps.get_model("moderation", "Report")
    ContentType = apps.get_model("contenttypes", "ContentType")
    invitation_type, _ = ContentType.objects.get_or_create(app_label="network", model="invitation")
    Report.objects.filter(invitation__isnull=False).update(subject_type=invitation_type, subject_id=models.F("invitation_id"))
    Report.objects.filter(status="resolved", resolved_at__isnull=True).update(resolved_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('moderation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='resolution',
            field=models.TextField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name='report',
            name='resolved_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='report',
            name='resolved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='report',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='report',
            name='subject_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.RunPython(invitation_to_subject, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='report',
            name='invitation',
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['subject_type', 'subject_id'], name='moderation__subject_8f6c76_idx'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('resolved_at__isnull', True), ('status', 'open')), models.Q(('resolved_at__isnull', False), ('status', 'resolved')), _connector='OR'), name='report_resolved_has_time'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(('reporter', models.F('reported')), _negated=True), name='report_not_self'),
        ),
    ]
