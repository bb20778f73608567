"""People search with a degree facet over many words and members: what one search costs on
average, as the load test asks for it (bench/load/locustfile.py searches one of ten words with
``degree=2``), where bench/pages.py times one word for a few members.

    KITH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_stack_8212 PYTHONPATH=. \\
        .venv/bin/python bench/search_words.py [--members 10] [--stride 6] [--degree 2] [WORD ...]

Signs in (force_login) every ``--stride``-th demo member up to ``--members`` of them, warms each
with one search, then runs ``/search/?q=WORD&degree=N`` for every word and member once; prints
the median and mean wall time, this process's CPU, and the time spent in SQL statements
(PostgreSQL's share is most of it), over all the searches.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
os.environ.setdefault("KITH_DEBUG", "0")
import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("kith.request").setLevel(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from load.words import WORDS  # noqa: E402  (bench/load/words.py: the load test's words)

from kith.demo.builder import DEMO_DOMAIN  # noqa: E402
from kith.members.models import Profile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("words", nargs="*", default=WORDS)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--stride", type=int, default=6, help="every n-th demo member by id")
    parser.add_argument("--degree", default="2")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    members = Profile.objects.filter(user__email__endswith="@" + DEMO_DOMAIN, user__is_active=True).select_related("user").order_by("pk")
    clients = []
    for profile in members[: args.members * args.stride : args.stride]:
        client = Client()
        client.force_login(profile.user)
        client.get(f"/search/?q={args.words[0]}&degree={args.degree}", secure=True)
        clients.append(client)
    in_sql = [0.0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - started

    wall, cpu, sql = [], [], []
    with connection.execute_wrapper(timed):
        for word in args.words:
            for client in clients:
                in_sql[0] = 0.0
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(f"/search/?q={word}&degree={args.degree}", secure=True)
                assert response.status_code == 200, (word, response.status_code)
                wall.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                sql.append(in_sql[0])

    def ms(values: list[float]) -> str:
        return f"p50 {statistics.median(values) * 1000:.0f} mean {statistics.mean(values) * 1000:.0f}"

    print(f"{len(wall)} searches ({len(args.words)} words x {len(clients)} members, degree {args.degree}): "
          f"wall {ms(wall)} ms | CPU {ms(cpu)} ms | statements {ms(sql)} ms")


if __name__ == "__main__":
    main()
