"""Network sections other apps' pages pull in (``{% load network %}``):

- ``{% network_profile_actions access %}``: Connect / Message / Follow / Block / Report on a profile;
- ``{% onboarding_path as onboarding %}``: home's first steps for a member with few connections
  (render it with ``network/partials/onboarding.html``);
- ``{% people_you_may_know_card %}``: home's People You May Know card.
"""

from django import template

from kith.members.selectors import ProfileAccess
from kith.network import graph_selectors
from kith.network.forms import InvitationForm
from kith.network.graph_selectors import people_you_may_know
from kith.network.onboarding import Onboarding, onboarding_for
from kith.network.selectors import relationship

register = template.Library()


@register.inclusion_tag("network/partials/profile_actions.html", takes_context=True)
def network_profile_actions(context, access: ProfileAccess, *, quiet_accept: bool = False, message=None) -> dict:
    """``quiet_accept``: the invitation looks like spam, so Accept is not the primary
    button; ``message``: messaging's offer (kith.messaging.selectors.MessageOffer) for
    this member, or None to offer no Message button (this app does not decide it)."""
    request = context["request"]
    viewer = request.user
    if not viewer.is_authenticated:
        return {"access": access, "profile": access.profile, "viewer": None}
    return {
        "access": access,
        "profile": access.profile,
        "viewer": viewer,
        "rel": relationship(viewer, access),
        "form": InvitationForm(),
        "next": request.get_full_path(),
        "message": message,
        "quiet_accept": quiet_accept,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def onboarding_path(context) -> Onboarding | None:
    user = context["request"].user
    return onboarding_for(user) if user.is_authenticated else None


HOME_SUGGESTIONS = 5


@register.inclusion_tag("network/partials/suggestions_widget.html", takes_context=True)
def people_you_may_know_card(context, k: int = HOME_SUGGESTIONS) -> dict:
    request = context["request"]
    suggestions = people_you_may_know(request.user, k=k) if request.user.is_authenticated else []
    return {"suggestions": suggestions, "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("network/partials/how_you_relate.html", takes_context=True)
def how_you_relate(context, access: ProfileAccess) -> dict:
    """On someone else's profile: mutual connections, or for a 3rd-degree member the introduction paths."""
    viewer = context["request"].user
    out = {"access": access, "profile": access.profile, "user": viewer, "mutuals": [], "paths": []}
    if viewer.is_authenticated and not access.is_self:
        out["mutuals"] = graph_selectors.mutual_connections(viewer, access.profile.pk)
        # At 2nd degree every path runs through a mutual connection, already listed above them.
        if access.degree == 3:
            out["paths"] = graph_selectors.introduction_paths(viewer, access.profile)
    return out
