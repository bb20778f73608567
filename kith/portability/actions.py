"""Every write of the portability app: imports, contacts, exports and account deletion.

Imports write the profile only through kith.members.actions, and invitations only
through kith.network.actions.send_invitation, so their checks and limits apply as
they do everywhere else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from kith.core.email import send_member_email, site_url
from kith.core.errors import KithError, LimitReached, NotFound
from kith.members import actions as member_actions
from kith.members.models import Profile, User
from kith.network.actions import send_invitation
from kith.network.models import Invitation
from kith.network.selectors import format_day, format_moment
from kith.notifications.actions import notify, retract
from kith.portability import export_archive, selectors
from kith.portability import preview as previews
from kith.portability.archive import Limits, Upload
from kith.portability.linkedin import read_export
from kith.portability.models import AccountDeletion, Contact, DataExport, LinkedInImport
from kith.portability.notification_kinds import EXPORT_READY
from kith.portability.personal_data_registry import erase_all, export_all, providers
from kith.portability.preview import CONFLICT, NEW, ONLY_KITH, REPLACE, SKIP

__all__ = [
    "ApplyResult",
    "BulkInvite",
    "apply_import",
    "build_export",
    "cancel_deletion",
    "confirm_contact",
    "erase_due",
    "erase_member",
    "erase_portability_data",
    "expire_exports",
    "request_deletion",
    "request_export",
    "schedule_deletion",
    "invite_all_matched",
    "invite_contact",
    "match_contacts",
    "match_new_members",
    "reject_contact",
    "start_linkedin_import",
]

logger = logging.getLogger(__name__)


# --- importing -------------------------------------------------------------------------------


def upload_limits() -> Limits:
    return Limits(
        max_bytes=settings.KITH_IMPORT_MAX_BYTES,
        max_files=settings.KITH_IMPORT_MAX_FILES,
        max_uncompressed=settings.KITH_IMPORT_MAX_UNCOMPRESSED,
        max_ratio=settings.KITH_IMPORT_MAX_RATIO,
    )


def start_linkedin_import(member: User, uploads: Sequence[Upload]) -> LinkedInImport:
    """Read an uploaded export and keep what was read for its preview. Writes nothing else.

    Hostile or unreadable uploads are refused (kith.portability.archive.UploadRefused,
    a 4xx naming the problem). Uploading the same content again returns the same import.
    """
    export = read_export(uploads, limits=upload_limits())
    data = export.as_json()
    if not any(f["status"] == "read" for f in data["files"]):
        problems = [f"{f['name']}: {' '.join(f['notes'])}" for f in data["files"] if f["status"] == "error"]
        raise KithError(
            "None of the files Kith imports (Profile.csv, Positions.csv, Connections.csv…) could be read"
            + (f" ({'; '.join(problems)})." if problems else " in this upload."),
            "nothing_to_import",
            "file",
        )
    digest = hashlib.sha256(json.dumps(data["sections"], sort_keys=True).encode()).hexdigest()
    with transaction.atomic():
        existing = LinkedInImport.objects.select_for_update().filter(member=member, digest=digest).first()
        if existing is not None:
            if existing.data != data:
                existing.data = data
                existing.save(update_fields=["data"])
            return existing
        try:
            with transaction.atomic():
                return LinkedInImport.objects.create(member=member, digest=digest, data=data)
        except IntegrityError:  # the same upload, twice at once
            return LinkedInImport.objects.get(member=member, digest=digest)


@dataclass
class ApplyResult:
    """What applying an import did, section by section ({"added": 2, "updated": 1, "removed": 0})."""

    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(n for counts in self.changes.values() for n in counts.values())

    def as_json(self) -> dict[str, Any]:
        return {"changes": self.changes, "problems": self.problems}


def _attempt(result: ApplyResult, label: str, action: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run one member action in a savepoint; a refusal is reported and the rest goes on."""
    try:
        with transaction.atomic():
            action(*args, **kwargs)
    except KithError as exc:
        result.problems.append(f"{label}: {exc.message}")
        return False
    return True


