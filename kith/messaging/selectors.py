"""Reads on a member's behalf: who may message whom, the inbox, one conversation, its messages.

Every page and endpoint loads a conversation through ``access_conversation``: a
member who is not a participant (or who declined it, or who is blocked either way
with the other side of a 1:1 conversation) gets NotFound, never its content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.members import contexts
from kith.members.models import Block, Connection, MessagePolicy, Profile, User
from kith.members.selectors import blocked_ids, visible_profiles
from kith.messaging.models import (
    Conversation,
    ConversationReport,
    Message,
    MessageRequest,
    MessagingPreference,
    Participant,
)
from kith.moderation.content import Shown
from kith.network.models import Invitation
from kith.search.selectors import typeahead
from kith.search.text import fold

Rule = Literal["connection", "reply", "request"]
Box = Literal["inbox", "archived", "requests"]

BOX_STATUS: dict[str, str] = {
    "inbox": Participant.Status.ACTIVE,
    "archived": Participant.Status.ARCHIVED,
    "requests": Participant.Status.REQUEST,
}
INBOX_PAGE_SIZE = 30
MESSAGES_PAGE_SIZE = 50


def recipient_by_handle(sender: User, handle: str) -> Profile:
    """The profile ``sender`` wants to message; blocked, inactive and unknown all look alike."""
    handle = (handle or "").strip().lstrip("@")
    profile = visible_profiles(sender).select_related("user").filter(handle=handle).first() if handle else None
    if profile is None:
        raise NotFound(f"No member with the handle “{handle}”.", field="with")
    return profile


def messaging_rule(sender: User, recipient: Profile) -> Rule:
    """How ``sender``'s first message to ``recipient`` is delivered, or why it is refused.

    - connections: straight to the inbox ("connection");
    - an answer to the recipient's own open invitation (pending or ignored) to the
      sender: straight to the recipient's inbox too, since they started the contact
      ("reply": reply before accepting);
    - otherwise a message request ("request") when the recipient lets anyone message
      them, when the two share a group (kith.members.contexts), or when the sender's
      invitation to them is open: the message goes with it;
    - blocked either way: NotFound, exactly as for a member who does not exist;
    - anyone else: PermissionDenied naming the rule.
    """
    answer = messaging_rules(sender, [recipient])[recipient.pk]
    if isinstance(answer, KithError):
        raise answer
    return answer


def messaging_rules(sender: User, recipients: list[Profile]) -> dict[int, Rule | KithError]:
    """``messaging_rule`` for many members in four queries (a page of search results):
    each member's rule, or the error ``messaging_rule`` would raise."""
    ids = [p.pk for p in recipients]
    hidden = blocked_ids(sender)
    inactive = set(User.objects.filter(pk__in=ids, is_active=False).values_list("pk", flat=True))
    connected = set(Connection.objects.filter(member=sender, other_id__in=ids).values_list("other_id", flat=True))
    invited_me: set[int] = set()
    invited_them: set[int] = set()
    for from_id, to_id in Invitation.objects.filter(
        Q(sender=sender, recipient_id__in=ids) | Q(sender_id__in=ids, recipient=sender), status__in=Invitation.OPEN
    ).values_list("sender_id", "recipient_id"):
        (invited_me if to_id == sender.pk else invited_them).add(from_id if to_id == sender.pk else to_id)
    # Members of a shared group (kith.members.contexts) may send each other a message request.
    sharing = contexts.may_message(sender.pk, [i for i in ids if i not in connected and i not in hidden])
    out: dict[int, Rule | KithError] = {}
    for recipient in recipients:
        pid = recipient.pk
        if pid == sender.pk:
            out[pid] = KithError("You can't message yourself.", "message_self", field="with")
        elif pid in hidden or pid in inactive:
            out[pid] = NotFound(f"No member with the handle “{recipient.handle}”.", field="with")
        elif pid in connected:
            out[pid] = "connection"
        elif pid in invited_me:
            out[pid] = "reply"
        elif recipient.message_policy == MessagePolicy.ANYONE or pid in invited_them or pid in sharing:
            out[pid] = "request"
        else:
            out[pid] = PermissionDenied(
                f"{recipient.name} only takes messages from their connections. "
                "Invite them to connect; you can message them while the invitation is open.",
                "messaging_not_allowed",
                field="with",
            )
    return out


