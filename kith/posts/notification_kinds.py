"""The notifications posts send, registered with kith.notifications on start-up. Their
templates live in this app (templates/notifications/kinds/, templates/notifications/email/)."""

from django.urls import reverse

from kith.notifications import kinds

POST_COMMENTED = "post_commented"
COMMENT_REPLIED = "comment_replied"
POST_MENTIONED = "post_mentioned"
POST_REACTED = "post_reacted"
COMMENT_REACTED = "comment_reacted"


def _post_url(n) -> str:
    target = n.target
    if target is None:
        return reverse("posts:feed")
    if hasattr(target, "post_id"):  # a comment
        return reverse("posts:post", args=[target.post_id]) + f"#comment-{target.pk}"
    return reverse("posts:post", args=[target.pk])


def register() -> None:
    kinds.register(POST_COMMENTED, label="Someone comments on my post", url=_post_url)
    kinds.register(COMMENT_REPLIED, label="Someone replies to my comment", url=_post_url)
    kinds.register(POST_MENTIONED, label="Someone mentions me in a post or comment", url=_post_url)
    kinds.register(POST_REACTED, label="Someone reacts to my post", url=_post_url, email=False)
    kinds.register(COMMENT_REACTED, label="Someone reacts to my comment", url=_post_url, email=False)
