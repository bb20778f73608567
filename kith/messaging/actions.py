"""Every change to messaging: one function each, one transaction, limits checked here.

Pages, the API and tasks all call these; none of them holds a rule of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from kith.core.errors import KithError, LimitReached, NotFound, PermissionDenied
from kith.core.limits import rolling_window_lifts_at
from kith.members.models import Profile, User
from kith.members.selectors import are_connected, blocked_ids
from kith.messaging.models import (
    Conversation,
    ConversationReport,
    Message,
    MessageRequest,
    MessagingPreference,
    Participant,
)
from kith.messaging.notification_kinds import INVITATION_REPLIED
from kith.messaging.selectors import (
    ConversationAccess,
    access_conversation,
    messaging_rule,
    recipient_by_handle,
    request_of,
    with_unread,
)
from kith.moderation import gates, holds, trust
from kith.network import selectors as network_selectors
from kith.network.actions import block as network_block
from kith.network.actions import report_member
from kith.notifications.actions import notify

__all__ = [
    "accept_request",
    "archive_conversation",
    "block_from_conversation",
    "block_from_request",
    "report_conversation",
    "decline_request",
    "delete_message",
    "erase_member",
    "mark_read",
    "recount_unread",
    "send_message",
    "send_unread_email",
    "set_preference",
    "start_conversation",
    "unarchive_conversation",
]


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S %Z}"


# --- Checks ------------------------------------------------------------------------------


def clean_text(text: str | None) -> str:
    """The message as it will be stored; refuses empty and over-long text (field "text")."""
    text = (text or "").strip()
    if not text:
        raise KithError("Write a message first.", "text_required", field="text")
    limit = settings.KITH_MESSAGE_MAX_CHARS
    if len(text) > limit:
        raise KithError(
            f"A message can be at most {limit:,} characters; this one has {len(text):,}.",
            "text_too_long",
            field="text",
        )
    return text


def _check_message_rate(sender: User, now: datetime) -> None:
    limit = settings.KITH_MESSAGES_PER_MINUTE
    lifts_at = rolling_window_lifts_at(
        Message.objects.filter(sender=sender), limit=limit, window=timedelta(minutes=1), now=now, actor=sender
    )
    if lifts_at is not None:
        raise LimitReached(
            f"You can send at most {limit} messages a minute. You can send again at {_when(lifts_at)}.",
            "messages_per_minute",
            lifts_at=lifts_at,
        )


def _check_request_quota(sender: User, now: datetime) -> None:
    gates.check_may_request_message(sender, now=now)
    limits = trust.limits(sender, now=now)
    limit = limits.message_requests_per_day
    lifts_at = rolling_window_lifts_at(
        MessageRequest.objects.filter(sender=sender), limit=limit, window=timedelta(hours=24), now=now, actor=sender
    )
    if lifts_at is not None:
        raise LimitReached(
            f"You can send at most {limit} message requests in 24 hours. "
            f"You can send the next one at {_when(lifts_at)}.",
            "message_requests_per_day",
            lifts_at=lifts_at,
        )


# --- Writing -----------------------------------------------------------------------------


def _post(conversation: Conversation, sender: User, text: str, now: datetime) -> Message:
    """Append a message and keep every participant's denormalised state in step."""
    message = Message.objects.create(conversation=conversation, sender=sender, text=text, created_at=now)
    Conversation.objects.filter(pk=conversation.pk).update(last_message=message, last_message_at=now)
    conversation.last_message, conversation.last_message_at = message, now
    # A new message brings an archived conversation back to everyone's inbox.
    Participant.objects.filter(conversation=conversation).update(
        last_message_at=now,
        status=Case(
            When(status=Participant.Status.ARCHIVED, then=Value(Participant.Status.ACTIVE)),
            default=F("status"),
        ),
    )
    readers = Participant.objects.filter(conversation=conversation).exclude(member=sender)
    hidden = blocked_ids(sender)
    if hidden:
        readers = readers.exclude(member_id__in=hidden)
    readers.update(
        unread_count=F("unread_count") + 1,
        unread_since=Case(When(unread_count=0, then=Value(now)), default=F("unread_since")),
        unread_emailed=Case(When(unread_count=0, then=Value(False)), default=F("unread_emailed")),
    )
    Participant.objects.filter(conversation=conversation, member=sender).update(
        last_read_message_id=message.pk, last_read_at=now, unread_count=0, unread_since=None, unread_emailed=False
    )
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from kith.messaging.tasks import email_if_unread

        delay = settings.KITH_MESSAGE_UNREAD_EMAIL_AFTER
        transaction.on_commit(lambda: email_if_unread.apply_async((conversation.pk,), countdown=delay + 5))
    return message


