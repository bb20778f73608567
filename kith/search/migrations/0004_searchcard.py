"""Members' search cards (kith.search.models.SearchCard): one row per member with
what results, visibility and facets need, filled for an existing index."""

from django.db import migrations, models


def fill_cards(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None and backend.count():
        with schema_editor.connection.cursor() as cursor:
            backend._write_cards(cursor, None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_words"), ("members", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchCard",
            fields=[
                ("profile_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("data", models.TextField()),
            ],
        ),
        migrations.RunPython(fill_cards, migrations.RunPython.noop, elidable=False),
    ]
