"""People search: what lives in ordinary tables.

The full-text index itself is vendor-specific and created by the migrations
(an FTS5 virtual table on SQLite, a tsvector table with a GIN index on
PostgreSQL); see :mod:`kith.search.backends`. Result rows and facets read each
member's :class:`SearchCard`, rewritten with the member's index entry on commit
of every profile write, so a card is exactly as fresh as the text index.
"""

from django.db import models


class SearchCompany(models.Model):
    """A company name for typeahead, found by its folded key ("acme robotics")."""

    key = models.CharField(max_length=120, unique=True)
    name = models.CharField(max_length=120)

    def __str__(self) -> str:
        return self.name


class SearchCard(models.Model):
    """What ranking, visibility and facets need of one member, in one row (JSON,
    see ``TextBackend._card_sql``): one primary-key read per search candidate
    instead of five tables. Written by ``kith.search.backends`` only. No foreign
    key, like the text index: a leftover card is never shown, because results
    join back to the member."""

    profile_id = models.BigIntegerField(primary_key=True)
    data = models.TextField()

    def __str__(self) -> str:
        return f"card of member {self.profile_id}"


class SearchTerm(models.Model):
    """A word of members' names, headlines, positions, skills or schools (not the free
    "about" text), for "Did you mean …?": found by trigram similarity (a pg_trgm GIN
    index on PostgreSQL, the ``search_trigram`` table on SQLite; see
    ``TextBackend.similar_terms``). Added to as profiles are indexed, replaced by a
    rebuild; a word nobody uses any more stays until then, which is harmless, since a
    suggestion is only offered once a search for it finds someone the viewer may see."""

    term = models.CharField(max_length=40, primary_key=True)  # folded, as the index has it
    display = models.CharField(max_length=40)  # as a profile writes it: "Katharina", "Ångström"
    trigrams = models.PositiveSmallIntegerField()  # how many distinct trigrams the term has

    def __str__(self) -> str:
        return self.display
