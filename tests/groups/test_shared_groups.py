"""Shared groups as a relation: the insights card, "How you're connected", People You May Know
and message requests (kith.members.contexts, provided by kith.groups.contexts)."""

from __future__ import annotations

import json

import pytest

from kith.groups import actions
from kith.insights.selectors import insights_for
from kith.messaging.models import MessageRequest
from kith.network import actions as network_actions
from kith.network.graph_selectors import people_you_may_know
from tests.factories import connect, make_member
from tests.groups.helpers import client_for

pytestmark = pytest.mark.django_db



@pytest.fixture
def club():
    ada, linus = make_member("Ada Lovelace"), make_member("Linus Torvalds")
    group = actions.create_group(ada, name="Steam Engines")
    actions.join(linus, group)
    return group, ada, linus


def test_the_insights_card_says_both_are_in_the_group(club):
    group, ada, linus = club
    assert "Both in Steam Engines" in insights_for(ada, linus.profile).relate_lines
    outsider = make_member("Oscar Wilde")
    assert not any("Steam Engines" in line for line in insights_for(ada, outsider.profile).relate_lines)
    card = client_for(ada).get(f"/insights/{linus.profile.handle}/card/").content.decode()
    assert "Both in Steam Engines" in card


def test_how_youre_connected_names_the_shared_group(club):
    group, ada, linus = club
    connect(ada, linus)
    page = client_for(ada).get(f"/in/{linus.profile.handle}/").content.decode()
    assert "Both in Steam Engines" in page


def test_people_you_may_know_suggests_group_members_with_the_reason(club):
    group, ada, linus = club
    suggestions = {s.profile.pk: s for s in people_you_may_know(ada)}
    assert linus.pk in suggestions
    assert "Both in Steam Engines" in suggestions[linus.pk].reasons


def test_a_shared_group_lets_a_member_send_a_message_request(club):
    group, ada, linus = club
    assert ada.profile.message_policy == "connections"
    response = client_for(linus).post(
        "/api/v1/conversations", json.dumps({"with": [ada.profile.handle], "text": "Hello from the group"}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert MessageRequest.objects.filter(sender=linus, recipient=ada, status="pending").exists()
    stranger = make_member("Stella Young")
    refused = client_for(stranger).post(
        "/api/v1/conversations", json.dumps({"with": [ada.profile.handle], "text": "Hi"}), content_type="application/json"
    )
    assert refused.status_code == 403


def test_a_block_still_wins_over_a_shared_group(club):
    group, ada, linus = club
    network_actions.block(ada, linus)
    response = client_for(linus).post(
        "/api/v1/conversations", json.dumps({"with": [ada.profile.handle], "text": "Hi"}), content_type="application/json"
    )
    assert response.status_code == 404
    assert linus.pk not in {s.profile.pk for s in people_you_may_know(ada)}
