"""The posts API (mounted at /api/v1/): the feed, posts, comments, reactions, hiding, reports."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from kith.core.errors import KithError
from kith.core.inputs import Id
from kith.core.schemas import errors
from kith.members.selectors import access_profile
from kith.network import actions as network_actions
from kith.posts import actions, selectors
from kith.posts.schemas import (
    CommentIn,
    CommentOut,
    CommentPageOut,
    CommentPatchIn,
    PostIn,
    PostOut,
    PostPageOut,
    PostPatchIn,
    ReactionIn,
    ReactionsOut,
    ReportIn,
    ReportOut,
    comment_out,
    post_out,
)

router = Router(tags=["posts"])


def _post(request: HttpRequest, post_id: int) -> dict:
    access = selectors.access_post(request.auth, post_id)
    selectors.decorate(request.auth, [access.post])
    return post_out(access.post, request.auth)


def _comment(request: HttpRequest, comment_id: int) -> dict:
    comment, access = selectors.access_comment(request.auth, comment_id)
    return comment_out(selectors.one_comment(access, comment), request.auth)


@router.get("/feed", response={200: PostPageOut, **errors(400)}, summary="My home feed, best first; ?cursor= pages on")
def feed(request: HttpRequest, cursor: str | None = None):
    page = selectors.feed(request.auth, cursor=cursor)
    return {"items": [post_out(item.post, request.auth) for item in page.items], "next_cursor": page.next_cursor}


@router.get("/members/{handle}/posts", response={200: PostPageOut, **errors(400, 404)}, summary="A member's posts and articles I may see")
def member_posts(request: HttpRequest, handle: str, cursor: str | None = None):
    access = access_profile(request.auth, handle)
    page = selectors.member_posts(request.auth, access.profile.user, cursor=cursor)
    return {"items": [post_out(p, request.auth) for p in page.posts], "next_cursor": page.next_cursor}


@router.post("/posts", response={201: PostOut, **errors(400, 429)}, summary="Write a post or an article")
def create_post(request: HttpRequest, data: PostIn):
    post = actions.create_post(
        request.auth,
        kind=data.kind,
        title=data.title,
        body=data.body,
        audience=data.audience,
        comments=data.comments,
        audience_data={"group": data.group} if data.group is not None else None,
    )
    return Status(201, _post(request, post.pk))


@router.get("/posts/{post_id}", response={200: PostOut, **errors(404)}, summary="One post")
def get_post(request: HttpRequest, post_id: Id):
    return _post(request, post_id)


@router.patch("/posts/{post_id}", response={200: PostOut, **errors(400, 403, 404)}, summary="Edit my post")
def edit_post(request: HttpRequest, post_id: Id, data: PostPatchIn):
    actions.edit_post(request.auth, post_id, body=data.body, title=data.title, audience=data.audience, comments=data.comments)
    return _post(request, post_id)


@router.delete("/posts/{post_id}", response={204: None, **errors(403, 404)}, summary="Delete my post, its comments and reactions")
def delete_post(request: HttpRequest, post_id: Id):
    actions.delete_post(request.auth, post_id)
    return Status(204, None)


@router.get("/posts/{post_id}/comments", response={200: CommentPageOut, **errors(404)}, summary="Comments, oldest first, with their replies")
def list_comments(request: HttpRequest, post_id: Id, after: Id | None = None):
    access = selectors.access_post(request.auth, post_id)
    page = selectors.post_comments(access, after=after)
    return {"items": [comment_out(c, request.auth) for c in page.comments], "next_after": page.next_after}


@router.post("/posts/{post_id}/comments", response={201: CommentOut, **errors(400, 403, 404, 429)}, summary="Comment, or reply to a comment")
def add_comment(request: HttpRequest, post_id: Id, data: CommentIn):
    comment = actions.add_comment(request.auth, post_id, body=data.body, parent=data.parent)
    return Status(201, _comment(request, comment.pk))


@router.patch("/comments/{comment_id}", response={200: CommentOut, **errors(400, 403, 404)}, summary="Edit my comment")
def edit_comment(request: HttpRequest, comment_id: Id, data: CommentPatchIn):
    actions.edit_comment(request.auth, comment_id, body=data.body)
    return _comment(request, comment_id)


@router.delete("/comments/{comment_id}", response={204: None, **errors(403, 404)}, summary="Delete my comment, or one on my post")
def delete_comment(request: HttpRequest, comment_id: Id):
    actions.delete_comment(request.auth, comment_id)
    return Status(204, None)


def _post_reactions(request: HttpRequest, post_id: int) -> dict:
    out = _post(request, post_id)
    return {"reactions": out["reactions"], "my_reaction": out["my_reaction"]}


def _comment_reactions(request: HttpRequest, comment_id: int) -> dict:
    out = _comment(request, comment_id)
    return {"reactions": out["reactions"], "my_reaction": out["my_reaction"]}


@router.put("/posts/{post_id}/reaction", response={200: ReactionsOut, **errors(400, 404)}, summary="React to a post (or change my reaction)")
def react_to_post(request: HttpRequest, post_id: Id, data: ReactionIn):
    actions.react(request.auth, post_id=post_id, kind=data.kind)
    return _post_reactions(request, post_id)


@router.delete("/posts/{post_id}/reaction", response={204: None, **errors(404)}, summary="Take my reaction back")
def unreact_to_post(request: HttpRequest, post_id: Id):
    actions.remove_reaction(request.auth, post_id=post_id)
    return Status(204, None)


@router.put("/comments/{comment_id}/reaction", response={200: ReactionsOut, **errors(400, 404)}, summary="React to a comment")
def react_to_comment(request: HttpRequest, comment_id: Id, data: ReactionIn):
    actions.react(request.auth, comment_id=comment_id, kind=data.kind)
    return _comment_reactions(request, comment_id)


@router.delete("/comments/{comment_id}/reaction", response={204: None, **errors(404)}, summary="Take my reaction to a comment back")
def unreact_to_comment(request: HttpRequest, comment_id: Id):
    actions.remove_reaction(request.auth, comment_id=comment_id)
    return Status(204, None)


@router.post("/posts/{post_id}/hide", response={204: None, **errors(400, 404)}, summary="I don't want to see this: hide it from my feed")
def hide_post(request: HttpRequest, post_id: Id):
    actions.hide_post(request.auth, post_id)
    return Status(204, None)


@router.post("/reports", response={201: ReportOut, **errors(400, 404, 429)}, tags=["network"], summary="Report a member, a post or a comment")
def report(request: HttpRequest, data: ReportIn):
    """Name exactly one of ``handle``, ``post``, ``comment``. The reported member never learns who reported."""
    named = [name for name in ("handle", "post", "comment") if getattr(data, name) is not None]
    if len(named) != 1:
        raise KithError("Report: name one of handle, post or comment.", "invalid", "handle")
    member = request.auth
    if data.post is not None:
        row = actions.report_post(member, data.post, reason=data.reason, text=data.text)
    elif data.comment is not None:
        row = actions.report_comment(member, data.comment, reason=data.reason, text=data.text)
    else:
        profile = access_profile(member, data.handle).profile
        row = network_actions.report_member(member, profile, reason=data.reason, text=data.text)
    return Status(201, {"id": row.pk, "reason": row.reason, "status": row.status})
