"""Notification pages: the list, mark read, and the email preferences."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError
from kith.core.htmx import flash_error, render_page
from kith.core.inputs import int_param
from kith.notifications import actions, selectors

LIST_SIZE = 100


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    member = request.user
    context = {"nav_active": "notifications", "notifications": selectors.notifications_for(member)[:LIST_SIZE]}
    return render_page(request, "notifications/list.html", context, partial="notifications/partials/list.html")


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (``id``) or all of them."""
    member = request.user
    # Ids that are not row ids match nothing; none at all (no ``id`` field) means every one.
    ids = [n for n in map(partial(int_param, minimum=1), request.POST.getlist("id")) if n] if "id" in request.POST else None
    actions.mark_read(member, ids=ids)
    if request.htmx:
        context = {"notifications": selectors.notifications_for(member)[:LIST_SIZE]}
        return render_page(request, "notifications/list.html", context, partial="notifications/partials/list.html")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """One checkbox per notification type: email me or not (in-app notifications always appear)."""
    member = request.user
    if request.method == "POST":
        chosen = {p["kind"]: p["kind"] in request.POST.getlist("email") for p in selectors.email_preferences(member)}
        try:
            actions.set_email_preferences(member, chosen)
        except KithError as error:
            flash_error(request, error)
        else:
            messages.success(request, "Email preferences saved.")
        return redirect("notifications:preferences")
    context = {"nav_active": "notifications", "preferences": selectors.email_preferences(member)}
    return render_page(request, "notifications/preferences.html", context)
