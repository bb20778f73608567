"""Automatic holds: the rules, in one place.

A hold stops a member's invitations and message requests until a moderator has looked, and puts
the account in the queue with the signals that fired. It never suspends, and the member is told
(their standing page and a notice on every page say why). The apps that own the actions report the
facts here as they happen; this module remembers what it needs (``Outreach``: a fingerprint of
each note, whether it went to a stranger and carried a link) and decides.

Who reports what:

- network's ``send_invitation`` → :func:`invitation_sent`; its answers ("I don't know", spam,
  ignore, accept) → :func:`invitation_answered`, which asks the network (through the provider it
  registers with :func:`register_answer_facts`) how the member's invitations were answered;
- messaging's message request → :func:`message_request_sent`;
- ``moderation.actions.file_report`` → :func:`report_filed`.

A **stranger** is a recipient who shares no connection, no company and no school with the sender
(and whose address the sender did not type). The rules, each a setting (``KITH_HOLD_*``):

=====================  =========================================================================
signal                 fires when, counting only what happened since the last hold was reviewed
=====================  =========================================================================
``velocity``           ≥ STRANGERS_PER_DAY invitations to strangers in 24 hours, or
                       ≥ STRANGERS_PER_WINDOW in WINDOW_DAYS
``declined_share``     of ≥ MIN_ANSWERED answered invitations (accepted, ignored, "I don't know",
                       spam) in WINDOW_DAYS, a share ≥ DECLINED_SHARE "I don't know" or spam
``duplicate_notes``    ≥ DUPLICATE_NOTES notes to strangers in WINDOW_DAYS are the same or nearly
                       (estimated Jaccard of 5-character shingles ≥ DUPLICATE_SIMILARITY, with the
                       recipient's own name, company, title and city masked: a template
                       personalised per recipient is still one note; ``similarity``)
``links_to_strangers`` ≥ LINKS_TO_STRANGERS notes or message requests to strangers carry a link
``distinct_reporters`` ≥ DISTINCT_REPORTERS different members reported them in REPORTS_WINDOW_DAYS
=====================  =========================================================================

Any one signal holds the member; the hold records every signal that fired at that moment. The
request insights (``kith.insights``) label an invitation spam from the same rules:
:func:`evidence_for_members` (what fires now, batched by :func:`signals_for_members`, plus the
signals recorded by a hold still in force).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from kith.members.models import User
from kith.moderation import actions, similarity
from kith.moderation.models import Outreach, QueueItem, Report, Restriction

__all__ = [
    "Signal",
    "evidence_for_members",
    "invitation_answered",
    "invitation_sent",
    "message_request_sent",
    "register_answer_facts",
    "register_answer_facts_many",
    "report_filed",
    "signals_for",
    "signals_for_members",
]


@dataclass(frozen=True)
class Signal:
    signal: str
    value: float
    threshold: float
    text: str

    def as_dict(self) -> dict:
        return asdict(self)


# (member, since) -> (answered, declined): the member's sent invitations answered after ``since``.
_answer_facts: Callable[[User, datetime], tuple[int, int]] | None = None


def register_answer_facts(provider: Callable[[User, datetime], tuple[int, int]]) -> None:
    global _answer_facts
    _answer_facts = provider


# {member id: since} -> {member id: (answered, declined)}: the same counts for many members in one
# query, when the network registers it (signals_for_members then asks it instead of one by one).
_answer_facts_many: Callable[[dict[int, datetime]], dict[int, tuple[int, int]]] | None = None


def register_answer_facts_many(provider: Callable[[dict[int, datetime]], dict[int, tuple[int, int]]]) -> None:
    global _answer_facts_many
    _answer_facts_many = provider


# --- what the apps report ------------------------------------------------------------------------


def invitation_sent(
    sender: User, *, recipient_id: int, stranger: bool, note: str = "", mask: Iterable[str] = (), now: datetime | None = None
) -> list[Signal]:
    """Record one invitation and hold the sender if a rule fires. Runs in the sender's transaction."""
    _record(sender, Outreach.Kind.INVITATION, recipient_id=recipient_id, stranger=stranger, text=note, mask=mask, now=now)
    return _decide(sender, now=now)


def message_request_sent(
    sender: User, *, recipient_id: int, stranger: bool, text: str = "", mask: Iterable[str] = (), now: datetime | None = None
) -> list[Signal]:
    _record(sender, Outreach.Kind.MESSAGE_REQUEST, recipient_id=recipient_id, stranger=stranger, text=text, mask=mask, now=now)
    return _decide(sender, now=now)


def invitation_answered(sender: User, *, now: datetime | None = None) -> list[Signal]:
    return _decide(sender, now=now)


