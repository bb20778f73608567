"""People search benchmark: p50/p95 of search_people and typeahead on the
configured database, against a plain icontains ORM filter in the same run.

    KITH_VAR_DIR=/tmp/kith1m .venv/bin/python bench/search.py            # SQLite FTS5
    KITH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith1m \\
        .venv/bin/python bench/search.py --json                          # PostgreSQL

Build the data first with ``kith demo --members N`` and ``kith searchindex
--rebuild``. Query words, companies and cities are picked from the data (the
most and least frequent words, the biggest company), so the shapes mean the
same thing at any size. Each run uses the next of ``--viewers`` members (so the
graph's per-viewer caches are exercised as in real traffic). Times are wall
clock in this process, each call in a request's graph-freshness scope (as
FreshGraphMiddleware runs it): the selector's SQL, the graph and building the
hits (not template rendering); on PostgreSQL also the server backend's CPU (when it
runs on this machine), since on a busy machine wall clock mostly measures waiting
for a core. Before timing, the process's objects are frozen
out of the cyclic GC (as kith.wsgi does) and the tables a search reads are read
once (``--no-prewarm`` skips that, to see a cold server).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef, Q  # noqa: E402

from kith.graph import adapter  # noqa: E402
from kith.members.models import Education, Position, Profile, ProfileSkill, User  # noqa: E402
from kith.search.backends import backend  # noqa: E402
from kith.search.selectors import search_people, typeahead  # noqa: E402


def pick_data() -> dict:
    """Words and facet values drawn from the data."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {Position._meta.db_table} WHERE id % 97 = 0 LIMIT 20000")
        words: dict[str, int] = {}
        for (title,) in cursor.fetchall():
            for word in title.lower().split():
                if word.isalpha() and len(word) > 3:
                    words[word] = words.get(word, 0) + 1
        common = max(words, key=words.get)
        cursor.execute(f"SELECT company, COUNT(*) c FROM {Position._meta.db_table} WHERE id % 13 = 0 GROUP BY company ORDER BY c DESC LIMIT 1")
        company = cursor.fetchone()[0]
        cursor.execute(f"SELECT city, COUNT(*) c FROM {Profile._meta.db_table} WHERE user_id % 13 = 0 GROUP BY city ORDER BY c DESC LIMIT 1")
        city = cursor.fetchone()[0]
        cursor.execute(f"SELECT industry, COUNT(*) c FROM {Profile._meta.db_table} WHERE user_id % 13 = 0 AND industry <> '' GROUP BY industry ORDER BY c DESC LIMIT 1")
        industry = cursor.fetchone()[0]
        # A rare word: a surname seen about once in 200k members.
        cursor.execute(f"SELECT name FROM {Profile._meta.db_table} WHERE user_id % 101 = 0 LIMIT 5000")
        surnames: dict[str, int] = {}
        for (name,) in cursor.fetchall():
            last = name.split()[-1].lower()
            if last.isalpha():
                surnames[last] = surnames.get(last, 0) + 1
        rare = min(surnames, key=lambda s: (surnames[s], s))
        cursor.execute(f"SELECT name FROM {Profile._meta.db_table} WHERE user_id % 7 = 0 LIMIT 2000")
        firsts: dict[str, int] = {}
        for (name,) in cursor.fetchall():
            f = name.split()[0]
            firsts[f] = firsts.get(f, 0) + 1
        first = max(firsts, key=firsts.get)
        second_word = sorted(words, key=words.get, reverse=True)[1]
        # A typo: a common first name of 6+ letters with its third letter dropped, one no
        # profile has (it finds nobody, so "Did you mean" runs).
        typo = ""
        for name in sorted(firsts, key=firsts.get, reverse=True):
            candidate = name[:2] + name[3:]
            if len(name) >= 6 and name.isalpha() and not Profile.objects.filter(name__icontains=candidate).exists():
                typo = candidate.lower()
                break
    return {
        "common": common,
        "second": second_word,
        "rare": rare,
        "prefix": first[:3].lower(),
        "company": company,
        "city": city,
        "industry": industry,
        "typo": typo or "zzqxjv",
    }


SEARCH_TABLES = ("members_profile", "members_user", "search_searchcard", "search_searchterm")


