import pytest

from kith.members.models import Block, Profile
from kith.messaging import actions
from kith.messaging.models import Conversation
from kith.network.models import Invitation


def handle(user) -> str:
    return Profile.objects.get(pk=user.pk).handle


def set_policy(user, policy: str) -> None:
    Profile.objects.filter(pk=user.pk).update(message_policy=policy)


def invite(sender, recipient, status=Invitation.Status.PENDING) -> Invitation:
    return Invitation.objects.create(sender=sender, recipient=recipient, status=status)


def block(blocker, blocked) -> None:
    Block.objects.create(blocker=blocker, blocked=blocked)


def start(sender, *recipients, text="Hello") -> Conversation:
    return actions.start_conversation(sender, handles=[handle(r) for r in recipients], text=text)


@pytest.fixture
def as_member(api_as):
    return api_as
