"""Every write to introductions: ask, forward, decline, "I don't know them well enough",
and the target's Connect / Reply / Ignore; the periodic "not forwarded".

Each action is one transaction that locks the request row before it moves it; every
move goes through ``_move`` / ``_move_hop``, which enforce the TRANSITIONS next to the
models. A block between any two members on the path ends the request at the next
step, silently (the asker sees it on its way, then "Not forwarded").
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kith.core.errors import KithError, LimitReached, NotFound
from kith.core.limits import rolling_window_lifts_at
from kith.introductions import selectors
from kith.introductions.models import (
    NOTE_MAX,
    IntroductionHop,
    IntroductionRequest,
    MarketDigestPreference,
)
from kith.introductions.notification_kinds import (
    INTRODUCTION_CONNECTED,
    INTRODUCTION_MADE,
    INTRODUCTION_RECEIVED,
    INTRODUCTION_REQUESTED,
)
from kith.members.models import Block, Connection, Profile, User
from kith.members.selectors import access_profile
from kith.messaging.actions import start_conversation
from kith.network.actions import connect_introduced
from kith.network.selectors import format_day, format_moment
from kith.notifications.actions import notify, retract

__all__ = [
    "ask_introduction",
    "forward_introduction",
    "decline_introduction",
    "not_well_enough",
    "accept_introduction",
    "reply_to_introduction",
    "ignore_introduction",
    "mark_not_forwarded",
    "end_across_block",
    "set_digest",
    "erase_member",
]

Status = IntroductionRequest.Status
Hop = IntroductionHop.Status
# How many of their connections who know the target the first introducer of a chain may choose from.
CHOICES = 10


def _note(text: str | None, field: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) > NOTE_MAX:
        raise KithError(f"Keep the note under {NOTE_MAX} characters (it has {len(text)}).", "note_too_long", field)
    return text


def _move(request: IntroductionRequest, status: str, *, now: datetime) -> None:
    if not request.can_move_to(status):
        raise KithError(
            f"This introduction is {request.get_status_display().lower()} already.", "invalid_transition", "introduction", status=409
        )
    request.status = status
    fields = ["status"]
    if status == Status.INTRODUCED:
        request.introduced_at = now
        fields.append("introduced_at")
    if status in (Status.CONNECTED, Status.REPLIED, Status.IGNORED):
        request.answered_at = now
        fields.append("answered_at")
    request.save(update_fields=fields)


def _move_hop(hop: IntroductionHop, status: str, *, now: datetime, note: str | None = None) -> None:
    if not hop.can_move_to(status):
        raise KithError(f"You have answered this one already ({hop.get_status_display().lower()}).", "invalid_transition", "introduction", status=409)
    hop.status = status
    fields = ["status"]
    if status == Hop.PENDING:
        hop.reached_at = now
        fields.append("reached_at")
    else:
        hop.answered_at = now
        fields.append("answered_at")
    if note is not None:
        hop.note = note
        fields.append("note")
    hop.save(update_fields=fields)


def _locked(request_id: int) -> IntroductionRequest:
    return IntroductionRequest.objects.select_for_update().get(pk=request_id)


def _path(request: IntroductionRequest) -> list[int]:
    return [request.asker_id, *(h.introducer_id for h in request.hops.all()), request.target_id]


def _blocked_on_path(ids: list[int]) -> bool:
    """Whether any two members on the path blocked one another (either way)."""
    return Block.objects.filter(blocker_id__in=ids, blocked_id__in=ids).exists()


def _linked(ids: list[int]) -> bool:
    """Whether each member on ``ids`` is connected to the next (the path so far still holds)."""
    pairs = {(a, b) for a, b in zip(ids, ids[1:], strict=False)}
    if not pairs:
        return True
    q = Q()
    for a, b in pairs:
        q |= Q(member_id=a, other_id=b)
    return Connection.objects.filter(q).count() == len(pairs)


def _inactive_on_path(ids: list[int]) -> bool:
    return User.objects.filter(pk__in=ids, is_active=False).exists()


def _end(request: IntroductionRequest, *, now: datetime) -> None:
    """A block or a closed account on the path: stop here, silently (the asker sees it on its way)."""
    for hop in request.hops.all():
        if hop.status in (Hop.WAITING, Hop.PENDING):
            _move_hop(hop, Hop.ENDED, now=now)
    if request.status == Status.PENDING:
        _move(request, Status.DECLINED, now=now)


def _check_week(asker: User, now: datetime) -> None:
    limit = settings.KITH_INTRODUCTIONS_PER_WEEK
    lifts_at = rolling_window_lifts_at(
        IntroductionRequest.objects.filter(asker=asker), limit=limit, window=timedelta(days=7), now=now, actor=asker
    )
    if lifts_at is not None:
        raise LimitReached(
            f"You have asked for {limit} introductions in the last 7 days; the limit is {limit} a week. "
            f"You can ask for another from {format_moment(lifts_at)}.",
            "introduction_rate_limit",
            lifts_at=lifts_at,
        )


def _check_introducer_load(introducer: User, now: datetime) -> None:
    limit = settings.KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER
    pending = IntroductionHop.objects.filter(introducer=introducer, status=Hop.PENDING)
    if pending.count() >= limit:
        oldest = pending.order_by("reached_at").values_list("reached_at", flat=True).first() or now
        lifts_at = oldest + timedelta(days=settings.KITH_INTRODUCTION_SILENT_DAYS)
        raise LimitReached(
            f"{introducer.profile.name} has {limit} introductions waiting for an answer, the most one member is asked at once. "
            f"Ask someone else, or ask again when they have answered some (at the latest {format_day(lifts_at)}).",
            "introducer_busy",
            lifts_at=lifts_at,
            field="via",
        )


def _profile_of(asker: User, handle: str, field: str) -> Profile:
    try:
        return access_profile(asker, (handle or "").strip().lstrip("@")).profile
    except NotFound:
        raise NotFound("No member with that handle.", field=field) from None


@transaction.atomic
def ask_introduction(
    asker: User, *, to: str, via: str, note_to_introducer: str = "", note_to_target: str = ""
) -> IntroductionRequest:
    """Ask ``via`` (a connection) to introduce the asker to ``to``.

    A 2nd-degree target: ``via`` must be one of the introducers the asker is offered
    (``selectors.best_introducers``: mutual, visible, unblocked). A 3rd-degree target:
    ``via`` starts the best chain through them (``selectors.best_chains``), and the
    second introducer is chosen with it. Limits: requests a week, pending requests
    per introducer. One open request per target.
    """
    note_to_introducer = _note(note_to_introducer, "note_to_introducer")
    note_to_target = _note(note_to_target, "note_to_target")
    target = _profile_of(asker, to, "to")
    if target.pk == asker.pk:
        raise KithError("You can't ask to be introduced to yourself.", "self", "to")
    introducer = _profile_of(asker, via, "via")
    now = timezone.now()
    route = selectors.route_to(asker, target.user, k=50)
    if route.degree == 1:
        raise KithError(f"You are connected to {target.name} already.", "already_connected", "to", status=409)
    if route.degree == 2:
        match = [i for i in route.introducers if i.profile.pk == introducer.pk]
        if not match:
            raise KithError(f"{introducer.name} can't introduce you to {target.name}.", "not_an_introducer", "via")
        chain = [introducer.pk]
    elif route.degree == 3:
        match = [c for c in route.chains if c.first.pk == introducer.pk]
        if not match:
            raise KithError(f"{introducer.name} can't introduce you to {target.name}.", "not_an_introducer", "via")
        chain = [introducer.pk, match[0].second_id]
    else:
        raise KithError(f"Nobody you know can introduce you to {target.name} yet.", "no_path", "to")
    _check_week(asker, now)
    _check_introducer_load(introducer.user, now)
    if IntroductionRequest.objects.filter(asker=asker, target_id=target.pk, status__in=IntroductionRequest.OPEN).exists():
        raise KithError(f"You have asked to be introduced to {target.name} already.", "already_asked", "to", status=409)
    try:
        with transaction.atomic():
            request = IntroductionRequest.objects.create(
                asker=asker,
                target_id=target.pk,
                note_to_introducer=note_to_introducer,
                note_to_target=note_to_target,
                created_at=now,
            )
    except IntegrityError:
        raise KithError(f"You have asked to be introduced to {target.name} already.", "already_asked", "to", status=409) from None
    IntroductionHop.objects.bulk_create(
        [
            IntroductionHop(
                request=request, position=i + 1, introducer_id=pk, status=Hop.PENDING if i == 0 else Hop.WAITING, reached_at=now if i == 0 else None
            )
            for i, pk in enumerate(chain)
        ]
    )
    notify(introducer.user, INTRODUCTION_REQUESTED, actor=asker, target=request)
    return request


def _my_hop(request: IntroductionRequest, member: User) -> IntroductionHop:
    for hop in request.hops.select_for_update().order_by("position"):
        if hop.introducer_id == member.pk and hop.status != Hop.WAITING:
            return hop
    raise NotFound("No such introduction.", field="id")


def _answerable(member: User, request_id: int) -> tuple[IntroductionRequest, IntroductionHop, datetime]:
    request, part = selectors.access_request(member, request_id)
    if part != "introducer":
        raise NotFound("No such introduction.", field="id")
    request = _locked(request.pk)
    return request, _my_hop(request, member), timezone.now()


def forward_introduction(introducer: User, *, request_id: int, note: str = "", via: str | None = None) -> IntroductionRequest:
    """Pass the request on with the introducer's own words: to the next introducer of a
    chain, or to the target, who then has the introduction. A block or a closed account
    anywhere on the path ends it instead (committed), and the introducer is told it
    can't go ahead.

    ``via``: the first introducer of a chain may pass it to another of their connections
    who knows the target (a handle among ``selectors.next_introducers``) instead of the one
    the chain proposed; that member's pending-introductions limit applies."""
    request, closed = _forward(introducer, request_id=request_id, note=note, via=via)
    if closed:
        raise KithError("This introduction can no longer go ahead.", "path_closed", "introduction", status=409)
    return request


