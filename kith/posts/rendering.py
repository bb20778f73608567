"""Member text to HTML: posts (plain text with links and @mentions) and articles (Markdown).

Parsed by markdown-it-py with raw HTML off (any markup typed is shown as text), then
sanitised by nh3 against an allow-list, so nothing a member writes runs in a reader's
browser: no script, no event handler, no style, no iframe, no ``javascript:`` or ``data:``
link. Links get ``rel="nofollow ugc noopener"``. Bare http(s) addresses become links and
``@handle`` becomes a link to the profile when ``handles`` says that member exists.

>>> render("Hi @ada, see https://kith.test/x. <script>alert(1)</script>", handles={"ada"})
'<p>Hi <a href="/in/ada/" class="mention" rel="nofollow ugc noopener">@ada</a>, see <a href="https://kith.test/x" rel="nofollow ugc noopener">https://kith.test/x</a>. &lt;script&gt;alert(1)&lt;/script&gt;</p>'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["MENTION", "mentioned_handles", "render", "unlink_mentions"]

# A handle is a slug (kith.members.models.Profile.handle); "@" must not follow a word
# character, so an email address is not a mention.
MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9_-]{0,59})", re.IGNORECASE)
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}*_"
_TOKENS = re.compile(f"{_URL.pattern}|{MENTION.pattern}", re.IGNORECASE)

REL = "nofollow ugc noopener"
TAGS = {
    "p", "br", "a", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "hr", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "class", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def mentioned_handles(text: str) -> list[str]:
    """The handles ``text`` names with @, lower-cased, in order, each once."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def _trim_url(url: str) -> tuple[str, str]:
    """A sentence's full stop or closing bracket ends the sentence, not the address."""
    tail = ""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url, tail = url[:-1], url[-1] + tail
    return url, tail


def _link_tokens(state: StateCore, href: str, label: str, css: str | None = None) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrSet("href", href)
    if css:
        opening.attrSet("class", css)
    text = Token("text", "", 0)
    text.content = label
    return [opening, text, Token("link_close", "a", -1)]


def _autolink(state: StateCore) -> None:
    """A core rule: split text tokens (outside links and code) at addresses and at mentions of
    the members in ``env["handles"]``."""
    handles = state.env.get("handles") or set()
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        for child in block.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth > 0:
                children.append(child)
                continue
            text, position = child.content, 0
            for match in _TOKENS.finditer(text):
                if match.group(1) is not None:  # a mention
                    handle = match.group(1).lower()
                    if handle not in handles:
                        continue
                    pieces = _link_tokens(state, f"/in/{handle}/", match.group(0), "mention")
                    start, end = match.start(), match.end()
                else:
                    url, tail = _trim_url(match.group(0))
                    if len(url) <= len("https://"):
                        continue
                    pieces = _link_tokens(state, url, url)
                    start, end = match.start(), match.end() - len(tail)
                if start > position:
                    before = Token("text", "", 0)
                    before.content = text[position:start]
                    children.append(before)
                children.extend(pieces)
                position = end
            if position == 0:
                children.append(child)
            elif position < len(text):
                rest = Token("text", "", 0)
                rest.content = text[position:]
                children.append(rest)
        block.children = children


@cache
def _parser(*, markdown: bool) -> MarkdownIt:
    if markdown:
        md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
        md.disable("image")  # images come from uploads, not from addresses in the text
    else:
        # A post is plain text: paragraphs and line breaks, nothing else is markup.
        md = MarkdownIt("zero", {"html": False, "breaks": True}).enable(["newline"])
    md.core.ruler.push("kith_autolink", _autolink)
    md.core.ruler.push("kith_headings", _shift_headings)
    return md


def _shift_headings(state: StateCore) -> None:
    """An article's title is the page's h1: its body's headings start at h2."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(4, int(token.tag[1]) + 1)}"


def render(text: str, *, markdown: bool = False, handles: Iterable[str] = ()) -> str:
    """Safe HTML for a post (``markdown=False``) or an article's Markdown body."""
    html = _parser(markdown=markdown).render(text or "", {"handles": set(handles)})
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=REL,
        strip_comments=True,
    ).strip()


_MENTION_LINK = re.compile(r'<a href="/in/([a-z0-9_-]+)/" class="mention" rel="nofollow ugc noopener">(@[^<]*)</a>')


def unlink_mentions(html: str, handles: set[str]) -> str:
    """``html`` with the mentions of ``handles`` (members blocked either way) left as plain text."""
    if not handles:
        return html
    return _MENTION_LINK.sub(lambda m: m.group(0) if m.group(1) not in handles else f'<span class="mention">{m.group(2)}</span>', html)
