"""The insights object in the API: the same for a profile and for a received invitation."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from kith.insights.selectors import Insights, insights_for_invitations
from kith.members.models import User
from kith.network.models import Invitation
from kith.network.schemas import InvitationOut, MemberOut, invitation_out, member_out


class ReachGainOut(Schema):
    second_degree: int
    target_market: int


class TrustOut(Schema):
    account_age_days: int
    profile_completeness: int | None
    invitations_30d: int
    acceptance_rate_30d: float | None
    reports: Literal["none", "some", "many"]
    restricted: bool


class InsightsOut(Schema):
    recommendation: Literal["accept", "talk_first", "spam"]
    reasons: list[str]
    mutual_count: int
    mutual_sample: list[MemberOut]
    reach_gain: ReachGainOut
    target_market_match: list[str]
    trust: TrustOut


def insights_out(insights: Insights, viewer: User) -> dict:
    trust = insights.trust
    return {
        "recommendation": insights.recommendation,
        "reasons": insights.reasons,
        "mutual_count": insights.mutual_count,
        # Mutual connections are the viewer's own connections: 1st degree by definition.
        "mutual_sample": [{**member_out(p, viewer), "degree": 1} for p in insights.mutual_sample],
        "reach_gain": {
            "second_degree": insights.reach_gain.second_degree,
            "target_market": insights.reach_gain.target_market,
        },
        "target_market_match": insights.target_market_match,
        "trust": {
            "account_age_days": trust.account_age_days,
            "profile_completeness": trust.profile_completeness,
            "invitations_30d": trust.invitations_30d,
            "acceptance_rate_30d": None if trust.acceptance_rate_30d is None else round(trust.acceptance_rate_30d, 3),
            "reports": trust.reports,
            "restricted": trust.restricted,
        },
    }


class InvitationInsightsOut(InvitationOut):
    """A received invitation with its ``insights`` (GET /insights/invitations)."""

    insights: InsightsOut | None = None


def with_insights(invitations: list[Invitation], viewer: User) -> list[dict]:
    """``invitation_out`` for each, plus its insights object computed for the page at once."""

    by_id = insights_for_invitations(viewer, invitations)
    return [
        {**invitation_out(i, viewer), **({"insights": insights_out(by_id[i.pk], viewer)} if i.pk in by_id else {})}
        for i in invitations
    ]
