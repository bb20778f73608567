"""Pages for groups: thin views over kith.groups selectors and actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from kith.core.errors import KithError, LimitReached, NotFound, PermissionDenied
from kith.core.htmx import add_error, flash_error, limit_page, render_page
from kith.core.inputs import int_param
from kith.groups import actions, selectors
from kith.groups.forms import (
    GroupForm,
    GroupPostForm,
    InviteForm,
    JoinForm,
    ManageMemberForm,
    RejectForm,
    SettingsForm,
)
from kith.groups.models import JoinRequest
from kith.groups.selectors import GroupAccess, access_group
from kith.insights.selectors import insights_for_members
from kith.members.industries import INDUSTRIES
from kith.members.selectors import access_profile, blocked_ids
from kith.network.views import report_page
from kith.posts import actions as post_actions
from kith.posts import selectors as post_selectors
from kith.posts.models import Post


def _access(request: HttpRequest, slug: str) -> GroupAccess:
    try:
        return access_group(request.user, slug)
    except NotFound as error:
        raise Http404(error.message) from error


def _manager(request: HttpRequest, slug: str) -> GroupAccess:
    access = _access(request, slug)
    if not access.is_manager:
        raise DjangoPermissionDenied("Only the group's managers can see this page.")
    return access


def _detail(access: GroupAccess) -> HttpResponse:
    return redirect("groups:detail", access.group.slug)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    member = request.user
    found = selectors.directory(member, q=request.GET.get("q", ""), size=request.GET.get("size", ""), activity=request.GET.get("activity", ""))
    page = max(1, int_param(request.GET.get("page"), minimum=1, maximum=10_000) or 1)
    rows = list(found.groups[(page - 1) * 30 : page * 30 + 1])
    context = {
        "nav_active": "groups",
        "found": found,
        "groups": selectors.accesses(member, rows[:30]),
        "has_more": len(rows) > 30,
        "page": page,
        "mine": selectors.groups_of(member)[:20],
        "suggested": selectors.suggested_groups(member),
        "size_labels": selectors.SIZE_LABELS,
        "activity_labels": selectors.ACTIVITY_LABELS,
    }
    return render_page(request, "groups/directory.html", context, partial="groups/partials/directory_list.html")


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.create_group(request.user, **form.cleaned_data)
        except LimitReached as error:
            return limit_page(request, error, title="Create a group")
        except KithError as error:
            add_error(form, error)
        else:
            messages.success(request, f"{group.name} is ready. Invite your connections to it.")
            return redirect("groups:detail", group.slug)
    return render(request, "groups/create.html", {"form": form, "nav_active": "groups"}, status=400 if form.errors else 200)


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    feed = selectors.group_feed(access, request.user, before=request.GET.get("before")) if access.is_member else None
    context = {
        "nav_active": "groups",
        "tab": "detail",
        "access": access,
        "group": access.group,
        "managers": selectors.managers(access, request.user),
        "join_form": JoinForm(),
        "post_form": GroupPostForm(),
        "feed": feed,
        "own_held": selectors.own_held_posts(access, request.user) if access.is_member or access.banned else [],
        "pending_requests": selectors.pending_request_count(access.group) if access.is_manager else 0,
        "pending_posts": selectors.pending_post_count(access.group) if access.is_manager else 0,
        "open_reports": selectors.open_report_count(access.group) if access.is_manager else 0,
    }
    return render_page(request, "groups/detail.html", context, partial="groups/partials/feed.html")


@login_required
@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    form = JoinForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, "Answer: at most 1,000 characters.")
        return _detail(access)
    try:
        result = actions.join(request.user, access.group, answer=answer)
    except LimitReached as error:
        return limit_page(request, error, title="Join a group", links=[("Back to the group", reverse("groups:detail", args=[slug]))])
    except KithError as error:
        flash_error(request, error)
        return _detail(access)
    if isinstance(result, JoinRequest):
        messages.success(request, "Your request is with the group's managers. You'll be told when they approve it.")
    else:
        messages.success(request, f"Welcome to {access.group.name}.")
    return _detail(access)


@login_required
@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    try:
        actions.leave(request.user, access.group)
    except KithError as error:
        flash_error(request, error)
    else:
        messages.success(request, f"You left {access.group.name}.")
    return _detail(access)


@login_required
@require_POST
def withdraw_request(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    try:
        actions.withdraw_request(request.user, access.group)
    except KithError as error:
        flash_error(request, error)
    else:
        messages.success(request, "Your request to join is withdrawn.")
    return _detail(access)


@login_required
@require_POST
def decline_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    actions.decline_invitation(request.user, access.group)
    messages.success(request, "Invitation declined.")
    return redirect("groups:directory")


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    if not access.is_member:
        raise DjangoPermissionDenied("Join the group to see its members.")
    g = request.GET
    found = selectors.members(
        access, request.user, q=g.get("q", ""), degree=g.get("degree", ""), role=g.get("role", ""),
        location=g.get("location", "")[:100], page=int_param(g.get("page"), minimum=1, maximum=100_000) or 1,
    )
    context = {"nav_active": "groups", "access": access, "group": access.group, "found": found, "tab": "members",
               "facets": _facet_links(found.facets, found.active), "pager": urlencode(found.active)}
    return render_page(request, "groups/members.html", context, partial="groups/partials/member_list.html")


FACET_TITLES = {"degree": "Degree", "role": "Role", "location": "Location"}


def _facet_links(facets: dict, active: dict[str, str]) -> list[tuple[str, list[tuple[str, int, bool, str]]]]:
    """Each facet's chips as (label, count, active, the query string that toggles it)."""
    out = []
    for name, rows in facets.items():
        chips = []
        for key, label, n in rows:
            on = active.get(name) == key
            query = {k: v for k, v in active.items() if k != name}
            if not on:
                query[name] = key
            chips.append((label, n, on, urlencode(query)))
        if chips:
            out.append((FACET_TITLES[name], chips))
    return out