def _accept(message_request: MessageRequest, now: datetime) -> None:
    MessageRequest.objects.filter(pk=message_request.pk).update(status=MessageRequest.Status.ACCEPTED, answered_at=now)
    message_request.status, message_request.answered_at = MessageRequest.Status.ACCEPTED, now
    Participant.objects.filter(
        conversation_id=message_request.conversation_id,
        member_id=message_request.recipient_id,
        status__in=(Participant.Status.REQUEST, Participant.Status.DECLINED),
    ).update(status=Participant.Status.ACTIVE)


@transaction.atomic
def start_conversation(
    sender: User, *, handles: list[str], text: str, bridge: User | None = None, answers_introduction: bool = False
) -> Conversation:
    """Send a first message to one member (1:1) or to several (a group).

    A 1:1 message to someone the sender already has a conversation with goes into
    that conversation. To a non-connection it becomes a message request, unless it
    answers their own invitation (see ``selectors.messaging_rule``). Groups are only among the sender's connections,
    at most KITH_MESSAGE_GROUP_MAX_MEMBERS people including the sender.

    ``bridge``: a member in the group who is connected to the sender and to everyone
    else in it (an introduction's three-way conversation: the introducer); then the
    others need not be the sender's connections. ``answers_introduction``: a 1:1 message
    to a member who asked to be introduced to the sender goes straight to their inbox,
    like a reply to their own invitation.
    """
    wanted = list(dict.fromkeys(h.strip().lstrip("@") for h in handles if h and h.strip()))
    if not wanted:
        raise KithError("Choose who to message.", "with_required", field="with")
    text = clean_text(text)
    recipients = [recipient_by_handle(sender, handle) for handle in wanted]
    if len(recipients) == 1:
        return _start_direct(sender, recipients[0], text, answers_introduction=answers_introduction)
    return _start_group(sender, recipients, text, bridge=bridge)


def _start_direct(sender: User, recipient: Profile, text: str, *, answers_introduction: bool = False) -> Conversation:
    if recipient.pk == sender.pk:
        raise KithError("You can't message yourself.", "message_self", field="with")
    if recipient.pk in blocked_ids(sender):
        raise NotFound(f"No member with the handle “{recipient.handle}”.", field="with")
    key = Conversation.pair_key_for(sender.pk, recipient.pk)
    existing = Conversation.objects.filter(pair_key=key).first()
    if existing is not None:
        _reopen_declined(existing, sender)
        send_message(sender, conversation_id=existing.pk, text=text)
        return existing
    rule = "reply" if answers_introduction else messaging_rule(sender, recipient)
    now = timezone.now()
    _check_message_rate(sender, now)
    if rule == "request":
        _check_request_quota(sender, now)
        gates.check_links(sender, text, now=now)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(created_by=sender, pair_key=key, created_at=now, last_message_at=now)
    except IntegrityError:
        # The two started a conversation at the same moment: post into the winner's.
        existing = Conversation.objects.get(pair_key=key)
        _reopen_declined(existing, sender)
        send_message(sender, conversation_id=existing.pk, text=text)
        return existing
    recipient_status = Participant.Status.REQUEST if rule == "request" else Participant.Status.ACTIVE
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, member=sender, joined_at=now, last_message_at=now),
            Participant(
                conversation=conversation, member_id=recipient.pk, status=recipient_status, joined_at=now, last_message_at=now
            ),
        ]
    )
    if rule == "request":
        MessageRequest.objects.create(conversation=conversation, sender=sender, recipient_id=recipient.pk, created_at=now)
    _post(conversation, sender, text, now)
    if rule == "reply":
        # An answer to the recipient's own invitation: they are waiting on it, so say so.
        notify(recipient.user, INVITATION_REPLIED, actor=sender, target=conversation)
    if rule == "request":
        holds.message_request_sent(
            sender,
            recipient_id=recipient.pk,
            stranger=network_selectors.is_stranger(sender, recipient.user),
            text=text,
            mask=network_selectors.personal_words(recipient.user),
            now=now,
        )
    return conversation


