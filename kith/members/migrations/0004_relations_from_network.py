# Connection, Block and ConnectionEvent move here from kith.network (state only: the
# tables network_connection, network_block and network_connectionevent stay as they are).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("members", "0003_affinity_lookups"),
        ("network", "0005_relations_move_to_members"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Connection",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("member", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="connections", to=settings.AUTH_USER_MODEL)),
                        ("other", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "network_connection",
                        "indexes": [models.Index(fields=["member", "-created_at"], name="network_con_member__c443e5_idx")],
                        "constraints": [
                            models.UniqueConstraint(fields=("member", "other"), name="connection_unique_pair"),
                            models.CheckConstraint(condition=models.Q(("member", models.F("other")), _negated=True), name="connection_not_self"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Block",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("blocked", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="blocked_by", to=settings.AUTH_USER_MODEL)),
                        ("blocker", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="blocks", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "network_block",
                        "constraints": [
                            models.UniqueConstraint(fields=("blocker", "blocked"), name="block_unique_pair"),
                            models.CheckConstraint(condition=models.Q(("blocker", models.F("blocked")), _negated=True), name="block_not_self"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ConnectionEvent",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("kind", models.CharField(choices=[("added", "Connected"), ("removed", "Disconnected")], max_length=8)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("member_a", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("member_b", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "network_connectionevent"},
                ),
            ],
        )
    ]
