"""People search: the company names for typeahead, and the full-text index,
which is an FTS5 table on SQLite and a tsvector table with a GIN index on
PostgreSQL (see kith.search.backends)."""

from django.db import migrations, models


def create_text_index(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        backend.create_schema()


def drop_text_index(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        backend.drop_schema()


class Migration(migrations.Migration):
    initial = True

    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchCompany",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=120, unique=True)),
                ("name", models.CharField(max_length=120)),
            ],
        ),
        migrations.RunPython(create_text_index, drop_text_index, elidable=False),
    ]
