"""Behind a reverse proxy: the client's address and https are believed from trusted proxies only."""

import pytest

from kith.core.proxy import client_address
from tests.factories import make_member


@pytest.fixture
def behind_nginx(settings):
    settings.KITH_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def test_the_client_is_the_rightmost_untrusted_hop(behind_nginx):
    assert client_address("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.1") == "203.0.113.9"
    assert client_address("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert client_address("127.0.0.1", "2001:db8::1") == "2001:db8::1"


def test_forwarded_for_from_anyone_else_is_ignored(behind_nginx):
    assert client_address("198.51.100.7", "1.2.3.4") == "198.51.100.7"
    assert client_address("127.0.0.1", "") == "127.0.0.1"


def test_nothing_is_trusted_by_default(settings):
    settings.KITH_TRUSTED_PROXIES = []
    assert client_address("127.0.0.1", "203.0.113.9") == "127.0.0.1"


def test_a_trusted_proxy_writing_garbage_counts_as_the_proxy(behind_nginx):
    assert client_address("127.0.0.1", "not-an-address") == "127.0.0.1"


def failed_sign_in(client, address_header: dict) -> int:
    return client.post(
        "/accounts/login/", {"login": "ada@example.com", "password": "wrong"}, REMOTE_ADDR="127.0.0.1", **address_header
    ).status_code


def test_the_per_address_sign_in_limit_counts_each_client_behind_the_proxy(client, db, settings, behind_nginx):
    """Two members behind the same nginx are two addresses: one spending its budget leaves
    the other's untouched."""
    make_member("Ada Lovelace", email="ada@example.com")
    settings.KITH_SIGNIN_FAILURES_PER_ADDRESS = 2
    settings.KITH_SIGNIN_FAILURES_PER_EMAIL = 100
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert [failed_sign_in(client, first) for _ in range(3)] == [200, 200, 429]
    assert failed_sign_in(client, second) == 200


def test_without_trust_a_client_cannot_dodge_the_limit_with_a_header(client, db, settings):
    make_member("Ada Lovelace", email="ada@example.com")
    settings.KITH_TRUSTED_PROXIES = []
    settings.KITH_SIGNIN_FAILURES_PER_ADDRESS = 2
    settings.KITH_SIGNIN_FAILURES_PER_EMAIL = 100
    answers = [failed_sign_in(client, {"HTTP_X_FORWARDED_FOR": f"203.0.113.{i}"}) for i in range(3)]
    assert answers == [200, 200, 429]


def test_https_is_believed_only_from_a_trusted_proxy(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.KITH_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="127.0.0.1").status_code == 200
    # The same header from a client that is not our proxy is dropped: redirected to https.
    assert client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="198.51.100.7").status_code == 301
