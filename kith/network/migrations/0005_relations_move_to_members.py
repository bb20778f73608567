# Connection, Block and ConnectionEvent now belong to kith.members (the bottom layer, so
# access rules can read them without importing the network app). Only Django's model
# state moves: the tables, their rows, constraints and indexes stay exactly as they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0004_suggestion_dismissal"),
        ("members", "0002_inactive_users_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Connection"),
                migrations.DeleteModel(name="Block"),
                migrations.DeleteModel(name="ConnectionEvent"),
            ],
        )
    ]
