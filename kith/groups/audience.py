"""The "group" audience for posts (kith.posts.audiences): who sees, comments on and moderates a
group post, which group posts reach a member's home feed, and whether a new one is published
at once or waits for a manager.

- A published group post: the group's members see it, and may comment (the author's own
  comment setting and blocks apply on top, in kith.posts).
- Pending, rejected, not reviewed, removed: its author and the group's managers only; the
  author sees it marked, with the reason they were given.
- Non-members never see a group post, wherever they look (feed, profile, search, a link).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kith.core import ratelimit
from kith.core.errors import KithError
from kith.groups.models import Ban, Group, GroupPost, Membership
from kith.members.models import User
from kith.moderation import gates
from kith.posts.audiences import AudiencePolicy, Placement
from kith.posts.models import Post

__all__ = ["GroupAudience", "hold_until", "needs_approval", "prime"]


def prime(post: Post, group_post: GroupPost | None, viewer_id: int, membership: Membership | None) -> None:
    """Tell ``post`` its group row and the viewer's membership of that group, read for a whole page
    (``GroupAudience.prepare``, or kith.groups.selectors.group_feed, which has both already), so
    the checks below ask nothing more of the database for it."""
    post._state.fields_cache["group_post"] = group_post  # what post.group_post answers (None: no row)
    post._kith_viewer_membership = (viewer_id, membership)


def _primed(post: Post | None, viewer_id: int) -> bool:
    return getattr(post, "_kith_viewer_membership", (None,))[0] == viewer_id


def _membership(viewer: User | int, group_id: int, post: Post | None = None) -> Membership | None:
    """The viewer's membership, from the post when the page primed it (``prime``)."""
    viewer_id = viewer if isinstance(viewer, int) else viewer.pk
    if _primed(post, viewer_id):
        return post._kith_viewer_membership[1]
    return Membership.objects.filter(group_id=group_id, member_id=viewer_id).first()


def _group_post(post: Post) -> GroupPost | None:
    try:
        return post.group_post
    except GroupPost.DoesNotExist:
        return None