@dataclass(frozen=True)
class MessageOffer:
    """Whether to offer Message to ``sender`` on a member, said before anything is written.

    ``rule`` is None when ``messaging_rule`` refuses; ``note`` says why (or how the
    first message will arrive, for a request); ``url`` opens New message with them.
    """

    rule: Rule | None
    note: str
    url: str = ""
    short: str = ""  # the refusal in a few words, for lists (search results)

    @property
    def allowed(self) -> bool:
        return self.rule is not None


def message_offer(sender: User, recipient: Profile) -> MessageOffer | None:
    """``messaging_rule`` asked before the member writes; None for oneself or a member
    hidden from the sender (blocked either way, deactivated)."""
    return message_offers(sender, [recipient]).get(recipient.pk)


def message_offers(sender: User, recipients: list[Profile]) -> dict[int, MessageOffer]:
    """``message_offer`` for many members at once (``messaging_rules``); members with no
    offer (oneself, hidden) are left out."""
    rules = messaging_rules(sender, recipients)
    offers: dict[int, MessageOffer] = {}
    for recipient in recipients:
        rule = rules[recipient.pk]
        if isinstance(rule, PermissionDenied):
            offers[recipient.pk] = MessageOffer(None, rule.message, short="Takes messages from connections only")
        elif isinstance(rule, KithError):
            continue
        else:
            notes = {
                "connection": "",
                "reply": f"{recipient.name} invited you: your message goes straight to them.",
                "request": f"Your first message reaches {recipient.name} as a message request.",
            }
            offers[recipient.pk] = MessageOffer(rule, notes[rule], reverse("messaging:new") + f"?to={recipient.handle}")
    return offers


def _by_handle(sender: User, typed: str) -> Profile | None:
    handle = " ".join((typed or "").split()).lstrip("@")
    return visible_profiles(sender).select_related("user").filter(handle=handle).first() if handle else None


@dataclass(frozen=True)
class Candidate:
    """A member a typed name may mean, with what messaging them would do."""

    profile: Profile
    degree: int
    offer: MessageOffer


def recipient_candidates(sender: User, typed: str) -> list[Candidate]:
    """Members ``typed`` may name, for New message: an exact handle first, then the
    people search's typeahead on names (the same visibility and ranking)."""
    typed = " ".join((typed or "").split())
    found: dict[int, tuple[Profile, int]] = {}
    by_handle = _by_handle(sender, typed)
    if by_handle is not None:
        found[by_handle.pk] = (by_handle, 0)
    for item in typeahead(sender, typed):
        if item.kind == "person" and item.profile is not None:
            found.setdefault(item.profile.pk, (item.profile, item.degree))
    offers = message_offers(sender, [profile for profile, _ in found.values()])
    return [Candidate(profile, degree, offers[profile.pk]) for profile, degree in found.values() if profile.pk in offers]


def resolve_recipient(sender: User, typed: str) -> tuple[Profile | None, list[Candidate]]:
    """The one member ``typed`` names (their handle, or a name only one member's
    matches exactly), or None and the members it might mean."""
    by_handle = _by_handle(sender, typed)
    if by_handle is not None:
        return by_handle, []
    candidates = recipient_candidates(sender, typed)
    wanted = fold(" ".join((typed or "").split()))
    exact = [c for c in candidates if fold(c.profile.name) == wanted]
    if len(exact) == 1:
        return exact[0].profile, candidates
    return None, candidates


