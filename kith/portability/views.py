"""Pages for portability: thin views over selectors and actions.

Settings → Import from LinkedIn (upload, preview, apply), Contacts (matched members with
Connect), Your data (export everything) and Delete account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError, LimitReached, NotFound
from kith.core.htmx import add_error, flash_error, limit_page, render_page
from kith.portability import actions, selectors
from kith.portability.forms import ApplyForm, DeletionForm, InviteForm, UploadForm
from kith.portability.preview import preview

CONTACTS_PAGE = 50


def _found(fetch, *args):
    try:
        return fetch(*args)
    except NotFound as error:
        raise Http404(error.message) from error


# --- import -------------------------------------------------------------------------------------


def _import_page(request: HttpRequest, form: UploadForm, *, status: int = 200, refusal: str = "") -> HttpResponse:
    context = {"form": form, "latest": selectors.latest_import(request.user), "refusal": refusal}
    return render_page(request, "portability/import.html", context, status=status)


def upload_refused(request: HttpRequest, error: KithError) -> HttpResponse:
    """The upload page with the refusal, for a body refused before it was read (uploads.py)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('portability:import')}")
    return _import_page(request, UploadForm(), status=error.status, refusal=error.message)


@login_required
@require_http_methods(["GET", "POST"])
def import_linkedin(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _import_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    try:
        linkedin_import = actions.start_linkedin_import(request.user, request.FILES.getlist("export"))
    except KithError as error:
        form.add_error("export", error.message)
        return _import_page(request, form, status=error.status)
    return redirect("portability:preview", import_id=linkedin_import.pk)


@login_required
@require_http_methods(["GET", "POST"])
def preview_import(request: HttpRequest, import_id: int) -> HttpResponse:
    """What importing would do, section by section, with a mode for each; POST applies it."""
    linkedin_import = _found(selectors.access_import, request.user, import_id)
    plan = preview(linkedin_import)
    form = ApplyForm(plan, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = actions.apply_import(request.user, linkedin_import.pk, form.choices())
            except KithError as error:
                add_error(form, error)
                status = error.status
            else:
                messages.success(request, _summary(result))
                return redirect("portability:done", import_id=linkedin_import.pk)
        else:
            status = 400
    context = {"plan": plan, "form": form, "linkedin_import": linkedin_import}
    return render_page(request, "portability/preview.html", context, status=status)


def _summary(result: actions.ApplyResult) -> str:
    parts = []
    labels = {"profile": "profile fields", "positions": "positions", "education": "schools", "skills": "skills",
              "contacts": "contacts"}
    for key, counts in result.changes.items():
        done = [f"{n} {verb}" for verb, n in counts.items() if n]
        if done:
            parts.append(f"{labels.get(key, key)}: {', '.join(done)}")
    if not parts:
        return "Imported: everything in the export was already on your profile, nothing changed."
    text = "; ".join(parts)
    return f"Imported. {text[:1].upper()}{text[1:]}."


@login_required
def import_done(request: HttpRequest, import_id: int) -> HttpResponse:
    linkedin_import = _found(selectors.access_import, request.user, import_id)
    context = {"linkedin_import": linkedin_import, "counts": selectors.contact_counts(request.user)}
    return render_page(request, "portability/done.html", context)


# --- contacts -------------------------------------------------------------------------------------


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    """The member's imported contacts: those who are members first, with their degree and Connect."""
    member = request.user
    counts = selectors.contact_counts(member)
    show = request.GET.get("show") or ("matched" if counts["matched"] or counts["suggested"] else "all")
    show = show if show in selectors.SHOW else "all"
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.contacts_of(member, show, q=q), CONTACTS_PAGE).get_page(request.GET.get("page"))
    views = selectors.contact_views(member, page.object_list)
    context = {"page": page, "views": views, "counts": counts, "show": show, "q": q, "next": request.get_full_path(),
               "nav_active": "network"}
    return render_page(request, "portability/contacts.html", context, partial="portability/partials/contact_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def invite_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Connect with a matched contact: the note comes prefilled; the network's limits apply."""
    member = request.user
    view = _found(selectors.access_contact, member, contact_id)
    if view.profile is None:
        raise Http404("No such contact.")
    form = InviteForm(request.POST or None, initial={"note": actions.suggested_note(view.contact)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.invite_contact(member, contact_id, note=form.cleaned_data["note"])
            except LimitReached as error:
                return limit_page(request, error, title="Invitation limit reached",
                                  links=[("Your contacts", reverse("portability:contacts"))])
            except KithError as error:
                add_error(form, error)
                status = error.status
            else:
                messages.success(request, f"Invitation sent to {view.profile.name}.")
                return _back(request, reverse("portability:contacts"))
        else:
            status = 400
    context = {"view": view, "profile": view.profile, "form": form, "next": request.GET.get("next", ""),
               "nav_active": "network"}
    return render_page(request, "portability/invite.html", context, status=status)


def _contact_answer(request: HttpRequest, contact_id: int, action, done: str) -> HttpResponse:
    try:
        contact = action(request.user, contact_id)
    except KithError as error:
        if isinstance(error, NotFound):
            raise Http404(error.message) from error
        flash_error(request, error)
    else:
        messages.success(request, done.format(name=contact.name))
    return _back(request, reverse("portability:contacts"))


@login_required
@require_POST
def confirm_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _contact_answer(request, contact_id, actions.confirm_contact, "{name} is now matched to their profile.")


@login_required
@require_POST
def reject_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    return _contact_answer(request, contact_id, actions.reject_contact, "We won't suggest that member for {name} again.")


@login_required
@require_POST
def invite_all(request: HttpRequest) -> HttpResponse:
    outcome = actions.invite_all_matched(request.user)
    (messages.warning if outcome.stopped else messages.success)(request, outcome.message)
    return _back(request, reverse("portability:contacts"))


@login_required
@require_POST
def match_again(request: HttpRequest) -> HttpResponse:
    found = actions.match_contacts(request.user)
    messages.success(request, f"Found {found} more of your contacts on Kith." if found else "No new members among your contacts.")
    return _back(request, reverse("portability:contacts"))


# --- your data: export -----------------------------------------------------------------------------


def _data_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    context = {"exports": selectors.latest_exports(request.user), "hours": settings.KITH_EXPORT_HOURS,
               "now": timezone.now()}
    return render_page(request, "portability/data.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    """Settings → Your data: ask for an export of everything, download the ready ones."""
    if request.method == "GET":
        return _data_page(request)
    try:
        export = actions.request_export(request.user)
    except LimitReached as error:
        return limit_page(request, error, title="Export limit reached", links=[("Your data", reverse("portability:data"))])
    export.refresh_from_db()
    if export.status == export.Status.READY:
        messages.success(request, "Your data export is ready: download it below.")
    else:
        messages.success(request, "We are preparing your data export; we'll tell you (here and by email) when it is ready.")
    return redirect("portability:data")


@login_required
def download_export(request: HttpRequest, export_id: int) -> HttpResponse:
    """The zip, to its member only, while it lasts."""
    export = _found(selectors.access_export, request.user, export_id)
    path = _found(actions.export_file, export)
    name = f"{settings.SITE_NAME}-data-{export.created_at:%Y-%m-%d}.zip".replace(" ", "-")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


# --- delete my account ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirm with the password; the account is erased after the grace period, unless the
    member signs in again before then (that cancels it). Asking signs this browser out."""
    member = request.user
    form = DeletionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                deletion = actions.request_deletion(member, password=form.cleaned_data["password"])
            except KithError as error:
                add_error(form, error)
                status = error.status
            else:
                logout(request)
                request.session["kith_deletion_scheduled"] = deletion.erase_after.isoformat()
                return redirect("portability:deletion_scheduled")
        else:
            status = 400
    context = {"form": form, "scheduled": selectors.scheduled_deletion(member), "grace_days": settings.KITH_DELETION_GRACE_DAYS}
    return render_page(request, "portability/delete.html", context, status=status)


@login_required
@require_POST
def cancel_deletion(request: HttpRequest) -> HttpResponse:
    if actions.cancel_deletion(request.user) is not None:
        messages.success(request, "Your account will not be deleted.")
    return redirect("portability:delete")


def deletion_scheduled(request: HttpRequest) -> HttpResponse:
    """Where a member lands, signed out, after asking: when it happens and how to take it back."""
    when = request.session.get("kith_deletion_scheduled")
    erase_after = parse_datetime(when) if when else None
    if erase_after is None:
        return redirect("home")
    context = {"erase_after": erase_after, "grace_days": settings.KITH_DELETION_GRACE_DAYS}
    return render_page(request, "portability/deletion_scheduled.html", context)