def _reopen_declined(conversation: Conversation, member: User) -> None:
    """A member who declined a request and now writes to its sender accepts it after all."""
    message_request = request_of(conversation)
    if message_request is not None and message_request.recipient_id == member.pk:
        if message_request.status != MessageRequest.Status.ACCEPTED:
            _accept(message_request, timezone.now())


def _bridged(bridge: User | None, sender: User, recipients: list[Profile], profile: Profile) -> bool:
    if bridge is None or bridge.pk not in {p.pk for p in recipients} or not are_connected(bridge.pk, sender.pk):
        return False
    return profile.pk == bridge.pk or are_connected(bridge.pk, profile.pk)


def _start_group(sender: User, recipients: list[Profile], text: str, *, bridge: User | None = None) -> Conversation:
    limit = settings.KITH_MESSAGE_GROUP_MAX_MEMBERS
    if any(profile.pk == sender.pk for profile in recipients):
        raise KithError("You are in the conversation already; name the others.", "message_self", field="with")
    if len(recipients) + 1 > limit:
        raise KithError(
            f"A group conversation has at most {limit} members including you; you named {len(recipients)} others.",
            "group_too_large",
            field="with",
        )
    for profile in recipients:
        if not are_connected(sender.pk, profile.pk) and not _bridged(bridge, sender, recipients, profile):
            raise PermissionDenied(
                f"Group conversations are among your connections; {profile.name} is not one of them. "
                "Message them on their own instead.",
                "group_not_connected",
                field="with",
            )
    now = timezone.now()
    _check_message_rate(sender, now)
    conversation = Conversation.objects.create(is_group=True, created_by=sender, created_at=now, last_message_at=now)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, member=sender, joined_at=now, last_message_at=now)]
        + [
            Participant(conversation=conversation, member_id=profile.pk, joined_at=now, last_message_at=now)
            for profile in recipients
        ]
    )
    _post(conversation, sender, text, now)
    return conversation


@transaction.atomic
def send_message(sender: User, *, conversation_id: int, text: str) -> Message:
    """Post into a conversation the sender takes part in.

    While a message request is unanswered its sender cannot add more; its recipient
    replying accepts it. A request whose two members have since connected opens up.
    """
    text = clean_text(text)
    access = access_conversation(sender, conversation_id)
    conversation = Conversation.objects.select_for_update().get(pk=access.conversation.pk)
    now = timezone.now()
    message_request = access.request
    if access.request_pending:
        if message_request.sender_id == sender.pk:
            if are_connected(sender.pk, message_request.recipient_id):
                _accept(message_request, now)
            else:
                name = access.others[0].name if access.others else "They"
                raise PermissionDenied(
                    f"{name} hasn't accepted your message request yet; you can send more once they do.",
                    "request_pending",
                )
        else:
            _accept(message_request, now)
    _check_message_rate(sender, now)
    return _post(conversation, sender, text, now)


