"""Races on PostgreSQL: crossed invitations and double accepts fired from threads."""

from functools import partial

import pytest

from kith.core.errors import KithError
from kith.members.models import Block, Connection, ConnectionEvent
from kith.network import actions
from kith.network.models import Invitation
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


# --- answers are idempotent: the same answer ten times at once is ten times the same answer ------


def api_race(member, method: str, path: str, n: int = 10) -> list[int]:
    """``n`` API calls at once as ``member`` (each thread its own client and connection): the statuses."""
    from django.test import Client

    from kith.members.actions import create_api_token

    _, secret = create_api_token(member, "race")
    headers = {"Authorization": f"Bearer {secret}"}

    def one():
        client = Client()
        return getattr(client, method)(path, content_type="application/json", headers=headers).status_code

    return race(*[one] * n)


def test_ten_concurrent_accepts_all_answer_200_and_connect_once():
    for n in range(3):
        a = make_member(f"Ada {n}")
        b = make_member(f"Grace {n}")
        invitation = actions.send_invitation(b, to=a)
        assert api_race(a, "post", f"/api/v1/invitations/{invitation.pk}/accept") == [200] * 10
        assert replay(a, b)
        assert ConnectionEvent.objects.filter(member_a__in=[a, b]).count() == 1
        assert Notification.objects.filter(recipient=b, kind="invitation_accepted").count() == 1


@pytest.mark.parametrize("answer", ["ignore", "dont-know", "report"])
def test_ten_concurrent_silent_answers_all_answer_200(answer):
    from kith.moderation.models import Report

    a = make_member("Ada")
    b = make_member("Grace")
    invitation = actions.send_invitation(b, to=a)
    assert api_race(a, "post", f"/api/v1/invitations/{invitation.pk}/{answer}") == [200] * 10
    assert Invitation.objects.get(pk=invitation.pk).status == {"ignore": "ignored", "dont-know": "declined_unknown", "report": "reported"}[answer]
    assert Report.objects.filter(reporter=a).count() == (1 if answer == "report" else 0)


def test_ten_concurrent_withdrawals_all_answer_200():
    a = make_member("Ada")
    b = make_member("Grace")
    invitation = actions.send_invitation(a, to=b)
    assert api_race(a, "post", f"/api/v1/invitations/{invitation.pk}/withdraw") == [200] * 10
    assert Invitation.objects.get(pk=invitation.pk).status == "withdrawn"


@pytest.mark.parametrize(("answer", "status"), [("accept", 200), ("decline", 204), ("block", 204)])
def test_ten_concurrent_message_request_answers_all_answer_alike(answer, status):
    from kith.members.models import Profile
    from kith.messaging import actions as messaging
    from kith.messaging.models import MessageRequest

    a = make_member("Ada")
    b = make_member("Grace")
    Profile.objects.filter(pk=a.pk).update(message_policy="anyone")
    conversation = messaging.start_conversation(b, handles=[Profile.objects.get(pk=a.pk).handle], text="Hello")
    request = MessageRequest.objects.get(conversation=conversation)
    assert api_race(a, "post", f"/api/v1/message-requests/{request.pk}/{answer}") == [status] * 10
    assert Block.objects.filter(blocker=a, blocked=b).count() == (1 if answer == "block" else 0)
