"""Every write to the network: invitations and their answers, connections, follows, blocks, reports.

Each action is one transaction. Actions touching a pair of members first lock both
member rows in id order (``_lock_pair``), so crossed invitations, double accepts
and a block racing an accept serialize instead of interleaving; the unique
constraints catch anything that slips past. Invitation moves all go through
``_move``, which enforces ``Invitation.TRANSITIONS``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kith.core import ratelimit
from kith.core.errors import KithError, LimitReached, NotFound, PermissionDenied
from kith.core.limits import rolling_window_lifts_at
from kith.members.models import Block, Connection, ConnectionEvent, Profile, User
from kith.members.selectors import access_profile, forget_blocks
from kith.moderation import gates, holds, trust
from kith.moderation.actions import REPORT_TEXT_MAX, file_report, restrict_for_standing
from kith.moderation.models import Report
from kith.network import selectors
from kith.network.models import Follow, Invitation, SuggestionDismissal
from kith.network.notification_kinds import INVITATION_ACCEPTED, INVITATION_RECEIVED
from kith.network.selectors import format_day, format_moment
from kith.network.signals import block_changed
from kith.notifications.actions import notify, retract

__all__ = [
    "accept_invitation",
    "block",
    "connect_introduced",
    "disconnect",
    "dismiss_suggestion",
    "erase_member",
    "expire_invitations",
    "follow",
    "remove_invitation",
    "ignore_invitation",
    "mark_unknown",
    "report_invitation",
    "report_member",
    "send_invitation",
    "unblock",
    "unfollow",
    "withdraw_invitation",
]

NOTE_MAX = 300


# --- helpers ------------------------------------------------------------------------------------


def _user(member: User | Profile) -> User:
    return member.user if isinstance(member, Profile) else member


def _name(user: User) -> str:
    return user.profile.name


def _lock_pair(a_id: int, b_id: int) -> None:
    """Lock both members' rows, always in id order so two transactions can't deadlock."""
    list(User.objects.select_for_update().filter(pk__in={a_id, b_id}).order_by("pk").values_list("pk", flat=True))


def _blocked_either_way(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def _connected(a_id: int, b_id: int) -> bool:
    return Connection.objects.filter(member_id=a_id, other_id=b_id).exists()


def _states_that_can_move_to(status: str) -> list[str]:
    return [state for state, targets in Invitation.TRANSITIONS.items() if status in targets]


_VERBS = {
    Invitation.Status.ACCEPTED: "accepted",
    Invitation.Status.IGNORED: "ignored",
    Invitation.Status.DECLINED_UNKNOWN: "marked as unknown",
    Invitation.Status.REPORTED: "reported",
    Invitation.Status.WITHDRAWN: "withdrawn",
    Invitation.Status.EXPIRED: "expired",
}


def _move(invitation: Invitation, status: str, *, now: datetime | None = None) -> None:
    """The one guard on invitation transitions. The caller holds the row lock."""
    if not invitation.can_move_to(status):
        raise KithError(
            f"This invitation is already {invitation.get_status_display().lower()}; it can't be {_VERBS[status]}.",
            "invalid_transition",
            "invitation",
            status=409,
        )
    invitation.status = status
    invitation.answered_at = now or timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


def _locked(invitation: Invitation) -> Invitation:
    _lock_pair(invitation.sender_id, invitation.recipient_id)
    return Invitation.objects.select_for_update(of=("self",)).select_related("sender__profile", "recipient__profile").get(pk=invitation.pk)


def _email_belongs_to(user: User, email: str) -> bool:
    email = email.strip().lower()
    if not email:
        return False
    return user.email.lower() == email or EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _check_connection_cap(sender: User, recipient: User) -> None:
    cap = settings.KITH_MAX_CONNECTIONS
    if selectors.count_connections(sender.pk) >= cap:
        raise KithError(
            f"You have {cap:,} connections, the most a member can have. You can still follow {_name(recipient)}.",
            "connection_limit",
            status=409,
        )
    if selectors.count_connections(recipient.pk) >= cap:
        raise KithError(
            f"{_name(recipient)} has {cap:,} connections, the most a member can have. You can follow them instead.",
            "connection_limit",
            status=409,
        )


def _connect(a: User, b: User, *, now: datetime) -> None:
    """Both connection rows, the event and the mutual follows: all or nothing (the caller's transaction)."""
    Connection.objects.bulk_create([Connection(member=a, other=b, created_at=now), Connection(member=b, other=a, created_at=now)])
    # A held invitation (a wrong typed address) between them has nothing left to wait for.
    Invitation.objects.filter(Q(sender=a, recipient=b) | Q(sender=b, recipient=a), status=Invitation.Status.HELD).update(
        status=Invitation.Status.EXPIRED, answered_at=now
    )
    ConnectionEvent.objects.create(member_a=a, member_b=b, kind=ConnectionEvent.Kind.ADDED, created_at=now)
    Follow.objects.bulk_create(
        [Follow(follower=a, followed=b, created_at=now), Follow(follower=b, followed=a, created_at=now)],
        ignore_conflicts=True,
    )


def _disconnect(a: User, b: User, *, now: datetime) -> bool:
    deleted, _ = Connection.objects.filter(Q(member=a, other=b) | Q(member=b, other=a)).delete()
    if deleted:
        ConnectionEvent.objects.create(member_a=a, member_b=b, kind=ConnectionEvent.Kind.REMOVED, created_at=now)
    return bool(deleted)


# --- sending ----------------------------------------------------------------------------------------


def _check_window(sender: User, now: datetime) -> None:
    limits = trust.limits(sender, now=now)
    limit, days = limits.invitations_per_window, limits.invitations_window_days
    lifts_at = rolling_window_lifts_at(
        Invitation.objects.filter(sender=sender), limit=limit, window=timedelta(days=days), now=now, actor=sender
    )
    if lifts_at is not None:
        new = ""
        if limits.level == trust.Level.NEW and limit < settings.KITH_INVITATIONS_PER_WINDOW:
            new = f" (a new member's limit until {format_moment(limits.lifts_at)})"
            lifts_at = min(lifts_at, limits.lifts_at)
        raise LimitReached(
            f"You have sent {limit} invitations in the last {days} days; the limit is {limit} per {days} days{new}. "
            f"You can send another from {format_moment(lifts_at)}.",
            "invitation_rate_limit",
            lifts_at=lifts_at,
        )


def _check_pending(sender: User) -> None:
    limit = settings.KITH_PENDING_INVITATIONS_MAX
    pending = selectors.sent_pending(sender)
    count = pending.count()
    if count >= limit:
        oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
        lifts_at = oldest + (timezone.now() - selectors.expiry_cutoff())
        raise LimitReached(
            f"You have {count} pending invitations; the limit is {limit}. Withdraw some from your Sent invitations, "
            f"or wait until they are answered or expire: the oldest expires on {format_day(lifts_at)}.",
            "pending_invitation_limit",
            lifts_at=lifts_at,
        )


@transaction.atomic
def send_invitation(sender: User, *, to: User | Profile, note: str = "", email_typed: str | None = None) -> Invitation:
    """Invite ``to`` to connect, after every check the issue lists, in this order.

    When ``to`` already invited the sender (crossed invitations), that invitation is
    accepted instead and returned (its ``sender`` is then ``to``).
    """
    recipient = _user(to)
    note = (note or "").strip()
    email_typed = (email_typed or "").strip() or None
    now = timezone.now()
    if recipient.pk == sender.pk:
        raise KithError("You can't invite yourself.", "self", "to")
    if len(note) > NOTE_MAX:
        raise KithError(f"Note: at most {NOTE_MAX} characters (this one has {len(note)}).", "too_long", "note")
    _lock_pair(sender.pk, recipient.pk)
    if not recipient.is_active or _blocked_either_way(sender.pk, recipient.pk):
        raise NotFound("No member with that handle.", field="to")
    name = _name(recipient)
    if _connected(sender.pk, recipient.pk):
        raise KithError(f"You are already connected to {name}.", "already_connected", "to", status=409)
    mine = selectors.sent_pending(sender).filter(recipient=recipient).first()
    if mine is not None:
        raise KithError(
            f"You already invited {name} on {format_day(mine.created_at)}; the invitation is pending.",
            "already_invited",
            "to",
            status=409,
        )
    theirs = Invitation.objects.select_for_update().filter(sender=recipient, recipient=sender, status__in=Invitation.OPEN).first()
    if theirs is not None:
        return _accept(theirs, now=now)

    # The sender is turned away for good after "I don't know" or a spam report.
    if Invitation.objects.filter(sender=sender, recipient=recipient, status__in=Invitation.DECLINED).exists():
        raise PermissionDenied(f"You can't invite {name}.", "invitation_refused", "to")
    withdrawn_at = (
        Invitation.objects.filter(
            sender=sender,
            recipient=recipient,
            status=Invitation.Status.WITHDRAWN,
            answered_at__gt=now - timedelta(days=settings.KITH_REINVITE_COOLDOWN_DAYS),
        )
        .order_by("-answered_at")
        .values_list("answered_at", flat=True)
        .first()
    )
    if withdrawn_at is not None:
        lifts_at = withdrawn_at + timedelta(days=settings.KITH_REINVITE_COOLDOWN_DAYS)
        raise LimitReached(
            f"You withdrew an invitation to {name} on {format_day(withdrawn_at)}; you can invite them again "
            f"{settings.KITH_REINVITE_COOLDOWN_DAYS} days later, from {format_moment(lifts_at)}.",
            "reinvite_cooldown",
            lifts_at=lifts_at,
            field="to",
        )
    _check_connection_cap(sender, recipient)

    # A typed address is answered the same whether or not it is the recipient's: a wrong one
    # makes a held invitation that the sender sees pending and the recipient never sees.
    # Every check below treats both alike, and typed addresses have a budget of their own.
    typed = email_typed is not None
    held = typed and not _email_belongs_to(recipient, email_typed)
    gates.check_may_invite(sender, knows_email=typed, now=now)
    requirement = selectors.invite_requirement(sender, recipient.profile)
    if requirement == "email" and not typed:
        raise PermissionDenied(
            f"{name} accepts invitations only from people who know their email address: type it to invite them.",
            "email_required",
            "email",
        )
    if requirement == "second_degree":
        raise PermissionDenied(
            f"{name} accepts invitations only from 2nd-degree connections (people who share a connection with them). "
            "You can follow them instead.",
            "invite_policy",
            "to",
        )
    _check_window(sender, now)
    _check_pending(sender)
    if typed:
        _count_typed_email(sender)

    status = Invitation.Status.HELD if held else Invitation.Status.PENDING
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                sender=sender, recipient=recipient, note=note, knows_email=typed and not held, status=status, created_at=now
            )
    except IntegrityError as exc:  # a concurrent request won the one-open-invitation constraint
        raise KithError(f"You already invited {name}; the invitation is pending.", "already_invited", "to", status=409) from exc
    if not held:
        notify(recipient, INVITATION_RECEIVED, actor=sender, target=invitation)
    holds.invitation_sent(
        sender,
        recipient_id=recipient.pk,
        stranger=not (typed and not held) and selectors.is_stranger(sender, recipient),
        note=note,
        mask=selectors.personal_words(recipient),
        now=now,
    )
    return invitation


