"""Message is offered only where the member may message; elsewhere the page says why (search results)."""

import pytest

from kith.members.models import Profile
from kith.messaging.selectors import message_offers, messaging_rules
from kith.search.actions import rebuild_index
from tests.factories import connect, make_member
from tests.messaging.conftest import block, invite, set_policy

pytestmark = pytest.mark.django_db


def hit_of(html: str, name: str) -> str:
    part = html[html.index(f">{name}</a>"):]
    return part[: part.index("</li>")]


def test_search_results_offer_message_only_where_allowed(client, ada):
    friend = make_member("Pat Friend", headline="Rower")
    open_door = make_member("Pat Anyone", headline="Rower")
    make_member("Pat Closed", headline="Rower")
    inviter = make_member("Pat Inviter", headline="Rower")
    connect(ada, friend)
    set_policy(open_door, "anyone")
    invite(inviter, ada)
    rebuild_index()
    client.force_login(ada)
    html = client.get("/search/", {"q": "Rower"}).content.decode()
    for name in ("Pat Friend", "Pat Anyone", "Pat Inviter"):
        assert ">Message<" in hit_of(html, name), name
    assert ">Message<" not in hit_of(html, "Pat Closed")
    assert "Takes messages from connections only" in hit_of(html, "Pat Closed")


def test_the_batch_rule_is_the_single_rule(ada, grace, linus):
    others = [make_member(f"Other {i}") for i in range(4)]
    connect(ada, others[0])
    set_policy(others[1], "anyone")
    invite(others[2], ada)
    block(ada, others[3])
    profiles = [Profile.objects.get(pk=m.pk) for m in (ada, grace, *others)]
    rules = messaging_rules(ada, profiles)
    assert [r if isinstance(r, str) else type(r).__name__ for r in rules.values()] == [
        "KithError", "PermissionDenied", "connection", "request", "reply", "NotFound",
    ]
    offers = message_offers(ada, profiles)
    assert set(offers) == {grace.pk, *(o.pk for o in others[:3])}
    assert not offers[grace.pk].allowed and offers[others[0].pk].allowed
