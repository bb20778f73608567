"""The insights card: everything Kith tells a member about another, gathered with few queries.

``insights_for(viewer, member)`` answers for one member ("Should I connect?" on a
profile); ``insights_for_invitations(viewer, invitations)`` for a page of received
invitations, where degrees, mutual connections, the target-market mask and every
per-sender count are computed once for the page, not once per card.

Privacy, decided here:

- the caller has already fetched the member through ``access_profile`` or the
  network's ``invitations`` box (both drop members blocked either way);
- a connections-only profile seen by a non-connection (``full`` False) shows only
  name, headline and photo: no position, skills, open-to, shared history or
  target-market match is derived from what the viewer may not see;
- mutual connections are the viewer's own connections (shown even when the
  member hides their list), never members blocked either way or deactivated;
  nothing else of the member's connection list is shown, only the reach count;
- trust figures are aggregates: never who ignored, refused or reported.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db.models import Count, Q, prefetch_related_objects
from django.utils import dateformat, timezone

from kith.graph import adapter
from kith.insights import hooks, scoring
from kith.members import contexts
from kith.members.affinity import Side, Stint, shared_history
from kith.members.industries import INDUSTRY_LABELS
from kith.members.models import (
    Education,
    OpenTo,
    Position,
    Profile,
    ProfileSkill,
    TargetMarket,
    User,
    term_key,
)
from kith.members.selectors import (
    blocked_ids,
    market_facts,
    target_market_match,
    visible_mutuals,
    visible_open_to,
)
from kith.members.visibility import Level, Relation, profile_level, shows
from kith.moderation import holds
from kith.moderation.models import Report
from kith.moderation.models import Restriction as ModerationRestriction
from kith.network.graph_selectors import degree_badges, reach_gain_for, target_market_ids
from kith.network.models import Invitation

__all__ = [
    "Insights",
    "ReachGain",
    "Trust",
    "insights_for",
    "insights_for_invitations",
    "report_band",
]

STATS_WINDOW_DAYS = 30
# Shared history that makes a stranger "related": at a company at the same time, or a school.
SHARED_HISTORY = ("colleague", "school")
MUTUAL_SAMPLE = 3
TOP_SKILLS = 5

# Reports against a member, counted by distinct reporters over the last year (any
# status): one or two is "some" (anyone can be reported once by mistake or spite),
# three or more is "many".
REPORTS_WINDOW_DAYS = 365
REPORTS_SOME_AT = 1
REPORTS_MANY_AT = 3


def report_band(reporters: int) -> str:
    """"none" / "some" / "many" for a count of distinct reporters (see REPORTS_*)."""
    if reporters >= REPORTS_MANY_AT:
        return "many"
    if reporters >= REPORTS_SOME_AT:
        return "some"
    return "none"


@dataclass(frozen=True)
class ReachGain:
    second_degree: int
    target_market: int


@dataclass(frozen=True)
class Trust:
    account_age_days: int
    profile_completeness: int | None  # None when the profile is for the member's connections only
    invitations_30d: int
    acceptance_rate_30d: float | None
    reports: str
    restricted: bool


@dataclass
class Insights:
    """What the viewer may know about one member, and the recommendation.

    ``full`` False: the member's profile is for their connections only, so the
    "who they are / what they do" parts are left empty.
    """

    profile: Profile
    full: bool
    degree: int | None
    mutual_count: int
    mutual_sample: list[Profile]
    reach_gain: ReachGain
    target_market_match: list[str]
    trust: Trust
    score: scoring.Score
    verified_email: bool
    current_position: Job | None = None
    open_to: list[OpenTo] = field(default_factory=list)
    top_skills: list[str] = field(default_factory=list)
    experience_summary: str = ""
    shared: list[str] = field(default_factory=list)  # companies (same time) and schools
    same_industry: str = ""
    same_city: str = ""
    invitation: Invitation | None = None
    conversation_id: int | None = None  # an existing 1:1 conversation with the member
    contexts: list[str] = field(default_factory=list)  # what both are in: "Both in Steam Engines" (kith.members.contexts)
    introduced_by: list[str] = field(default_factory=list)  # who introduced the two (kith.insights.hooks)

    @property
    def recommendation(self) -> str:
        return self.score.recommendation

    @property
    def label(self) -> str:
        """The recommendation in words; "Worth connecting" when there is no invitation to accept."""
        if self.invitation is None and self.recommendation == scoring.ACCEPT:
            return "Worth connecting"
        return self.score.label

    @property
    def reasons(self) -> list[str]:
        return self.score.reasons

    @property
    def industry_label(self) -> str:
        # A dict lookup: Profile.industry_label flattens the choices on every call.
        return INDUSTRY_LABELS.get(self.profile.industry, "")

    @property
    def note(self) -> str:
        return self.invitation.note if self.invitation else ""

    @property
    def member_since(self) -> datetime:
        return self.profile.user.date_joined

    @property
    def is_new(self) -> bool:
        return self.trust.account_age_days < scoring.YOUNG_ACCOUNT_DAYS

    @property
    def mutual_more(self) -> int:
        return max(0, self.mutual_count - len(self.mutual_sample))

    # Lines the card prints, built here in one go: fifty cards a page make every
    # template lookup count (bench/insights.py).

    @property
    def position_line(self) -> str:
        """ "Title at Company" for the current position, unless the headline already says it."""
        job = self.current_position
        if job is None:
            return ""
        line = f"{job.title} at {job.company}"
        headline = " ".join(self.profile.headline.split()).lower()
        if line.lower() in headline:
            return ""
        return line

    @property
    def place_line(self) -> str:
        return " · ".join(part for part in (self.profile.location, self.industry_label) if part)

    def _said(self, *starts: str) -> bool:
        """Whether a reason of the verdict already says it (a card says each fact once)."""
        return any(reason.startswith(starts) for reason in self.reasons)

    @property
    def account_line(self) -> str:
        """The profile's freshness; its age is the Trust section's first line."""
        email = "email verified" if self.verified_email else "email not verified"
        if not self.full:
            return email.capitalize()
        updated = dateformat.format(timezone.localtime(self.profile.updated_at), "j M Y")
        parts = [f"Profile updated {updated}"]
        if not self._said("Profile "):
            parts.append(f"{self.trust.profile_completeness}% complete")
        return " · ".join([*parts, email])

    @property
    def relate_lines(self) -> list[str]:
        """How the viewer relates to the member, after the degree and mutual connections."""
        lines = list(self.shared) + list(self.contexts)
        if self.same_industry:
            lines.append(f"Also in {self.same_industry}")
        if self.same_city:
            lines.append(f"Also in {self.same_city}")
        if self.target_market_match:
            names = {"title": "job title"}
            lines.append("In your target market: " + ", ".join(names.get(c, c) for c in self.target_market_match))
        return lines

    @property
    def degree_line(self) -> str:
        return {1: "Connected", 2: "2nd degree", 3: "3rd degree"}.get(self.degree or 0, "Outside your network")

    @property
    def reach_line(self) -> str:
        if self.degree == 1:
            return "Already in your network."
        gain = self.reach_gain
        verb = "Accepting" if self.invitation is not None else "Connecting"
        line = f"{verb} would add {gain.second_degree} member{'' if gain.second_degree == 1 else 's'} to your 2nd degree"
        return line + (f", {gain.target_market} of them in your target market." if gain.second_degree else ".")

    @property
    def trust_lines(self) -> list[str]:
        t = self.trust
        if t.account_age_days < 90:
            age = f"Account {t.account_age_days} day{'' if t.account_age_days == 1 else 's'} old"
        else:
            age = "Member since " + dateformat.format(timezone.localtime(self.member_since), "F Y")
        sent = f"{t.invitations_30d} invitation{'' if t.invitations_30d == 1 else 's'} sent in 30 days"
        rate = None if t.acceptance_rate_30d is None else round(t.acceptance_rate_30d * 100)
        if rate is not None:
            sent += f", {rate}% of those answered accepted"
        if self._said("Sent "):  # the verdict gave the count (and perhaps the rate) already
            sent = "" if rate is None or self._said("Only ") else f"{rate}% of their answered invitations accepted"
        ages = [] if self._said("Joined ", "Member for ") else [age]
        return [*ages, *([sent] if sent else []), f"Reports: {t.reports}"]


# --- small pure helpers -----------------------------------------------------------------------


def _years(n: int) -> str:
    if n < 1:
        return "Under a year"
    return f"{n} year" if n == 1 else f"{n} years"


def experience_summary(profile: Profile, positions: list[Job], *, today: date) -> str:
    """One line from the positions: "12 years in logistics, now Head of Sales at Acme"."""
    if not positions:
        return ""
    first = min(p.start for p in positions)
    years = (today - first).days // 365
    label = INDUSTRY_LABELS.get(profile.industry, "")
    domain = f" in {label.lower()}" if label else " of experience"
    current = next((p for p in positions if p.is_current), None)
    latest = current or max(positions, key=lambda p: (p.end or date.max, p.start))
    when = "now" if current else "most recently"
    return f"{_years(years)}{domain}, {when} {latest.title} at {latest.company}"


# --- gathering ------------------------------------------------------------------------------------


@dataclass
class _Viewer:
    """The viewer's own side, fetched once per call."""

    member: User
    profile: Profile
    side: Side  # positions and schools, for shared history (kith.members.affinity)
    market: TargetMarket | None
    hidden: set[int]

    @classmethod
    def load(cls, viewer: User) -> _Viewer:
        profile = Profile.objects.get(pk=viewer.pk)
        stints = tuple(
            Stint(term_key(c), c, start, end, current)
            for c, start, end, current in Position.objects.filter(profile_id=viewer.pk).values_list("company", "start", "end", "is_current")
        )
        schools = tuple((term_key(s), s) for s in Education.objects.filter(profile_id=viewer.pk).values_list("school", flat=True))
        market = TargetMarket.objects.filter(profile_id=viewer.pk).first()
        if market is not None and market.is_empty:
            market = None
        return cls(viewer, profile, Side(stints=stints, schools=schools), market, blocked_ids(viewer))


