"""Demo moderation, written through the actions after the community is loaded: a moderator
account, and something in the queue for them to try on `make run` — a reported invitation (its
sender's other invitations answered "Ignore" and "I don't know"), a reported conversation (a
message request), and an automatic hold (the same note to five strangers).

The accounts behind them are made here (at the spam-like domain, so ``kith insightsquality`` counts
them as spam): the demo's own spam-like accounts have sent invitations in bulk, past the actions,
and may already be at a new member's weekly limit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction

from kith.core.errors import KithError
from kith.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD, LOGIN_EMAIL, SPAM_DOMAIN
from kith.members import actions as members
from kith.members.models import Connection, User
from kith.messaging import actions as messaging
from kith.moderation import actions as moderation
from kith.moderation import holds
from kith.moderation.models import QueueItem
from kith.network import actions as network

__all__ = ["MODERATOR_EMAIL", "Moderation", "build_moderation"]

MODERATOR_EMAIL = f"moderator@{DEMO_DOMAIN}"
MODERATOR_NAME = "Morgan Reyes"

REPORTED_NOTE = "Hi! I help professionals like you earn passive income from home. Reply and I'll send you the details."
CONVERSATION_TEXT = "Hello dear, I saw your profile and I have a business proposal for you. Can we talk somewhere private?"
HOLD_NOTE = "Hi, I'm building my network of ambitious professionals and would love to add you. Let's connect and grow together!"
HOLD_STRANGERS = 12  # at most: the hold fires at the fifth near-identical note


@dataclass
class Moderation:
    moderator: User | None = None
    items: dict[str, int] = field(default_factory=dict)  # kind -> queue item id


def _account(name: str, local: str, headline: str = "") -> User:
    email = f"{local}@{SPAM_DOMAIN}"
    existing = User.objects.filter(email=email).first()
    return existing or members.create_member(email=email, name=name, password=DEMO_PASSWORD, verified=True, headline=headline)


def _strangers(rnd: random.Random, genuine: list[int], n: int) -> list[User]:
    """Genuine members (not Ada, who has her own demo) in a random order."""
    return list(User.objects.in_bulk(rnd.sample(genuine, min(n, len(genuine)))).values())


def _invite(sender: User, candidates: list[User], note: str) -> tuple[User, object] | None:
    """The first candidate the sender may invite (no pending invitation either way, not connected)."""
    for recipient in candidates:
        try:
            return recipient, network.send_invitation(sender, to=recipient, note=note)
        except KithError:
            continue
    return None


@transaction.atomic
def build_moderation(*, seed: int = 42) -> Moderation:
    """The demo moderator and three open queue items. Idempotent enough for ``kith demo`` on a
    fresh database; returns an empty result when there are too few genuine members."""
    rnd = random.Random(seed)
    out = Moderation()
    genuine = list(
        User.objects.filter(email__iendswith="@" + DEMO_DOMAIN, is_active=True)
        .exclude(email__in=[LOGIN_EMAIL, MODERATOR_EMAIL])
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    if len(genuine) < 30:
        return out
    moderator = User.objects.filter(email=MODERATOR_EMAIL).first() or members.create_member(
        email=MODERATOR_EMAIL, name=MODERATOR_NAME, password=DEMO_PASSWORD, verified=True, headline="Community moderator"
    )
    moderation.grant_moderator(moderator)
    out.moderator = moderator
    pool = _strangers(rnd, genuine, 40)

    # A reported invitation, with the sender's history beside it: an ignored one, an "I don't know".
    seller = _account("Vivian Sterling", "vivian.sterling", "Financial freedom coach")
    answers = [network.report_invitation, network.ignore_invitation, network.mark_unknown]
    for answer in answers:
        sent = _invite(seller, pool, REPORTED_NOTE)
        if sent is None:
            break
        recipient, invitation = sent
        pool.remove(recipient)
        if answer is network.report_invitation:
            answer(invitation, recipient, text="A stranger selling a get-rich scheme.")
        else:
            answer(invitation, recipient)

    # A reported conversation: a message request to a member who takes them from anyone.
    caller = _account("Daniel Brooks", "daniel.brooks")
    recipient = pool.pop()
    if not Connection.objects.filter(member=caller, other=recipient).exists():
        members.update_privacy(recipient, message_policy="anyone")
        try:
            conversation = messaging.start_conversation(caller, handles=[recipient.profile.handle], text=CONVERSATION_TEXT)
            messaging.report_conversation(recipient, conversation_id=conversation.pk, reason="spam", text="Asked to move to a private chat.")
        except KithError:
            pass

    # An automatic hold: the same note to strangers, through the real rule.
    blaster = _account("Network Builder", "network.builder")
    for person in pool[:HOLD_STRANGERS]:
        if holds.is_held(blaster):
            break
        _invite(blaster, [person], HOLD_NOTE)

    for kind, member in (("invitation", seller), ("conversation", caller), ("hold", blaster)):
        item = QueueItem.objects.filter(member=member, kind=kind, status=QueueItem.Status.OPEN).order_by("-pk").first()
        if item is not None:
            out.items[kind] = item.pk
    return out
