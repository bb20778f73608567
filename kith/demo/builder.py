"""The demo community: a believable professional network built in bulk.

``build_demo(members=2000, seed=42)`` fills an empty (or any) database with
members who cluster by company, industry and city; a connection graph with that
homophily, triadic closure and a heavy tail; invitations past and pending; and a
few spam-like accounts. Everything is drawn from one seed, so the same seed gives
the same community.

Speed matters (later benchmarks build a million members), so this module does not
go through kith.members.actions: it draws the community as numpy arrays, turns them
into plain row tuples batch by batch and writes them with one multi-row statement
per batch (``executemany`` on SQLite, ``COPY`` on PostgreSQL), all in one
transaction. It mirrors what the actions would have written: a verified primary
EmailAddress per member, a TargetMarket per profile, normalized skills
(``normalize_skill``) and completeness by ``COMPLETENESS_WEIGHTS``. Connections are
written in both directions; the ConnectionEvent log stays untouched (the graph
engine loads the Connection table as its snapshot).

Ground truth for quality evaluations: spam-like accounts have email addresses at
``SPAM_DOMAIN``, genuine ones at ``DEMO_DOMAIN``. Nothing in the database marks
them as spam; insights must find them by behaviour.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from itertools import islice
from typing import Any

import numpy as np
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from kith.demo import words as data
from kith.demo.posts import write_posts
from kith.members.actions import COMPLETENESS_WEIGHTS, normalize_skill
from kith.members.industries import INDUSTRIES, INDUSTRY_LABELS
from kith.members.models import (
    Connection,
    Education,
    OpenTo,
    Position,
    Profile,
    ProfileSkill,
    Skill,
    TargetMarket,
    TargetMarketTerm,
    User,
    target_terms,
)
from kith.messaging import actions as messaging
from kith.messaging.models import Conversation, Message, Participant
from kith.messaging.notification_kinds import INVITATION_REPLIED
from kith.network.models import Follow, Invitation
from kith.network.notification_kinds import INVITATION_RECEIVED
from kith.notifications.models import Notification
from kith.posts.models import Comment, Post, Reaction

__all__ = [
    "DEMO_DOMAIN",
    "DEMO_PASSWORD",
    "LOGIN_EMAIL",
    "SPAM_DOMAIN",
    "DemoResult",
    "build_demo",
    "is_spam_email",
    "login_member",
]

DEMO_DOMAIN = "demo.kith.localhost"
SPAM_DOMAIN = "demo-spam.kith.localhost"
DEMO_PASSWORD = "kith-demo"
LOGIN_EMAIL = f"ada@{DEMO_DOMAIN}"

SPAM_SHARE = 0.005
BATCH = 5000  # members per batch of profile rows
ROW_CHUNK = 10_000  # rows per executemany call
EDGE_CHUNK = 200_000  # connection pairs turned into rows at a time
DAY = 86_400
MONTH = 30 * DAY

INDUSTRY_SLUGS = [slug for slug, _ in INDUSTRIES]
SECTORS = list(data.SECTOR_FUNCTIONS)
FUNCTIONS = list(data.FUNCTION_TITLES)
POOLS = list(data.FIRST_NAMES)


def is_spam_email(email: str) -> bool:
    return email.lower().endswith("@" + SPAM_DOMAIN)


@dataclass(frozen=True)
class DemoResult:
    members: int
    spam_members: int
    connections: int  # undirected pairs
    invitations: int
    seconds: float
    login_email: str
    login_handle: str
    posts: int = 0
    comments: int = 0
    reactions: int = 0


# --- writing rows -----------------------------------------------------------------------


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    if isinstance(rows, list):
        for start in range(0, len(rows), size):
            yield rows[start : start + size]
        return
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write plain row tuples into ``model``'s table: COPY on PostgreSQL, executemany elsewhere.

    Values must already be in database form: ints, str, bool, None, ISO dates and
    timestamps from ``_stamps``, JSON as text.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    given = [model._meta.get_field(name) for name in fields]
    # Columns the demo does not know about (a field added later) get the field's default.
    rest = [
        f for f in model._meta.concrete_fields
        if f not in given and not f.primary_key and not f.null and f.has_default()
    ]
    if rest:
        extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        rows = (tuple(row) + extra for row in rows)
    columns = ", ".join(qn(f.column) for f in (*given, *rest))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(given) + len(rest)))})"
            for chunk in _chunks(rows, ROW_CHUNK):
                cursor.executemany(sql, chunk)
                count += len(chunk)
    return count


@cache
def _times_of_day(suffix: str) -> list[str]:
    return [f" {h:02d}:{m:02d}:{s:02d}{suffix}" for h in range(24) for m in range(60) for s in range(60)]


def _stamps(seconds: np.ndarray) -> list[str]:
    """Unix seconds -> UTC timestamps as text the backend stores ("YYYY-MM-DD HH:MM:SS" is
    Django's SQLite format). Built from per-day and per-second tables: millions of rows
    need this to be cheap."""
    seconds = np.asarray(seconds, dtype=np.int64)
    if not len(seconds):
        return []
    days = seconds // DAY
    first = int(days.min())
    day_text = np.datetime_as_string(np.arange(first, int(days.max()) + 1).astype("datetime64[D]")).tolist()
    tod = _times_of_day("+00:00" if connection.vendor == "postgresql" else "")
    return [day_text[d] + tod[t] for d, t in zip((days - first).tolist(), (seconds % DAY).tolist(), strict=True)]


@contextmanager
def _secondary_indexes_deferred(*tables: type[models.Model]) -> Iterator[None]:
    """Drop the tables' plain (non-unique) indexes while rows stream in, then build each
    in one sorted pass: much faster than growing them row by row. On PostgreSQL the
    foreign keys go too and come back validated by one query each, instead of a
    trigger per row. Run inside the transaction, so a failure rolls the drop back too."""
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    qn = connection.ops.quote_name
    saved: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Settle checks an enclosing transaction left pending (a table with pending
            # trigger events cannot be altered); in a fresh transaction there are none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for model in tables:
                table = qn(model._meta.db_table)
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [model._meta.db_table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
                    saved.append(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
        for model in tables:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [model._meta.db_table],
                )
            else:
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                    "AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
                    [model._meta.db_table],
                )
            for name, sql in cursor.fetchall():
                if "UNIQUE" in sql.upper().split("(")[0]:
                    continue  # constraints stay on guard
                cursor.execute(f"DROP INDEX {qn(name)}")
                saved.append(sql)
    yield
    with connection.cursor() as cursor:
        # Indexes first (they were saved after the foreign keys), so each key validates with an index.
        for sql in [s for s in saved if not s.startswith("ALTER")] + [s for s in saved if s.startswith("ALTER")]:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            for model in tables:
                cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")


@cache
def _month(index: int) -> str:
    """A month counted as year * 12 + month - 1 -> its first day, ISO."""
    return date(index // 12, index % 12 + 1, 1).isoformat()


# --- the plan: who everyone is, as arrays ------------------------------------------------


class _Plan:
    """Every member's attributes as numpy arrays (index 0 is Ada, spam last)."""

    def __init__(self, n: int, seed: int, now: int) -> None:
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.seed = seed
        self.n = n
        self.now = now
        today = datetime.fromtimestamp(now, UTC)
        self.now_month = today.year * 12 + today.month - 1
        self.n_spam = max(2, round(n * SPAM_SHARE)) if n >= 50 else 0
        self.g = n - self.n_spam  # genuine members are 0..g-1
        g = self.g

        # Places.
        city_w = np.array([c[3] for c in data.CITIES])
        self.city_p = city_w / city_w.sum()
        self.n_cities = len(data.CITIES)

        # Companies: heavy-tailed sizes, an industry and a home city each. Company 0 is Ada's.
        nc = max(12, g // 15)
        self.n_companies = nc
        ind_w = np.array([data.INDUSTRY_WEIGHTS[s] for s in INDUSTRY_SLUGS])
        self.comp_industry = rng.choice(len(INDUSTRY_SLUGS), nc, p=ind_w / ind_w.sum())
        self.comp_city = rng.choice(self.n_cities, nc, p=self.city_p)
        self.comp_industry[0] = INDUSTRY_SLUGS.index("software-development")
        self.comp_city[0] = 0  # London
        size_w = rng.lognormal(0.0, 1.2, nc)
        self.comp_names = self._company_names(random.Random(seed))

        # Genuine members: a company, mostly its city and industry.
        company = rng.choice(nc, g, p=size_w / size_w.sum())
        company[0] = 0
        city = np.where(rng.random(g) < 0.8, self.comp_city[company], rng.choice(self.n_cities, g, p=self.city_p))
        industry = self.comp_industry[company]  # the company decides the industry, so jobs fit it
        city[0], industry[0] = 0, self.comp_industry[0]

        # Spam: no company, a city and an industry only sometimes.
        s = self.n_spam
        self.company = np.concatenate([company, np.full(s, -1)])
        self.city = np.concatenate([city, np.where(rng.random(s) < 0.5, rng.choice(self.n_cities, s, p=self.city_p), -1)])
        self.industry = np.concatenate([industry, np.where(rng.random(s) < 0.4, rng.integers(0, len(INDUSTRY_SLUGS), s), -1)])
        sector_of = np.array([SECTORS.index(data.SECTOR_OF_INDUSTRY[slug]) for slug in INDUSTRY_SLUGS])
        self.sector = np.where(self.industry >= 0, sector_of[self.industry], -1)

        # Work: a function fitting the sector, a seniority, years of experience.
        self.function = np.zeros(n, dtype=np.int64)
        for k, sector in enumerate(SECTORS):
            members = np.flatnonzero(self.sector[:g] == k)
            names = list(data.SECTOR_FUNCTIONS[sector])
            w = np.array(list(data.SECTOR_FUNCTIONS[sector].values()))
            picks = rng.choice(len(names), len(members), p=w / w.sum())
            self.function[members] = np.array([FUNCTIONS.index(f) for f in names])[picks]
        self.function[0] = FUNCTIONS.index("data")
        self.seniority = rng.choice(5, n, p=[0.14, 0.34, 0.28, 0.16, 0.08])
        self.seniority[0] = 4
        self.years = np.array([1, 4, 8, 12, 17])[self.seniority] + rng.integers(0, 7, n)

        # Names from the city's pool, some from everywhere.
        pool_of_city = np.array([POOLS.index(c[4]) for c in data.CITIES])
        home_pool = np.where(self.city >= 0, pool_of_city[np.maximum(self.city, 0)], POOLS.index("global"))
        self.pool = np.where(rng.random(n) < 0.82, home_pool, POOLS.index("global"))
        self.first = (rng.random(n) * np.array([len(data.FIRST_NAMES[p]) for p in POOLS])[self.pool]).astype(np.int64)
        self.last = (rng.random(n) * np.array([len(data.LAST_NAMES[p]) for p in POOLS])[self.pool]).astype(np.int64)

        # Member since: genuine over three years (growing, so more recent joins), spam in the last days.
        ages = np.sort(3 * 365 * DAY * rng.random(g - 1) ** 1.6)[::-1]
        joined = np.concatenate([[now - 3 * 365 * DAY], now - ages.astype(np.int64) - 3600])
        spam_joined = now - np.sort(rng.integers(DAY // 2, 6 * DAY, s))[::-1]
        self.joined = np.concatenate([joined, spam_joined]).astype(np.int64)

    def _company_names(self, rnd: random.Random) -> list[str]:
        names: list[str] = ["Analytical Engines"]
        taken = set(names)
        for c in range(1, self.n_companies):
            sector = data.SECTOR_OF_INDUSTRY[INDUSTRY_SLUGS[self.comp_industry[c]]]
            city, _, country, _, _ = data.CITIES[self.comp_city[c]]
            for attempt in range(8):
                name = f"{rnd.choice(data.COMPANY_PREFIXES)} {rnd.choice(data.COMPANY_NOUNS[sector])}"
                if attempt >= 3:
                    name = f"{rnd.choice(data.COMPANY_PREFIXES)} {name}"
                suffix = rnd.choice(data.COMPANY_SUFFIX_BY_COUNTRY[country])
                name = f"{name} {suffix}".strip()
                if name not in taken:
                    break
            else:
                name = f"{name} {city} {c}"
            taken.add(name)
            names.append(name)
        return names

    # Readable attributes of member i.
    def first_name(self, i: int) -> str:
        return "Ada" if i == 0 else data.FIRST_NAMES[POOLS[self.pool[i]]][self.first[i]]

    def name(self, i: int) -> str:
        return "Ada Lovelace" if i == 0 else f"{self.first_name(i)} {data.LAST_NAMES[POOLS[self.pool[i]]][self.last[i]]}"

    def city_name(self, i: int) -> str:
        return data.CITIES[self.city[i]][0] if self.city[i] >= 0 else ""

    def industry_slug(self, i: int) -> str:
        return INDUSTRY_SLUGS[self.industry[i]] if self.industry[i] >= 0 else ""

    def industry_label(self, i: int) -> str:
        return INDUSTRY_LABELS.get(self.industry_slug(i), "business")

    def sector_name(self, i: int) -> str:
        return SECTORS[self.sector[i]] if self.sector[i] >= 0 else "consulting"

    def function_name(self, i: int) -> str:
        return FUNCTIONS[self.function[i]]

    def title(self, i: int, seniority: int | None = None) -> str:
        level = self.seniority[i] if seniority is None else seniority
        return data.FUNCTION_TITLES[self.function_name(i)][level]

    def company_name(self, i: int) -> str:
        return self.comp_names[self.company[i]] if self.company[i] >= 0 else ""

    def skill_pool(self, i: int) -> list[str]:
        return data.SKILLS_BY_FUNCTION[self.function_name(i)] + data.SKILLS_BY_SECTOR[self.sector_name(i)] + data.GENERAL_SKILLS


# --- the graph -------------------------------------------------------------------------


def _match_in_blocks(rng: np.random.Generator, stubs_per_member: np.ndarray, block: np.ndarray) -> np.ndarray:
    """Pair up stubs at random within each block (a configuration model per block)."""
    stubs = np.repeat(np.arange(len(stubs_per_member), dtype=np.int32), stubs_per_member)
    if len(stubs) < 2:
        return np.empty((0, 2), dtype=np.int64)
    # Sort by block, in random order within it: one int64 key is far faster than lexsort.
    keys = block[stubs].astype(np.int64)
    order = np.argsort((keys << 32) | rng.integers(0, 1 << 32, len(stubs), dtype=np.int64))
    stubs, keys = stubs[order], keys[order]
    m = len(stubs) // 2 * 2
    a, b = stubs[0:m:2], stubs[1:m:2]
    same = keys[0:m:2] == keys[1:m:2]
    return np.stack([a[same], b[same]], axis=1)


def _canonical(pairs: np.ndarray, n: int) -> np.ndarray:
    """Drop self-loops and duplicates; return sorted int64 keys lo * n + hi."""
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    lo = np.minimum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
    hi = np.maximum(pairs[:, 0], pairs[:, 1]).astype(np.int64)
    return _sorted_unique(lo * n + hi)


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _graph(plan: _Plan) -> np.ndarray:
    """Undirected connections among genuine members as sorted keys lo * n + hi.

    Each member gets a target degree (lognormal body; a few super-connectors with
    1,000+ when the community is big enough), split into stubs matched within the
    same company, city, city-and-sector, industry, or anywhere; then a triadic
    closure pass connects pairs of a member's connections.
    """
    rng, g, n = plan.rng, plan.g, plan.n
    cap = max(2.0, 0.4 * g)
    typical = min(30.0, max(6.0, g / 12))
    degree = np.minimum(rng.lognormal(np.log(typical), 0.8, g), cap)
    hubs = rng.choice(np.arange(1, g), g // 2000, replace=False) if g > 2000 else np.empty(0, dtype=np.int64)
    degree[hubs] = np.minimum(rng.uniform(1000, 3000, len(hubs)), cap)
    degree[0] = min(70.0, cap)
    degree = np.maximum(1, np.round(degree)).astype(np.int64)

    company = plan.company[:g]
    city = plan.city[:g]
    industry = plan.industry[:g]
    size = np.bincount(company, minlength=plan.n_companies)[company]
    p_company = 0.4 * np.minimum(1.0, (size - 1) / 8)
    shares = np.stack(
        [p_company, np.full(g, 0.2), np.full(g, 0.12), np.full(g, 0.13), np.zeros(g)], axis=1
    )
    shares[hubs] = [0.03, 0.1, 0.05, 0.25, 0.0]
    shares[:, 4] = 1.0 - shares[:, :4].sum(axis=1)
    split = rng.multinomial(degree, shares)
    blocks = [company, city, city * len(SECTORS) + plan.sector[:g], industry, np.zeros(g, dtype=np.int64)]
    pairs = np.concatenate([_match_in_blocks(rng, split[:, k], blocks[k]) for k in range(5)])
    keys = _canonical(pairs, n)

    # Triadic closure: pick members, join two of their connections.
    directed = np.concatenate([keys, (keys % n) * n + keys // n])
    directed.sort()
    deg = np.bincount(directed // n, minlength=g)
    dst = (directed % n).astype(np.int32)
    del directed
    indptr = np.concatenate([[0], np.cumsum(deg)])
    centres = np.flatnonzero(deg >= 2)
    if len(centres):
        c = rng.choice(centres, int(0.3 * len(keys)))
        a = dst[indptr[c] + (rng.random(len(c)) * deg[c]).astype(np.int64)]
        b = dst[indptr[c] + (rng.random(len(c)) * deg[c]).astype(np.int64)]
        keys = _sorted_unique(np.concatenate([keys, _canonical(np.stack([a, b], axis=1), n)]))
    return keys


def _connected(keys: np.ndarray, a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Whether each pair (a[k], b[k]) is among the sorted undirected ``keys``."""
    probe = np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
    pos = np.minimum(np.searchsorted(keys, probe), max(len(keys) - 1, 0))
    return (keys[pos] == probe) if len(keys) else np.zeros(len(probe), dtype=bool)


# --- invitations -----------------------------------------------------------------------


@dataclass
class _Invitations:
    sender: list[int]
    recipient: list[int]
    status: list[str]
    note: list[str]
    created: list[int]
    answered: list[int | None]

    def add(self, sender: int, recipient: int, status: str, note: str, created: int, answered: int | None) -> None:
        self.sender.append(sender)
        self.recipient.append(recipient)
        self.status.append(status)
        self.note.append(note)
        self.created.append(created)
        self.answered.append(answered)


def _note(plan: _Plan, rnd: random.Random, sender: int, recipient: int) -> str:
    skill, topic = rnd.sample(plan.skill_pool(sender), 2)
    country = data.CITIES[plan.city[sender]][2] if plan.city[sender] >= 0 else "United Kingdom"
    school = rnd.choice(data.SCHOOLS_BY_COUNTRY[country])
    fill = {
        "industry": plan.industry_label(sender),
        "city": plan.city_name(sender) or "London",
        "skill": topic,
        "school": school,
        "first": plan.first_name(recipient),
        "company": plan.company_name(sender),
    }
    fill["event"] = rnd.choice(data.EVENTS).format(**fill)
    fill["skill"] = skill
    return rnd.choice(data.INVITATION_NOTES).format(**fill)[:300]


def _invitations(plan: _Plan, keys: np.ndarray) -> tuple[_Invitations, np.ndarray]:
    """Invitation history and pending requests; returns them and the connection keys
    extended by the few spam invitations that were accepted."""
    rng, g, n, now = plan.rng, plan.g, plan.n, plan.now
    rnd = random.Random(plan.seed * 7919 + 1)
    inv = _Invitations([], [], [], [], [], [])
    open_pairs: set[tuple[int, int]] = set()

    def open_ok(s: int, r: int) -> bool:
        if (s, r) in open_pairs or (r, s) in open_pairs:
            return False
        open_pairs.add((s, r))
        return True

    # Accepted invitations behind a sample of connections.
    if len(keys):
        sample = keys[rng.choice(len(keys), min(len(keys), g), replace=False)]
        sample.sort()
        lo, hi = sample // n, sample % n
        flip = rng.random(len(sample)) < 0.5
        senders, recipients = np.where(flip, hi, lo), np.where(flip, lo, hi)
        since = np.maximum(plan.joined[lo], plan.joined[hi])
        made = _connection_times(plan, sample)
        asked = np.maximum(since, made - rng.integers(0, 14 * DAY, len(sample)))
        with_note = rng.random(len(sample)) < 0.25
        for s, r, c, m, w in zip(senders.tolist(), recipients.tolist(), asked.tolist(), made.tolist(), with_note.tolist(), strict=True):
            inv.add(s, r, Invitation.Status.ACCEPTED, _note(plan, rnd, s, r) if w else "", c, m)

    # Strangers in the same industry (or city): pending, ignored, withdrawn, expired, a few unknown.
    by_industry = np.argsort(plan.industry[:g], kind="stable")
    starts = np.searchsorted(plan.industry[:g][by_industry], np.arange(len(INDUSTRY_SLUGS) + 1))
    kinds = [
        (Invitation.Status.PENDING, 0.03),
        (Invitation.Status.IGNORED, 0.02),
        (Invitation.Status.WITHDRAWN, 0.005),
        (Invitation.Status.EXPIRED, 0.005),
        (Invitation.Status.DECLINED_UNKNOWN, 0.003),
    ]
    for status, share in kinds:
        count = int(g * share)
        senders = rng.integers(1, g, count) if g > 1 else np.empty(0, dtype=np.int64)
        ind = plan.industry[senders]
        span = starts[ind + 1] - starts[ind]
        recipients = by_industry[starts[ind] + (rng.random(count) * span).astype(np.int64)]
        ok = (recipients != senders) & ~_connected(keys, senders, recipients, n)
        for s, r in zip(senders[ok].tolist(), recipients[ok].tolist(), strict=True):
            open_status = status in (Invitation.Status.PENDING, Invitation.Status.IGNORED)
            if open_status and not open_ok(s, r):
                continue
            since = int(max(plan.joined[s], plan.joined[r]))
            created = rnd.randint(max(since, now - 60 * DAY), now - 60) if status == Invitation.Status.PENDING else rnd.randint(since, now - 60)
            answered = None if status == Invitation.Status.PENDING else rnd.randint(created, now)
            note = _note(plan, rnd, s, r) if rnd.random() < 0.7 else ""
            inv.add(s, r, status, note, created, answered)

    # Ada's inbox: strangers from her industry and city with notes, one without, one spammer; two sent.
    ada_candidates = np.flatnonzero((plan.industry[:g] == plan.industry[0]) | (plan.city[:g] == plan.city[0]))
    ada_candidates = ada_candidates[ada_candidates != 0]
    ada_candidates = ada_candidates[~_connected(keys, np.zeros(len(ada_candidates), dtype=np.int64), ada_candidates, n)]
    picks = rng.permutation(ada_candidates)[:6].tolist()
    for k, s in enumerate(picks):
        if k < 4 and open_ok(s, 0):
            note = _note(plan, rnd, s, 0) if k < 3 else ""
            inv.add(s, 0, Invitation.Status.PENDING, note, now - (k + 1) * 5 * 3600, None)
        elif k >= 4 and open_ok(0, s):
            inv.add(0, s, Invitation.Status.PENDING, _note(plan, rnd, 0, s), now - k * DAY, None)

    # Spam-like accounts: 50–200 invitations each to anyone, old ones often refused.
    extra: list[tuple[int, int]] = []
    for s in range(g, n):
        count = min(g - 1, int(rng.integers(50, 201)))
        recipients = rng.choice(g, count, replace=False)
        if s == g:
            recipients = np.union1d(recipients, [0])  # Ada sees one spammer
        created = rng.integers(int(plan.joined[s]), now - 30, len(recipients))
        age = now - created
        roll = rng.random(len(recipients))
        old = age > DAY
        for r, c, a, x, o in zip(recipients.tolist(), created.tolist(), age.tolist(), roll.tolist(), old.tolist(), strict=True):
            if r == 0 and s == g:
                status = Invitation.Status.PENDING
            elif o:
                status = (
                    Invitation.Status.DECLINED_UNKNOWN if x < 0.15 else Invitation.Status.REPORTED if x < 0.2
                    else Invitation.Status.IGNORED if x < 0.35 else Invitation.Status.ACCEPTED if x < 0.38
                    else Invitation.Status.PENDING
                )
            else:
                status = (
                    Invitation.Status.DECLINED_UNKNOWN if x < 0.05 else Invitation.Status.REPORTED if x < 0.07
                    else Invitation.Status.IGNORED if x < 0.12 else Invitation.Status.ACCEPTED if x < 0.13
                    else Invitation.Status.PENDING
                )
            if status in (Invitation.Status.PENDING, Invitation.Status.IGNORED) and not open_ok(s, r):
                continue
            answered = None if status == Invitation.Status.PENDING else c + int(a * rnd.uniform(0.05, 0.95))
            inv.add(s, r, status, rnd.choice(data.SPAM_NOTES), c, answered)
            if status == Invitation.Status.ACCEPTED:
                extra.append((s, r))
    if extra:
        keys = _sorted_unique(np.concatenate([keys, _canonical(np.array(extra, dtype=np.int64), n)]))
    return inv, keys


def _connection_times(plan: _Plan, keys: np.ndarray) -> np.ndarray:
    """When each connection was made: after both joined, before now. Same keys, same times."""
    n = plan.n
    lo, hi = keys // n, keys % n
    since = np.maximum(plan.joined[lo], plan.joined[hi])
    # A hash of the pair, so the time does not depend on the order connections are drawn in.
    mix = ((keys.astype(np.uint64) + np.uint64(plan.seed)) * np.uint64(0x9E3779B97F4A7C15) >> np.uint64(40)) / float(1 << 24)
    return since + ((plan.now - 60 - since) * mix).astype(np.int64)


# --- members ---------------------------------------------------------------------------

USER_FIELDS = ("id", "password", "last_login", "is_superuser", "email", "is_staff", "is_active", "date_joined")
PROFILE_FIELDS = (
    "user", "handle", "name", "headline", "about", "city", "region", "country", "industry", "photo",
    "visibility", "connections_visibility", "invite_policy", "message_policy", "completeness", "created_at", "updated_at",
)
POSITION_FIELDS = ("profile", "company", "title", "location", "start", "end", "is_current", "description")
EDUCATION_FIELDS = ("profile", "school", "degree", "field", "start_year", "end_year")
OPEN_TO_FIELDS = ("profile", "kind", "details", "audience", "hide_from_current_company", "created_at")
TARGET_FIELDS = ("profile", "industries", "title_keywords", "locations", "companies")


class _Rows:
    """Row tuples for one batch of members, flushed table by table."""

    def __init__(self) -> None:
        self.users: list[tuple] = []
        self.emails: list[tuple] = []
        self.profiles: list[tuple] = []
        self.targets: list[tuple] = []
        self.target_terms: list[tuple] = []
        self.positions: list[tuple] = []
        self.education: list[tuple] = []
        self.skills: list[tuple] = []
        self.open_to: list[tuple] = []

    def flush(self) -> None:
        _insert(User, USER_FIELDS, self.users)
        _insert(EmailAddress, ("user", "email", "verified", "primary"), self.emails)
        _insert(Profile, PROFILE_FIELDS, self.profiles)
        _insert(TargetMarket, TARGET_FIELDS, self.targets)
        _insert(TargetMarketTerm, ("market", "kind", "value"), self.target_terms)
        _insert(Position, POSITION_FIELDS, self.positions)
        _insert(Education, EDUCATION_FIELDS, self.education)
        _insert(ProfileSkill, ("profile", "skill", "order"), self.skills)
        _insert(OpenTo, OPEN_TO_FIELDS, self.open_to)
        # The demo's operator has verified everyone who says they are hiring, so job
        # searches shown to "recruiters only" have their audience.
        hiring = [row[0] for row in self.open_to if row[1] == OpenTo.Kind.HIRING]
        for start in range(0, len(hiring), 5000):
            Profile.objects.filter(pk__in=hiring[start : start + 5000]).update(hiring_verified_at=timezone.now())


ADA = {
    "headline": "Head of Data at Analytical Engines",
    "about": (
        "Mathematician turned data leader. I build teams that turn messy data into decisions, and I "
        "write about machine learning for people who don't do it every day. Always glad to meet "
        "anyone working on analytics in London."
    ),
    "positions": [
        ("Analytical Engines", "Head of Data", "London, United Kingdom", -34, None, "I lead a team of twelve data scientists and engineers."),
        ("Babbage & Co", "Senior Data Scientist", "London, United Kingdom", -82, -34, "Forecasting and pricing models for retail clients."),
        ("Difference Engine Labs", "Data Analyst", "Cambridge, United Kingdom", -118, -84, ""),
    ],
    "education": [
        ("Imperial College London", "MSc", "Statistics", -10, -9),
        ("King's College London", "BSc", "Mathematics", -13, -10),
    ],
    "skills": ["Python", "Machine Learning", "Statistics", "SQL", "Data Visualization", "Team Management", "Public Speaking", "Mentoring"],
    "open_to": [("advice", "Happy to talk about careers in data."), ("mentoring", "I mentor people starting out in analytics."), ("networking", "")],
}


class _MemberWriter:
    def __init__(self, plan: _Plan, base_id: int, taken: set[str], skill_ids: dict[str, int]) -> None:
        self.plan = plan
        self.base_id = base_id
        self.taken = taken
        self.seen: dict[str, int] = {}
        self.skill_ids = skill_ids  # by display name as written in demo_data
        self.slugs: dict[str, str] = {}
        self.password = make_password(DEMO_PASSWORD)
        self.handles: dict[int, str] = {}

    def handle_for(self, name: str) -> str:
        base = self.slugs.get(name)
        if base is None:
            base = self.slugs[name] = slugify(name)[:50].strip("-") or "member"
        while True:
            count = self.seen.get(base, 0) + 1
            self.seen[base] = count
            handle = base if count == 1 else f"{base}-{count}"
            if handle not in self.taken:
                return handle

    def write(self, start: int, stop: int) -> None:
        plan = self.plan
        rnd = random.Random(plan.seed * 1_000_003 + start)
        rows = _Rows()
        joined = _stamps(plan.joined[start:stop])
        updated = _stamps(np.minimum(plan.now, plan.joined[start:stop] + (plan.now - plan.joined[start:stop]) // 3))
        for i in range(start, stop):
            self._member(i, rnd, rows, joined[i - start], updated[i - start])
        rows.flush()

    def _member(self, i: int, rnd: random.Random, rows: _Rows, joined: str, updated: str) -> None:
        plan = self.plan
        uid = self.base_id + i
        spam = i >= plan.g
        name = plan.name(i)
        handle = self.handle_for(name)
        if i == 0:
            self.handles[0] = handle
        email = LOGIN_EMAIL if i == 0 else f"{handle}@{SPAM_DOMAIN if spam else DEMO_DOMAIN}"
        rows.users.append((uid, self.password, None, False, email, False, True, joined))
        rows.emails.append((uid, email, True, True))

        city_i = plan.city[i]
        city, region, country = (data.CITIES[city_i][:3] if city_i >= 0 else ("", "", ""))
        industry = plan.industry_slug(i)
        sector = plan.sector_name(i)
        skills_pool = plan.skill_pool(i)
        skill_a, skill_b = rnd.sample(skills_pool, 2)
        company = plan.company_name(i)
        title = plan.title(i) if not spam else ""

        positions: list[tuple] = []
        education: list[tuple] = []
        open_to: list[tuple] = []
        if i == 0:
            headline, about = ADA["headline"], ADA["about"]
            skills = list(ADA["skills"])
            for comp, ttl, loc, s, e, desc in ADA["positions"]:
                end = _month(plan.now_month + e) if e is not None else None
                positions.append((uid, comp, ttl, loc, _month(plan.now_month + s), end, e is None, desc))
            year = plan.now_month // 12
            education = [(uid, school, deg, fld, year + s, year + e) for school, deg, fld, s, e in ADA["education"]]
            open_to = [(uid, kind, details, "members", False, joined) for kind, details in ADA["open_to"]]
            target = ([industry, "financial-services"], ["Head of Data", "CTO"], ["London"], [])
            visibility = "public"
            privacy = ("connections", "anyone", "connections")
        elif spam:
            headline = rnd.choice(data.SPAM_HEADLINES)
            about = ""
            skills = rnd.sample(data.SPAM_SKILLS, rnd.randint(0, 2))
            target = ([], [], [], [])
            visibility = "members"
            privacy = ("connections", "anyone", "anyone")
        else:
            previous = self._career(i, rnd, uid, positions)
            education = self._education(i, rnd, uid)
            headline = self._headline(i, rnd, title, company, skill_a, skill_b)
            about = ""
            if rnd.random() < 0.45:
                about = rnd.choice(data.ABOUT_TEMPLATES).format(
                    sector_people=data.SECTOR_PEOPLE[sector], skill_a=skill_a, skill_b=skill_b, city=city or "town",
                    years=int(plan.years[i]), industry=plan.industry_label(i).lower(), title=title, company=company,
                    previous=previous or "a start-up", function_people=f"the {plan.function_name(i).replace('_physical', '')} team",
                )
            k = rnd.randint(3, 10)
            skills = rnd.sample(skills_pool, min(k, len(skills_pool)))
            open_to = self._open_to(i, rnd, uid, title, company, skill_a, joined)
            target = self._target(i, rnd)
            x = rnd.random()
            visibility = "members" if x < 0.78 else "public" if x < 0.93 else "connections"
            privacy = (
                "connections" if rnd.random() < 0.9 else "only_me",
                rnd.choices(["anyone", "second_degree", "email"], [85, 10, 5])[0],
                "connections" if rnd.random() < 0.8 else "anyone",
            )

        skill_ids = list(dict.fromkeys(self.skill_ids[s] for s in skills))
        parts = {
            "headline": bool(headline),
            "photo": False,
            "about": bool(about),
            "location": bool(city or country),
            "industry": bool(industry),
            "position": bool(positions),
            "education": bool(education),
            "skills": len(skill_ids) >= 3,
        }
        completeness = sum(COMPLETENESS_WEIGHTS[k] for k, done in parts.items() if done)
        rows.profiles.append(
            (uid, handle, name, headline, about, city, region, country, industry, "", visibility, *privacy, completeness, joined, updated)
        )
        rows.targets.append((uid, *(json.dumps(v) if v else "[]" for v in target)))
        rows.target_terms.extend((uid, kind, value) for kind, value in target_terms(*target))
        rows.positions.extend(positions)
        rows.education.extend(education)
        rows.skills.extend((uid, sid, order) for order, sid in enumerate(skill_ids))
        rows.open_to.extend(open_to)

    def _career(self, i: int, rnd: random.Random, uid: int, positions: list[tuple]) -> str:
        """Current position plus up to three earlier ones, newest first; returns the previous company."""
        plan = self.plan
        count = min(4, 1 + sum(rnd.random() < min(0.9, plan.years[i] / 14) for _ in range(3)))
        start = plan.now_month - rnd.randint(2, 60)
        level = int(plan.seniority[i])
        company = plan.company[i]
        first_previous = ""
        for k in range(count):
            comp = plan.comp_names[company]
            comp_city = data.CITIES[plan.comp_city[company]]
            location = f"{comp_city[0]}, {comp_city[2]}"
            desc = ""
            if rnd.random() < 0.3:
                desc = f"{rnd.choice(['Led', 'Worked on', 'Built', 'Owned'])} {rnd.choice(plan.skill_pool(i)).lower()} for {data.SECTOR_PEOPLE[plan.sector_name(i)]}."
            if k == 0:
                positions.append((uid, comp, plan.title(i, level), location, _month(start), None, True, desc))
            else:
                end = start - rnd.randint(0, 3)
                start = end - rnd.randint(12, 48)
                positions.append((uid, comp, plan.title(i, level), location, _month(start), _month(end), False, desc))
                if k == 1:
                    first_previous = comp
            # The job before: often the same industry, one level down.
            level = max(0, level - (1 if rnd.random() < 0.7 else 0))
            company = rnd.randrange(plan.n_companies)
        return first_previous

    def _education(self, i: int, rnd: random.Random, uid: int) -> list[tuple]:
        plan = self.plan
        x = rnd.random()
        count = 0 if x < 0.12 else 1 if x < 0.72 else 2
        country = data.CITIES[plan.city[i]][2]
        if plan.pool[i] == POOLS.index("global") and rnd.random() < 0.5:
            country = rnd.choice(list(data.SCHOOLS_BY_COUNTRY))
        fields = data.FIELDS_BY_SECTOR[plan.sector_name(i)]
        end = plan.now_month // 12 - int(plan.years[i])
        rows = []
        for k in range(count):
            degree = rnd.choices([d for d, _ in data.DEGREES], [w for _, w in data.DEGREES])[0] if k == 0 else rnd.choice(["MSc", "MBA", "MA", "PhD"])
            length = 4 if degree == "PhD" else 1 if degree in ("MSc", "MA") else 2 if degree == "MBA" else 3
            start = end - length
            rows.append((uid, rnd.choice(data.SCHOOLS_BY_COUNTRY[country]), degree, rnd.choice(fields), start, end))
            end = start - rnd.randint(0, 2)
        return rows

    def _headline(self, i: int, rnd: random.Random, title: str, company: str, skill_a: str, skill_b: str) -> str:
        x = rnd.random()
        if x < 0.7:
            return f"{title} at {company}"
        if x < 0.85:
            return f"{title} | {skill_a} | {skill_b}"
        if x < 0.93:
            return f"Helping {data.SECTOR_PEOPLE[self.plan.sector_name(i)]} with {skill_a.lower()} | {title}"
        return ""

    def _open_to(self, i: int, rnd: random.Random, uid: int, title: str, company: str, skill_a: str, joined: str) -> list[tuple]:
        plan = self.plan
        senior = plan.seniority[i] >= 3
        chances = {"job": 0.07, "hiring": 0.12 if senior else 0.01, "advice": 0.06, "consulting": 0.03,
                   "mentoring": 0.1 if senior else 0.01, "networking": 0.08}
        fill = {"industry": plan.industry_label(i), "city": plan.city_name(i), "function": plan.function_name(i).replace("_physical", " engineering"),
                "title": title, "company": company, "skill_a": skill_a}
        rows = []
        for kind, chance in chances.items():
            if rnd.random() >= chance:
                continue
            details = rnd.choice(data.OPEN_TO_DETAILS[kind]).format(**fill)
            audience, hide = "members", False
            if kind == "job":
                audience = "recruiters" if rnd.random() < 0.35 else "members"
                hide = rnd.random() < 0.4
            rows.append((uid, kind, details, audience, hide, joined))
        return rows

    def _target(self, i: int, rnd: random.Random) -> tuple[list, list, list, list]:
        plan = self.plan
        if rnd.random() >= 0.3:
            return ([], [], [], [])
        sector = plan.sector_name(i)
        industries = [plan.industry_slug(i)]
        if rnd.random() < 0.5:
            other = rnd.choice([s for s, sec in data.SECTOR_OF_INDUSTRY.items() if sec == sector])
            if other not in industries:
                industries.append(other)
        function = rnd.choice(list(data.FUNCTION_TITLES))
        titles = rnd.sample(data.FUNCTION_TITLES[function][2:], rnd.randint(1, 2))
        locations = [plan.city_name(i)] if rnd.random() < 0.6 else [data.CITIES[plan.city[i]][2]]
        companies = [plan.comp_names[rnd.randrange(plan.n_companies)] for _ in range(rnd.randint(0, 3))]
        return (industries, titles, locations, list(dict.fromkeys(companies)))


def _all_skill_names() -> list[str]:
    names: list[str] = []
    for group in (*data.SKILLS_BY_FUNCTION.values(), *data.SKILLS_BY_SECTOR.values(), data.GENERAL_SKILLS, data.SPAM_SKILLS, ADA["skills"]):
        names.extend(group)
    return list(dict.fromkeys(names))


def _skill_ids() -> dict[str, int]:
    """Skill rows for every skill the demo uses (keyed as normalize_skill keys them); id by name."""
    names = _all_skill_names()
    wanted: dict[str, str] = {}
    for name in names:
        key, display = normalize_skill(name)
        wanted.setdefault(key, display)
    existing = set(Skill.objects.filter(key__in=wanted).values_list("key", flat=True))
    Skill.objects.bulk_create([Skill(key=k, name=v) for k, v in wanted.items() if k not in existing], ignore_conflicts=True)
    by_key = dict(Skill.objects.filter(key__in=wanted).values_list("key", "id"))
    return {name: by_key[normalize_skill(name)[0]] for name in names}


# --- the whole build -------------------------------------------------------------------


def _write_pairs(plan: _Plan, base_id: int, keys: np.ndarray) -> None:
    """Connection rows in both directions in member order, and the Follow rows connecting implies."""
    n = plan.n
    # Both directions as member * n + other, sorted: one array, so a million members stay in memory.
    directed = np.concatenate([keys, (keys % n) * n + keys // n])
    directed.sort()
    for start in range(0, len(directed), EDGE_CHUNK):
        part = directed[start : start + EDGE_CHUNK]
        member, other = part // n, part % n
        made = _connection_times(plan, np.minimum(member, other) * n + np.maximum(member, other))
        rows = list(zip((member + base_id).tolist(), (other + base_id).tolist(), _stamps(made), strict=True))
        _insert(Connection, ("member", "other", "created_at"), rows)
    # Connecting makes each follow the other: copy the rows inside the database.
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(Follow._meta.db_table)} ({qn('follower_id')}, {qn('followed_id')}, {qn('created_at')}) "
            f"SELECT {qn('member_id')}, {qn('other_id')}, {qn('created_at')} FROM {qn(Connection._meta.db_table)} "
            f"WHERE {qn('member_id')} >= %s ORDER BY {qn('id')}",
            [base_id],
        )


def _write_invitations(plan: _Plan, base_id: int, inv: _Invitations) -> None:
    created = _stamps(np.array(inv.created, dtype=np.int64))
    answered_arr = np.array([a if a is not None else 0 for a in inv.answered], dtype=np.int64)
    answered = [s if a is not None else None for s, a in zip(_stamps(answered_arr), inv.answered, strict=True)]
    rows = (
        (s + base_id, r + base_id, note, status, False, c, a)
        for s, r, note, status, c, a in zip(inv.sender, inv.recipient, inv.note, inv.status, created, answered, strict=True)
    )
    _insert(Invitation, ("sender", "recipient", "note", "status", "knows_email", "created_at", "answered_at"), rows)


def build_demo(
    *, members: int = 2000, seed: int = 42, progress: Callable[[str], None] | None = None, posts_per_member: float = 10.0
) -> DemoResult:
    """Build the demo community in one transaction. Refuses if one is already present."""
    if members < 2:
        raise ValueError("The demo needs at least 2 members.")
    if User.objects.filter(email__iendswith="@" + DEMO_DOMAIN).exists() or User.objects.filter(email__iendswith="@" + SPAM_DOMAIN).exists():
        raise ValueError("This database already holds a demo community; use a fresh database.")
    say = progress or (lambda message: None)
    started, cpu = time.monotonic(), time.process_time()

    def clock() -> str:
        return f"at {time.monotonic() - started:.1f} s (CPU {time.process_time() - cpu:.1f} s)"

    now = int(timezone.now().timestamp())
    plan = _Plan(members, seed, now)
    say(f"planned {members:,} members {clock()}")
    keys = _graph(plan)
    inv, keys = _invitations(plan, keys)
    say(f"drew {len(keys):,} connections and {len(inv.sender):,} invitations {clock()}")

    # SQLite checks every foreign key row by row, which costs a third of the load; the rows
    # are consistent by construction, so switch the checks off for the build (Django's own
    # helper; it only takes effect outside a transaction, so under tests they stay on).
    with connection.constraint_checks_disabled(), transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MB while the indexes grow
        base_id = (User.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        taken = set(Profile.objects.values_list("handle", flat=True)) if Profile.objects.exists() else set()
        writer = _MemberWriter(plan, base_id, taken, _skill_ids())
        bulk_tables = (Profile, EmailAddress, Position, Education, ProfileSkill, OpenTo, TargetMarketTerm, Connection, Follow, Invitation,
                       Post, Comment, Reaction)
        with _secondary_indexes_deferred(*bulk_tables):
            for start in range(0, members, BATCH):
                writer.write(start, min(members, start + BATCH))
            say(f"wrote members {clock()}")
            _write_pairs(plan, base_id, keys)
            say(f"wrote connections and follows {clock()}")
            _write_invitations(plan, base_id, inv)
            first_ids = ((Post.objects.aggregate(top=Max("id"))["top"] or 0) + 1, (Comment.objects.aggregate(top=Max("id"))["top"] or 0) + 1, 0)
            written = write_posts(plan, base_id, keys, insert=_insert, stamps=_stamps, first_ids=first_ids, per_member=posts_per_member)
            say(f"wrote {written.posts:,} posts, {written.comments:,} comments and {written.reactions:,} reactions {clock()}")
        say(f"indexed {clock()}")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [User, Post, Comment]):
                    cursor.execute(sql)
        _notify_pending(base_id)
    _first_login(base_id, now)
    say(f"wrote notifications and the login member's conversations {clock()}")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _vacuum(bulk_tables)
        say(f"vacuumed {clock()}")
    return DemoResult(
        members=members,
        spam_members=plan.n_spam,
        connections=len(keys),
        invitations=len(inv.sender),
        seconds=time.monotonic() - started,
        login_email=LOGIN_EMAIL,
        login_handle=writer.handles[0],
        posts=written.posts,
        comments=written.comments,
        reactions=written.reactions,
    )


def _vacuum(models) -> None:
    """VACUUM ANALYZE what the build wrote in bulk: it marks the new pages all-visible, which
    index-only scans need (the feed's ranked read is one; without it each row it reads is
    looked up in the table too: 7.8 ms against 1 ms for a home feed at 100k members), and
    leaves nothing for autovacuum to catch up on under the first real traffic. A server
    running with autovacuum off (this workplace's CI machines) would otherwise never set it."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def _notify_pending(base_id: int) -> None:
    """One unread "invites you to connect" notification per pending invitation, as
    ``send_invitation`` would have written it (without its email)."""
    kind = ContentType.objects.get_for_model(Invitation)
    pending = (
        Invitation.objects.filter(recipient_id__gte=base_id, status=Invitation.Status.PENDING)
        .values_list("pk", "sender_id", "recipient_id", "created_at")
        .iterator(chunk_size=ROW_CHUNK)
    )
    rows = (
        Notification(
            recipient_id=recipient,
            kind=INVITATION_RECEIVED,
            actor_id=sender,
            target_type=kind,
            target_id=pk,
            created_at=created,
        )
        for pk, sender, recipient, created in pending
    )
    for chunk in _chunks(rows, ROW_CHUNK):
        Notification.objects.bulk_create(chunk)


# (who writes, minutes ago, text); {me} and {them} are first names.
_CHAT = [
    (
        "them",
        2 * 24 * 60,
        "Hi {me}, good to see you at the breakfast on Tuesday. Shall we pick up the supplier question?",
    ),
    ("me", 2 * 24 * 60 - 40, "Yes please, {them}. Could you send me the figures you mentioned?"),
    (
        "them",
        95,
        "Here they are: the second column is the one I meant. Free for a call on Thursday?",
    ),
]
_NUDGE = (
    "Hello {me}, are you going to the members' evening next week? A few of us are sharing a table."
)
_INTRO = "{me}, may I introduce you to a colleague of mine? She is looking for exactly what you do."
_REQUEST = "Hello {me}, I sent you an invitation as well. I would value ten minutes on how you started out."
_REPLY = "Thanks for the invitation, {me}. Before I accept: where do we know each other from?"


def _first_login(base_id: int, now: int) -> None:
    """Make the login member's first visit look lived-in: recent conversations with
    connections (some unread), a message request from someone who invited them, and a
    reply before accepting from someone they invited, written through the messaging
    actions and then dated over the last two days."""
    me = User.objects.filter(pk=base_id).select_related("profile").first()
    if me is None:
        return
    genuine = User.objects.filter(email__iendswith="@" + DEMO_DOMAIN).select_related("profile")
    friends = list(genuine.filter(connections__other=me).exclude(pk=me.pk).order_by("pk")[:3])
    inviter = (
        genuine.filter(
            invitations_sent__recipient=me, invitations_sent__status=Invitation.Status.PENDING
        )
        .order_by("pk")
        .first()
    )
    invitee = (
        genuine.filter(
            invitations_received__sender=me, invitations_received__status=Invitation.Status.PENDING
        )
        .order_by("pk")
        .first()
    )

    def first(user: User) -> str:
        return user.profile.name.split()[0]

    def write(
        sender: User,
        recipient: User,
        text: str,
        minutes_ago: int,
        conversation: Conversation | None = None,
    ) -> Conversation:
        said = text.format(me=first(me), them=first(sender if sender != me else recipient))
        if conversation is None:
            conversation = messaging.start_conversation(
                sender, handles=[recipient.profile.handle], text=said
            )
        else:
            messaging.send_message(sender, conversation_id=conversation.pk, text=said)
        _date_last_message(conversation, datetime.fromtimestamp(now - 60 * minutes_ago, tz=UTC))
        return conversation

    with transaction.atomic():
        if friends:
            talk = None
            for who, minutes, text in _CHAT:
                sender, recipient = (friends[0], me) if who == "them" else (me, friends[0])
                talk = write(sender, recipient, text, minutes, talk)
        if len(friends) > 1:
            write(friends[1], me, _NUDGE, 5 * 60)
            messaging.mark_read(
                me,
                conversation_id=Conversation.objects.get(
                    pair_key=Conversation.pair_key_for(me.pk, friends[1].pk)
                ).pk,
            )
        if len(friends) > 2:
            write(friends[2], me, _INTRO, 30)
        if inviter is not None:
            write(inviter, me, _REQUEST, 3 * 60)
        if invitee is not None:
            write(invitee, me, _REPLY, 12)
            Notification.objects.filter(recipient=me, kind=INVITATION_REPLIED).update(
                created_at=datetime.fromtimestamp(now - 12 * 60, tz=UTC)
            )


def _date_last_message(conversation: Conversation, when: datetime) -> None:
    """Move a conversation's newest message, and what mirrors its time, to ``when``."""
    message = Message.objects.filter(conversation=conversation).order_by("-pk").first()
    Message.objects.filter(pk=message.pk).update(created_at=when)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=when)
    Participant.objects.filter(conversation=conversation).update(last_message_at=when)
    Participant.objects.filter(conversation=conversation, unread_count__gt=0).update(
        unread_since=when
    )
    Participant.objects.filter(conversation=conversation, last_read_message_id=message.pk).update(
        last_read_at=when
    )


def login_member() -> Profile | None:
    """The member the demo tells people to log in as: Ada if present, else any active member."""
    profiles = Profile.objects.select_related("user").filter(user__is_active=True)
    return (
        profiles.filter(user__email=LOGIN_EMAIL).first()
        or profiles.filter(user__email__iendswith="@" + DEMO_DOMAIN).order_by("user_id").first()
        or profiles.order_by("user_id").first()
    )
