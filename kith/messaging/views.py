"""Messaging pages: the inbox, requests, one conversation, and the small live partials.

Thin views: fetch through selectors, call actions, put a KithError on the form or
in a flash message. Every page works as plain forms; with htmx the conversation
polls for new messages and the compose form posts without a reload.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kith.core.errors import KithError, NotFound
from kith.core.htmx import add_error, render_page
from kith.core.inputs import int_param
from kith.messaging import actions, selectors
from kith.messaging.forms import MessageForm, NewConversationForm, PreferenceForm, ReportForm

BOX_URLS = {"inbox": "messaging:inbox", "requests": "messaging:requests", "archived": "messaging:archived"}


def pages(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; NotFound becomes a 404 page, any other refusal a flash message
    on the conversation (or the inbox) the member came from."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None
        except KithError as error:
            flash.error(request, error.message)
            if "conversation_id" in kwargs:
                return redirect("messaging:conversation", conversation_id=kwargs["conversation_id"])
            return redirect("messaging:inbox")

    return login_required(wrapper)


def _posted(request: HttpRequest):
    # Not ``request.POST or None``: an empty POST (an unticked checkbox) is still a submission.
    return request.POST if request.method == "POST" else None


def _status(request: HttpRequest, error: KithError) -> int:
    # htmx does not swap 4xx answers by default: a refused form comes back 200 to it.
    return 200 if request.htmx else error.status


@pages
@require_GET
def inbox(request: HttpRequest, box: selectors.Box = "inbox") -> HttpResponse:
    q = request.GET.get("q", "")
    page = selectors.inbox(request.user, box=box, q=q, offset=int_param(request.GET.get("offset")) or 0)
    context = {
        "page": page,
        "box": box,
        "q": q,
        "box_url": reverse(BOX_URLS[box]),
        "conversation_base": reverse("messaging:inbox"),
        "request_count": selectors.request_count(request.user),
        "nav_active": "messaging",
    }
    return render_page(request, "messaging/inbox.html", context, partial="messaging/partials/inbox_list.html")


def _conversation_context(request: HttpRequest, access: selectors.ConversationAccess, form: MessageForm) -> dict:
    page = selectors.conversation_messages(access, before=int_param(request.GET.get("before"), minimum=1))
    return {
        "access": access,
        "conversation": access.conversation,
        "conversation_url": reverse("messaging:conversation", args=[access.conversation.pk]),
        "page": page,
        "after": page.newest_id or 0,
        "paged_back": request.GET.get("before") is not None,
        "form": form,
        "nav_active": "messaging",
    }


@pages
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    access = selectors.access_conversation(request.user, conversation_id)
    form = MessageForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_message(request.user, conversation_id=conversation_id, text=form.cleaned_data["text"])
        except KithError as error:
            add_error(form, error)
            status = _status(request, error)
        else:
            if request.htmx:
                # The poller picks the new message up at once: one place appends messages.
                response = render(request, "messaging/partials/compose.html", {"form": MessageForm(), "access": access})
                response["HX-Trigger"] = "kith:message-sent"
                return response
            return redirect(reverse("messaging:conversation", args=[conversation_id]) + "#latest")
        if request.htmx:
            return render(request, "messaging/partials/compose.html", {"form": form, "access": access}, status=status)
    context = _conversation_context(request, access, form)
    unread = access.participant.last_read_message_id < (access.conversation.last_message_id or 0)
    if request.method == "GET" and not context["paged_back"] and unread:
        actions.mark_read(request.user, conversation_id=conversation_id)
    return render(request, "messaging/conversation.html", context, status=status)


@pages
@require_GET
def new_messages(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The live part of a conversation: messages after ?after=, then the next poller."""
    access = selectors.access_conversation(request.user, conversation_id)
    after = int_param(request.GET.get("after")) or 0
    page = selectors.conversation_messages(access, after=after)
    if page.messages:
        actions.mark_read(request.user, conversation_id=conversation_id, up_to=page.newest_id)
    context = {
        "access": access,
        "conversation": access.conversation,
        "conversation_url": reverse("messaging:conversation", args=[conversation_id]),
        "messages": page.messages,
        "after": page.newest_id or after,
    }
    if not request.htmx:
        return redirect(reverse("messaging:conversation", args=[conversation_id]) + "#latest")
    return render(request, "messaging/partials/new_messages.html", context)


def _chosen(member, handles: list[str]) -> list[selectors.Candidate]:
    """The recipients picked so far, each with what messaging them would do."""
    out = []
    for handle in dict.fromkeys(h for h in handles if h):
        profile = selectors.recipient_by_handle(member, handle)
        offer = selectors.message_offer(member, profile)
        if offer is not None:
            out.append(selectors.Candidate(profile, 0, offer))
    return out


