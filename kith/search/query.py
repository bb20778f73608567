"""The people-search query: what a search asks, parsed from a page's or the API's parameters.

:func:`parse_people_query` turns a query string (``q``, ``cursor`` and the facet filters) into
a :class:`PeopleQuery`, refusing values past their limits with a message that names them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass

from kith.core.errors import KithError
from kith.members.models import OpenTo
from kith.search.backends import TextQuery
from kith.search.text import tokens

__all__ = ["DEGREE_LABELS", "FACETS", "OPEN_TO_LABELS", "MAX_QUERY_CHARS", "PAGE_SIZE", "PARAMETERS", "PeopleQuery", "encode_cursor", "parse_people_query"]

FACETS = ("degree", "shared_group", "location", "company", "past_company", "industry", "school", "open_to", "target_market")
PARAMETERS = ("q", "cursor", *FACETS)
MAX_QUERY_CHARS = 200
MAX_VALUE_CHARS = 200
MAX_VALUES = 10
PAGE_SIZE = 20
DEGREE_LABELS = {"1": "1st", "2": "2nd", "3": "3rd+"}
OPEN_TO_LABELS = dict(OpenTo.Kind.choices)


@dataclass(frozen=True)
class PeopleQuery:
    q: str = ""
    degree: frozenset[int] = frozenset()
    location: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    past_company: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    school: tuple[str, ...] = ()
    open_to: tuple[str, ...] = ()
    target_market: bool = False
    shared_group: bool = False  # only members who share a group (kith.members.contexts) with the viewer
    offset: int = 0

    @property
    def words(self) -> TextQuery:
        return TextQuery(tuple(tokens(self.q)))

    @property
    def field_filtered(self) -> bool:
        """Filters on fields a limited (connections-only) card does not show."""
        return bool(self.location or self.company or self.past_company or self.industry or self.school or self.open_to or self.target_market)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.degree or self.field_filtered or self.shared_group)

    def selected(self, facet: str) -> set[str]:
        value = getattr(self, facet)
        if facet == "degree":
            return {str(d) for d in value}
        if facet in ("target_market", "shared_group"):
            return {"1"} if value else set()
        return set(value)

    def params(self, **changes) -> list[tuple[str, str]]:
        """This query as URL parameters (without the cursor), with ``changes`` applied."""
        values: dict[str, list[str]] = {"q": [self.q] if self.q else []}
        for facet in FACETS:
            values[facet] = sorted(self.selected(facet))
        values.update(changes)
        return [(k, v) for k in PARAMETERS if k in values for v in values[k]]


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("o"):
            raise ValueError(raw)
        offset = int(raw[1:])
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise KithError("Cursor: not a cursor this search gave out.", "invalid", "cursor") from exc
    if not 0 <= offset <= 100_000:
        raise KithError("Cursor: not a cursor this search gave out.", "invalid", "cursor")
    return offset


def _values(name: str, raw: list[str], *, split: bool = False) -> tuple[str, ...]:
    values: list[str] = []
    for item in raw:
        for value in item.split(",") if split else [item]:
            value = " ".join(value.split())
            if not value:
                continue
            if len(value) > MAX_VALUE_CHARS:
                raise KithError(f"{name.replace('_', ' ').capitalize()}: at most {MAX_VALUE_CHARS} characters.", "too_long", name)
            if value not in values:
                values.append(value)
    if len(values) > MAX_VALUES:
        raise KithError(f"{name.replace('_', ' ').capitalize()}: at most {MAX_VALUES} values.", "too_many", name)
    return tuple(values)


def parse_people_query(params: Mapping, *, strict: bool = True) -> PeopleQuery:
    """Read a search from request parameters (a QueryDict or a dict of lists/strings).

    Raises KithError naming the field: an unknown parameter (only when
    ``strict``), a query over 200 characters, a degree other than 1, 2 or 3, an
    unknown "open to" kind, or a cursor this search did not give out.
    """

    def getlist(key: str) -> list[str]:
        if hasattr(params, "getlist"):
            return [str(v) for v in params.getlist(key)]
        value = params.get(key)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]

    if strict:
        for key in params:
            if key not in PARAMETERS:
                raise KithError(
                    f"Unknown filter: {key}. Use q, cursor or one of {', '.join(FACETS)}.", "unknown_filter", key
                )
    q_values = getlist("q")
    q = " ".join(" ".join(q_values).split())
    if len(" ".join(q_values)) > MAX_QUERY_CHARS:
        raise KithError(f"Query: at most {MAX_QUERY_CHARS} characters.", "too_long", "q")
    degree = set()
    for value in _values("degree", getlist("degree"), split=True):
        value = {"1st": "1", "2nd": "2", "3rd": "3", "3rd+": "3"}.get(value, value)
        if value not in DEGREE_LABELS:
            raise KithError("Degree: use 1, 2 or 3 (3 means 3rd and beyond).", "invalid", "degree")
        degree.add(int(value))
    open_to = _values("open_to", getlist("open_to"), split=True)
    for kind in open_to:
        if kind not in OPEN_TO_LABELS:
            raise KithError(f"Open to: choose from {', '.join(OPEN_TO_LABELS)}.", "invalid", "open_to")
    target = [v.strip().lower() for v in getlist("target_market") if v.strip()]
    if any(v not in ("1", "true", "yes", "on", "0", "false", "no", "off") for v in target):
        raise KithError("Target market: use 1 (only members in my target market) or 0.", "invalid", "target_market")
    shared = [v.strip().lower() for v in getlist("shared_group") if v.strip()]
    if any(v not in ("1", "true", "yes", "on", "0", "false", "no", "off") for v in shared):
        raise KithError("Shared group: use 1 (only members in a group with me) or 0.", "invalid", "shared_group")
    cursors = [c for c in getlist("cursor") if c]
    return PeopleQuery(
        q=q,
        degree=frozenset(degree),
        location=_values("location", getlist("location")),
        company=_values("company", getlist("company")),
        past_company=_values("past_company", getlist("past_company")),
        industry=_values("industry", getlist("industry")),
        school=_values("school", getlist("school")),
        open_to=open_to,
        target_market=bool(target) and target[-1] in ("1", "true", "yes", "on"),
        shared_group=bool(shared) and shared[-1] in ("1", "true", "yes", "on"),
        offset=_decode_cursor(cursors[-1]) if cursors else 0,
    )
