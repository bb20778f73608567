"""Reads about groups on a member's behalf. ``access_group`` is the one way a page or
endpoint loads a group; what a viewer may do there is on the ``GroupAccess`` it returns.

Who sees a group:
- a listed group: every signed-in member (a banned member too: they see it, they can't join);
- an unlisted group: anyone with its link (its slug has a random tail), except members it banned,
  who find nothing, exactly as for a group that does not exist.
Inside, blocks still apply: members blocked either way never appear in each other's member
lists, requests or managers' lines (and, in the group's feed, posts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from kith.core.errors import NotFound, PermissionDenied
from kith.graph import adapter
from kith.groups import roster
from kith.groups.audience import hold_until, prime
from kith.groups.models import (
    Ban,
    Group,
    GroupInvitation,
    GroupPost,
    JoinPolicy,
    JoinRequest,
    ManagerAction,
    Membership,
)
from kith.members.models import Connection, Education, Position, Profile, User, Visibility
from kith.members.selectors import (
    ProfileAccess,
    Viewer,
    blocked_ids,
    visible_profiles,
    with_full_profile,
)
from kith.moderation.content import Shown
from kith.moderation.models import Report
from kith.posts import selectors as post_selectors
from kith.posts.models import Comment, Post

__all__ = [
    "GroupAccess",
    "access_group",
    "accesses",
    "directory",
    "groups_of",
    "join_requests",
    "manager_log",
    "members",
    "profile_groups",
    "shared_groups",
    "suggested_groups",
]


def _member(viewer: Viewer) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


@dataclass
class GroupAccess:
    """A group as one viewer may see it, and what they may do there."""

    group: Group
    membership: Membership | None
    banned: bool
    request: JoinRequest | None  # their pending join request
    invitation: GroupInvitation | None  # their pending invitation
    is_staff: bool = False

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_member(self) -> bool:
        return self.membership is not None

    @property
    def is_manager(self) -> bool:
        return self.membership is not None and self.membership.manages

    @property
    def is_owner(self) -> bool:
        return self.role == Membership.Role.OWNER

    @property
    def can_join(self) -> bool:
        if self.banned or self.is_member or self.request is not None:
            return False
        return self.group.join_policy != JoinPolicy.INVITATION or self.invitation is not None

    @property
    def joins_directly(self) -> bool:
        """Whether joining admits at once (else it asks the managers)."""
        if self.group.join_policy == JoinPolicy.OPEN:
            return True
        invitation = self.invitation
        return invitation is not None and Membership.objects.filter(
            group=self.group, member_id=invitation.sender_id, role__in=Membership.MANAGING
        ).exists()

    @property
    def can_see_members(self) -> bool:
        return self.is_member

    def require_member(self) -> None:
        if not self.is_member:
            raise PermissionDenied("Join the group to see this.", "not_a_member")

    def require_manager(self) -> None:
        if not self.is_manager:
            raise PermissionDenied("Only the group's managers can see this.", "not_a_manager")


def access_group(viewer: Viewer, slug: str) -> GroupAccess:
    """The one way to load a group on someone's behalf. NotFound when there is no such group,
    or it is unlisted and has banned the viewer: both look the same."""
    group = Group.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if group is None:
        raise NotFound("No group with that address.", field="slug")
    member = _member(viewer)
    if member is None:
        return GroupAccess(group, None, False, None, None)
    membership = Membership.objects.filter(group=group, member=member).first()
    banned = membership is None and Ban.objects.filter(group=group, member=member).exists()
    if banned and not group.listed:
        raise NotFound("No group with that address.", field="slug")
    request = invitation = None
    if membership is None and not banned:
        request = JoinRequest.objects.filter(group=group, member=member, status=JoinRequest.Status.PENDING).first()
        invitation = (
            GroupInvitation.objects.filter(group=group, recipient=member, status=GroupInvitation.Status.PENDING)
            .exclude(sender_id__in=blocked_ids(member))
            .select_related("sender__profile")
            .first()
        )
    return GroupAccess(group, membership, banned, request, invitation, is_staff=member.is_staff)


def accesses(viewer: User, groups) -> list[GroupAccess]:
    """``GroupAccess`` for a page of groups the viewer may see (listed ones, or their own),
    in four queries whatever the page's length."""
    groups = list(groups)
    ids = [g.pk for g in groups]
    mine = {m.group_id: m for m in Membership.objects.filter(member=viewer, group_id__in=ids)}
    banned = set(Ban.objects.filter(member=viewer, group_id__in=ids).values_list("group_id", flat=True))
    requests = {r.group_id: r for r in JoinRequest.objects.filter(member=viewer, group_id__in=ids, status=JoinRequest.Status.PENDING)}
    invitations = {
        i.group_id: i
        for i in GroupInvitation.objects.filter(recipient=viewer, group_id__in=ids, status=GroupInvitation.Status.PENDING)
        .exclude(sender_id__in=blocked_ids(viewer))
    }
    return [
        GroupAccess(g, mine.get(g.pk), g.pk in banned and g.pk not in mine, requests.get(g.pk), invitations.get(g.pk), is_staff=viewer.is_staff)
        for g in groups
    ]


