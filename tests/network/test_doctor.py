"""`kith doctor` checks of the network: each catches its violation, and the actions never make one."""

import pytest
from django.db import connection

from kith.members.models import Block, Connection, ConnectionEvent
from kith.network import actions
from kith.network.models import Follow, Invitation
from tests.factories import connect


@pytest.fixture
def network(ada, grace, linus):
    """Ada and Grace connected through an accepted invitation; Linus invited, then blocked, by Ada."""
    actions.accept_invitation(actions.send_invitation(ada, to=grace), grace)
    actions.send_invitation(ada, to=linus)
    actions.block(ada, linus)
    return ada, grace, linus


def test_the_actions_keep_every_network_invariant(doctor, network):
    ada, grace, linus = network
    actions.disconnect(grace, ada)
    actions.accept_invitation(actions.send_invitation(grace, to=ada), ada)
    actions.unblock(ada, linus)
    actions.follow(linus, ada)
    assert doctor("network") == []


def test_bulk_loaded_connections_without_events_are_fine(doctor, ada, grace):
    Connection.objects.bulk_create([Connection(member=ada, other=grace), Connection(member=grace, other=ada)])
    assert doctor("network.event_log") == []
    actions.disconnect(ada, grace)  # its first event is a removal
    assert doctor("network") == []


def test_a_one_way_connection_is_found(doctor, network):
    ada, grace, _ = network
    Connection.objects.filter(member=grace, other=ada).delete()
    assert doctor("network.connections") == [f"{ada.pk} is connected to {grace.pk}, but {grace.pk} is not connected to {ada.pk}"]


@pytest.mark.postgres
def test_duplicate_and_self_connections_are_found_where_the_constraints_are_gone(doctor, ada, grace):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot drop a table's constraints")
    table = Connection._meta.db_table
    with connection.cursor() as cursor:  # a restore that lost its constraints; DDL rolls back with the test
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT connection_unique_pair, DROP CONSTRAINT connection_not_self")
    connect(ada, grace)
    Connection.objects.bulk_create([Connection(member=ada, other=grace), Connection(member=ada, other=ada)])
    found = doctor("network.connections")
    assert f"{ada.pk} is connected to {grace.pk} 2 times" in found
    assert f"{ada.pk} is connected to themselves" in found


def _delete_behind_the_log(ada, grace):
    Connection.objects.filter(member__in=[ada, grace]).delete()  # as the Django admin did


def _restore_behind_the_log(ada, grace):
    actions.disconnect(ada, grace)
    Connection.objects.bulk_create([Connection(member=ada, other=grace), Connection(member=grace, other=ada)])


@pytest.mark.parametrize(
    "change, said",
    [
        (_delete_behind_the_log, "are not connected, but the log's last event for them (event {}) connects them"),
        (_restore_behind_the_log, "are connected, but the log's last event for them (event {}) disconnects them"),
    ],
)
def test_a_connection_changed_behind_the_log_is_found(doctor, network, change, said):
    ada, grace, _ = network
    change(ada, grace)
    low, high = sorted((ada.pk, grace.pk))
    event = ConnectionEvent.objects.latest("id")
    assert doctor("network.event_log") == [f"{low} and {high} " + said.format(event.pk)]


def test_an_event_written_twice_is_found(doctor, network):
    ada, grace, _ = network
    twice = ConnectionEvent.objects.create(member_a=grace, member_b=ada, kind=ConnectionEvent.Kind.ADDED)
    low, high = sorted((ada.pk, grace.pk))
    assert doctor("network.event_log") == [f"event {twice.pk} (added) repeats the event before it for {low} and {high}"]


def test_ties_between_blocked_members_are_found(doctor, network):
    ada, grace, linus = network
    Block.objects.create(blocker=grace, blocked=ada)  # behind the block action's back
    Follow.objects.create(follower=linus, followed=ada)
    invitation = Invitation.objects.create(sender=linus, recipient=ada)
    low, high = sorted((ada.pk, grace.pk))
    assert doctor("network.blocks") == [
        f"{low} and {high} are connected although one blocked the other",
        # accepting made Ada and Grace follow each other
        *(f"{a} follows {b} although one blocked the other" for a, b in sorted([(ada.pk, grace.pk), (grace.pk, ada.pk), (linus.pk, ada.pk)])),
        f"invitation {invitation.pk} from {linus.pk} to {ada.pk} is still pending although one blocked the other",
    ]


def test_an_open_invitation_between_connections_is_found(doctor, network):
    ada, grace, _ = network
    invitation = Invitation.objects.create(sender=grace, recipient=ada, status=Invitation.Status.IGNORED)
    assert doctor("network.invitations") == [
        f"invitation {invitation.pk} from {grace.pk} to {ada.pk} is still ignored although they are connected"
    ]


def test_crossed_open_invitations_are_found(doctor, linus, members):
    one, two = members(2)
    first = Invitation.objects.create(sender=one, recipient=two)
    Invitation.objects.create(sender=two, recipient=one)
    assert doctor("network.invitations") == [
        f"{one.pk} and {two.pk} each have an open invitation to the other (invitation {first.pk} and its reverse)"
    ]
