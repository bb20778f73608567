"""Plain-text email: templates rendered without HTML escaping.

A name like ``Xav <svg onload=alert(1)>`` must arrive as typed in a text/plain email; HTML
escaping it gives "Xav &lt;svg…", and it protects nothing there. Every ``.txt`` email template
and subject renders through the ``text`` template engine (autoescape off, see settings.TEMPLATES);
HTML templates, pages and any HTML email keep Django's escaping.
"""

from __future__ import annotations

from django.template import engines

TEXT_ENGINE = "text"


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template (an email body or subject) with autoescape off."""
    return engines[TEXT_ENGINE].get_template(template_name).render(context)


def render_subject(template_name: str, context: dict) -> str:
    """A subject on one line: rendered as text, whitespace (newlines too) collapsed."""
    return " ".join(render_text(template_name, context).split())
