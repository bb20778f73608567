"""Messaging: conversations, their participants and messages, and message requests.

A conversation's place in each member's lists lives on that member's Participant
row (active, request, archived, declined). A stranger's first message makes a
MessageRequest; the recipient's Participant row stays in "request" until they
answer it. See kith/messaging/actions.py for every change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Conversation(models.Model):
    is_group = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Denormalised from the newest message so the inbox needs no aggregate.
    last_message_at = models.DateTimeField(default=timezone.now)
    last_message = models.ForeignKey("Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # "<smaller id>:<larger id>" for a 1:1 conversation, so two members have at most one.
    pair_key = models.CharField(max_length=41, null=True, blank=True, unique=True)

    def __str__(self) -> str:
        return f"Conversation {self.pk}"

    @staticmethod
    def pair_key_for(a_id: int, b_id: int) -> str:
        low, high = sorted((a_id, b_id))
        return f"{low}:{high}"


class Participant(models.Model):
    """One member's side of a conversation: which list it sits in and what they have read."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Inbox"
        REQUEST = "request", "Message request"
        ARCHIVED = "archived", "Archived"
        DECLINED = "declined", "Declined request"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(default=timezone.now)
    # Copy of Conversation.last_message_at: lets the inbox be one index range scan.
    last_message_at = models.DateTimeField(default=timezone.now)
    last_read_message_id = models.BigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)
    # Messages from others after last_read_message_id (kept by send/read/delete).
    unread_count = models.PositiveIntegerField(default=0)
    unread_since = models.DateTimeField(null=True, blank=True)
    unread_emailed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="participant_unique_member"),
        ]
        indexes = [
            models.Index(fields=["member", "status", "-last_message_at"], name="participant_inbox"),
            models.Index(
                fields=["unread_since"],
                condition=Q(unread_count__gt=0, unread_emailed=False),
                name="participant_unread_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id} ({self.status})"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["conversation", "-id"], name="message_conversation_recent"),
            models.Index(fields=["sender", "-created_at"], name="message_sender_recent"),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class MessageRequest(models.Model):
    """A non-connection's first message, waiting for the recipient's answer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        BLOCKED = "blocked", "Declined and blocked"
        REPORTED = "reported", "Reported"

    # Declining is silent: the sender keeps seeing "waiting for an answer".
    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED, Status.BLOCKED, Status.REPORTED},
        Status.ACCEPTED: set(),
        Status.DECLINED: {Status.ACCEPTED},
        Status.BLOCKED: set(),
        Status.REPORTED: set(),
    }

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="request")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_requests_sent")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_requests_received"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["sender", "-created_at"], name="msgrequest_sender_recent"),
            models.Index(fields=["recipient", "status", "-created_at"], name="msgrequest_recipient"),
        ]

    def __str__(self) -> str:
        return f"Message request {self.pk} ({self.status})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class MessagingPreference(models.Model):
    """A member's messaging settings; a member without a row has the defaults."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="messaging_preference"
    )
    email_unread = models.BooleanField(
        default=True, help_text="Email me about a message still unread after a few minutes."
    )


class ConversationReport(models.Model):
    """The conversation behind a moderation report filed from it, with its last messages.

    The report itself (who, whom, reason, text) is a ``moderation.Report``; this row
    carries what that model has no room for: which conversation, and what was said.
    """

    report = models.OneToOneField("moderation.Report", on_delete=models.CASCADE, related_name="conversation_context")
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, related_name="reports")
    # The conversation's last messages at the time: [{id, sender, text, created_at, deleted}], oldest first.
    messages = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Report {self.report_id} on conversation {self.conversation_id}"
