"""The portability API (mounted at /api/v1/): thin endpoints over selectors and actions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from kith.core.schemas import errors
from kith.network.schemas import InvitationOut, invitation_out
from kith.portability import actions, selectors
from kith.portability.preview import preview
from kith.portability.schemas import (
    ApplyIn,
    ApplyOut,
    ContactInviteIn,
    ContactPage,
    ImportOut,
    contact_out,
    import_out,
)

router = Router(tags=["portability"])


@router.post("/imports/linkedin", response={201: ImportOut, **errors(400)}, url_name="import_linkedin")
def import_linkedin(request: HttpRequest, file: File[list[UploadedFile]]):
    """Upload a LinkedIn export (multipart, field ``file``: the zip, or one or more of its CSV files).
    Answers with the preview: what each section would add, what is already there, what differs.
    Nothing is written to the profile until you apply it. Over 50 MB: 413."""
    linkedin_import = actions.start_linkedin_import(request.auth, file)
    return Status(201, import_out(preview(linkedin_import)))


@router.post("/imports/{import_id}/apply", response={200: ApplyOut, **errors(400, 404)})
def apply_import(request: HttpRequest, import_id: int, payload: ApplyIn):
    """Apply an import, one mode a section, in one transaction. Applying the same export again changes nothing."""
    result = actions.apply_import(request.auth, import_id, payload.sections)
    return {**result.as_json(), "contacts": selectors.contact_counts(request.auth)}


class ContactsQuery(Schema):
    matched: bool | None = None
    q: str = ""
    offset: int = 0
    limit: int = 50


@router.get("/contacts", response=ContactPage)
def list_contacts(request: HttpRequest, filters: Query[ContactsQuery]):
    """Your imported contacts (only you see them). ``matched=true``: those who are members (by a
    verified email address, or suggested by name and company); ``matched=false``: the others."""
    member = request.auth
    show = {True: "matched", False: "others", None: "all"}[filters.matched]
    offset, limit = max(0, filters.offset), max(1, min(filters.limit, 200))
    qs = selectors.contacts_of(member, show, q=filters.q)
    if filters.matched:
        qs = qs | selectors.contacts_of(member, "suggested", q=filters.q)
    count = qs.count()
    views = selectors.contact_views(member, qs.order_by("last_name", "first_name", "pk")[offset : offset + limit])
    items = [contact_out(v, member, actions.suggested_note(v.contact)) for v in views]
    return {"items": items, "count": count, "offset": offset, "limit": limit}


@router.post("/contacts/{contact_id}/invite", response={201: InvitationOut, **errors(400, 403, 404, 409, 429)})
def invite_contact(request: HttpRequest, contact_id: int, payload: ContactInviteIn | None = None):
    """Invite a contact who is a member to connect (the suggested note unless you give one).
    The network's checks and limits apply; inviting a suggestion confirms it is them."""
    member = request.auth
    invitation = actions.invite_contact(member, contact_id, note=payload.note if payload is not None else None)
    return Status(201, invitation_out(invitation, member))
