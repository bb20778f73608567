"""Small SQL helpers the ORM lacks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

__all__ = ["count_all", "id_list", "pg_array"]


def pg_array(ids: Iterable[int]) -> str:
    """Integer ids as one PostgreSQL array literal, ``'{1,2,3}'``, for ``= ANY(%s::bigint[])``:
    a string costs psycopg one dump, where a list of ints costs one an id (0.04 against 0.34 ms
    for 1,000 ids)."""
    return "{" + ",".join(str(int(i)) for i in ids) + "}"


def id_list(ids: Iterable[int]) -> RawSQL:
    """Integer ids as a subquery bound to one parameter: ``qs.filter(profile_id__in=id_list(ids))``.

    ``__in=[...]`` binds one parameter per id and, on a foreign key, normalises
    each one in Python (about 50 µs an id): for the hundreds of ids a ranking
    reads, this is the difference between 1 ms and 25 ms.
    """
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [pg_array(values)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])


def count_all(querysets: Mapping[str, QuerySet]) -> dict[str, int]:
    """How many rows each queryset holds, in one query: ``SELECT (SELECT COUNT(*) FROM (…)), …``."""
    if not querysets:
        return {}
    parts, params = [], []
    for i, qs in enumerate(querysets.values()):
        sql, qs_params = qs.order_by().select_related(None).prefetch_related(None).values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS kith_count_{i})")
        params.extend(qs_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(n) for name, n in zip(querysets, row, strict=True)}
