"""A member's posts, comments, reactions and hidden posts: their export, and what deleting the
account does to them (the contract is in the portability app's discovery)."""

from __future__ import annotations

from kith.members.models import User
from kith.posts.models import Comment, HiddenPost, Mention, Post, Reaction

MODELS = [Post, Comment, Reaction, Mention, HiddenPost]
SECTIONS = {
    "posts": "Your posts and articles: the text as you wrote it, who could see it and comment, when.",
    "comments": "Your comments and replies: the post they are on, the text, when.",
    "reactions": "Your reactions to posts and comments: which, how, when.",
    "hidden_posts": "Posts you chose not to see in your feed, and when.",
}


def export(user: User) -> dict[str, list[dict]]:
    """The member's own writing and choices, as they see them (no one else's text)."""
    return {
        "posts": [
            {
                "id": p.pk,
                "kind": p.kind,
                "title": p.title,
                "body": p.body,
                "audience": p.audience,
                "comments": p.comments,
                "status": p.status,
                "image": p.image.name or None,
                "image_alt": p.image_alt,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            }
            for p in Post.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "comments": [
            {
                "id": c.pk,
                "post": c.post_id,
                "parent": c.parent_id,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            }
            for c in Comment.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "reactions": [
            {"post": r.post_id, "comment": r.comment_id, "kind": r.kind, "created_at": r.created_at.isoformat()}
            for r in Reaction.objects.filter(member=user).order_by("created_at", "pk")
        ],
        "hidden_posts": [
            {"post": h.post_id, "created_at": h.created_at.isoformat()} for h in HiddenPost.objects.filter(member=user).order_by("pk")
        ],
    }


def erase(user: User) -> None:
    """Account deletion: the member's posts (with everything on them), comments, reactions,
    mentions and hidden posts go; others' posts they commented on or reacted to are recounted."""
    from kith.posts.actions import erase_member

    erase_member(user)
