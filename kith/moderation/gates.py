"""What the apps above ask moderation before a member acts: may they invite, send a message
request, post, sign in? Each check raises the refusal the member sees, naming the restriction,
its reason and when it ends; or returns quietly.

    gates.check_may_invite(sender, knows_email=…)     # network: send_invitation
    gates.check_may_request_message(sender)           # messaging: a message request to a stranger
    gates.check_may_post(author, text=…)              # posts and groups: a post or a comment
    gates.hold_group_post(author, earlier_posts=n)    # groups: a new member's first posts wait
    gates.check_links(member, text)                   # new members: no links to non-connections
    gates.sign_in_refusal(user)                       # members: log in, sessions, API tokens
"""

from __future__ import annotations

import contextvars
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import dateformat, timezone

from kith.core.errors import KithError, LimitReached, PermissionDenied
from kith.members.models import User
from kith.moderation import similarity, trust
from kith.moderation.models import Restriction

__all__ = [
    "check_links",
    "check_may_invite",
    "check_may_post",
    "check_may_request_message",
    "forget",
    "hold_group_post",
    "in_force",
    "refusal",
    "sign_in_refusal",
]


def format_moment(moment: datetime) -> str:
    """How refusals name a moment: "3 March 2027 at 14:05 UTC" (as the network's do)."""
    return dateformat.format(timezone.localtime(moment), "j F Y \\a\\t H:i T")


# A member's restrictions in force are read once a request: the sign-in gate, the notice on
# every page, the invitation form and the actions' checks all ask (three or four reads of the
# same rows a page before). The middleware opens the scope; every write of a restriction
# (kith.moderation.actions) calls forget(), so a check after a hold in the same request sees it.
# Outside a request (tasks, commands, tests calling the actions) and with an explicit ``now``,
# every call reads the database.
_read: contextvars.ContextVar[dict[int, list[Restriction]] | None] = contextvars.ContextVar("kith_restrictions", default=None)


class RestrictionsPerRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read.set({})
        try:
            return self.get_response(request)
        finally:
            _read.reset(token)


def forget() -> None:
    """Drop the restrictions this request has read (after writing one)."""
    read = _read.get()
    if read:
        read.clear()


def in_force(member: User, *, now: datetime | None = None) -> list[Restriction]:
    read = _read.get() if now is None else None
    if read is not None and member.pk in read:
        return list(read[member.pk])
    now = now or timezone.now()
    rows = list(
        Restriction.objects.filter(member=member, lifted_at__isnull=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-starts_at")
    )
    if read is not None:
        read[member.pk] = rows
    return list(rows)


def until(restriction: Restriction) -> str:
    if restriction.ends_at is None:
        return "until a moderator has reviewed your account"
    return f"until {format_moment(restriction.ends_at)}"


# Which restriction stops the member, in the words of the refusal.
WHICH = {
    Restriction.Kind.HOLD: "An automatic hold is on your account",
    Restriction.Kind.INVITATIONS: "A moderator has restricted your invitations",
    Restriction.Kind.POSTING: "A moderator has restricted your posting",
    Restriction.Kind.SUSPENSION: "Your account is suspended",
    Restriction.Kind.STANDING: "Your invitations are restricted",
}


def refusal(restriction: Restriction, doing: str) -> KithError:
    """The error for ``doing`` ("send invitations") under ``restriction``."""
    reason = restriction.reason.strip()
    message = f"{WHICH[restriction.kind]}: you can't {doing} {until(restriction)}. Why: {reason}"
    if not message.endswith((".", "!", "?")):
        message += "."
    code = {
        Restriction.Kind.HOLD: "held",
        Restriction.Kind.INVITATIONS: "invitations_restricted",
        Restriction.Kind.POSTING: "posting_restricted",
        Restriction.Kind.SUSPENSION: "suspended",
        Restriction.Kind.STANDING: "standing_restricted",
    }[restriction.kind]
    if restriction.ends_at is None:
        return PermissionDenied(message, code)
    return LimitReached(message, code, lifts_at=restriction.ends_at)


def _first(member: User, kinds: tuple[str, ...], now: datetime | None) -> Restriction | None:
    for restriction in in_force(member, now=now):
        if restriction.kind in kinds:
            return restriction
    return None


def check_may_invite(sender: User, *, knows_email: bool = False, now: datetime | None = None) -> None:
    """A hold, a moderator's restriction or a suspension stop every invitation; a standing
    restriction only those to members whose address the sender did not type."""
    found = _first(sender, (Restriction.Kind.SUSPENSION, Restriction.Kind.HOLD, Restriction.Kind.INVITATIONS), now)
    if found is not None:
        raise refusal(found, "send invitations")
    standing = _first(sender, (Restriction.Kind.STANDING,), now)
    if standing is not None and not knows_email:
        error = LimitReached(
            f"{standing.reason} Until {format_moment(standing.ends_at)} you can only invite members whose email address you type.",
            "standing_restricted",
            lifts_at=standing.ends_at,
            field="email",
        )
        raise error


def check_may_request_message(sender: User, *, now: datetime | None = None) -> None:
    found = _first(sender, (Restriction.Kind.SUSPENSION, Restriction.Kind.HOLD), now)
    if found is not None:
        raise refusal(found, "send message requests")


def check_may_post(author: User, *, text: str = "", now: datetime | None = None) -> None:
    """For posts, comments and group posts."""
    found = _first(author, (Restriction.Kind.SUSPENSION, Restriction.Kind.POSTING), now)
    if found is not None:
        raise refusal(found, "post")
    check_links(author, text, now=now)


def check_links(member: User, text: str, *, now: datetime | None = None) -> None:
    """New members may not put links in posts or in messages to non-connections."""
    if not similarity.has_link(text):
        return
    limits = trust.limits(member, now=now)
    if limits.links_per_day is None or limits.links_per_day > 0:
        return
    raise LimitReached(
        "New members can't include links in posts or in messages to people they aren't connected to. "
        f"You can from {format_moment(limits.lifts_at)}, or once you have "
        f"{settings.KITH_TRUST_NEW_UNTIL_CONNECTIONS} connections.",
        "new_member_links",
        lifts_at=limits.lifts_at,
        field="text",
    )


def hold_group_post(author: User, *, earlier_posts: int, now: datetime | None = None) -> bool:
    """Whether a group post waits for the group's moderators: a new member's first few do."""
    return earlier_posts < trust.limits(author, now=now).held_group_posts


def sign_in_refusal(user: User, *, now: datetime | None = None) -> str | None:
    """Why ``user`` may not sign in (a suspension, with its reason and end), or None."""
    found = _first(user, (Restriction.Kind.SUSPENSION,), now)
    if found is None:
        return None
    return f"Your account is suspended {until(found)}. Reason: {found.reason}"
