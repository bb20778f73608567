"""What input may be, defined once: integers a database column can hold, text a database can store.

Both backends hold integers up to 2^63 - 1 (SQLite raises OverflowError past it, PostgreSQL a
DataError), neither stores a NUL character (PostgreSQL refuses it; SQLite keeps it and every
later comparison goes wrong) nor half a surrogate pair (it can't be encoded as UTF-8). So:

- ``Id`` types every row id in an API path, query or body; ``Offset``, ``Page`` and ``Limit``
  type paging;
- ``IdConverter`` (``<id:…>``) matches row ids in page URLs: anything else is a 404;
- ``int_param`` reads an optional integer from a page's query string;
- ``find_unstorable`` finds the first string in parsed input a database can't store.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field

__all__ = ["MAX_ID", "MAX_PAGE", "Id", "IdConverter", "Limit", "Offset", "Page", "find_unstorable", "int_param", "unstorable"]

MAX_ID = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]
# A page number whose offset, (page - 1) x page size, a database can hold for pages of up to 1,000.
MAX_PAGE = MAX_ID // 1000
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Limit = Annotated[int, Field(ge=1, le=100, description="How many items to return: 1 to 100")]


class IdConverter:
    """``<id:conversation_id>``: a row id (1 to 2^63 - 1); any other number doesn't match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"{value} is not a row id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def int_param(value: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An optional integer from a query string: None when absent, not a number, or out of range."""
    if value is None or not re.fullmatch(r"-?[0-9]{1,19}", value.strip()):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def unstorable(text: str) -> str | None:
    """Why ``text`` can't be stored ("a NUL character", "an unpaired surrogate"), or None."""
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate"
    return None


def find_unstorable(value: Any, path: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The first string in parsed JSON (keys too) that can't be stored: (dotted path, why)."""
    if isinstance(value, str):
        reason = unstorable(value)
        return (".".join(path), reason) if reason else None
    if isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            reason = unstorable(key)
            if reason:
                return ".".join((*path, key.encode("utf-8", "replace").decode().replace("\x00", "?"))), reason
            found = find_unstorable(item, (*path, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_unstorable(item, (*path, str(index)))
            if found:
                return found
    return None
