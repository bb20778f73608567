"""The notifications groups send, registered with kith.notifications on start-up (templates in
this app: templates/notifications/kinds/ and templates/notifications/email/)."""

from django.urls import reverse

from kith.notifications import kinds

GROUP_INVITATION = "group_invitation"
JOIN_APPROVED = "group_join_approved"
POST_APPROVED = "group_post_approved"
POST_REJECTED = "group_post_rejected"
POST_NOT_REVIEWED = "group_post_not_reviewed"
POST_REMOVED = "group_post_removed"


def _group_url(n) -> str:
    return reverse("groups:detail", args=[n.target.slug]) if n.target is not None else reverse("groups:directory")


def _post_url(n) -> str:
    """A notice about one of the member's group posts leads to the group, where their own
    posts waiting or returned are listed with the reasons."""
    post = n.target
    group_post = getattr(post, "group_post", None) if post is not None else None
    if group_post is None:
        return reverse("groups:directory")
    return reverse("groups:detail", args=[group_post.group.slug]) + "#my-posts"


def register() -> None:
    kinds.register(GROUP_INVITATION, label="Someone invites me to a group", url=_group_url)
    kinds.register(JOIN_APPROVED, label="My request to join a group is approved", url=_group_url)
    kinds.register(POST_APPROVED, label="A manager approves my group post", url=_post_url, email=False)
    kinds.register(POST_REJECTED, label="A manager rejects my group post, with the reason", url=_post_url)
    kinds.register(POST_NOT_REVIEWED, label="My group post goes unreviewed for too long", url=_post_url)
    kinds.register(POST_REMOVED, label="A manager removes my group post", url=_post_url)
