"""Trust levels, in the spirit of Discourse's: new, member, trusted — and the limits each gets.

- **new**: the first ``KITH_TRUST_NEW_DAYS`` days after joining, ended early by
  ``KITH_TRUST_NEW_UNTIL_CONNECTIONS`` connections (invitations accepted either way).
- **trusted**: older than ``KITH_TRUST_TRUSTED_DAYS``, with at least ``KITH_TRUST_TRUSTED_MIN_ACCEPTED``
  sent invitations accepted and accepted ≥ ``KITH_TRUST_TRUSTED_RATIO`` × declined ("I don't know" or spam).
- **member**: everyone else.

New members get lower limits (``limits``): invitations a week, message requests a day, links in
messages to non-connections and in posts, and their first group posts are held. The apps that own
those writes (network, messaging, posts, groups) ask :func:`limits`; the refusal names the limit and
when it lifts (the day the member stops being new, at the latest).

How a member's invitations were answered lives in the network app, above this one: it registers
a provider with :func:`register_invitation_facts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from kith.members.models import Connection, User

__all__ = ["Level", "Limits", "level_of", "limits", "register_invitation_facts"]


class Level:
    NEW = "new"
    MEMBER = "member"
    TRUSTED = "trusted"
    LABELS = {NEW: "New member", MEMBER: "Member", TRUSTED: "Trusted member"}


# member -> (accepted, declined) among the invitations they sent
_invitation_facts: Callable[[User], tuple[int, int]] | None = None


def register_invitation_facts(provider: Callable[[User], tuple[int, int]]) -> None:
    global _invitation_facts
    _invitation_facts = provider


def invitation_facts(member: User) -> tuple[int, int]:
    return _invitation_facts(member) if _invitation_facts is not None else (0, 0)


def new_until(member: User) -> datetime:
    return member.date_joined + timedelta(days=settings.KITH_TRUST_NEW_DAYS)


def level_of(member: User, *, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if settings.KITH_TRUST_NEW_DAYS > 0 and now < new_until(member):
        connections = Connection.objects.filter(member=member).count()
        if connections < settings.KITH_TRUST_NEW_UNTIL_CONNECTIONS:
            return Level.NEW
    if now - member.date_joined >= timedelta(days=settings.KITH_TRUST_TRUSTED_DAYS):
        accepted, declined = invitation_facts(member)
        if accepted >= settings.KITH_TRUST_TRUSTED_MIN_ACCEPTED and accepted >= settings.KITH_TRUST_TRUSTED_RATIO * declined:
            return Level.TRUSTED
    return Level.MEMBER


@dataclass(frozen=True)
class Limits:
    level: str
    invitations_per_window: int
    invitations_window_days: int
    message_requests_per_day: int
    links_per_day: int | None  # None: no limit
    held_group_posts: int  # how many of the member's first group posts wait for a group moderator
    lifts_at: datetime | None  # when the lower limits of a new member end

    @property
    def label(self) -> str:
        return Level.LABELS[self.level]


def limits(member: User, *, now: datetime | None = None) -> Limits:
    level = level_of(member, now=now)
    if level == Level.NEW:
        return Limits(
            level=level,
            invitations_per_window=min(settings.KITH_NEW_INVITATIONS_PER_WINDOW, settings.KITH_INVITATIONS_PER_WINDOW),
            invitations_window_days=settings.KITH_INVITATIONS_WINDOW_DAYS,
            message_requests_per_day=min(settings.KITH_NEW_MESSAGE_REQUESTS_PER_DAY, settings.KITH_MESSAGE_REQUESTS_PER_DAY),
            links_per_day=settings.KITH_NEW_LINKS_PER_DAY,
            held_group_posts=settings.KITH_NEW_HELD_GROUP_POSTS,
            lifts_at=new_until(member),
        )
    return Limits(
        level=level,
        invitations_per_window=settings.KITH_INVITATIONS_PER_WINDOW,
        invitations_window_days=settings.KITH_INVITATIONS_WINDOW_DAYS,
        message_requests_per_day=settings.KITH_MESSAGE_REQUESTS_PER_DAY,
        links_per_day=None,
        held_group_posts=0,
        lifts_at=None,
    )
