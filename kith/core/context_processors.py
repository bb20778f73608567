from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from kith.core import navigation as _navigation

# (label, url name, key): entries whose page is not installed yet are left out.
NAV = [
    ("Home", "home", "home"),
    ("My network", "network:index", "network"),
    ("Groups", "groups:directory", "groups"),
    ("Messaging", "messaging:inbox", "messaging"),
    ("Notifications", "notifications:list", "notifications"),
]


def _nav() -> list[dict]:
    items = []
    for label, name, key in NAV:
        try:
            items.append({"label": label, "url": reverse(name), "key": key})
        except NoReverseMatch:
            continue
    return items


def site(request: HttpRequest) -> dict:
    try:
        search_url = reverse("search:people")
    except NoReverseMatch:
        search_url = None
    return {"SITE_NAME": settings.SITE_NAME, "nav_items": _nav(), "search_url": search_url}


def navigation(request: HttpRequest) -> dict:
    """The navigation's badges and marks for a signed-in member, in one query (kith.core.navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return _navigation.values_for(user)
