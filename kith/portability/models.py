"""Portability: imports of a LinkedIn export, the contacts they bring, exports, account deletion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LinkedInImport(models.Model):
    """One uploaded export, read into sections and kept for its preview and apply.

    The upload itself is never stored: ``data`` holds what was read from it
    (``{"sections": …, "files": […]}``, see kith.portability.linkedin). ``digest``
    identifies the content, so uploading the same export again finds this row.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to choose what to import"
        APPLIED = "applied", "Imported"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linkedin_imports")
    digest = models.CharField(max_length=64)
    data = models.JSONField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    # What the last apply was asked ({"profile": "merge", …}) and what it did.
    choices = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "digest"], name="linkedin_import_one_per_content"),
            models.CheckConstraint(
                condition=Q(status="preview") | Q(applied_at__isnull=False), name="linkedin_import_applied_has_time"
            ),
        ]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self) -> str:
        return f"LinkedIn import {self.pk} of member {self.member_id} ({self.status})"

    @property
    def sections(self) -> dict:
        return self.data.get("sections", {})

    @property
    def files(self) -> list[dict]:
        return self.data.get("files", [])


class Contact(models.Model):
    """Someone from a member's LinkedIn export. Private to the member who imported it.

    ``member`` is the Kith member this contact is (or may be): matched by a verified
    email address (``match`` = email), or suggested by name and company until the owner
    confirms or rejects it. The matched member is never told.
    """

    class Source(models.TextChoices):
        CONNECTION = "connection", "LinkedIn connection"
        INVITATION_SENT = "invitation_sent", "You invited them on LinkedIn"
        INVITATION_RECEIVED = "invitation_received", "They invited you on LinkedIn"

    class Match(models.TextChoices):
        NONE = "none", "Not on Kith (yet)"
        EMAIL = "email", "Matched by email address"
        SUGGESTED = "suggested", "Same name and company: is it them?"
        CONFIRMED = "confirmed", "You confirmed it is them"
        REJECTED = "rejected", "You said it is not them"

    MATCHED = (Match.EMAIL, Match.CONFIRMED)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts")
    key = models.CharField(max_length=255)  # kith.portability.linkedin.contact_key
    first_name = models.CharField(max_length=60, blank=True)
    last_name = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=120, blank=True)
    position = models.CharField(max_length=120, blank=True)
    connected_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CONNECTION)
    invited_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)  # the LinkedIn invitation's message

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.NONE)
    matched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="contact_one_per_key"),
            # (A matched member's account is never deleted, only erased to a tombstone; were one
            # deleted, SET_NULL leaves a match without a member, which reads as no match.)
            models.CheckConstraint(condition=~Q(match="none") | Q(member__isnull=True), name="contact_no_match_no_member"),
            models.CheckConstraint(condition=~Q(owner=models.F("member")), name="contact_not_self"),
        ]
        indexes = [
            models.Index(fields=["owner", "match"]),
            models.Index(fields=["member"], condition=Q(member__isnull=False), name="contact_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (contact of {self.owner_id})"

    @property
    def name(self) -> str:
        return " ".join(f"{self.first_name} {self.last_name}".split()) or "(no name)"

    @property
    def is_matched(self) -> bool:
        return self.match in self.MATCHED


class DataExport(models.Model):
    """A zip of everything a member's account holds, built in the background.

    The file lives outside the media root (settings.KITH_EXPORTS_ROOT) and is served
    only to its member, until ``expires_at``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be prepared"
        EXPIRED = "expired", "Expired"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file_name = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "-created_at"]), models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready") | (Q(ready_at__isnull=False) & Q(expires_at__isnull=False) & ~Q(file_name="")),
                name="data_export_ready_has_file",
            )
        ]

    def __str__(self) -> str:
        return f"Data export {self.pk} of member {self.member_id} ({self.status})"

    def is_downloadable(self, now=None) -> bool:
        return self.status == self.Status.READY and self.expires_at > (now or timezone.now())


class AccountDeletion(models.Model):
    """A member asked for their account to be deleted. Kept after the erasure, as the record of it.

    Scheduled until ``erase_after``; logging in before then cancels it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        ERASED = "erased", "Erased"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    by_operator = models.BooleanField(default=False)  # `kith deletemember`

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=Q(status="scheduled"), name="account_deletion_one_scheduled"),
            models.CheckConstraint(condition=Q(erase_after__gte=models.F("requested_at")), name="account_deletion_after_request"),
        ]
        indexes = [models.Index(fields=["status", "erase_after"])]

    def __str__(self) -> str:
        return f"Deletion of member {self.member_id} ({self.status})"
