"""The posts API: audience and who may comment, for every kind of viewer; editing, deleting,
reactions, hiding and reports. Each test goes through the API and checks the database."""

import pytest

from kith.moderation.models import Report
from kith.posts.models import Comment, HiddenPost, Post, Reaction

pytestmark = pytest.mark.django_db

VIEWERS = ("ada", "grace", "linus", "fiona", "mallory", "oscar")


def _post(api_as, member, **body):
    response = api_as(member).post_json("/api/v1/posts", {"body": "Hello, network", **body})
    assert response.status_code == 201, response.content
    return response.json()


def _sees(api_as, circle, post_id) -> dict[str, int]:
    return {name: api_as(circle[name]).get_json(f"/api/v1/posts/{post_id}").status_code for name in VIEWERS}


def test_a_post_for_anyone_is_seen_by_every_member_but_the_blocked_ones(api_as, circle, client):
    post = _post(api_as, circle["ada"])
    assert post["audience"] == "anyone" and post["author"]["handle"] == circle["ada"].profile.handle
    assert _sees(api_as, circle, post["id"]) == {"ada": 200, "grace": 200, "linus": 200, "fiona": 200, "mallory": 404, "oscar": 404}
    client.logout()
    assert client.get(f"/api/v1/posts/{post['id']}").status_code == 401


def test_a_post_for_connections_is_seen_by_the_author_and_connections_only(api_as, circle):
    post = _post(api_as, circle["ada"], audience="connections")
    assert _sees(api_as, circle, post["id"]) == {"ada": 200, "grace": 200, "linus": 404, "fiona": 404, "mallory": 404, "oscar": 404}
    hidden = api_as(circle["linus"]).get_json(f"/api/v1/posts/{post['id']}").json()
    missing = api_as(circle["linus"]).get_json("/api/v1/posts/999999").json()
    assert hidden == missing  # nothing tells a hidden post from a missing one


def test_comments_follow_the_authors_setting_and_can_be_changed_any_time(api_as, circle):
    ada, grace, linus = circle["ada"], circle["grace"], circle["linus"]
    post = _post(api_as, ada, kind="article", title="On engines", body="# Engines\n\nThey compute.", comments="closed")
    refused = api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Nice"})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "Comments on this article are closed."
    assert api_as(grace).get_json(f"/api/v1/posts/{post['id']}").json()["comments_note"] == "Comments on this article are closed."

    assert api_as(ada).patch_json(f"/api/v1/posts/{post['id']}", {"comments": "connections"}).status_code == 200
    assert api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Nice"}).status_code == 201
    stranger = api_as(linus).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Me too"})
    assert stranger.status_code == 403 and "connections only" in stranger.json()["error"]["message"]

    assert api_as(ada).patch_json(f"/api/v1/posts/{post['id']}", {"comments": "closed"}).status_code == 200
    listed = api_as(linus).get_json(f"/api/v1/posts/{post['id']}/comments").json()["items"]
    assert [c["body"] for c in listed] == ["Nice"]  # closing keeps what was said
    assert Comment.objects.filter(post_id=post["id"]).count() == 1


def test_a_blocked_member_cannot_comment_or_react_and_their_comments_are_hidden(api_as, circle):
    ada, grace, mallory = circle["ada"], circle["grace"], circle["mallory"]
    post = _post(api_as, grace)
    mine = api_as(mallory).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "I was here"})
    assert mine.status_code == 201
    assert api_as(mallory).put(f"/api/v1/posts/{post['id']}/reaction", {"kind": "like"}, content_type="application/json").status_code == 200
    # ada blocked mallory: she sees neither the comment nor the reaction.
    seen = api_as(ada).get_json(f"/api/v1/posts/{post['id']}").json()
    assert seen["comment_count"] == 0 and seen["reactions"] == {}
    assert api_as(ada).get_json(f"/api/v1/posts/{post['id']}/comments").json()["items"] == []
    ada_post = _post(api_as, ada)
    assert api_as(mallory).post_json(f"/api/v1/posts/{ada_post['id']}/comments", {"body": "Hi"}).status_code == 404
    assert api_as(mallory).put(f"/api/v1/posts/{ada_post['id']}/reaction", {"kind": "like"}, content_type="application/json").status_code == 404
    assert not Reaction.objects.filter(post_id=ada_post["id"]).exists()