@transaction.atomic
def mark_read(member: User, *, conversation_id: int, up_to: int | None = None) -> Participant:
    """Mark the conversation read up to message ``up_to`` (default: all of it). Idempotent."""
    access = access_conversation(member, conversation_id)
    participant = Participant.objects.select_for_update().get(pk=access.participant.pk)
    last_id = access.conversation.last_message_id or 0
    target = last_id if up_to is None else min(up_to, last_id)
    if target <= participant.last_read_message_id:
        return participant
    now = timezone.now()
    remaining = 0
    if target < last_id:
        remaining_qs = Message.objects.filter(
            conversation_id=conversation_id, pk__gt=target, deleted_at__isnull=True
        ).exclude(sender=member)
        if access.hidden_ids:
            remaining_qs = remaining_qs.exclude(sender_id__in=access.hidden_ids)
        remaining = remaining_qs.count()
    participant.last_read_message_id = target
    participant.last_read_at = now
    participant.unread_count = remaining
    if remaining == 0:
        participant.unread_since = None
        participant.unread_emailed = False
    participant.save(
        update_fields=["last_read_message_id", "last_read_at", "unread_count", "unread_since", "unread_emailed"]
    )
    return participant


@transaction.atomic
def delete_message(member: User, *, conversation_id: int, message_id: int) -> Message:
    """Soft-delete one of the member's own messages: others then see "message deleted". Idempotent."""
    access = access_conversation(member, conversation_id)
    message = (
        Message.objects.select_for_update()
        .filter(pk=message_id, conversation=access.conversation)
        .first()
    )
    if message is None:
        raise NotFound("No such message.", "message_not_found")
    if message.sender_id != member.pk:
        raise PermissionDenied("You can only delete your own messages.", "not_your_message")
    if message.deleted_at is None:
        message.deleted_at = timezone.now()
        message.save(update_fields=["deleted_at"])
        # Those who blocked the sender, or were blocked, never counted it.
        Participant.objects.filter(
            conversation=access.conversation, last_read_message_id__lt=message.pk, unread_count__gt=0
        ).exclude(member=member).exclude(member_id__in=access.hidden_ids).update(unread_count=F("unread_count") - 1)
        Participant.objects.filter(conversation=access.conversation, unread_count=0).exclude(
            unread_since=None
        ).update(unread_since=None, unread_emailed=False)
    return message


@transaction.atomic
def archive_conversation(member: User, *, conversation_id: int) -> Participant:
    """Move a conversation out of the inbox; a new message brings it back. Idempotent."""
    access = access_conversation(member, conversation_id)
    participant = access.participant
    if participant.status == Participant.Status.REQUEST:
        raise KithError("Answer the message request instead: accept or decline it.", "archive_request")
    if participant.status != Participant.Status.ARCHIVED:
        participant.status = Participant.Status.ARCHIVED
        participant.save(update_fields=["status"])
    return participant


@transaction.atomic
def unarchive_conversation(member: User, *, conversation_id: int) -> Participant:
    access = access_conversation(member, conversation_id)
    participant = access.participant
    if participant.status == Participant.Status.ARCHIVED:
        participant.status = Participant.Status.ACTIVE
        participant.save(update_fields=["status"])
    return participant


# --- Message requests ------------------------------------------------------------------------


def _answer(message_request: MessageRequest, status: str, now: datetime) -> None:
    if not message_request.can_move_to(status):
        raise KithError(
            f"This message request is already {message_request.get_status_display().lower()}.", "request_answered"
        )
    message_request.status = status
    message_request.answered_at = now
    message_request.save(update_fields=["status", "answered_at"])


def _locked_request(member: User, request_id: int) -> MessageRequest:
    """The request, locked; not found once its sender is blocked, unless blocked from this very
    request (blocking from it again answers the same)."""
    message_request = MessageRequest.objects.select_for_update().filter(pk=request_id, recipient=member).first()
    if message_request is None:
        raise NotFound("No such message request.", "message_request_not_found")
    blocked_here = message_request.status == MessageRequest.Status.BLOCKED
    if message_request.sender_id in blocked_ids(member) and not blocked_here:
        raise NotFound("No such message request.", "message_request_not_found")
    return message_request


@transaction.atomic
def accept_request(member: User, *, request_id: int) -> MessageRequest:
    """Accept a message request: the conversation moves to the inbox and both may write."""
    message_request = _locked_request(member, request_id)
    if message_request.status == MessageRequest.Status.ACCEPTED:
        return message_request
    now = timezone.now()
    _answer(message_request, MessageRequest.Status.ACCEPTED, now)
    _accept(message_request, now)
    return message_request