def with_unread(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """``participants``, each annotated with ``unread``: the messages its member would find
    unread there (newer than their last read, not deleted, not theirs, not from a member
    blocked either way, whose messages are never shown to them). ``unread_count`` keeps
    this number so that lists need no count; this is what it must equal."""
    hidden_sender = Exists(
        Block.objects.filter(
            Q(blocker=OuterRef(OuterRef("member")), blocked=OuterRef("sender"))
            | Q(blocker=OuterRef("sender"), blocked=OuterRef(OuterRef("member")))
        )
    )
    unread = (
        Message.objects.filter(conversation=OuterRef("conversation"), pk__gt=OuterRef("last_read_message_id"), deleted_at__isnull=True)
        .exclude(sender=OuterRef("member"))
        .exclude(hidden_sender)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return participants.annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))


# --- One conversation ------------------------------------------------------------------


@dataclass
class ConversationAccess:
    """What a participant may see and do in one conversation."""

    conversation: Conversation
    participant: Participant
    others: list[Profile]
    request: MessageRequest | None
    hidden_ids: set[int] = field(default_factory=set)
    last_message: Message | None = None  # the last one the viewer may see

    @property
    def request_pending(self) -> bool:
        """Not accepted. Declining is silent, so to its sender any other answer still looks pending."""
        return self.request is not None and self.request.status != MessageRequest.Status.ACCEPTED

    @property
    def is_request_for_me(self) -> bool:
        return self.participant.status == Participant.Status.REQUEST

    @property
    def waiting_for_answer(self) -> bool:
        """The viewer sent the request: no more messages until it is accepted."""
        return self.request_pending and self.request.sender_id == self.participant.member_id

    @property
    def can_send(self) -> bool:
        return not self.waiting_for_answer

    @property
    def status(self) -> str:
        """The viewer's view: "request" while the message request is unanswered, else active/archived."""
        if self.request_pending:
            return "request"
        return self.participant.status

    @property
    def title(self) -> str:
        if not self.others and not self.conversation.is_group:
            return "A former member"  # the other side's account is gone (erased or deactivated)
        return ", ".join(profile.name for profile in self.others) or "Only you"


def request_of(conversation: Conversation) -> MessageRequest | None:
    try:
        return conversation.request
    except MessageRequest.DoesNotExist:
        return None


# What a participant list shows: enough for name, headline, avatar and profile link.
PARTICIPANT_FIELDS = (
    "conversation_id",
    "member_id",
    "joined_at",
    "member__is_active",
    "member__profile__user_id",
    "member__profile__handle",
    "member__profile__name",
    "member__profile__headline",
    "member__profile__photo",
)


def _other_profiles(conversation_ids: list[int], viewer: User, hidden: set[int]) -> dict[int, list[Profile]]:
    rows = (
        Participant.objects.filter(conversation_id__in=conversation_ids)
        .exclude(member=viewer)
        .select_related("member__profile")
        .only(*PARTICIPANT_FIELDS)
        .order_by("conversation_id", "joined_at", "id")
    )
    others: dict[int, list[Profile]] = {cid: [] for cid in conversation_ids}
    for row in rows:
        if row.member_id in hidden or not row.member.is_active:
            continue
        others[row.conversation_id].append(row.member.profile)
    from kith.network.graph_selectors import annotate_degrees

    annotate_degrees(viewer, [p for group in others.values() for p in group])  # once for the page
    return others


def _visible_last_messages(conversations: list[Conversation], hidden: set[int]) -> dict[int, Message | None]:
    """Each conversation's last message as the viewer may see it: in a group, a member
    blocked either way is left out, so their message is never the preview either."""
    out: dict[int, Message | None] = {c.pk: c.last_message for c in conversations}
    if not hidden:
        return out
    for c in conversations:
        if c.last_message is not None and c.last_message.sender_id in hidden:
            out[c.pk] = (
                Message.objects.filter(conversation_id=c.pk).exclude(sender_id__in=hidden).order_by("-pk").first()
            )
    return out


