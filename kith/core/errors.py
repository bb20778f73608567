"""The one error type actions raise, and how interfaces turn it into an answer."""

from __future__ import annotations

import math
from datetime import datetime

from django.utils import timezone


class KithError(Exception):
    """A refusal a member can understand.

    ``code`` is stable and machine-readable, ``message`` is for people, ``field``
    names the input at fault (None when it is not one field). ``status`` is the
    HTTP status the API answers with.
    """

    status = 400

    def __init__(self, message: str, code: str = "invalid", field: str | None = None, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "field": self.field}}


class NotFound(KithError):
    status = 404

    def __init__(self, message: str = "Not found.", code: str = "not_found", field: str | None = None):
        super().__init__(message, code, field)


class PermissionDenied(KithError):
    status = 403

    def __init__(self, message: str = "You can't do that.", code: str = "forbidden", field: str | None = None):
        super().__init__(message, code, field)


class LimitReached(KithError):
    """A limit with a known end: answered 429 with Retry-After in the API."""

    status = 429

    def __init__(self, message: str, code: str, *, lifts_at: datetime | None, field: str | None = None):
        super().__init__(message, code, field)
        self.lifts_at = lifts_at

    @property
    def retry_after(self) -> int | None:
        if self.lifts_at is None:
            return None
        return max(1, math.ceil((self.lifts_at - timezone.now()).total_seconds()))

    def as_dict(self) -> dict:
        body = super().as_dict()
        if self.lifts_at is not None:
            body["error"]["lifts_at"] = self.lifts_at.isoformat()
        return body
