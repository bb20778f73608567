from django import template
from django.utils.safestring import SafeString

from kith.messaging.text import linkify as _linkify

register = template.Library()


@register.filter
def linkify(text: str) -> SafeString:
    """``{{ message.text|linkify }}``: escaped text with clickable http(s) links."""
    return _linkify(text)
