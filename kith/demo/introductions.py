"""Demo introductions, written through kith.introductions.actions once the community (and its
groups) are loaded, so that Ada finds on `make run`: a connection asking her to introduce
them to another of her connections (and, where the graph has one, a 3rd-degree chain she
starts, whose second introducer she may change), an introduction made to her to answer, and
one she asked for that is on its way.

Every choice is one the pages would offer: the introducers and chains come from
kith.introductions.selectors, so privacy, blocks and limits hold as for a real member.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kith.core.errors import KithError
from kith.demo.builder import DEMO_DOMAIN, LOGIN_EMAIL
from kith.graph import adapter
from kith.introductions import actions, market, selectors
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members.models import Connection, Position, Profile, User
from kith.notifications.models import Notification

__all__ = ["DemoIntroductions", "build_introductions"]


@dataclass
class DemoIntroductions:
    to_forward: list[IntroductionRequest] = field(default_factory=list)  # Ada is the (first) introducer
    received: IntroductionRequest | None = None  # made to Ada, for her to answer
    asked: IntroductionRequest | None = None  # Ada's own, on its way

    @property
    def count(self) -> int:
        return len(self.to_forward) + (self.received is not None) + (self.asked is not None)


# What people write. {first}: the reader's first name; {target}: the person to meet (first
# name); {company}: the target's current company; {asker_title}, {mine}: the asker's title and company.
TO_INTRODUCER = [
    "{first}, hope the quarter is treating you well. Would you introduce me to {target}? We're working on "
    "{topic} at {mine} and I'd like to hear how {company} went about it.",
    "Hi {first}, I saw you know {target} from {company}. We're looking at how teams like theirs handle "
    "{topic}, and I'd love twenty minutes of their time. Would you be comfortable introducing us?",
    "{first}, a favour if you have a moment: could you put me in touch with {target}? I've read a couple of "
    "their posts on {topic} and I think there's something we could do together. No pressure if not.",
]
TO_TARGET = [
    "Hello {target}, I'm {asker_title} at {mine}. {via_said} you've been through {topic} at {company}, "
    "which is exactly where we are now. Could I buy you a coffee, or take fifteen minutes on a call, whenever suits you?",
    "Hi {target}, I'd value your view on {topic}: we're about to make a decision at {mine} and it sounds like "
    "you've done this before. Happy to share what we've learned in return.",
]
CHAIN_TO_INTRODUCER = (
    "{first}, Kith says someone you know works with {target} at {company}. Could you pass this along to them? "
    "We're working on {topic} at {mine} and I'd value half an hour with {target}. Thank you either way."
)
FORWARD = (
    "{target}, meet {asker}. We worked together for a while and I rate them highly; I think you two would "
    "have a useful conversation about {topic}. I'll leave it with you both."
)
TOPICS = ["supplier onboarding", "hiring the first data team", "pricing for larger accounts", "moving to a new ERP", "expanding into the region"]


def _work(profile: Profile) -> tuple[str, str]:
    position = Position.objects.filter(profile=profile, is_current=True).order_by("-start", "-pk").first()
    if position is None:
        return profile.headline or "their work", "their company"
    return position.title, position.company


def _first(profile: Profile) -> str:
    return profile.name.split()[0]


class _Writer:
    """The notes, each request in its own words (templates and topics taken in turn)."""

    def __init__(self, rnd: random.Random) -> None:
        self.topics = rnd.sample(TOPICS, len(TOPICS))
        self.turn = rnd.randrange(6)
        self.last_topic = self.topics[0]

    def topic(self) -> str:
        return self.topics[self.turn % len(self.topics)]

    def notes(self, asker: Profile, introducer: Profile, target: Profile, *, chain: bool) -> dict[str, str]:
        _, company = _work(target)
        asker_title, mine = _work(asker)
        words = {
            "asker_title": asker_title,
            "first": _first(introducer),
            "via_said": "I hear" if chain else f"{_first(introducer)} tells me",
            "target": _first(target),
            "company": company,
            "mine": mine,
            "topic": self.topic(),
        }
        self.last_topic = words["topic"]
        notes = {
            "note_to_introducer": (CHAIN_TO_INTRODUCER if chain else TO_INTRODUCER[self.turn % len(TO_INTRODUCER)]).format(**words),
            "note_to_target": TO_TARGET[self.turn % len(TO_TARGET)].format(**words),
        }
        self.turn += 1
        return notes


def _ask(words: _Writer, asker: User, target: User, via: Profile, *, chain: bool = False) -> IntroductionRequest | None:
    try:
        return actions.ask_introduction(
            asker, to=target.profile.handle, via=via.handle, **words.notes(asker.profile, via, target.profile, chain=chain)
        )
    except KithError:
        return None  # a limit, or a path that closed: the demo goes on without this one


def _backdate(request: IntroductionRequest, hours: float) -> None:
    """Move a request (its hops, its notifications) ``hours`` into the past, as if asked then."""
    when = timezone.now() - timedelta(hours=hours)
    IntroductionRequest.objects.filter(pk=request.pk).update(created_at=when)
    IntroductionHop.objects.filter(request=request, reached_at__isnull=False).update(reached_at=when)
    IntroductionHop.objects.filter(request=request, answered_at__isnull=False).update(answered_at=when + timedelta(hours=hours / 2))
    IntroductionRequest.objects.filter(pk=request.pk, introduced_at__isnull=False).update(introduced_at=when + timedelta(hours=hours / 2))
    Notification.objects.filter(target_id=request.pk, kind__startswith="introduction_").update(created_at=when + timedelta(hours=hours / 2))


def build_introductions(*, seed: int = 42) -> DemoIntroductions:
    """Ada's introductions (the module docstring), through the actions. Deterministic for a seed;
    an empty result where the community is too small to have the paths."""
    out = DemoIntroductions()
    ada = User.objects.filter(email=LOGIN_EMAIL, is_active=True).select_related("profile").first()
    if ada is None:
        return out
    # The demo wrote its connections in bulk, without events: read the graph afresh.
    adapter.discard_snapshot()
    adapter.reset()
    words = _Writer(random.Random(seed))
    genuine = User.objects.filter(email__iendswith="@" + DEMO_DOMAIN, is_active=True).exclude(pk=ada.pk).select_related("profile")
    friend_ids = list(Connection.objects.filter(member=ada, other__in=genuine).order_by("other_id").values_list("other_id", flat=True))
    friends = list(genuine.filter(pk__in=friend_ids).order_by("pk"))
    # Ada's first conversations are with her first three connections: ask others.
    friends = friends[3:] if len(friends) > 6 else friends
    used: set[int] = {ada.pk}
    with transaction.atomic():
        out.to_forward += _ask_ada_to_forward(words, ada, friends, used)
        out.to_forward += _ask_ada_to_start_a_chain(words, ada, friends, used)
        out.received = _introduce_to_ada(words, ada, genuine, used)
        out.asked = _ada_asks(words, ada, used)
    for hours, request in zip((20, 6), out.to_forward, strict=False):
        _backdate(request, hours)
    if out.received is not None:
        _backdate(out.received, 30)
    if out.asked is not None:
        _backdate(out.asked, 50)
    return out


def _ask_ada_to_forward(words: _Writer, ada: User, friends: list[User], used: set[int]) -> list[IntroductionRequest]:
    """One of Ada's connections asks her to introduce them to another of hers."""
    for asker in friends:
        if asker.pk in used:
            continue
        mine = set(Connection.objects.filter(member=asker).values_list("other_id", flat=True))
        for target in friends:
            if target.pk == asker.pk or target.pk in used or target.pk in mine:
                continue
            route = selectors.route_to(asker, target, k=50)
            if route.degree != 2 or ada.pk not in {i.profile.pk for i in route.introducers}:
                continue
            request = _ask(words, asker, target, ada.profile)
            if request is not None:
                used.update({asker.pk, target.pk})
                return [request]
    return []