MANAGE_ACTIONS = {"remove", "ban", "manager", "member", "owner"}


@login_required
@require_http_methods(["GET", "POST"])
def manage_member(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    """Remove, ban, or change the role of one member: the content choice is explicit."""
    access = _manager(request, slug)
    try:
        row = selectors.membership_of(access, request.user, handle)
    except NotFound as error:
        raise Http404(error.message) from error
    form = ManageMemberForm(request.POST or None, initial={"action": request.GET.get("action", "remove")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member, group = row.member, access.group
        try:
            if data["action"] in ("remove", "ban"):
                if not data["content"]:
                    raise KithError("Say what happens to their posts and comments here: keep them or remove them.", "required", "content")
                act = actions.remove_member if data["action"] == "remove" else actions.ban_member
                act(request.user, group, member, content=data["content"], reason=data["reason"])
                told = f"{member.profile.name} was {'removed' if data['action'] == 'remove' else 'banned'}."
            else:
                change = {"manager": actions.appoint_manager, "member": actions.dismiss_manager, "owner": actions.transfer_ownership}
                change[data["action"]](request.user, group, member)
                told = {"manager": f"{member.profile.name} is now a manager.", "member": f"{member.profile.name} is a member again.",
                        "owner": f"{member.profile.name} owns the group now; you stay a manager."}[data["action"]]
        except KithError as error:
            add_error(form, error)
        else:
            messages.success(request, told)
            return redirect("groups:members", slug)
    context = {"nav_active": "groups", "tab": "members", "access": access, "group": access.group, "row": row, "form": form}
    return render(request, "groups/manage_member.html", context, status=400 if form.errors else 200)


REQUEST_ANSWERS = {
    "approve": "Approved: {n} new member{s}.",
    "decline": "Declined {n} request{s}. Applicants aren't told.",
    "report": "Declined {n} request{s} and reported the applicant{s} to the moderators.",
}


@login_required
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Join requests judged like connection requests: each applicant with the insights card."""
    access = _manager(request, slug)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        ids = [i for i in (int_param(v, minimum=1) for v in request.POST.getlist("ids")) if i]
        if answer not in REQUEST_ANSWERS or not ids:
            messages.error(request, "Choose at least one request and an answer.")
        else:
            results = actions.answer_requests(request.user, access.group, ids, answer)
            done = sum(1 for error in results.values() if error is None)
            for error in {e.message for e in results.values() if e is not None}:
                messages.error(request, error)
            if done:
                messages.success(request, REQUEST_ANSWERS[answer].format(n=done, s="" if done == 1 else "s"))
        return redirect(f"{reverse('groups:requests', args=[slug])}?{request.POST.get('query', '')}")
    filters = {key: request.GET.get(key, "") for key in selectors.REQUEST_FILTERS}
    rows = list(selectors.join_requests(access, request.user, filters=filters)[:100])
    cards = insights_for_members(request.user, [r.member.profile for r in rows])
    context = {
        "nav_active": "groups",
        "tab": "requests",
        "access": access,
        "group": access.group,
        "entries": [(r, cards.get(r.member_id)) for r in rows],
        "filters": filters,
        "industries": INDUSTRIES,
        "query": request.GET.urlencode(),
    }
    return render(request, "groups/requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    if not access.is_member:
        raise DjangoPermissionDenied("Only the group's members can invite people to it.")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            try:
                to = access_profile(request.user, form.cleaned_data["to"].strip().lstrip("@")).profile.user
            except NotFound as error:
                raise NotFound("You can invite your connections only: none has that handle.", field="to") from error
            actions.invite(request.user, access.group, to=to)
        except LimitReached as error:
            return limit_page(request, error, title="Invite to a group")
        except KithError as error:
            add_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {to.profile.name}.")
            return redirect("groups:invite", slug)
    context = {"nav_active": "groups", "tab": "invite", "access": access, "group": access.group, "form": form}
    return render(request, "groups/invite.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    access = _manager(request, slug)
    group = access.group
    initial = {f: getattr(group, f) for f in ("name", "description", "rules", "join_policy", "question", "trial_days", "post_approval")}
    initial["listed"] = "1" if group.listed else "0"
    form = SettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if not access.is_owner:
        form.fields["post_approval"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_group(request.user, group, name=data["name"], description=data["description"], rules=data["rules"], question=data["question"])
            actions.update_settings(
                request.user, group, trial_days=data["trial_days"], join_policy=data["join_policy"], listed=data["listed"],
                post_approval=data["post_approval"] if access.is_owner else None,
            )
            for kind in ("logo", "cover"):
                if data.get(kind):
                    actions.set_image(request.user, group, kind=kind, upload=data[kind])
        except KithError as error:
            add_error(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("groups:settings", slug)
    context = {"nav_active": "groups", "tab": "settings", "access": access, "group": group, "form": form, "bans": selectors.bans(access)[:100]}
    return render(request, "groups/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def unban(request: HttpRequest, slug: str, handle: str) -> HttpResponse:
    access = _manager(request, slug)
    ban = selectors.bans(access).filter(member__profile__handle=handle).first()
    if ban is None:
        raise Http404("No ban for that handle.")
    try:
        actions.unban(request.user, access.group, ban.member)
    except (PermissionDenied, NotFound) as error:
        flash_error(request, error)
    else:
        messages.success(request, f"{ban.member.profile.name} may join again.")
    return redirect("groups:settings", slug)


@login_required
def log(request: HttpRequest, slug: str) -> HttpResponse:
    access = _manager(request, slug)
    rows = list(selectors.manager_log(access)[:200])
    hidden = blocked_ids(request.user)
    for row in rows:  # a member blocked either way is "a member" in the log, never named
        row.actor_shown = row.actor if row.actor_id and row.actor_id not in hidden else None
        row.subject_shown = row.subject if row.subject_id and row.subject_id not in hidden else None
    context = {"nav_active": "groups", "tab": "log", "access": access, "group": access.group, "rows": rows}
    return render(request, "groups/log.html", context)


# --- group posts ---------------------------------------------------------------------------------


@login_required
@require_POST
def post(request: HttpRequest, slug: str) -> HttpResponse:
    """Post to the group: published at once, or waiting for a manager (the author is told which)."""
    access = _access(request, slug)
    form = GroupPostForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _detail(access)
    try:
        created = post_actions.create_post(
            request.user, body=form.cleaned_data["body"], comments=form.cleaned_data["comments"],
            audience=Post.Audience.GROUP, audience_data={"group": access.group.slug},
        )
    except LimitReached as error:
        return limit_page(request, error, title="Post to a group", links=[("Back to the group", reverse("groups:detail", args=[slug]))])
    except KithError as error:
        flash_error(request, error)
        return _detail(access)
    if created.status == Post.Status.PENDING:
        messages.success(request, "Your post is waiting for a manager's approval. You'll be told either way.")
    else:
        messages.success(request, "Your post is published in the group.")
    return _detail(access)


@login_required
@require_http_methods(["GET", "POST"])
def pending(request: HttpRequest, slug: str) -> HttpResponse:
    """The managers' queue: pending posts (approve, or reject with a reason the author is told)
    and reports about the group's posts and comments."""
    access = _manager(request, slug)
    if request.method == "POST" and "report" in request.POST:
        report_id = int_param(request.POST.get("report"), minimum=1)
        answer = request.POST.get("answer")
        try:
            if report_id is None or answer not in ("remove", "keep"):
                raise KithError("Choose a report and an answer.", "invalid", "answer")
            actions.answer_report(request.user, access.group, report_id, answer=answer, reason=request.POST.get("reason", "")[:1000])
            messages.success(request, "Removed; its author is told why." if answer == "remove" else "Kept; the report is resolved.")
        except KithError as error:
            flash_error(request, error)
        return redirect(reverse("groups:pending", args=[slug]) + "#reports-title")
    if request.method == "POST":
        post_id = int_param(request.POST.get("post"), minimum=1)
        answer = request.POST.get("answer")
        try:
            if post_id is None or answer not in ("approve", "reject"):
                raise KithError("Choose a post and an answer.", "invalid", "answer")
            if answer == "approve":
                actions.approve_post(request.user, access.group, post_id)
                messages.success(request, "Approved: the post is published.")
            else:
                form = RejectForm(request.POST)
                if not form.is_valid():
                    raise KithError("Give a reason: the author is told why their post was not published.", "required", "reason")
                actions.reject_post(request.user, access.group, post_id, reason=form.cleaned_data["reason"], spam=form.cleaned_data["spam"])
                messages.success(request, "Rejected; the author is told your reason.")
        except KithError as error:
            flash_error(request, error)
        return redirect("groups:pending", slug)
    rows = selectors.pending_posts(access, request.user)
    posts = post_selectors.decorate(request.user, [r.post for r in rows])
    context = {
        "nav_active": "groups", "tab": "pending", "access": access, "group": access.group,
        "entries": list(zip(rows, posts, strict=True)), "reports": selectors.reported_content(access, request.user),
        "pending_days": settings.KITH_GROUP_PENDING_DAYS,
    }
    return render(request, "groups/pending.html", context)


@login_required
@require_POST
def moderate_post(request: HttpRequest, slug: str, post_id: int, answer: str) -> HttpResponse:
    """A manager removes a post (with a reason the author is told), pins or unpins it."""
    access = _manager(request, slug)
    try:
        if answer == "remove":
            actions.remove_post(request.user, access.group, post_id, reason=request.POST.get("reason", "")[:1000], spam=request.POST.get("spam") == "on")
            messages.success(request, "Post removed from the group; its author sees it marked removed.")
        elif answer == "pin":
            actions.pin_post(request.user, access.group, post_id)
            messages.success(request, "Pinned to the top of the group.")
        elif answer == "unpin":
            actions.pin_post(request.user, access.group, None)
            messages.success(request, "Unpinned.")
        else:
            raise Http404("No such answer.")
    except KithError as error:
        flash_error(request, error)
    return _detail(access)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Report the group itself to the site's moderators (the posts app's report form)."""
    access = _access(request, slug)
    back = reverse("groups:detail", args=[access.group.slug])
    context = {"title": f"Report the group {access.group.name}", "back": back, "nav_active": "groups",
               "about": "Moderators review every report. The group's owner is never told who reported it."}
    return report_page(
        request,
        file=lambda **kw: actions.report_group(request.user, access.group.slug, **kw),
        done=back,
        template="posts/report.html",
        context=context,
        thanks="Thank you: the site's moderators will look at your report. We don't tell the group's owner who reported it.",
        labels={"fake": "Impersonates an organisation"},
    )
