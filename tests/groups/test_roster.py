"""The member list's roster in memory (kith.groups.roster): reused while the group's roster
version and member count stand, read again after any join, leave, removal, ban or role change
(on any process: the version is in the group row each request reads), and filtered, ordered and
counted like the database would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kith.groups import actions, roster, selectors
from kith.groups.models import Group, Membership
from kith.members.models import Profile, Visibility
from kith.network import actions as network_actions
from tests.factories import connect, make_member
from tests.groups.helpers import client_for

pytestmark = pytest.mark.django_db



def listed(viewer, group, **filters) -> list[str]:
    body = client_for(viewer).get(f"/api/v1/groups/{group.slug}/members", filters).json()
    return [row["member"]["handle"] for row in body["members"]]


ROSTER_SQL = 'SELECT "groups_membership"."id" AS "id", "groups_membership"."member_id" AS "member_id", "groups_membership"."role" AS "role" FROM'


def roster_loads(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith(ROSTER_SQL))


@pytest.fixture
def scene():
    ada, grace, linus, alan = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing"))
    connect(ada, grace)
    group = actions.create_group(ada, name="Steam Engines")
    for m in (grace, linus):
        actions.join(m, group)
    return group, ada, grace, linus, alan


def test_the_roster_is_read_once_while_nothing_changes(scene):
    group, ada, *_ = scene
    access = selectors.access_group(ada, group.slug)
    with CaptureQueriesContext(connection) as first:
        selectors.members(access, ada)
    assert roster_loads(first.captured_queries) == 1
    with CaptureQueriesContext(connection) as second:
        selectors.members(selectors.access_group(ada, group.slug), ada)
    assert roster_loads(second.captured_queries) == 0


def test_joins_leaves_role_changes_and_bans_show_at_once(scene):
    group, ada, grace, linus, alan = scene
    h = lambda m: m.profile.handle  # noqa: E731
    assert listed(ada, group) == [h(ada), h(linus), h(grace)]  # owner, then the newest
    actions.join(alan, group)
    assert listed(ada, group) == [h(ada), h(alan), h(linus), h(grace)]
    actions.appoint_manager(ada, group, grace)
    assert listed(ada, group) == [h(ada), h(grace), h(alan), h(linus)]
    assert listed(ada, group, role="manager") == [h(grace)]
    actions.leave(alan, group)
    assert listed(ada, group) == [h(ada), h(grace), h(linus)]
    actions.ban_member(ada, group, linus, content="keep")
    assert listed(ada, group) == [h(ada), h(grace)]
    actions.transfer_ownership(ada, group, grace)
    assert listed(grace, group) == [h(grace), h(ada)]


def test_a_bulk_load_that_counts_its_rows_is_seen(scene):
    """The demo and bench/groups.py insert memberships in bulk and add them to member_count."""
    group, ada, grace, linus, alan = scene
    assert alan.profile.handle not in listed(ada, group)
    Membership.objects.create(group=group, member=alan, joined_at=timezone.now() - timedelta(days=1))
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    assert alan.profile.handle in listed(ada, group)


def test_blocks_and_deactivated_members_are_left_out_of_a_cached_roster(scene):
    group, ada, grace, linus, alan = scene
    assert linus.profile.handle in listed(grace, group)
    network_actions.block(linus, grace)  # no membership changes: the same roster
    assert linus.profile.handle not in listed(grace, group)
    assert grace.profile.handle not in listed(linus, group)
    type(ada).objects.filter(pk=alan.pk).update(is_active=False)
    actions.join(make_member("Kay"), group)
    alan.refresh_from_db()
    body = client_for(ada).get(f"/api/v1/groups/{group.slug}/members").json()
    assert body["total"] == 4 and alan.profile.handle not in [r["member"]["handle"] for r in body["members"]]


def test_facets_and_pages_over_the_roster(scene):
    group, ada, grace, linus, alan = scene
    for i in range(5):
        actions.join(make_member(f"Member {i}"), group)
    body = client_for(ada).get(f"/api/v1/groups/{group.slug}/members").json()
    assert body["total"] == 8
    assert {f["key"]: f["count"] for f in body["facets"]["role"]} == {"owner": 1, "member": 7}
    assert {f["key"]: f["count"] for f in body["facets"]["degree"]} == {"1": 1, "out": 6}  # ada herself in neither
    # The degree filter narrows the role facet's counts, and the other way round.
    first = client_for(ada).get(f"/api/v1/groups/{group.slug}/members", {"degree": "1"}).json()
    assert [r["member"]["handle"] for r in first["members"]] == [grace.profile.handle]
    assert {f["key"]: f["count"] for f in first["facets"]["role"]} == {"member": 1}
    owners = client_for(ada).get(f"/api/v1/groups/{group.slug}/members", {"role": "owner"}).json()
    assert {f["key"]: f["count"] for f in owners["facets"]["degree"]} == {}
    found = client_for(ada).get(f"/api/v1/groups/{group.slug}/members", {"q": "member 3"}).json()
    assert [r["member"]["name"] for r in found["members"]] == ["Member 3"]
    small = selectors.members(selectors.access_group(ada, group.slug), ada, per_page=3, page=3)
    assert [m.member.profile.name for m in small.memberships] == ["Linus Torvalds", "Grace Hopper"] and not small.has_more


def test_rosters_kept_are_bounded(scene, settings):
    group, ada, *_ = scene
    settings.KITH_GROUP_ROSTERS = 2
    others = [actions.create_group(ada, name=f"Group {i}") for i in range(3)]
    for g in [group, *others]:
        selectors.members(selectors.access_group(ada, g.slug), ada)
    assert len(roster._rosters) == 2 and set(roster._rosters) == {others[1].pk, others[2].pk}


def test_the_location_facet_counts_what_the_viewer_may_see(scene):
    """Cities of profiles every member sees; a connections-only profile's city only for its
    connections; members blocked either way taken off."""
    group, ada, grace, linus, alan = scene
    Profile.objects.filter(pk=grace.pk).update(city="Arlington", visibility=Visibility.CONNECTIONS)  # ada's connection
    Profile.objects.filter(pk=linus.pk).update(city="Helsinki")
    hidden = make_member("Hidden Hilda", city="Arlington")
    Profile.objects.filter(pk=hidden.pk).update(visibility=Visibility.CONNECTIONS)
    blocked = make_member("Blocked Bob", city="Helsinki")
    for m in (hidden, blocked, alan):
        actions.join(m, group)
    network_actions.block(ada, blocked)
    facet = lambda viewer: {f["key"]: f["count"] for f in client_for(viewer).get(f"/api/v1/groups/{group.slug}/members").json()["facets"]["location"]}  # noqa: E731
    assert facet(ada) == {"Arlington": 1, "Helsinki": 1}  # grace's (a connection), linus's; not hilda's nor bob's
    assert facet(alan) == {"Helsinki": 2}  # linus and bob; no connections-only city
    assert [r["member"]["name"] for r in client_for(ada).get(f"/api/v1/groups/{group.slug}/members", {"location": "Arlington"}).json()["members"]] == ["Grace Hopper"]