def _check_choices(choices: dict[str, str], available: dict[str, previews.SectionPreview]) -> dict[str, str]:
    if not isinstance(choices, dict):
        raise KithError("Sections: give a mode for each section, like {\"profile\": \"merge\"}.", "invalid", "sections")
    checked = {}
    for key, mode in choices.items():
        if key not in available:
            known = ", ".join(available)
            raise KithError(f"Sections: unknown section {key!r} (the sections are {known}).", "invalid", f"sections.{key}")
        section = available[key]
        if mode not in section.modes:
            allowed = ", ".join(section.modes)
            raise KithError(f"{section.title}: choose one of {allowed}.", "invalid", f"sections.{key}")
        checked[key] = mode if section.available else SKIP
    return {key: checked.get(key, SKIP) for key in available}


def _apply_profile(member: User, section: previews.SectionPreview, mode: str, result: ApplyResult) -> None:
    if mode == SKIP:
        return
    wanted = [i for i in section.items if i.state == NEW or (i.state == CONFLICT and mode == REPLACE)]
    fields: dict[str, str] = {}
    incoming = section.incoming_record or {}
    for item in wanted:
        if item.key == "location":
            fields.update({k: incoming.get(k, "") for k in ("city", "region", "country")})
        else:
            fields[item.key] = item.incoming
    if fields and _attempt(result, "Profile", member_actions.update_profile, member, **fields):
        result.changes["profile"] = {"updated": len(wanted)}


def _apply_list(member: User, section: previews.SectionPreview, mode: str, result: ApplyResult, *, add, update,
                remove, fields: Callable[[dict], dict]) -> None:
    counts = {"added": 0, "updated": 0, "removed": 0}
    if mode != SKIP:
        for item in section.items:
            if item.state == NEW:
                counts["added"] += _attempt(result, item.label, add, member, **fields(item.incoming))
            elif item.state == CONFLICT and mode == REPLACE:
                counts["updated"] += _attempt(result, item.label, update, member, item.current_id, **fields(item.incoming))
            elif item.state == ONLY_KITH and mode == REPLACE:
                counts["removed"] += _attempt(result, item.label, remove, member, item.current_id)
    result.changes[section.key] = counts


def _position_fields(record: dict) -> dict:
    return {k: record[k] for k in ("company", "title", "location", "description", "start", "end", "is_current")}


def _education_fields(record: dict) -> dict:
    return {k: record[k] for k in ("school", "degree", "field", "start_year", "end_year")}


def _apply_skills(member: User, plan: previews.Preview, choices: dict[str, str], result: ApplyResult) -> None:
    skills, languages = plan.sections["skills"], plan.sections["languages"]
    wanted = previews.skill_list(
        plan.current_skills,
        [i.incoming for i in skills.items if i.incoming],
        [i.incoming for i in languages.items],
        skills_mode=choices["skills"],
        languages_mode=choices["languages"],
    )
    before = {member_actions.normalize_skill(n)[0] for n in plan.current_skills}
    after = {member_actions.normalize_skill(n)[0] for n in wanted}
    if wanted != plan.current_skills and _attempt(result, "Skills", member_actions.set_skills, member, wanted):
        result.changes["skills"] = {"added": len(after - before), "removed": len(before - after)}


def _contact_row(owner: User, record: dict, *, now: datetime) -> Contact:
    invited_at = parse_datetime(record["invited_at"]) if record.get("invited_at") else None
    return Contact(
        owner=owner,
        key=record["key"],
        first_name=record.get("first_name", ""),
        last_name=record.get("last_name", ""),
        email=record.get("email", ""),
        url=record.get("url", ""),
        company=record.get("company", ""),
        position=record.get("position", ""),
        connected_on=parse_date(record["connected_on"]) if record.get("connected_on") else None,
        source=record.get("source") or Contact.Source.CONNECTION,
        invited_at=invited_at,
        message=record.get("message", ""),
        created_at=now,
        updated_at=now,
    )


CONTACT_UPDATE_FIELDS = ["first_name", "last_name", "email", "url", "company", "position", "connected_on", "source",
                         "invited_at", "message", "updated_at"]


