"""Reads on a member's behalf: one post (``access_post``), the home feed, a member's Activity,
comments, reactions and who reacted.

Who may see a post is decided here and nowhere else (``can_see``): posts are for members
of the community, never for anonymous visitors; blocks hide both ways; "connections"
means the author and their connections; "group" is asked of the group's policy
(kith.posts.audiences). A post a viewer may not see is answered exactly like a post that
does not exist.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kith.core.errors import KithError, NotFound
from kith.graph import adapter
from kith.members.models import Connection, Profile, User
from kith.members.selectors import are_connected, blocked_ids, visible_profiles
from kith.moderation.content import Shown
from kith.network.models import Follow
from kith.posts import audiences
from kith.posts.models import Comment, HiddenPost, Post, Reaction
from kith.posts.ranking import closeness_boost
from kith.posts.rendering import unlink_mentions

Viewer = User | AnonymousUser | None

__all__ = [
    "FeedItem",
    "FeedPage",
    "PostAccess",
    "access_comment",
    "access_post",
    "can_see",
    "comment_refusal",
    "decorate",
    "feed",
    "member_posts",
    "new_posts_count",
    "post_comments",
    "reactors",
]

Anyone, Connections, Group = Post.Audience.ANYONE, Post.Audience.CONNECTIONS, Post.Audience.GROUP
PUBLISHED = Post.Status.PUBLISHED


def _member(viewer: Viewer) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


def _connected(a_id: int, b_id: int) -> bool:
    return a_id != b_id and are_connected(a_id, b_id)


def noun(post: Post) -> str:
    return "article" if post.is_article else "post"


# --- one post ----------------------------------------------------------------------------------


def can_see(viewer: Viewer, post: Post, *, connected: bool | None = None) -> bool:
    """Whether ``viewer`` may read ``post`` (see the module docstring). ``connected``: whether
    viewer and author are connected, when the caller already knows."""
    member = _member(viewer)
    if member is None or not post.author.is_active:
        return False
    is_author = member.pk == post.author_id
    if not is_author and post.author_id in blocked_ids(member):
        return False
    if post.audience == Group:
        policy = audiences.get(Group)
        return policy is not None and policy.can_see(member, post)
    if post.status != PUBLISHED:
        return is_author
    if is_author or post.audience == Anyone:
        return True
    return connected if connected is not None else _connected(member.pk, post.author_id)


def comment_refusal(viewer: User, post: Post, *, connected: bool) -> str | None:
    """Why ``viewer`` (who can see the post) may not comment on it, or None when they may."""
    if post.comments == Post.Comments.CLOSED:
        return f"Comments on this {noun(post)} are closed."
    is_author = viewer.pk == post.author_id
    if post.comments == Post.Comments.CONNECTIONS and not (is_author or connected):
        return f"{post.author.profile.name} allows comments on this {noun(post)} from their connections only."
    if post.audience == Group:
        policy = audiences.get(Group)
        if policy is None or not policy.can_comment(viewer, post):
            return f"You can't comment on this {noun(post)}."
    elif post.status != PUBLISHED:
        return f"You can't comment on this {noun(post)} yet."
    return None


@dataclass
class PostAccess:
    """A post a viewer may read, and what else they may do with it."""

    post: Post
    viewer: User
    is_author: bool
    connected: bool
    refusal: str | None  # why they may not comment (None: they may)
    can_moderate: bool  # delete others' comments: the author, or the audience's managers

    @property
    def can_comment(self) -> bool:
        return self.refusal is None


def _post_queryset() -> QuerySet[Post]:
    return Post.objects.select_related("author__profile")


def access_post(viewer: Viewer, post_id: int) -> PostAccess:
    """The one way to load a post on someone's behalf. NotFound when it does not exist or the
    viewer may not see it: both look the same."""
    member = _member(viewer)
    post = _post_queryset().filter(pk=post_id).first() if member is not None else None
    if post is None:
        raise NotFound("No such post.", field="post")
    connected = _connected(member.pk, post.author_id)
    if not can_see(member, post, connected=connected):
        raise NotFound("No such post.", field="post")
    is_author = member.pk == post.author_id
    can_moderate = is_author
    if post.audience == Group and not is_author:
        policy = audiences.get(Group)
        can_moderate = policy is not None and policy.can_moderate(member, post)
    return PostAccess(
        post=post,
        viewer=member,
        is_author=is_author,
        connected=connected,
        refusal=comment_refusal(member, post, connected=connected),
        can_moderate=can_moderate,
    )


def access_comment(viewer: Viewer, comment_id: int) -> tuple[Comment, PostAccess]:
    """A comment and its post's access: NotFound when the viewer can't see the post, or the
    comment's author is blocked either way."""
    member = _member(viewer)
    comment = Comment.objects.select_related("author__profile").filter(pk=comment_id).first() if member else None
    if comment is None:
        raise NotFound("No such comment.", field="comment")
    try:
        access = access_post(member, comment.post_id)
    except NotFound:
        raise NotFound("No such comment.", field="comment") from None
    if comment.author_id != member.pk and comment.author_id in blocked_ids(member):
        raise NotFound("No such comment.", field="comment")
    if not comment.author.is_active:
        raise NotFound("No such comment.", field="comment")
    return comment, access


