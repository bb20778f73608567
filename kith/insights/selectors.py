"""Insights on a member's behalf: the one door pages, the API and other apps read them through.

- :mod:`kith.insights.card`: the insights card ("Should I connect?"), gathered for one member
  or a page of invitations, with the privacy rules it keeps;
- :mod:`kith.insights.relationship`: a connection's profile shows the relationship instead;
- :mod:`kith.insights.triage`: the triage inbox of received invitations.
"""

from kith.insights.card import (
    Insights,
    ReachGain,
    Trust,
    insights_for,
    insights_for_invitations,
    insights_for_members,
    report_band,
)
from kith.insights.relationship import Relationship, relationship_for
from kith.insights.triage import FILTERS, Chip, Triage, triage

__all__ = [
    "FILTERS",
    "Chip",
    "Insights",
    "ReachGain",
    "Relationship",
    "Triage",
    "Trust",
    "insights_for",
    "insights_for_invitations",
    "insights_for_members",
    "relationship_for",
    "report_band",
    "triage",
]