def _apply_contacts(member: User, section: previews.SectionPreview, mode: str, result: ApplyResult) -> None:
    counts = {"added": 0, "updated": 0, "removed": 0}
    if mode != SKIP:
        now = timezone.now()
        new = [_contact_row(member, i.incoming, now=now) for i in section.items if i.state == NEW]
        Contact.objects.bulk_create(new, batch_size=500)
        counts["added"] = len(new)
        if mode == REPLACE:
            changed = [i for i in section.items if i.state == CONFLICT]
            rows = []
            for item in changed:
                row = _contact_row(member, item.incoming, now=now)
                row.pk = item.current_id
                rows.append(row)
            Contact.objects.bulk_update(rows, CONTACT_UPDATE_FIELDS, batch_size=500)
            # A contact whose email or company changed is matched again.
            Contact.objects.filter(pk__in=[r.pk for r in rows]).exclude(match=Contact.Match.REJECTED).update(
                match=Contact.Match.NONE, member=None, matched_at=None
            )
            counts["updated"] = len(rows)
            gone = [i.current_id for i in section.items if i.state == ONLY_KITH]
            counts["removed"] = Contact.objects.filter(owner=member, pk__in=gone).delete()[0]
        match_contacts(member)
    result.changes["contacts"] = counts


@transaction.atomic
def apply_import(member: User, import_id: int, choices: dict[str, str]) -> ApplyResult:
    """Apply an import with one mode per section ({"profile": "merge", "contacts": "replace"…}),
    in one transaction. Sections left out are skipped.

    Idempotent: applying the same export again finds everything already there and
    changes nothing (the modes are worked out from what is there now, see
    kith.portability.preview). A row a member action refuses is reported in
    ``problems`` and the rest is still applied.
    """
    linkedin_import = LinkedInImport.objects.select_for_update().filter(pk=import_id, member=member).first()
    if linkedin_import is None:
        raise NotFound("No such import.", "import_not_found", "import")
    plan = previews.preview(linkedin_import)
    choices = _check_choices(choices, plan.sections)
    result = ApplyResult()
    _apply_profile(member, plan.sections["profile"], choices["profile"], result)
    _apply_list(member, plan.sections["positions"], choices["positions"], result, add=member_actions.add_position,
                update=member_actions.update_position, remove=member_actions.delete_position, fields=_position_fields)
    _apply_list(member, plan.sections["education"], choices["education"], result, add=member_actions.add_education,
                update=member_actions.update_education, remove=member_actions.delete_education,
                fields=_education_fields)
    _apply_skills(member, plan, choices, result)
    _apply_contacts(member, plan.sections["contacts"], choices["contacts"], result)
    now = timezone.now()
    linkedin_import.status = LinkedInImport.Status.APPLIED
    linkedin_import.applied_at = linkedin_import.applied_at or now
    linkedin_import.choices = choices
    linkedin_import.result = result.as_json()
    linkedin_import.save(update_fields=["status", "applied_at", "choices", "result"])
    return result


# --- contacts ----------------------------------------------------------------------------------


@transaction.atomic
def match_contacts(member: User) -> int:
    """Look for Kith members among the member's contacts not yet matched (or only suggested);
    returns how many matches are new. See selectors.candidate_matches for the rules. Rejected
    suggestions stay rejected; nobody matched is told."""
    pending = list(Contact.objects.filter(owner=member, match__in=(Contact.Match.NONE, Contact.Match.SUGGESTED)))
    found = selectors.candidate_matches(member, pending)
    now = timezone.now()
    changed = []
    for contact in pending:
        hit = found.get(contact.pk)
        if hit is None or (contact.member_id, contact.match) == hit:
            continue
        contact.member_id, contact.match = hit
        contact.matched_at = now
        changed.append(contact)
    Contact.objects.bulk_update(changed, ["member", "match", "matched_at"], batch_size=500)
    return len(changed)


def match_new_members(*, days: int = 7) -> int:
    """Match the contacts that may be members who joined in the last ``days`` (an hourly task:
    a contact imported before its member joined is found without the owner asking). Returns
    how many matches are new."""
    joined = User.objects.filter(date_joined__gte=timezone.now() - timedelta(days=days), is_active=True)
    emails = list(EmailAddress.objects.filter(user__in=joined, verified=True).values_list("email", flat=True))
    names = [" ".join(n.split()).lower() for n in Profile.objects.filter(user__in=joined).values_list("name", flat=True)]
    candidates = Contact.objects.filter(match=Contact.Match.NONE).annotate(
        full_name=Lower(Concat("first_name", Value(" "), "last_name"))
    )
    owners = set()
    for chunk in (emails[i : i + 500] for i in range(0, len(emails), 500)):
        owners |= set(candidates.filter(email__in=chunk).values_list("owner_id", flat=True))
    for chunk in (names[i : i + 500] for i in range(0, len(names), 500)):
        owners |= set(candidates.filter(full_name__in=chunk).exclude(company="").values_list("owner_id", flat=True))
    return sum(match_contacts(owner) for owner in User.objects.filter(pk__in=owners, is_active=True))


