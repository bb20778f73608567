from kith.messaging.text import linkify


def test_escapes_then_links():
    html = linkify("<script>alert(1)</script> http://x.test/?a=1&b=2")
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt; "
        '<a href="http://x.test/?a=1&amp;b=2" rel="nofollow noopener noreferrer" target="_blank">'
        "http://x.test/?a=1&amp;b=2</a>"
    )


def test_trailing_punctuation_stays_outside_the_link():
    assert linkify("See https://x.test/a.").endswith('https://x.test/a</a>.')
    assert linkify("(https://x.test/a)").endswith("https://x.test/a</a>)")
    assert 'href="https://x.test/wiki/A_(b)"' in linkify("https://x.test/wiki/A_(b)")


def test_quotes_cannot_break_out_of_the_attribute():
    html = linkify('https://x.test/"onmouseover="alert(1)')
    assert 'href="https://x.test/"' in html
    assert 'onmouseover="' not in html
    assert "&quot;onmouseover=&quot;alert(1)" in html


def test_only_http_and_https():
    assert "<a" not in linkify("javascript:alert(1) ftp://x.test data:text/html,hi")
    assert "<a" not in linkify("http://")


def test_plain_text_is_only_escaped():
    assert linkify("a & b < c") == "a &amp; b &lt; c"
    assert linkify("") == ""