# --- lists of groups -----------------------------------------------------------------------------

SIZES = {"small": (0, 49), "medium": (50, 499), "large": (500, None)}
SIZE_LABELS = {"small": "Under 50 members", "medium": "50 to 499", "large": "500 or more"}
ACTIVITY = {"week": 7, "month": 30}
ACTIVITY_LABELS = {"week": "Posts this week", "month": "Posts this month"}


def _sized(qs: QuerySet[Group], size: str) -> QuerySet[Group]:
    low, high = SIZES[size]
    qs = qs.filter(member_count__gte=low)
    return qs.filter(member_count__lte=high) if high is not None else qs


@dataclass
class Directory:
    groups: QuerySet[Group]
    q: str
    size: str
    activity: str
    size_counts: dict[str, int]
    activity_counts: dict[str, int]


def directory(viewer: Viewer, *, q: str = "", size: str = "", activity: str = "") -> Directory:
    """Listed groups matching ``q`` (name or description), biggest first, with facet counts."""
    q = (q or "").strip()[:100]
    base = Group.objects.filter(listed=True)
    if q:
        for word in q.split()[:8]:
            base = base.filter(Q(name__icontains=word) | Q(description__icontains=word))
    now = timezone.now()
    size_counts = {key: _sized(base, key).count() for key in SIZES}
    activity_counts = {key: base.filter(last_post_at__gte=now - timedelta(days=days)).count() for key, days in ACTIVITY.items()}
    qs = base
    if size in SIZES:
        qs = _sized(qs, size)
    else:
        size = ""
    if activity in ACTIVITY:
        qs = qs.filter(last_post_at__gte=now - timedelta(days=ACTIVITY[activity]))
    else:
        activity = ""
    return Directory(qs.order_by("-member_count", "name", "pk"), q, size, activity, size_counts, activity_counts)


def groups_of(viewer: Viewer, member: User | None = None) -> QuerySet[Group]:
    """The groups ``member`` (the viewer when None) is in, as the viewer may see them: all of
    the viewer's own; of somebody else's, the listed ones and the unlisted ones the viewer is
    in too (both already know it). Nothing for anonymous viewers."""
    me = _member(viewer)
    member = member or me
    if me is None or member is None:
        return Group.objects.none()
    qs = Group.objects.filter(memberships__member=member)
    if me.pk != member.pk:
        qs = qs.filter(Q(listed=True) | Q(pk__in=Membership.objects.filter(member=me).values("group_id")))
    return qs.order_by("name", "pk")


PROFILE_GROUPS = 12


def profile_groups(viewer: Viewer, access: ProfileAccess) -> list[Group]:
    """The groups a profile shows (``groups_of``), for a profile the viewer sees whole: being in
    a group is part of the profile a connections-only stranger does not see. The first
    PROFILE_GROUPS by name; ``.more`` on the list says how many others."""
    if not access.full:
        return GroupList()
    qs = groups_of(viewer, access.profile.user)
    rows = GroupList(qs[: PROFILE_GROUPS + 1])
    if len(rows) > PROFILE_GROUPS:
        rows.more = qs.count() - PROFILE_GROUPS
        del rows[PROFILE_GROUPS:]
    return rows