def _own_contact(member: User, contact_id: int) -> Contact:
    contact = Contact.objects.select_for_update().filter(pk=contact_id, owner=member).first()
    if contact is None:
        raise NotFound("No such contact.", "contact_not_found", "contact")
    return contact


def _visible_match(member: User, contact: Contact) -> User:
    """The member a contact is matched or suggested to, if the owner may still see them."""
    if contact.member_id is None or contact.match in (Contact.Match.NONE, Contact.Match.REJECTED):
        raise KithError(f"{contact.name} isn't matched to a member.", "not_matched", "contact", status=409)
    if contact.member_id not in selectors.visible_member_ids(member, [contact.member_id]):
        raise KithError(f"{contact.name} isn't matched to a member.", "not_matched", "contact", status=409)
    return contact.member


@transaction.atomic
def confirm_contact(member: User, contact_id: int) -> Contact:
    """The owner says a name-and-company suggestion is the right person. Idempotent."""
    contact = _own_contact(member, contact_id)
    _visible_match(member, contact)
    if contact.match == Contact.Match.SUGGESTED:
        contact.match = Contact.Match.CONFIRMED
        contact.matched_at = timezone.now()
        contact.save(update_fields=["match", "matched_at"])
    return contact


@transaction.atomic
def reject_contact(member: User, contact_id: int) -> Contact:
    """The owner says a suggestion is someone else: it is not suggested again."""
    contact = _own_contact(member, contact_id)
    if contact.match != Contact.Match.SUGGESTED:
        raise KithError("Only a suggestion (same name and company) can be turned down.", "not_suggested", "contact", status=409)
    contact.match = Contact.Match.REJECTED
    contact.matched_at = timezone.now()
    contact.save(update_fields=["match", "matched_at"])
    return contact


def suggested_note(contact: Contact) -> str:
    first = contact.first_name or contact.name
    return f"Hi {first}, we're connected on LinkedIn. Let's connect on {settings.SITE_NAME} too."


@transaction.atomic
def invite_contact(member: User, contact_id: int, *, note: str | None = None) -> Invitation:
    """Invite a matched contact to connect, through the network's one door (its limits apply).

    Inviting a suggested contact (same name and company) is the owner's confirmation
    that it is them. The invited member sees an ordinary invitation: nothing tells them
    they were in anyone's export.
    """
    contact = _own_contact(member, contact_id)
    other = _visible_match(member, contact)
    invitation = send_invitation(member, to=other, note=suggested_note(contact) if note is None else note)
    if contact.match == Contact.Match.SUGGESTED:
        contact.match = Contact.Match.CONFIRMED
        contact.matched_at = timezone.now()
        contact.save(update_fields=["match", "matched_at"])
    return invitation


@dataclass
class BulkInvite:
    sent: int = 0
    skipped: list[str] = field(default_factory=list)  # "Grace Hopper: you are already connected."
    stopped: LimitReached | None = None  # the limit that ended the run, with when it lifts

    @property
    def message(self) -> str:
        parts = [f"Sent {self.sent} invitation{'s' if self.sent != 1 else ''}."]
        if self.skipped:
            parts.append(f"{len(self.skipped)} not sent (already connected, invited, or they don't take invitations).")
        if self.stopped is not None:
            parts.append(f"Stopped at a limit: {self.stopped.message}")
        return " ".join(parts)


def invite_all_matched(member: User, *, note: str | None = None) -> BulkInvite:
    """Invite every matched contact not yet connected or invited, one invitation at a time
    (each its own transaction), until an invitation limit is reached: the invitations sent
    before it stand, and the result says which limit and when it lifts."""
    outcome = BulkInvite()
    for contact in selectors.invitable_contacts(member):
        try:
            invite_contact(member, contact.pk, note=note)
        except LimitReached as exc:
            outcome.stopped = exc
            break
        except KithError as exc:
            outcome.skipped.append(f"{contact.name}: {exc.message}")
        else:
            outcome.sent += 1
    return outcome


