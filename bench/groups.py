"""Group benchmark: a group of 10,000 members (and, with the posts app, 100,000 posts): the member
list and the group feed, query and whole page, p50/p95, against a naive query in the same run.

    KITH_VAR_DIR=/tmp/kithgroups .venv/bin/python bench/groups.py [--members 10000] [--posts 100000] [--runs 30]
    KITH_DATABASE_URL=postgres://… .venv/bin/python bench/groups.py …

Needs a demo community of at least ``--members`` members in the configured database
(``kith demo --members 12000``). Setup (not timed, done once: the group is kept for later runs):
the group "Bench: ten thousand" gets ``--members`` members (bulk rows, as the demo writes its
members); with the posts app, ``--posts`` group posts by its members over a year.

Timed, as the demo's login member (Ada), who is in the group:

- member list, query: ``kith.groups.selectors.members`` (the first page of 50 with degree badges
  and the degree, role and location facets over all 10,000), the group's roster in memory
  (kith.groups.roster) as in a warm worker;
- member list, query after a membership change: the roster version bumped first, so the
  roster is read again from the covering index (the first request after a join, leave or role
  change, on each process);
- member list, page: GET /groups/<slug>/members/ through Django's test Client;
- member list, naive: every membership with its profile loaded and sorted in Python, each
  member's degree from the database (a connection query for the page's members and one for
  2nd degree), the way a first version without the graph engine and the index would do it;
- group feed, query / page / naive (posts app installed): the group's first page of posts, the
  group page, and ``ORDER BY created_at DESC`` over the group's posts with no index to help.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from kith.demo.builder import login_member  # noqa: E402
from kith.graph import adapter  # noqa: E402
from kith.groups import actions, selectors  # noqa: E402
from kith.groups.models import Group, Membership  # noqa: E402
from kith.members.models import Connection, User  # noqa: E402

NAME = "Bench: ten thousand"


def ensure_group(owner: User, members: int, seed: int = 11) -> Group:
    group = Group.objects.filter(name=NAME).first()
    if group is None:
        group = actions.create_group(owner, name=NAME, description="A large group for bench/groups.py")
    have = group.member_count
    if have < members:
        taken = set(Membership.objects.filter(group=group).values_list("member_id", flat=True))
        ids = [pk for pk in User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True) if pk not in taken]
        rnd = random.Random(seed)
        rnd.shuffle(ids)
        now = timezone.now()
        rows = [Membership(group=group, member_id=pk, joined_at=now - timedelta(minutes=rnd.randint(1, 525_600))) for pk in ids[: members - have]]
        with transaction.atomic():
            Membership.objects.bulk_create(rows, batch_size=2000)
            Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + len(rows))
        group.refresh_from_db()
    return group


def ensure_posts(group: Group, posts: int, seed: int = 12) -> int:
    """Bulk published group posts by members over a year, as the demo writes its rows (the
    actions would take an hour for 100,000); returns how many the group has."""
    from kith.groups.models import GroupPost
    from kith.posts.models import Post
    from kith.posts.ranking import rank_of

    have = GroupPost.objects.filter(group=group).count()
    if have >= posts:
        return have
    rnd = random.Random(seed)
    authors = list(Membership.objects.filter(group=group).values_list("member_id", flat=True))
    now = timezone.now()
    texts = ["Anyone going to the trade fair next week?", "We are hiring two engineers in Leeds.",
             "Notes from yesterday's meetup: pricing, hiring and where to find customers.", "Looking for a good accountant."]
    batch = 5000
    for start in range(have, posts, batch):
        rows, links = [], []
        for _ in range(start, min(posts, start + batch)):
            created = now - timedelta(seconds=rnd.randint(60, 365 * 86400))
            text = rnd.choice(texts)
            rows.append(Post(author_id=rnd.choice(authors), body=text, body_html=f"<p>{text}</p>", audience="group",
                             status="published", created_at=created, rank=rank_of(created, reactions=0, comments=0)))
        with transaction.atomic():
            Post.objects.bulk_create(rows, batch_size=1000)
            if rows[0].pk is None:  # backends that don't return ids from bulk inserts
                raise SystemExit("this database does not return ids from bulk inserts")
            for post in rows:
                links.append(GroupPost(post=post, group=group, author_id=post.author_id, status="published",
                                       created_at=post.created_at, published_at=post.created_at))
            GroupPost.objects.bulk_create(links, batch_size=1000)
    Group.objects.filter(pk=group.pk).update(last_post_at=now)
    return GroupPost.objects.filter(group=group).count()


def naive_feed(group: Group, limit: int) -> list:
    """The group's newest posts by the post's own date, through the join (no index of the
    group's own to walk): what a first version would write."""
    from kith.posts.models import Post

    return list(Post.objects.filter(group_post__group=group, status="published").select_related("author__profile").order_by("-created_at")[:limit])


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def naive_members(group: Group, viewer: User) -> list:
    rows = list(Membership.objects.filter(group=group).select_related("member__profile"))
    order = {"owner": 0, "manager": 1, "member": 2}
    rows.sort(key=lambda m: (order[m.role], -m.joined_at.timestamp(), -m.pk))
    page = rows[:50]
    ids = [m.member_id for m in page]
    first = set(Connection.objects.filter(member=viewer, other_id__in=ids).values_list("other_id", flat=True))
    second = set(
        Connection.objects.filter(member__in=Connection.objects.filter(member=viewer).values("other_id"), other_id__in=ids)
        .values_list("other_id", flat=True)
    )
    return [(m, 1 if m.member_id in first else 2 if m.member_id in second else None) for m in page]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    ada = login_member().user
    group = ensure_group(ada, args.members)
    has_posts = apps.is_installed("kith.posts") and _posts_ready()
    post_count = ensure_posts(group, args.posts) if has_posts else 0
    access = selectors.access_group(ada, group.slug)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(ada)
    adapter.graph()  # the engine loaded, as in a warm worker

    results = []

    def row(what: str, fn) -> None:
        p50, p95 = timed(fn, args.runs)
        results.append((what, p50, p95))

    row("member list: query (first page + facets)", lambda: selectors.members(access, ada))

    def after_a_change() -> None:
        # What the first request after a join, leave or role change pays: the roster read again.
        Group.objects.filter(pk=group.pk).update(roster_version=F("roster_version") + 1)
        selectors.members(selectors.access_group(ada, group.slug), ada)

    row("member list: query after a membership change (roster reread)", after_a_change)
    row("member list: page GET /groups/<slug>/members/", lambda: _ok(client.get(f"/groups/{group.slug}/members/")))
    row("member list: naive (all rows, sorted in Python)", lambda: naive_members(group, ada))
    if has_posts:
        row("group feed: query (pinned + first page of 20, decorated)", lambda: selectors.group_feed(access, ada))
        row("group feed: page GET /groups/<slug>/", lambda: _ok(client.get(f"/groups/{group.slug}/")))
        row("group feed: naive (posts by created_at through the join)", lambda: naive_feed(group, 20))

    vendor = connection.vendor
    print(f"bench/groups.py on {vendor} ({settings.DATABASES['default']['NAME']}), {platform.machine()} {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}; group of {group.member_count:,} members, {post_count:,} posts; {args.runs} runs each")
    print(f"{'what':64} {'p50 ms':>8} {'p95 ms':>8}")
    for what, p50, p95 in results:
        print(f"{what:64} {p50:8.1f} {p95:8.1f}")


def _posts_ready() -> bool:
    from kith.groups import models

    return hasattr(models, "GroupPost")


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()
