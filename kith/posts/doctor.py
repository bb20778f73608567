"""`kith doctor` checks for posts: the counters and rank each post carries are what its rows say.

kith.posts.actions keeps them in step (``_recount``); a bulk load or a restore of some tables
could leave them behind, and the feed would then rank by stale numbers."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from kith.core.doctor import check
from kith.posts.models import Comment, Post, Reaction
from kith.posts.ranking import rank_of


def _counted(model, **filters):
    return Coalesce(
        Subquery(model.objects.filter(**filters).values("post_id").annotate(n=Count("id")).values("n")[:1]),
        0,
    )


@check("posts.counters", "Each post's comment and reaction counts equal its comments and reactions")
def counters() -> Iterator[str]:
    rows = Post.objects.annotate(
        comments_found=_counted(Comment, post_id=OuterRef("pk")),
        reactions_found=_counted(Reaction, post_id=OuterRef("pk")),
    ).filter(~Q(comment_count=F("comments_found")) | ~Q(reaction_count=F("reactions_found")))
    for pk, cc, cf, rc, rf in rows.order_by("pk").values_list("pk", "comment_count", "comments_found", "reaction_count", "reactions_found"):
        yield f"post {pk}: comment_count {cc} but {cf} comments, reaction_count {rc} but {rf} reactions"


@check("posts.rank", "Each post's rank is its creation time plus its engagement boost (kith.posts.ranking)")
def ranks() -> Iterator[str]:
    for pk, created, reactions, comments, rank in Post.objects.order_by("pk").values_list(
        "pk", "created_at", "reaction_count", "comment_count", "rank"
    ).iterator(chunk_size=5000):
        expected = rank_of(created, reactions=reactions, comments=comments)
        if rank != expected:
            yield f"post {pk}: rank {rank}, expected {expected}"


@check("posts.replies", "A reply answers a top-level comment of the same post")
def replies() -> Iterator[str]:
    bad = Comment.objects.filter(parent__isnull=False).filter(~Q(parent__post_id=F("post_id")) | Q(parent__parent__isnull=False))
    for pk, parent in bad.order_by("pk").values_list("pk", "parent_id"):
        yield f"comment {pk} replies to comment {parent}, which is a reply or on another post"
