"""Reads about the network on a member's behalf.

Every list of members here leaves out members blocked either way and deactivated
accounts (``_hide``), the same rule ``members.selectors.visible_profiles`` applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone

from kith.core.errors import KithError, NotFound
from kith.core.sql import count_all
from kith.members.models import (
    Block,
    Connection,
    ConnectionsVisibility,
    Education,
    InvitePolicy,
    Position,
    Profile,
    User,
)
from kith.members.selectors import ProfileAccess, blocked_ids
from kith.moderation import gates
from kith.moderation.content import Shown
from kith.moderation.models import Restriction as ModerationRestriction
from kith.network.models import Follow, Invitation

__all__ = [
    "Box",
    "Relationship",
    "Restriction",
    "blocked_members",
    "connection_count",
    "connections",
    "invitation_for_recipient",
    "invitation_for_sender",
    "invitation_restriction",
    "invitations",
    "is_within_second_degree",
    "relationship",
]


def format_day(moment: datetime) -> str:
    """How refusals name a day: "3 March 2027"."""
    return dateformat.format(timezone.localtime(moment), "j F Y")


def format_moment(moment: datetime) -> str:
    """How refusals name a moment: "3 March 2027 at 14:05 UTC"."""
    return dateformat.format(timezone.localtime(moment), "j F Y \\a\\t H:i T")


class Box:
    RECEIVED = "received"
    SENT = "sent"
    IGNORED = "ignored"
    ALL = (RECEIVED, SENT, IGNORED)


def _hide(qs: QuerySet, member: User, field: str) -> QuerySet:
    """Drop rows whose ``field`` member is blocked either way or deactivated."""
    qs = qs.filter(**{f"{field}__is_active": True})
    hidden = blocked_ids(member)
    return qs.exclude(**{f"{field}_id__in": hidden}) if hidden else qs


def expiry_cutoff(now: datetime | None = None) -> datetime:
    """Invitations created before this are past their life (6 months by default)."""
    return (now or timezone.now()) - relativedelta(months=settings.KITH_INVITATION_EXPIRY_MONTHS)


def ignored_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.KITH_IGNORED_KEPT_DAYS)


# --- invitations -----------------------------------------------------------------------


def sent_pending(member: User) -> QuerySet[Invitation]:
    """What the sender sees as pending: open invitations and silently declined ones
    (an "I don't know" or spam answer looks to the sender exactly like no answer),
    until they would have expired or the sender withdrew them from view."""
    return Invitation.objects.filter(
        sender=member,
        status__in=Invitation.SEEN_PENDING_BY_SENDER,
        dismissed_by_sender_at__isnull=True,
        created_at__gt=expiry_cutoff(),
    )


def invitations(member: User, box: str) -> QuerySet[Invitation]:
    """One box of the member's invitations, newest first.

    received: pending invitations to the member. ignored: those the member ignored
    in the last 30 days (still acceptable). sent: see ``sent_pending``.
    """
    if box == Box.RECEIVED:
        qs = Invitation.objects.filter(recipient=member, status=Invitation.Status.PENDING)
        qs = _hide(qs, member, "sender")
    elif box == Box.IGNORED:
        qs = Invitation.objects.filter(
            recipient=member, status=Invitation.Status.IGNORED, answered_at__gt=ignored_cutoff()
        )
        qs = _hide(qs, member, "sender")
    elif box == Box.SENT:
        qs = _hide(sent_pending(member), member, "recipient")
    else:
        raise KithError("Box: choose received, sent or ignored.", "invalid", "box")
    return qs.select_related("sender__profile", "recipient__profile").order_by("-created_at", "-pk")


def invitation_for_recipient(member: User, invitation_id: int) -> Invitation:
    """An invitation the member may answer (received, or ignored within the 30 days), or has answered
    for good (accepted, unknown, spam): answering the same again answers the same (idempotent), another
    answer is the action's 409. Its sender hidden by a block, or expired, it is not found."""
    invitation = (
        invitations(member, Box.RECEIVED).filter(pk=invitation_id).first()
        or invitations(member, Box.IGNORED).filter(pk=invitation_id).first()
        or _hide(Invitation.objects.filter(pk=invitation_id, recipient=member, status__in=Invitation.ANSWERED_FOR_GOOD), member, "sender")
        .select_related("sender__profile", "recipient__profile")
        .first()
    )
    if invitation is None:
        raise NotFound("No such invitation.", field="invitation")
    return invitation


