"""People search: what lives in ordinary tables.

The full-text index itself is vendor-specific and created by the migrations
(an FTS5 virtual table on SQLite, a tsvector table with a GIN index on
PostgreSQL); see :mod:`kith.search.backends`. Facets read the members tables
directly, so they are never stale.
"""

from django.db import models


class SearchCompany(models.Model):
    """A company name for typeahead, found by its folded key ("acme robotics")."""

    key = models.CharField(max_length=120, unique=True)
    name = models.CharField(max_length=120)

    def __str__(self) -> str:
        return self.name