@transaction.atomic
def decline_request(member: User, *, request_id: int) -> MessageRequest:
    """Decline silently: it leaves the recipient's lists; the sender still sees it as sent."""
    message_request = _locked_request(member, request_id)
    if message_request.status == MessageRequest.Status.DECLINED:
        return message_request
    _answer(message_request, MessageRequest.Status.DECLINED, timezone.now())
    _set_status(message_request.conversation_id, member, Participant.Status.DECLINED)
    return message_request


@transaction.atomic
def block_from_request(member: User, *, request_id: int) -> MessageRequest:
    """Decline the request and block its sender."""
    message_request = _locked_request(member, request_id)
    if message_request.status == MessageRequest.Status.BLOCKED:
        return message_request
    _answer(message_request, MessageRequest.Status.BLOCKED, timezone.now())
    _set_status(message_request.conversation_id, member, Participant.Status.DECLINED)
    block_member(member, other_id=message_request.sender_id)
    return message_request


@transaction.atomic
def block_from_conversation(member: User, *, conversation_id: int, handle: str | None = None) -> User:
    """Block the other side of a 1:1 conversation (or ``handle`` in a group)."""
    access = access_conversation(member, conversation_id)
    other = _named_other(access, handle)
    if access.is_request_for_me and access.request is not None:
        _answer(access.request, MessageRequest.Status.BLOCKED, timezone.now())
        _set_status(access.conversation.pk, member, Participant.Status.DECLINED)
    block_member(member, other_id=other.pk)
    return other.user


def _named_other(access: ConversationAccess, handle: str | None) -> Profile:
    if handle:
        for profile in access.others:
            if profile.handle == handle.lstrip("@"):
                return profile
        raise NotFound("No such member in this conversation.", field="handle")
    if access.conversation.is_group or not access.others:
        raise KithError("Name the member (handle) in this group conversation.", "handle_required", field="handle")
    return access.others[0]


def _set_status(conversation_id: int, member: User, status: str) -> None:
    Participant.objects.filter(conversation_id=conversation_id, member=member).update(status=status)


def block_member(member: User, *, other_id: int) -> None:
    """Block through the network app: it also cuts connections, follows and invitations."""
    network_block(member, User.objects.get(pk=other_id))


@transaction.atomic
def recount_unread(*, between: tuple[int, int]) -> None:
    """Set both members' unread counters in the group conversations they share to what each
    would find unread there. Called when one blocks or unblocks the other (through
    ``kith.network.signals.block_changed``): from then on the other's messages are hidden
    from them, or shown again."""
    a, b = between
    theirs = Participant.objects.filter(conversation__is_group=True, member_id=b).values("conversation_id")
    shared = Participant.objects.filter(conversation__is_group=True, member_id=a, conversation_id__in=theirs).values("conversation_id")
    now = timezone.now()
    for participant in with_unread(Participant.objects.select_for_update().filter(member_id__in=between, conversation_id__in=shared)):
        if participant.unread == participant.unread_count:
            continue
        participant.unread_count = participant.unread
        if participant.unread == 0:
            participant.unread_since, participant.unread_emailed = None, False
        elif participant.unread_since is None:
            participant.unread_since = now
        participant.save(update_fields=["unread_count", "unread_since", "unread_emailed"])


# --- Preferences and email ------------------------------------------------------------------


@transaction.atomic
def set_preference(member: User, *, email_unread: bool) -> MessagingPreference:
    preference, _ = MessagingPreference.objects.update_or_create(member=member, defaults={"email_unread": email_unread})
    return preference