# --- a page of posts, ready to show -----------------------------------------------------------


def _reaction_counts(viewer: User, *, posts: Iterable[int] = (), comments: Iterable[int] = ()) -> dict[tuple[str, int], dict[str, int]]:
    posts, comments = list(posts), list(comments)
    out: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    hidden = blocked_ids(viewer)
    for name, ids in (("post", posts), ("comment", comments)):
        if not ids:
            continue
        qs = Reaction.objects.filter(**{f"{name}_id__in": ids})
        if hidden:
            qs = qs.exclude(member_id__in=hidden)
        for target, kind, n in qs.values_list(f"{name}_id", "kind").annotate(n=Count("id")).values_list(f"{name}_id", "kind", "n"):
            out[(name, target)][kind] = n
    return out


def _my_reactions(viewer: User, *, posts: Iterable[int] = (), comments: Iterable[int] = ()) -> dict[tuple[str, int], str]:
    out = {}
    posts, comments = list(posts), list(comments)
    if posts:
        for pid, kind in Reaction.objects.filter(member=viewer, post_id__in=posts).values_list("post_id", "kind"):
            out[("post", pid)] = kind
    if comments:
        for cid, kind in Reaction.objects.filter(member=viewer, comment_id__in=comments).values_list("comment_id", "kind"):
            out[("comment", cid)] = kind
    return out


def _ordered_reactions(counts: dict[str, int]) -> dict[str, int]:
    return {kind: counts[kind] for kind in Reaction.Kind.values if counts.get(kind)}


def decorate(viewer: User, posts: list[Post], *, connected: set[int] | None = None) -> list[Post]:
    """Set what showing a post to ``viewer`` needs, for a page at once (a few queries, not a
    few a post): ``reaction_counts`` {kind: count} and ``reaction_total`` without blocked members,
    ``my_reaction``, ``visible_comment_count``, ``html`` (mentions of blocked members
    unlinked), ``refusal`` (why they may not comment), ``place`` (a group post's group) and
    ``author.profile.degree``. ``connected``: the viewer's connections, when the caller has them."""
    if not posts:
        return posts
    ids = [p.pk for p in posts]
    authors = {p.author_id for p in posts}
    counts = _reaction_counts(viewer, posts=ids)
    mine = _my_reactions(viewer, posts=ids)
    if connected is None:
        connected = set(Connection.objects.filter(member=viewer, other_id__in=authors).values_list("other_id", flat=True))
    degrees = adapter.degrees_of(viewer.pk, list(authors - {viewer.pk}))
    hidden = blocked_ids(viewer)
    hidden_comments: dict[int, int] = {}
    blocked_handles: set[str] = set()
    if hidden:
        hidden_comments = dict(
            Comment.objects.filter(post_id__in=ids, author_id__in=hidden).values_list("post_id").annotate(n=Count("id")).values_list("post_id", "n")
        )
        blocked_handles = set(Profile.objects.filter(pk__in=hidden).values_list("handle", flat=True))
    policy = audiences.get(Group)
    if policy is not None:
        policy.prepare(viewer, posts)
    for post in posts:
        post.reaction_counts = _ordered_reactions(counts.get(("post", post.pk), {}))
        post.reaction_total = sum(post.reaction_counts.values())
        post.my_reaction = mine.get(("post", post.pk))
        post.visible_comment_count = max(0, post.comment_count - hidden_comments.get(post.pk, 0))
        post.html = unlink_mentions(post.body_html, blocked_handles)
        post.is_connected = post.author_id in connected
        post.refusal = comment_refusal(viewer, post, connected=post.is_connected)
        post.place = policy.describe(post) if (policy is not None and post.audience == Group) else None
        post.author.profile.degree = degrees.get(post.author_id) or None
    return posts


