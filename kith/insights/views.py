"""Insights pages: the "Should I connect?" card, reply-before-accepting, and the
triage inbox's bulk answers. Thin views over selectors and the network and
messaging actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kith.core.errors import KithError, NotFound
from kith.core.htmx import add_error, render_page
from kith.insights import actions, selectors
from kith.insights.forms import REPLY_PREFILL, BulkForm, ReplyForm
from kith.members.selectors import access_profile
from kith.network import selectors as network_selectors


def _access(member, handle: str):
    try:
        return access_profile(member, handle)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@require_GET
def card(request: HttpRequest, handle: str) -> HttpResponse:
    """The insights card on a member: the htmx partial, or a page of its own without JS."""
    access = _access(request.user, handle)
    if access.is_self:
        raise Http404("Insights are about other members.")
    insights = selectors.insights_for(request.user, access.profile)
    # ?on=profile: the profile page's own header already says who they are.
    context = {"insights": insights, "profile": access.profile, "nav_active": "network", "on_profile": request.GET.get("on") == "profile"}
    return render_page(request, "insights/card_page.html", context, partial="insights/partials/card.html")


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Reply before accepting: a message to the sender of a received invitation, which
    stays pending. GET shows the composer, prefilled; POST sends and opens the conversation."""
    try:
        invitation = network_selectors.invitation_for_recipient(request.user, invitation_id)
    except NotFound as error:
        raise Http404(error.message) from error
    form = ReplyForm(request.POST or None, initial={"text": REPLY_PREFILL})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            conversation = actions.reply_to_invitation(request.user, invitation, text=form.cleaned_data["text"])
        except KithError as error:
            add_error(form, error)
            status = error.status
        else:
            return redirect(reverse("messaging:conversation", args=[conversation.pk]) + "#latest")
    elif request.method == "POST":
        status = 400
    context = {"invitation": invitation, "profile": invitation.sender.profile, "form": form, "nav_active": "network"}
    return render(request, "insights/reply.html", context, status=status)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Accept, ignore or report several received invitations at once; each is its own
    transaction, and each refusal is reported by name."""
    form = BulkForm(request.POST)
    back = request.POST.get("back") or ""
    target = reverse("network:invitations") + ("?" + back if back and "://" not in back else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    results = actions.answer_invitations(request.user, ids=form.cleaned_data["ids"], answer=form.cleaned_data["answer"])
    done = [r for r in results if r.ok]
    if done:
        messages.success(request, f"{BulkForm.DONE[form.cleaned_data['answer']]}: {', '.join(r.name for r in done)}.")
    for r in results:
        if not r.ok:
            messages.error(request, f"{r.name}: {r.error}")
    return redirect(target)
