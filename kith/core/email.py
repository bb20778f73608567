"""Plain-text email: templates rendered without HTML escaping.

A name like ``Xav <svg onload=alert(1)>`` must arrive as typed in a text/plain email; HTML
escaping it gives "Xav &lt;svg…", and it protects nothing there. Every ``.txt`` email template
and subject renders through the ``text`` template engine (autoescape off, see settings.TEMPLATES);
HTML templates, pages and any HTML email keep Django's escaping.

Email from the community: its name in the subject, a greeting by name, its sign-off
(kith/templates/email/base.txt). Kith's own emails (notifications, unread messages) go through
:func:`send_member_email`; allauth's account emails get the same frame through the account
adapter (kith.members.adapters).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template import engines

TEXT_ENGINE = "text"


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template (an email body or subject) with autoescape off."""
    return engines[TEXT_ENGINE].get_template(template_name).render(context)


def render_subject(template_name: str, context: dict) -> str:
    """A subject on one line: rendered as text, whitespace (newlines too) collapsed."""
    return " ".join(render_text(template_name, context).split())


def site_url() -> str:
    return getattr(settings, "KITH_SITE_URL", "").rstrip("/")


def greeting_name(name: str | None) -> str:
    """The first word of a member's name ("Ada" for "Ada Lovelace"); empty when there is none."""
    return (name or "").split(" ", 1)[0].strip()


def frame_context(name: str | None = None) -> dict:
    """What email/base.txt needs: the community's name and address, and whom to greet."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": site_url(), "greeting_name": greeting_name(name)}


def send_member_email(*, to: str, name: str | None, subject: str, template: str, context: dict) -> None:
    """Render ``template`` as the body, frame it, and send it with the community's subject prefix."""
    frame = frame_context(name)
    body = render_text(template, {**context, **frame}).strip()
    text = render_text("email/base.txt", {**frame, "body": body})
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(), text, None, [to])
