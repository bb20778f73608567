"""Audiences beyond the author's own (anyone, connections): the registry apps above posts use.

The posts app sits below groups, so it cannot ask a group who may read a group post. The
groups app registers a policy for the audience "group" in its AppConfig.ready():

    from kith.posts import audiences
    audiences.register("group", GroupAudience())

and every reader of posts (access_post, the feed, comments, mentions, notifications) asks it.
The policy decides everything about its posts that depends on the group: who sees them
(including who sees a pending one: its author and the group's managers), who may comment
(on top of the author's own comment setting, which posts applies), which of them belong in
a member's home feed, and what a new post needs (``validate``: the group it goes to and
whether it is published at once or waits for approval).

A policy subclasses ``AudiencePolicy``; every method has a refusing default, so an audience
whose app is not installed shows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from kith.members.models import User
    from kith.posts.models import Post

__all__ = ["AudiencePolicy", "Placement", "get", "register", "registered"]


@dataclass(frozen=True)
class Placement:
    """Where a new post goes, as its policy's ``validate`` decided: ``target`` is the policy's
    own object (a group), ``status`` "published" or "pending"."""

    target: Any
    status: str = "published"


class AudiencePolicy:
    """What the posts app asks of an audience it does not own. ``viewer`` may be anonymous."""

    def validate(self, author: User, data: dict) -> Placement:
        """Check a new post's extra fields (``data``: the create call's ``audience_data``, e.g.
        ``{"group": 7}``) and say where it goes. Raise kith.core.errors.KithError to refuse."""
        from kith.core.errors import KithError

        raise KithError("That audience is not available.", "invalid", "audience")

    def attach(self, post: Post, placement: Placement) -> None:
        """Record the new post against its target (the group's own row), in the create transaction."""

    def prepare(self, viewer: User, posts: list[Post]) -> None:
        """Read at once what the checks below need for a page of this audience's posts (the
        group rows, the viewer's memberships), so a page costs a few queries, not a few a post."""

    def can_see(self, viewer: User | None, post: Post) -> bool:
        return False

    def can_comment(self, viewer: User, post: Post) -> bool:
        """On top of the author's comment setting and blocks, which posts checks itself."""
        return False

    def can_moderate(self, viewer: User, post: Post) -> bool:
        """Whether ``viewer`` may delete others' comments on the post (a group's managers)."""
        return False

    def feed_posts(self, viewer: User) -> QuerySet[Post]:
        """The published posts of this audience that belong in ``viewer``'s home feed. The feed
        orders, pages and cuts it (``rank``, ``id``), and drops blocked authors and hidden posts."""
        from kith.posts.models import Post

        return Post.objects.none()

    def describe(self, post: Post) -> dict | None:
        """How a post's place is shown: {"label": "Kith founders", "url": "/groups/kith-founders/"}."""
        return None


_policies: dict[str, AudiencePolicy] = {}


def register(audience: str, policy: AudiencePolicy) -> AudiencePolicy:
    """Declare the policy for ``audience`` (a second registration replaces the first)."""
    _policies[audience] = policy
    return policy


def get(audience: str) -> AudiencePolicy | None:
    return _policies.get(audience)


def registered() -> dict[str, AudiencePolicy]:
    return dict(_policies)
