"""Every write to posts: writing, editing and deleting posts and comments, reactions, hiding,
reports, and the status changes a group's policy asks for.

Each action is one transaction, loads what it touches through kith.posts.selectors (so a
post the member may not see is "not found" here too), checks its limits, keeps the post's
counters and ``rank`` in step (``_recount``) and queues its notifications, which are sent
only if the transaction commits.
"""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from kith.core.errors import KithError, LimitReached, NotFound, PermissionDenied
from kith.core.images import read_image
from kith.core.inputs import unstorable
from kith.core.limits import rolling_window_lifts_at
from kith.members.models import Profile, User
from kith.moderation import gates
from kith.moderation.actions import file_report
from kith.moderation.models import Report
from kith.network import actions as network_actions
from kith.network.selectors import format_moment
from kith.notifications.actions import notify, retract
from kith.posts import audiences, selectors
from kith.posts.models import Comment, HiddenPost, Mention, Post, Reaction
from kith.posts.notification_kinds import (
    COMMENT_REACTED,
    COMMENT_REPLIED,
    POST_COMMENTED,
    POST_MENTIONED,
    POST_REACTED,
)
from kith.posts.ranking import rank_of
from kith.posts.rendering import mentioned_handles, render

__all__ = [
    "add_comment",
    "create_post",
    "delete_comment",
    "delete_post",
    "edit_comment",
    "edit_post",
    "hide_post",
    "react",
    "remove_reaction",
    "report_comment",
    "report_post",
    "set_status",
    "unfollow_author",
    "unhide_post",
]

POST_MAX = 3_000
ARTICLE_MAX = 100_000
TITLE_MAX = 200
COMMENT_MAX = 3_000
ALT_MAX = 300


# --- text ---------------------------------------------------------------------------------------


