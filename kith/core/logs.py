"""Structured logs: one JSON object a line, each carrying the request id of the request that wrote it.

:class:`RequestIdMiddleware` takes the request id from a trusted proxy's ``X-Request-ID``
(nginx's ``$request_id``; kith.core.proxy removes the header from anyone else) or makes one,
answers it in ``X-Request-ID``, and keeps it in a context variable for the request's duration;
:class:`RequestIdFilter` puts it on every log record, so a line from deep in an action can be
matched with the proxy's access log and the request line this middleware writes when the
response leaves (logger ``kith.request``: method, path, status, duration, member id).
KITH_LOG_FORMAT=json (the default with KITH_DEBUG=0) picks :class:`JsonFormatter`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse

__all__ = ["JsonFormatter", "RequestIdFilter", "RequestIdMiddleware", "current_request_id"]

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("kith_request_id", default="-")
# What a proxy may hand us as an id: no spaces, no quotes, nothing a log parser trips on.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
request_logger = logging.getLogger("kith.request")


def current_request_id() -> str:
    """The id of the request being served ("-" outside one: tasks, commands)."""
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _ACCEPTABLE.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if settings.KITH_INSTANCE:
                response["X-Kith-Instance"] = settings.KITH_INSTANCE
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "member_id": user.pk if user is not None and user.is_authenticated else None,
                    "client": request.META.get("REMOTE_ADDR", ""),
                },
            )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


# The attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", …extra}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