def access_conversation(viewer: User, conversation_id: int) -> ConversationAccess:
    """The one way to load a conversation on someone's behalf (NotFound otherwise)."""
    participant = (
        Participant.objects.select_related("conversation__request", "conversation__last_message")
        .filter(conversation_id=conversation_id, member=viewer)
        .exclude(status=Participant.Status.DECLINED)
        .first()
    )
    if participant is None:
        raise NotFound("No such conversation.", "conversation_not_found")
    conversation = participant.conversation
    hidden = blocked_ids(viewer)
    if not conversation.is_group and hidden:
        blocked_here = conversation.participants.filter(member_id__in=hidden).exists()
        if blocked_here:
            raise NotFound("No such conversation.", "conversation_not_found")
    others = _other_profiles([conversation.pk], viewer, hidden)[conversation.pk]
    return ConversationAccess(
        conversation=conversation,
        participant=participant,
        others=others,
        request=request_of(conversation),
        hidden_ids=hidden,
        last_message=_visible_last_messages([conversation], hidden)[conversation.pk],
    )


def access_message_request(viewer: User, request_id: int) -> MessageRequest:
    """A pending message request addressed to the viewer (NotFound for anything else)."""
    hidden = blocked_ids(viewer)
    message_request = (
        MessageRequest.objects.select_related("conversation", "sender__profile")
        .filter(pk=request_id, recipient=viewer, status=MessageRequest.Status.PENDING)
        .exclude(sender_id__in=hidden)
        .first()
    )
    if message_request is None:
        raise NotFound("No such message request.", "message_request_not_found")
    return message_request


@dataclass
class MessagePage:
    messages: list[Message]
    has_older: bool

    @property
    def oldest_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def newest_id(self) -> int | None:
        return self.messages[-1].pk if self.messages else None


def conversation_messages(
    access: ConversationAccess,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = MESSAGES_PAGE_SIZE,
) -> MessagePage:
    """Messages oldest first: the newest ``limit`` (before ``before`` when given), or those after ``after``.

    Cursor pagination on the message id: ``before`` pages back in time, ``after``
    fetches what arrived since (live updates). Messages from members blocked either
    way are left out of group conversations.
    """
    limit = max(1, min(limit, 100))
    qs = Message.objects.filter(conversation=access.conversation).select_related("sender__profile")
    if access.hidden_ids:
        qs = qs.exclude(sender_id__in=access.hidden_ids)
    if after is not None:
        rows = list(qs.filter(pk__gt=after).order_by("pk")[: limit + 1])
        return MessagePage(messages=rows[:limit], has_older=False)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: limit + 1])
    has_older = len(rows) > limit
    rows = rows[:limit]
    rows.reverse()
    return MessagePage(messages=rows, has_older=has_older)


# --- Lists -------------------------------------------------------------------------------


@dataclass
class InboxEntry:
    conversation: Conversation
    participant: Participant
    others: list[Profile]
    request: MessageRequest | None
    last_message: Message | None = None  # the last one the viewer may see

    @property
    def unread(self) -> int:
        return self.participant.unread_count

    @property
    def title(self) -> str:
        if not self.others and not self.conversation.is_group:
            return "A former member"  # the other side's account is gone (erased or deactivated)
        return ", ".join(profile.name for profile in self.others) or "Only you"

    @property
    def request_sent(self) -> bool:
        """The viewer's own message request, still unanswered as far as they can tell."""
        return (
            self.request is not None
            and self.request.sender_id == self.participant.member_id
            and self.request.status != MessageRequest.Status.ACCEPTED
        )


@dataclass
class InboxPage:
    entries: list[InboxEntry]
    offset: int
    limit: int
    has_more: bool

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.has_more else None

    @property
    def previous_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset else None


def _without_blocked_direct(qs: QuerySet[Participant], hidden: set[int]) -> QuerySet[Participant]:
    """Drop 1:1 conversations with a member blocked either way."""
    if not hidden:
        return qs
    blocked_other = Participant.objects.filter(conversation_id=OuterRef("conversation_id"), member_id__in=hidden)
    return qs.exclude(Q(conversation__is_group=False) & Exists(blocked_other))


