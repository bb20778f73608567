"""ada's circle for the posts tests: grace (connected), linus (a stranger), fiona (follows ada
without being connected), mallory (ada blocked her) and oscar (who blocked ada)."""

import pytest

from kith.network import actions as network_actions
from tests.factories import connect, make_member


@pytest.fixture
def circle(db, ada, grace, linus):
    fiona = make_member("Fiona Follower")
    mallory = make_member("Mallory Byrne")
    oscar = make_member("Oscar Wilde")
    connect(ada, grace)
    network_actions.follow(grace, ada)
    network_actions.follow(ada, grace)
    network_actions.follow(fiona, ada)
    network_actions.block(ada, mallory)
    network_actions.block(oscar, ada)
    return {"ada": ada, "grace": grace, "linus": linus, "fiona": fiona, "mallory": mallory, "oscar": oscar}
