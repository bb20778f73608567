import pytest

from tests.factories import make_member


@pytest.fixture
def members(db):
    """``members(n)``: n more named members."""

    def make(n: int, prefix: str = "Member"):
        return [make_member(f"{prefix} {i}") for i in range(n)]

    return make


@pytest.fixture(autouse=True)
def _long_sessions(settings):
    # Tests travel months ahead; the signed-in session must outlive the trip.
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
