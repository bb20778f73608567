"""The introductions API (mounted at /api/v1/): thin endpoints over selectors and actions."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kith.core.errors import NotFound
from kith.core.inputs import Id
from kith.core.schemas import errors
from kith.introductions import actions, market, selectors
from kith.introductions.models import IntroductionHop
from kith.introductions.schemas import (
    ForwardIn,
    IntroducerOut,
    IntroductionIn,
    IntroductionOut,
    MarketOut,
    asker_status_code,
    introduction_out,
)
from kith.members.schemas import member_out

router = Router(tags=["introductions"])
PAGE_SIZE = 100


class BoxQuery(Schema):
    box: Literal["sent", "to_forward", "received"] = "sent"


class MarketQuery(Schema):
    degree: Literal["", "1", "2", "3"] = Field("", description="1, 2 or 3; empty for every degree")
    cursor: int = Field(0, ge=0, le=10_000_000)
    company: str = Field("", max_length=120)
    location: str = Field("", max_length=120)


def _out(request: HttpRequest, introduction_id: int) -> dict:
    member = request.auth
    intro, role = selectors.access_request(member, introduction_id)
    return introduction_out(intro, member, role)


@router.post("/introductions", response={201: IntroductionOut, **errors(400, 404, 409, 429)})
def ask_introduction(request: HttpRequest, data: IntroductionIn):
    """Ask a connection (``via``) to introduce you to ``to``: a 2nd-degree member through a
    mutual connection, a 3rd-degree one through a chain that starts with them."""
    intro = actions.ask_introduction(
        request.auth, to=data.to, via=data.via, note_to_introducer=data.note_to_introducer, note_to_target=data.note_to_target
    )
    return Status(201, _out(request, intro.pk))


@router.get("/introductions", response=list[IntroductionOut])
def list_introductions(request: HttpRequest, filters: Query[BoxQuery]):
    """Introductions you asked for (sent), are asked to make (to_forward), or received."""
    member = request.auth
    if filters.box == "sent":
        return [introduction_out(r, member, "asker") for r in selectors.sent(member)[:PAGE_SIZE]]
    if filters.box == "received":
        return [introduction_out(r, member, "target") for r in selectors.received(member)[:PAGE_SIZE]]
    return [introduction_out(h.request, member, "introducer") for h in selectors.to_forward(member)[:PAGE_SIZE]]


@router.post("/introductions/{introduction_id}/forward", response={200: IntroductionOut, **errors(400, 404, 409)})
def forward_introduction(request: HttpRequest, introduction_id: Id, data: ForwardIn):
    """Forward it with your own words: to the next introducer, or to the member they want to meet."""
    actions.forward_introduction(request.auth, request_id=introduction_id, note=data.note, via=data.via)
    return _out(request, introduction_id)


@router.get("/introductions/{introduction_id}/next-introducers", response={200: list[IntroducerOut], **errors(404)})
def next_introducers(request: HttpRequest, introduction_id: Id):
    """As the first introducer of a chain, still to answer: your connections who know the
    member they want to meet, best path first, the chain's proposed one among them (pass
    one as ``via`` when forwarding). Empty for an introduction that does not go on."""
    member = request.auth
    intro, role = selectors.access_request(member, introduction_id)
    if role != "introducer":
        raise NotFound("No such introduction.", field="id")
    mine = next(h for h in intro.hops.all() if h.introducer_id == member.pk)
    if mine.status != IntroductionHop.Status.PENDING:
        return []
    return [
        {"member": member_out(i.profile, member), "strength": i.strength, "label": i.label}
        for i in selectors.next_introducers(member, intro, k=actions.CHOICES)
    ]


@router.post("/introductions/{introduction_id}/decline", response={200: IntroductionOut, **errors(400, 404, 409)})
def decline_introduction(request: HttpRequest, introduction_id: Id):
    """Decline, silently: the asker sees "not forwarded" after 14 days."""
    actions.decline_introduction(request.auth, request_id=introduction_id)
    return _out(request, introduction_id)


@router.post("/introductions/{introduction_id}/accept", response={200: IntroductionOut, **errors(400, 404, 409)})
def accept_introduction(request: HttpRequest, introduction_id: Id):
    """As the member introduced to: connect with the asker."""
    actions.accept_introduction(request.auth, request_id=introduction_id)
    return _out(request, introduction_id)


@router.get("/me/market", response={200: MarketOut, **errors(400)})
def my_market(request: HttpRequest, filters: Query[MarketQuery]):
    """Members matching my target market, 1st degree first, each 2nd-degree one with the best
    introducer and each 3rd-degree one with the best chain; 50 a page (``next`` is the cursor)."""
    member = request.auth
    page = market.market_for(member, degree=int(filters.degree) if filters.degree else None, company=filters.company, location=filters.location, cursor=filters.cursor)
    badges = {e.profile.pk: e.degree for e in page.entries}
    return {
        "has_market": page.has_market,
        "total": page.total,
        "by_degree": {str(k): v for k, v in page.by_degree.items()},
        "members": [
            {
                "member": member_out(e.profile, member, degree=badges[e.profile.pk]),
                "degree": e.degree,
                "introducer": {"member": member_out(e.introducer.profile, member), "strength": e.introducer.strength, "label": e.introducer.label}
                if e.introducer
                else None,
                "chain": {
                    "first": member_out(e.chain.first, member),
                    "second": member_out(e.chain.second, member) if e.chain.second else None,
                    "strength": e.chain.strength,
                    "label": e.chain.label,
                }
                if e.chain
                else None,
                "introduction": {"id": e.introduced.pk, "role": "target", "status": e.introduced.status}
                if e.introduced
                else {"id": e.asked.pk, "role": "asker", "status": asker_status_code(e.asked)}
                if e.asked
                else None,
            }
            for e in page.entries
        ],
        "companies": [{"name": n, "count": c} for n, c in page.companies],
        "locations": [{"name": n, "count": c} for n, c in page.locations],
        "next": str(page.next_cursor) if page.next_cursor is not None else None,
    }
