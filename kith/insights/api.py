"""Insights API (mounted at /api/v1/): the insights object for any member the caller may see.

GET /insights/invitations is the triage inbox: my received invitations, each with the
same object (``selectors.insights_for_invitations`` computes a page at once).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kith.core.errors import KithError
from kith.core.schemas import errors
from kith.insights import selectors
from kith.insights.schemas import InsightsOut, InvitationInsightsOut, insights_out, with_insights
from kith.members.selectors import access_profile
from kith.network import selectors as network_selectors

router = Router(tags=["insights"])


@router.get("/members/{handle}/insights", response={200: InsightsOut, **errors(400, 404)}, summary="Should I connect? Insights on a member")
def member_insights(request: HttpRequest, handle: str):
    member = request.auth
    access = access_profile(member, handle)
    if access.is_self:
        raise KithError("Insights are about other members.", "insights_self", field="handle")
    return insights_out(selectors.insights_for(member, access.profile), member)


@router.get("/insights/invitations", response=list[InvitationInsightsOut], summary="My received invitations, each with its insights")
def invitations_with_insights(request: HttpRequest):
    member = request.auth
    invitations = list(network_selectors.invitations(member, network_selectors.Box.RECEIVED))
    return with_insights(invitations, member)