# --- exports ---------------------------------------------------------------------------------


def _export_path(export: DataExport) -> Path:
    return Path(settings.KITH_EXPORTS_ROOT) / export.file_name


def request_export(member: User) -> DataExport:
    """Ask for a zip of everything the account holds; it is built in the background and the
    member is told (in-app and by email) when it is ready. Asking while one is being built
    answers with that one; at most KITH_EXPORTS_PER_DAY a day."""
    from kith.portability.tasks import build_export

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).first()  # one request at a time per member
        pending = DataExport.objects.filter(member=member, status=DataExport.Status.PENDING).first()
        if pending is not None:
            return pending
        now = timezone.now()
        day = now - timedelta(days=1)
        recent = list(DataExport.objects.filter(member=member, created_at__gt=day).order_by("created_at")
                      .values_list("created_at", flat=True))
        limit = settings.KITH_EXPORTS_PER_DAY
        if len(recent) >= limit:
            lifts_at = recent[-limit] + timedelta(days=1)
            raise LimitReached(
                f"You can ask for {limit} data export{'s' if limit != 1 else ''} a day; "
                f"you can ask again on {format_moment(lifts_at)}.",
                "export_limit",
                lifts_at=lifts_at,
            )
        export = DataExport.objects.create(member=member, created_at=now)
        transaction.on_commit(lambda: build_export.delay(export.pk))
    return export


