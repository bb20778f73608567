"""Site-wide template tags: the settings menu every settings page shares."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# (group, [(label, url name, other url names that count as this entry)]). The pages live in
# several apps; an entry whose app is not installed is left out, as in the main navigation.
SETTINGS_NAV: list[tuple[str, list[tuple[str, str, tuple[str, ...]]]]] = [
    ("Profile and privacy", [
        ("Privacy", "members:settings", ()),
        ("Open to", "members:open_to", ()),
        ("Target market", "members:target_market", ()),
        ("Blocked members", "network:blocked", ()),
    ]),
    ("Notifications", [
        ("Notification emails", "notifications:preferences", ()),
        ("Messaging", "messaging:settings", ()),
    ]),
    ("Account", [
        ("Email addresses", "account_email", ()),
        ("Password", "account_change_password", ("account_set_password",)),
        ("API tokens", "members:tokens", ()),
        ("Account standing", "moderation:standing", ()),
    ]),
    ("Your data", [
        ("Import from LinkedIn", "portability:import", ("portability:preview", "portability:done")),
        ("Export your data", "portability:data", ()),
        ("Delete account", "portability:delete", ()),
    ]),
]


def settings_groups(current: str | None) -> list[dict]:
    groups = []
    for title, entries in SETTINGS_NAV:
        items = []
        for label, name, aliases in entries:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "current": current in (name, *aliases)})
        if items:
            groups.append({"title": title, "items": items})
    return groups


@register.inclusion_tag("core/settings_nav.html", takes_context=True)
def settings_nav(context: template.Context) -> dict:
    """The list of settings pages, the current one marked (a side column on wide screens, wrapped links on a phone)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return {"groups": settings_groups(match.view_name if match else None)}
