"""API shapes for members and profiles. ``member_out`` is the one member object every app returns."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

from kith.core.schemas import Input
from kith.graph import adapter
from kith.members.models import Profile
from kith.members.selectors import level_of
from kith.members.visibility import Level, shows


class MemberOut(Schema):
    handle: str
    name: str
    headline: str
    location: str
    photo_url: str | None
    profile_url: str
    degree: int | None = Field(None, description="1, 2 or 3; null when out of network or yourself")


def member_out(profile: Profile, viewer=None, *, degree: int | None = None, level: Level | None = None) -> dict:
    """The member object: the same fields wherever a member appears in the API.

    ``degree`` is the viewer's distance to the member (1, 2, 3; None when out of
    network or the viewer themself). Pass it when a page of members was badged
    in one call; otherwise it is looked up for ``viewer``. ``location`` is shown only
    where the visibility policy shows it (``level``; looked up for ``viewer`` when not
    given, which costs a query only for a connections-only profile).
    """
    if degree is None:
        degree = getattr(profile, "degree", None)  # badged for the page by annotate_degrees
    if degree is None and viewer is not None and getattr(viewer, "is_authenticated", False) and viewer.pk != profile.pk:
        degree = adapter.degrees_of(viewer.pk, [profile.pk]).get(profile.pk)
    if level is None:
        level = getattr(profile, "level", None) or level_of(viewer, profile)
    return {
        "handle": profile.handle,
        "name": profile.name,
        "headline": profile.headline,
        "location": profile.location if shows(level, "location") else "",
        "photo_url": profile.photo.url if profile.photo else None,
        "profile_url": f"/in/{profile.handle}/",
        "degree": degree or None,
    }


class PositionIn(Input):
    company: str = Field(max_length=120)
    title: str = Field(max_length=120)
    location: str = Field("", max_length=120)
    start: str = Field(description="Month, e.g. 2021-03")
    end: str | None = Field(None, description="Month, e.g. 2023-11; omit when current")
    is_current: bool = False
    description: str = Field("", max_length=2000)


class PositionOut(Schema):
    id: int
    company: str
    title: str
    location: str
    start: date
    end: date | None
    is_current: bool
    description: str


class EducationIn(Input):
    school: str = Field(max_length=160)
    degree: str = Field("", max_length=120)
    field: str = Field("", max_length=120)
    start_year: int | None = None
    end_year: int | None = None


class EducationOut(Schema):
    id: int
    school: str
    degree: str
    field: str
    start_year: int | None
    end_year: int | None


OpenToKind = Literal["job", "hiring", "advice", "consulting", "mentoring", "networking"]


class OpenToIn(Input):
    kind: OpenToKind
    details: str = Field("", max_length=500)
    audience: Literal["members", "recruiters"] = "members"
    hide_from_current_company: bool = False


class OpenToOut(Schema):
    kind: str
    details: str
    audience: str
    hide_from_current_company: bool


class PrivacyIn(Input):
    visibility: Literal["public", "members", "connections"] | None = None
    connections_visibility: Literal["connections", "only_me"] | None = None
    email_visibility: Literal["connections", "only_me"] | None = None
    invite_policy: Literal["anyone", "email", "second_degree"] | None = None
    message_policy: Literal["connections", "anyone"] | None = None


class PrivacyOut(Schema):
    visibility: str
    connections_visibility: str
    email_visibility: str
    invite_policy: str
    message_policy: str


class TargetMarketIn(Input):
    industries: list[str] | None = None
    title_keywords: list[str] | None = None
    locations: list[str] | None = None
    companies: list[str] | None = None


class TargetMarketOut(Schema):
    industries: list[str]
    title_keywords: list[str]
    locations: list[str]
    companies: list[str]


class ProfilePatch(Input):
    name: str | None = Field(None, max_length=120)
    handle: str | None = Field(None, max_length=60)
    headline: str | None = Field(None, max_length=220)
    about: str | None = Field(None, max_length=2600)
    city: str | None = Field(None, max_length=80)
    region: str | None = Field(None, max_length=80)
    country: str | None = Field(None, max_length=80)
    industry: str | None = None
    positions: list[PositionIn] | None = None
    education: list[EducationIn] | None = None
    skills: list[str] | None = None
    open_to: list[OpenToIn] | None = None
    privacy: PrivacyIn | None = None
    target_market: TargetMarketIn | None = None


class ProfileOut(Schema):
    """A member's profile as the viewer may see it."""

    handle: str
    name: str
    headline: str
    about: str
    city: str
    region: str
    country: str
    location: str
    industry: str
    industry_label: str
    photo_url: str | None
    profile_url: str
    degree: int | None = None
    full: bool = Field(description="False when only the summary is visible (connections-only profile)")
    hiring_verified: bool = Field(False, description="The community's operator verified this member as hiring")
    completeness: int | None = Field(description="null when only the summary is visible")
    created_at: str | None
    updated_at: str | None
    positions: list[PositionOut]
    education: list[EducationOut]
    skills: list[str]
    open_to: list[OpenToOut]


class MyProfileOut(ProfileOut):
    privacy: PrivacyOut
    target_market: TargetMarketOut


class MeOut(Schema):
    id: int
    email: str
    email_verified: bool
    handle: str
    name: str
    profile_url: str
    is_staff: bool


class TokenIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    name: str = Field("API", max_length=80)


class TokenOut(Schema):
    token: str
    id: int
    name: str
