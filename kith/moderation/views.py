"""Moderation pages: the console at /moderation/ (moderators only: 403 for anyone else) and a
member's own standing at /settings/standing/. Thin views over selectors and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.core.htmx import add_error
from kith.moderation import actions, selectors
from kith.moderation.forms import ActionForm, AppealForm, AuditFilterForm, QueueFilterForm
from kith.moderation.models import AuditEntry

PAGE_SIZE = 50


def _moderator(request: HttpRequest) -> None:
    try:
        selectors.require_moderator(request.user)
    except PermissionDenied as error:
        raise DjangoPermissionDenied(error.message) from error


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    form = QueueFilterForm(request.GET or {"status": "open"})
    kind, status = "", "open"
    if form.is_valid():
        kind, status = form.cleaned_data["kind"], form.cleaned_data["status"]
    page = Paginator(selectors.queue(request.user, kind=kind or None, status=status or None), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/queue.html", {"form": form, "page": page, "nav_active": "moderation", "tab": "queue"})


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    _moderator(request)
    try:
        detail = selectors.item_detail(request.user, item_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = ActionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.take_action(
                    detail.item.pk, by=request.user, action=data["action"], reason=data["reason"], days=data["days"], until=data["until"]
                )
            except KithError as error:
                add_error(form, error)
            else:
                label = AuditEntry.Action(data["action"]).label
                messages.success(request, f"{label}. The action is in the audit log.")
                return redirect(reverse("moderation:item", args=[detail.item.pk]))
        status = 400
    return render(request, "moderation/item.html", {"d": detail, "form": form, "nav_active": "moderation", "tab": "queue"}, status=status)


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.audit_log(
        request.user, action=filters.get("action") or None, member=filters.get("member") or None, moderator=filters.get("moderator") or None
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/audit.html", {"form": form, "page": page, "nav_active": "moderation", "tab": "audit"})


@login_required
@require_http_methods(["GET", "POST"])
def standing(request: HttpRequest) -> HttpResponse:
    """The member's own standing: trust level, limits, restrictions, warnings; appeal from here."""
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.file_appeal(request.user, action_id=form.cleaned_data["action"], text=form.cleaned_data["text"])
            except KithError as error:
                add_error(form, error)
            else:
                messages.success(request, "Your appeal is with the moderators.")
                return redirect("moderation:standing")
        status = 400
    context = {"s": selectors.standing(request.user), "form": form}
    return render(request, "moderation/standing.html", context, status=status)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.acknowledge_warning(request.user, warning_id=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, "Warning acknowledged.")
    return redirect("moderation:standing")