# --- the feed -----------------------------------------------------------------------------------


@dataclass
class FeedItem:
    post: Post
    source: str  # self, connection, following, group, community (kith.posts.ranking.CLOSENESS)
    key: int


@dataclass
class FeedPage:
    items: list[FeedItem]
    next_cursor: str | None
    newcomer: bool  # few sources: the page was topped up with recent community posts
    loaded_at: int  # epoch seconds, for the "new posts" poll
    sources: int = 0
    posts: list[Post] = field(default_factory=list)


_CURSOR = re.compile(r"(-?[0-9]{1,12})_([0-9]{1,19})")


def parse_cursor(cursor: str | None) -> tuple[int, int] | None:
    if cursor in (None, ""):
        return None
    match = _CURSOR.fullmatch(cursor.strip())
    if not match or int(match.group(2)) > 2**63 - 1:
        raise KithError("Cursor: not a cursor this feed gave.", "invalid_cursor", "cursor")
    return int(match.group(1)), int(match.group(2))


def _below(bound: tuple[int, int] | None, shift: int) -> Q:
    """Posts whose key (rank + shift, id) sorts after the cursor's (older in the feed)."""
    if bound is None:
        return Q()
    key, pid = bound
    return Q(rank__lt=key - shift) | Q(rank=key - shift, pk__lt=pid)


@dataclass
class _Stream:
    source: str
    authors: set[int] | None  # None: every author ``accept`` takes (a scan)
    audiences: frozenset[str]
    accept: Callable[[int], bool] | None = None


def _population() -> tuple[int, int]:
    """(members who ever posted, posts), cached: the feed's choice of plan needs their sizes only roughly."""
    stats = cache.get("posts:population")
    if stats is None:
        posts = Post.objects.count()
        authors = User.objects.filter(is_active=True).count()
        stats = (max(1, authors), posts)
        cache.set("posts:population", stats, 600)
    return stats


def _by_authors(stream: _Stream, bound, shift: int, limit: int, hidden_posts: set[int]) -> list[tuple[int, int]]:
    """The stream's newest posts below the bound, through the (author, rank) index."""
    qs = Post.objects.filter(author_id__in=stream.authors, audience__in=stream.audiences, status=PUBLISHED).filter(_below(bound, shift))
    if hidden_posts:
        qs = qs.exclude(pk__in=hidden_posts)
    return [(rank + shift, pid) for rank, pid in qs.order_by("-rank", "-pk").values_list("rank", "pk")[:limit]]


SCAN_CHUNK = 2_000
SCAN_MAX = 40_000
# A scanned row costs about this many rows read through the author index (it is read in
# rank order, with no sort, but most rows are thrown away and each chunk is a round trip).
SCAN_ROW_COST = 4


def _by_scan(stream: _Stream, bound, shift: int, limit: int, hidden_posts: set[int]) -> list[tuple[int, int]] | None:
    """The stream's newest posts, walking every post newest first through the (rank) index and
    keeping the stream's: cheap when the stream's authors write a good share of all posts.
    None when SCAN_MAX rows were not enough (the caller then asks the author index)."""
    accept = stream.accept or (lambda author: author in stream.authors)
    found: list[tuple[int, int]] = []
    scanned = 0
    position = bound[0] - shift if bound else None, bound[1] if bound else None
    while len(found) < limit:
        qs = Post.objects.filter(status=PUBLISHED)
        if position[0] is not None:
            qs = qs.filter(Q(rank__lt=position[0]) | Q(rank=position[0], pk__lt=position[1]))
        chunk = list(qs.order_by("-rank", "-pk").values_list("rank", "pk", "author_id", "audience")[:SCAN_CHUNK])
        for rank, pid, author, audience in chunk:
            if audience in stream.audiences and pid not in hidden_posts and accept(author):
                found.append((rank + shift, pid))
                if len(found) == limit:
                    break
        scanned += len(chunk)
        if len(chunk) < SCAN_CHUNK:
            break
        if scanned >= SCAN_MAX:
            return None
        position = chunk[-1][0], chunk[-1][1]
    return found