def build_export(export_id: int) -> DataExport | None:
    """Build a pending export's zip (the task). Idempotent: an export no longer pending is left alone."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update(of=("self",)).select_related("member__profile").filter(pk=export_id).first()
        if export is None or export.status != DataExport.Status.PENDING:
            return export
        member = export.member
        now = timezone.now()
        try:
            data = export_all(member)
            descriptions = {p.app: p.sections for p in providers()}
            profile = member.profile
            content = export_archive.build(
                data, descriptions=descriptions, member={"handle": profile.handle, "name": profile.name},
                site=settings.SITE_NAME, generated_at=now,
            )
        except Exception:
            logger.exception("Data export %s of member %s could not be built", export.pk, member.pk)
            export.status = DataExport.Status.FAILED
            export.save(update_fields=["status"])
            return export
        root = Path(settings.KITH_EXPORTS_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        export.file_name = f"{member.pk}-{secrets.token_urlsafe(18)}.zip"
        path = _export_path(export)
        path.write_bytes(content)
        export.size = len(content)
        export.status = DataExport.Status.READY
        export.ready_at = now
        export.expires_at = now + timedelta(hours=settings.KITH_EXPORT_HOURS)
        try:
            export.save(update_fields=["file_name", "size", "status", "ready_at", "expires_at"])
            notify(member, EXPORT_READY, actor=member, target=export)
        except Exception:
            path.unlink(missing_ok=True)
            raise
    return export


def export_file(export: DataExport) -> Path:
    """The zip of a downloadable export (the caller has checked it is the member's own)."""
    if not export.is_downloadable():
        raise NotFound("This export has expired: ask for a new one.", "export_expired", "export")
    path = _export_path(export)
    if not path.is_file():
        raise NotFound("This export's file is gone: ask for a new one.", "export_expired", "export")
    return path


def expire_exports(*, now: datetime | None = None) -> int:
    """Delete the files of exports past their 72 hours (a periodic task). Returns how many."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now):
        with transaction.atomic():
            locked = DataExport.objects.select_for_update().filter(pk=export.pk, status=DataExport.Status.READY).first()
            if locked is None:
                continue
            path = _export_path(locked)
            locked.status = DataExport.Status.EXPIRED
            locked.file_name = ""
            locked.save(update_fields=["status", "file_name"])
            retract(target=locked, kind=EXPORT_READY)
            transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))
            count += 1
    return count


# --- account deletion ------------------------------------------------------------------------


def _deletion_email(deletion: AccountDeletion, template: str, subject: str) -> None:
    member = deletion.member
    context = {"deletion": deletion, "erase_on": format_moment(deletion.erase_after), "site_name": settings.SITE_NAME,
               "login_url": site_url() + reverse("account_login")}
    email, name = member.email, member.profile.name
    transaction.on_commit(
        lambda: send_member_email(to=email, name=name, subject=subject, template=template, context=context)
    )


@transaction.atomic
def request_deletion(member: User, *, password: str) -> AccountDeletion:
    """Schedule the account's erasure after the grace period (KITH_DELETION_GRACE_DAYS, 14 days).
    The password confirms it is the member. Signing in before then cancels it; the member is
    told so on the page and by email. Asking again while scheduled answers with the same one."""
    user = User.objects.select_for_update().get(pk=member.pk)
    if not password or not user.check_password(password):
        raise KithError("Password: that is not your password.", "wrong_password", "password", status=400)
    return schedule_deletion(user)


@transaction.atomic
def schedule_deletion(member: User, *, by_operator: bool = False) -> AccountDeletion:
    """``request_deletion`` without the password: for the operator (`kith deletemember`)."""
    user = User.objects.select_for_update().get(pk=member.pk)
    if user.erased_at is not None:
        raise KithError("This account has already been deleted.", "already_erased", status=409)
    scheduled = AccountDeletion.objects.filter(member=user, status=AccountDeletion.Status.SCHEDULED).first()
    if scheduled is not None:
        return scheduled
    now = timezone.now()
    deletion = AccountDeletion.objects.create(
        member=user, requested_at=now, erase_after=now + timedelta(days=settings.KITH_DELETION_GRACE_DAYS),
        by_operator=by_operator,
    )
    _deletion_email(deletion, "portability/email/deletion_scheduled.txt",
                    f"Your account will be deleted on {format_day(deletion.erase_after)}")
    return deletion


@transaction.atomic
def cancel_deletion(member: User) -> AccountDeletion | None:
    """Keep the account: a scheduled deletion is cancelled (signing in does this too). None if
    there was nothing to cancel."""
    deletion = AccountDeletion.objects.select_for_update().filter(
        member=member, status=AccountDeletion.Status.SCHEDULED
    ).first()
    if deletion is None:
        return None
    deletion.status = AccountDeletion.Status.CANCELLED
    deletion.cancelled_at = timezone.now()
    deletion.save(update_fields=["status", "cancelled_at"])
    _deletion_email(deletion, "portability/email/deletion_cancelled.txt", "Your account will not be deleted")
    return deletion


@transaction.atomic
def erase_member(member: User, *, by_operator: bool = False) -> AccountDeletion:
    """Erase the account now: every app's ``erase`` (kith.portability.personal_data_registry),
    in one transaction, highest app first and the account itself last. The deletion's row is
    kept as the record that it happened. Idempotent."""
    user = User.objects.select_for_update().get(pk=member.pk)
    now = timezone.now()
    deletion = AccountDeletion.objects.select_for_update().filter(
        member=user, status=AccountDeletion.Status.SCHEDULED
    ).first()
    if user.erased_at is not None:
        return deletion or AccountDeletion.objects.filter(member=user).order_by("-requested_at").first()
    if deletion is None:
        deletion = AccountDeletion.objects.create(member=user, requested_at=now, erase_after=now, by_operator=by_operator)
    erase_all(user)
    deletion.status = AccountDeletion.Status.ERASED
    deletion.erased_at = now
    deletion.save(update_fields=["status", "erased_at"])
    return deletion


def erase_due(*, now: datetime | None = None) -> int:
    """Erase the accounts whose grace period is over (a periodic task). Returns how many."""
    count = 0
    for deletion in selectors.deletions_due(now).select_related("member"):
        try:
            erase_member(deletion.member)
        except Exception:  # one account that fails to erase (rolled back) never holds up the others
            logger.exception("Could not erase the account of member %s; it stays scheduled", deletion.member_id)
            continue
        count += 1
    return count


@transaction.atomic
def erase_portability_data(member: User) -> None:
    """Portability's part of erasing an account: the member's imports, contacts and exports
    (their files too) go; others' contacts matched to them are matched to nobody. The
    deletion records stay."""
    files = [_export_path(e) for e in DataExport.objects.filter(member=member).exclude(file_name="")]
    exports = DataExport.objects.filter(member=member)
    retract(targets=exports)
    exports.delete()
    transaction.on_commit(lambda: [p.unlink(missing_ok=True) for p in files])
    Contact.objects.filter(owner=member).delete()
    LinkedInImport.objects.filter(member=member).delete()
    Contact.objects.filter(member=member).update(member=None, match=Contact.Match.NONE, matched_at=None)
