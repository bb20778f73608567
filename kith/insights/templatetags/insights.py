from __future__ import annotations

from django import template

from kith.network.models import Invitation

register = template.Library()

CRITERIA = {"industry": "industry", "title": "job title", "location": "location", "company": "company"}


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def criteria(values: list[str]) -> str:
    return ", ".join(CRITERIA.get(v, v) for v in values)


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
