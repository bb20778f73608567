"""The full-text index behind people search: one interface, two backends.

Every profile is one document with three weighted parts: the name, the
headline, and a body (about, position titles and companies, skills, schools and
fields of study). A connections-only profile keeps its body apart ("closed"),
so a member who is not connected matches it on name and headline only — the
same two fields its limited card shows — and never on words they cannot see.

- :class:`SQLiteBackend`: an FTS5 table ``search_fts(name, headline, body,
  cbody)`` whose rowid is the member id; ``cbody`` holds the body of
  connections-only profiles. Relevance is ``bm25`` with name ×10, headline ×4.
- :class:`PostgresBackend`: a table ``search_document(profile_id, tsv_open,
  tsv_full)`` with a GIN index on ``tsv_open`` (name A, headline B, body C;
  the body left out for connections-only profiles, whose full vector is in
  ``tsv_full``). Relevance is ``ts_rank_cd``.

:func:`backend` picks one by ``connection.vendor``. Both take the same
:class:`TextQuery` (folded tokens, the last one a prefix) and answer
``[(member id, score)]`` where a higher score is more relevant.

Bounded work: :meth:`TextBackend.match` returns at most ``limit`` matches in
index order and scores only those, so a word found in half a million profiles
costs the same as one found in two thousand. Callers decide the limit.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import connection

from kith.core.sql import pg_array
from kith.members.models import Education, OpenTo, Position, Profile, ProfileSkill, Skill, User
from kith.search.models import SearchCard, SearchTerm
from kith.search.text import (
    SIMILARITY_THRESHOLD,
    display_words,
    facet_token,
    fold,
    pg_fold_sql,
    similarity,
    trigrams,
    words_match,
)

Scope = Literal["open", "full", "name"]


@dataclass(frozen=True)
class Filter:
    """SQL keeping some member ids.

    ``check`` tests one id ("{id}" stands for it: an EXISTS or IN over indexed
    columns); ``drive`` (optional) lists the ids outright, for searches without
    words, where it is cheaper to start from an index than to test every member.
    Both take ``params``.
    """

    check: str
    params: tuple = ()
    drive: str | None = None


@dataclass(frozen=True)
class TextQuery:
    """Folded search words; the last is matched as a prefix when ``prefix`` is set."""

    words: tuple[str, ...]
    prefix: bool = True
    # Facet filters as index words: each inner tuple is one facet's values (any of them).
    facets: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words)

    def with_facets(self, facets: tuple[tuple[str, ...], ...]) -> TextQuery:
        return TextQuery(self.words, self.prefix, facets)

    def parts(self) -> list[tuple[str, bool]]:
        # A one-letter prefix would expand to a large share of the vocabulary.
        last = len(self.words) - 1
        return [(w, self.prefix and i == last and len(w) >= 2) for i, w in enumerate(self.words)]


def _tables() -> dict[str, str]:
    return {
        "profile": Profile._meta.db_table,
        "position": Position._meta.db_table,
        "education": Education._meta.db_table,
        "profileskill": ProfileSkill._meta.db_table,
        "skill": Skill._meta.db_table,
        "opento": OpenTo._meta.db_table,
    }


class TextBackend:
    vendor = ""
    lookup_max = 0  # most ids match_within is asked to look up one by one

    # --- schema (called from the migration) ------------------------------------
    def create_schema(self) -> None:
        raise NotImplementedError

    def drop_schema(self) -> None:
        raise NotImplementedError

    # --- writes ----------------------------------------------------------------
    def rebuild(self) -> int:
        """Re-create every document from the members tables; returns how many."""
        raise NotImplementedError

    def index(self, ids: Sequence[int]) -> None:
        raise NotImplementedError

    def tidy(self) -> None:
        """After a rebuild has committed (outside any transaction)."""

    def remove(self, ids: Sequence[int]) -> None:
        raise NotImplementedError

    # --- reads -----------------------------------------------------------------
    def ids_sql(self, column: str, ids: Iterable[int]) -> tuple[str, list]:
        """SQL keeping ``column`` in ``ids``, with one parameter however many ids."""
        raise NotImplementedError

    def ids_filter(self, ids: Iterable[int]) -> Filter:
        raise NotImplementedError

    def match(
        self, query: TextQuery, *, scope: Scope, filters: Sequence[Filter] = (), limit: int, scan: int, scored: bool = False
    ) -> list[tuple[int, float]]:
        """Up to ``limit`` matches passing ``filters``, looking at no more than the
        first ``scan`` text matches in index order. Scores (higher is better) only
        when ``scored``; they cost a read per match and, on FTS5, a pass over the
        words' whole posting lists, so callers ask only for small match sets."""
        raise NotImplementedError

    def match_within(
        self, query: TextQuery, *, scope: Scope, ids: Sequence[int], filters: Sequence[Filter] = ()
    ) -> list[tuple[int, float]]:
        """Matches among ``ids``, unscored (a lookup each: for small sets, such as
        someone's connections)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    # How to make the planner use the partial index of deactivated accounts.
    INACTIVE_HINT = ""

    def inactive_among(self, ids: Sequence[int]) -> set[int]:
        """The deactivated accounts among ``ids`` (a probe each into the small
        partial index ``user_inactive_idx``: a join with the users table cost
        as much as reading the cards)."""
        if not ids:
            return set()
        fragment, params = self.ids_sql("id", ids)
        # "NOT is_active" as the index's condition is written.
        sql = f"SELECT id FROM {User._meta.db_table} {self.INACTIVE_HINT} WHERE NOT is_active AND {fragment}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {int(pid) for (pid,) in cursor.fetchall()}

    # --- the vocabulary behind "Did you mean …?" (kith.search.models.SearchTerm) --
    TERM_LENGTHS = (3, 40)  # shorter words are initials or still being typed

    def create_term_schema(self) -> None:
        """The trigram index over ``SearchTerm`` (called from the migration)."""
        raise NotImplementedError

    def drop_term_schema(self) -> None:
        raise NotImplementedError

    def _term_sources(self, ids: Sequence[int] | None) -> list[tuple[str, list]]:
        """Queries of one text column each: the fields the vocabulary is made of, for
        ``ids`` (every distinct value in the community when None)."""
        t = _tables()
        sources = [
            ("name", "profile", "user_id"), ("headline", "profile", "user_id"),
            ("title", "position", "profile_id"), ("company", "position", "profile_id"),
            ("school", "education", "profile_id"), ("field", "education", "profile_id"),
        ]
        queries: list[tuple[str, list]] = []
        for column, table, owner in sources:
            if ids is None:
                queries.append((f"SELECT DISTINCT {column} FROM {t[table]}", []))
            else:
                fragment, params = self.ids_sql(owner, ids)
                queries.append((f"SELECT {column} FROM {t[table]} WHERE {fragment}", params))
        if ids is None:
            queries.append((f"SELECT s.name FROM {t['skill']} s", []))
        else:
            fragment, params = self.ids_sql("ps.profile_id", ids)
            queries.append((f"SELECT s.name FROM {t['profileskill']} ps JOIN {t['skill']} s ON s.id = ps.skill_id WHERE {fragment}", params))
        return queries

    def _collect_terms(self, ids: Sequence[int] | None) -> dict[str, str]:
        shortest, longest = self.TERM_LENGTHS
        found: dict[str, str] = {}
        with connection.cursor() as cursor:
            for sql, params in self._term_sources(ids):
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(50_000):
                    for (text,) in rows:
                        for term, written in display_words(text).items():
                            if shortest <= len(term) <= longest and not term.isdigit() and term not in found:
                                found[term] = written
        return found

    def index_terms(self, ids: Sequence[int]) -> None:
        """Add the words of these members' profiles that the vocabulary lacks."""
        if not ids:
            return
        found = self._collect_terms(ids)
        known = set(SearchTerm.objects.filter(term__in=list(found)).values_list("term", flat=True))
        self._add_terms({term: written for term, written in found.items() if term not in known})

    def rebuild_terms(self) -> int:
        """Replace the vocabulary with the words of every profile; returns how many."""
        found = self._collect_terms(None)
        self._clear_terms()
        self._add_terms(found)
        return len(found)

    def _clear_terms(self) -> None:
        SearchTerm.objects.all().delete()

    def _add_terms(self, terms: dict[str, str]) -> None:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term, display=written[:40], trigrams=len(trigrams(term))) for term, written in terms.items()],
            ignore_conflicts=True,
            batch_size=5000,
        )

    def terms_without_trigrams(self) -> int:
        """How many vocabulary words the trigram index cannot find (for ``kith doctor``)."""
        return 0  # PostgreSQL's GIN index covers every row

    SIMILAR_CANDIDATES = 50

    def similar_terms(self, word: str, *, limit: int) -> list[tuple[str, str, float]]:
        """Up to ``limit`` vocabulary words like ``word`` (not ``word`` itself), as
        ``(term, display, similarity)``, most similar first (then alphabetical): pg_trgm's
        similarity of at least ``SIMILARITY_THRESHOLD``, computed in Python on both
        backends so they agree to the last digit."""
        found = [
            (term, written, similarity(word, term))
            for term, written in self._similar_candidates(word)
            if term != word
        ]
        found = [f for f in found if f[2] >= SIMILARITY_THRESHOLD]
        found.sort(key=lambda f: (-f[2], f[0]))
        return found[:limit]

    def _similar_candidates(self, word: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    # --- shared ----------------------------------------------------------------
    def _body_sql(self, agg: str) -> str:
        """SQL for one member's searchable body: about, positions, skills, schools."""
        t = _tables()
        return (
            f"p.about || ' ' || "
            f"COALESCE((SELECT {agg}(x.title || ' ' || x.company, ' ') FROM {t['position']} x WHERE x.profile_id = p.user_id), '') || ' ' || "
            f"COALESCE((SELECT {agg}(s.name, ' ') FROM {t['profileskill']} ps JOIN {t['skill']} s ON s.id = ps.skill_id "
            f"WHERE ps.profile_id = p.user_id), '') || ' ' || "
            f"COALESCE((SELECT {agg}(e.school || ' ' || e.field, ' ') FROM {t['education']} e WHERE e.profile_id = p.user_id), '')"
        )

    def _facets_sql(self, token: str, agg: str) -> str:
        """SQL for one member's facet words; ``token`` formats (kind SQL, value SQL)."""
        t = _tables()
        location = token.format(kind="'location'", value="p.city")
        industry = token.format(kind="'industry'", value="p.industry")
        position = token.format(kind="CASE WHEN x.is_current THEN 'company' ELSE 'past_company' END", value="x.company")
        school = token.format(kind="'school'", value="e.school")
        return (
            f"{location} || ' ' || {industry} || ' ' || "
            f"COALESCE((SELECT {agg}({position}, ' ') FROM {t['position']} x WHERE x.profile_id = p.user_id), '') || ' ' || "
            f"COALESCE((SELECT {agg}({school}, ' ') FROM {t['education']} e WHERE e.profile_id = p.user_id), '')"
        )

    # JSON functions: an array, an aggregate into an array, and how a JSON value
    # nests into another (SQLite loses the JSON subtype through a subquery).
    JSON_ARRAY = "json_array"
    JSON_GROUP = "json_group_array"
    JSON_NESTED = "json({})"

    def _card_sql(self, where: str) -> str:
        """INSERT of members' cards (see :class:`kith.search.models.SearchCard`):
        [name, visibility, completeness, city, region, country, industry, headline,
        [[current company, title]…], [past company…], [school…],
        [[open-to kind, audience, hide from current company]…]]."""
        t = _tables()
        array, group = self.JSON_ARRAY, self.JSON_GROUP

        def listed(value: str, table: str, condition: str = "") -> str:
            rows = f"SELECT {group}({value}) FROM {t[table]} f WHERE f.profile_id = p.user_id{condition}"
            return self.JSON_NESTED.format(f"COALESCE(({rows}), '[]')")

        parts = ", ".join(
            [
                "p.name, p.visibility, p.completeness, p.city, p.region, p.country, p.industry, p.headline",
                listed(f"{array}(f.company, f.title)", "position", " AND f.is_current"),
                listed("f.company", "position", " AND NOT f.is_current"),
                listed("f.school", "education"),
                listed(f"{array}(f.kind, f.audience, f.hide_from_current_company)", "opento"),
            ]
        )
        return f"INSERT INTO {SearchCard._meta.db_table} (profile_id, data) SELECT p.user_id, {array}({parts}) FROM {t['profile']} p {where}"

    def _write_cards(self, cursor, ids: Sequence[int] | None) -> None:
        """Replace the cards of ``ids`` (every member's when None)."""
        table = SearchCard._meta.db_table
        if ids is None:
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(self._card_sql(""))
            return
        fragment, params = self.ids_sql("profile_id", ids)
        cursor.execute(f"DELETE FROM {table} WHERE {fragment}", params)
        fragment, params = self.ids_sql("p.user_id", ids)
        cursor.execute(self._card_sql(f"WHERE {fragment}"), params)

    def _remove_cards(self, cursor, ids: Sequence[int]) -> None:
        fragment, params = self.ids_sql("profile_id", ids)
        cursor.execute(f"DELETE FROM {SearchCard._meta.db_table} WHERE {fragment}", params)

    @staticmethod
    def _checks(filters: Sequence[Filter], column: str) -> tuple[str, list]:
        sql, params = [], []
        for f in filters:
            sql.append(" AND " + f.check.replace("{id}", column))
            params.extend(f.params)
        return "".join(sql), params


class SQLiteBackend(TextBackend):
    vendor = "sqlite"
    lookup_max = 500  # an FTS5 lookup by rowid costs ~40 µs
    # bm25 weights for name, headline, body, cbody.
    WEIGHTS = "10.0, 4.0, 1.0, 1.0, 0.0"
    COLUMNS: dict[str, str] = {"open": "{name headline body}", "full": "{name headline body cbody}"}
    INACTIVE_HINT = "INDEXED BY user_inactive_idx"  # SQLite prefers rowid lookups: 10x slower
    TOKEN = "kith_facet({kind}, {value})"

    def create_schema(self) -> None:
        with connection.cursor() as cursor:
            # detail=column: no phrase queries (queries are single words), a
            # smaller index. search_names: names alone, for typeahead and so a
            # name match is found however common the word is elsewhere.
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                "name, headline, body, cbody, facets, "
                "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column)"
            )
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_names USING fts5("
                "name, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column)"
            )

    def drop_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_fts")
            cursor.execute("DROP TABLE IF EXISTS search_names")

    def create_term_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS search_trigram (trigram TEXT NOT NULL, term TEXT NOT NULL, "
                "PRIMARY KEY (trigram, term)) WITHOUT ROWID"
            )

    def drop_term_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_trigram")

    def _clear_terms(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_trigram")
        super()._clear_terms()

    def _add_terms(self, terms: dict[str, str]) -> None:
        super()._add_terms(terms)
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR IGNORE INTO search_trigram (trigram, term) VALUES (%s, %s)",
                [(gram, term) for term in terms for gram in trigrams(term)],
            )

    def terms_without_trigrams(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {SearchTerm._meta.db_table} t WHERE t.trigrams <> "
                "(SELECT COUNT(*) FROM search_trigram g WHERE g.term = t.term)"
            )
            return int(cursor.fetchone()[0])

    def _similar_candidates(self, word):
        # Words sharing enough trigrams to reach the threshold even if they had no others.
        grams = sorted(trigrams(word))
        least = max(1, math.ceil(SIMILARITY_THRESHOLD * len(grams) - 1e-9))
        marks = ", ".join(["%s"] * len(grams))
        sql = (
            f"SELECT t.term, t.display, m.shared, t.trigrams FROM (SELECT term, COUNT(*) AS shared FROM search_trigram "
            f"WHERE trigram IN ({marks}) GROUP BY term HAVING COUNT(*) >= %s) m JOIN {SearchTerm._meta.db_table} t ON t.term = m.term"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*grams, least])
            rows = cursor.fetchall()
        rows = [r for r in rows if r[2] >= SIMILARITY_THRESHOLD * (len(grams) + r[3] - r[2])]
        rows.sort(key=lambda r: (-r[2] / (len(grams) + r[3] - r[2]), r[0]))
        return [(term, written) for term, written, _, _ in rows[: self.SIMILAR_CANDIDATES]]

    def _insert_sql(self, where: str) -> str:
        t = _tables()
        return (
            "INSERT INTO search_fts(rowid, name, headline, body, cbody, facets) "
            "SELECT id, name, headline, CASE WHEN vis = 'connections' THEN '' ELSE body END, "
            "CASE WHEN vis = 'connections' THEN body ELSE '' END, facets FROM ("
            f"SELECT p.user_id AS id, p.name AS name, p.headline AS headline, p.visibility AS vis, "
            f"{self._body_sql('group_concat')} AS body, {self._facets_sql(self.TOKEN, 'group_concat')} AS facets "
            f"FROM {t['profile']} p {where})"
        )

    @staticmethod
    def _register() -> None:
        connection.ensure_connection()
        connection.connection.create_function("kith_facet", 2, lambda kind, value: facet_token(kind, value or ""), deterministic=True)

    def _insert_names_sql(self, where: str) -> str:
        return f"INSERT INTO search_names(rowid, name) SELECT p.user_id, p.name FROM {_tables()['profile']} p {where}"

    def rebuild(self) -> int:
        self._register()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_names")
            cursor.execute(self._insert_sql("ORDER BY p.user_id"))
            cursor.execute(self._insert_names_sql("ORDER BY p.user_id"))
            self._write_cards(cursor, None)
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_names(search_names) VALUES ('optimize')")
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            return int(cursor.fetchone()[0])

    def index(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        self.remove(ids)
        self._register()
        where = "WHERE p.user_id IN (SELECT value FROM json_each(%s))"
        with connection.cursor() as cursor:
            cursor.execute(self._insert_sql(where), [json.dumps([int(i) for i in ids])])
            cursor.execute(self._insert_names_sql(where), [json.dumps([int(i) for i in ids])])
            self._write_cards(cursor, ids)

    def remove(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_names"):
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])])
            self._remove_cards(cursor, ids)

    def ids_sql(self, column: str, ids: Iterable[int]) -> tuple[str, list]:
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])]

    def ids_filter(self, ids: Iterable[int]) -> Filter:
        data = json.dumps([int(i) for i in ids])
        return Filter("{id} IN (SELECT value FROM json_each(%s))", (data,), "SELECT value FROM json_each(%s)")

    def _source(self, query: TextQuery, scope: Scope) -> tuple[str, str, str]:
        """(table, MATCH expression, score SQL) for a scope."""
        terms = " AND ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in query.parts())
        if scope == "name":
            if query.facets:
                raise ValueError("the names index holds no facets")
            return "search_names", terms, "-bm25(search_names)"
        parts = [f"{self.COLUMNS[scope]} : ({terms})"] if terms else []
        if query.facets:
            groups = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in query.facets)
            parts.append(f"{{facets}} : ({groups})")
        return "search_fts", " AND ".join(parts), f"-bm25(search_fts, {self.WEIGHTS})"

    def match(self, query, *, scope, filters=(), limit, scan, scored=False):
        table, expression, score = self._source(query, scope)
        checks, params = self._checks(filters, "m.id")
        # The LIMIT keeps the subquery from being flattened: filters run on its
        # output, never as per-rowid lookups into the FTS table.
        sql = (
            f"SELECT m.id, m.score FROM (SELECT rowid AS id, {score if scored else '0.0'} AS score FROM {table} "
            f"WHERE {table} MATCH %s LIMIT %s) m WHERE 1 = 1{checks} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, int(scan), *params, int(limit)])
            return [(int(i), float(s)) for i, s in cursor.fetchall()]

    def match_within(self, query, *, scope, ids, filters=()):
        # FTS5 answers MATCH by reading each word's whole posting list, even with a
        # rowid given (20-120 ms for a common word at a million members), so the few
        # documents are read by rowid and their words matched here, as FTS5 would.
        if not ids:
            return []
        if scope == "name":
            raise ValueError("match_within searches documents, not the names index")
        columns = {"open": "f.name, f.headline, f.body", "full": "f.name, f.headline, f.body, f.cbody"}[scope]
        checks, params = self._checks(filters, "f.rowid")
        sql = f"SELECT f.rowid, f.facets, {columns} FROM json_each(%s) j CROSS JOIN search_fts f WHERE f.rowid = j.value{checks}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps([int(i) for i in ids]), *params])
            rows = cursor.fetchall()
        parts = query.parts()
        found = []
        for rowid, facets, *texts in rows:
            facet_words = set(facets.split())
            if not all(facet_words.intersection(group) for group in query.facets):
                continue
            if words_match(parts, " ".join(fold(text) for text in texts)):
                found.append((int(rowid), 0.0))
        return found

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            return int(cursor.fetchone()[0])


class PostgresBackend(TextBackend):
    vendor = "postgresql"
    lookup_max = 5000  # a primary-key probe and a tsvector test
    JSON_ARRAY = "json_build_array"
    JSON_GROUP = "json_agg"
    JSON_NESTED = "{}::json"

    def create_schema(self) -> None:
        with connection.cursor() as cursor:
            # No foreign key to the profile on purpose: Django's test flush
            # truncates the members tables without CASCADE. Queries join back to
            # the profile, so a leftover document can never be shown.
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS search_document ("
                "profile_id bigint PRIMARY KEY, tsv_name tsvector, tsv_open tsvector NOT NULL, tsv_full tsvector)"
            )
            self._create_indexes(cursor)

    @staticmethod
    def _create_indexes(cursor) -> None:
        cursor.execute("CREATE INDEX IF NOT EXISTS search_document_open_gin ON search_document USING gin (tsv_open)")
        cursor.execute("CREATE INDEX IF NOT EXISTS search_document_name_gin ON search_document USING gin (tsv_name)")

    def drop_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_document")

    def create_term_schema(self) -> None:
        with connection.cursor() as cursor:
            # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS search_term_trgm ON {SearchTerm._meta.db_table} USING gin (term gin_trgm_ops)"
            )

    def drop_term_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_term_trgm")

    def rebuild_terms(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_term_trgm")
        count = super().rebuild_terms()
        self.create_term_schema()
        return count

    def _clear_terms(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {SearchTerm._meta.db_table}")

    def _similar_candidates(self, word):
        with connection.cursor() as cursor:
            # The threshold "%" uses (pg_trgm's default, set in case the server's differs).
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(SIMILARITY_THRESHOLD)])
            cursor.execute(
                f"SELECT term, display FROM {SearchTerm._meta.db_table} WHERE term %% %s "
                "ORDER BY similarity(term, %s) DESC, term LIMIT %s",
                [word, word, self.SIMILAR_CANDIDATES],
            )
            return cursor.fetchall()

    def _insert_sql(self, where: str) -> str:
        t = _tables()
        name = f"to_tsvector('simple', {pg_fold_sql('name')})"
        head = f"setweight({name}, 'A') || setweight(to_tsvector('simple', {pg_fold_sql('headline')}), 'B')"
        body = (
            f"setweight(to_tsvector('simple', {pg_fold_sql('body')}), 'C') || "
            "to_tsvector('simple', facets)"
        )
        token = "CASE WHEN {value} = '' THEN '' ELSE 'f' || substr(md5({kind} || ':' || {value}), 1, 15) END"
        return (
            "INSERT INTO search_document (profile_id, tsv_name, tsv_open, tsv_full) "
            f"SELECT id, {name}, CASE WHEN vis = 'connections' THEN {head} ELSE {head} || {body} END, "
            f"CASE WHEN vis = 'connections' THEN {head} || {body} ELSE NULL END FROM ("
            f"SELECT p.user_id AS id, p.name AS name, p.headline AS headline, p.visibility AS vis, "
            f"{self._body_sql('string_agg')} AS body, {self._facets_sql(token, 'string_agg')} AS facets "
            f"FROM {t['profile']} p {where}) doc "
            "ON CONFLICT (profile_id) DO UPDATE SET tsv_name = EXCLUDED.tsv_name, tsv_open = EXCLUDED.tsv_open, "
            "tsv_full = EXCLUDED.tsv_full"
        )

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_document")
            cursor.execute("DROP INDEX IF EXISTS search_document_open_gin")
            cursor.execute("DROP INDEX IF EXISTS search_document_name_gin")
            cursor.execute(self._insert_sql(""))
            self._write_cards(cursor, None)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            self._create_indexes(cursor)
            cursor.execute("ANALYZE search_document")
            cursor.execute("SELECT COUNT(*) FROM search_document")
            return int(cursor.fetchone()[0])

    def tidy(self) -> None:
        # Sets the rows' hint bits and visibility map once, instead of on the first
        # searches to read each page, and refreshes the planner's word statistics.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE search_document, {SearchCard._meta.db_table}, {SearchTerm._meta.db_table}")

    def index(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(self._insert_sql("WHERE p.user_id = ANY(%s::bigint[])"), [pg_array(ids)])
            self._write_cards(cursor, ids)

    def remove(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE profile_id = ANY(%s::bigint[])", [pg_array(ids)])
            self._remove_cards(cursor, ids)

    def ids_sql(self, column: str, ids: Iterable[int]) -> tuple[str, list]:
        return f"{column} = ANY(%s::bigint[])", [pg_array(ids)]

    def ids_filter(self, ids: Iterable[int]) -> Filter:
        data = pg_array(ids)
        return Filter("{id} = ANY(%s::bigint[])", (data,), "SELECT unnest(%s::bigint[])")

    @staticmethod
    def expression(query: TextQuery) -> str:
        terms = []
        for word, prefix in query.parts():
            terms.append(f"'{word}'" + (":*" if prefix else ""))
        for group in query.facets:
            terms.append("(" + " | ".join(f"'{t}'" for t in group) + ")")
        return " & ".join(terms)

    @staticmethod
    def _vector(scope: Scope) -> str:
        return {"name": "d.tsv_name", "open": "d.tsv_open", "full": "COALESCE(d.tsv_full, d.tsv_open)"}[scope]

    # Words matching at least this share of a sample of documents are common: with
    # facets, the index is asked for the facet values only and the words are checked
    # on the rows (GIN reads every posting of every term before a LIMIT applies).
    COMMON_SHARE = 0.05
    SAMPLE = 2000
    COMMON_TTL = 600.0  # seconds

    def __init__(self) -> None:
        self._common_seen: dict[str, tuple[bool, float]] = {}

    def _common(self, query: TextQuery) -> bool:
        """Whether the words are common, from a sample; remembered for a while by this
        process (either answer gives the same matches, only the plan differs)."""
        words = self.expression(TextQuery(query.words, query.prefix))
        now = time.monotonic()
        known = self._common_seen.get(words)
        if known is not None and now - known[1] < self.COMMON_TTL:
            return known[0]
        if len(self._common_seen) > 10_000:
            self._common_seen.clear()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE tsv_open @@ to_tsquery('simple', %s)) "
                "FROM (SELECT tsv_open FROM search_document LIMIT %s) s",
                [words, self.SAMPLE],
            )
            sampled, matched = cursor.fetchone()
        common = bool(sampled) and matched >= self.COMMON_SHARE * sampled
        self._common_seen[words] = (common, now)
        return common

    def match(self, query, *, scope, filters=(), limit, scan, scored=False):
        if scope == "full":
            raise ValueError("the full scope is only searched within given ids (match_within)")
        vector = self._vector(scope)
        checks, params = self._checks(filters, "m.id")
        score = f"ts_rank_cd({vector}, q)" if scored else "0.0"
        condition, terms = f"{vector} @@ q", [self.expression(query)]
        if scope == "open" and query.words and query.facets and not scored and self._common(query):
            # COALESCE: an expression the index cannot answer, so the planner drives by the facets.
            condition = f"{vector} @@ q AND COALESCE(d.tsv_open, d.tsv_full) @@ to_tsquery('simple', %s)"
            terms = [self.expression(TextQuery((), query.prefix, query.facets)), self.expression(TextQuery(query.words, query.prefix))]
        sql = (
            f"SELECT m.id, m.score FROM (SELECT d.profile_id AS id, {score} AS score "
            f"FROM search_document d, to_tsquery('simple', %s) q WHERE {condition} LIMIT %s) m WHERE true{checks} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*terms, int(scan), *params, int(limit)])
            return [(int(i), float(s)) for i, s in cursor.fetchall()]

    def match_within(self, query, *, scope, ids, filters=()):
        if not ids:
            return []
        vector = self._vector(scope)
        checks, params = self._checks(filters, "d.profile_id")
        # OFFSET 0 keeps the id lookups apart: otherwise the planner may AND them with a
        # GIN scan of every match (50 ms for a common word and a prefix at 1M members).
        sql = (
            f"SELECT d.profile_id, 0.0 FROM (SELECT * FROM search_document WHERE profile_id = ANY(%s::bigint[]) OFFSET 0) d, "
            f"to_tsquery('simple', %s) q WHERE {vector} @@ q{checks}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [pg_array(ids), self.expression(query), *params])
            return [(int(i), float(s)) for i, s in cursor.fetchall()]

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_document")
            return int(cursor.fetchone()[0])


_BACKENDS: dict[str, TextBackend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend() -> TextBackend:
    """The backend for the default database's vendor."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"People search supports SQLite and PostgreSQL, not {connection.vendor}.") from None
