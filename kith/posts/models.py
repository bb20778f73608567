"""Posts and articles, their comments (one level of replies) and reactions, and what a
member hid from their feed.

A post is written once for every audience: the community, the author's connections, or a
group (the groups app keeps its own row pointing at the post: kith.posts.audiences). Every
change goes through kith/posts/actions.py; the counters and ``rank`` on Post are derived
from the rows below and checked by kith/posts/doctor.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Post(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "Post"
        ARTICLE = "article", "Article"

    class Audience(models.TextChoices):
        ANYONE = "anyone", "Anyone in the community"
        CONNECTIONS = "connections", "My connections"
        GROUP = "group", "A group"

    class Comments(models.TextChoices):
        ANYONE = "anyone", "Anyone who can see it"
        CONNECTIONS = "connections", "My connections"
        CLOSED = "closed", "No one"

    class Status(models.TextChoices):
        # Only a group's policy makes a post pending (kith.posts.audiences); a group's managers or
        # the site's moderators remove one.
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Waiting for approval"
        REMOVED = "removed", "Removed"

    # Narrowing is allowed, widening is not: each audience may become the ones listed.
    NARROWER = {
        Audience.ANYONE: {Audience.ANYONE, Audience.CONNECTIONS},
        Audience.CONNECTIONS: {Audience.CONNECTIONS},
        Audience.GROUP: {Audience.GROUP},
    }

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    body_html = models.TextField(blank=True)  # rendered and sanitised once, when written (kith.posts.rendering)
    image = models.ImageField(upload_to="posts/%Y/%m/", blank=True)
    image_alt = models.CharField(max_length=300, blank=True)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.ANYONE)
    comments = models.CharField(max_length=12, choices=Comments.choices, default=Comments.ANYONE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    # Seconds since the epoch: created_at plus the engagement boost (kith.posts.ranking).
    rank = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            # A feed by authors reads only these columns: with audience and status in the index
            # (PostgreSQL; SQLite has no INCLUDE and ignores it) the read never touches the
            # table, 3-5x less time on the home page's costliest query.
            models.Index(fields=["author", "rank", "id"], include=["audience", "status"], name="post_author_rank"),
            models.Index(fields=["rank", "id"], name="post_rank"),
            models.Index(fields=["author", "-created_at"], name="post_author_created"),
            models.Index(fields=["created_at"], name="post_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="article") | ~Q(title=""), name="post_article_has_title"),
            # Only a group's post waits for approval; any post may be removed (a group's managers, or
            # the site's moderators through kith.moderation).
            models.CheckConstraint(condition=Q(audience="group") | ~Q(status="pending"), name="post_pending_only_for_groups"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} by member {self.author_id}"

    @property
    def is_article(self) -> bool:
        return self.kind == self.Kind.ARTICLE

    @property
    def comments_closed(self) -> bool:
        return self.comments == self.Comments.CLOSED


class Comment(models.Model):
    """A comment on a post, or a reply to one (``parent``: a top-level comment of the same post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comment_set")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    body = models.TextField()
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["post", "created_at"], name="comment_post_created"),
            models.Index(fields=["author", "-created_at"], name="comment_author_created"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(parent=models.F("id")), name="comment_not_own_parent")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on post {self.post_id}"


class Reaction(models.Model):
    """One member's reaction to one post or one comment (one a member, changeable)."""

    class Kind(models.TextChoices):
        LIKE = "like", "Like"
        CELEBRATE = "celebrate", "Celebrate"
        SUPPORT = "support", "Support"
        INSIGHTFUL = "insightful", "Insightful"
        CURIOUS = "curious", "Curious"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reactions")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reactions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True) | Q(post__isnull=True, comment__isnull=False),
                name="reaction_one_target",
            ),
            models.UniqueConstraint(fields=["member", "post"], condition=Q(post__isnull=False), name="reaction_one_per_post"),
            models.UniqueConstraint(
                fields=["member", "comment"], condition=Q(comment__isnull=False), name="reaction_one_per_comment"
            ),
        ]
        indexes = [
            models.Index(fields=["post", "kind"], name="reaction_post_kind"),
            models.Index(fields=["comment", "kind"], name="reaction_comment_kind"),
        ]


class Mention(models.Model):
    """A member named with @handle in a post or a comment, kept so an edit notifies only the new ones."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_mentions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], condition=Q(comment__isnull=True), name="mention_once_in_post"),
            models.UniqueConstraint(fields=["comment", "member"], condition=Q(comment__isnull=False), name="mention_once_in_comment"),
        ]


class HiddenPost(models.Model):
    """"I don't want to see this": the post leaves the member's feed."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hidden_posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "post"], name="hidden_post_once")]
