"""The site's icon: an SVG with PNG fallbacks from the static files, linked from every page."""

import re

from django.contrib.staticfiles import finders


def test_every_page_links_the_icon_and_the_files_exist(client, db):
    html = client.get("/accounts/login/").content.decode()
    hrefs = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="/static/(kith/[^"]+)"', html)
    assert set(hrefs) == {"kith/favicon.svg", "kith/icon-32.png", "kith/icon-180.png"}
    for href in hrefs:
        path = finders.find(href)
        assert path, href
        with open(path, "rb") as f:
            head = f.read(8)
        assert head.startswith(b"<svg") if href.endswith(".svg") else head == b"\x89PNG\r\n\x1a\n"
