"""Untrusted text never executes: real XSS payloads through posts, articles and comments."""

import re
from html.parser import HTMLParser

import pytest

from kith.posts.rendering import TAGS, mentioned_handles, render

# From the OWASP XSS filter evasion cheat sheet and PortSwigger's XSS cheat sheet.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{display:none}</style>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"https://x.test\" onmouseover=\"alert(1)\">x</a>",
    "![x](javascript:alert(1))",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
    "<details open ontoggle=alert(1)>",
    "\"><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "[x](https://x.test \"title\" onclick=alert(1))",
    "<a href='java\tscript:alert(1)'>x</a>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
]

class _Markup(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text is just text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.elements


@pytest.mark.parametrize("markdown", [False, True], ids=["post", "article"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_inert(payload, markdown):
    html = render(f"Before {payload} after", markdown=markdown)
    for tag, attrs in _elements(html):
        assert tag in TAGS, html
        assert not [name for name in attrs if name.startswith("on") or name in ("style", "src")], html
        if "href" in attrs:
            assert re.match(r"(https?://|/in/|mailto:)", attrs["href"]), html


def test_links_get_rel_and_addresses_become_links():
    html = render("See https://kith.test/a?b=1&c=2.")
    assert html == '<p>See <a href="https://kith.test/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://kith.test/a?b=1&amp;c=2</a>.</p>'
    article = render("[Kith](https://kith.test) and **bold**", markdown=True)
    assert '<a href="https://kith.test" rel="nofollow ugc noopener">Kith</a>' in article and "<strong>bold</strong>" in article


def test_a_post_is_plain_text_and_an_article_is_markdown():
    assert render("**not bold**\n# not a heading") == "<p>**not bold**<br>\n# not a heading</p>"
    article = render("# Heading\n\n- one\n- two", markdown=True)
    assert "<h2>Heading</h2>" in article and "<li>one</li>" in article  # the page's h1 is the title


def test_mentions_link_known_members_only_and_not_in_code_or_emails():
    html = render("Hi @ada and @nobody, mail ada@kith.test", handles={"ada"})
    assert html.count('class="mention"') == 1 and "@nobody" in html and "ada@kith.test" in html
    assert 'class="mention"' not in render("`@ada`", markdown=True, handles={"ada"})
    assert mentioned_handles("@Ada, @grace and @ada again; x@y") == ["ada", "grace"]
