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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import connection

from kith.members.models import Education, Position, Profile, ProfileSkill, Skill
from kith.search.text import pg_fold_sql

Scope = Literal["open", "full", "name"]

# A filter is SQL that keeps member ids, with "{id}" standing for the id column.
Filter = tuple[str, list]


@dataclass(frozen=True)
class TextQuery:
    """Folded search words; the last is matched as a prefix when ``prefix`` is set."""

    words: tuple[str, ...]
    prefix: bool = True

    def __bool__(self) -> bool:
        return bool(self.words)

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
    }


class TextBackend:
    vendor = ""
    id_column = ""

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

    def remove(self, ids: Sequence[int]) -> None:
        raise NotImplementedError

    # --- reads -----------------------------------------------------------------
    def ids_in(self, column: str, ids: Iterable[int]) -> Filter:
        """SQL keeping ``column`` in ``ids``, with one parameter however many ids."""
        raise NotImplementedError

    def match(self, query: TextQuery, *, scope: Scope, filters: Sequence[Filter] = (), limit: int) -> list[tuple[int, float]]:
        raise NotImplementedError

    def count(self) -> int:
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

    def _where(self, filters: Sequence[Filter]) -> tuple[str, list]:
        sql, params = [], []
        for fragment, fragment_params in filters:
            sql.append(" AND " + fragment.replace("{id}", self.id_column))
            params.extend(fragment_params)
        return "".join(sql), params


class SQLiteBackend(TextBackend):
    vendor = "sqlite"
    id_column = "search_fts.rowid"
    # bm25 weights for name, headline, body, cbody.
    WEIGHTS = "10.0, 4.0, 1.0, 1.0"
    COLUMNS: dict[str, str] = {"open": "{name headline body}", "full": "{name headline body cbody}", "name": "{name}"}

    def create_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                "name, headline, body, cbody, "
                "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = column)"
            )

    def drop_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_fts")

    def _insert_sql(self, where: str) -> str:
        t = _tables()
        return (
            "INSERT INTO search_fts(rowid, name, headline, body, cbody) "
            "SELECT id, name, headline, CASE WHEN vis = 'connections' THEN '' ELSE body END, "
            "CASE WHEN vis = 'connections' THEN body ELSE '' END FROM ("
            f"SELECT p.user_id AS id, p.name AS name, p.headline AS headline, p.visibility AS vis, "
            f"{self._body_sql('group_concat')} AS body FROM {t['profile']} p {where})"
        )

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute(self._insert_sql("ORDER BY p.user_id"))
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            return int(cursor.fetchone()[0])

    def index(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        self.remove(ids)
        with connection.cursor() as cursor:
            cursor.execute(self._insert_sql("WHERE p.user_id IN (SELECT value FROM json_each(%s))"), [json.dumps(list(ids))])

    def remove(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])])

    def ids_in(self, column: str, ids: Iterable[int]) -> Filter:
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps([int(i) for i in ids])]

    def expression(self, query: TextQuery, scope: Scope) -> str:
        terms = " AND ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in query.parts())
        return f"{self.COLUMNS[scope]} : ({terms})"

    def match(self, query: TextQuery, *, scope: Scope, filters: Sequence[Filter] = (), limit: int) -> list[tuple[int, float]]:
        where, params = self._where(filters)
        sql = (
            f"SELECT search_fts.rowid, -bm25(search_fts, {self.WEIGHTS}) FROM search_fts "
            f"WHERE search_fts MATCH %s{where} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(query, scope), *params, int(limit)])
            return [(int(i), float(s)) for i, s in cursor.fetchall()]

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_fts")
            return int(cursor.fetchone()[0])


class PostgresBackend(TextBackend):
    vendor = "postgresql"
    id_column = "d.profile_id"

    def create_schema(self) -> None:
        with connection.cursor() as cursor:
            # No foreign key to the profile on purpose: Django's test flush
            # truncates the members tables without CASCADE. Queries join back to
            # the profile, so a leftover document can never be shown.
            cursor.execute(
                "CREATE TABLE IF NOT EXISTS search_document ("
                "profile_id bigint PRIMARY KEY, tsv_open tsvector NOT NULL, tsv_full tsvector)"
            )
            cursor.execute("CREATE INDEX IF NOT EXISTS search_document_open_gin ON search_document USING gin (tsv_open)")

    def drop_schema(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_document")

    def _insert_sql(self, where: str) -> str:
        t = _tables()
        head = (
            f"setweight(to_tsvector('simple', {pg_fold_sql('name')}), 'A') || "
            f"setweight(to_tsvector('simple', {pg_fold_sql('headline')}), 'B')"
        )
        body = f"setweight(to_tsvector('simple', {pg_fold_sql('body')}), 'C')"
        return (
            "INSERT INTO search_document (profile_id, tsv_open, tsv_full) "
            f"SELECT id, CASE WHEN vis = 'connections' THEN {head} ELSE {head} || {body} END, "
            f"CASE WHEN vis = 'connections' THEN {head} || {body} ELSE NULL END FROM ("
            f"SELECT p.user_id AS id, p.name AS name, p.headline AS headline, p.visibility AS vis, "
            f"{self._body_sql('string_agg')} AS body FROM {t['profile']} p {where}) doc "
            "ON CONFLICT (profile_id) DO UPDATE SET tsv_open = EXCLUDED.tsv_open, tsv_full = EXCLUDED.tsv_full"
        )

    def rebuild(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_document")
            cursor.execute("DROP INDEX IF EXISTS search_document_open_gin")
            cursor.execute(self._insert_sql(""))
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("CREATE INDEX search_document_open_gin ON search_document USING gin (tsv_open)")
            cursor.execute("ANALYZE search_document")
            cursor.execute("SELECT COUNT(*) FROM search_document")
            return int(cursor.fetchone()[0])

    def index(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(self._insert_sql("WHERE p.user_id = ANY(%s::bigint[])"), [[int(i) for i in ids]])

    def remove(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE profile_id = ANY(%s::bigint[])", [[int(i) for i in ids]])

    def ids_in(self, column: str, ids: Iterable[int]) -> Filter:
        return f"{column} = ANY(%s::bigint[])", [[int(i) for i in ids]]

    def expression(self, query: TextQuery, scope: Scope) -> str:
        weight = "A" if scope == "name" else ""
        terms = []
        for word, prefix in query.parts():
            suffix = ("*" if prefix else "") + weight
            terms.append(f"'{word}'" + (f":{suffix}" if suffix else ""))
        return " & ".join(terms)

    def match(self, query: TextQuery, *, scope: Scope, filters: Sequence[Filter] = (), limit: int) -> list[tuple[int, float]]:
        where, params = self._where(filters)
        vector = "COALESCE(d.tsv_full, d.tsv_open)" if scope == "full" else "d.tsv_open"
        sql = (
            f"SELECT d.profile_id, ts_rank_cd({vector}, q) FROM search_document d, to_tsquery('simple', %s) q "
            f"WHERE {vector} @@ q{where} LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(query, scope), *params, int(limit)])
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
