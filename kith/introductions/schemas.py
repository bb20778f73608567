"""API shapes for introductions. Members are serialised by members.schemas.member_out."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from kith.core.schemas import Input
from kith.introductions import selectors
from kith.introductions.models import NOTE_MAX, IntroductionHop, IntroductionRequest
from kith.members.models import User
from kith.members.schemas import MemberOut, member_out


class IntroductionIn(Input):
    to: str = Field(max_length=200, description="The handle of the member you want to meet")
    via: str = Field(max_length=200, description="The handle of the connection you ask to introduce you")
    note_to_introducer: str = Field("", max_length=NOTE_MAX)
    note_to_target: str = Field("", max_length=NOTE_MAX)


class ForwardIn(Input):
    note: str = Field("", max_length=NOTE_MAX, description="Your own words to the next person")
    via: str | None = Field(
        None,
        max_length=200,
        description="First introducer of a chain only: the handle of whom to pass it to instead, one of GET /introductions/{id}/next-introducers",
    )


class HopOut(Schema):
    position: int
    introducer: MemberOut | None = Field(None, description="null where you may not see who it is")
    status: str | None = Field(None, description="only for your own hop, or once it was forwarded to you")
    note: str = ""


class IntroductionOut(Schema):
    id: int
    role: str = Field(description="asker, introducer or target: your part in it")
    asker: MemberOut
    target: MemberOut
    status: str = Field(description="as you may see it: an asker sees a decline as pending, then not_forwarded")
    note_to_introducer: str | None = None
    note_to_target: str
    hops: list[HopOut]
    created_at: datetime
    introduced_at: datetime | None = None
    conversation_id: int | None = None


def asker_status_code(request: IntroductionRequest) -> str:
    """The asker's view of a request as an API status: pending, not_forwarded, connected or introduced."""
    label = selectors.asker_status(request)
    return {"On its way": "pending", "Not forwarded": "not_forwarded", "Connected": "connected"}.get(label, "introduced")


def introduction_out(request: IntroductionRequest, viewer: User, role: str) -> dict:
    """One introduction as ``viewer`` in ``role`` may see it (the pages show the same)."""
    hops = sorted(request.hops.all(), key=lambda h: h.position)
    out_hops = []
    for hop in hops:
        if role == "asker":
            shown = hop.position == 1
            out_hops.append({"position": hop.position, "introducer": member_out(hop.introducer.profile, viewer) if shown else None})
        elif role == "introducer":
            mine = next(h for h in hops if h.introducer_id == viewer.pk)
            seen = hop.position <= mine.position + 1
            out_hops.append(
                {
                    "position": hop.position,
                    "introducer": member_out(hop.introducer.profile, viewer) if seen else None,
                    "status": hop.status if hop.introducer_id == viewer.pk else None,
                    "note": hop.note if hop.position < mine.position else "",
                }
            )
        else:
            forwarded = hop.status == IntroductionHop.Status.FORWARDED
            out_hops.append(
                {
                    "position": hop.position,
                    "introducer": member_out(hop.introducer.profile, viewer) if forwarded else None,
                    "note": hop.note if forwarded and hop.position == len(hops) else "",
                }
            )
    status = asker_status_code(request) if role == "asker" else request.status
    if role == "introducer" and request.status == IntroductionRequest.Status.DECLINED:
        status = "declined"
    return {
        "id": request.pk,
        "role": role,
        "asker": member_out(request.asker.profile, viewer),
        "target": member_out(request.target.profile, viewer),
        "status": status,
        "note_to_introducer": request.note_to_introducer if role != "target" else None,
        "note_to_target": request.note_to_target,
        "hops": out_hops,
        "created_at": request.created_at,
        "introduced_at": request.introduced_at if role != "introducer" else None,
        "conversation_id": request.conversation_id if role == "target" else None,
    }


class IntroducerOut(Schema):
    member: MemberOut
    strength: float = Field(description="path strength, 0 to 1 (kith.graph.introduce)")
    label: str


class ChainOut(Schema):
    first: MemberOut
    second: MemberOut | None = Field(None, description="null: someone in the first introducer's network")
    strength: float
    label: str


class MarketIntroductionOut(Schema):
    id: int
    role: str = Field(description="asker: you asked to meet them; target: they were introduced to you")
    status: str = Field(description="as you may see it (see IntroductionOut.status)")


class MarketMemberOut(Schema):
    member: MemberOut
    degree: int | None
    introducer: IntroducerOut | None = None
    chain: ChainOut | None = None
    introduction: MarketIntroductionOut | None = Field(None, description="your open introduction with them, if any: no need to ask again")


class CountOut(Schema):
    name: str
    count: int


class MarketOut(Schema):
    has_market: bool
    total: int
    by_degree: dict[str, int] = Field(description='"1", "2", "3" and "0" (outside your network)')
    members: list[MarketMemberOut]
    companies: list[CountOut]
    locations: list[CountOut]
    next: str | None = Field(None, description="the cursor for the next page")
