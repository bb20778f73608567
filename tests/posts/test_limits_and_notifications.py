"""Limits that say which limit and when it lifts; notifications for comments, replies,
mentions and batched reactions, only for members who may see the post."""

import pytest
import time_machine
from django.core import mail

from kith.core.errors import LimitReached
from kith.notifications.models import Notification
from kith.posts import actions
from kith.posts.notification_kinds import (
    COMMENT_REPLIED,
    POST_COMMENTED,
    POST_MENTIONED,
    POST_REACTED,
)
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_posts_per_hour(circle, settings, api_as):
    settings.KITH_POSTS_PER_HOUR = 2
    ada = circle["ada"]
    with time_machine.travel("2027-03-01 10:00Z", tick=False):
        actions.create_post(ada, body="one")
        actions.create_post(ada, body="two")
        response = api_as(ada).post_json("/api/v1/posts", {"body": "three"})
        assert response.status_code == 429 and response["Retry-After"] == "3600"
        message = response.json()["error"]["message"]
        assert "2 posts an hour" in message and "1 March 2027 at 11:00" in message
    with time_machine.travel("2027-03-01 11:00:01Z", tick=False):
        assert api_as(ada).post_json("/api/v1/posts", {"body": "three"}).status_code == 201


def test_comments_per_minute(circle, settings):
    settings.KITH_COMMENTS_PER_MINUTE = 1
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="hi")
    actions.add_comment(grace, post.pk, body="one")
    with pytest.raises(LimitReached) as refused:
        actions.add_comment(grace, post.pk, body="two")
    assert refused.value.code == "comment_rate_limit" and "a minute" in refused.value.message


def test_mentions_per_post(circle, settings):
    settings.KITH_POST_MENTIONS_MAX = 2
    with pytest.raises(Exception) as refused:
        actions.create_post(circle["ada"], body="@a @b @c")
    assert refused.value.field == "body" and "at most 2" in refused.value.message


def _kinds(member):
    return list(Notification.objects.filter(recipient=member).order_by("pk").values_list("kind", flat=True))


def test_comment_and_reply_notify_the_author_and_the_commenter(circle, django_capture_on_commit_callbacks):
    ada, grace, linus = circle["ada"], circle["grace"], circle["linus"]
    post = actions.create_post(ada, body="hi")
    with django_capture_on_commit_callbacks(execute=True):
        top = actions.add_comment(grace, post.pk, body="hello")
        actions.add_comment(linus, post.pk, body="me too", parent=top.pk)
    assert _kinds(ada) == [POST_COMMENTED, POST_COMMENTED]
    assert _kinds(grace) == [COMMENT_REPLIED]
    actions.add_comment(ada, post.pk, body="thanks", parent=top.pk)
    assert _kinds(ada) == [POST_COMMENTED, POST_COMMENTED]  # never of one's own doing
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["[Kith] Grace Hopper commented on your post", "[Kith] Linus Torvalds commented on your post", "[Kith] Linus Torvalds replied to your comment"]


def test_mentions_notify_only_members_who_can_see_the_post(circle):
    ada, grace, linus, mallory = circle["ada"], circle["grace"], circle["linus"], circle["mallory"]
    handles = " ".join(f"@{m.profile.handle}" for m in (grace, linus, mallory))
    actions.create_post(ada, body=f"Thanks {handles}", audience="connections")
    assert _kinds(grace) == [POST_MENTIONED]
    assert _kinds(linus) == []  # not a connection: can't see it
    assert _kinds(mallory) == []  # blocked


def test_an_edit_notifies_only_the_newly_mentioned(circle):
    ada, grace, fiona = circle["ada"], circle["grace"], circle["fiona"]
    post = actions.create_post(ada, body=f"Hi @{grace.profile.handle}")
    actions.edit_post(ada, post.pk, body=f"Hi @{grace.profile.handle} and @{fiona.profile.handle}")
    assert _kinds(grace) == [POST_MENTIONED] and _kinds(fiona) == [POST_MENTIONED]


def test_reactions_are_batched(circle):
    ada = circle["ada"]
    post = actions.create_post(ada, body="hi")
    fans = [make_member(f"Fan {n}") for n in range(4)]
    for fan in fans:
        actions.react(fan, post_id=post.pk, kind="like")
    actions.react(fans[0], post_id=post.pk, kind="celebrate")  # a change is not news
    [note] = Notification.objects.filter(recipient=ada, kind=POST_REACTED)
    assert note.actor == fans[-1] and note.actor_count == 4


def test_the_notification_line_reads_like_the_product(circle, api_as):
    ada = circle["ada"]
    post = actions.create_post(ada, body="hi")
    for n in range(4):
        actions.react(make_member(f"Fan{n} Person"), post_id=post.pk, kind="like")
    page = api_as(ada).get("/notifications/")
    assert page.status_code == 200
    assert "Fan3 Person</a> and 3 others reacted to your post" in page.content.decode()


def test_deleting_a_comment_or_post_retracts_its_notifications(circle):
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="hi")
    comment = actions.add_comment(grace, post.pk, body="hello")
    actions.delete_comment(grace, comment.pk)
    assert _kinds(ada) == []
    actions.react(grace, post_id=post.pk, kind="like")
    actions.delete_post(ada, post.pk)
    assert _kinds(ada) == []