@transaction.atomic
def _forward(introducer: User, *, request_id: int, note: str, via: str | None = None) -> tuple[IntroductionRequest, bool]:
    note = _note(note, "note")
    via = (via or "").strip().lstrip("@")
    request, hop, now = _answerable(introducer, request_id)
    if hop.status == Hop.FORWARDED:
        return request, False  # forwarding twice answers like the first time
    if hop.status == Hop.ENDED:
        return request, True  # a block or a closed account ended it before this answer
    if hop.status != Hop.PENDING:
        _move_hop(hop, Hop.FORWARDED, now=now)  # raises: the one guard says why
    path = _path(request)
    # The way so far, to the next person, must still be connections (one may have disconnected).
    if _blocked_on_path(path) or _inactive_on_path(path) or not _linked(path[: hop.position + 2]):
        _end(request, now=now)
        retract(target=request, kind=INTRODUCTION_REQUESTED)
        return request, True
    _move_hop(hop, Hop.FORWARDED, now=now, note=note)
    retract(target=request, kind=INTRODUCTION_REQUESTED)
    following = [h for h in request.hops.all() if h.position > hop.position]
    if via and not following:
        raise KithError(
            f"You introduce {request.asker.profile.name} to {request.target.profile.name} yourself: there is nobody to pass it to.",
            "no_next_introducer",
            "via",
        )
    if following:
        nxt = following[0]
        if via and via != nxt.introducer.profile.handle:
            _choose_next(introducer, request, nxt, via)
        _check_introducer_load(nxt.introducer, now)
        _move_hop(nxt, Hop.PENDING, now=now)
        notify(nxt.introducer, INTRODUCTION_REQUESTED, actor=introducer, target=request)
    else:
        _move(request, Status.INTRODUCED, now=now)
        notify(request.target, INTRODUCTION_RECEIVED, actor=introducer, target=request)
        notify(request.asker, INTRODUCTION_MADE, actor=introducer, target=request)
    return request, False


