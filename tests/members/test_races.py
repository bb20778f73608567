"""Races on PostgreSQL: a burst of wrong passwords cannot pass the sign-in limit."""

from functools import partial

import pytest

from kith.core.errors import LimitReached
from kith.members import actions
from tests.concurrency import race
from tests.factories import PASSWORD, make_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def test_thirteen_concurrent_wrong_passwords_against_ten(settings):
    settings.KITH_RATE_LIMIT_STORE = "database"
    settings.KITH_SIGNIN_FAILURES_PER_EMAIL = 10
    ada = make_member("Ada Lovelace", email="ada@example.com")
    attempt = partial(actions.verify_password_login, ada.email, "wrong", address="192.0.2.1")
    results = race(*[attempt] * 13)
    assert results.count(None) == 10  # ten passwords checked, and wrong
    assert sum(isinstance(r, LimitReached) for r in results) == 3
    with pytest.raises(LimitReached):
        actions.verify_password_login(ada.email, PASSWORD, address="192.0.2.1")
