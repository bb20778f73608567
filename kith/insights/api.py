"""Insights API (mounted at /api/v1/): the insights object for any member the caller may see.

GET /invitations?box=received&insights=1 (kith/network/api.py) adds the same object to
each received invitation through ``selectors.insights_for_invitations``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kith.core.errors import KithError
from kith.core.schemas import errors
from kith.insights import selectors
from kith.insights.schemas import InsightsOut, insights_out
from kith.members.selectors import access_profile

router = Router(tags=["insights"])


@router.get("/members/{handle}/insights", response={200: InsightsOut, **errors(400, 404)}, summary="Should I connect? Insights on a member")
def member_insights(request: HttpRequest, handle: str):
    member = request.auth
    access = access_profile(member, handle)
    if access.is_self:
        raise KithError("Insights are about other members.", "insights_self", field="handle")
    return insights_out(selectors.insights_for(member, access.profile), member)
