"""A names-only full-text index (FTS5 table search_names / column tsv_name with
its GIN index): typeahead, and name matches found however common the word."""

from django.db import migrations


def add_names_index(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is None:
        return
    if backend.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_document ADD COLUMN IF NOT EXISTS tsv_name tsvector")
    backend.create_schema()
    if backend.count():
        backend.rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add_names_index, migrations.RunPython.noop, elidable=False)]
