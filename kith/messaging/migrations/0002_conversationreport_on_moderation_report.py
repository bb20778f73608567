# The report itself now lives in moderation.Report (filed through network.actions.report_member);
# ConversationReport keeps only the conversation and its last messages. No data existed yet.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("messaging", "0001_initial"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ConversationReport"),
        migrations.CreateModel(
            name="ConversationReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("messages", models.JSONField(default=list)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "conversation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="messaging.conversation",
                    ),
                ),
                (
                    "report",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="conversation_context",
                        to="moderation.report",
                    ),
                ),
            ],
        ),
    ]