def inbox(viewer: User, *, box: Box = "inbox", q: str = "", offset: int = 0, limit: int = INBOX_PAGE_SIZE) -> InboxPage:
    """The viewer's conversations in one box, newest message first, ``limit`` a page.

    ``q`` keeps conversations with another participant whose name contains it.
    Three queries whatever the inbox size: the page (an index range scan on
    Participant(member, status, -last_message_at)), the other participants, and
    nothing else (unread counts are kept on Participant).
    """
    offset = max(0, offset)
    limit = max(1, min(limit, 100))
    hidden = blocked_ids(viewer)
    qs = Participant.objects.filter(member=viewer, status=BOX_STATUS[box])
    qs = _without_blocked_direct(qs, hidden)
    q = (q or "").strip()
    if q:
        named = Participant.objects.filter(
            conversation_id=OuterRef("conversation_id"), member__profile__name__icontains=q
        ).exclude(member=viewer)
        if hidden:
            named = named.exclude(member_id__in=hidden)
        qs = qs.filter(Exists(named))
    rows = list(
        qs.select_related("conversation__last_message", "conversation__request").order_by(
            "-last_message_at", "-id"
        )[offset : offset + limit + 1]
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    others = _other_profiles([row.conversation_id for row in rows], viewer, hidden)
    last = _visible_last_messages([row.conversation for row in rows], hidden)
    entries = [
        InboxEntry(
            conversation=row.conversation,
            participant=row,
            others=others[row.conversation_id],
            request=request_of(row.conversation),
            last_message=last[row.conversation_id],
        )
        for row in rows
    ]
    return InboxPage(entries=entries, offset=offset, limit=limit, has_more=has_more)


def unread_conversations(viewer: User) -> QuerySet[Participant]:
    """The viewer's places in conversations (inbox and requests) holding messages they have not read."""
    qs = Participant.objects.filter(
        member=viewer,
        status__in=(Participant.Status.ACTIVE, Participant.Status.REQUEST),
        unread_count__gt=0,
    )
    return _without_blocked_direct(qs, blocked_ids(viewer))


def request_count(viewer: User) -> int:
    qs = Participant.objects.filter(member=viewer, status=Participant.Status.REQUEST)
    return _without_blocked_direct(qs, blocked_ids(viewer)).count()


def preference_for(member: User) -> MessagingPreference:
    """The member's messaging preferences (defaults when never saved)."""
    return MessagingPreference.objects.filter(member=member).first() or MessagingPreference(member=member)


def limits() -> dict[str, int]:
    return {
        "max_chars": settings.KITH_MESSAGE_MAX_CHARS,
        "requests_per_day": settings.KITH_MESSAGE_REQUESTS_PER_DAY,
        "per_minute": settings.KITH_MESSAGES_PER_MINUTE,
        "group_max": settings.KITH_MESSAGE_GROUP_MAX_MEMBERS,
    }


def conversation_for_moderators(conversation: Conversation, report_ids: list[int]) -> Shown:
    """A reported conversation as moderators see it: the last messages attached to the latest report
    (kept even if deleted since), else the conversation's last 20 now."""
    attached = (
        ConversationReport.objects.filter(report_id__in=report_ids, conversation=conversation).order_by("-created_at").first()
        if report_ids
        else None
    )
    if attached is not None:
        messages = attached.messages
    else:
        recent = list(Message.objects.filter(conversation=conversation).select_related("sender__profile").order_by("-pk")[:20])
        messages = [
            {"sender": m.sender.profile.handle, "text": m.text, "created_at": m.created_at.isoformat(), "deleted": m.is_deleted}
            for m in reversed(recent)
        ]
    rows = [
        {"When": m["created_at"][:16].replace("T", " "), "From": "@" + m["sender"], "Message": m["text"], "Deleted": "yes" if m.get("deleted") else ""}
        for m in messages
    ]
    title = "The conversation's only message" if len(rows) == 1 else f"The conversation's last {len(rows)} messages"
    return Shown(title=title, rows=rows)