def _count_typed_email(sender: User) -> None:
    """Invitations with a typed email address, matched or not, count against their own budget,
    so guessing members' addresses through invitations is slow even though no answer tells."""
    ratelimit.consume(
        "invitation-typed-email",
        str(sender.pk),
        limit=settings.KITH_TYPED_EMAIL_INVITATIONS_PER_DAY,
        window=86400,
        what="invitations with a typed email address",
        code="typed_email_limit",
        field="email",
    )


# --- answering ------------------------------------------------------------------------------------


def _accept(invitation: Invitation, *, now: datetime) -> Invitation:
    """Accept a locked invitation (the pair is locked too)."""
    if invitation.status == Invitation.Status.ACCEPTED:
        return invitation  # a double accept answers like the first one
    if invitation.can_move_to(Invitation.Status.ACCEPTED):
        _check_connection_cap(invitation.recipient, invitation.sender)
    _move(invitation, Invitation.Status.ACCEPTED, now=now)
    if not _connected(invitation.sender_id, invitation.recipient_id):
        _connect(invitation.sender, invitation.recipient, now=now)
    notify(invitation.sender, INVITATION_ACCEPTED, actor=invitation.recipient, target=invitation)
    return invitation


def _recipients(invitation: Invitation, by: User) -> None:
    if invitation.recipient_id != by.pk:
        raise NotFound("No such invitation.", field="invitation")