def report_filed(reported: User, *, now: datetime | None = None) -> list[Signal]:
    return _decide(reported, now=now)


# --- the rules -----------------------------------------------------------------------------------


def _record(member: User, kind: str, *, recipient_id: int, stranger: bool, text: str, mask: Iterable[str], now: datetime | None) -> None:
    normalized = similarity.normalize(text, mask=mask)
    sig = similarity.signature(normalized) if stranger else np.empty(0, dtype=np.uint32)
    Outreach.objects.create(
        member=member,
        kind=kind,
        recipient_id=recipient_id,
        stranger=stranger,
        has_link=similarity.has_link(text),
        signature=sig.tobytes(),
        created_at=now or timezone.now(),
    )


def _reviewed_at(ids: list[int]) -> dict[int, datetime]:
    """When a moderator last closed a hold on each member: evidence before it has been judged."""
    rows = (
        QueueItem.objects.filter(member_id__in=ids, kind=QueueItem.Kind.HOLD, status=QueueItem.Status.RESOLVED)
        .values("member_id")
        .annotate(last=Max("resolved_at"))
    )
    return {row["member_id"]: row["last"] for row in rows}


def _plural(n: float, word: str) -> str:
    n = int(n)
    return f"{n} {word}" + ("" if n == 1 else "s")


def signals_for(member: User, *, now: datetime | None = None, latest_signature: bytes | None = None) -> list[Signal]:
    """Every rule that fires for ``member`` now (reads only)."""
    return signals_for_members([member.pk], now=now, latest_signature=latest_signature)[member.pk]


def signals_for_members(
    ids: Iterable[int], *, now: datetime | None = None, latest_signature: bytes | None = None
) -> dict[int, list[Signal]]:
    """``{member id: every rule that fires now}`` for many members at once (reads only): what the
    holds decide on, and what the request insights label spam from (one rule, not two).

    Three queries for the lot, plus the network's answer counts: one query when it registered
    :func:`register_answer_facts_many`, else one member at a time."""
    ids = list(dict.fromkeys(ids))
    now = now or timezone.now()
    window_start = now - timedelta(days=settings.KITH_HOLD_WINDOW_DAYS)
    reports_start = now - timedelta(days=settings.KITH_HOLD_REPORTS_WINDOW_DAYS)
    reviewed = _reviewed_at(ids)
    earliest = min([window_start, *(max(window_start, r) for r in reviewed.values())])
    rows_of: dict[int, list[tuple]] = {i: [] for i in ids}
    outreach = (
        Outreach.objects.filter(member_id__in=ids, created_at__gt=earliest, created_at__lte=now)
        .order_by("-created_at")
        .values_list("member_id", "kind", "stranger", "has_link", "signature", "created_at")
    )
    for member_id, *row in outreach.iterator(chunk_size=2000):
        since = max(window_start, reviewed[member_id]) if member_id in reviewed else window_start
        if row[4] > since and len(rows_of[member_id]) < OUTREACH_READ:
            rows_of[member_id].append(tuple(row))
    reporters_of: dict[int, set[int]] = {i: set() for i in ids}
    for reported_id, reporter_id, created_at in Report.objects.filter(
        reported_id__in=ids, created_at__gt=min([reports_start, *reviewed.values()])
    ).values_list("reported_id", "reporter_id", "created_at"):
        since = max(reports_start, reviewed[reported_id]) if reported_id in reviewed else reports_start
        if created_at > since:
            reporters_of[reported_id].add(reporter_id)
    since_of = {i: max(window_start, reviewed[i]) if i in reviewed else window_start for i in ids}
    answers_of = _answer_facts_many(since_of) if _answer_facts_many is not None and len(ids) > 1 else None
    out: dict[int, list[Signal]] = {}
    for member_id in ids:
        since = since_of[member_id]
        if answers_of is not None:
            answers = answers_of.get(member_id, (0, 0))
        else:
            answers = _answer_facts(_member(member_id), since) if _answer_facts is not None else None
        out[member_id] = _rules(
            rows_of[member_id], answers=answers, reporters=len(reporters_of[member_id]), now=now, latest_signature=latest_signature
        )
    return out


def evidence_for_members(ids: Iterable[int], *, now: datetime | None = None) -> dict[int, list[Signal]]:
    """``{member id: the rules against them}``: those that fire now, and, while a hold is in force
    (not yet reviewed), the rules that held them, though their evidence has since aged out of the
    window. What the request insights label spam from."""
    ids = list(dict.fromkeys(ids))
    now = now or timezone.now()
    out = signals_for_members(ids, now=now)
    held = Restriction.objects.filter(member_id__in=ids, kind=Restriction.Kind.HOLD, lifted_at__isnull=True, starts_at__lte=now)
    for member_id, details in held.values_list("member_id", "details"):
        fired = {s.signal for s in out[member_id]}
        for recorded in (details or {}).get("signals", []):
            if recorded.get("signal") not in fired and {"signal", "value", "threshold", "text"} <= set(recorded):
                out[member_id].append(Signal(recorded["signal"], recorded["value"], recorded["threshold"], recorded["text"]))
                fired.add(recorded["signal"])
    return out


