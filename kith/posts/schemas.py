"""API shapes for posts, comments and reactions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from kith.core.inputs import Id
from kith.core.schemas import Input
from kith.members.schemas import MemberOut, member_out
from kith.posts.models import Comment, Post

Kind = Literal["post", "article"]
AudienceName = Literal["anyone", "connections", "group"]
CommentsSetting = Literal["anyone", "connections", "closed"]
ReactionKind = Literal["like", "celebrate", "support", "insightful", "curious"]


class PostIn(Input):
    kind: Kind = "post"
    title: str = Field("", max_length=200)
    body: str = Field(max_length=100_000, description="A post: plain text, up to 3,000 characters. An article: Markdown, up to 100,000.")
    audience: AudienceName = "anyone"
    group: str | None = Field(None, min_length=1, max_length=80, description="The slug of the group a group post goes to (audience \"group\")")
    comments: CommentsSetting = "anyone"


class PostPatchIn(Input):
    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=100_000)
    audience: AudienceName | None = Field(None, description="Only narrower: anyone → connections")
    comments: CommentsSetting | None = None


class CommentIn(Input):
    body: str = Field(max_length=3_000)
    parent: Id | None = Field(None, description="The comment this one replies to")


class CommentPatchIn(Input):
    body: str = Field(max_length=3_000)


class ReactionIn(Input):
    kind: ReactionKind


class PlaceOut(Schema):
    label: str
    url: str


class PostOut(Schema):
    id: int
    kind: Kind
    author: MemberOut
    title: str
    body: str = Field(description="The text as written (plain text or Markdown)")
    body_html: str = Field(description="Rendered and sanitised")
    image_url: str | None
    image_alt: str
    audience: AudienceName
    place: PlaceOut | None = Field(None, description="A group post's group")
    status: Literal["published", "pending", "removed"]
    comments: CommentsSetting
    can_comment: bool
    comments_note: str | None = Field(None, description="Why you may not comment, when you may not")
    comment_count: int
    reactions: dict[str, int]
    my_reaction: ReactionKind | None
    url: str
    created_at: datetime
    edited_at: datetime | None


class PostPageOut(Schema):
    items: list[PostOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next (older) page; null at the end")


class CommentOut(Schema):
    id: int
    post: int
    parent: int | None
    author: MemberOut
    body: str
    body_html: str
    reactions: dict[str, int]
    my_reaction: ReactionKind | None
    created_at: datetime
    edited_at: datetime | None
    replies: list[CommentOut] = []


class CommentPageOut(Schema):
    items: list[CommentOut]
    next_after: int | None = Field(description="Pass as ?after= for the next page; null at the end")


class ReactionsOut(Schema):
    reactions: dict[str, int]
    my_reaction: ReactionKind | None


class ReportIn(Input):
    handle: str | None = Field(None, max_length=60, description="Report a member")
    post: Id | None = Field(None, description="Report a post")
    comment: Id | None = Field(None, description="Report a comment")
    reason: str
    text: str = ""


class ReportOut(Schema):
    id: int
    reason: str
    status: str


def post_out(post: Post, viewer) -> dict:
    """A decorated post (kith.posts.selectors.decorate) as the API shows it."""
    return {
        "id": post.pk,
        "kind": post.kind,
        "author": member_out(post.author.profile, viewer),
        "title": post.title,
        "body": post.body,
        "body_html": post.html,
        "image_url": post.image.url if post.image else None,
        "image_alt": post.image_alt,
        "audience": post.audience,
        "place": post.place,
        "status": post.status,
        "comments": post.comments,
        "can_comment": post.refusal is None,
        "comments_note": post.refusal,
        "comment_count": post.visible_comment_count,
        "reactions": post.reaction_counts,
        "my_reaction": post.my_reaction,
        "url": f"/posts/{post.pk}/",
        "created_at": post.created_at,
        "edited_at": post.edited_at,
    }


def comment_out(comment: Comment, viewer) -> dict:
    return {
        "id": comment.pk,
        "post": comment.post_id,
        "parent": comment.parent_id,
        "author": member_out(comment.author.profile, viewer),
        "body": comment.body,
        "body_html": getattr(comment, "html", comment.body_html),
        "reactions": getattr(comment, "reaction_counts", {}),
        "my_reaction": getattr(comment, "my_reaction", None),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "replies": [comment_out(r, viewer) for r in getattr(comment, "reply_list", [])],
    }