@transaction.atomic
def accept_invitation(invitation: Invitation, by: User) -> Invitation:
    """Connect the two members; they follow each other. Idempotent: accepting twice connects once."""
    _recipients(invitation, by)
    invitation = _locked(invitation)
    return _accept(invitation, now=timezone.now())


@transaction.atomic
def ignore_invitation(invitation: Invitation, by: User) -> Invitation:
    """Silent: the sender still sees it pending; the recipient keeps it under Ignored for 30 days."""
    _recipients(invitation, by)
    invitation = _locked(invitation)
    if invitation.status != Invitation.Status.IGNORED:
        _move(invitation, Invitation.Status.IGNORED)
    return invitation


@transaction.atomic
def connect_introduced(member: User, other: User) -> bool:
    """Connect two members who both said yes through an introduction: one asked to be
    introduced, the other answered Connect. An open invitation between them is accepted
    with it. False when they were connected already. The blocks and the connection cap
    apply as for an accept.
    """
    if member.pk == other.pk:
        raise KithError("You can't connect with yourself.", "self")
    _lock_pair(member.pk, other.pk)
    if _blocked_either_way(member.pk, other.pk):
        raise NotFound("No member with that handle.", field="handle")
    if _connected(member.pk, other.pk):
        return False
    _check_connection_cap(member, other)
    now = timezone.now()
    for invitation in Invitation.objects.select_for_update().filter(
        Q(sender=member, recipient=other) | Q(sender=other, recipient=member), status__in=Invitation.OPEN
    ):
        _move(invitation, Invitation.Status.ACCEPTED, now=now)
    _connect(member, other, now=now)
    return True