def _fetch(stream: _Stream, bound, limit: int, hidden_posts: set[int]) -> list[tuple[int, int]]:
    """Choose the cheaper plan: the author index costs about the stream's posts, the scan about
    ``limit × members / authors`` rows. The feed stays flat as a member's connections grow
    because the more authors a stream has, the sooner the scan fills a page."""
    shift = closeness_boost(stream.source)
    if stream.authors is not None and not stream.authors:
        return []
    members, posts = _population()
    if stream.authors is not None:
        per_author = posts / members
        by_authors = len(stream.authors) * per_author
        by_scan = limit * members / len(stream.authors)
        if by_authors <= by_scan * SCAN_ROW_COST:
            return _by_authors(stream, bound, shift, limit, hidden_posts)
    found = _by_scan(stream, bound, shift, limit, hidden_posts)
    if found is None:
        if stream.authors is None:
            return []  # a community top-up that found nothing near: nothing to add
        return _by_authors(stream, bound, shift, limit, hidden_posts)
    return found


def _sources(member: User) -> tuple[set[int], set[int], set[int]]:
    """(connections the member follows, members they follow without being connected, all their
    connections), blocks removed."""
    follows = set(Follow.objects.filter(follower=member).values_list("followed_id", flat=True))
    connections = set(Connection.objects.filter(member=member).values_list("other_id", flat=True))
    hidden = blocked_ids(member)
    return (follows & connections) - hidden, (follows - connections) - hidden, connections


def feed(viewer: User, *, cursor: str | None = None, limit: int | None = None) -> FeedPage:
    """The member's home feed, best first (kith.posts.ranking), one page below ``cursor``.

    Sources: their own posts, the connections they follow, the members they follow, their
    groups (the group policy's ``feed_posts``), and, while they follow fewer than
    KITH_FEED_NEWCOMER_BELOW members, recent posts the whole community may read. Never a
    post by a member blocked either way, a post they hid, or a post whose audience excludes
    them. Each source is read newest-first from an index and the pages are merged by key.
    """
    limit = limit or settings.KITH_FEED_PAGE_SIZE
    bound = parse_cursor(cursor)
    connections, following, all_connections = _sources(viewer)
    hidden_posts = set(HiddenPost.objects.filter(member=viewer).values_list("post_id", flat=True))
    blocked = blocked_ids(viewer)
    visible_to_connections = frozenset({Anyone, Connections})
    streams = [
        # One stream for the member's own posts and their connections' (the same boost), so one query.
        _Stream("connection", connections | {viewer.pk}, visible_to_connections),
        _Stream("following", following, frozenset({Anyone})),
    ]
    sources = len(connections) + len(following)
    newcomer = sources < settings.KITH_FEED_NEWCOMER_BELOW
    if newcomer:
        known = connections | following | blocked | {viewer.pk}
        streams.append(_Stream("community", None, frozenset({Anyone}), accept=lambda author: author not in known))
    candidates: list[tuple[int, int, str]] = []
    for stream in streams:
        candidates.extend((key, pid, stream.source) for key, pid in _fetch(stream, bound, limit, hidden_posts))
    policy = audiences.get(Group)
    if policy is not None:
        shift = closeness_boost("group")
        qs = policy.feed_posts(viewer).filter(audience=Group, status=PUBLISHED).filter(_below(bound, shift))
        if blocked:
            qs = qs.exclude(author_id__in=blocked)
        if hidden_posts:
            qs = qs.exclude(pk__in=hidden_posts)
        candidates.extend((rank + shift, pid, "group") for rank, pid in qs.order_by("-rank", "-pk").values_list("rank", "pk")[:limit])
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    chosen: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for key, pid, source in candidates:
        if pid not in seen:
            seen.add(pid)
            chosen.append((key, pid, source))
        if len(chosen) == limit:
            break
    loaded = _post_queryset().filter(author__is_active=True).in_bulk([pid for _, pid, _ in chosen])
    items = [
        FeedItem(loaded[pid], "self" if loaded[pid].author_id == viewer.pk else source, key)
        for key, pid, source in chosen
        if pid in loaded
    ]
    decorate(viewer, [item.post for item in items], connected=all_connections)
    next_cursor = f"{chosen[-1][0]}_{chosen[-1][1]}" if len(chosen) == limit else None
    return FeedPage(
        items=items,
        next_cursor=next_cursor,
        newcomer=newcomer,
        loaded_at=int(timezone.now().timestamp()),
        sources=sources,
        posts=[item.post for item in items],
    )