@transaction.atomic
def send_unread_email(participant_id: int) -> bool:
    """Email a member about messages still unread KITH_MESSAGE_UNREAD_EMAIL_AFTER seconds on.

    At most one email per unread stretch: reading resets it. Idempotent; returns
    whether an email was queued.
    """
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or participant.unread_count == 0 or participant.unread_emailed:
        return False
    if participant.status not in (Participant.Status.ACTIVE, Participant.Status.REQUEST):
        return False
    now = timezone.now()
    due = now - timedelta(seconds=settings.KITH_MESSAGE_UNREAD_EMAIL_AFTER)
    if participant.unread_since is None or participant.unread_since > due:
        return False
    member = participant.member
    if not member.is_active:
        return False
    preference = MessagingPreference.objects.filter(member=member).first()
    if preference is not None and not preference.email_unread:
        return False
    try:
        access = access_conversation(member, participant.conversation_id)
    except NotFound:
        return False
    participant.unread_emailed = True
    participant.save(update_fields=["unread_emailed"])
    from kith.messaging.tasks import deliver_unread_email

    names = access.title
    count = participant.unread_count
    conversation_id = participant.conversation_id
    transaction.on_commit(lambda: deliver_unread_email.delay(member.pk, conversation_id, names, count))
    return True


@transaction.atomic
def remove_messages_of(conversation: Conversation, by: User, member: User) -> str:
    """A moderator's remove_content on a reported conversation: the reported member's messages in
    it are deleted (as if they had deleted them). Returns how many."""
    now = timezone.now()
    count = Message.objects.filter(conversation=conversation, sender_id=member.pk, deleted_at__isnull=True).update(deleted_at=now)
    return f"{count} message{'' if count == 1 else 's'} in the conversation"


# --- Reports --------------------------------------------------------------------------------

REPORT_CONTEXT_MESSAGES = 20


@transaction.atomic
def report_conversation(
    member: User, *, conversation_id: int, reason: str = "spam", text: str = "", handle: str | None = None
) -> ConversationReport:
    """Report the other member of a conversation (``handle`` in a group) to moderators.

    Files a ``moderation.Report`` through the network app's ``report_member`` and
    attaches the conversation's last messages (deleted ones included: a moderator
    needs to see what was sent). A pending request addressed to the reporter is
    closed as reported and leaves their lists. The reported member is never told.
    """
    access = access_conversation(member, conversation_id)
    other = _named_other(access, handle)
    report = report_member(member, other.user, reason=reason, text=text, subject=access.conversation)
    recent = list(
        Message.objects.filter(conversation=access.conversation)
        .select_related("sender__profile")
        .order_by("-pk")[:REPORT_CONTEXT_MESSAGES]
    )
    context = [
        {
            "id": message.pk,
            "sender": message.sender.profile.handle,
            "text": message.text,
            "created_at": message.created_at.isoformat(),
            "deleted": message.is_deleted,
        }
        for message in reversed(recent)
    ]
    attached = ConversationReport.objects.create(report=report, conversation=access.conversation, messages=context)
    if access.is_request_for_me and access.request is not None:
        _answer(access.request, MessageRequest.Status.REPORTED, timezone.now())
        _set_status(access.conversation.pk, member, Participant.Status.DECLINED)
    return attached


# --- account deletion ---------------------------------------------------------------------------


@transaction.atomic
def erase_member(member: User) -> None:
    """Messaging's part of erasing an account. The messages the member sent stay in the
    other participants' conversations (the tombstone reads "a former member"); the member's
    own side goes quiet: archived, nothing unread, no email preference. Their pending message
    requests are declined for the recipients, whose request box no longer holds them; those
    they received are declined (silently, as always)."""
    now = timezone.now()
    for message_request in MessageRequest.objects.select_for_update().filter(
        sender=member, status=MessageRequest.Status.PENDING
    ):
        _answer(message_request, MessageRequest.Status.DECLINED, now)
        _set_status(message_request.conversation_id, message_request.recipient, Participant.Status.DECLINED)
    for message_request in MessageRequest.objects.select_for_update().filter(
        recipient=member, status=MessageRequest.Status.PENDING
    ):
        _answer(message_request, MessageRequest.Status.DECLINED, now)
    newest = Message.objects.filter(conversation_id=OuterRef("conversation_id")).order_by("-pk").values("pk")[:1]
    Participant.objects.filter(member=member).update(
        status=Participant.Status.ARCHIVED, last_read_message_id=Coalesce(Subquery(newest), F("last_read_message_id")),
        last_read_at=now, unread_count=0, unread_since=None, unread_emailed=True,
    )
    MessagingPreference.objects.filter(member=member).delete()
