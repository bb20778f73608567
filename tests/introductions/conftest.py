import pytest

from tests.factories import connect, make_member


@pytest.fixture
def margaret(db):
    return make_member("Margaret Hamilton", email="margaret@example.com", headline="Flight software")


@pytest.fixture
def scene(ada, grace, linus):
    """Linus knows Grace, Grace knows Ada: Ada is Linus's 2nd degree, Grace the introducer."""
    connect(linus, grace)
    connect(grace, ada)
    return ada, grace, linus


@pytest.fixture
def chain(ada, grace, linus, margaret):
    """Linus – Grace – Margaret – Ada: Ada is Linus's 3rd degree."""
    connect(linus, grace)
    connect(grace, margaret)
    connect(margaret, ada)
    return ada, grace, linus, margaret
