"""The vocabulary behind "Did you mean …?" (kith.search.models.SearchTerm) and its
trigram index: PostgreSQL's pg_trgm extension and a GIN index; on SQLite a
``search_trigram`` table. Filled for an existing index."""

from django.db import migrations, models


def create_term_index(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is None:
        return
    backend.create_term_schema()
    if backend.count():
        backend.rebuild_terms()


def drop_term_index(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        backend.drop_term_schema()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_searchcard")]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("term", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("display", models.CharField(max_length=40)),
                ("trigrams", models.PositiveSmallIntegerField()),
            ],
        ),
        migrations.RunPython(create_term_index, drop_term_index, elidable=False),
    ]
