"""Reads on a member's behalf: the facts visibility needs, gathered for the policy.

The policy itself is kith.members.visibility. Every page and endpoint that shows a
member goes through ``access_profile`` (one profile) or ``visible_profiles`` (lists);
both drop members blocked either way; ``levels_for`` answers for a page of members.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kith.core import memo
from kith.core.errors import NotFound
from kith.graph import adapter
from kith.members.models import (
    Block,
    Connection,
    Education,
    OpenTo,
    Position,
    Profile,
    ProfileSkill,
    Skill,
    User,
    Visibility,
)
from kith.members.visibility import (
    Level,
    Relation,
    connection_list_open,
    connection_shown,
    mutuals_shown,
    open_to_visible,
    profile_level,
    shows,
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
    a_id, b_id = sorted((int(a_id), int(b_id)))
    return memo.once(("connected", a_id, b_id), lambda: Connection.objects.filter(member_id=a_id, other_id=b_id).exists())


def is_verified_hiring(viewer: Viewer) -> bool:
    """Members the community's operator verified as hiring: the "recruiters only" audience.

    Setting oneself "open to hiring" is not enough (anyone could, to read job searches).
    """
    member = _member(viewer)
    if member is None:
        return False
    cached = getattr(member, "_kith_verified_hiring", None)
    if cached is None:
        cached = Profile.objects.filter(pk=member.pk, hiring_verified_at__isnull=False).exists()
        member._kith_verified_hiring = cached
    return cached


def current_companies(profile_id: int) -> set[str]:
    rows = Position.objects.filter(profile_id=profile_id, is_current=True).values_list("company", flat=True)
    return {company.strip().lower() for company in rows}


def _ordered_skills() -> Prefetch:
    """A profile's skills in the member's own order, as ``profile.skill_list``."""
    return Prefetch("skills", queryset=Skill.objects.order_by("profileskill__order", "profileskill__id"), to_attr="skill_list")


@dataclass
class ProfileAccess:
    """What a viewer may see of one profile (``level``: kith.members.visibility).

    ``full`` is False for a connections-only profile seen by a non-connection: the
    page then shows name, headline and photo, enough to decide whether to connect.
    """

    profile: Profile
    is_self: bool
    is_connected: bool
    level: Level
    can_see_connections: bool
    open_to: list[OpenTo] = field(default_factory=list)
    degree: int | None = None  # 1, 2, 3, or None (out of network, yourself, anonymous)

    @property
    def full(self) -> bool:
        return self.level is Level.FULL

    def shows(self, field: str) -> bool:
        return shows(self.level, field)


def relation(viewer: Viewer, profile: Profile, *, connected: bool | None = None) -> Relation:
    """The facts between the viewer and one member (one query at most: the connection)."""
    member = _member(viewer)
    if member is None:
        return Relation(viewer_id=None, member_id=profile.pk, active=profile.user.is_active)
    if connected is None:
        connected = member.pk != profile.pk and are_connected(member.pk, profile.pk)
    return Relation(
        viewer_id=member.pk,
        member_id=profile.pk,
        connected=connected,
        blocked=is_blocked_between(member, profile.pk),
        active=profile.user.is_active,
    )


def level_of(viewer: Viewer, profile: Profile) -> Level:
    """How much of ``profile`` the viewer may see."""
    connected = None
    if profile.visibility != Visibility.CONNECTIONS:
        connected = False  # the answer does not depend on it: spare the query
    return profile_level(relation(viewer, profile, connected=connected), visibility=profile.visibility)


def levels_for(viewer: Viewer, profiles) -> dict[int, Level]:
    """``level_of`` for a page of members in one query (the viewer's connections among them)."""
    profiles = list(profiles)
    member = _member(viewer)
    closed = [p.pk for p in profiles if p.visibility == Visibility.CONNECTIONS]
    connected: set[int] = set()
    if member is not None and closed:
        connected = set(Connection.objects.filter(member=member, other_id__in=closed).values_list("other_id", flat=True))
    hidden = blocked_ids(member)
    return {
        p.pk: profile_level(
            Relation(
                viewer_id=member.pk if member else None,
                member_id=p.pk,
                connected=p.pk in connected,
                blocked=p.pk in hidden,
                active=p.user.is_active,
            ),
            visibility=p.visibility,
        )
        for p in profiles
    }


def annotate_levels(viewer: Viewer, profiles) -> list[Profile]:
    """Set ``.level`` on each profile, for a page at once (``member_out`` reads it)."""
    profiles = list(profiles)
    levels = levels_for(viewer, profiles)
    for p in profiles:
        p.level = levels[p.pk]
    return profiles


def shows_full_profile(visibility: str, *, is_self: bool, connected: bool) -> bool:
    """Whether a signed-in viewer, not blocked either way, sees the whole profile or only
    the limited card (kith.members.visibility decides)."""
    return profile_level(Relation.signed_in(is_self=is_self, connected=connected), visibility=visibility) is Level.FULL


def with_full_profile(viewer: Viewer, queryset: QuerySet[Profile]) -> QuerySet[Profile]:
    """``queryset`` narrowed to the profiles the viewer sees whole: ``profile_level``'s
    FULL as SQL (tests/members/test_visibility_policy.py holds the two to the same
    answers): not connections-only, or a connection, or the viewer; an anonymous viewer
    sees public profiles only."""
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


def open_connection_lists(viewer: Viewer, member_ids) -> set[int]:
    """The members among ``member_ids`` whose connection list the viewer may see
    (visibility.connection_list_open), in two queries for any number of members."""
    member = _member(viewer)
    ids = {int(i) for i in member_ids}
    if member is None or not ids:
        return set()
    hidden = blocked_ids(member)
    connected = set(Connection.objects.filter(member=member, other_id__in=ids).values_list("other_id", flat=True))
    rows = Profile.objects.filter(pk__in=ids).values_list("pk", "connections_visibility", "user__is_active")
    return {
        pk
        for pk, setting, active in rows
        if connection_list_open(
            Relation(viewer_id=member.pk, member_id=pk, connected=pk in connected, blocked=pk in hidden, active=active),
            connections_visibility=setting,
        )
    }


def connections_shown(viewer: Viewer, pairs) -> list[bool]:
    """For each ``(a, b)`` connected pair, whether the viewer may learn that they are
    connected (visibility.connection_shown). One call for a page of pairs."""
    member = _member(viewer)
    pairs = [(int(a), int(b)) for a, b in pairs]
    if member is None:
        return [False] * len(pairs)
    open_ = open_connection_lists(member, {x for pair in pairs for x in pair})
    return [
        connection_shown(viewer_id=member.pk, a_id=a, b_id=b, a_list_open=a in open_, b_list_open=b in open_)
        for a, b in pairs
    ]


@dataclass(frozen=True)
class PairFacts:
    """What deciding whether viewers may learn of connections needs, for a set of viewers and
    members (``pair_facts``): who of the viewers is connected to whom of the members, the blocks
    either way among all of them as (low id, high id), and each member's connection-list
    setting and whether their account is active."""

    connected: set[tuple[int, int]]
    blocks: set[tuple[int, int]]
    lists: dict[int, tuple[str, bool]]

    def inactive(self, ids) -> set[int]:
        """The ids among ``ids`` (members the facts were read for) with no active account."""
        return {i for i in ids if not self.lists.get(i, ("", False))[1]}


def pair_facts(viewers, members) -> PairFacts:
    """Three queries, for ``connections_shown_for`` and what its callers check beside it (a
    page of introducers: closed accounts, blocks between the people on the path)."""
    viewers, members = {int(v) for v in viewers}, {int(m) for m in members}
    everyone = list(viewers | members)
    connected = set(Connection.objects.filter(member_id__in=list(viewers), other_id__in=list(members)).values_list("member_id", "other_id"))
    blocks = {
        (min(a, b), max(a, b))
        for a, b in Block.objects.filter(blocker_id__in=everyone, blocked_id__in=everyone).values_list("blocker_id", "blocked_id")
    }
    rows = Profile.objects.filter(pk__in=list(members)).values_list("pk", "connections_visibility", "user__is_active")
    return PairFacts(connected, blocks, {pk: (setting, active) for pk, setting, active in rows})


def connections_shown_for(triples, *, facts: PairFacts | None = None) -> list[bool]:
    """``connections_shown`` for many viewers at once: for each ``(viewer id, a, b)``,
    whether that viewer may learn that ``a`` and ``b`` are connected. Three queries, or none
    with ``facts`` already read (``pair_facts``) for the triples' viewers and members."""
    triples = [(int(v), int(a), int(b)) for v, a, b in triples]
    if not triples:
        return []
    if facts is None:
        facts = pair_facts({v for v, _, _ in triples}, {x for _, a, b in triples for x in (a, b)})

    def list_open(v: int, m: int) -> bool:
        setting, active = facts.lists.get(m, ("only_me", False))
        relation = Relation(viewer_id=v, member_id=m, connected=(v, m) in facts.connected, blocked=(min(v, m), max(v, m)) in facts.blocks, active=active)
        return connection_list_open(relation, connections_visibility=setting)

    return [
        connection_shown(viewer_id=v, a_id=a, b_id=b, a_list_open=list_open(v, a), b_list_open=list_open(v, b))
        for v, a, b in triples
    ]


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
    connected = bool(member) and not is_self and are_connected(member.pk, profile.pk)
    level = profile_level(relation(viewer, profile, connected=connected), visibility=profile.visibility)
    if level is Level.HIDDEN:
        raise NotFound("No member with that handle.", field="handle")
    can_see_connections = is_self or (connected and profile.connections_visibility == "connections")
    degree = None
    if member is not None and not is_self:
        degree = adapter.degrees_of(member.pk, [profile.pk]).get(profile.pk) or None
    return ProfileAccess(
        profile=profile,
        is_self=is_self,
        is_connected=connected,
        level=level,
        can_see_connections=can_see_connections,
        open_to=visible_open_to(viewer, profile, level=level),
        degree=degree,
    )


def visible_open_to(viewer: Viewer, profile: Profile, *, level: Level | None = None) -> list[OpenTo]:
    """The profile's "open to" signals this viewer may see (visibility.open_to_visible)."""
    level = level if level is not None else level_of(viewer, profile)
    member = _member(viewer)
    is_self = member is not None and member.pk == profile.pk
    signals = list(profile.open_to.all())
    shares: bool | None = None

    def shares_company() -> bool:
        nonlocal shares
        if shares is None:
            shares = bool(member) and bool(current_companies(member.pk) & current_companies(profile.pk))
        return shares

    return [
        s
        for s in signals
        if open_to_visible(
            kind=s.kind,
            audience=s.audience,
            hide_from_current_company=s.hide_from_current_company,
            level=level,
            is_self=is_self,
            anonymous=member is None,
            viewer_verified_hiring=is_verified_hiring(member),
            shares_current_company=s.hide_from_current_company and shares_company(),
        )
    ]


def profile_for_member(member: User) -> Profile:
    """The signed-in member's own profile, for editing (no visibility applies)."""
    return (
        Profile.objects.select_related("user")
        .prefetch_related("positions", "education", _ordered_skills(), "open_to")
        .get(pk=member.pk)
    )


def own_summary(member: User) -> Profile:
    """The signed-in member's own profile as the home page shows it, its card and profile
    strength, in one query: whether it has a position and an education and how many skills
    (``has_position``, ``has_education``, ``skill_count``), where profile_for_member reads
    every one of those rows (five queries)."""
    def rows(model):
        return model.objects.filter(profile=OuterRef("pk"))

    skills = rows(ProfileSkill).order_by().values("profile").annotate(n=Count("pk")).values("n")
    return Profile.objects.annotate(
        has_position=Exists(rows(Position)), has_education=Exists(rows(Education)), skill_count=Coalesce(Subquery(skills), 0)
    ).get(pk=member.pk)


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
        fields = [text.lower() for text in (*facts.current_titles, facts.headline) if text]
        if any(keyword.lower() in text for keyword in market.title_keywords for text in fields):
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


def visible_mutuals(viewer: Viewer, mutuals) -> dict[int, list[int]]:
    """For ``{member id: the ids of mutual connections with the viewer}`` (from the graph),
    the ones the viewer may be shown, in the order given (visibility.mutuals_shown): a
    mutual who hides their connection list is left out unless the member's own list is open
    to the viewer. Two queries for any number of members: the viewer's connections whose
    list is not open to them, and whether each member's list is."""
    member = _member(viewer)
    mutuals = {int(m): [int(i) for i in ids] for m, ids in dict(mutuals).items()}
    if member is None:
        return {m: [] for m in mutuals}
    if not any(mutuals.values()):
        return mutuals
    # Every mutual is a connection of the viewer: their list is open unless it is for "only
    # me" or the account is closed (a block would have cut the connection).
    closed = memo.once(
        ("closed_lists", member.pk),
        lambda: set(
            Connection.objects.filter(member=member)
            .filter(~Q(other__profile__connections_visibility="connections") | Q(other__is_active=False))
            .values_list("other_id", flat=True)
        ),
    )
    members_open = open_connection_lists(member, [m for m, ids in mutuals.items() if set(ids) & closed])
    hidden = blocked_ids(member)
    return {
        m: mutuals_shown(
            viewer_id=member.pk,
            member_id=m,
            mutual_ids=[i for i in ids if i not in hidden],
            open_lists=(set(ids) - closed) | members_open,
        )
        for m, ids in mutuals.items()
    }
