"""The home feed: whose posts, in what order, and what a newcomer sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kith.network import actions as network_actions
from kith.posts import actions, selectors
from kith.posts.models import Post
from kith.posts.ranking import engagement_boost
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


def _bodies(member, **kwargs):
    return [item.post.body for item in selectors.feed(member, **kwargs).items]


def _at(hours_ago: float):
    return timezone.now() - timedelta(hours=hours_ago)


def test_the_feed_holds_connections_followed_members_and_ones_own_posts_only(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 0  # no community top-up here
    ada, grace, linus, fiona = circle["ada"], circle["grace"], circle["linus"], circle["fiona"]
    actions.create_post(ada, body="ada, anyone")
    actions.create_post(ada, body="ada, connections", audience="connections")
    actions.create_post(linus, body="linus, stranger")
    network_actions.follow(fiona, linus)
    actions.create_post(grace, body="grace, connections", audience="connections")
    assert set(_bodies(grace)) == {"ada, anyone", "ada, connections", "grace, connections"}
    # fiona follows ada without being connected: only ada's posts for anyone.
    assert set(_bodies(fiona)) == {"ada, anyone", "linus, stranger"}
    assert set(_bodies(linus)) == {"linus, stranger"}


def test_blocked_members_never_appear_either_way(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 100  # the community top-up must drop them too
    ada, mallory, oscar = circle["ada"], circle["mallory"], circle["oscar"]
    actions.create_post(mallory, body="from mallory")
    actions.create_post(oscar, body="from oscar")
    actions.create_post(ada, body="from ada")
    assert "from mallory" not in _bodies(ada) and "from oscar" not in _bodies(ada)
    assert "from ada" not in _bodies(mallory) and "from ada" not in _bodies(oscar)


def test_order_is_recency_with_a_boost_for_closeness_and_engagement(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 0
    ada, grace, fiona = circle["ada"], circle["grace"], circle["fiona"]
    network_actions.follow(grace, fiona)
    actions.create_post(fiona, body="followed, 1h ago", now=_at(1))
    actions.create_post(ada, body="connection, 2h ago", now=_at(2))
    actions.create_post(ada, body="connection, 30h ago", now=_at(30))
    popular = actions.create_post(fiona, body="followed, 3.5h ago, popular", now=_at(3.5))
    for n in range(7):
        actions.react(make_member(f"Fan {n}"), post_id=popular.pk, kind="like")
    # 1st degree counts 3 hours newer, so ada's 2h-old post beats fiona's 1h-old one; seven
    # reactions lift fiona's 3.5h-old post by 3 hours, past her 1h-old one.
    assert engagement_boost(7, 0) == 3 * 3600
    assert _bodies(grace) == ["connection, 2h ago", "followed, 3.5h ago, popular", "followed, 1h ago", "connection, 30h ago"]


def test_cursor_pages_without_duplicates_or_gaps(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 0
    ada, grace = circle["ada"], circle["grace"]
    for n in range(25):
        actions.create_post(ada if n % 2 else grace, body=f"post {n}", now=_at(n))
    first = selectors.feed(grace, limit=10)
    second = selectors.feed(grace, cursor=first.next_cursor, limit=10)
    third = selectors.feed(grace, cursor=second.next_cursor, limit=10)
    seen = [i.post.body for page in (first, second, third) for i in page.items]
    assert seen == [f"post {n}" for n in range(25)]
    assert third.next_cursor is None


def test_hidden_posts_leave_the_feed(circle):
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="meh")
    actions.hide_post(grace, post.pk)
    assert "meh" not in _bodies(grace)


def test_a_newcomer_sees_recent_community_posts_but_not_connections_only_ones(circle):
    ada = circle["ada"]
    actions.create_post(ada, body="for everyone")
    actions.create_post(ada, body="for connections", audience="connections")
    newcomer = make_member("Nina New")
    page = selectors.feed(newcomer)
    assert page.newcomer
    assert [(i.post.body, i.source) for i in page.items] == [("for everyone", "community")]


def test_new_posts_count_counts_what_the_feed_would_show(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 0
    ada, grace, linus = circle["ada"], circle["grace"], circle["linus"]
    since = int(timezone.now().timestamp()) - 1
    actions.create_post(ada, body="new from ada", audience="connections")
    actions.create_post(linus, body="new from a stranger")
    actions.create_post(grace, body="my own")
    assert selectors.new_posts_count(grace, since=since) == 1
    assert selectors.new_posts_count(linus, since=since) == 0


def test_the_scan_plan_and_the_author_plan_agree(circle, settings, monkeypatch):
    """The feed picks a plan by size (kith.posts.selectors._fetch); both give the same page."""
    settings.KITH_FEED_NEWCOMER_BELOW = 0
    ada, grace = circle["ada"], circle["grace"]
    for n in range(30):
        author = make_member(f"Writer {n}")
        connect(grace, author)
        network_actions.follow(grace, author)
        actions.create_post(author, body=f"w{n}", now=_at(n * 0.5))
    actions.create_post(ada, body="ada", now=_at(3.3))
    by_authors = [i.post.pk for i in selectors.feed(grace).items]
    monkeypatch.setattr(selectors, "_population", lambda: (1, 10**9))  # the scan now looks cheaper
    scans = []
    real_scan = selectors._by_scan
    monkeypatch.setattr(selectors, "_by_scan", lambda *a, **k: scans.append(1) or real_scan(*a, **k))
    by_scan = [i.post.pk for i in selectors.feed(grace).items]
    assert scans and by_scan == by_authors and len(by_scan) == settings.KITH_FEED_PAGE_SIZE


def test_unfollowing_from_a_post_takes_the_author_out_of_the_feed(circle, settings):
    settings.KITH_FEED_NEWCOMER_BELOW = 0
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="ada writes")
    actions.unfollow_author(grace, post.pk)
    assert "ada writes" not in _bodies(grace)
    assert Post.objects.filter(pk=post.pk).exists()