def hold_until(author: User, *, now=None):
    """When the cross-group hold on ``author`` ends, or None: their posts were rejected or
    removed as spam in KITH_GROUP_HOLD_GROUPS groups or more within KITH_GROUP_HOLD_WINDOW_DAYS,
    so their new posts wait for approval in every group for KITH_GROUP_HOLD_DAYS after the latest."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.KITH_GROUP_HOLD_WINDOW_DAYS + settings.KITH_GROUP_HOLD_DAYS)
    rows = list(
        GroupPost.objects.filter(author=author, spam=True, decided_at__gte=since).order_by("decided_at").values_list("group_id", "decided_at")
    )
    window = timedelta(days=settings.KITH_GROUP_HOLD_WINDOW_DAYS)
    until = None
    for i, (_group, decided) in enumerate(rows):
        groups = {g for g, at in rows[: i + 1] if at >= decided - window}
        if len(groups) >= settings.KITH_GROUP_HOLD_GROUPS:
            until = decided + timedelta(days=settings.KITH_GROUP_HOLD_DAYS)
    return until if until is not None and until > now else None


def needs_approval(group: Group, membership: Membership, *, now=None) -> str:
    """Why a new post by this member waits for a manager ("approval", "trial", "hold", "new"), or ""."""
    if membership.manages:
        return GroupPost.Held.NO
    now = now or timezone.now()
    if group.post_approval:
        return GroupPost.Held.APPROVAL
    if group.trial_days and membership.joined_at > now - timedelta(days=group.trial_days):
        return GroupPost.Held.TRIAL
    if hold_until(membership.member, now=now) is not None:
        return GroupPost.Held.HOLD
    # A new account's first few group posts wait: moderation's rule (its trust levels), asked here.
    approved = GroupPost.objects.filter(author_id=membership.member_id, status=GroupPost.Status.PUBLISHED).count()
    if gates.hold_group_post(membership.member, earlier_posts=approved, now=now):
        return GroupPost.Held.NEW
    return GroupPost.Held.NO


class GroupAudience(AudiencePolicy):
    def validate(self, author: User, data: dict) -> Placement:
        ref = data.get("group")
        group = None
        if isinstance(ref, str) and ref:
            group = Group.objects.filter(slug=ref).first()
        elif isinstance(ref, int) and not isinstance(ref, bool):
            group = Group.objects.filter(pk=ref).first()
        if ref in (None, ""):
            raise KithError("Group: say which group the post is for.", "required", "group")
        membership = _membership(author.pk, group.pk) if group is not None else None  # never primed: a write
        if group is None or membership is None or Ban.objects.filter(group=group, member=author).exists():
            raise KithError("Group: you can post only in groups you are a member of.", "not_a_member", "group")
        ratelimit.consume(
            "group-posts", f"{author.pk}:{group.pk}", limit=settings.KITH_GROUP_POSTS_PER_HOUR, window=3600,
            what=f"posts in {group.name}", code="group_post_limit", field="group",
        )
        held = needs_approval(group, membership)
        return Placement(target=(group, held), status=Post.Status.PENDING if held else Post.Status.PUBLISHED)

    def attach(self, post: Post, placement: Placement) -> None:
        group, held = placement.target
        now = post.created_at
        published = post.status == Post.Status.PUBLISHED
        GroupPost.objects.create(
            post=post, group=group, author_id=post.author_id, held=held,
            status=GroupPost.Status.PUBLISHED if published else GroupPost.Status.PENDING,
            created_at=now, published_at=now if published else None,
        )
        if published:
            Group.objects.filter(pk=group.pk).update(last_post_at=now)

    def prepare(self, viewer: User, posts: list[Post]) -> None:
        posts = [p for p in posts if p.audience == Post.Audience.GROUP and not _primed(p, viewer.pk)]
        if not posts:
            return
        rows = {gp.post_id: gp for gp in GroupPost.objects.filter(post_id__in=[p.pk for p in posts]).select_related("group")}
        groups = {gp.group_id for gp in rows.values()}
        memberships = {m.group_id: m for m in Membership.objects.filter(member_id=viewer.pk, group_id__in=groups)}
        for post in posts:
            gp = rows.get(post.pk)
            prime(post, gp, viewer.pk, memberships.get(gp.group_id) if gp else None)

    def can_see(self, viewer: User | None, post: Post) -> bool:
        if viewer is None:
            return False
        gp = _group_post(post)
        if gp is None:
            return False
        membership = _membership(viewer, gp.group_id, post)
        if gp.status == GroupPost.Status.PUBLISHED:
            return membership is not None
        return viewer.pk == post.author_id or (membership is not None and membership.manages)

    def can_comment(self, viewer: User, post: Post) -> bool:
        gp = _group_post(post)
        return gp is not None and gp.status == GroupPost.Status.PUBLISHED and _membership(viewer, gp.group_id, post) is not None

    def can_moderate(self, viewer: User, post: Post) -> bool:
        gp = _group_post(post)
        membership = _membership(viewer, gp.group_id, post) if gp is not None else None
        return membership is not None and membership.manages

    def feed_posts(self, viewer: User) -> QuerySet[Post]:
        mine = Membership.objects.filter(member=viewer).values("group_id")
        return Post.objects.filter(group_post__group_id__in=mine, group_post__status=GroupPost.Status.PUBLISHED)

    def describe(self, post: Post) -> dict | None:
        gp = _group_post(post)
        if gp is None:
            return None
        group = gp.group
        out = {"label": group.name, "url": f"/groups/{group.slug}/", "status": gp.status}
        if gp.status != GroupPost.Status.PUBLISHED:
            # Only its author and the managers see a post that is not published: tell them why.
            out["label"] = f"{group.name} · {gp.get_status_display()}" + (f": {gp.reason}" if gp.reason else "")
            out["reason"] = gp.reason
        return out