def _choose_next(introducer: User, request: IntroductionRequest, nxt: IntroductionHop, handle: str) -> None:
    """The first introducer passes the chain to ``handle`` instead: one of the connections
    they are offered for the target (selectors.next_introducers, which applies privacy and blocks)."""
    choices = {i.profile.handle: i.profile for i in selectors.next_introducers(introducer, request, k=CHOICES)}
    chosen = choices.get(handle)
    if chosen is None:
        raise KithError(
            f"Choose one of your connections who knows {request.target.profile.name}.", "not_an_introducer", "via"
        )
    nxt.introducer = chosen.user
    nxt.save(update_fields=["introducer"])


def _stop(introducer: User, request_id: int, status: str) -> IntroductionRequest:
    request, hop, now = _answerable(introducer, request_id)
    if hop.status == status:
        return request
    _move_hop(hop, status, now=now)
    for later in request.hops.all():
        if later.position > hop.position and later.status == Hop.WAITING:
            _move_hop(later, Hop.ENDED, now=now)
    if request.status == Status.PENDING:
        _move(request, Status.DECLINED, now=now)
    retract(target=request, kind=INTRODUCTION_REQUESTED)
    return request


@transaction.atomic
def decline_introduction(introducer: User, *, request_id: int) -> IntroductionRequest:
    """Decline, silently: the asker sees the request on its way, then "Not forwarded"
    once KITH_INTRODUCTION_SILENT_DAYS have passed since they asked (``mark_not_forwarded``)."""
    return _stop(introducer, request_id, Hop.DECLINED)


