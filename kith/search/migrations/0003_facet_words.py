"""Facet values (city, industry, current and past companies, schools) become index
words, so filters intersect inside the full-text index: a new FTS5 column
``facets`` on SQLite; on PostgreSQL the words join tsv_open (no schema change).
Existing documents are rebuilt."""

from django.db import migrations


def add_facet_words(apps, schema_editor):
    from kith.search.backends import _BACKENDS

    backend = _BACKENDS.get(schema_editor.connection.vendor)
    if backend is None:
        return
    had_documents = backend.count() > 0
    if backend.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        backend.create_schema()
    if had_documents:
        backend.rebuild()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_names_index")]

    operations = [migrations.RunPython(add_facet_words, migrations.RunPython.noop, elidable=False)]
