import pytest

from kith.search.actions import rebuild_index


@pytest.fixture
def reindex(db):
    """Rebuild the index from the database (test setup writes inside one
    transaction, so the on-commit indexing of members.actions has not run)."""

    def run():
        rebuild_index()

    return run