def new_posts_count(viewer: User, *, since: int) -> int:
    """How many posts for the viewer's feed were published after ``since`` (epoch seconds) by
    someone else: what the "new posts" notice says. Reads only the newest posts."""
    moment = datetime.fromtimestamp(since, tz=timezone.get_current_timezone())
    connections, following, _ = _sources(viewer)
    hidden_posts = set(HiddenPost.objects.filter(member=viewer).values_list("post_id", flat=True))
    newcomer = len(connections) + len(following) < settings.KITH_FEED_NEWCOMER_BELOW
    blocked = blocked_ids(viewer)
    count = 0
    recent = Post.objects.filter(created_at__gt=moment, status=PUBLISHED).exclude(author=viewer).exclude(audience=Group)
    for pid, author, audience in recent.values_list("pk", "author_id", "audience")[:500]:
        if pid in hidden_posts or author in blocked:
            continue
        if author in connections or (audience == Anyone and (author in following or newcomer)):
            count += 1
    policy = audiences.get(Group)
    if policy is not None:
        qs = policy.feed_posts(viewer).filter(created_at__gt=moment, status=PUBLISHED).exclude(author=viewer)
        if blocked:
            qs = qs.exclude(author_id__in=blocked)
        count += qs.count()
    return count


# --- a member's Activity --------------------------------------------------------------------------


@dataclass
class PostPage:
    posts: list[Post]
    next_cursor: str | None


def member_posts(viewer: Viewer, author: User, *, cursor: str | None = None, limit: int = 10) -> PostPage:
    """The author's posts and articles the viewer may see, newest first (their profile's
    Activity). Group posts stay in their groups. The caller loaded the profile through
    access_profile, so blocks are already answered."""
    member = _member(viewer)
    if member is None:
        return PostPage([], None)
    bound = parse_cursor(cursor)
    shown = [Anyone]
    if member.pk == author.pk or _connected(member.pk, author.pk):
        shown.append(Connections)
    qs = _post_queryset().filter(author=author, audience__in=shown, status=PUBLISHED, author__is_active=True)
    if bound is not None:
        moment = datetime.fromtimestamp(bound[0] / 1_000_000, tz=timezone.get_current_timezone())
        qs = qs.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=bound[1]))
    posts = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    more = len(posts) > limit
    posts = posts[:limit]
    decorate(member, posts)
    next_cursor = None
    if more and posts:
        last = posts[-1]
        next_cursor = f"{math.floor(last.created_at.timestamp() * 1_000_000)}_{last.pk}"
    return PostPage(posts, next_cursor)


# --- comments and reactions -------------------------------------------------------------------------


@dataclass
class CommentPage:
    comments: list[Comment]  # top-level, each with .reply_list
    next_after: int | None


