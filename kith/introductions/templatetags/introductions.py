"""Introductions on other apps' pages, without those apps importing this one:
"Ask X to introduce you" on a profile, on a path in "How you're connected", and in search results.

Who may be offered is ``kith.introductions.selectors``'s answer (hidden lists and blocks).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from kith.introductions import selectors

register = template.Library()


@dataclass(frozen=True)
class Offer:
    """One way to ask: ``via`` starts it (the introducer, or the first of a chain). With
    ``request``, the viewer has an introduction with them in motion instead (``part``:
    "asker" or "target"), and the offer links to it rather than asking again."""

    handle: str  # the member to be introduced to
    via_handle: str
    via_name: str
    chain: bool
    request_id: int | None = None
    part: str = ""

    @property
    def url(self) -> str:
        if self.request_id is not None:
            return reverse("introductions:detail", args=[self.request_id])
        return reverse("introductions:ask", args=[self.handle]) + "?" + urlencode({"via": self.via_handle})

    @property
    def label(self) -> str:
        if self.part == "target":
            return f"{self.via_name} introduced you: answer"
        if self.part == "asker":
            return f"You asked {self.via_name}: see your request"
        return f"Ask {self.via_name} to introduce you" if not self.chain else f"Ask {self.via_name} for an introduction"


def _in_motion(handle: str, request, part: str) -> Offer:
    hops = sorted(request.hops.all(), key=lambda h: h.position)
    via = hops[0] if part == "asker" else hops[-1]  # whom the viewer asked / who introduced them
    return Offer(handle, via.introducer.profile.handle, via.introducer.profile.name, len(hops) > 1, request.pk, part)


def _open(context, access):
    """The introduction in motion between the viewer and the profile, once per page."""
    viewer = _viewer(context)
    if viewer is None or access.is_self:
        return None
    if not hasattr(access, "_kith_open_introduction"):
        access._kith_open_introduction = selectors.open_between(viewer, [access.profile.pk]).get(access.profile.pk)
    return access._kith_open_introduction


def _viewer(context):
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return user if user is not None and user.is_authenticated else None


def _route(context, access) -> selectors.Route | None:
    """The viewer's route to the profile, computed once per page (kept on ``access``)."""
    viewer = _viewer(context)
    if viewer is None or access.is_self or access.degree not in (2, 3):
        return None
    route = getattr(access, "_kith_route", None)
    if route is None:
        route = selectors.route_to(viewer, access.profile.user)
        access._kith_route = route
    return route


@register.simple_tag(takes_context=True)
def best_introduction(context, access) -> Offer | None:
    """On a 2nd- or 3rd-degree profile: the strongest way to ask ("Ask Grace to introduce you"),
    or the introduction already in motion with them."""
    in_motion = _open(context, access)
    if in_motion is not None:
        return _in_motion(access.profile.handle, *in_motion)
    route = _route(context, access)
    if route is None or route.best is None:
        return None
    first = route.best.profile if route.degree == 2 else route.best.first
    return Offer(access.profile.handle, first.handle, first.name, route.degree == 3)


@register.simple_tag(takes_context=True)
def introducer_ids(context, access) -> set[int]:
    """The ids of the members the viewer may ask to introduce them to this profile (for the
    paths in "How you're connected": a path whose first hop is one gets an Ask link). None
    while an introduction with them is in motion."""
    route = _route(context, access)
    if route is None or _open(context, access) is not None:
        return set()
    return {i.profile.pk for i in route.introducers} | {c.first.pk for c in route.chains}


@register.simple_tag(takes_context=True)
def introduction_offers_for(context, results) -> dict[int, Offer]:
    """For a page of search results: the best way to ask for each 2nd- and 3rd-degree member,
    in one batch."""
    viewer = _viewer(context)
    if viewer is None:
        return {}
    hits = [(r.profile, getattr(r, "degree", None)) for r in results if not getattr(r, "is_self", False)]
    twos = [p.pk for p, d in hits if d == 2]
    threes = [p.pk for p, d in hits if d == 3]
    intro = selectors.introducers_for_many(viewer, twos, k=1) if twos else {}
    chains = selectors.chains_for_many(viewer, threes, k=1) if threes else {}
    in_motion = selectors.open_between(viewer, twos + threes)
    out = {}
    for profile, _ in hits:
        if profile.pk in in_motion:
            out[profile.pk] = _in_motion(profile.handle, *in_motion[profile.pk])
        elif intro.get(profile.pk):
            best = intro[profile.pk][0].profile
            out[profile.pk] = Offer(profile.handle, best.handle, best.name, False)
        elif chains.get(profile.pk):
            best = chains[profile.pk][0].first
            out[profile.pk] = Offer(profile.handle, best.handle, best.name, True)
    return out


@register.filter
def introduction_for(offers: dict, profile) -> Offer | None:
    return (offers or {}).get(getattr(profile, "pk", None))
