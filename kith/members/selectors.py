"""Reads on a member's behalf. Visibility and blocks are decided here and nowhere else.

Every page and endpoint that shows a member goes through ``access_profile`` (one
profile) or ``visible_profiles`` (lists); both drop members blocked either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from kith.core.errors import NotFound
from kith.members.models import (
    Block,
    Connection,
    OpenTo,
    Position,
    Profile,
    Skill,
    User,
    Visibility,
)

Viewer = User | AnonymousUser | None


def _member(viewer: Viewer) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


def blocked_ids(viewer: Viewer) -> set[int]:
    """Ids of members the viewer blocked or was blocked by, cached on the viewer object."""
    member = _member(viewer)
    if member is None:
        return set()
    cached = getattr(member, "_kith_blocked_ids", None)
    if cached is None:
        rows = Block.objects.filter(Q(blocker=member) | Q(blocked=member)).values_list("blocker_id", "blocked_id")
        cached = {b if a == member.pk else a for a, b in rows}
        member._kith_blocked_ids = cached
    return cached


def forget_blocks(viewer: Viewer) -> None:
    """Drop the cached block set (actions that block or unblock call this)."""
    member = _member(viewer)
    if member is not None and hasattr(member, "_kith_blocked_ids"):
        del member._kith_blocked_ids


def is_blocked_between(a: Viewer, b_id: int) -> bool:
    return b_id in blocked_ids(a)


def are_connected(a_id: int, b_id: int) -> bool:
    return Connection.objects.filter(member_id=a_id, other_id=b_id).exists()


def is_recruiter(viewer: Viewer) -> bool:
    """Recruiters are members whose own "hiring" signal is on."""
    member = _member(viewer)
    if member is None:
        return False
    return OpenTo.objects.filter(profile_id=member.pk, kind=OpenTo.Kind.HIRING).exists()


def current_companies(profile_id: int) -> set[str]:
    rows = Position.objects.filter(profile_id=profile_id, is_current=True).values_list("company", flat=True)
    return {company.strip().lower() for company in rows}


def _ordered_skills() -> Prefetch:
    """A profile's skills in the member's own order, as ``profile.skill_list``."""
    return Prefetch("skills", queryset=Skill.objects.order_by("profileskill__order", "profileskill__id"), to_attr="skill_list")


@dataclass
class ProfileAccess:
    """What a viewer may see of one profile.

    ``full`` is False for a connections-only profile seen by a non-connection: the
    page then shows name, headline and photo, enough to decide whether to connect.
    """

    profile: Profile
    is_self: bool
    is_connected: bool
    full: bool
    can_see_connections: bool
    open_to: list[OpenTo] = field(default_factory=list)
    degree: int | None = None  # 1, 2, 3, or None (out of network, yourself, anonymous)


def shows_full_profile(visibility: str, *, is_self: bool, connected: bool) -> bool:
    """Whether a signed-in viewer sees the whole profile, or only the limited card (name,
    headline, photo) that a connections-only profile shows a non-connection."""
    return is_self or connected or visibility != Visibility.CONNECTIONS


def with_full_profile(viewer: Viewer, queryset: QuerySet[Profile]) -> QuerySet[Profile]:
    """``queryset`` narrowed to the profiles the viewer sees whole (the rule of
    ``shows_full_profile``, as SQL): not connections-only, or a connection, or the
    viewer; an anonymous viewer sees public profiles only."""
    member = _member(viewer)
    if member is None:
        return queryset.filter(visibility=Visibility.PUBLIC)
    mine = Connection.objects.filter(member=member).values("other_id")
    return queryset.filter(~Q(visibility=Visibility.CONNECTIONS) | Q(pk__in=mine) | Q(pk=member.pk))


def visible_profiles(viewer: Viewer, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """Profiles a viewer may find in any list: active, not blocked either way, and
    (for anonymous viewers) public."""
    qs = (queryset if queryset is not None else Profile.objects.all()).filter(user__is_active=True)
    member = _member(viewer)
    if member is None:
        return qs.filter(visibility=Visibility.PUBLIC)
    hidden = blocked_ids(member)
    return qs.exclude(pk__in=hidden) if hidden else qs


def access_profile(viewer: Viewer, handle: str) -> ProfileAccess:
    """The one way to load a profile on someone's behalf.

    Raises NotFound when the profile does not exist, is deactivated, is blocked
    either way, or is not visible to an anonymous viewer: all look the same, so
    nothing leaks about who exists or who blocked whom.
    """
    profile = (
        Profile.objects.select_related("user")
        .prefetch_related(
            "positions",
            "education",
            _ordered_skills(),
            "open_to",
        )
        .filter(handle=handle, user__is_active=True)
        .first()
    )
    if profile is None:
        raise NotFound("No member with that handle.", field="handle")
    member = _member(viewer)
    is_self = member is not None and member.pk == profile.pk
    if not is_self:
        if member is None and profile.visibility != Visibility.PUBLIC:
            raise NotFound("No member with that handle.", field="handle")
        if member is not None and is_blocked_between(member, profile.pk):
            raise NotFound("No member with that handle.", field="handle")
    connected = bool(member) and not is_self and are_connected(member.pk, profile.pk)
    full = shows_full_profile(profile.visibility, is_self=is_self, connected=connected)
    can_see_connections = is_self or (connected and profile.connections_visibility == "connections")
    degree = None
    if member is not None and not is_self:
        from kith.graph import adapter

        degree = adapter.degrees_of(member.pk, [profile.pk]).get(profile.pk) or None
    return ProfileAccess(
        profile=profile,
        is_self=is_self,
        is_connected=connected,
        full=full,
        can_see_connections=can_see_connections,
        open_to=visible_open_to(viewer, profile) if full else [],
        degree=degree,
    )


def visible_open_to(viewer: Viewer, profile: Profile) -> list[OpenTo]:
    """The profile's "open to" signals this viewer may see.

    A job search set to "recruiters only" is shown to recruiters; one set to hide
    from the member's current company is never shown to a colleague there.
    """
    signals = list(profile.open_to.all())
    member = _member(viewer)
    if member is not None and member.pk == profile.pk:
        return signals
    if member is None:
        return [s for s in signals if s.kind != OpenTo.Kind.JOB]
    visible = []
    for signal in signals:
        if signal.kind == OpenTo.Kind.JOB:
            if signal.audience == OpenTo.Audience.RECRUITERS and not is_recruiter(member):
                continue
            if signal.hide_from_current_company and current_companies(member.pk) & current_companies(profile.pk):
                continue
        visible.append(signal)
    return visible


def profile_for_member(member: User) -> Profile:
    """The signed-in member's own profile, for editing (no visibility applies)."""
    return (
        Profile.objects.select_related("user")
        .prefetch_related("positions", "education", _ordered_skills(), "open_to")
        .get(pk=member.pk)
    )