def _check_standing(sender: User, now: datetime) -> None:
    """Start a standing restriction (moderation's, queued for moderators) when this answer leaves the
    sender below the bar and none is running; then let the hold rules weigh the answers."""
    declined, answered = selectors.standing(sender, now=now)
    if selectors.below_standing(declined, answered):
        restrict_for_standing(
            sender,
            declined=declined,
            answered=answered,
            window_days=settings.KITH_STANDING_WINDOW_DAYS,
            days=settings.KITH_STANDING_RESTRICTION_DAYS,
            now=now,
        )
    holds.invitation_answered(sender, now=now)


@transaction.atomic
def mark_unknown(invitation: Invitation, by: User) -> Invitation:
    """"I don't know this person": silent like Ignore; the sender can never invite again, and it counts
    against the sender's standing."""
    _recipients(invitation, by)
    invitation = _locked(invitation)
    if invitation.status == Invitation.Status.DECLINED_UNKNOWN:
        return invitation  # said twice: answered like the first time
    now = timezone.now()
    _move(invitation, Invitation.Status.DECLINED_UNKNOWN, now=now)
    _check_standing(invitation.sender, now)
    return invitation


@transaction.atomic
def report_invitation(invitation: Invitation, by: User, *, text: str = "") -> Invitation:
    """Spam: like "I don't know", plus a report for moderators with the invitation and its note."""
    _recipients(invitation, by)
    invitation = _locked(invitation)
    if invitation.status == Invitation.Status.REPORTED:
        return invitation  # one report per invitation, however often it is sent
    now = timezone.now()
    _move(invitation, Invitation.Status.REPORTED, now=now)
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        raise KithError(f"Text: at most {REPORT_TEXT_MAX:,} characters (this one has {len(text):,}).", "too_long", "text")
    file_report(by, reported=invitation.sender, reason=Report.Reason.SPAM, text=text or invitation.note, subject=invitation)
    _check_standing(invitation.sender, now)
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: Invitation, by: User) -> Invitation:
    """The sender takes back an invitation they see as pending; re-inviting then waits 21 days.

    An invitation that was silently declined only leaves the sender's Sent box: its
    status, and the ban on inviting again, stay (the sender must not learn the answer).
    """
    if invitation.sender_id != by.pk:
        raise NotFound("No such invitation.", field="invitation")
    invitation = _locked(invitation)
    if invitation.status in Invitation.DECLINED:
        if invitation.dismissed_by_sender_at is None:
            invitation.dismissed_by_sender_at = timezone.now()
            invitation.save(update_fields=["dismissed_by_sender_at"])
        return invitation
    if invitation.status == Invitation.Status.WITHDRAWN:
        return invitation
    _move(invitation, Invitation.Status.WITHDRAWN)
    retract(target=invitation, kind=INVITATION_RECEIVED)  # silently: nothing is left to answer
    return invitation