def invitation_for_sender(member: User, invitation_id: int) -> Invitation:
    """An invitation the member sent and still sees as pending (so may withdraw), or withdrew
    (withdrawing again answers the same)."""
    invitation = (
        invitations(member, Box.SENT).filter(pk=invitation_id).first()
        or _hide(Invitation.objects.filter(Q(status=Invitation.Status.WITHDRAWN) | Q(dismissed_by_sender_at__isnull=False), pk=invitation_id, sender=member), member, "recipient")
        .select_related("sender__profile", "recipient__profile")
        .first()
    )
    if invitation is None:
        raise NotFound("No such invitation.", field="invitation")
    return invitation


def invitation_counts(member: User) -> dict[str, int]:
    """How many invitations each box holds, in one query."""
    return count_all({box: invitations(member, box) for box in Box.ALL})


# --- standing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restriction:
    """A sender who, until ``ends_at``, may only invite members whose email they type."""

    starts_at: datetime
    ends_at: datetime
    declined_count: int
    answered_count: int
    window_days: int

    @property
    def reason(self) -> str:
        return (
            f"In the {self.window_days} days before {format_day(self.starts_at)}, {self.declined_count} of your "
            f"{self.answered_count} answered invitations were answered \"I don't know this person\" or reported as spam."
        )

    @property
    def message(self) -> str:
        return (
            f"{self.reason} Until {format_moment(self.ends_at)} you can only invite members whose "
            "email address you type."
        )


def invitation_restriction(member: User, *, now: datetime | None = None) -> Restriction | None:
    """The member's standing restriction in force now, if any (from moderation's one read of
    the member's restrictions a request)."""
    standing = [
        r for r in gates.in_force(member, now=now) if r.kind == ModerationRestriction.Kind.STANDING and r.ends_at is not None
    ]
    row = max(standing, key=lambda r: r.ends_at, default=None)
    if row is None:
        return None
    return Restriction(
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        declined_count=row.details.get("declined", 0),
        answered_count=row.details.get("answered", 0),
        window_days=row.details.get("window_days", settings.KITH_STANDING_WINDOW_DAYS),
    )


def standing(member: User, *, now: datetime | None = None) -> tuple[int, int]:
    """(declined, answered): the member's sent invitations answered in the standing window,
    and how many of those were "I don't know" or spam."""
    now = now or timezone.now()
    answered = Invitation.objects.filter(
        sender=member,
        status__in=Invitation.ANSWERED,
        answered_at__gt=now - timedelta(days=settings.KITH_STANDING_WINDOW_DAYS),
        answered_at__lte=now,
    )
    return answered.filter(status__in=Invitation.DECLINED).count(), answered.count()


def below_standing(declined: int, answered: int) -> bool:
    return (
        declined >= settings.KITH_STANDING_MIN_DECLINED
        and answered > 0
        and declined / answered >= settings.KITH_STANDING_MIN_SHARE
    )


# --- connections ---------------------------------------------------------------------------


def is_within_second_degree(a: int | User, b: int | User) -> bool:
    """Whether a and b are connected or share at least one connection (the graph engine answers)."""
    from kith.graph import adapter

    a_id = a if isinstance(a, int) else a.pk
    b_id = b if isinstance(b, int) else b.pk
    return adapter.degrees_of(a_id, [b_id]).get(b_id) in (1, 2)