@pages
@require_http_methods(["GET", "POST"])
def new_conversation(request: HttpRequest) -> HttpResponse:
    """New message. Recipients are picked by name: a name typed into "To" that names
    one member is theirs; otherwise the members it may mean come back to pick from
    (the people search's typeahead, which htmx also shows while typing). Each picked
    recipient says, before anything is written, whether and how they can be messaged.
    Buttons: ``pick`` / ``unpick`` a member, ``find`` (Enter in "To"), else send."""
    member = request.user
    posted = request.method == "POST"
    handles = request.POST.getlist("recipient") if posted else [request.GET.get("to", "").strip().lstrip("@")]
    form = NewConversationForm(_posted(request))
    form.is_valid()
    typed = form.cleaned_data.get("to", "") if posted else ""
    candidates: list[selectors.Candidate] = []
    status = 200
    if posted and request.POST.get("unpick"):
        handles = [h for h in handles if h != request.POST["unpick"]]
    elif posted and request.POST.get("pick"):
        handles.append(request.POST["pick"])
        typed = ""
    elif posted:
        if typed.strip():
            profile, candidates = selectors.resolve_recipient(member, typed)
            if profile is not None:
                handles.append(profile.handle)
                typed, candidates = "", []
            elif candidates:
                form.add_error("to", f"More than one member may be “{typed}”: pick one below." if len(candidates) > 1 else f"Did you mean {candidates[0].profile.name}? Pick them below.")
                status = 400
            else:
                form.add_error("to", f"No member matches “{typed}”.")
                status = 404
        if status == 200 and not request.POST.get("find") and form.is_valid():
            if not handles:
                form.add_error("to", "Choose who to message: type a name.")
                status = 400
            else:
                try:
                    started = actions.start_conversation(member, handles=handles, text=form.cleaned_data["text"])
                except KithError as error:
                    add_error(form, error)
                    status = error.status
                else:
                    return redirect(reverse("messaging:conversation", args=[started.pk]) + "#latest")
    try:
        chosen = _chosen(member, handles)
    except NotFound:
        if posted or status != 200:
            raise
        chosen = []  # ?to= naming nobody visible: an empty form, as for no ?to= at all
    context = {
        "form": form,
        "chosen": chosen,
        "typed": typed,
        "candidates": candidates,
        "nav_active": "messaging",
    }
    return render(request, "messaging/new.html", context, status=status)


@login_required
@require_GET
def recipients(request: HttpRequest) -> HttpResponse:
    """While "To" is typed: the members the name may mean (an htmx partial of New message)."""
    typed = request.GET.get("to", "")
    picked = set(request.GET.getlist("recipient"))
    candidates = [c for c in selectors.recipient_candidates(request.user, typed) if c.profile.handle not in picked]
    return render(request, "messaging/partials/recipient_options.html", {"candidates": candidates, "typed": typed})


@pages
@require_POST
def delete_message(request: HttpRequest, conversation_id: int, message_id: int) -> HttpResponse:
    message = actions.delete_message(request.user, conversation_id=conversation_id, message_id=message_id)
    if request.htmx:
        access = selectors.access_conversation(request.user, conversation_id)
        context = {
            "message": message,
            "access": access,
            "conversation_url": reverse("messaging:conversation", args=[conversation_id]),
        }
        return render(request, "messaging/partials/message.html", context)
    return redirect(reverse("messaging:conversation", args=[conversation_id]) + f"#message-{message_id}")


@pages
@require_POST
def archive(request: HttpRequest, conversation_id: int) -> HttpResponse:
    actions.archive_conversation(request.user, conversation_id=conversation_id)
    flash.success(request, "Conversation archived. A new message brings it back to your inbox.")
    return redirect("messaging:inbox")


@pages
@require_POST
def unarchive(request: HttpRequest, conversation_id: int) -> HttpResponse:
    actions.unarchive_conversation(request.user, conversation_id=conversation_id)
    flash.success(request, "Conversation moved back to your inbox.")
    return redirect("messaging:conversation", conversation_id=conversation_id)


@pages
@require_POST
def block(request: HttpRequest, conversation_id: int) -> HttpResponse:
    other = actions.block_from_conversation(request.user, conversation_id=conversation_id, handle=request.POST.get("handle"))
    flash.success(request, f"You blocked {other.profile.name}. Neither of you can see or message the other.")
    return redirect("messaging:inbox")


@pages
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, conversation_id: int) -> HttpResponse:
    access = selectors.access_conversation(request.user, conversation_id)
    form = ReportForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_conversation(
                request.user,
                conversation_id=conversation_id,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                handle=request.POST.get("handle"),
            )
        except KithError as error:
            add_error(form, error)
            status = error.status
        else:
            flash.success(request, "Thank you. Moderators will look at the conversation; nobody is told who reported it.")
            return redirect("messaging:inbox")
    context = {"access": access, "form": form, "nav_active": "messaging"}
    return render(request, "messaging/report.html", context, status=status)


@pages
@require_POST
def accept_request(request: HttpRequest, request_id: int) -> HttpResponse:
    message_request = actions.accept_request(request.user, request_id=request_id)
    return redirect("messaging:conversation", conversation_id=message_request.conversation_id)


@pages
@require_POST
def decline_request(request: HttpRequest, request_id: int) -> HttpResponse:
    actions.decline_request(request.user, request_id=request_id)
    flash.success(request, "Declined. The sender is not told.")
    return redirect("messaging:requests")


@pages
@require_POST
def block_request(request: HttpRequest, request_id: int) -> HttpResponse:
    message_request = actions.block_from_request(request.user, request_id=request_id)
    flash.success(request, f"You blocked {message_request.sender.profile.name}.")
    return redirect("messaging:requests")


@pages
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/partials/nav_badge.html", {})


@pages
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_for(request.user)
    form = PreferenceForm(_posted(request), initial={"email_unread": current.email_unread})
    if request.method == "POST" and form.is_valid():
        actions.set_preference(request.user, email_unread=form.cleaned_data["email_unread"])
        flash.success(request, "Messaging settings saved.")
        return redirect("messaging:settings")
    return render(request, "messaging/settings.html", {"form": form, "nav_active": "messaging"})
