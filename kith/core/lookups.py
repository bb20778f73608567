"""``__in`` on an integer column, for a list of plain ints, at the cost of one parameter.

Django's ``__in`` binds one parameter per value and runs each value through the field's
preparation four or five times on a foreign key (normalise, the target's ``get_prep_value``,
the lookup's, ``get_db_prep_value``), so a page that asks about a few hundred members (a search
page's introducers, blocks and tie facts: 500–1,100 ids a page at 100k members) spends
milliseconds in Python before PostgreSQL sees the statement, and every list length is a new
statement for PostgreSQL to parse and plan.

These lookups take the ids as they are when every one is already an ``int``, which those
preparations would leave unchanged, and on PostgreSQL send them as one array,
``col = ANY(%s::bigint[])``: the statement is the same whatever the number of ids, so a
connection prepares it once (server-side binding, settings.py). Anything else (a queryset,
an expression, strings, model instances, a tuple of columns) goes Django's own way, and so
does every value on SQLite, whose statements keep one parameter an id.

Registered for every integer field and foreign key in ``CoreConfig.ready``.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

from kith.core.sql import pg_array

__all__ = ["register"]

_INT64 = (-(2**63), 2**63 - 1)
_PLAIN = (list, tuple, set, frozenset)


def _integer_column(field) -> bool:
    """Whether ``field`` stores an integer: itself, or through the keys it points along."""
    seen = 0
    while getattr(field, "target_field", None) is not None and seen < 5:
        field, seen = field.target_field, seen + 1
    return isinstance(field, IntegerField)


class _PlainInts:
    lookup_name = "in"

    def get_prep_lookup(self):
        rhs = self.rhs
        if (
            isinstance(rhs, _PLAIN)
            and not isinstance(self.lhs, ColPairs)
            and _integer_column(getattr(self.lhs, "output_field", None))
            and all(type(v) is int for v in rhs)
        ):
            self.plain_ints = list(rhs)
            return self.plain_ints
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        ids = getattr(self, "plain_ints", None)
        if ids is None or (ids and not _INT64[0] <= min(ids) <= max(ids) <= _INT64[1]):
            return self.as_sql(compiler, connection)
        if not ids:
            raise EmptyResultSet
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs_sql} = ANY(%s::bigint[])", (*lhs_params, pg_array(ids))


class IntIn(_PlainInts, In):
    pass


class RelatedIntIn(_PlainInts, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntIn)
    ForeignObject.register_lookup(RelatedIntIn)