def invite_requirement(sender: User, profile: Profile, *, degree: int | None = -1) -> str:
    """What ``sender`` needs, under ``profile``'s invite policy, to invite its member.

    "" (nothing), "email" (their email address typed) or "second_degree" (refused:
    only members sharing a connection with them may invite). ``degree`` (1, 2, 3
    or None for out of network) when the caller already knows it, as a page of
    suggestions does; else the graph is asked when the policy needs it.
    """
    policy = profile.invite_policy
    if policy == InvitePolicy.EMAIL:
        return "email"
    if policy == InvitePolicy.SECOND_DEGREE:
        within = degree in (1, 2) if degree != -1 else is_within_second_degree(sender, profile.pk)
        if not within:
            return "second_degree"
    return ""


def count_connections(member_id: int) -> int:
    """Raw count, for limits (no viewer involved)."""
    return Connection.objects.filter(member_id=member_id).count()


def connections(member: User, *, q: str = "", sort: str = "recent") -> QuerySet[Connection]:
    """The member's own connections (rows with ``other`` = the connection), searchable by name."""
    qs = _hide(Connection.objects.filter(member=member), member, "other").select_related("other__profile")
    q = (q or "").strip()
    if q:
        qs = qs.filter(other__profile__name__icontains=q)
    if sort == "name":
        return qs.order_by("other__profile__name", "other_id")
    return qs.order_by("-created_at", "-other_id")


def connection_count(viewer: User | None, member: User | Profile) -> int | None:
    """How many connections ``member`` has as ``viewer`` may know it, or None when hidden.

    The member always sees their own count; others see it only when the member lets
    their connections see it and the viewer is one. Members blocked either way with
    the viewer are not counted.
    """
    profile = member if isinstance(member, Profile) else member.profile
    viewer = viewer if viewer is not None and viewer.is_authenticated else None
    if viewer is None:
        return None
    if viewer.pk != profile.pk:
        if profile.pk in blocked_ids(viewer):
            return None
        if profile.connections_visibility == ConnectionsVisibility.ONLY_ME:
            return None
        if not Connection.objects.filter(member_id=viewer.pk, other_id=profile.pk).exists():
            return None
    qs = Connection.objects.filter(member_id=profile.pk, other__is_active=True)
    hidden = blocked_ids(viewer)
    if hidden:
        qs = qs.exclude(other_id__in=hidden)
    return qs.count()


def blocked_members(member: User) -> QuerySet[Block]:
    """The members this member blocked (never those who blocked them)."""
    return Block.objects.filter(blocker=member).select_related("blocked__profile").order_by("-created_at")


def blocked_profile(member: User, handle: str) -> Profile:
    """A profile the member blocked, by handle (access_profile hides it, unblocking needs it)."""
    block = Block.objects.filter(blocker=member, blocked__profile__handle=handle).select_related("blocked__profile").first()
    if block is None:
        raise NotFound("You haven't blocked a member with that handle.", field="handle")
    return block.blocked.profile


# --- one profile, seen by one member ----------------------------------------------------------


@dataclass
class Relationship:
    """Where the viewer stands with one profile: what the profile page's actions offer."""

    is_self: bool
    connected: bool
    following: bool
    can_follow: bool
    sent: Invitation | None
    received: Invitation | None
    needs_email: bool
    connection_count: int | None


def relationship(viewer: User, access: ProfileAccess) -> Relationship:
    profile = access.profile
    if access.is_self:
        return Relationship(True, False, False, False, None, None, False, connection_count(viewer, profile))
    received = (
        Invitation.objects.filter(sender_id=profile.pk, recipient=viewer, status__in=Invitation.OPEN)
        .filter(Q(status=Invitation.Status.PENDING) | Q(answered_at__gt=ignored_cutoff()))
        .first()
    )
    sent = sent_pending(viewer).filter(recipient_id=profile.pk).first()
    needs_email = invite_requirement(viewer, profile, degree=access.degree) == "email" or invitation_restriction(viewer) is not None
    return Relationship(
        is_self=False,
        connected=access.is_connected,
        following=Follow.objects.filter(follower=viewer, followed_id=profile.pk).exists(),
        can_follow=access.full,
        sent=sent,
        received=received,
        needs_email=needs_email,
        connection_count=connection_count(viewer, profile),
    )


