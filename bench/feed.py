"""Home feed benchmark: the feed's first page for members with 50, 500 and 5,000 connections
in a community of 100,000 members and 1,000,000 posts, against the naive query
(``author IN (connections) ORDER BY created DESC``) in the same run.

    KITH_VAR_DIR=/tmp/kithfeed .venv/bin/python bench/feed.py --build        # SQLite
    KITH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kithfeed \\
        .venv/bin/python bench/feed.py --build                               # PostgreSQL

``--build`` fills an empty database first: ``kith demo``'s members and connections (no demo
posts), then ``--posts`` posts by members drawn at random over the last year (a fifth for
connections only, engagement drawn so ranks differ), and three viewers whose connections
(each also followed) are set to exactly 50, 500 and 5,000 members. On a database that
already has them it only measures.

Measured, each ``--runs`` times per viewer, wall clock in this process, medians and p95:

- query: ``kith.posts.selectors.feed`` (the sources, every stream's plan, the merge, and
  loading and decorating the 20 posts: reactions, degrees, comment counts);
- page: the whole home page (``GET /`` through Django's test client: middleware, the feed,
  the onboarding and People You May Know cards, templates);
- undecorated: the same feed call with ``decorate`` skipped (the sources, the streams, the
  merge and loading the 20 posts): what the naive query does;
- naive: the naive query for the same viewer, its 20 posts loaded with their authors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
os.environ.setdefault("KITH_WARMUP", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from kith.graph import adapter  # noqa: E402
from kith.members.models import Connection, User  # noqa: E402
from kith.network.models import Follow  # noqa: E402
from kith.posts import selectors  # noqa: E402
from kith.posts.models import Post  # noqa: E402
from kith.posts.ranking import rank_of_seconds  # noqa: E402

SIZES = (50, 500, 5000)
YEAR = 365 * 86400


def build(members: int, posts: int, seed: int) -> None:
    from kith.demo.builder import _insert, _stamps, build_demo

    if not User.objects.exists():
        t = time.monotonic()
        build_demo(members=members, seed=seed, posts_per_member=0)
        print(f"demo members built in {time.monotonic() - t:.0f} s", flush=True)
    have = Post.objects.count()
    if have < posts:
        t = time.monotonic()
        rng = np.random.default_rng(seed)
        ids = np.array(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
        now = int(time.time())
        left = posts - have
        chunk = 200_000
        start_id = (Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        with transaction.atomic():
            while left > 0:
                k = min(chunk, left)
                authors = rng.choice(ids, k)
                created = now - (YEAR * rng.random(k)).astype(np.int64)
                reactions = rng.poisson(2.0, k)
                comments = rng.poisson(0.8, k)
                audience = np.where(rng.random(k) < 0.8, "anyone", "connections")
                stamps = _stamps(created)
                rows = (
                    (start_id + j, int(authors[j]), "post", "", f"Bench post {start_id + j}", f"<p>Bench post {start_id + j}</p>",
                     str(audience[j]), "anyone", stamps[j], int(comments[j]), int(reactions[j]),
                     rank_of_seconds(int(created[j]), reactions=int(reactions[j]), comments=int(comments[j])), "", "")
                    for j in range(k)
                )
                _insert(Post, ("id", "author", "kind", "title", "body", "body_html", "audience", "comments", "created_at",
                               "comment_count", "reaction_count", "rank", "image", "image_alt"), rows)
                start_id += k
                left -= k
            if connection.vendor == "postgresql":
                from django.core.management.color import no_style

                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [Post]):
                        cursor.execute(sql)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{posts - have:,} posts written in {time.monotonic() - t:.0f} s", flush=True)
    set_viewers(seed)


def viewers() -> list[User]:
    return [User.objects.get(email=f"bench-viewer-{size}@kith.test") for size in SIZES]


def set_viewers(seed: int) -> None:
    """Three members whose connections (each followed) number exactly 50, 500 and 5,000."""
    from kith.members.actions import create_member

    rng = np.random.default_rng(seed + 1)
    from kith.demo.builder import DEMO_DOMAIN

    ids = np.array(User.objects.filter(is_active=True, email__endswith="@" + DEMO_DOMAIN).order_by("pk").values_list("pk", flat=True))
    for size in SIZES:
        email = f"bench-viewer-{size}@kith.test"
        user = User.objects.filter(email=email).first()
        if user is not None and Connection.objects.filter(member=user).count() == size:
            continue
        with transaction.atomic():
            if user is None:
                user = create_member(email=email, name=f"Viewer {size}", password="bench-viewer", verified=True)
            Connection.objects.filter(member=user).delete()
            Connection.objects.filter(other=user).delete()
            Follow.objects.filter(follower=user).delete()
            others = rng.choice(ids, size, replace=False).tolist()
            Connection.objects.bulk_create([Connection(member=user, other_id=o) for o in others] + [Connection(member_id=o, other=user) for o in others], batch_size=2000)
            Follow.objects.bulk_create([Follow(follower=user, followed_id=o) for o in others], batch_size=2000, ignore_conflicts=True)
    adapter.reset()


def naive(viewer: User) -> list[Post]:
    mine = Connection.objects.filter(member=viewer).values("other_id")
    return list(Post.objects.filter(author_id__in=mine).select_related("author__profile").order_by("-created_at")[:20])


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"p50": round(statistics.median(ordered), 2), "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.build:
        build(args.members, args.posts, args.seed)
    settings.ALLOWED_HOSTS = ["*"]
    adapter.graph()  # the connection graph loaded once, as a warmed server has it
    results = {"backend": connection.vendor, "members": User.objects.count(), "posts": Post.objects.count(),
               "machine": f"{platform.machine()}, {os.cpu_count()} cores", "load": os.getloadavg()[0], "viewers": {}}
    for viewer in viewers():
        size = Connection.objects.filter(member=viewer).count()
        client = Client()
        client.force_login(viewer)
        for _ in range(3):  # warm: caches, the first query plans
            selectors.feed(viewer)
            naive(viewer)
            client.get("/")
        query = timed(lambda v=viewer: selectors.feed(v), args.runs)
        decorate = selectors.decorate
        selectors.decorate = lambda viewer, posts, **kwargs: posts  # the streams, the merge and loading the posts only
        try:
            bare = timed(lambda v=viewer: selectors.feed(v), args.runs)
        finally:
            selectors.decorate = decorate
        page = timed(lambda c=client: c.get("/"), args.runs)
        peer = timed(lambda v=viewer: naive(v), args.runs)
        same = [i.post.pk for i in selectors.feed(viewer).items]
        results["viewers"][size] = {"query": summary(query), "undecorated": summary(bare), "page": summary(page), "naive": summary(peer), "items": len(same)}
        print(f"{connection.vendor} {size:>5} connections: feed p50 {summary(query)['p50']} ms p95 {summary(query)['p95']} · "
              f"undecorated p50 {summary(bare)['p50']} p95 {summary(bare)['p95']} · "
              f"page p50 {summary(page)['p50']} p95 {summary(page)['p95']} · naive p50 {summary(peer)['p50']} p95 {summary(peer)['p95']} "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
