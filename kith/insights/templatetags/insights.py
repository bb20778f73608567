from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

from kith.network.models import Invitation

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