# The target-market mask over all members takes one large query (about a second at
# 100,000 members), so it is kept in the cache per member and per target market for
# a few minutes: reach-gain counts may lag a profile edit elsewhere by that much.
# Editing one's own target market changes the key, so it shows at once.
MARKET_MASK_TTL = 600


def market_mask(viewer: User, market: TargetMarket) -> np.ndarray:
    """``graph_selectors.target_market_ids(viewer)``, cached (see MARKET_MASK_TTL)."""
    criteria = json.dumps([market.industries, market.title_keywords, market.locations, market.companies], sort_keys=True)
    key = f"insights:market-mask:{viewer.pk}:{hashlib.sha1(criteria.encode()).hexdigest()[:16]}"
    cached = cache.get(key)
    if cached is not None:
        n, bits = cached
        return np.unpackbits(np.frombuffer(bits, dtype=np.uint8), count=n).astype(bool)
    mask = target_market_ids(viewer)
    cache.set(key, (len(mask), np.packbits(mask).tobytes()), MARKET_MASK_TTL)
    return mask


@dataclass(frozen=True)
class Job:
    """One position, as the card needs it."""

    company: str
    title: str
    start: date
    end: date | None
    is_current: bool


def _positions(ids: list[int]) -> dict[int, list[Job]]:
    """Each member's positions, current first then newest (Position's order)."""
    out: dict[int, list[Job]] = defaultdict(list)
    rows = Position.objects.filter(profile_id__in=ids).order_by("profile_id", "-is_current", "-start", "-id")
    for pid, *job in rows.values_list("profile_id", "company", "title", "start", "end", "is_current"):
        out[pid].append(Job(*job))
    return out


