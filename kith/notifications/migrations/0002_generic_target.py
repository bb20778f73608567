# Notifications point at any object (content type + id) instead of only an invitation, so
# the apps above this one (posts, groups…) can notify without this app importing them.
# Existing invitation notifications keep their invitation as target; those about a
# withdrawn or expired invitation were hidden and are now removed outright.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def invitation_to_target(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    invitation_type, _ = ContentType.objects.get_or_create(app_label="network", model="invitation")
    Notification.objects.filter(
        kind="invitation_received", invitation__status__in=["withdrawn", "expired"]
    ).delete()
    Notification.objects.filter(invitation__isnull=False).update(
        target_type=invitation_type, target_id=models.F("invitation_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0001_initial'),
        ('network', '0004_suggestion_dismissal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='actor_count',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name='notification',
            name='target_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='target_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.RunPython(invitation_to_target, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='notification',
            name='invitation',
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='notificationpreference',
            name='kind',
            field=models.CharField(max_length=40),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['target_type', 'target_id'], name='notificatio_target__1f2fb1_idx'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(('actor_count__gte', 1)), name='notification_actor_count_positive'),
        ),
    ]