@transaction.atomic
def not_well_enough(introducer: User, *, request_id: int) -> IntroductionRequest:
    """"I don't know them well enough": as silent as a decline, recorded apart (path
    strength may learn from it)."""
    return _stop(introducer, request_id, Hop.UNKNOWN)


def _at_target(target: User, request_id: int) -> tuple[IntroductionRequest, datetime]:
    request, part = selectors.access_request(target, request_id)
    if part != "target":
        raise NotFound("No such introduction.", field="id")
    return _locked(request.pk), timezone.now()


@transaction.atomic
def accept_introduction(target: User, *, request_id: int) -> IntroductionRequest:
    """Connect: the target and the asker become connections, recorded as through this
    introduction (their insights cards say "Introduced by …"). Idempotent."""
    request, now = _at_target(target, request_id)
    if request.status == Status.CONNECTED:
        return request
    if not request.can_move_to(Status.CONNECTED):
        _move(request, Status.CONNECTED, now=now)
    if _blocked_on_path([request.asker_id, request.target_id]):
        raise NotFound("No such introduction.", field="id")
    connect_introduced(target, request.asker)
    _move(request, Status.CONNECTED, now=now)
    notify(request.asker, INTRODUCTION_CONNECTED, actor=target, target=request)
    retract(target=request, kind=INTRODUCTION_RECEIVED)
    return request


@transaction.atomic
def reply_to_introduction(target: User, *, request_id: int, text: str, three_way: bool = True) -> IntroductionRequest:
    """Reply: a conversation with the asker and the (last) introducer, or a direct one
    with the asker (messaging's actions and limits apply)."""
    request, now = _at_target(target, request_id)
    asker = request.asker
    hops = sorted(request.hops.all(), key=lambda h: h.position)
    handles = [asker.profile.handle]
    bridge = None
    if three_way:
        bridge = hops[-1].introducer
        handles.append(bridge.profile.handle)
    conversation = start_conversation(target, handles=handles, text=text, bridge=bridge, answers_introduction=True)
    if request.status != Status.REPLIED and request.can_move_to(Status.REPLIED):
        _move(request, Status.REPLIED, now=now)
    request.conversation_id = conversation.pk
    request.save(update_fields=["conversation_id"])
    return request


