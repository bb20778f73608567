import pytest

from kith.search.actions import rebuild_index


@pytest.fixture
def reindex(db):
    """Rebuild the index from the database (test setup writes inside one
    transaction, so the on-commit indexing of members.actions has not run)."""

    def run():
        rebuild_index()

    return run


@pytest.fixture
def as_ada_api(api_client, ada):
    """The API client signed in as Ada."""
    api_client.force_login(ada)
    return api_client