def test_replies_are_one_level_deep(api_as, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = _post(api_as, ada)
    top = api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "First"}).json()
    reply = api_as(ada).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Thanks", "parent": top["id"]}).json()
    deeper = api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Welcome", "parent": reply["id"]}).json()
    assert reply["parent"] == top["id"] and deeper["parent"] == top["id"]
    listed = api_as(grace).get_json(f"/api/v1/posts/{post['id']}/comments").json()["items"]
    assert [(c["body"], [r["body"] for r in c["replies"]]) for c in listed] == [("First", ["Thanks", "Welcome"])]
    other = _post(api_as, ada)
    wrong = api_as(grace).post_json(f"/api/v1/posts/{other['id']}/comments", {"body": "x", "parent": top["id"]})
    assert wrong.status_code == 404 and wrong.json()["error"]["field"] == "parent"


def test_edit_marks_edited_and_the_audience_only_narrows(api_as, circle):
    ada = circle["ada"]
    post = _post(api_as, ada, audience="connections")
    assert post["edited_at"] is None
    edited = api_as(ada).patch_json(f"/api/v1/posts/{post['id']}", {"body": "Hello again"}).json()
    assert edited["edited_at"] is not None and edited["body"] == "Hello again"
    widened = api_as(ada).patch_json(f"/api/v1/posts/{post['id']}", {"audience": "anyone"})
    assert widened.status_code == 400 and widened.json()["error"]["field"] == "audience"
    assert Post.objects.get(pk=post["id"]).audience == "connections"
    assert api_as(circle["grace"]).patch_json(f"/api/v1/posts/{post['id']}", {"body": "mine now"}).status_code == 403
    assert Post.objects.get(pk=post["id"]).body == "Hello again"


def test_comments_edit_and_delete_own_and_the_author_deletes_any(api_as, circle):
    ada, grace, linus = circle["ada"], circle["grace"], circle["linus"]
    post = _post(api_as, ada)
    comment = api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Hi"}).json()
    other = api_as(linus).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Hey"}).json()
    assert api_as(linus).patch_json(f"/api/v1/comments/{comment['id']}", {"body": "changed"}).status_code == 403
    edited = api_as(grace).patch_json(f"/api/v1/comments/{comment['id']}", {"body": "Hi there"}).json()
    assert edited["edited_at"] is not None and Comment.objects.get(pk=comment["id"]).body == "Hi there"
    assert api_as(linus).delete_json(f"/api/v1/comments/{comment['id']}").status_code == 403
    assert api_as(ada).delete_json(f"/api/v1/comments/{other['id']}").status_code == 204
    assert api_as(grace).delete_json(f"/api/v1/comments/{comment['id']}").status_code == 204
    assert not Comment.objects.filter(post_id=post["id"]).exists()
    assert Post.objects.get(pk=post["id"]).comment_count == 0