# --- for moderators --------------------------------------------------------------------------------

RECENT_INVITATIONS_FOR_MODERATORS = 25


def recent_invitations_for_moderators(member: User) -> list[dict]:
    """The member's last invitations and how each was answered (kith.moderation.history)."""
    rows = (
        Invitation.objects.filter(sender=member)
        .select_related("recipient__profile")
        .order_by("-created_at")[:RECENT_INVITATIONS_FOR_MODERATORS]
    )
    return [
        {
            "Sent": i.created_at.strftime("%Y-%m-%d %H:%M"),
            "To": i.recipient.profile.name,
            "Answer": i.get_status_display(),
            "Note": i.note or "—",
        }
        for i in rows
    ]


# --- what moderation asks of the network (registered in apps.py) -----------------------------------


def is_stranger(sender: User, recipient: User) -> bool:
    """No connection in common (nor connected), no company and no school shared: the hold rules'
    "stranger" (kith.moderation.holds)."""
    if is_within_second_degree(sender.pk, recipient.pk):
        return False
    companies = {c.strip().lower() for c in Position.objects.filter(profile_id=sender.pk).values_list("company", flat=True)}
    theirs = {c.strip().lower() for c in Position.objects.filter(profile_id=recipient.pk).values_list("company", flat=True)}
    if companies & theirs:
        return False
    schools = {c.strip().lower() for c in Education.objects.filter(profile_id=sender.pk).values_list("school", flat=True)}
    their_schools = {c.strip().lower() for c in Education.objects.filter(profile_id=recipient.pk).values_list("school", flat=True)}
    return not (schools & their_schools)


def personal_words(recipient: User) -> list[str]:
    """The recipient's own words a personalised template fills in: names, companies, titles, city."""
    profile = recipient.profile
    words = [*profile.name.split(), profile.name, profile.city, profile.headline]
    for company, title in Position.objects.filter(profile_id=recipient.pk).values_list("company", "title"):
        words += [company, title]
    return [w for w in words if w]


def answers_since(member: User, since: datetime) -> tuple[int, int]:
    """(answered, declined) of the member's sent invitations answered after ``since``."""
    answered = Invitation.objects.filter(sender=member, status__in=Invitation.ANSWERED, answered_at__gt=since)
    return answered.count(), answered.filter(status__in=Invitation.DECLINED).count()


def answers_since_many(since: dict[int, datetime]) -> dict[int, tuple[int, int]]:
    """``answers_since`` for many members in one query: {member id: (answered, declined)} of
    their sent invitations answered after each one's own ``since``."""
    out = {int(pk): (0, 0) for pk in since}
    if not since:
        return out
    declined = set(Invitation.DECLINED)
    rows = Invitation.objects.filter(
        sender_id__in=list(out), status__in=Invitation.ANSWERED, answered_at__gt=min(since.values())
    ).values_list("sender_id", "status", "answered_at")
    for sender, status, at in rows:
        if at > since[sender]:
            answered, refused = out[sender]
            out[sender] = (answered + 1, refused + (status in declined))
    return out


def acceptance_facts(member: User) -> tuple[int, int]:
    """(accepted, declined) of every invitation the member sent (trust levels)."""
    sent = Invitation.objects.filter(sender=member)
    return sent.filter(status=Invitation.Status.ACCEPTED).count(), sent.filter(status__in=Invitation.DECLINED).count()


def invitation_for_moderators(invitation: Invitation, report_ids: list[int]):
    recipient = invitation.recipient.profile
    return Shown(
        title=f"The invitation to {recipient.name} (@{recipient.handle}), {invitation.created_at:%Y-%m-%d %H:%M}",
        text=invitation.note or "(no note)",
        rows=[{"Status": invitation.get_status_display(), "Typed their email": "yes" if invitation.knows_email else "no"}],
    )
