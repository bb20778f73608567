"""Template tags other apps' pages use to show groups.

- ``{% profile_groups access %}``: the groups on a member's profile (members/profile.html): their
  listed groups, and unlisted ones the viewer is in too (``kith.groups.selectors.profile_groups``).
"""

from __future__ import annotations

from django import template

from kith.groups import selectors
from kith.members.selectors import ProfileAccess

register = template.Library()


@register.inclusion_tag("groups/partials/profile_groups.html", takes_context=True)
def profile_groups(context, access: ProfileAccess) -> dict:
    request = context["request"]
    return {"groups": selectors.profile_groups(request.user, access), "access": access}
