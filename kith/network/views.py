"""Pages for the network: thin views over selectors and actions (htmx gets the partials)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError, NotFound
from kith.core.htmx import add_error, flash_error, render_page
from kith.members.models import Profile, User
from kith.members.selectors import ProfileAccess, access_profile
from kith.network import actions, graph_selectors, selectors
from kith.network.forms import InvitationForm, ReportForm
from kith.network.selectors import Box

PAGE_SIZE = 30


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to ``next`` when it is one of ours, else to ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _access(member: User, handle: str) -> ProfileAccess:
    try:
        return access_profile(member, handle)
    except NotFound as error:
        raise Http404(error.message) from error


def profile_url(handle: str) -> str:
    """The profile page when the members app provides one, else My network."""
    try:
        return reverse("members:profile", args=[handle])
    except NoReverseMatch:
        return reverse("network:index")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """My network: the member's connections, searchable and sortable."""
    member = request.user
    q = request.GET.get("q", "").strip()
    sort = "name" if request.GET.get("sort") == "name" else "recent"
    page = Paginator(selectors.connections(member, q=q, sort=sort), PAGE_SIZE).get_page(request.GET.get("page"))
    graph_selectors.annotate_degrees(member, [c.other.profile for c in page.object_list])
    context = {
        "nav_active": "network",
        "page": page,
        "reach": graph_selectors.reach_for(member),
        "q": q,
        "sort": sort,
        "total": selectors.connection_count(member, member.profile),
        "invitation_counts": selectors.invitation_counts(member),
        "blocked_count": selectors.blocked_members(member).count(),
    }
    return render_page(request, "network/index.html", context, partial="network/partials/connection_list.html")


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    member = request.user
    box = request.GET.get("box", Box.RECEIVED)
    if box not in Box.ALL:
        box = Box.RECEIVED
    context = {
        "nav_active": "network",
        "box": box,
        "invitations": selectors.invitations(member, box)[:200],
        "counts": selectors.invitation_counts(member),
        "ignored_days": settings.KITH_IGNORED_KEPT_DAYS,
    }
    others = [i.recipient.profile if i.sender_id == member.pk else i.sender.profile for i in context["invitations"]]
    graph_selectors.annotate_degrees(member, others)
    # The received box is the triage inbox: the template pulls in kith.insights' cards.
    return render_page(request, "network/invitations.html", context, partial="network/partials/invitation_list.html")


# answer -> (action, who may call it, what the member is told)
ANSWERS = {
    "accept": (actions.accept_invitation, "recipient", "You are now connected to {name}."),
    "ignore": (actions.ignore_invitation, "recipient", "Ignored. It stays under Ignored for {days} days; {name} isn't told."),
    "dont-know": (actions.mark_unknown, "recipient", "Done: {name} can't invite you again and isn't told."),
    "report": (actions.report_invitation, "recipient", "Reported to the moderators, thank you. {name} can't invite you again."),
    "withdraw": (actions.withdraw_invitation, "sender", "Invitation to {name} withdrawn."),
}


@login_required
@require_POST
def answer_invitation(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    member = request.user
    if answer not in ANSWERS:
        raise Http404("No such answer.")
    action, role, told = ANSWERS[answer]
    box = request.POST.get("box") or (Box.SENT if role == "sender" else Box.RECEIVED)
    fallback = f"{reverse('network:invitations')}?box={box}"
    try:
        if role == "sender":
            invitation = selectors.invitation_for_sender(member, invitation_id)
        else:
            invitation = selectors.invitation_for_recipient(member, invitation_id)
        invitation = action(invitation, member)
    except KithError as error:
        if request.htmx:
            return render(request, "network/partials/invitation_error.html", {"error": error.message}, status=error.status)
        flash_error(request, error)
        return _back(request, fallback)
    other = invitation.recipient if role == "sender" else invitation.sender
    text = told.format(name=other.profile.name, days=settings.KITH_IGNORED_KEPT_DAYS)
    if request.htmx:
        # The card says what happened; the box counts, the nav badge and the triage
        # chips come along out of band, so "Received (5)" becomes 4 at once.
        context = {"invitation": invitation, "answered": text, "box": box, "counts": selectors.invitation_counts(member)}
        return render(request, "network/partials/invitation_answered.html", context)
    messages.success(request, text)
    return _back(request, fallback)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, handle: str) -> HttpResponse:
    """Connect: a small form with the optional note (and the email when the member's policy needs it)."""
    member = request.user
    access = _access(member, handle)
    rel = selectors.relationship(member, access)
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation = actions.send_invitation(
                member, to=access.profile, note=form.cleaned_data["note"], email_typed=form.cleaned_data["email"]
            )
        except KithError as error:
            add_error(form, error)
            status = error.status
        else:
            if invitation.sender_id == member.pk:
                text = f"Invitation sent to {access.profile.name}."
            else:
                text = f"{access.profile.name} had invited you: you are now connected."
            if request.htmx and request.htmx.target:
                context = {"profile": access.profile, "text": text, "element_id": request.htmx.target}
                return render(request, "network/partials/invite_sent.html", context)
            messages.success(request, text)
            return _back(request, profile_url(handle))
    elif request.method == "POST":
        status = 400
    context = {"nav_active": "network", "access": access, "profile": access.profile, "rel": rel, "form": form}
    if request.method == "POST" and request.htmx and request.htmx.target:
        # An inline Connect form (a suggestion card): the form comes back in place with its errors.
        context.update(inline=True, hx_target=f"#{request.htmx.target}", next=request.POST.get("next", ""))
        response = render(request, "network/partials/invite_form.html", context)
        response["HX-Retarget"] = f"#invite-form-{access.profile.handle}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render_page(request, "network/invite.html", context, status=status)


