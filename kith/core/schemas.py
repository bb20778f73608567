"""API shapes every app shares: the one error body, and how a route declares the errors it gives.

A route lists the 4xx it can answer with next to its success::

    @router.get("/conversations/{conversation_id}", response={200: ConversationOut, **errors(404)})

The errors the framework gives every route (401 when it needs a token, 422 for input that does
not validate, 400 for a body that is not JSON, 413 for a request over the size limits) are added to the OpenAPI by ``kith.api``; a route
declares the ones its own selectors and actions raise (400, 403, 404, 409, 429…).
"""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field


class Input(BaseModel):
    """The base of every request body: a JSON object with only the fields declared.

    A plain pydantic model, not a ninja ``Schema``: that one reads attributes from any object,
    so ``[9]`` or ``"x"`` validated as "every field left at its default". An unknown field is
    refused too, so a typo (``nte`` for ``note``) is an error instead of a silent no-op.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ErrorDetail(Schema):
    code: str = Field(description="Stable and machine-readable: not_found, validation_error, rate_limited…")
    message: str = Field(description="For people: says what is wrong and, for a limit, when it lifts")
    field: str | None = Field(description="The input at fault (a dotted path into the body), or null")
    lifts_at: datetime | None = Field(None, description="When a limit lifts (429 only)")


class ErrorOut(Schema):
    """The body of every 4xx: ``{"error": {"code", "message", "field"}}``."""

    error: ErrorDetail


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``{status: ErrorOut}`` for each status, to spread into a route's ``response=``."""
    for status in statuses:
        if not 400 <= status < 500:
            raise ValueError(f"errors() declares 4xx answers, not {status}")
    return dict.fromkeys(statuses, ErrorOut)