def _stats(ids: list[int], since: datetime) -> dict[int, dict[str, int]]:
    """Per sender, their invitations created since ``since``: how many, answered, accepted, declined."""
    rows = (
        Invitation.objects.filter(sender_id__in=ids, created_at__gte=since)
        .values("sender_id")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(status__in=Invitation.ANSWERED)),
            accepted=Count("pk", filter=Q(status=Invitation.Status.ACCEPTED)),
            declined=Count("pk", filter=Q(status__in=Invitation.DECLINED)),
        )
    )
    return {row.pop("sender_id"): row for row in rows}


def _reporters(ids: list[int], since: datetime) -> dict[int, int]:
    rows = (
        Report.objects.filter(reported_id__in=ids, created_at__gte=since)
        .values("reported_id")
        .annotate(n=Count("reporter_id", distinct=True))
    )
    return {row["reported_id"]: row["n"] for row in rows}


def _restricted(ids: list[int], now: datetime) -> dict[int, set[str]]:
    """Members whose invitations are restricted now, with the kinds: a standing restriction, an
    automatic hold or a moderator's restriction (kith.moderation's, for many members in one query)."""
    kinds = (ModerationRestriction.Kind.STANDING, ModerationRestriction.Kind.HOLD, ModerationRestriction.Kind.INVITATIONS)
    rows = ModerationRestriction.objects.filter(member_id__in=ids, kind__in=kinds, lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    out: dict[int, set[str]] = defaultdict(set)
    for member_id, kind in rows.values_list("member_id", "kind"):
        out[member_id].add(kind)
    return out


def _verified(ids: list[int]) -> set[int]:
    return set(EmailAddress.objects.filter(user_id__in=ids, verified=True).values_list("user_id", flat=True))


def _mutuals(me: _Viewer, ids: list[int]) -> tuple[dict[int, list[int]], dict[int, Profile]]:
    """Mutual connection ids per member (blocked and deactivated left out, and mutuals whose
    hidden connection list the viewer may not see: members.selectors.visible_mutuals) and their
    profiles."""
    raw = {i: [m for m in adapter.mutual_ids(me.member.pk, i) if m not in me.hidden] for i in ids}
    raw = visible_mutuals(me.member, raw)
    everyone = {m for ms in raw.values() for m in ms}
    profiles = (
        Profile.objects.filter(pk__in=everyone, user__is_active=True).only("user_id", "name", "handle", "headline", "photo").in_bulk()
        if everyone
        else {}
    )
    return {i: [m for m in ms if m in profiles] for i, ms in raw.items()}, profiles


def conversations_with(viewer: User, ids: list[int]) -> dict[int, int]:
    from kith.messaging.models import Conversation

    keys = {Conversation.pair_key_for(viewer.pk, i): i for i in ids if i != viewer.pk}
    rows = Conversation.objects.filter(pair_key__in=list(keys)).values_list("pair_key", "pk")
    return {keys[key]: pk for key, pk in rows}


def _gather(
    viewer: User,
    profiles: list[Profile],
    *,
    invitations: dict[int, Invitation] | None = None,
    connected: set[int] | None = None,
) -> list[Insights]:
    """Insights for each profile (one per member), in the order given."""
    if not profiles:
        return []
    now = timezone.now()
    today = now.date()
    invitations = invitations or {}
    ids = [p.pk for p in profiles]
    me = _Viewer.load(viewer)
    introduced = hooks.introduced_by(viewer.pk, ids)
    # Plain rows rather than prefetched model instances: a page has fifty members.
    prefetch_related_objects(profiles, "user", "open_to")
    positions_of = _positions(ids)
    schools_of: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for pid, school in Education.objects.filter(profile_id__in=ids).values_list("profile_id", "school"):
        schools_of[pid].append((term_key(school), school))
    skills_of: dict[int, list[str]] = defaultdict(list)
    for pid, name in (
        ProfileSkill.objects.filter(profile_id__in=ids).order_by("profile_id", "order", "id").values_list("profile_id", "skill__name")
    ):
        skills_of[pid].append(name)
    badges = degree_badges(viewer, ids)
    connected = connected if connected is not None else {i for i, d in badges.items() if d == 1}
    facts_by_id = market_facts(ids) if me.market is not None else {}
    stats = _stats(ids, now - timedelta(days=STATS_WINDOW_DAYS))
    reporters = _reporters(ids, now - timedelta(days=REPORTS_WINDOW_DAYS))
    restricted = _restricted(ids, now)
    hold_signals = holds.evidence_for_members(ids, now=now)
    verified = _verified(ids)
    mutual_ids, mutual_profiles = _mutuals(me, ids)
    # Without a target market the mask is empty (nobody in it), not recomputed per member.
    mask = market_mask(viewer, me.market) if me.market is not None else np.zeros(0, dtype=bool)
    conversations = conversations_with(viewer, ids)
    shared_contexts = contexts.shared(viewer.pk, ids)

    out = []
    for profile in profiles:
        pid = profile.pk
        level = profile_level(Relation(viewer_id=viewer.pk, member_id=pid, connected=pid in connected), visibility=profile.visibility)
        full = level is Level.FULL
        positions = positions_of.get(pid, [])
        s = stats.get(pid, {"total": 0, "answered": 0, "accepted": 0, "declined": 0})
        mutual = mutual_ids.get(pid, [])
        sample = sorted((mutual_profiles[m] for m in mutual), key=lambda p: (p.name.lower(), p.pk))[:MUTUAL_SAMPLE]
        gain = reach_gain_for(viewer, pid, target=mask)
        shared: list[str] = []
        same_industry = same_city = ""
        matched: list[str] = []
        if full:
            theirs = Side(stints=tuple(Stint(term_key(p.company), p.company, p.start, p.end, p.is_current) for p in positions), schools=tuple(schools_of.get(pid, ())))
            shared = [reason for signal, reason in shared_history(me.side, theirs) if signal in SHARED_HISTORY]
            if profile.industry and profile.industry == me.profile.industry:
                same_industry = INDUSTRY_LABELS.get(profile.industry, "")
            if profile.city and term_key(profile.city) == term_key(me.profile.city):
                same_city = profile.city
            if me.market is not None and pid in facts_by_id:
                matched = target_market_match(me.market, facts_by_id[pid])
        invitation = invitations.get(pid)
        age = max(0, (now - profile.user.date_joined).days)
        facts = scoring.Facts(
            account_age_days=age,
            profile_visible=full,
            completeness=profile.completeness,
            has_positions=bool(positions),
            verified_email=pid in verified,
            invitations_30d=s["total"],
            answered_30d=s["answered"],
            accepted_30d=s["accepted"],
            declined_30d=s["declined"],
            reports=report_band(reporters.get(pid, 0)),
            # A hold is said by the rules behind it (hold_signals), not again as a restriction.
            restricted=bool(restricted.get(pid, set()) - ({ModerationRestriction.Kind.HOLD} if hold_signals.get(pid) else set())),
            hold_signals=tuple(sig.text for sig in hold_signals.get(pid, ())),
            connected=pid in connected,
            mutual_count=len(mutual),
            target_market_match=tuple(matched),
            shared=tuple(shared),
            note=invitation.note if invitation else "",
        )
        out.append(
            Insights(
                profile=profile,
                full=full,
                degree=badges.get(pid),
                mutual_count=len(mutual),
                mutual_sample=sample,
                reach_gain=ReachGain(*gain),
                target_market_match=matched,
                trust=Trust(
                    account_age_days=age,
                    profile_completeness=profile.completeness if shows(level, "completeness") else None,
                    invitations_30d=s["total"],
                    acceptance_rate_30d=facts.acceptance_rate_30d,
                    reports=facts.reports,
                    restricted=pid in restricted,
                ),
                score=scoring.score(facts),
                verified_email=pid in verified,
                current_position=next((p for p in positions if p.is_current), None) if full else None,
                open_to=visible_open_to(viewer, profile, level=level),
                top_skills=skills_of.get(pid, [])[:TOP_SKILLS] if full else [],
                experience_summary=experience_summary(profile, positions, today=today) if full else "",
                shared=shared,
                same_industry=same_industry,
                same_city=same_city,
                invitation=invitation,
                conversation_id=conversations.get(pid),
                contexts=[c.reason for c in shared_contexts.get(pid, [])],
                introduced_by=introduced.get(pid, []),
            )
        )
    return out


def insights_for(viewer: User, member: User | Profile, *, invitation: Invitation | None = None) -> Insights:
    """Insights on one member for the viewer. The caller fetched ``member`` through
    ``access_profile`` (or an invitation box), which applied blocks and visibility."""
    profile = member if isinstance(member, Profile) else member.profile
    if invitation is None:
        invitation = (
            Invitation.objects.filter(sender_id=profile.pk, recipient=viewer, status__in=Invitation.OPEN)
            .order_by("-created_at")
            .first()
        )
    return _gather(viewer, [profile], invitations={profile.pk: invitation} if invitation else None)[0]


def insights_for_members(viewer: User, profiles: Iterable[Profile]) -> dict[int, Insights]:
    """``{profile id: Insights}`` for members with no invitation between them and the viewer
    (a group's applicants judged by its manager). The caller loaded ``profiles`` through a
    selector that applied blocks and visibility."""
    profiles = list({p.pk: p for p in profiles}.values())
    return {ins.profile.pk: ins for ins in _gather(viewer, profiles)}


def insights_for_invitations(viewer: User, invitations: Iterable[Invitation]) -> dict[int, Insights]:
    """``{invitation id: Insights}`` for invitations the viewer received (from a
    network ``invitations`` box, so blocked senders are already gone)."""
    invitations = list(invitations)
    by_sender = {i.sender_id: i for i in invitations}
    profiles = [i.sender.profile for i in invitations if by_sender[i.sender_id] is i]
    gathered = {ins.profile.pk: ins for ins in _gather(viewer, profiles, invitations=by_sender)}
    return {i.pk: gathered[i.sender_id] for i in invitations if i.sender_id in gathered}