def _profile_action(request: HttpRequest, handle: str, done) -> HttpResponse:
    """Run one profile action (POST) and come back with what happened, or the refusal."""
    member = request.user
    try:
        text = done(member, access_profile(member, handle).profile)
    except KithError as error:
        flash_error(request, error)
        return _back(request, profile_url(handle))
    messages.success(request, text)
    return _back(request, profile_url(handle))


def _follow(member: User, profile: Profile) -> str:
    actions.follow(member, profile)
    return f"You now follow {profile.name}."


def _unfollow(member: User, profile: Profile) -> str:
    actions.unfollow(member, profile)
    return f"You no longer follow {profile.name}."


def _disconnect(member: User, profile: Profile) -> str:
    actions.disconnect(member, profile)
    return f"You are no longer connected to {profile.name}."


@login_required
@require_POST
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    return _profile_action(request, handle, _follow)


@login_required
@require_POST
def unfollow(request: HttpRequest, handle: str) -> HttpResponse:
    return _profile_action(request, handle, _unfollow)


@login_required
@require_http_methods(["GET", "POST"])
def disconnect(request: HttpRequest, handle: str) -> HttpResponse:
    if request.method == "POST":
        return _profile_action(request, handle, _disconnect)
    access = _access(request.user, handle)
    return render_page(request, "network/confirm.html", {"profile": access.profile, "what": "disconnect", "nav_active": "network"})


@login_required
@require_http_methods(["GET", "POST"])
def block(request: HttpRequest, handle: str) -> HttpResponse:
    member = request.user
    access = _access(member, handle)
    if request.method == "POST":
        try:
            actions.block(member, access.profile)
        except KithError as error:
            flash_error(request, error)
            return redirect(profile_url(handle))
        messages.success(request, f"You blocked {access.profile.name}.")
        return redirect("network:blocked")
    return render_page(request, "network/confirm.html", {"profile": access.profile, "what": "block", "nav_active": "network"})


@login_required
def blocked(request: HttpRequest) -> HttpResponse:
    """Settings: the members I blocked, each with Unblock."""
    context = {"nav_active": "network", "blocks": selectors.blocked_members(request.user)}
    return render_page(request, "network/blocked.html", context)


@login_required
@require_POST
def unblock(request: HttpRequest, handle: str) -> HttpResponse:
    member = request.user
    try:
        profile = selectors.blocked_profile(member, handle)
        actions.unblock(member, profile)
    except KithError as error:
        flash_error(request, error)
    else:
        messages.success(request, f"You unblocked {profile.name}.")
    return redirect("network:blocked")


REPORT_THANKS = "Thank you: the moderators will look at your report. We don't tell members who reported them."


def report_page(
    request: HttpRequest, *, file, done: str, template: str, context: dict, thanks: str = REPORT_THANKS,
    labels: dict[str, str] | None = None,
) -> HttpResponse:
    """The report form's page for anything reported (a member here; posts, comments and groups in
    the apps above): ``file(reason=, text=)`` is the owning app's report action; on success the
    member goes to ``next`` when it is ours, else to ``done``. ``labels`` words a reason for
    what is reported ("fake" is a fake account for a member, an impostor for a group)."""
    form = ReportForm(request.POST or None)
    if labels:
        form.fields["reason"].choices = [(value, labels.get(value, label)) for value, label in form.fields["reason"].choices]
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            file(reason=form.cleaned_data["reason"], text=form.cleaned_data["text"])
        except KithError as error:
            add_error(form, error)
            status = error.status
        else:
            messages.success(request, thanks)
            return _back(request, done)
    elif request.method == "POST":
        status = 400
    return render_page(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, handle: str) -> HttpResponse:
    member = request.user
    access = _access(member, handle)
    return report_page(
        request,
        file=lambda **kw: actions.report_member(member, access.profile, **kw),
        done=profile_url(handle),
        template="network/report.html",
        context={"nav_active": "network", "profile": access.profile},
    )


# --- People You May Know --------------------------------------------------------------------

SUGGESTIONS_PAGE = 30


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """People you may know, each with its reasons and Connect / Dismiss / "I don't know them"."""
    context = {
        "nav_active": "network",
        "suggestions": graph_selectors.people_you_may_know(request.user, k=SUGGESTIONS_PAGE),
    }
    return render_page(request, "network/suggestions.html", context)


@login_required
@require_POST
def dismiss_suggestion(request: HttpRequest, handle: str) -> HttpResponse:
    access = _access(request.user, handle)
    reason = "unknown" if request.POST.get("reason") == "unknown" else "dismissed"
    try:
        actions.dismiss_suggestion(request.user, access.profile.user, reason=reason)
    except KithError as error:
        if request.htmx:
            return render(request, "network/partials/invitation_error.html", {"error": error.message}, status=200)
        flash_error(request, error)
        return _back(request, reverse("network:suggestions"))
    if request.htmx:
        return HttpResponse("")  # the card swaps out
    messages.success(request, f"We won't suggest {access.profile.name} again.")
    return _back(request, reverse("network:suggestions"))