class GroupList(list):
    more: int = 0


def suggested_groups(viewer: User, *, k: int = 5) -> list[Group]:
    """Listed groups your connections are in and you are not (nor banned from), the most
    connections first; ``group.connections_in`` says how many."""
    mine = Membership.objects.filter(member=viewer).values("group_id")
    banned = Ban.objects.filter(member=viewer).values("group_id")
    connections = Connection.objects.filter(member=viewer).exclude(other_id__in=blocked_ids(viewer)).values("other_id")
    return list(
        Group.objects.filter(listed=True)
        .exclude(pk__in=mine)
        .exclude(pk__in=banned)
        .annotate(connections_in=Count("memberships", filter=Q(memberships__member_id__in=connections)))
        .filter(connections_in__gt=0)
        .order_by("-connections_in", "-member_count", "pk")[:k]
    )


def shared_groups(viewer: User, other_id: int) -> list[Group]:
    """Groups both are in, as the viewer may name them to each other: listed groups, and
    unlisted ones both are in (both already know it)."""
    theirs = Membership.objects.filter(member_id=other_id).values("group_id")
    return list(Group.objects.filter(memberships__member=viewer, pk__in=theirs).order_by("name", "pk"))


def managers(access: GroupAccess, viewer: Viewer) -> list[Membership]:
    """The owner and managers, as the viewer may see them (blocked either way left out)."""
    hidden = blocked_ids(viewer)
    return list(
        Membership.objects.filter(group=access.group, role__in=Membership.MANAGING, member__is_active=True)
        .exclude(member_id__in=hidden)
        .select_related("member__profile")
        .order_by("-role", "joined_at")  # owner before manager
    )


# --- the member list -----------------------------------------------------------------------------

DEGREE_LABELS = {"1": "1st", "2": "2nd", "3": "3rd", "out": "Out of network"}
DEGREE_CODES = {"1": 1, "2": 2, "3": 3, "out": 0}  # kith.graph's badges
ROLE_LABELS = {"owner": "Owner", "manager": "Managers", "member": "Members"}


@dataclass
class MemberList:
    memberships: list[Membership]  # the page, each with .profile.degree set
    total: int
    facets: dict[str, list[tuple[str, str, int]]]  # facet -> [(key, label, count)]
    active: dict[str, str]
    has_more: bool
    page: int


def _visible_memberships(access: GroupAccess, viewer: User) -> QuerySet[Membership]:
    hidden = blocked_ids(viewer)
    qs = Membership.objects.filter(group=access.group, member__is_active=True)
    return qs.exclude(member_id__in=hidden) if hidden else qs


