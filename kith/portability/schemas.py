"""API shapes for portability. Members are serialised by members.schemas.member_out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field

from kith.core.schemas import Input
from kith.members.schemas import MemberOut, member_out
from kith.portability.models import AccountDeletion, DataExport
from kith.portability.preview import Preview, SectionPreview
from kith.portability.selectors import ContactView

Mode = Literal["merge", "replace", "skip"]


class FileOut(Schema):
    name: str
    status: str = Field(description="read, error (could not be read), missing (not in the upload), not_imported")
    rows: int
    skipped: int
    notes: list[str]


class ItemOut(Schema):
    key: str
    label: str
    state: str = Field(description="new, same (already there), conflict (differs), only_kith (replace removes it)")
    differences: list[str]


class SectionOut(Schema):
    title: str
    available: bool = Field(description="The export had this section's file and it could be read")
    modes: list[Mode]
    default: Mode
    counts: dict[str, int]
    items: list[ItemOut] = Field(description="The first 50, changes first")
    notes: list[str]


class ImportOut(Schema):
    id: int
    status: str = Field(description="preview, or applied")
    created_at: datetime
    files: list[FileOut]
    sections: dict[str, SectionOut]
    emails: list[dict]


def _section_out(section: SectionPreview) -> dict:
    return {
        "title": section.title, "available": section.available, "modes": list(section.modes),
        "default": section.default, "counts": section.counts, "notes": section.notes,
        "items": [{"key": i.key, "label": i.label, "state": i.state, "differences": i.differences} for i in section.shown(50)],
    }


def import_out(plan: Preview) -> dict:
    linkedin_import = plan.linkedin_import
    return {
        "id": linkedin_import.pk, "status": linkedin_import.status, "created_at": linkedin_import.created_at,
        "files": plan.files, "sections": {key: _section_out(s) for key, s in plan.sections.items()}, "emails": plan.emails,
    }


class ApplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    sections: dict[str, Mode] = Field(
        description='A mode for each section to import, e.g. {"profile": "merge", "contacts": "replace"}; '
        "sections left out are skipped"
    )


class ApplyOut(Schema):
    changes: dict[str, dict[str, int]]
    problems: list[str]
    contacts: dict[str, int] = Field(description="total, matched, suggested, invitable")


class ContactOut(Schema):
    id: int
    name: str
    company: str
    position: str
    email: str
    connected_on: date | None
    source: str
    match: str = Field(description="none, email, suggested (same name and company), confirmed, rejected")
    member: MemberOut | None = Field(description="The member this contact is (or may be), when you may see them")
    connected: bool
    invited: bool
    suggested_note: str


class ContactPage(Schema):
    items: list[ContactOut]
    count: int
    offset: int
    limit: int


def contact_out(view: ContactView, viewer, note: str) -> dict:
    c = view.contact
    shown = view.profile is not None and (view.matched or view.suggested)
    return {
        "id": c.pk, "name": c.name, "company": c.company, "position": c.position, "email": c.email,
        "connected_on": c.connected_on, "source": c.source, "match": c.match if shown else "none",
        "member": member_out(view.profile, viewer, degree=view.degree) if shown else None,
        "connected": view.connected, "invited": view.invited, "suggested_note": note,
    }


class ContactInviteIn(Schema):
    note: str | None = Field(None, max_length=300, description="Leave out for the suggested note")


class ExportOut(Schema):
    id: int
    status: str = Field(description="pending, ready, failed or expired")
    created_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    size: int
    download: str | None = Field(description="Where to download the zip (you only, until expires_at)")


def export_out(export: DataExport) -> dict:
    return {
        "id": export.pk, "status": DataExport.Status.EXPIRED if export.status == "ready" and not export.is_downloadable() else export.status,
        "created_at": export.created_at, "ready_at": export.ready_at, "expires_at": export.expires_at, "size": export.size,
        "download": reverse("api:download_export", args=[export.pk]) if export.is_downloadable() else None,
    }


class DeletionIn(Input):
    password: str = Field(max_length=4096, description="Your password, to confirm it is you")


class DeletionOut(Schema):
    status: str
    requested_at: datetime
    erase_after: datetime


def deletion_out(deletion: AccountDeletion) -> dict:
    return {"status": deletion.status, "requested_at": deletion.requested_at, "erase_after": deletion.erase_after}
