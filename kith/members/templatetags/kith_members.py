"""Template helpers for member pages: avatars, degree badges, CV dates."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

# Avatar sizes in pixels; CSS has a class for each (no inline styles under our CSP).
AVATAR_SIZES = (24, 32, 40, 48, 64, 96, 128, 160)
AVATAR_NAMED = {"xs": 24, "sm": 32, "md": 48, "lg": 96, "xl": 160}
AVATAR_COLOURS = 8


def _avatar_size(size) -> int:
    if isinstance(size, str) and size in AVATAR_NAMED:
        return AVATAR_NAMED[size]
    try:
        wanted = int(size)
    except (TypeError, ValueError):
        return 48
    return min(AVATAR_SIZES, key=lambda s: abs(s - wanted))


@register.simple_tag
def avatar(profile, size=48, decorative=False) -> str:
    """The member's photo, or their initials on a colour picked from their id.

    ``decorative=True`` when the name is printed right beside it (empty alt).
    """
    px = _avatar_size(size)
    if profile is None:
        return ""
    alt = "" if decorative else profile.name
    if profile.photo:
        return format_html(
            '<img class="avatar avatar--{}" src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
            px, profile.photo.url, alt, px, px,
        )
    colour = (profile.pk or 0) % AVATAR_COLOURS
    if decorative:
        return format_html('<span class="avatar avatar--{} avatar--c{}" aria-hidden="true">{}</span>', px, colour, profile.initials)
    return format_html(
        '<span class="avatar avatar--{} avatar--c{}" role="img" aria-label="{}">{}</span>', px, colour, alt, profile.initials
    )


DEGREE_LABELS = {1: ("1st", "1st-degree connection"), 2: ("2nd", "2nd-degree connection"), 3: ("3rd", "3rd-degree connection")}


@register.simple_tag
def degree_badge(n) -> str:
    """A "1st/2nd/3rd" badge for a connection distance; nothing when unknown or farther."""
    label = DEGREE_LABELS.get(n) if n is not None else None
    if label is None:
        return ""
    return format_html('<span class="degree degree--{}" title="{}"><span class="visually-hidden">{}: </span>{}</span>', n, label[1], label[1], label[0])


def _months_between(start: date, end: date) -> int:
    """Months covered by a position, counting both its first and last month."""
    return (end.year - start.year) * 12 + (end.month - start.month) + 1


@register.filter
def month_label(value: date | None) -> str:
    return value.strftime("%b %Y") if value else ""


@register.filter
def duration(position) -> str:
    """ "2 yrs 3 mos" from start to end (or to this month while current)."""
    end = position.end or timezone.localdate().replace(day=1)
    months = max(1, _months_between(position.start, end))
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} yr{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} mo{'s' if months != 1 else ''}")
    return " ".join(parts)


@register.filter
def date_range(position) -> str:
    """ "Mar 2021 – Present" or "Jan 2019 – Feb 2021"."""
    end = "Present" if position.is_current or position.end is None else month_label(position.end)
    return f"{month_label(position.start)} – {end}"


@register.filter
def year_range(education) -> str:
    if education.start_year and education.end_year:
        return f"{education.start_year} – {education.end_year}"
    return str(education.end_year or education.start_year or "")
