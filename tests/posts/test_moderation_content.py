"""Reported posts and comments are queue items with their content: moderators read them in the
console and the API, and remove them through the posts app's actions; the author is told."""

import pytest
from django.core import mail

from kith.moderation import actions as moderation
from kith.moderation.models import AuditEntry, QueueItem
from kith.posts import actions
from kith.posts.models import Comment, Post
from tests.conftest import login
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod(db):
    member = make_member("Mona Moderator", email="mona@example.com")
    moderation.grant_moderator(member)
    return member


def test_a_reported_post_is_a_post_item_with_its_text_and_a_moderator_removes_it(
    ada, grace, mod, client, api_as, django_capture_on_commit_callbacks
):
    post = actions.create_post(grace, title="", body="Buy followers cheap, DM me for the price list")
    actions.report_post(ada, post.pk, reason="spam", text="An advert")
    item = QueueItem.objects.get(member=grace, status="open")
    assert item.kind == QueueItem.Kind.POST and item.subject == post

    login(client, mod)
    page = client.get(f"/moderation/{item.pk}/").content.decode()
    assert "Buy followers cheap, DM me for the price list" in page and "Anyone in the community" in page
    assert "Post" in client.get("/moderation/?kind=post").content.decode()
    body = api_as(mod).get_json(f"/api/v1/moderation/queue/{item.pk}").json()
    assert body["kind"] == "post" and body["content"]["text"] == "Buy followers cheap, DM me for the price list"

    with django_capture_on_commit_callbacks(execute=True):
        done = api_as(mod).post_json(f"/api/v1/moderation/queue/{item.pk}/actions", {"action": "remove_content", "reason": "Advertising"})
    assert done.status_code == 201, done.content
    post.refresh_from_db()
    assert post.status == Post.Status.REMOVED
    assert AuditEntry.objects.get(member_id=grace.pk, action="remove_content").details["removed"] == "the post"
    # Gone from every reader but the moderators' record.
    connect(ada, grace)
    assert api_as(ada).get_json(f"/api/v1/posts/{post.pk}").status_code == 404
    assert "Buy followers cheap" not in login(client, ada).get("/").content.decode()
    assert "Buy followers cheap" in login(client, mod).get(f"/moderation/{item.pk}/").content.decode()
    told = [m for m in mail.outbox if grace.email in m.to]
    assert any("Moderators removed the post" in m.body for m in told)


def test_a_reported_comment_is_a_comment_item_with_the_post_it_is_on(ada, grace, mod, client, api_as):
    post = actions.create_post(ada, body="What is everyone reading this month?")
    comment = actions.add_comment(grace, post.pk, body="Earn $500 a day from home, link in my profile")
    actions.report_comment(ada, comment.pk, reason="spam")
    item = QueueItem.objects.get(member=grace, status="open")
    assert item.kind == QueueItem.Kind.COMMENT

    page = login(client, mod).get(f"/moderation/{item.pk}/").content.decode()
    assert "Earn $500 a day from home, link in my profile" in page and "What is everyone reading this month?" in page
    response = client.post(f"/moderation/{item.pk}/", {"action": "remove_content", "reason": "Spam in the comments"})
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    post.refresh_from_db()
    assert post.comment_count == 0
    removed = AuditEntry.objects.get(member_id=grace.pk, action="remove_content").details["removed"]
    assert removed == "the comment “Earn $500 a day from home, link in my profile”"
    # The item stays readable after its comment is gone.
    assert login(client, mod).get(f"/moderation/{item.pk}/").status_code == 200


def test_the_post_author_never_learns_who_reported(ada, grace, client, api_as):
    post = actions.create_post(grace, body="A perfectly ordinary post")
    actions.report_post(ada, post.pk, reason="harassment", text="Targets me")
    for path in ("/settings/standing/", "/notifications/", f"/posts/{post.pk}/"):
        response = login(client, grace).get(path)
        assert "Ada" not in response.content.decode() and "Targets me" not in response.content.decode()
    assert "Ada" not in api_as(grace).get_json("/api/v1/me/standing").content.decode()
