"""Small SQL helpers the ORM lacks."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

__all__ = ["id_list"]


def id_list(ids: Iterable[int]) -> RawSQL:
    """Integer ids as a subquery bound to one parameter: ``qs.filter(profile_id__in=id_list(ids))``.

    ``__in=[...]`` binds one parameter per id and, on a foreign key, normalises
    each one in Python (about 50 µs an id): for the hundreds of ids a ranking
    reads, this is the difference between 1 ms and 25 ms.
    """
    values = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
