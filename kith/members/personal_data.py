"""The member's account and profile in their data export, and what deleting the account erases.

The contract: kith.portability.personal_data_registry. ``people`` is how every app's export
names other members: as the member may see them (kith.members.visibility), never more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.admin.models import LogEntry

from kith.members import actions
from kith.members.models import (
    ApiToken,
    Block,
    Education,
    OpenTo,
    Position,
    Profile,
    ProfileSkill,
    TargetMarket,
    TargetMarketTerm,
    User,
)
from kith.members.selectors import levels_for
from kith.members.visibility import Level

MODELS = [
    User,
    Profile,
    Position,
    Education,
    ProfileSkill,
    OpenTo,
    TargetMarket,
    TargetMarketTerm,
    ApiToken,
    EmailAddress,
    EmailConfirmation,
]
KEPT = {
    LogEntry: "the Django admin's log of what staff did: an audit row, kept",
}
SECTIONS = {
    "account": "Your account: sign-in email address, when you joined, when you last signed in.",
    "email_addresses": "Your email addresses and whether each is verified and primary.",
    "profile": "Your profile: name, handle, headline, about, location, industry, photo file name, privacy settings.",
    "positions": "Your experience: company, title, location, start and end month, description.",
    "education": "Your education: school, degree, field, start and end year.",
    "skills": "Your skills, in the order you gave them.",
    "open_to": "What you are open to (job offers, mentoring…), with details and who may see it.",
    "target_market": "Your target market: industries, title keywords, locations, companies.",
    "api_tokens": "Your API tokens: name, first characters, when created, last used, revoked (never the secret).",
}

HIDDEN_MEMBER = "A member you can no longer see"


def people(viewer: User, ids: Iterable[int | None]) -> dict[int, dict[str, Any]]:
    """``{id: {"name", "handle"}}`` for other members, as ``viewer`` may see them: an erased
    account is "A former member"; one hidden from the viewer (who blocked them, deactivated)
    has no name at all."""
    wanted = {i for i in ids if i is not None}
    profiles = list(Profile.objects.filter(pk__in=wanted).select_related("user"))
    levels = levels_for(viewer, profiles)
    # Members the viewer blocked are named: their own list of blocked members names them too.
    blocked_by_viewer = set(Block.objects.filter(blocker=viewer, blocked_id__in=wanted).values_list("blocked_id", flat=True))
    out: dict[int, dict[str, Any]] = {}
    for p in profiles:
        if p.user.erased_at is not None:
            out[p.pk] = {"name": actions.FORMER_MEMBER, "handle": None}
        elif p.pk == viewer.pk or levels[p.pk] != Level.HIDDEN or (p.pk in blocked_by_viewer and p.user.is_active):
            out[p.pk] = {"name": p.name, "handle": p.handle}
        else:
            out[p.pk] = {"name": HIDDEN_MEMBER, "handle": None}
    for missing in wanted - set(out):
        out[missing] = {"name": actions.FORMER_MEMBER, "handle": None}
    return out


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    profile = Profile.objects.get(pk=user.pk)
    market = TargetMarket.objects.filter(profile=profile).first()
    return {
        "account": [{"email": user.email, "date_joined": _when(user.date_joined), "last_login": _when(user.last_login)}],
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "profile": [
            {
                "handle": profile.handle,
                "name": profile.name,
                "headline": profile.headline,
                "about": profile.about,
                "city": profile.city,
                "region": profile.region,
                "country": profile.country,
                "industry": profile.industry,
                "photo": profile.photo.name if profile.photo else "",
                "visibility": profile.visibility,
                "connections_visibility": profile.connections_visibility,
                "email_visibility": profile.email_visibility,
                "invite_policy": profile.invite_policy,
                "message_policy": profile.message_policy,
                "hiring_verified": profile.hiring_verified_at is not None,
                "created_at": _when(profile.created_at),
                "updated_at": _when(profile.updated_at),
            }
        ],
        "positions": [
            {
                "company": p.company,
                "title": p.title,
                "location": p.location,
                "start": _when(p.start),
                "end": _when(p.end),
                "is_current": p.is_current,
                "description": p.description,
            }
            for p in Position.objects.filter(profile=profile).order_by("-start", "pk")
        ],
        "education": [
            {"school": e.school, "degree": e.degree, "field": e.field, "start_year": e.start_year, "end_year": e.end_year}
            for e in Education.objects.filter(profile=profile).order_by("pk")
        ],
        "skills": [
            {"name": s.skill.name, "order": s.order}
            for s in ProfileSkill.objects.filter(profile=profile).select_related("skill").order_by("order", "pk")
        ],
        "open_to": [
            {"kind": o.kind, "details": o.details, "audience": o.audience,
             "hide_from_current_company": o.hide_from_current_company, "created_at": _when(o.created_at)}
            for o in OpenTo.objects.filter(profile=profile).order_by("pk")
        ],
        "target_market": [
            {key: getattr(market, key) for key in actions.TARGET_MARKET_FIELDS}
        ] if market is not None else [],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": _when(t.created_at), "last_used_at": _when(t.last_used_at),
             "revoked_at": _when(t.revoked_at)}
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
    }


def erase(user: User) -> None:
    actions.erase_account(user)