def members(
    access: GroupAccess,
    viewer: User,
    *,
    q: str = "",
    degree: str = "",
    role: str = "",
    location: str = "",
    page: int = 1,
    per_page: int = 50,
) -> MemberList:
    """The group's members for a member of it: managers first, then newest; degree badges;
    facets by degree, role and location (location only from profiles the viewer may see
    whole, kith.members.visibility). Blocked members either way are left out.

    The group's roster (every member's id and role, in list order) is in memory
    (kith.groups.roster, kept by the group's roster version); the graph badges every member at
    once, and facets, filters and the page are numpy masks over the roster; one query loads
    the page's 50 profiles (bench/groups.py: a group of 10,000). A search (``q``) or a
    location asks the database which members match. The location facet is ``location_facet``'s."""
    access.require_member()
    group = access.group
    blocked = blocked_ids(viewer)
    hidden = blocked | set(User.objects.filter(is_active=False).values_list("pk", flat=True))  # a small partial index
    r = roster.roster(group)
    keep = np.ones(len(r), bool)
    if hidden:
        keep &= ~np.isin(r.member_ids, np.fromiter(hidden, np.int64, len(hidden)))
    q = (q or "").strip()[:100]
    matching = Membership.objects.filter(group=group)
    if q:
        matching = matching.filter(Q(member__profile__name__icontains=q) | Q(member__profile__headline__icontains=q))
    location = (location or "").strip()[:100]
    if location:
        matching = matching.filter(member_id__in=with_full_profile(viewer, Profile.objects.filter(city__iexact=location)).values("pk"))
    if q or location:
        found = np.fromiter(matching.values_list("member_id", flat=True), np.int64)
        keep &= np.isin(r.member_ids, found)
    # Degree codes: 1, 2, 3; 0 out of network; 4 the viewer (no badge, in no degree facet).
    degrees = adapter.degrees_array(viewer.pk, r.member_ids)
    degrees[r.member_ids == viewer.pk] = 4
    role = role if role in ROLE_LABELS else ""
    degree = degree if degree in DEGREE_LABELS else ""
    by_role = keep & (r.ranks == roster.RANKS[role]) if role else keep
    by_degree = keep & (degrees == DEGREE_CODES[degree]) if degree else keep
    # Each facet counts the members the other filters leave (so a chip says what clicking it gives).
    role_counts = np.bincount(r.ranks[by_degree], minlength=3)
    degree_counts = np.bincount(degrees[by_role], minlength=5)
    facets = {
        "role": [(k, label, int(role_counts[roster.RANKS[k]])) for k, label in ROLE_LABELS.items() if role_counts[roster.RANKS[k]]],
        "location": location_facet(group, viewer, blocked=blocked, listed=r, degrees=degrees, keep=keep),
        "degree": [(k, label, int(degree_counts[DEGREE_CODES[k]])) for k, label in DEGREE_LABELS.items() if degree_counts[DEGREE_CODES[k]]],
    }
    chosen = np.flatnonzero(by_role & by_degree)  # the roster is in list order already
    page = max(1, page)
    start = (page - 1) * per_page
    window = chosen[start : start + per_page]
    loaded = Membership.objects.select_related("member__profile").in_bulk(r.row_ids[window].tolist())
    page_rows = []
    for i in window.tolist():
        row = loaded.get(int(r.row_ids[i]))
        if row is not None:  # gone since the roster was read
            code = int(degrees[i])
            row.member.profile.degree = code if 1 <= code <= 3 else None
            page_rows.append(row)
    active = {k: v for k, v in (("q", q), ("degree", degree), ("role", role), ("location", location)) if v}
    total = int(chosen.shape[0])
    return MemberList(page_rows, total, facets, active, total > start + per_page, page)


LOCATION_FACET_SECONDS = 300


def location_facet(
    group: Group, viewer: User, *, blocked: set[int], listed: roster.Roster, degrees: np.ndarray, keep: np.ndarray, top: int = 8
) -> list[tuple[str, str, int]]:
    """The group's most common cities among profiles the viewer may see whole: the cities of
    profiles shown to every member (counted for the group and cached for
    LOCATION_FACET_SECONDS, so up to that old, joins and leaves included), plus the viewer's own connections among the
    connections-only profiles (the 1st-degree badges of the roster), less members blocked
    either way (among those the list keeps out: ``keep``)."""
    # Keyed by the group alone: a join in a group of 10,000 must not recount every city (50 ms on
    # PostgreSQL); the counts are up to LOCATION_FACET_SECONDS old, as the docstring says.
    key = f"groups:cities:{group.pk}"
    shared = cache.get(key)
    if shared is None:
        members_of_group = Membership.objects.filter(group=group).values("member_id")
        rows = (
            Profile.objects.filter(pk__in=members_of_group, user__is_active=True)
            .exclude(visibility=Visibility.CONNECTIONS).exclude(city="")
            .values_list("city").annotate(n=Count("pk")).order_by()
        )
        shared = dict(rows)
        cache.set(key, shared, LOCATION_FACET_SECONDS)
    counts = Counter(shared)
    mine = listed.member_ids[keep & (degrees == 1)].tolist()
    if mine:
        for city in Profile.objects.filter(pk__in=mine, visibility=Visibility.CONNECTIONS, user__is_active=True).exclude(city="").values_list("city", flat=True):
            counts[city] += 1
    in_group = listed.member_ids[np.isin(listed.member_ids, np.fromiter(blocked, np.int64, len(blocked)))].tolist() if blocked else []
    if in_group:
        for city in Profile.objects.filter(pk__in=in_group, user__is_active=True).exclude(visibility=Visibility.CONNECTIONS).exclude(city="").values_list("city", flat=True):
            counts[city] -= 1
    return [(c, c, n) for c, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n > 0][:top]


