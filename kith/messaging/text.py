"""Message text to HTML: escaped first, then http(s) links made clickable. Never trusts the text."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["linkify"]

# Runs over already-escaped text: a URL stops at whitespace and at any escaped
# character that would end it in plain text (quotes, angle brackets).
_URL = re.compile(r"\bhttps?://(?:(?!&quot;|&#x27;|&lt;|&gt;)[^\s<>\"'])+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    # "See https://x.test/a." — the full stop ends the sentence, not the URL.
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url, tail = url[:-1], url[-1] + tail
    # An escaped entity cut in half at the end ("&amp" before ";") goes back in the tail.
    cut = re.search(r"&[a-z#0-9]*$", url, re.IGNORECASE)
    if cut:
        url, tail = url[: cut.start()], url[cut.start() :] + tail
    if len(url) <= len("https://"):
        return match.group(0)
    return f'<a href="{url}" rel="nofollow noopener noreferrer" target="_blank">{url}</a>{tail}'


def linkify(text: str) -> SafeString:
    """HTML for a message: every character escaped, http(s) URLs turned into links.

    >>> linkify('<b>hi</b> see https://x.test/?a=1&b=2.')
    '&lt;b&gt;hi&lt;/b&gt; see <a href="https://x.test/?a=1&amp;b=2" rel="nofollow noopener noreferrer" target="_blank">https://x.test/?a=1&amp;b=2</a>.'
    """
    return mark_safe(_URL.sub(_link, escape(text or "")))  # noqa: S308 - escaped above
