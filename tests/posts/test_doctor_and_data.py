"""Derived state (counters, rank) and a member's data: export and erase."""

import pytest

from kith.posts import actions, personal_data
from kith.posts.models import Comment, Post, Reaction

pytestmark = pytest.mark.django_db


def test_doctor_finds_counters_and_ranks_out_of_step(circle, doctor):
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="hi")
    actions.add_comment(grace, post.pk, body="hello")
    actions.react(grace, post_id=post.pk, kind="like")
    assert doctor("posts") == []
    Post.objects.filter(pk=post.pk).update(comment_count=5)
    found = doctor("posts")
    assert f"post {post.pk}: comment_count 5 but 1 comments, reaction_count 1 but 1 reactions" in found
    assert any(f"post {post.pk}: rank" in v for v in found)


def test_export_and_erase(circle):
    ada, grace = circle["ada"], circle["grace"]
    mine = actions.create_post(grace, body="grace writes")
    theirs = actions.create_post(ada, body="ada writes")
    actions.add_comment(grace, theirs.pk, body="a comment")
    actions.react(grace, post_id=theirs.pk, kind="like")
    actions.add_comment(ada, mine.pk, body="on grace's post")
    data = personal_data.export(grace)
    assert [p["body"] for p in data["posts"]] == ["grace writes"]
    assert [c["body"] for c in data["comments"]] == ["a comment"]
    assert [r["kind"] for r in data["reactions"]] == ["like"]
    personal_data.erase(grace)
    assert not Post.objects.filter(author=grace).exists()
    assert not Comment.objects.filter(post=mine).exists() and not Comment.objects.filter(author=grace).exists()
    assert not Reaction.objects.filter(member=grace).exists()
    theirs.refresh_from_db()
    assert theirs.comment_count == 0 and theirs.reaction_count == 0


def test_the_demo_texts_render_as_their_plain_html():
    """The demo writes post HTML without the parser (kith.demo.posts.plain_html): it must be what
    the parser makes of them."""
    from kith.demo.posts import COMMENTS, POSTS, plain_html
    from kith.posts.rendering import render

    words = {"skill": "R&D", "skill2": "A/B Testing", "company": "O'Brien & Sons", "city": "Zürich", "title": "Head of <Data>",
             "event": "the Leeds Summit", "years": 12, "industry": "software", "function": "data", "first": "Ada"}
    for template in POSTS + COMMENTS:
        text = template.format(**words)
        assert plain_html(text) == render(text), text
