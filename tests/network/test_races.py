"""Races on PostgreSQL: crossed invitations and double accepts fired from threads."""

from functools import partial

import pytest

from kith.core.errors import KithError
from kith.network import actions
from kith.network.models import Block, Connection, ConnectionEvent, Invitation
from kith.notifications.models import Notification
from tests.concurrency import race
from tests.factories import make_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]

ROUNDS = 8


def accept_fresh(invitation_id: int, member):
    """Each thread loads the invitation itself, as a request would."""
    return actions.accept_invitation(Invitation.objects.get(pk=invitation_id), member)


def replay(a, b) -> bool:
    """Replay the event log for a pair: it must alternate added/removed and end where the rows are."""
    kinds = list(
        ConnectionEvent.objects.filter(member_a__in=[a, b], member_b__in=[a, b]).order_by("id").values_list("kind", flat=True)
    )
    for i, kind in enumerate(kinds):
        assert kind == ("added" if i % 2 == 0 else "removed"), kinds
    connected = bool(kinds) and kinds[-1] == "added"
    rows = Connection.objects.filter(member__in=[a, b], other__in=[a, b]).count()
    assert rows == (2 if connected else 0)
    return connected


def test_crossed_invitations_make_exactly_one_connection():
    for n in range(ROUNDS):
        a = make_member(f"Ada {n}")
        b = make_member(f"Grace {n}")
        results = race(partial(actions.send_invitation, a, to=b), partial(actions.send_invitation, b, to=a))
        assert not any(isinstance(r, Exception) for r in results), results
        assert replay(a, b)
        assert ConnectionEvent.objects.filter(member_a__in=[a, b]).count() == 1
        assert list(Invitation.objects.filter(sender__in=[a, b]).values_list("status", flat=True)) == ["accepted"]


def test_double_accepts_make_exactly_one_connection():
    for n in range(ROUNDS):
        a = make_member(f"Ada {n}")
        b = make_member(f"Grace {n}")
        invitation = actions.send_invitation(b, to=a)
        results = race(*[partial(accept_fresh, invitation.pk, a)] * 3)
        assert all(isinstance(r, Invitation) and r.status == "accepted" for r in results), results
        assert replay(a, b)
        assert ConnectionEvent.objects.filter(member_a__in=[a, b]).count() == 1
        assert Notification.objects.filter(recipient=b, kind="invitation_accepted").count() == 1


def test_same_invitation_sent_twice_at_once_is_one_invitation():
    for n in range(ROUNDS):
        a = make_member(f"Ada {n}")
        b = make_member(f"Grace {n}")
        results = race(partial(actions.send_invitation, a, to=b), partial(actions.send_invitation, a, to=b))
        errors = [r for r in results if isinstance(r, KithError)]
        assert len(errors) == 1 and errors[0].code == "already_invited"
        assert Invitation.objects.filter(sender=a, recipient=b).count() == 1


def test_accept_racing_a_block_leaves_a_consistent_log():
    for n in range(ROUNDS):
        a = make_member(f"Ada {n}")
        b = make_member(f"Grace {n}")
        invitation = actions.send_invitation(b, to=a)
        race(partial(accept_fresh, invitation.pk, a), partial(actions.block, b, a))
        assert Block.objects.filter(blocker=b, blocked=a).exists()
        assert replay(a, b) is False


def test_a_burst_of_invitations_stops_at_the_weekly_limit(settings):
    settings.KITH_INVITATIONS_PER_WINDOW = 3
    ada = make_member("Ada Lovelace")
    people = [make_member(f"Member {i}") for i in range(8)]
    results = race(*[partial(actions.send_invitation, ada, to=person) for person in people])
    refused = [r for r in results if isinstance(r, KithError)]
    assert len(refused) == 5 and {r.code for r in refused} == {"invitation_rate_limit"}
    assert Invitation.objects.filter(sender=ada).count() == 3
