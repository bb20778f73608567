"""The portability API (mounted at /api/v1/): thin endpoints over selectors and actions."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from kith.core.errors import NotFound
from kith.core.schemas import errors
from kith.network.schemas import InvitationOut, invitation_out
from kith.portability import actions, selectors
from kith.portability.preview import preview
from kith.portability.schemas import (
    ApplyIn,
    ApplyOut,
    ContactInviteIn,
    ContactPage,
    DeletionIn,
    DeletionOut,
    ExportOut,
    ImportOut,
    contact_out,
    deletion_out,
    export_out,
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


# --- exports -------------------------------------------------------------------------------------


@router.post("/exports", response={202: ExportOut, **errors(429)}, url_name="request_export")
def request_export(request: HttpRequest):
    """Ask for a zip of all your data (JSON and CSV, with a README). It is built in the background;
    you are told in-app and by email when it is ready. Asking while one is being prepared
    answers with that one. A few a day (429 with Retry-After past the limit)."""
    export = actions.request_export(request.auth)
    export.refresh_from_db()
    return Status(202, export_out(export))


@router.get("/exports/{export_id}", response={200: ExportOut, **errors(404)})
def get_export(request: HttpRequest, export_id: int):
    """An export's status, and where to download it once ready (for 72 hours, by you only)."""
    return export_out(selectors.access_export(request.auth, export_id))


@router.get("/exports/{export_id}/download", response={200: None, **errors(404)}, url_name="download_export",
            openapi_extra={"responses": {200: {"description": "The zip", "content": {"application/zip": {}}}}})
def download_export(request: HttpRequest, export_id: int):
    """The export's zip (application/zip), while it lasts."""
    export = selectors.access_export(request.auth, export_id)
    path = actions.export_file(export)
    response = FileResponse(path.open("rb"), as_attachment=True, filename=f"data-{export.created_at:%Y-%m-%d}.zip",
                            content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


# --- account deletion ------------------------------------------------------------------------------


@router.post("/me/deletion", response={202: DeletionOut, **errors(400)})
def request_deletion(request: HttpRequest, payload: DeletionIn):
    """Delete your account, confirmed with your password: it is erased after a grace period
    (``erase_after``, 14 days); signing in before then, or DELETE /me/deletion, cancels it."""
    deletion = actions.request_deletion(request.auth, password=payload.password)
    return Status(202, deletion_out(deletion))


@router.get("/me/deletion", response={200: DeletionOut, **errors(404)})
def get_deletion(request: HttpRequest):
    """Your scheduled account deletion, if there is one (404 otherwise)."""
    deletion = selectors.scheduled_deletion(request.auth)
    if deletion is None:
        raise NotFound("Your account is not scheduled for deletion.", "deletion_not_found")
    return deletion_out(deletion)


@router.delete("/me/deletion", response={200: DeletionOut, **errors(404)})
def cancel_deletion(request: HttpRequest):
    """Keep your account: cancel its scheduled deletion (404 when none is scheduled)."""
    deletion = actions.cancel_deletion(request.auth)
    if deletion is None:
        raise NotFound("Your account is not scheduled for deletion.", "deletion_not_found")
    return deletion_out(deletion)