def test_reactions_one_per_member_changeable_and_counted(api_as, circle):
    ada, grace, linus = circle["ada"], circle["grace"], circle["linus"]
    post = _post(api_as, ada)
    url = f"/api/v1/posts/{post['id']}/reaction"
    assert api_as(grace).put(url, {"kind": "like"}, content_type="application/json").json() == {"reactions": {"like": 1}, "my_reaction": "like"}
    assert api_as(grace).put(url, {"kind": "insightful"}, content_type="application/json").json()["reactions"] == {"insightful": 1}
    api_as(linus).put(url, {"kind": "like"}, content_type="application/json")
    seen = api_as(ada).get_json(f"/api/v1/posts/{post['id']}").json()
    assert seen["reactions"] == {"like": 1, "insightful": 1} and seen["my_reaction"] is None
    assert Reaction.objects.filter(post_id=post["id"]).count() == 2
    assert Post.objects.get(pk=post["id"]).reaction_count == 2
    assert api_as(grace).delete_json(url).status_code == 204
    assert api_as(grace).delete_json(url).status_code == 204  # idempotent
    assert Post.objects.get(pk=post["id"]).reaction_count == 1
    bad = api_as(grace).put(url, {"kind": "angry"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "kind"


def test_comment_reactions(api_as, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = _post(api_as, ada)
    comment = api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Hi"}).json()
    url = f"/api/v1/comments/{comment['id']}/reaction"
    assert api_as(ada).put(url, {"kind": "celebrate"}, content_type="application/json").json() == {
        "reactions": {"celebrate": 1},
        "my_reaction": "celebrate",
    }
    assert api_as(ada).delete_json(url).status_code == 204
    assert not Reaction.objects.filter(comment_id=comment["id"]).exists()


def test_delete_removes_comments_and_reactions(api_as, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = _post(api_as, ada)
    api_as(grace).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Hi"})
    api_as(grace).put(f"/api/v1/posts/{post['id']}/reaction", {"kind": "like"}, content_type="application/json")
    assert api_as(grace).delete_json(f"/api/v1/posts/{post['id']}").status_code == 403
    assert api_as(ada).delete_json(f"/api/v1/posts/{post['id']}").status_code == 204
    assert not Post.objects.filter(pk=post["id"]).exists()
    assert not Comment.objects.exists() and not Reaction.objects.exists()


def test_hide_and_report(api_as, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = _post(api_as, ada)
    assert api_as(grace).post_json(f"/api/v1/posts/{post['id']}/hide").status_code == 204
    assert HiddenPost.objects.filter(member=grace, post_id=post["id"]).exists()
    assert post["id"] not in [p["id"] for p in api_as(grace).get_json("/api/v1/feed").json()["items"]]
    assert api_as(ada).post_json(f"/api/v1/posts/{post['id']}/hide").status_code == 400

    report = api_as(grace).post_json("/api/v1/reports", {"post": post["id"], "reason": "spam", "text": "Ads"})
    assert report.status_code == 201
    row = Report.objects.get(pk=report.json()["id"])
    assert row.reported == ada and row.subject == Post.objects.get(pk=post["id"])
    comment = api_as(ada).post_json(f"/api/v1/posts/{post['id']}/comments", {"body": "Buy now"}).json()
    assert api_as(grace).post_json("/api/v1/reports", {"comment": comment["id"], "reason": "spam"}).status_code == 201
    assert Report.objects.filter(subject_id=comment["id"], reported=ada).exists()
    assert api_as(grace).post_json("/api/v1/reports", {"handle": ada.profile.handle, "reason": "fake"}).status_code == 201
    both = api_as(grace).post_json("/api/v1/reports", {"post": post["id"], "comment": comment["id"], "reason": "spam"})
    assert both.status_code == 400
    assert api_as(circle["linus"]).post_json("/api/v1/reports", {"post": 10**12, "reason": "spam"}).status_code == 404
    assert Report.objects.count() == 3


def test_member_posts_show_what_the_viewer_may_see(api_as, circle):
    ada = circle["ada"]
    _post(api_as, ada, body="For everyone")
    _post(api_as, ada, body="For connections", audience="connections")
    handle = ada.profile.handle

    def bodies(name):
        response = api_as(circle[name]).get_json(f"/api/v1/members/{handle}/posts")
        return [p["body"] for p in response.json()["items"]] if response.status_code == 200 else response.status_code

    assert bodies("ada") == ["For connections", "For everyone"]
    assert bodies("grace") == ["For connections", "For everyone"]
    assert bodies("linus") == ["For everyone"]
    assert bodies("mallory") == 404


def test_bad_input_is_refused_with_the_field(api_as, circle):
    ada = circle["ada"]
    client = api_as(ada)
    cases = [
        ({"body": ""}, 400, "body"),
        ({"body": "x" * 3001}, 400, "body"),
        ({"kind": "article", "body": "No title"}, 400, "title"),
        ({"body": "x", "title": "Posts have none"}, 400, "title"),
        ({"body": "x", "audience": "group"}, 400, "group"),  # which group? (kith.groups' policy)
        ({"body": "x", "group": "some-group"}, 400, "group"),
        ({"body": "nul\x00"}, 422, "body"),
        ({"body": "x", "audience": "everyone"}, 422, "audience"),
        ({"body": "x", "extra": 1}, 422, "extra"),
    ]
    for body, status, field in cases:
        response = client.post_json("/api/v1/posts", body)
        assert response.status_code == status, (body, response.content)
        assert response.json()["error"]["field"] == field, body
    assert not Post.objects.exists()
    assert client.get_json("/api/v1/feed", {"cursor": "nonsense"}).status_code == 400