def _ask_ada_to_start_a_chain(words: _Writer, ada: User, friends: list[User], used: set[int]) -> list[IntroductionRequest]:
    """One of Ada's connections asks her to start a chain to a member three steps from them."""
    for asker in friends[::-1][:40]:
        if asker.pk in used:
            continue
        mine = set(Connection.objects.filter(member=asker).values_list("other_id", flat=True))
        # Ada's 2nd degree through her connections the asker does not know: 3rd for the asker.
        for friend in friends:
            if friend.pk in mine or friend.pk == asker.pk:
                continue
            beyond = (
                Connection.objects.filter(member=friend, other__is_active=True, other__email__iendswith="@" + DEMO_DOMAIN)
                .exclude(other_id__in=mine | used | {friend.pk})
                .order_by("other_id")
                .values_list("other_id", flat=True)[:20]
            )
            for target in User.objects.filter(pk__in=list(beyond)).select_related("profile").order_by("pk"):
                route = selectors.route_to(asker, target, k=50)
                if route.degree != 3 or not any(c.first.pk == ada.pk for c in route.chains):
                    continue
                request = _ask(words, asker, target, ada.profile, chain=True)
                if request is not None:
                    used.update({asker.pk, target.pk})
                    return [request]
    return []


def _introduce_to_ada(words: _Writer, ada: User, genuine, used: set[int]) -> IntroductionRequest | None:
    """A member two steps from Ada asks a connection they share with her, who introduces them."""
    second = [int(i) for i in adapter.second_degree_ids(ada.pk).tolist()[:400]]
    for asker in genuine.filter(pk__in=second).exclude(pk__in=used).order_by("pk")[:60]:
        route = selectors.route_to(asker, ada, k=5)
        if route.degree != 2 or not route.introducers:
            continue
        via = route.introducers[0].profile
        request = _ask(words, asker, ada, via)
        if request is None:
            continue
        note = FORWARD.format(target=_first(ada.profile), asker=_first(asker.profile), topic=words.last_topic)
        try:
            actions.forward_introduction(via.user, request_id=request.pk, note=note)
        except KithError:
            continue
        used.update({asker.pk, via.pk})
        request.refresh_from_db()
        return request
    return None


def _ada_asks(words: _Writer, ada: User, used: set[int]) -> IntroductionRequest | None:
    """Ada asks for an introduction to someone in her target market (else anyone two steps away)."""
    page = market.market_for(ada, degree=2)
    for entry in page.entries:
        if entry.introducer is not None and entry.profile.pk not in used:
            request = _ask(words, ada, entry.profile.user, entry.introducer.profile)
            if request is not None:
                return request
    for target in User.objects.filter(pk__in=adapter.second_degree_ids(ada.pk).tolist()[:50]).exclude(pk__in=used).order_by("pk"):
        route = selectors.route_to(ada, target, k=1)
        if route.degree == 2 and route.introducers:
            request = _ask(words, ada, target, route.introducers[0].profile)
            if request is not None:
                return request
    return None
