import pytest
from django.test import Client

from tests.factories import PASSWORD, make_member


@pytest.fixture(scope="session", autouse=True)
def _exports_root(tmp_path_factory):
    """Data exports go to a temporary folder, one for the session (a scene built once per
    module keeps its export's file), never to var/."""
    from django.conf import settings

    before = settings.KITH_EXPORTS_ROOT
    settings.KITH_EXPORTS_ROOT = tmp_path_factory.mktemp("exports")
    yield
    settings.KITH_EXPORTS_ROOT = before


@pytest.fixture(autouse=True)
def _media_mail_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KITH_PYMK_WEIGHTS_FILE = str(tmp_path / "pymk_weights.json")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from kith.graph import adapter
    from kith.groups import roster

    cache.clear()
    adapter.reset()  # each test has its own database, so its own graph
    roster.forget()  # and its own groups (ids are reused when a test's transaction rolls back)
    yield
    cache.clear()
    adapter.reset()
    roster.forget()


MODERATION_RULES_OFF = {
    "KITH_TRUST_NEW_DAYS": 0,
    "KITH_HOLD_STRANGERS_PER_DAY": 10**6,
    "KITH_HOLD_STRANGERS_PER_WINDOW": 10**6,
    "KITH_HOLD_MIN_ANSWERED": 10**6,
    "KITH_HOLD_DUPLICATE_NOTES": 10**6,
    "KITH_HOLD_LINKS_TO_STRANGERS": 10**6,
    "KITH_HOLD_DISTINCT_REPORTERS": 10**6,
}


@pytest.fixture(autouse=True)
def _moderation_rules(request, settings):
    """Trust levels and automatic holds are tested in tests/moderation (and wherever a test is marked
    ``moderation_rules``). Elsewhere a test's members, all a minute old and sending dozens of
    invitations to strangers, would be new members and held: those tests are about other rules."""
    if "tests/moderation" in str(request.node.path) or request.node.get_closest_marker("moderation_rules"):
        return
    for name, value in MODERATION_RULES_OFF.items():
        setattr(settings, name, value)


@pytest.fixture
def ada(db):
    return make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines", city="London")


@pytest.fixture
def grace(db):
    return make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer", city="New York")


@pytest.fixture
def linus(db):
    return make_member("Linus Torvalds", email="linus@example.com", headline="Kernel maintainer", city="Portland")


def login(client: Client, user) -> Client:
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def as_ada(client, ada):
    return login(client, ada)


@pytest.fixture
def api_client():
    """A client whose JSON helpers send and parse application/json."""

    class ApiClient(Client):
        def __init__(self, **kwargs):
            super().__init__(enforce_csrf_checks=False, **kwargs)
            self.token = None

        def _headers(self, headers):
            headers = dict(headers or {})
            if self.token:
                headers.setdefault("Authorization", f"Bearer {self.token}")
            return headers

        def get_json(self, path, data=None, headers=None):
            return self.get(path, data, headers=self._headers(headers))

        def post_json(self, path, data=None, headers=None):
            return self.post(path, data or {}, content_type="application/json", headers=self._headers(headers))

        def patch_json(self, path, data=None, headers=None):
            return self.patch(path, data or {}, content_type="application/json", headers=self._headers(headers))

        def delete_json(self, path, headers=None):
            return self.delete(path, headers=self._headers(headers))

    return ApiClient()


@pytest.fixture
def api_as(api_client):
    """``api_as(member)``: the API client signed in as that member (switching is allowed)."""

    def sign_in(member):
        api_client.logout()
        api_client.force_login(member)
        return api_client

    return sign_in


@pytest.fixture
def doctor(db):
    """``doctor("network")``: the violations `kith doctor --check network` finds, as sentences."""
    from kith.core import doctor as registry

    def run(*names: str) -> list[str]:
        return [v for result in registry.run(names or None, keep=1000) for v in result.violations]

    return run


@pytest.fixture
def postgres_only():
    """For races: SQLite runs one write transaction at a time, so only PostgreSQL can race."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (KITH_TEST_DATABASE_URL)")