def post_comments(access: PostAccess, *, after: int | None = None, limit: int = 50, only: int | None = None) -> CommentPage:
    """A post's comments, oldest first, each with its replies (``reply_list``); comments by
    members blocked either way, and replies to them, left out. ``after`` pages on by id;
    ``only`` reads one comment (a top-level one with its replies, or one reply)."""
    viewer = access.viewer
    hidden = blocked_ids(viewer)
    qs = Comment.objects.filter(post=access.post, author__is_active=True).select_related("author__profile")
    qs = qs.filter(pk=only) if only is not None else qs.filter(parent__isnull=True)
    if hidden:
        qs = qs.exclude(author_id__in=hidden)
    if after is not None:
        qs = qs.filter(pk__gt=after)
    top = list(qs.order_by("pk")[: limit + 1])
    more = len(top) > limit
    top = top[:limit]
    replies = Comment.objects.filter(parent__in=[c.pk for c in top], author__is_active=True).select_related("author__profile")
    if hidden:
        replies = replies.exclude(author_id__in=hidden)
    by_parent: dict[int, list[Comment]] = defaultdict(list)
    for reply in replies.order_by("pk"):
        by_parent[reply.parent_id].append(reply)
    everything = [*top, *(r for rs in by_parent.values() for r in rs)]
    counts = _reaction_counts(viewer, comments=[c.pk for c in everything])
    mine = _my_reactions(viewer, comments=[c.pk for c in everything])
    blocked_handles = set(Profile.objects.filter(pk__in=hidden).values_list("handle", flat=True)) if hidden else set()
    for comment in everything:
        comment.reaction_counts = _ordered_reactions(counts.get(("comment", comment.pk), {}))
        comment.reaction_total = sum(comment.reaction_counts.values())
        comment.my_reaction = mine.get(("comment", comment.pk))
        comment.html = unlink_mentions(comment.body_html, blocked_handles)
        comment.mine = comment.author_id == viewer.pk
        comment.can_delete = comment.mine or access.can_moderate
    for comment in top:
        comment.reply_list = by_parent.get(comment.pk, [])
    return CommentPage(top, top[-1].pk if more and top else None)


def one_comment(access: PostAccess, comment: Comment) -> Comment:
    """``comment`` ready to show, as ``post_comments`` shows it (with its replies when top-level)."""
    page = post_comments(access, only=comment.pk, limit=1)
    return page.comments[0] if page.comments else comment


def reactors(viewer: User, *, post: Post | None = None, comment: Comment | None = None, kind: str | None = None, limit: int = 100) -> list[tuple[Profile, str]]:
    """Who reacted (and how), newest first: members blocked either way, or whose profile the
    viewer may not find, left out."""
    qs = Reaction.objects.filter(post=post) if post is not None else Reaction.objects.filter(comment=comment)
    if kind:
        qs = qs.filter(kind=kind)
    rows = list(qs.order_by("-created_at", "-pk").values_list("member_id", "kind")[: limit * 2])
    profiles = visible_profiles(viewer, Profile.objects.select_related("user").filter(pk__in=[m for m, _ in rows])).in_bulk()
    return [(profiles[m], k) for m, k in rows if m in profiles][:limit]


def recent_for_moderators(member: User) -> list[dict]:
    """A reported member's latest posts and comments, for the moderators' view of them."""
    rows = [
        {"what": p.get_kind_display(), "id": p.pk, "when": p.created_at, "audience": p.audience, "text": (p.title or p.body)[:200]}
        for p in Post.objects.filter(author=member).order_by("-created_at")[:10]
    ]
    rows += [
        {"what": "Comment", "id": c.pk, "when": c.created_at, "audience": f"on post {c.post_id}", "text": c.body[:200]}
        for c in Comment.objects.filter(author=member).order_by("-created_at")[:10]
    ]
    return sorted(rows, key=lambda r: r["when"], reverse=True)


def post_for_moderators(post: Post, report_ids: list[int]) -> Shown:
    """A reported post as moderators see it, whatever its audience or status."""
    when = post.created_at.strftime("%Y-%m-%d %H:%M")
    text = f"{post.title}\n\n{post.body}" if post.title else post.body
    return Shown(
        title=f"The {post.get_kind_display().lower()}, {when}",
        text=text,
        rows=[
            {
                "Audience": post.get_audience_display(),
                "Status": post.get_status_display(),
                "Comments": post.comment_count,
                "Reactions": post.reaction_count,
                "Image": "yes" if post.image else "no",
            }
        ],
    )


def comment_for_moderators(comment: Comment, report_ids: list[int]) -> Shown:
    """A reported comment, with the post it is on."""
    post = comment.post
    on = (post.title or post.body)[:200]
    return Shown(
        title=f"The comment, {comment.created_at:%Y-%m-%d %H:%M}",
        text=comment.body,
        rows=[{"On the post": on, "Post by": "@" + post.author.profile.handle, "A reply": "yes" if comment.parent_id else "no"}],
    )