@dataclass(frozen=True)
class MarketFacts:
    """What target-market matching looks at for one member (see ``target_market_match``)."""

    industry: str
    city: str
    region: str
    country: str
    headline: str
    current_titles: tuple[str, ...]
    current_companies: tuple[str, ...]


def market_facts(profile_ids: list[int]) -> dict[int, MarketFacts]:
    """Facts for many members in two queries."""
    titles: dict[int, list[str]] = {}
    companies: dict[int, list[str]] = {}
    for pid, title, company in Position.objects.filter(profile_id__in=profile_ids, is_current=True).values_list(
        "profile_id", "title", "company"
    ):
        titles.setdefault(pid, []).append(title)
        companies.setdefault(pid, []).append(company)
    return {
        pid: MarketFacts(industry, city, region, country, headline, tuple(titles.get(pid, ())), tuple(companies.get(pid, ())))
        for pid, industry, city, region, country, headline in Profile.objects.filter(pk__in=profile_ids).values_list(
            "pk", "industry", "city", "region", "country", "headline"
        )
    }


def target_market_match(market, facts: MarketFacts) -> list[str]:
    """Which of a target market's criteria a member meets: "industry", "title", "location", "company".

    Text compares case-insensitively; a title keyword matches a current title or
    the headline; a location matches the city, region or country.
    """
    if market is None:
        return []
    matched = []
    if market.industries and facts.industry in market.industries:
        matched.append("industry")
    if market.title_keywords:
        haystack = " ".join((*facts.current_titles, facts.headline)).lower()
        if any(keyword.lower() in haystack for keyword in market.title_keywords):
            matched.append("title")
    if market.locations:
        places = {p.lower() for p in (facts.city, facts.region, facts.country) if p}
        if places & {loc.lower() for loc in market.locations}:
            matched.append("location")
    if market.companies:
        mine = {c.strip().lower() for c in facts.current_companies}
        if mine & {c.strip().lower() for c in market.companies}:
            matched.append("company")
    return matched
