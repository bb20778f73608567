"""Introduction pages: ask, the three boxes, one introduction, and "Reach my market".

Thin views: fetch through the selectors (which apply privacy and blocks), call an
action, show its refusal on the form or as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kith.core.errors import KithError, LimitReached, NotFound
from kith.core.htmx import add_error, limit_page
from kith.insights.selectors import insights_for
from kith.introductions import actions, market, selectors
from kith.introductions.forms import AskForm, ForwardForm, MarketFilterForm, ReplyForm
from kith.introductions.models import IntroductionHop
from kith.members.selectors import access_profile

BOXES = {"to_forward": "To introduce", "received": "To you", "sent": "Sent"}


def _access(member, handle: str):
    try:
        return access_profile(member, handle)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, handle: str) -> HttpResponse:
    """Ask X to introduce you: the introducers (or chains) ranked by path strength, two notes."""
    access = _access(request.user, handle)
    if access.is_self:
        raise Http404("You can't be introduced to yourself.")
    route = selectors.route_to(request.user, access.profile.user)
    choices = [(i.profile.handle, i) for i in route.introducers] + [(c.first.handle, c) for c in route.chains]
    chosen = request.GET.get("via") or (choices[0][0] if choices else "")
    form = AskForm(request.POST or None, via_choices=[h for h, _ in choices], initial={"via": chosen})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.ask_introduction(request.user, to=access.profile.handle, **form.cleaned_data)
        except LimitReached as error:
            return limit_page(request, error, title="Introduction limit reached", links=[("Your introductions", reverse("introductions:box") + "?box=sent")])
        except KithError as error:
            add_error(form, error)
            status = error.status
        else:
            messages.success(request, f"Asked for an introduction to {access.profile.name}.")
            return redirect(reverse("introductions:box") + "?box=sent")
    elif request.method == "POST":
        status = 400
    asked = selectors.open_request(request.user, access.profile.user)
    context = {"profile": access.profile, "access": access, "route": route, "choices": choices, "form": form, "nav_active": "network", "asked": asked}
    if asked is not None:
        context["asked_status"] = selectors.asker_status(asked)
    return render(request, "introductions/ask.html", context, status=status)


@login_required
@require_GET
def box(request: HttpRequest) -> HttpResponse:
    """The introducer's inbox (to_forward), the target's (received) and the asker's (sent)."""
    which = request.GET.get("box") or "to_forward"
    if which not in BOXES:
        which = "to_forward"
    member = request.user
    rows = {
        "to_forward": lambda: list(selectors.to_forward(member)[:100]),
        "received": lambda: list(selectors.received(member)[:100]),
        "sent": lambda: [(r, selectors.asker_status(r)) for r in selectors.sent(member)[:100]],
    }[which]()
    context = {"box": which, "boxes": BOXES, "rows": rows, "nav_active": "network", "pending": selectors.pending_at(member)}
    return render(request, "introductions/box.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    """One introduction as the member's part in it lets them see it."""
    try:
        intro, part = selectors.access_request(request.user, introduction_id)
    except NotFound as error:
        raise Http404(error.message) from error
    hops = sorted(intro.hops.all(), key=lambda h: h.position)
    context = {"intro": intro, "part": part, "hops": hops, "nav_active": "network"}
    if part == "introducer":
        mine = next(h for h in hops if h.introducer_id == request.user.pk)
        context["hop"] = mine
        context["previous"] = [h for h in hops if h.position < mine.position]
        context["next_hop"] = next((h for h in hops if h.position > mine.position), None)
        context["can_answer"] = mine.status == IntroductionHop.Status.PENDING
        if context["can_answer"] and context["next_hop"] is not None:
            context["next_choices"] = selectors.next_introducers(request.user, intro, k=actions.CHOICES)
        context["insights"] = insights_for(request.user, intro.asker.profile)
        context["forward_form"] = ForwardForm()
    elif part == "target":
        context["insights"] = insights_for(request.user, intro.asker.profile)
        context["forwarded"] = [h for h in hops if h.status == IntroductionHop.Status.FORWARDED]
        context["reply_form"] = ReplyForm()
    else:
        context["asker_status"] = selectors.asker_status(intro)
    return render(request, "introductions/detail.html", context)


ANSWERS = {"forward", "decline", "unknown", "connect", "reply", "ignore"}


@login_required
@require_POST
def answer(request: HttpRequest, introduction_id: int, answer: str) -> HttpResponse:
    if answer not in ANSWERS:
        raise Http404("No such answer.")
    member = request.user
    request_id = introduction_id
    back = reverse("introductions:detail", args=[request_id])
    try:
        if answer == "forward":
            form = ForwardForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
                return redirect(back)
            actions.forward_introduction(member, request_id=request_id, note=form.cleaned_data["note"], via=form.cleaned_data["via"] or None)
            messages.success(request, "Forwarded. Thank you for the introduction.")
            return redirect(reverse("introductions:box") + "?box=to_forward")
        if answer == "decline":
            actions.decline_introduction(member, request_id=request_id)
            messages.success(request, "Declined. They are not told.")
            return redirect(reverse("introductions:box") + "?box=to_forward")
        if answer == "unknown":
            actions.not_well_enough(member, request_id=request_id)
            messages.success(request, "Noted: you don't know them well enough. They are not told.")
            return redirect(reverse("introductions:box") + "?box=to_forward")
        if answer == "connect":
            intro = actions.accept_introduction(member, request_id=request_id)
            messages.success(request, f"You are now connected with {intro.asker.profile.name}.")
            return redirect(back)
        if answer == "ignore":
            actions.ignore_introduction(member, request_id=request_id)
            messages.success(request, "Ignored. They are not told.")
            return redirect(reverse("introductions:box") + "?box=received")
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect(back)
        intro = actions.reply_to_introduction(
            member, request_id=request_id, text=form.cleaned_data["text"], three_way=form.cleaned_data["with_introducer"]
        )
        return redirect(reverse("messaging:conversation", args=[intro.conversation_id]) + "#latest")
    except NotFound as error:
        raise Http404(error.message) from error
    except LimitReached as error:
        return limit_page(request, error, title="Limit reached", links=[("Back", back)])
    except KithError as error:
        messages.error(request, error.message)
        return redirect(back)


@login_required
@require_GET
def market_page(request: HttpRequest) -> HttpResponse:
    """Reach my market: members matching my target market by degree, with the best way in."""
    form = MarketFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = market.market_for(
        request.user,
        degree=filters.get("degree") or None,
        company=filters.get("company") or "",
        location=filters.get("location") or "",
        cursor=filters.get("cursor") or 0,
    )
    context = {"page": page, "form": form, "nav_active": "network", "digest": market.digest_preference(request.user)}
    return render(request, "introductions/market.html", context)


@login_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    weekly = request.POST.get("weekly") == "on"
    actions.set_digest(request.user, weekly=weekly)
    messages.success(request, "You will get the weekly market email." if weekly else "No more weekly market emails.")
    return redirect("introductions:market")
