"""Template tags other apps' pages use to show posts, and the feed's small helpers.

- ``{% home_feed %}``: the composer and the member's feed, on the home page (members/home.html);
- ``{% profile_activity access %}``: a member's posts and articles on their profile.
"""

from __future__ import annotations

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from kith.members.selectors import ProfileAccess
from kith.posts import selectors
from kith.posts.forms import PostForm
from kith.posts.models import Reaction

register = template.Library()

SOURCE_LABELS = {
    "following": "From someone you follow",
    "community": "From the community",
    "group": "In one of your groups",
}


@register.inclusion_tag("posts/partials/home_feed.html", takes_context=True)
def home_feed(context) -> dict:
    request = context["request"]
    page = selectors.feed(request.user)
    return {
        "page": page,
        "composer": PostForm(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "user": request.user,
        "onboarding": context.get("onboarding"),
        "widgets_after": 2,
    }


@register.inclusion_tag("posts/partials/activity.html", takes_context=True)
def profile_activity(context, access: ProfileAccess) -> dict:
    request = context["request"]
    page = selectors.member_posts(request.user, access.profile.user, limit=3)
    return {"page": page, "access": access, "request": request, "csrf_token": context.get("csrf_token"), "user": request.user}


@register.simple_tag
def reaction_kinds() -> list[tuple[str, str]]:
    """(kind, label) for each reaction, in order."""
    return list(Reaction.Kind.choices)


@register.filter
def reaction_label(kind: str) -> str:
    return dict(Reaction.Kind.choices).get(kind, "")


@register.filter
def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, "")


@register.filter
def excerpt(html: str, words: int = 60) -> str:
    """An article's first words as plain text, for its card in the feed."""
    return Truncator(strip_tags(html)).words(words)