def _text(value: str | None, *, label: str, field: str, maximum: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise KithError(f"{label}: write something first.", "required", field)
    if len(text) > maximum:
        raise KithError(f"{label}: at most {maximum:,} characters (this one has {len(text):,}).", "too_long", field)
    why = unstorable(text)
    if why:
        raise KithError(f"{label}: the text contains {why}.", "invalid", field)
    return text


def _choice(value: str, choices, *, label: str, field: str) -> str:
    if value not in choices.values:
        raise KithError(f"{label}: choose one of {', '.join(choices.values)}.", "invalid", field)
    return value


def _mentions(text: str, *, field: str) -> list[Profile]:
    """The members ``text`` names with @handle who exist, within the per-post limit."""
    handles = mentioned_handles(text)
    limit = settings.KITH_POST_MENTIONS_MAX
    if len(handles) > limit:
        raise KithError(
            f"Mentions: at most {limit} members in one post or comment (this one names {len(handles)}).",
            "too_many_mentions",
            field,
        )
    if not handles:
        return []
    return list(Profile.objects.select_related("user").filter(handle__in=handles, user__is_active=True))


def _notify_mentions(post: Post, profiles: list[Profile], *, actor: User, target, already: set[int], skip: set[int]) -> None:
    """Tell the newly mentioned who may see the post (never someone blocked either way)."""
    for profile in profiles:
        if profile.pk in already or profile.pk in skip or profile.pk == actor.pk:
            continue
        if selectors.can_see(profile.user, post):
            notify(profile.user, POST_MENTIONED, actor=actor, target=target)


# --- limits ---------------------------------------------------------------------------------------


def _check_rate(events, *, member: User, limit: int, window: timedelta, what: str, code: str) -> None:
    now = timezone.now()
    lifts_at = rolling_window_lifts_at(events, limit=limit, window=window, now=now, actor=member)
    if lifts_at is not None:
        unit, per = ("hour", "an hour") if window >= timedelta(hours=1) else ("minute", "a minute")
        raise LimitReached(
            f"You have written {limit} {what} in the last {unit}; the limit is {limit} {what} {per}. "
            f"You can write another from {format_moment(lifts_at)}.",
            code,
            lifts_at=lifts_at,
        )


# --- counters ---------------------------------------------------------------------------------------


def _recount(post_id: int) -> None:
    """Set a post's counters and rank from its rows (the caller holds the post's row lock)."""
    post = Post.objects.get(pk=post_id)
    comments = Comment.objects.filter(post_id=post_id).count()
    reactions = Reaction.objects.filter(post_id=post_id).count()
    Post.objects.filter(pk=post_id).update(
        comment_count=comments, reaction_count=reactions, rank=rank_of(post.created_at, reactions=reactions, comments=comments)
    )


def _lock(post_id: int) -> Post:
    return Post.objects.select_for_update().get(pk=post_id)


# --- posts -----------------------------------------------------------------------------------------


def _store_image(post: Post, upload, *, alt: str) -> None:
    image = read_image(upload, max_bytes=settings.KITH_POST_IMAGE_MAX_BYTES, label="Image", field="image")
    size = settings.KITH_POST_IMAGE_SIZE
    image.thumbnail((size, size), Image.Resampling.LANCZOS)  # kept whole, not cropped
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    old = post.image.name if post.image else None
    post.image.save(f"{post.pk}-{secrets.token_hex(6)}.jpg", ContentFile(buffer.getvalue()), save=False)
    post.image_alt = alt
    if old:
        transaction.on_commit(lambda: post.image.storage.delete(old))


@transaction.atomic
def create_post(
    author: User,
    *,
    body: str,
    kind: str = Post.Kind.POST,
    title: str = "",
    audience: str = Post.Audience.ANYONE,
    comments: str = Post.Comments.ANYONE,
    audience_data: dict | None = None,
    image=None,
    image_alt: str = "",
    now=None,
) -> Post:
    """Publish a post or an article. A group post (``audience="group"``) goes where the group
    policy's ``validate`` says, published or waiting for approval. Mentions notify the
    mentioned members who may see it."""
    kind = _choice(kind, Post.Kind, label="Kind", field="kind")
    audience = _choice(audience, Post.Audience, label="Audience", field="audience")
    comments = _choice(comments, Post.Comments, label="Comments", field="comments")
    is_article = kind == Post.Kind.ARTICLE
    title = _text(title, label="Title", field="title", maximum=TITLE_MAX, required=is_article)
    if not is_article and title:
        raise KithError("Title: only articles have a title.", "invalid", "title")
    body = _text(body, label="Text", field="body", maximum=ARTICLE_MAX if is_article else POST_MAX)
    gates.check_may_post(author, text=f"{title}\n{body}")  # a posting restriction or suspension, a new member's links
    image_alt = _text(image_alt, label="Image description", field="image_alt", maximum=ALT_MAX, required=False)
    if image is not None and not image_alt:
        raise KithError("Image description: say what the image shows, for members who can't see it.", "required", "image_alt")
    mentioned = _mentions(body, field="body")
    placement = None
    status = Post.Status.PUBLISHED
    if audience == Post.Audience.GROUP:
        policy = audiences.get(Post.Audience.GROUP)
        if policy is None:
            raise KithError("Audience: groups are not available.", "invalid", "audience")
        placement = policy.validate(author, dict(audience_data or {}))
        status = placement.status
    elif audience_data:
        raise KithError("Group: only a group post names a group.", "invalid", "group")
    _check_rate(
        Post.objects.filter(author=author),
        member=author,
        limit=settings.KITH_POSTS_PER_HOUR,
        window=timedelta(hours=1),
        what="posts",
        code="post_rate_limit",
    )
    now = now or timezone.now()
    post = Post.objects.create(
        author=author,
        kind=kind,
        title=title,
        body=body,
        body_html=render(body, markdown=is_article, handles={p.handle for p in mentioned}),
        audience=audience,
        comments=comments,
        status=status,
        created_at=now,
        rank=rank_of(now, reactions=0, comments=0),
    )
    if image is not None:
        _store_image(post, image, alt=image_alt)
        post.save(update_fields=["image", "image_alt"])
    if placement is not None:
        audiences.get(Post.Audience.GROUP).attach(post, placement)
    Mention.objects.bulk_create([Mention(post=post, member=p.user) for p in mentioned])
    if post.status == Post.Status.PUBLISHED:
        _notify_mentions(post, mentioned, actor=author, target=post, already=set(), skip=set())
    return post


def _own_post(member: User, post_id: int) -> Post:
    access = selectors.access_post(member, post_id)
    if not access.is_author:
        raise PermissionDenied("You can change only your own posts.", "not_yours", "post")
    return _lock(post_id)


@transaction.atomic
def edit_post(
    member: User,
    post_id: int,
    *,
    body: str | None = None,
    title: str | None = None,
    audience: str | None = None,
    comments: str | None = None,
    image_alt: str | None = None,
    image=None,
    remove_image: bool = False,
) -> Post:
    """Change one's own post. Editing the text marks it edited; the audience may only narrow
    (anyone → connections); who may comment changes freely."""
    post = _own_post(member, post_id)
    changed: list[str] = []
    text_changed = False
    if title is not None:
        title = _text(title, label="Title", field="title", maximum=TITLE_MAX, required=post.is_article)
        if not post.is_article and title:
            raise KithError("Title: only articles have a title.", "invalid", "title")
        if title != post.title:
            post.title, text_changed = title, True
            changed.append("title")
    new_mentions: list[Profile] = []
    if body is not None:
        body = _text(body, label="Text", field="body", maximum=ARTICLE_MAX if post.is_article else POST_MAX)
        if body != post.body:
            gates.check_may_post(member, text=body)
            new_mentions = _mentions(body, field="body")
            post.body = body
            post.body_html = render(body, markdown=post.is_article, handles={p.handle for p in new_mentions})
            text_changed = True
            changed += ["body", "body_html"]
    if audience is not None and audience != post.audience:
        _choice(audience, Post.Audience, label="Audience", field="audience")
        if audience not in Post.NARROWER[post.audience]:
            raise KithError(
                f"Audience: a post shown to {post.get_audience_display().lower()} can only be narrowed, not widened.",
                "audience_widened",
                "audience",
            )
        post.audience = audience
        changed.append("audience")
    if comments is not None and comments != post.comments:
        post.comments = _choice(comments, Post.Comments, label="Comments", field="comments")
        changed.append("comments")
    if image_alt is not None:
        image_alt = _text(image_alt, label="Image description", field="image_alt", maximum=ALT_MAX, required=False)
        if image_alt != post.image_alt:
            post.image_alt = image_alt
            changed.append("image_alt")
    if remove_image and post.image:
        old = post.image.name
        post.image = ""
        post.image_alt = ""
        transaction.on_commit(lambda: post.image.storage.delete(old))
        changed += ["image", "image_alt"]
    if image is not None:
        _store_image(post, image, alt=post.image_alt or (image_alt or ""))
        if not post.image_alt:
            raise KithError("Image description: say what the image shows, for members who can't see it.", "required", "image_alt")
        changed += ["image", "image_alt"]
    if text_changed:
        post.edited_at = timezone.now()
        changed.append("edited_at")
    if changed:
        post.save(update_fields=sorted(set(changed)))
    if "body" in changed:
        before = set(Mention.objects.filter(post=post, comment__isnull=True).values_list("member_id", flat=True))
        Mention.objects.filter(post=post, comment__isnull=True).delete()
        Mention.objects.bulk_create([Mention(post=post, member=p.user) for p in new_mentions])
        if post.status == Post.Status.PUBLISHED:
            _notify_mentions(post, new_mentions, actor=member, target=post, already=before, skip=set())
    return post


@transaction.atomic
def delete_post(member: User, post_id: int) -> None:
    """Delete one's own post with its comments, reactions and the notifications about them."""
    post = _own_post(member, post_id)
    retract(targets=Comment.objects.filter(post=post))
    retract(target=post)
    if post.image:
        name = post.image.name
        transaction.on_commit(lambda: post.image.storage.delete(name))
    post.delete()


@transaction.atomic
def set_status(post: Post, status: str) -> Post:
    """Publish a pending group post, or remove one: for the group policy's actions, which
    check who may. A post published after waiting counts from now in the feed."""
    status = _choice(status, Post.Status, label="Status", field="status")
    post = _lock(post.pk)
    if post.audience != Post.Audience.GROUP:
        raise KithError("Status: only a group post can wait for approval or be removed.", "invalid", "status")
    if status == post.status:
        return post
    was_pending = post.status == Post.Status.PENDING
    post.status = status
    fields = ["status"]
    if was_pending and status == Post.Status.PUBLISHED:
        post.created_at = timezone.now()
        fields.append("created_at")
    post.save(update_fields=fields)
    _recount(post.pk)
    if was_pending and status == Post.Status.PUBLISHED:
        mentioned = [m.member.profile for m in Mention.objects.filter(post=post, comment__isnull=True).select_related("member__profile")]
        _notify_mentions(post, mentioned, actor=post.author, target=post, already=set(), skip=set())
    post.refresh_from_db()
    return post


# --- comments ---------------------------------------------------------------------------------------


@transaction.atomic
def add_comment(member: User, post_id: int, *, body: str, parent: int | None = None) -> Comment:
    """Comment on a post, or reply to one of its top-level comments (one level of replies)."""
    access = selectors.access_post(member, post_id)
    if access.refusal:
        raise KithError(access.refusal, "comments_closed" if access.post.comments_closed else "comments_restricted", "body", status=403)
    body = _text(body, label="Comment", field="body", maximum=COMMENT_MAX)
    gates.check_may_post(member, text=body)
    parent_comment = None
    if parent is not None:
        try:
            parent_comment, _ = selectors.access_comment(member, parent)
        except NotFound:
            raise NotFound("No such comment to reply to.", field="parent") from None
        if parent_comment.post_id != access.post.pk:
            raise NotFound("No such comment to reply to.", field="parent")
        if parent_comment.parent_id is not None:
            parent_comment = Comment.objects.select_related("author__profile").get(pk=parent_comment.parent_id)  # replies stay one level deep
    mentioned = _mentions(body, field="body")
    _check_rate(
        Comment.objects.filter(author=member),
        member=member,
        limit=settings.KITH_COMMENTS_PER_MINUTE,
        window=timedelta(minutes=1),
        what="comments",
        code="comment_rate_limit",
    )
    post = _lock(access.post.pk)
    comment = Comment.objects.create(
        post=post,
        author=member,
        parent=parent_comment,
        body=body,
        body_html=render(body, handles={p.handle for p in mentioned}),
    )
    _recount(post.pk)
    Mention.objects.bulk_create([Mention(post=post, comment=comment, member=p.user) for p in mentioned])
    told: set[int] = set()
    if parent_comment is not None and parent_comment.author_id != member.pk and selectors.can_see(parent_comment.author, post):
        notify(parent_comment.author, COMMENT_REPLIED, actor=member, target=comment)
        told.add(parent_comment.author_id)
    if post.author_id not in told and post.author_id != member.pk:
        notify(post.author, POST_COMMENTED, actor=member, target=comment)
        told.add(post.author_id)
    _notify_mentions(post, mentioned, actor=member, target=comment, already=set(), skip=told)
    return comment


def _own_comment(member: User, comment_id: int) -> tuple[Comment, selectors.PostAccess]:
    comment, access = selectors.access_comment(member, comment_id)
    return comment, access


@transaction.atomic
def edit_comment(member: User, comment_id: int, *, body: str) -> Comment:
    """Change one's own comment; it is marked edited. Newly mentioned members are told."""
    comment, access = _own_comment(member, comment_id)
    if comment.author_id != member.pk:
        raise KithError("You can edit only your own comments.", "not_yours", "comment", status=403)
    body = _text(body, label="Comment", field="body", maximum=COMMENT_MAX)
    if body == comment.body:
        return comment
    gates.check_may_post(member, text=body)
    mentioned = _mentions(body, field="body")
    comment.body = body
    comment.body_html = render(body, handles={p.handle for p in mentioned})
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    before = set(Mention.objects.filter(comment=comment).values_list("member_id", flat=True))
    Mention.objects.filter(comment=comment).delete()
    Mention.objects.bulk_create([Mention(post=access.post, comment=comment, member=p.user) for p in mentioned])
    _notify_mentions(access.post, mentioned, actor=member, target=comment, already=before, skip={access.post.author_id})
    return comment


@transaction.atomic
def delete_comment(member: User, comment_id: int) -> None:
    """Delete a comment (its replies go with it): its author, or the post's author (or the
    managers its audience names) for any comment on it."""
    comment, access = _own_comment(member, comment_id)
    if comment.author_id != member.pk and not access.can_moderate:
        raise KithError("You can delete only your own comments, or comments on your posts.", "not_yours", "comment", status=403)
    post = _lock(access.post.pk)
    retract(targets=Comment.objects.filter(parent=comment))
    retract(target=comment)
    comment.delete()
    _recount(post.pk)


# --- reactions ---------------------------------------------------------------------------------------


def _react_kind(kind: str) -> str:
    return _choice(kind, Reaction.Kind, label="Reaction", field="kind")


@transaction.atomic
def react(member: User, *, post_id: int | None = None, comment_id: int | None = None, kind: str) -> Reaction:
    """React to a post or a comment; reacting again changes the reaction (one a member).
    The author hears of it once per batch: "Grace and 3 others reacted to your post"."""
    kind = _react_kind(kind)
    if (post_id is None) == (comment_id is None):
        raise ValueError("react() takes a post_id or a comment_id")
    if comment_id is not None:
        comment, access = selectors.access_comment(member, comment_id)
        target, about = {"comment": comment}, comment
        recipient, notification_kind = comment.author, COMMENT_REACTED
    else:
        access = selectors.access_post(member, post_id)
        target, about = {"post": access.post}, access.post
        recipient, notification_kind = access.post.author, POST_REACTED
    post = _lock(access.post.pk)
    existing = Reaction.objects.select_for_update().filter(member=member, **target).first()
    if existing is not None:
        if existing.kind != kind:
            existing.kind = kind
            existing.save(update_fields=["kind"])
        return existing
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(member=member, kind=kind, **target)
    except IntegrityError:  # a concurrent reaction by the same member won: change it instead
        reaction = Reaction.objects.get(member=member, **target)
        Reaction.objects.filter(pk=reaction.pk).update(kind=kind)
        reaction.kind = kind
        return reaction
    if comment_id is None:
        _recount(post.pk)
    notify(recipient, notification_kind, actor=member, target=about, collapse=True)
    return reaction


@transaction.atomic
def remove_reaction(member: User, *, post_id: int | None = None, comment_id: int | None = None) -> None:
    """Take one's reaction back. Idempotent."""
    if comment_id is not None:
        comment, access = selectors.access_comment(member, comment_id)
        Reaction.objects.filter(member=member, comment=comment).delete()
        return
    access = selectors.access_post(member, post_id)
    post = _lock(access.post.pk)
    if Reaction.objects.filter(member=member, post=post).delete()[0]:
        _recount(post.pk)


# --- the reader's own choices -----------------------------------------------------------------------


@transaction.atomic
def hide_post(member: User, post_id: int) -> HiddenPost:
    """"I don't want to see this": the post leaves the member's feed. Idempotent."""
    access = selectors.access_post(member, post_id)
    if access.is_author:
        raise KithError("That is your own post: delete it instead.", "self", "post")
    row, _ = HiddenPost.objects.get_or_create(member=member, post=access.post)
    return row


@transaction.atomic
def unhide_post(member: User, post_id: int) -> None:
    HiddenPost.objects.filter(member=member, post_id=post_id).delete()


@transaction.atomic
def unfollow_author(member: User, post_id: int) -> User:
    """Stop following a post's author, from the post (connections stay). Returns the author."""
    access = selectors.access_post(member, post_id)
    if access.is_author:
        raise KithError("You can't unfollow yourself.", "self", "post")
    network_actions.unfollow(member, access.post.author)
    return access.post.author


def _report(reporter: User, *, reported: User, subject, reason: str, text: str) -> Report:
    if reported.pk == reporter.pk:
        raise KithError("You can't report your own writing: edit or delete it instead.", "self", "post")
    return file_report(reporter, reported=reported, reason=reason, text=text, subject=subject)


@transaction.atomic
def report_post(reporter: User, post_id: int, *, reason: str, text: str = "") -> Report:
    """Report a post to the moderators (kith.moderation); its author never learns who reported."""
    access = selectors.access_post(reporter, post_id)
    return _report(reporter, reported=access.post.author, subject=access.post, reason=reason, text=text)


@transaction.atomic
def report_comment(reporter: User, comment_id: int, *, reason: str, text: str = "") -> Report:
    comment, _ = selectors.access_comment(reporter, comment_id)
    return _report(reporter, reported=comment.author, subject=comment, reason=reason, text=text)


@transaction.atomic
def remove_post_for_moderators(post: Post, by: User, member: User | None = None) -> str:
    """A moderator takes a post down (kith.moderation's remove_content): removed, whatever its
    audience, so no feed, page or API shows it; kept for the moderators' record. The caller
    checked that ``by`` is a moderator."""
    post = _lock(post.pk)
    if post.status != Post.Status.REMOVED:
        post.status = Post.Status.REMOVED
        post.save(update_fields=["status"])
        retract(targets=Comment.objects.filter(post=post))
        retract(target=post)
    noun = post.get_kind_display().lower()
    return f"the {noun} “{post.title}”" if post.title else f"the {noun}"


@transaction.atomic
def remove_comment_for_moderators(comment: Comment, by: User, member: User | None = None) -> str:
    """A moderator takes a comment down (its replies go with it, as when its author deletes it);
    the audit log keeps what it said. The caller checked that ``by`` is a moderator."""
    post = _lock(comment.post_id)
    excerpt = comment.body if len(comment.body) <= 80 else comment.body[:79] + "…"
    retract(targets=Comment.objects.filter(parent=comment))
    retract(target=comment)
    # By the queryset: the queue item holding this instance as its subject is saved after us.
    Comment.objects.filter(pk=comment.pk).delete()
    _recount(post.pk)
    return f"the comment “{excerpt}”"


def erase_member(member: User) -> None:
    """Everything of ``member``'s in posts, for account deletion: their posts with the comments
    and reactions on them, their comments and reactions elsewhere (those posts recounted), the
    notifications about all of it."""
    touched = set(Comment.objects.filter(author=member).values_list("post_id", flat=True))
    touched |= set(Reaction.objects.filter(member=member, post__isnull=False).values_list("post_id", flat=True))
    own = Post.objects.filter(author=member)
    retract(targets=Comment.objects.filter(post__in=own))
    retract(targets=Comment.objects.filter(author=member))
    retract(targets=own)
    for name in own.exclude(image="").values_list("image", flat=True):
        transaction.on_commit(lambda name=name: Post._meta.get_field("image").storage.delete(name))
    own.delete()
    Comment.objects.filter(author=member).delete()
    Reaction.objects.filter(member=member).delete()
    Mention.objects.filter(member=member).delete()
    HiddenPost.objects.filter(member=member).delete()
    for post_id in sorted(touched):
        if Post.objects.select_for_update().filter(pk=post_id).exists():
            _recount(post_id)