@transaction.atomic
def expire_invitations(*, now: datetime | None = None) -> int:
    """Expire open invitations older than the invitation life (6 months). Returns how many."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        status__in=_states_that_can_move_to(Invitation.Status.EXPIRED), created_at__lt=selectors.expiry_cutoff(now)
    )
    ids = list(due.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(status=Invitation.Status.EXPIRED, answered_at=now)
    retract(targets=Invitation.objects.filter(pk__in=ids), kind=INVITATION_RECEIVED)
    return len(ids)


@transaction.atomic
def remove_invitation(invitation: Invitation, by: User, member: User | None = None) -> str:
    """A moderator takes an invitation down (kith.moderation's remove_content): an open one expires
    and leaves the recipient's lists. The caller checked that ``by`` is a moderator."""
    invitation = _locked(invitation)
    if invitation.status in _states_that_can_move_to(Invitation.Status.EXPIRED):
        _move(invitation, Invitation.Status.EXPIRED)
        retract(target=invitation, kind=INVITATION_RECEIVED)
    return "the invitation" + (" and its note" if invitation.note else "")


# --- connections, follows, blocks ----------------------------------------------------------------


@transaction.atomic
def disconnect(member: User, other: User | Profile) -> None:
    """Remove the connection, silently, from either side; the follows connecting made go with it."""
    other = _user(other)
    _lock_pair(member.pk, other.pk)
    now = timezone.now()
    if not _disconnect(member, other, now=now):
        raise NotFound(f"You aren't connected to {_name(other)}.", "not_connected", "handle")
    Follow.objects.filter(Q(follower=member, followed=other) | Q(follower=other, followed=member)).delete()


@transaction.atomic
def follow(member: User, other: User | Profile) -> Follow:
    """Follow where the profile is visible to the member. Idempotent."""
    other = _user(other)
    if other.pk == member.pk:
        raise KithError("You can't follow yourself.", "self", "handle")
    access = access_profile(member, other.profile.handle)
    if not access.full:
        raise PermissionDenied(
            f"{access.profile.name} shows their profile to their connections only; invite them to connect instead.",
            "profile_hidden",
            "handle",
        )
    row, _ = Follow.objects.get_or_create(follower=member, followed=other)
    return row


@transaction.atomic
def unfollow(member: User, other: User | Profile) -> None:
    """Stop following; connections stay. Idempotent."""
    Follow.objects.filter(follower=member, followed=_user(other)).delete()


@transaction.atomic
def block(member: User, other: User | Profile) -> Block:
    """Cut every tie both ways (connection, follows, open invitations), then record the block.

    After it neither member sees the other anywhere: members.selectors applies it.
    """
    other = _user(other)
    if other.pk == member.pk:
        raise KithError("You can't block yourself.", "self", "handle")
    _lock_pair(member.pk, other.pk)
    now = timezone.now()
    _disconnect(member, other, now=now)
    Follow.objects.filter(Q(follower=member, followed=other) | Q(follower=other, followed=member)).delete()
    open_between = Invitation.objects.filter(
        Q(sender=member, recipient=other) | Q(sender=other, recipient=member),
        status__in=_states_that_can_move_to(Invitation.Status.EXPIRED),
    )
    ids = list(open_between.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(status=Invitation.Status.EXPIRED, answered_at=now)
    retract(targets=Invitation.objects.filter(pk__in=ids), kind=INVITATION_RECEIVED)
    row, _ = Block.objects.get_or_create(blocker=member, blocked=other, defaults={"created_at": now})
    forget_blocks(member)
    forget_blocks(other)
    block_changed.send(sender=Block, blocker_id=member.pk, blocked_id=other.pk)
    return row


@transaction.atomic
def unblock(member: User, other: User | Profile) -> None:
    other = _user(other)
    deleted, _ = Block.objects.filter(blocker=member, blocked=other).delete()
    if not deleted:
        raise NotFound("You haven't blocked that member.", "not_blocked", "handle")
    forget_blocks(member)
    forget_blocks(other)
    block_changed.send(sender=Block, blocker_id=member.pk, blocked_id=other.pk)


# --- reports -------------------------------------------------------------------------------------------


def report_member(reporter: User, member: User | Profile, *, reason: str, text: str = "", subject=None) -> Report:
    """File a report for moderators (about ``subject``, one thing of theirs). The reported member is never told who reported."""
    return file_report(reporter, reported=_user(member), reason=reason, text=text, subject=subject)


# --- People You May Know -------------------------------------------------------------------------------


@transaction.atomic
def dismiss_suggestion(member: User, other: User | Profile, *, reason: str = "dismissed") -> None:
    """Stop suggesting ``other`` to ``member``. Idempotent; a later "I don't know them" overrides "Not now"."""
    other = _user(other)
    if other.pk == member.pk:
        raise KithError("You can't dismiss yourself.", "self", "handle")
    if reason not in SuggestionDismissal.Reason.values:
        raise KithError("Reason: choose dismissed or unknown.", "invalid", "reason")
    row, created = SuggestionDismissal.objects.get_or_create(member=member, dismissed=other, defaults={"reason": reason})
    if not created and reason == SuggestionDismissal.Reason.UNKNOWN and row.reason != reason:
        row.reason = reason
        row.save(update_fields=["reason"])


# --- account deletion ------------------------------------------------------------------------------


@transaction.atomic
def erase_member(member: User) -> None:
    """Everything the network holds of a member whose account is being erased, through the
    actions above so the graph's event log and everyone's caches follow: each connection
    removed (an event each), open invitations withdrawn or ignored and then forgotten with
    their notes, follows and blocks both ways, dismissed suggestions, restrictions.

    An invitation a report is about stays, as the report's evidence (moderation keeps reports).
    """
    for other in User.objects.filter(pk__in=Connection.objects.filter(member=member).values("other_id")).order_by("pk"):
        disconnect(member, other)
    for invitation in Invitation.objects.filter(sender=member, status__in=(*Invitation.OPEN, Invitation.Status.HELD)):
        withdraw_invitation(invitation, member)
    for invitation in Invitation.objects.filter(recipient=member, status=Invitation.Status.PENDING):
        ignore_invitation(invitation, member)
    theirs = Invitation.objects.filter(Q(sender=member) | Q(recipient=member))
    reported = Report.objects.filter(
        subject_type=ContentType.objects.get_for_model(Invitation), subject_id__in=theirs.values("pk")
    ).values_list("subject_id", flat=True)
    gone = theirs.exclude(pk__in=list(reported))
    retract(targets=gone)
    gone.delete()
    Follow.objects.filter(Q(follower=member) | Q(followed=member)).delete()
    for blocked in User.objects.filter(blocked_by__blocker=member).order_by("pk"):
        unblock(member, blocked)
    for blocker in User.objects.filter(blocks__blocked=member).order_by("pk"):
        unblock(blocker, member)
    SuggestionDismissal.objects.filter(Q(member=member) | Q(dismissed=member)).delete()