def _role_order() -> Case:
    return Case(
        When(role=Membership.Role.OWNER, then=Value(0)),
        When(role=Membership.Role.MANAGER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


# --- the requests screen -------------------------------------------------------------------------

REQUEST_FILTERS = ("location", "company", "industry", "school")


def join_requests(access: GroupAccess, viewer: User, *, filters: dict[str, str] | None = None) -> QuerySet[JoinRequest]:
    """Pending join requests for a manager, oldest first; filters by location, company,
    industry and school match only applicants whose profile the manager may see whole.
    Applicants blocked either way with the manager are left out (another manager answers them)."""
    access.require_manager()
    qs = (
        JoinRequest.objects.filter(group=access.group, status=JoinRequest.Status.PENDING, member__is_active=True)
        .exclude(member_id__in=blocked_ids(viewer))
        .select_related("member__profile", "invited_by__profile")
    )
    filters = {k: (v or "").strip()[:100] for k, v in (filters or {}).items() if k in REQUEST_FILTERS and (v or "").strip()}
    if filters:
        full = with_full_profile(viewer, visible_profiles(viewer)).values("pk")
        qs = qs.filter(member_id__in=full)
        if "location" in filters:
            word = filters["location"]
            qs = qs.filter(Q(member__profile__city__icontains=word) | Q(member__profile__country__icontains=word) | Q(member__profile__region__icontains=word))
        if "company" in filters:
            qs = qs.filter(member_id__in=Position.objects.filter(company__icontains=filters["company"]).values("profile_id"))
        if "industry" in filters:
            qs = qs.filter(member__profile__industry=filters["industry"])
        if "school" in filters:
            qs = qs.filter(member_id__in=Education.objects.filter(school__icontains=filters["school"]).values("profile_id"))
    return qs.order_by("created_at", "pk")


def pending_request_count(group: Group) -> int:
    return JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).count()


def manager_log(access: GroupAccess) -> QuerySet[ManagerAction]:
    access.require_manager()
    return ManagerAction.objects.filter(group=access.group).select_related("actor__profile", "subject__profile").order_by("-created_at", "-pk")


def bans(access: GroupAccess) -> QuerySet[Ban]:
    access.require_manager()
    return Ban.objects.filter(group=access.group).select_related("member__profile").order_by("-created_at")


def membership_of(access: GroupAccess, viewer: User, handle: str) -> Membership:
    """A member of the group by handle, as the viewer may see them (NotFound otherwise)."""
    row = (
        _visible_memberships(access, viewer)
        .filter(member__profile__handle=handle)
        .select_related("member__profile")
        .first()
    )
    if row is None:
        raise NotFound("No member of this group has that handle.", field="handle")
    return row


# --- group posts -----------------------------------------------------------------------------

FEED_PAGE = 20


@dataclass
class GroupFeed:
    pinned: Post | None
    posts: list[Post]
    next_before: str | None  # "published_at-epoch-microseconds_post-id" for the next page


def _feed_rows(group: Group, viewer: User) -> QuerySet[GroupPost]:
    hidden = blocked_ids(viewer)
    qs = GroupPost.objects.filter(group=group, status=GroupPost.Status.PUBLISHED, author__is_active=True)
    return qs.exclude(author_id__in=hidden) if hidden else qs


def _cursor(row: GroupPost) -> str:
    return f"{int(row.published_at.timestamp() * 1_000_000)}_{row.post_id}"


def _parse_cursor(before: str | None):
    if not before:
        return None
    parts = before.split("_")
    if len(parts) != 2 or not all(p.isdigit() and len(p) <= 19 for p in parts):
        return None
    micros, post_id = (int(p) for p in parts)
    try:
        return datetime.fromtimestamp(micros / 1_000_000, tz=UTC), post_id
    except (OverflowError, OSError, ValueError):
        return None


def group_feed(access: GroupAccess, viewer: User, *, before: str | None = None, limit: int = FEED_PAGE) -> GroupFeed:
    """The group's published posts for a member: the pinned one first (on the first page), then
    newest first; authors blocked either way left out. One index range scan
    (group_post_feed_idx) and the posts app's ``decorate`` for the page."""
    access.require_member()
    group = access.group
    rows_qs = _feed_rows(group, viewer)
    bound = _parse_cursor(before)
    pinned_row = None
    if bound is None:
        # The one pinned row through its partial unique index, then checked like the others.
        pinned_row = GroupPost.objects.filter(group=group, pinned_at__isnull=False).select_related("author").first()
        hidden = blocked_ids(viewer)
        if pinned_row is not None and (pinned_row.status != GroupPost.Status.PUBLISHED or pinned_row.author_id in hidden or not pinned_row.author.is_active):
            pinned_row = None
    else:
        at, post_id = bound
        rows_qs = rows_qs.filter(Q(published_at__lt=at) | Q(published_at=at, post_id__lt=post_id))
    if pinned_row is not None:
        rows_qs = rows_qs.exclude(post_id=pinned_row.post_id)
    rows = list(rows_qs.order_by("-published_at", "-post_id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    every = rows + ([pinned_row] if pinned_row else [])
    by_id = Post.objects.select_related("author__profile").in_bulk([r.post_id for r in every])
    for row in every:  # the policy reads the row and the membership from the post: no query a post
        if row.post_id in by_id:
            row.group = group
            prime(by_id[row.post_id], row, viewer.pk, access.membership)
    posts = post_selectors.decorate(viewer, [by_id[r.post_id] for r in rows if r.post_id in by_id])
    pinned = post_selectors.decorate(viewer, [by_id[pinned_row.post_id]])[0] if pinned_row and pinned_row.post_id in by_id else None
    if pinned is not None:
        pinned.pinned = True
    return GroupFeed(pinned, posts, _cursor(rows[-1]) if more and rows else None)


def pending_post_count(group: Group) -> int:
    return GroupPost.objects.filter(group=group, status=GroupPost.Status.PENDING).count()


def pending_posts(access: GroupAccess, viewer: User) -> list[GroupPost]:
    """The queue: pending posts, oldest first (the next to be returned unreviewed on top)."""
    access.require_manager()
    hidden = blocked_ids(viewer)
    rows = (
        GroupPost.objects.filter(group=access.group, status=GroupPost.Status.PENDING, author__is_active=True)
        .exclude(author_id__in=hidden)
        .select_related("post__author__profile")
        .order_by("created_at", "post_id")
    )
    return list(rows[:200])


def own_held_posts(access: GroupAccess, viewer: User) -> list[GroupPost]:
    """The viewer's own posts in the group that are not published: waiting, rejected, not
    reviewed or removed, each with its reason (nothing is taken away without telling them)."""
    return list(
        GroupPost.objects.filter(group=access.group, author=viewer).exclude(status=GroupPost.Status.PUBLISHED)
        .select_related("post").order_by("-created_at")[:50]
    )


def _open_reports(group: Group) -> QuerySet[Report]:
    post_type = ContentType.objects.get_for_model(Post)
    comment_type = ContentType.objects.get_for_model(Comment)
    posts = GroupPost.objects.filter(group=group).values("post_id")
    comments = Comment.objects.filter(post__group_post__group=group).values("pk")
    return Report.objects.filter(status=Report.Status.OPEN).filter(
        Q(subject_type=post_type, subject_id__in=posts) | Q(subject_type=comment_type, subject_id__in=comments)
    )


def open_report_count(group: Group) -> int:
    return _open_reports(group).count()


def reported_content(access: GroupAccess, viewer: User) -> list[Report]:
    """Open reports about the group's posts and comments, for its managers' queue, oldest first.
    Each carries what it is about: ``.about`` ("post" or "comment"), ``.post_id`` (the post, or
    the one the comment is on) and ``.excerpt`` (its text, cut short). Never who reported."""
    access.require_manager()
    post_type = ContentType.objects.get_for_model(Post)
    comment_type = ContentType.objects.get_for_model(Comment)
    reports = list(
        _open_reports(access.group)
        .select_related("reported__profile")
        .order_by("created_at", "pk")[:100]
    )
    post_rows = Post.objects.in_bulk([r.subject_id for r in reports if r.subject_type_id == post_type.pk])
    comment_rows = Comment.objects.in_bulk([r.subject_id for r in reports if r.subject_type_id == comment_type.pk])
    for report in reports:
        if report.subject_type_id == post_type.pk:
            found = post_rows.get(report.subject_id)
            report.about, report.post_id = "post", report.subject_id
        else:
            found = comment_rows.get(report.subject_id)
            report.about, report.post_id = "comment", found.post_id if found else None
        report.excerpt = (found.body if found else "")[:280]
    return reports


# --- what the site's moderators see (kith.moderation.history, registered in apps.py) -------------

RECENT_DECISIONS_FOR_MODERATORS = 20


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def cross_group_hold_for_moderators(member: User) -> list[dict]:
    """The cross-group hold on ``member`` while it is in force: until when, and the groups whose
    managers rejected or removed their posts as spam within the window (one row; none when not
    held). Unlisted groups are named too: moderators see everything a report could be about."""
    until = hold_until(member)
    if until is None:
        return []
    since = until - timedelta(days=settings.KITH_GROUP_HOLD_DAYS + settings.KITH_GROUP_HOLD_WINDOW_DAYS)
    names = sorted(set(
        GroupPost.objects.filter(author=member, spam=True, decided_at__gte=since).values_list("group__name", flat=True)
    ))
    return [{
        "Held until": _when(until),
        "Because posts were turned down as spam in": ", ".join(names),
        "Meanwhile": (
            "Their new posts wait for a manager's approval in every group: posts turned down as spam in "
            f"{settings.KITH_GROUP_HOLD_GROUPS} groups within {settings.KITH_GROUP_HOLD_WINDOW_DAYS} days hold them for {settings.KITH_GROUP_HOLD_DAYS} days"
        ),
    }]


def group_decisions_for_moderators(member: User) -> list[dict]:
    """``member``'s latest group posts that group managers rejected or removed, newest first."""
    rows = (
        GroupPost.objects.filter(author=member, status__in=(GroupPost.Status.REJECTED, GroupPost.Status.REMOVED))
        .select_related("group").order_by("-decided_at", "-post_id")[:RECENT_DECISIONS_FOR_MODERATORS]
    )
    return [
        {"Decided": _when(r.decided_at), "Group": r.group.name + ("" if r.group.listed else " (unlisted)"), "Decision": r.get_status_display(),
         "As spam": "yes" if r.spam else "no", "Reason": r.reason or "—"}
        for r in rows
    ]


def owner_of(group_id: int) -> User | None:
    """The group's owner (one per group: kith doctor's groups.one_owner), with their profile."""
    row = Membership.objects.filter(group_id=group_id, role=Membership.Role.OWNER).select_related("member__profile").first()
    return row.member if row is not None else None


def group_for_moderators(group: Group, report_ids: list[int]) -> Shown:
    """A reported group as the site's moderators see it, whatever its listing."""
    owner = owner_of(group.pk)
    text = group.description
    if group.rules:
        text = f"{text}\n\nRules:\n{group.rules}" if text else f"Rules:\n{group.rules}"
    return Shown(
        title=f"The group “{group.name}”",
        text=text,
        rows=[
            {
                "Listed": "yes" if group.listed else "no (unlisted)",
                "Joining": group.get_join_policy_display(),
                "Members": group.member_count,
                "Owner": owner.profile.name if owner is not None else "",
                "Logo or cover": "yes" if group.logo or group.cover else "no",
                "Created": f"{group.created_at:%Y-%m-%d}",
            }
        ],
    )
