"""Reads a page makes more than once, made once: for the length of one GET request.

A profile page asks for the mutual connections twice (the "How you're connected" box and the
request insights), and whether the two members are connected three times (the profile's
access, its activity, the posts' comment rules); each app asks for itself, as it should. The
selectors those questions reach wrap their read in ``once``::

    return memo.once(("mutual_connections", viewer.pk, other_id), lambda: ...)

and inside a GET or HEAD request the first answer is kept for the rest of it (the middleware
opens the scope and drops it at the end). Only there: a POST changes things and then reads
them, and outside a request (tasks, commands, tests calling selectors) nothing is kept, so a
read after a write always sees it. Keys name the selector and every argument the answer
depends on; values are treated as read-only by every caller (lists come back as copies).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["PerRequestMiddleware", "once"]

T = TypeVar("T")

_kept: contextvars.ContextVar[dict[Hashable, object] | None] = contextvars.ContextVar("kith_memo", default=None)


class PerRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _kept.set({})
        try:
            return self.get_response(request)
        finally:
            _kept.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or inside a GET request the value it gave for ``key`` earlier in it."""
    kept = _kept.get()
    if kept is None:
        return compute()
    if key not in kept:
        kept[key] = compute()
    value = kept[key]
    return list(value) if isinstance(value, list) else value  # type: ignore[return-value]