# The newest outreach rows read per member: more than any threshold needs.
OUTREACH_READ = 1000


def _member(pk: int) -> User:
    member = User(pk=pk)
    member._state.adding = False
    return member


def _rules(
    rows: list[tuple], *, answers: tuple[int, int] | None, reporters: int, now: datetime, latest_signature: bytes | None
) -> list[Signal]:
    """The rules, over one member's facts since the last review: ``rows`` (kind, stranger, has_link,
    signature, created_at), newest first; ``answers`` (answered, declined); distinct ``reporters``."""
    fired: list[Signal] = []
    strangers = [r for r in rows if r[1]]
    invited = [r for r in strangers if r[0] == Outreach.Kind.INVITATION]
    day = sum(1 for r in invited if r[4] > now - timedelta(days=1))
    if day >= settings.KITH_HOLD_STRANGERS_PER_DAY:
        fired.append(Signal("velocity", day, settings.KITH_HOLD_STRANGERS_PER_DAY, f"{_plural(day, 'invitation')} to strangers in 24 hours"))
    elif len(invited) >= settings.KITH_HOLD_STRANGERS_PER_WINDOW:
        fired.append(
            Signal(
                "velocity",
                len(invited),
                settings.KITH_HOLD_STRANGERS_PER_WINDOW,
                f"{_plural(len(invited), 'invitation')} to strangers in {settings.KITH_HOLD_WINDOW_DAYS} days",
            )
        )
    if answers is not None:
        answered, declined = answers
        if answered >= settings.KITH_HOLD_MIN_ANSWERED and declined / answered >= settings.KITH_HOLD_DECLINED_SHARE:
            fired.append(
                Signal(
                    "declined_share",
                    round(declined / answered, 3),
                    settings.KITH_HOLD_DECLINED_SHARE,
                    f"{declined} of {_plural(answered, 'answered invitation')} were \"I don't know this person\" or spam",
                )
            )
    signatures = [np.frombuffer(bytes(r[3]), dtype=np.uint32) for r in strangers if r[3]]
    signatures = [s for s in signatures if s.size == similarity.PERMUTATIONS]
    if len(signatures) >= settings.KITH_HOLD_DUPLICATE_NOTES:
        stacked = np.stack(signatures)
        probe = signatures[0] if latest_signature is None else np.frombuffer(latest_signature, dtype=np.uint32)
        same = similarity.similar_count(probe, stacked, threshold=settings.KITH_HOLD_DUPLICATE_SIMILARITY)
        if same < settings.KITH_HOLD_DUPLICATE_NOTES:
            # the latest note may be the odd one out: ask whether any note has enough twins
            same = max(
                similarity.similar_count(sig, stacked, threshold=settings.KITH_HOLD_DUPLICATE_SIMILARITY)
                for sig in signatures[: 4 * settings.KITH_HOLD_DUPLICATE_NOTES]
            )
        if same >= settings.KITH_HOLD_DUPLICATE_NOTES:
            fired.append(
                Signal("duplicate_notes", same, settings.KITH_HOLD_DUPLICATE_NOTES, f"the same note, or nearly, to {_plural(same, 'stranger')}")
            )
    links = sum(1 for r in strangers if r[2])
    if links >= settings.KITH_HOLD_LINKS_TO_STRANGERS:
        fired.append(
            Signal("links_to_strangers", links, settings.KITH_HOLD_LINKS_TO_STRANGERS, f"links in {_plural(links, 'note')} to strangers")
        )
    if reporters >= settings.KITH_HOLD_DISTINCT_REPORTERS:
        fired.append(
            Signal("distinct_reporters", reporters, settings.KITH_HOLD_DISTINCT_REPORTERS, f"reported by {_plural(reporters, 'member')}")
        )
    return fired


def is_held(member: User, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return Restriction.objects.filter(
        member=member, kind=Restriction.Kind.HOLD, lifted_at__isnull=True, starts_at__lte=now
    ).exists()


def _decide(member: User, *, now: datetime | None) -> list[Signal]:
    if is_held(member, now=now):
        return []
    fired = signals_for(member, now=now)
    if fired:
        actions.hold_member(member, signals=[s.as_dict() for s in fired], now=now)
    return fired