def prewarm() -> str:
    """Read what searches read once, so the runs measure a server whose working set
    is in memory (the first searches after a restart or a bulk load read from disk)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT c.relname, pg_prewarm(c.oid) FROM pg_class c WHERE c.relname = ANY(%s) "
                "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid::regclass::text = ANY(%s))",
                [[*SEARCH_TABLES, "search_document"], [*SEARCH_TABLES, "search_document"]],
            )
            pages = sum(n for _, n in cursor.fetchall())
            cursor.execute("SELECT current_setting('shared_buffers')")
            return f"prewarmed {pages:,} pages in {time.perf_counter() - started:.0f}s (shared_buffers {cursor.fetchone()[0]})"
        # SQLite: a column no index covers, so the table's own pages are read.
        total = 0
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        for table, column in [("members_profile", "about"), ("members_user", "password"), ("search_searchcard", "data"),
                              ("search_fts_content", "c2"), ("search_fts_data", "block"), ("search_names_data", "block"),
                              ("search_names_content", "c0"), ("search_searchterm", "display"), ("search_trigram", "term")]:
            if table not in tables:  # the vocabulary tables, before their migration
                continue
            cursor.execute(f"SELECT COUNT({column}) FROM {table}")
            total += cursor.fetchone()[0]
        return f"prewarmed {total:,} rows in {time.perf_counter() - started:.0f}s"


def server_clock() -> Callable[[], float | None]:
    """Milliseconds of CPU the PostgreSQL backend serving this process has used (from
    /proc/<pid>/schedstat, when the server runs on this machine): with this process's
    own CPU, the work a search costs whatever else the machine is doing."""
    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    if not path.exists():
        return lambda: None
    return lambda: int(path.read_text().split()[0]) / 1e6


def pick_viewers(n: int) -> list[User]:
    g = adapter.graph()
    ids = [int(i) for i in range(1, g.n) if 20 <= g.degree(i) <= 400][: n * 50 : 50]
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    return users[:n] or list(User.objects.filter(is_active=True)[:n])


def icontains_people(words: list[str], *, degree: int | None = None, viewer: User | None = None, **facets) -> list[int]:
    """The naive way: icontains over the same fields, the same filters, first 20."""
    qs = Profile.objects.filter(user__is_active=True)
    for word in words:
        text = Q(name__icontains=word) | Q(headline__icontains=word) | Q(about__icontains=word)
        text |= Exists(Position.objects.filter(profile=OuterRef("pk")).filter(Q(title__icontains=word) | Q(company__icontains=word)))
        text |= Exists(ProfileSkill.objects.filter(profile=OuterRef("pk"), skill__name__icontains=word))
        text |= Exists(Education.objects.filter(profile=OuterRef("pk"), school__icontains=word))
        qs = qs.filter(text)
    if facets.get("location"):
        qs = qs.filter(city=facets["location"])
    if facets.get("industry"):
        qs = qs.filter(industry=facets["industry"])
    if facets.get("company"):
        qs = qs.filter(Exists(Position.objects.filter(profile=OuterRef("pk"), is_current=True, company=facets["company"])))
    if degree == 2 and viewer is not None:
        qs = qs.filter(pk__in=[int(i) for i in adapter.second_degree_ids(viewer.pk)[:20000]])
    return list(qs.values_list("pk", flat=True)[:20])


def as_request(fn: Callable[[User], object]) -> Callable[[User], object]:
    """Run ``fn`` the way a page or API call does: inside FreshGraphMiddleware's
    request scope (the connection log is read once, not per graph call)."""

    def call(viewer: User) -> object:
        token = adapter.begin_request()
        try:
            return fn(viewer)
        finally:
            adapter.end_request(token)

    return call


def shapes(d: dict) -> list[tuple[str, Callable[[User], object], Callable[[User], object]]]:
    return [
        ("common_word", lambda v: search_people(v, {"q": d["common"]}), lambda v: icontains_people([d["common"]])),
        ("rare_word", lambda v: search_people(v, {"q": d["rare"]}), lambda v: icontains_people([d["rare"]])),
        ("name_prefix", lambda v: search_people(v, {"q": d["prefix"]}), lambda v: icontains_people([d["prefix"]])),
        (
            "two_words_two_facets",
            lambda v: search_people(v, {"q": f"{d['common']} {d['second']}", "location": d["city"], "industry": d["industry"]}),
            lambda v: icontains_people([d["common"], d["second"]], location=d["city"], industry=d["industry"]),
        ),
        ("degree_2_only", lambda v: search_people(v, {"degree": "2"}), lambda v: icontains_people([], degree=2, viewer=v)),
        ("company_only", lambda v: search_people(v, {"company": d["company"]}), lambda v: icontains_people([], company=d["company"])),
        ("typeahead", lambda v: typeahead(v, d["prefix"]), lambda v: icontains_people([d["prefix"]])),
        ("empty_result", lambda v: search_people(v, {"q": "zzqxjv"}), lambda v: icontains_people(["zzqxjv"])),
        ("typo", lambda v: search_people(v, {"q": d["typo"]}), lambda v: icontains_people([d["typo"]])),
        (
            "word_degree_2_city",
            lambda v: search_people(v, {"q": d["common"], "degree": "2", "location": d["city"]}),
            lambda v: icontains_people([d["common"]], degree=2, viewer=v, location=d["city"]),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40, help="timed runs per shape for Kith's search (default 40)")
    parser.add_argument("--naive-runs", type=int, default=5, help="timed runs per shape for icontains (default 5; 0: skip)")
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="one JSON object a line")
    parser.add_argument("--only", default="", help="comma-separated shape names")
    parser.add_argument("--no-prewarm", action="store_true", help="measure without reading the search tables first")
    args = parser.parse_args()

    vendor = connection.vendor
    t0 = time.perf_counter()
    g = adapter.graph()
    load_s = time.perf_counter() - t0
    members = Profile.objects.count()
    indexed = backend().count()
    data = pick_data()
    viewers = pick_viewers(args.viewers)
    warmed = "not prewarmed" if args.no_prewarm else prewarm()
    if not args.json:
        print(f"# {vendor}: {members:,} members, {indexed:,} indexed, graph {g.n:,} ids / {g.num_edges:,} edges loaded in {load_s:.1f}s")
        print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"# words: {data}")
        print(f"# load average {os.getloadavg()[0]:.1f}; {warmed}; cpu = this process's CPU time (SQLite runs in-process)")
        print(f"{'shape':24} {'kith p50':>9} {'p95':>8} {'cpu p50':>8} {'p95':>8} {'icontains p50':>14} {'p95':>9} {'ratio p95':>9}")
    only = set(filter(None, args.only.split(",")))
    server_time = server_clock()
    # As kith.wsgi does once the app is loaded: the process's long-lived objects
    # out of the cyclic collector (its full passes cost ~100 ms otherwise).
    gc.freeze()
    for name, kith_fn, naive_fn in shapes(data):
        if only and name not in only:
            continue
        kith_fn = as_request(kith_fn)
        for v in viewers[:3]:
            kith_fn(v)  # warm: per-viewer graph marks, page cache
        kith_times, kith_cpu, server_cpu = [], [], []
        for i in range(args.runs):
            v = viewers[i % len(viewers)]
            start, cpu, served = time.perf_counter(), time.process_time(), server_time()
            kith_fn(v)
            kith_times.append((time.perf_counter() - start) * 1000)
            kith_cpu.append((time.process_time() - cpu) * 1000)
            if served is not None:
                server_cpu.append(server_time() - served)
        naive_times = []
        for i in range(args.naive_runs):
            v = viewers[i % len(viewers)]
            start = time.perf_counter()
            naive_fn(v)
            naive_times.append((time.perf_counter() - start) * 1000)
        k50, k95 = statistics.median(kith_times), float(np.percentile(kith_times, 95))
        c50, c95 = statistics.median(kith_cpu), float(np.percentile(kith_cpu, 95))
        if not naive_times:  # --naive-runs 0: Kith only
            naive_times = [float("nan")]
        n50, n95 = statistics.median(naive_times), float(np.percentile(naive_times, 95))
        ratio = n95 / k95 if k95 else float("inf")
        if args.json:
            common = {"backend": vendor, "shape": name, "members": members, "warm": not args.no_prewarm}
            server = {}
            if server_cpu:
                server = {"server_cpu_p50_ms": round(statistics.median(server_cpu), 2),
                          "server_cpu_p95_ms": round(float(np.percentile(server_cpu, 95)), 2)}
            print(json.dumps({**common, "impl": "kith", "p50_ms": round(k50, 2), "p95_ms": round(k95, 2), "runs": args.runs,
                              "cpu_p50_ms": round(c50, 2), "cpu_p95_ms": round(c95, 2), **server}))
            if args.naive_runs:
                print(json.dumps({**common, "impl": "icontains", "p50_ms": round(n50, 2), "p95_ms": round(n95, 2),
                                  "runs": args.naive_runs, "ratio": round(ratio, 1)}))
        else:
            served = f" server cpu p50 {statistics.median(server_cpu):.1f} p95 {np.percentile(server_cpu, 95):.1f}" if server_cpu else ""
            print(f"{name:24} {k50:9.1f} {k95:8.1f} {c50:8.1f} {c95:8.1f} {n50:14.1f} {n95:9.1f} {ratio:8.1f}x{served}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
