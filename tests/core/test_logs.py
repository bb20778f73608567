"""Structured logs with a request id."""

import json
import logging

from kith.core.logs import JsonFormatter, RequestIdFilter, current_request_id


def test_every_response_names_its_request_id_and_the_request_line_carries_it(client, db, caplog, settings):
    settings.KITH_TRUSTED_PROXIES = []
    with caplog.at_level(logging.INFO, logger="kith.request"):
        response = client.get("/accounts/login/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (record,) = [r for r in caplog.records if r.name == "kith.request"]
    assert record.status == 200 and record.path == "/accounts/login/" and record.method == "GET"
    assert record.duration_ms >= 0
    assert RequestIdFilter().filter(record) and record.request_id == request_id  # set while the request ran
    assert current_request_id() == "-"


def test_a_trusted_proxy_names_the_request_id(client, db, settings):
    settings.KITH_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"


def test_a_client_cannot_name_the_request_id(client, db, settings):
    settings.KITH_TRUSTED_PROXIES = []
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response["X-Request-ID"] != "0123456789abcdef0123456789abcdef"


def test_an_unfit_id_from_the_proxy_is_replaced(client, db, settings):
    settings.KITH_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID='x" injected=1')
    assert response["X-Request-ID"] != 'x" injected=1' and len(response["X-Request-ID"]) == 32


def test_a_log_line_written_during_a_request_carries_its_id(client, db, settings, monkeypatch):
    """The id is on every record written while the request is served (here, from a view)."""
    seen = []

    class Capture(logging.Handler):
        def emit(self, record):
            seen.append(self.format(record))

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("kith.request")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/accounts/login/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    (line,) = seen
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["logger"] == "kith.request" and entry["status"] == 200 and entry["level"] == "INFO"
