"""`kith spamsim --members N --seed S [--weeks W]`: how well the automatic holds catch spammers.

Builds a small community on an empty database (or after ``--reset``, which flushes it): genuine
members with positions, schools and connections among colleagues (set directly, as scene: the
history before the simulation), and spammers of three kinds:

- **blatant**: an empty profile, joined days ago, the same note to everyone, as fast as it is let;
- **careful**: a complete, plausible profile, 10-30 invitations a week to one industry, each note
  personalised from a template with the recipient's first name and company;
- **hijacked**: a genuine account with its history that starts spamming strangers in week K.

Then it simulates the weeks: every invitation and every answer goes through the real actions
(``kith.network.actions``), with time moved by :func:`_clock` (``django.utils.timezone.now``
patched for the call; the actions read it there). A held or restricted sender is simply refused
(LimitReached / PermissionDenied) and the simulation counts the refusal.

Answer rates (documented guesses, in the spirit of what large networks report: most unwanted
invitations are left or ignored silently, a minority say "I don't know", very few report):

- spam: accept 6%, ignore 68%, "I don't know" 12%, spam report 4%, never answered 10%;
- genuine, by relation: colleague accept 85% / ignore 10%; same school accept 70% / ignore 25% /
  "I don't know" 2%; 2nd degree accept 60% / ignore 30% / "I don't know" 3%; a stranger in the
  same industry accept 35% / ignore 50% / "I don't know" 7% / report 1%; the rest never answered.

Figures, per spammer kind: share held before their 20th invitation (at most 19 went out), the
median number of invitations sent before the hold (held ones), and genuine members held per 1,000.
Reports are stamped by the simulated clock too (``file_report`` reads ``timezone.now()`` when
called); the simulation ends at the real now.
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kith.core.errors import KithError
from kith.demo import words as data
from kith.members import actions as members
from kith.members.models import Connection, ConnectionEvent, User
from kith.moderation.models import Restriction
from kith.network import actions as network
from kith.network.models import Invitation

DOMAIN = "spamsim.kith.localhost"
SPAM_SHARE = 0.02  # of the members, per kind (at least 3 each)
HOLD_BEFORE = 20  # "held before their 20th invitation"
DAY = timedelta(days=1)

SPAM_ANSWERS = [("accept", 0.06), ("ignore", 0.68), ("unknown", 0.12), ("report", 0.04), (None, 0.10)]
GENUINE_ANSWERS = {
    "colleague": [("accept", 0.85), ("ignore", 0.10), (None, 0.05)],
    "school": [("accept", 0.70), ("ignore", 0.25), ("unknown", 0.02), (None, 0.03)],
    "second": [("accept", 0.60), ("ignore", 0.30), ("unknown", 0.03), (None, 0.07)],
    "stranger": [("accept", 0.35), ("ignore", 0.50), ("unknown", 0.07), ("report", 0.01), (None, 0.07)],
}
# What genuine members invite: colleagues, classmates, friends of friends, now and then a stranger in their industry.
GENUINE_RELATIONS = [("colleague", 0.40), ("second", 0.35), ("school", 0.15), ("stranger", 0.10)]
GENUINE_INVITATIONS_PER_WEEK = 0.8  # mean, Poisson
GENUINE_NOTE_SHARE = 0.4

CAREFUL_GREETINGS = ["Hi {first},", "Hello {first},", "Dear {first},"]
CAREFUL_BODIES = [
    "I came across your work at {company} and I'm impressed. I help {industry} leaders like you grow their pipeline; "
    "would love to connect and share a quick idea.",
    "I've been following {company} for a while. I work with {industry} teams on growth and think we could help each "
    "other. Let's connect!",
]
HIJACK_NOTES = [
    "Hey, I found a way to make $5,000 a week from home, it really works. Ask me how!",
    "Hi! I'm sharing an exclusive crypto opportunity with a few people in my network, message me for details.",
]


@contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    """``timezone.now()`` answers ``moment`` for the duration (the actions read the time there)."""
    saved = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = saved


def _pick(rnd: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    return rnd.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _fill(template: str, **values: str) -> str:
    return template.format_map(defaultdict(str, values))


@dataclass
class Member:
    user: User
    first: str
    company: str
    school: str
    industry: str
    city: str
    kind: str = "genuine"  # genuine | blatant | careful | hijacked
    spam_from: datetime | None = None
    note: str = ""
    target_industry: str = ""
    per_week: int = 0
    refusals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stopped: bool = False


class Sim:
    def __init__(self, n: int, seed: int, weeks: int, log) -> None:
        self.rnd = random.Random(seed)
        self.n, self.weeks, self.log = n, weeks, log
        self.end = timezone.now().replace(microsecond=0)
        self.start = self.end - timedelta(weeks=weeks)
        self.members: dict[int, Member] = {}
        self.links: dict[int, set[int]] = defaultdict(set)
        self.by_company: dict[str, list[int]] = defaultdict(list)
        self.by_school: dict[str, list[int]] = defaultdict(list)
        self.by_industry: dict[str, list[int]] = defaultdict(list)
        self.events: list[tuple[datetime, int, str, Any]] = []
        self.seq = itertools.count()
        self.calls = 0

    # --- the community -------------------------------------------------------------------------

    def _person(self, i: int) -> dict[str, str]:
        rnd = self.rnd
        city, region, country, _, pool = rnd.choices(data.CITIES, weights=[c[3] for c in data.CITIES])[0]
        first = rnd.choice(data.FIRST_NAMES[pool])
        last = rnd.choice(data.LAST_NAMES[pool])
        return {"first": first, "name": f"{first} {last}", "city": city, "region": region, "country": country}

    def _company(self, industry: str, country: str) -> str:
        sector = data.SECTOR_OF_INDUSTRY[industry]
        suffix = self.rnd.choice(data.COMPANY_SUFFIX_BY_COUNTRY.get(country, [""]))
        return " ".join(p for p in (self.rnd.choice(data.COMPANY_PREFIXES), self.rnd.choice(data.COMPANY_NOUNS[sector]), suffix) if p)

    def _title(self, industry: str) -> str:
        functions = data.SECTOR_FUNCTIONS[data.SECTOR_OF_INDUSTRY[industry]]
        function = self.rnd.choices(list(functions), weights=list(functions.values()))[0]
        return self.rnd.choice(data.FUNCTION_TITLES[function])

    def _make(self, i: int, kind: str, *, complete: bool, joined: datetime, company: str = "", industry: str = "") -> Member:
        rnd = self.rnd
        p = self._person(i)
        industry = industry or rnd.choices(list(data.INDUSTRY_WEIGHTS), weights=list(data.INDUSTRY_WEIGHTS.values()))[0]
        email = f"{kind}{i}@{DOMAIN}"
        if not complete:
            user = members.create_member(email=email, name=p["name"], verified=True)
            member = Member(user, p["first"], "", "", "", "", kind=kind)
        else:
            title = self._title(industry)
            company = company or self._company(industry, p["country"])
            school = rnd.choice(data.SCHOOLS_BY_COUNTRY.get(p["country"]) or data.SCHOOLS_BY_COUNTRY["United Kingdom"])
            user = members.create_member(
                email=email, name=p["name"], verified=True, headline=f"{title} at {company}",
                city=p["city"], region=p["region"], country=p["country"], industry=industry,
            )
            year = joined.year - rnd.randint(0, 6)
            members.add_position(user, company=company, title=title, start=f"{year}-{rnd.randint(1, 12):02d}", is_current=True)
            members.add_education(user, school=school, degree="BSc", start_year=year - 7, end_year=year - 4)
            member = Member(user, p["first"], company, school, industry, p["city"], kind=kind)
            self.by_company[company].append(user.pk)
            self.by_school[school].append(user.pk)
            self.by_industry[industry].append(user.pk)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        user.date_joined = joined
        self.members[user.pk] = member
        return member

    def build(self) -> None:
        rnd = self.rnd
        per_kind = max(3, round(self.n * SPAM_SHARE))
        genuine_n = self.n - 2 * per_kind  # hijacked accounts are genuine members
        companies: list[tuple[str, str]] = []
        for i in range(genuine_n):
            if companies and rnd.random() < 0.8:
                company, industry = rnd.choice(companies)
            else:
                company, industry = "", ""
            m = self._make(i, "genuine", complete=True, joined=self.start - timedelta(days=rnd.randint(120, 1500)), company=company, industry=industry)
            if not company:
                companies.append((m.company, m.industry))
        genuine = list(self.members)
        # Connections before the simulation: colleagues, classmates and a few others, as scene.
        pairs: set[tuple[int, int]] = set()
        for group, share in ((self.by_company, 0.5), (self.by_school, 0.15)):
            for ids in group.values():
                for a, b in itertools.combinations(ids, 2):
                    if rnd.random() < share:
                        pairs.add((min(a, b), max(a, b)))
        for a in genuine:
            for b in rnd.sample(genuine, 3):
                if a != b:
                    pairs.add((min(a, b), max(a, b)))
        at = self.start - 30 * DAY
        Connection.objects.bulk_create(
            [Connection(member_id=a, other_id=b, created_at=at) for a, b in pairs]
            + [Connection(member_id=b, other_id=a, created_at=at) for a, b in pairs],
            batch_size=2000,
        )
        ConnectionEvent.objects.bulk_create(
            [ConnectionEvent(member_a_id=a, member_b_id=b, kind=ConnectionEvent.Kind.ADDED, created_at=at) for a, b in pairs], batch_size=2000
        )
        for a, b in pairs:
            self.links[a].add(b)
            self.links[b].add(a)
        for i in range(per_kind):
            m = self._make(i, "blatant", complete=False, joined=self.start - timedelta(hours=rnd.randint(1, 72)))
            m.note, m.spam_from = rnd.choice([n for n in data.SPAM_NOTES if n]), self.start
        industries = [k for k, ids in self.by_industry.items() if len(ids) >= 10] or list(self.by_industry)
        for i in range(per_kind):
            m = self._make(i, "careful", complete=True, joined=self.start - timedelta(days=rnd.randint(20, 60)))
            m.target_industry, m.spam_from = rnd.choice(industries), self.start + timedelta(hours=rnd.randint(0, 72))
            m.per_week = rnd.randint(10, 30)
        hijack_week = max(1, self.weeks // 2)
        for pk in rnd.sample(genuine, per_kind):
            m = self.members[pk]
            m.kind, m.note = "hijacked", rnd.choice(HIJACK_NOTES)
            m.spam_from = self.start + timedelta(weeks=hijack_week, hours=rnd.randint(0, 96))
        self.log(f"Built {len(self.members):,} members ({genuine_n - per_kind:,} genuine, {per_kind} of each spammer kind), {len(pairs):,} connections.")

    # --- the weeks ------------------------------------------------------------------------------

    def _push(self, moment: datetime, what: str, payload: Any) -> None:
        if moment < self.end:
            heapq.heappush(self.events, (moment, next(self.seq), what, payload))

    def _spamming(self, m: Member, moment: datetime) -> bool:
        return m.kind != "genuine" and m.spam_from is not None and moment >= m.spam_from

    def _plan_day(self, day: datetime) -> None:
        rnd = self.rnd
        for pk, m in self.members.items():
            if m.stopped:
                continue
            if self._spamming(m, day + DAY):
                count = {"blatant": rnd.randint(30, 80), "careful": self._poisson(m.per_week / 7), "hijacked": rnd.randint(20, 50)}[m.kind]
            elif m.kind in ("genuine", "hijacked"):
                count = self._poisson(GENUINE_INVITATIONS_PER_WEEK / 7)
            else:
                continue
            for _ in range(count):
                self._push(day + timedelta(seconds=rnd.randint(7 * 3600, 23 * 3600)), "send", pk)

    def _poisson(self, lam: float) -> int:
        k, p, limit = 0, 1.0, pow(2.718281828, -lam)
        while True:
            p *= self.rnd.random()
            if p <= limit:
                return k
            k += 1

    def _genuine_target(self, m: Member) -> tuple[int, str] | None:
        rnd = self.rnd
        pk = m.user.pk
        mine = self.links[pk]
        relation = _pick(rnd, GENUINE_RELATIONS)
        pool: list[int] = []
        if relation == "colleague":
            pool = self.by_company.get(m.company, [])
        elif relation == "school":
            pool = self.by_school.get(m.school, [])
        elif relation == "second" and mine:
            pool = list(self.links[rnd.choice(list(mine))])
        elif relation == "stranger":
            pool = self.by_industry.get(m.industry, [])
        candidates = [c for c in rnd.sample(pool, min(len(pool), 12)) if c != pk and c not in mine and self.members[c].kind in ("genuine", "hijacked")]
        return (candidates[0], relation) if candidates else None

    def _spam_target(self, m: Member) -> int | None:
        pool = self.by_industry[m.target_industry] if m.kind == "careful" else list(self.members)
        for _ in range(8):
            c = self.rnd.choice(pool)
            if c != m.user.pk and c not in self.links[m.user.pk] and self.members[c].kind == "genuine":
                return c
        return None

    def _send(self, moment: datetime, pk: int) -> None:
        m = self.members[pk]
        rnd = self.rnd
        if self._spamming(m, moment):
            target, relation = self._spam_target(m), "spam"
            if target is None:
                return
            r = self.members[target]
            if m.kind == "careful":
                note = _fill(rnd.choice(CAREFUL_GREETINGS) + " " + rnd.choice(CAREFUL_BODIES), first=r.first, company=r.company, industry=r.industry.replace("-", " "))
            else:
                note = m.note
        else:
            found = self._genuine_target(m)
            if found is None:
                return
            target, relation = found
            r = self.members[target]
            note = ""
            if rnd.random() < GENUINE_NOTE_SHARE:
                skill = rnd.choice(data.GENERAL_SKILLS)
                note = _fill(rnd.choice(data.INVITATION_NOTES), first=r.first, event=_fill(rnd.choice(data.EVENTS), industry=m.industry.replace("-", " "), city=m.city, skill=skill, school=m.school),
                             skill=skill, city=m.city, company=m.company, industry=m.industry.replace("-", " "))
        try:
            with _clock(moment):
                self.calls += 1
                invitation = network.send_invitation(m.user, to=r.user, note=note)
        except KithError as exc:
            m.refusals[exc.code] += 1
            if exc.code in ("held", "restricted", "suspended") or "hold" in exc.code:
                m.stopped = True
            return
        if invitation.sender_id != pk:  # crossed invitations: theirs was accepted
            self._connected(pk, target)
            return
        answers = SPAM_ANSWERS if relation == "spam" else GENUINE_ANSWERS[relation]
        answer = _pick(rnd, answers)
        if answer is not None:
            self._push(moment + timedelta(hours=rnd.expovariate(1 / 30)), answer, invitation)

    def _connected(self, a: int, b: int) -> None:
        self.links[a].add(b)
        self.links[b].add(a)

    def _answer(self, moment: datetime, answer: str, invitation: Invitation) -> None:
        recipient = self.members[invitation.recipient_id].user
        do = {
            "accept": network.accept_invitation,
            "ignore": network.ignore_invitation,
            "unknown": network.mark_unknown,
            "report": network.report_invitation,
        }[answer]
        try:
            with _clock(moment):
                self.calls += 1
                do(invitation, recipient)
        except KithError:
            return
        if answer == "accept":
            self._connected(invitation.sender_id, invitation.recipient_id)

    def run(self) -> None:
        for d in range(self.weeks * 7):
            day = self.start + d * DAY
            self._plan_day(day)
            while self.events and self.events[0][0] < day + DAY:
                moment, _, what, payload = heapq.heappop(self.events)
                if what == "send":
                    self._send(moment, payload)
                else:
                    self._answer(moment, what, payload)
            if d % 7 == 6:
                self.log(f"  week {d // 7 + 1}: {self.calls:,} actions so far")

    # --- the figures ----------------------------------------------------------------------------

    def figures(self) -> dict[str, Any]:
        holds: dict[int, datetime] = {}
        for member_id, starts in Restriction.objects.filter(kind=Restriction.Kind.HOLD).order_by("starts_at").values_list("member_id", "starts_at"):
            holds.setdefault(member_id, starts)
        out: dict[str, Any] = {}
        for kind in ("blatant", "careful", "hijacked"):
            rows = []
            for pk, m in self.members.items():
                if m.kind != kind:
                    continue
                sent = list(Invitation.objects.filter(sender_id=pk, created_at__gte=m.spam_from).values_list("created_at", flat=True))
                held = holds.get(pk)
                if held is not None and held < m.spam_from:
                    held = None  # held before the spamming began: not a catch
                before = sum(1 for t in sent if held is None or t <= held)
                rows.append((held is not None, before, len(sent)))
            held_before = sum(1 for h, before, _ in rows if h and before < HOLD_BEFORE)
            out[kind] = {
                "spammers": len(rows),
                "held_before_20th": held_before / len(rows) if rows else None,
                "held": sum(1 for h, _, _ in rows if h),
                "median_sent_before_hold": statistics.median([b for h, b, _ in rows if h]) if any(h for h, _, _ in rows) else None,
                "median_sent": statistics.median([s for _, _, s in rows]) if rows else None,
            }
        genuine = [pk for pk, m in self.members.items() if m.kind == "genuine"]
        held_genuine = sum(1 for pk in genuine if pk in holds)
        out["genuine"] = {
            "members": len(genuine),
            "held": held_genuine,
            "held_per_1000": 1000 * held_genuine / len(genuine) if genuine else None,
            "invitations": Invitation.objects.filter(sender_id__in=genuine).count(),
        }
        out["actions"] = self.calls
        return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


class Command(BaseCommand):
    help = "Simulate genuine members and spammers through the real actions; measure the automatic holds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--weeks", type=int, default=4)
        parser.add_argument("--reset", action="store_true", help="Empty the database first (every row of every table).")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 50 or options["weeks"] < 1:
            raise CommandError("--members: at least 50; --weeks: at least 1.")
        if User.objects.exists():
            if not options["reset"]:
                raise CommandError("The database has members: spamsim builds its own community. Use an empty database, or --reset to empty this one.")
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        quiet = options["json"]
        sim = Sim(options["members"], options["seed"], options["weeks"], (lambda s: None) if quiet else self.stdout.write)
        sim.build()
        sim.run()
        figures = sim.figures()
        figures["seconds"] = round(time.monotonic() - started, 1)
        figures.update(members=options["members"], seed=options["seed"], weeks=options["weeks"])
        if quiet:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        for kind in ("blatant", "careful", "hijacked"):
            f = figures[kind]
            self.stdout.write(
                f"{kind:9} {f['spammers']:3} spammers: held before the 20th invitation {_pct(f['held_before_20th'])} "
                f"(held {f['held']}), median sent before the hold {f['median_sent_before_hold']}, median sent {f['median_sent']}"
            )
        g = figures["genuine"]
        self.stdout.write(
            f"genuine   {g['members']:,} members, {g['invitations']:,} invitations: held {g['held']} "
            f"= {g['held_per_1000']:.2f} per 1,000; {figures['actions']:,} actions in {figures['seconds']} s"
        )
