from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

from kith.insights import scoring
from kith.insights.selectors import insights_for, relationship_for, triage
from kith.members.selectors import ProfileAccess
from kith.network import graph_selectors
from kith.network.models import Invitation
from kith.network.selectors import Box, invitations

register = template.Library()

@lru_cache(maxsize=64)
def _answer_pattern(prefix: str, answer: str) -> str:
    return reverse("network:answer", args=[0, answer]).replace("/0/", "/{}/", 1)


@register.simple_tag
def answer_url(invitation_id: int, answer: str) -> str:
    """``{% url 'network:answer' id answer %}`` without a reverse per card (the triage page
    has fifty cards, four answers each)."""
    return _answer_pattern(get_script_prefix(), answer).format(int(invitation_id))


@lru_cache(maxsize=8)
def _profile_pattern(prefix: str) -> str:
    return reverse("members:profile", args=["handle-placeholder"]).replace("handle-placeholder", "{}")


@register.filter
def profile_url(handle: str) -> str:
    """``{% url 'members:profile' handle %}``, reversed once per process (handles are slugs)."""
    return _profile_pattern(get_script_prefix()).format(handle)


@register.inclusion_tag("insights/partials/pending_invitation.html", takes_context=True)
def pending_invitation(context, conversation) -> dict:
    """On a 1:1 conversation: the open invitation the signed-in member received from the
    other person, with Accept and Ignore (reply-before-accepting lands here)."""
    user = context.get("user")
    invitation = None
    if user is not None and user.is_authenticated and conversation is not None and getattr(conversation, "pair_key", None):
        low, high = (int(x) for x in conversation.pair_key.split(":"))
        other = high if low == user.pk else low
        invitation = (
            Invitation.objects.filter(sender_id=other, recipient=user, status__in=Invitation.OPEN)
            .select_related("sender__profile")
            .order_by("-created_at")
            .first()
        )
    return {"invitation": invitation, "csrf_token": context.get("csrf_token"), "request": context.get("request")}


@register.inclusion_tag("insights/partials/profile_section.html", takes_context=True)
def profile_insights(context, access: ProfileAccess) -> dict:
    """On another member's profile: "Should I connect?" for a non-connection, the
    relationship for a connection (with the page's ``mutuals``), nothing for oneself."""
    request = context["request"]
    viewer = request.user
    out = {"access": access, "profile": access.profile, "request": request, "user": viewer, "show": False}
    if not viewer.is_authenticated or access.is_self:
        return out
    out["show"] = True
    out["relationship"] = relationship_for(viewer, access)
    out["mutuals"] = graph_selectors.mutual_connections(viewer, access.profile.pk)
    return out


@register.simple_tag(takes_context=True)
def invitation_looks_like_spam(context, access: ProfileAccess) -> bool:
    """Whether the member on this profile has invited the viewer and their insights
    say "Looks like spam" (so Accept is not offered as the obvious answer)."""
    viewer = context["request"].user
    if not viewer.is_authenticated or access.is_self or access.is_connected:
        return False
    invitation = Invitation.objects.filter(sender_id=access.profile.pk, recipient=viewer, status__in=Invitation.OPEN).order_by("-created_at").first()
    if invitation is None:
        return False
    return insights_for(viewer, access.profile, invitation=invitation).recommendation == scoring.SPAM


@register.inclusion_tag("insights/partials/triage_chips.html", takes_context=True)
def triage_chips(context, *, oob: bool = False) -> dict:
    """The triage chips counted afresh (after an answer, swapped in out of band); the
    active filters come with the answer (the form carries them as ``f``)."""
    request = context["request"]
    filters = request.POST.getlist("f") if request.method == "POST" else request.GET.getlist("f")
    received = invitations(request.user, Box.RECEIVED)[:200]
    return {"triage": triage(request.user, received, filters=filters), "oob": oob}
@register.inclusion_tag("insights/partials/triage.html", takes_context=True)
def triage_inbox(context, invitations) -> dict:
    """The received box of My network as the triage inbox: each invitation with its
    insights card, sorted by recommendation and filtered by the ``f`` chips."""
    request = context["request"]
    return {
        "triage": triage(request.user, invitations, filters=request.GET.getlist("f")),
        "box": context.get("box"),
        "user": request.user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
