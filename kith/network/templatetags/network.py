"""``{% network_profile_actions access %}``: Connect / Message / Follow / Block / Report on a profile."""

from django import template
from django.urls import NoReverseMatch, reverse

from kith.members.selectors import ProfileAccess
from kith.network.forms import InvitationForm
from kith.network.selectors import relationship

register = template.Library()


@register.inclusion_tag("network/partials/profile_actions.html", takes_context=True)
def network_profile_actions(context, access: ProfileAccess) -> dict:
    request = context["request"]
    viewer = request.user
    if not viewer.is_authenticated:
        return {"access": access, "profile": access.profile, "viewer": None}
    try:
        message_url = f"{reverse('messaging:new')}?to={access.profile.handle}"
    except NoReverseMatch:
        message_url = None
    return {
        "access": access,
        "profile": access.profile,
        "viewer": viewer,
        "rel": relationship(viewer, access),
        "form": InvitationForm(),
        "next": request.get_full_path(),
        "message_url": message_url,
        "csrf_token": context.get("csrf_token"),
    }