@transaction.atomic
def ignore_introduction(target: User, *, request_id: int) -> IntroductionRequest:
    """Ignore, silently: the asker still sees "Introduced". The target may still connect."""
    request, now = _at_target(target, request_id)
    if request.status == Status.IGNORED:
        return request
    _move(request, Status.IGNORED, now=now)
    retract(target=request, kind=INTRODUCTION_RECEIVED)
    return request


@transaction.atomic
def mark_not_forwarded(*, now: datetime | None = None) -> int:
    """The periodic task: requests asked KITH_INTRODUCTION_SILENT_DAYS ago that never
    reached their target now show the asker "Not forwarded", whether an introducer
    declined, said they don't know them well enough, a block ended it, or nobody answered.
    Returns how many moved."""
    now = now or timezone.now()
    cutoff = selectors.silent_cutoff(now)
    stale = list(
        IntroductionRequest.objects.select_for_update()
        .filter(status__in=IntroductionRequest.SEEN_PENDING_BY_ASKER, created_at__lte=cutoff)
        .values_list("pk", flat=True)
    )
    for pk in stale:
        request = IntroductionRequest.objects.get(pk=pk)
        for hop in request.hops.filter(status__in=(Hop.WAITING, Hop.PENDING)):
            _move_hop(hop, Hop.ENDED, now=now)
            retract(target=request, kind=INTRODUCTION_REQUESTED)
        _move(request, Status.NOT_FORWARDED, now=now)
    return len(stale)


@transaction.atomic
def end_across_block(a_id: int, b_id: int) -> int:
    """A block between ``a`` and ``b`` (network's block_changed): requests still on their way
    with both on the path end, silently, as a block found at the next step would end them
    (the asker sees "on its way", then "Not forwarded"); an introduction already at its
    target between the two moves to ignored (the asker still sees "Introduced"). Returns how
    many moved. Nothing happens for an unblock."""
    if not Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists():
        return 0
    now = timezone.now()
    with_a = IntroductionRequest.objects.filter(Q(asker_id=a_id) | Q(target_id=a_id) | Q(hops__introducer_id=a_id))
    with_b = IntroductionRequest.objects.filter(Q(asker_id=b_id) | Q(target_id=b_id) | Q(hops__introducer_id=b_id))
    on_way = with_a.filter(status=Status.PENDING, pk__in=with_b.values("pk")).values_list("pk", flat=True)
    at_target = IntroductionRequest.objects.filter(
        Q(asker_id=a_id, target_id=b_id) | Q(asker_id=b_id, target_id=a_id), status__in=(Status.INTRODUCED, Status.REPLIED)
    ).values_list("pk", flat=True)
    moved = 0
    for pk in sorted(set(on_way)):
        request = _locked(pk)
        if request.status == Status.PENDING:
            _end(request, now=now)
            retract(target=request, kind=INTRODUCTION_REQUESTED)
            moved += 1
    for pk in sorted(set(at_target)):
        request = _locked(pk)
        if request.can_move_to(Status.IGNORED) and request.status != Status.IGNORED:
            _move(request, Status.IGNORED, now=now)
            retract(target=request, kind=INTRODUCTION_RECEIVED)
            moved += 1
    return moved


@transaction.atomic
def set_digest(member: User, *, weekly: bool) -> MarketDigestPreference:
    pref, _ = MarketDigestPreference.objects.select_for_update().get_or_create(member=member)
    pref.weekly = bool(weekly)
    pref.save(update_fields=["weekly"])
    return pref


@transaction.atomic
def erase_member(member: User) -> None:
    """Account deletion: the requests the member asked for or was the target of go, with
    their notifications; on others' requests the member's forwarding notes are cleared."""
    mine = IntroductionRequest.objects.filter(Q(asker=member) | Q(target=member))
    retract(targets=mine)
    mine.delete()
    IntroductionHop.objects.filter(introducer=member).update(note="")
    MarketDigestPreference.objects.filter(member=member).delete()
