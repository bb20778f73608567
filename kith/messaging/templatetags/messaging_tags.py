from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kith.messaging.selectors import MessageOffer, message_offer, message_offers
from kith.messaging.text import linkify as _linkify

register = template.Library()


@register.filter
def linkify(text: str) -> SafeString:
    """``{{ message.text|linkify }}``: escaped text with clickable http(s) links."""
    return _linkify(text)


@register.filter
def msg_time(value: datetime | None) -> SafeString:
    """``<time>`` for a message or conversation: cheaper than two ``|date`` filters on 50 rows."""
    if value is None:
        return SafeString("")
    local = timezone.localtime(value)
    return format_html('<time datetime="{}">{} {}</time>', local.isoformat(), local.day, local.strftime("%b, %H:%M"))


@register.simple_tag(takes_context=True)
def message_offer_for(context, access) -> MessageOffer | None:
    """``{% message_offer_for access as message %}``: whether the signed-in member may
    message the member on a profile (messaging's one rule), asked before they write."""
    viewer = context["request"].user
    if not viewer.is_authenticated or access.is_self:
        return None
    return message_offer(viewer, access.profile)


@register.simple_tag(takes_context=True)
def message_offers_for(context, items) -> dict[int, MessageOffer]:
    """``{% message_offers_for found.results as offers %}``: the same for a list of
    profiles (or of search hits, which carry one), in a few queries; look one up with
    ``offers|offer_for:profile``."""
    viewer = context["request"].user
    if not viewer.is_authenticated:
        return {}
    profiles = [getattr(item, "profile", item) for item in items]
    return message_offers(viewer, [p for p in profiles if p.pk != viewer.pk])


@register.filter
def offer_for(offers: dict, profile) -> MessageOffer | None:
    return offers.get(profile.pk) if offers else None
