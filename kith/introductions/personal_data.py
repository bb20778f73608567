"""Introductions' part of a member's data (the contract is in COMMON.md).

Export: the introductions the member asked for (with their own notes), the hops they
were asked to make (with their own forwarding notes) and those that reached them, each
as the member may see it (an asker never learns of a silent decline); the market email
preference. Erase: every request the member asked for or was the target of goes (the
others on it lose nothing of their own); on requests the member was an introducer of,
their hop stays with its answer but their note is cleared (the request's path needs the
row until the account itself goes, when the database cascades it).
"""

from __future__ import annotations

from kith.introductions import actions, selectors
from kith.introductions.models import IntroductionHop, IntroductionRequest, MarketDigestPreference
from kith.members.models import User

MODELS = [IntroductionRequest, IntroductionHop, MarketDigestPreference]
SECTIONS = {
    "introductions_asked": "Introductions you asked for: to whom, through whom, your notes, where each stands.",
    "introductions_made": "Introductions you were asked to make: who asked, for whom, your answer and your note.",
    "introductions_received": "Introductions that reached you: who asked, who introduced them, their notes, your answer.",
    "market_digest": "Whether you get the weekly 'Reach my market' email.",
}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def export(user: User) -> dict[str, list[dict]]:
    asked = [
        {
            "to": r.target.profile.handle,
            "via": [h.introducer.profile.handle for h in r.hops.all() if h.position == 1],
            "note_to_introducer": r.note_to_introducer,
            "note_to_target": r.note_to_target,
            "status": selectors.asker_status(r),
            "created_at": _when(r.created_at),
        }
        for r in selectors.sent(user)
    ]
    hops = (
        IntroductionHop.objects.filter(introducer=user)
        .exclude(status=IntroductionHop.Status.WAITING)
        .select_related("request__asker__profile", "request__target__profile")
        .order_by("reached_at", "pk")
    )
    introduced = [
        {
            "asker": h.request.asker.profile.handle,
            "to": h.request.target.profile.handle,
            "answer": h.status,
            "note": h.note,
            "reached_at": _when(h.reached_at),
            "answered_at": _when(h.answered_at),
        }
        for h in hops
    ]
    received = [
        {
            "from": r.asker.profile.handle,
            "introduced_by": [h.introducer.profile.handle for h in r.hops.all() if h.status == IntroductionHop.Status.FORWARDED],
            "note_to_target": r.note_to_target,
            "status": r.status,
            "introduced_at": _when(r.introduced_at),
        }
        for r in selectors.received(user)
    ]
    prefs = [{"weekly": p.weekly, "last_sent_at": _when(p.last_sent_at)} for p in MarketDigestPreference.objects.filter(member=user)]
    return {"introductions_asked": asked, "introductions_made": introduced, "introductions_received": received, "market_digest": prefs}


def erase(user: User) -> None:
    actions.erase_member(user)
