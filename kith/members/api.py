"""Members API: who I am, my profile, tokens, and any member's profile as I may see it."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from ninja import Router, Status

from kith.core.errors import KithError
from kith.core.schemas import errors
from kith.members import actions, selectors
from kith.members.adapters import client_address
from kith.members.models import Profile
from kith.members.schemas import (
    MeOut,
    MyProfileOut,
    ProfileOut,
    ProfilePatch,
    TokenIn,
    TokenOut,
    member_out,
)
from kith.members.visibility import Level, shows

router = Router(tags=["members"])

def profile_out(profile: Profile, *, level: Level = Level.FULL, open_to: list | None = None, degree: int | None = None) -> dict:
    """The profile as a viewer may see it at ``level`` (kith.members.visibility): every
    field the policy does not show at that level is empty."""

    def shown(field: str, value, empty=""):
        return value if shows(level, field) else empty

    return {
        **member_out(profile, degree=degree, level=level),
        "about": shown("about", profile.about),
        "city": shown("city", profile.city),
        "region": shown("region", profile.region),
        "country": shown("country", profile.country),
        "industry": shown("industry", profile.industry),
        "industry_label": shown("industry", profile.industry_label),
        "full": level is Level.FULL,
        "hiring_verified": shown("hiring_verified", profile.hiring_verified, False),
        "completeness": shown("completeness", profile.completeness, None),
        "created_at": shown("created_at", profile.created_at.isoformat(), None),
        "updated_at": shown("updated_at", profile.updated_at.isoformat(), None),
        "positions": shown("positions", list(profile.positions.all()), []),
        "education": shown("education", list(profile.education.all()), []),
        "skills": shown("skills", [s.name for s in getattr(profile, "skill_list", profile.skills.all())], []),
        "open_to": open_to if open_to is not None else shown("open_to", list(profile.open_to.all()), []),
    }


def my_profile_out(profile: Profile) -> dict:
    market = profile.target_market
    return {
        **profile_out(profile),
        "privacy": {field: getattr(profile, field) for field in actions.PRIVACY_FIELDS},
        "target_market": {field: getattr(market, field) for field in actions.TARGET_MARKET_FIELDS},
    }


@router.post("/tokens", auth=None, response={201: TokenOut, **errors(400, 401, 429)}, summary="Exchange email and password for a token")
def create_token(request: HttpRequest, payload: TokenIn):
    user = actions.verify_password_login(payload.email, payload.password, address=client_address(request))
    if user is None:
        raise KithError("Wrong email or password.", "invalid_credentials", "password", status=401)
    token, secret = actions.create_api_token(user, payload.name)
    # A sign-in like the web's: last_login, and whatever listens (a scheduled deletion is cancelled).
    user_logged_in.send(sender=type(user), request=request, user=user)
    return Status(201, {"token": secret, "id": token.pk, "name": token.name})


@router.get("/me", response=MeOut, summary="The signed-in member")
def me(request: HttpRequest):
    user = request.auth
    profile = user.profile
    return {
        "id": user.pk,
        "email": user.email,
        "email_verified": EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists(),
        "handle": profile.handle,
        "name": profile.name,
        "profile_url": f"/in/{profile.handle}/",
        "is_staff": user.is_staff,
    }


@router.get("/me/profile", response=MyProfileOut, summary="My whole profile, with privacy and target market")
def my_profile(request: HttpRequest):
    return my_profile_out(selectors.profile_for_member(request.auth))


@router.patch("/me/profile", response={200: MyProfileOut, **errors(400)}, summary="Change my profile: all of it or none of it")
def patch_my_profile(request: HttpRequest, payload: ProfilePatch):
    data = payload.model_dump(exclude_unset=True)
    for key in ("privacy", "target_market"):
        if data.get(key):
            data[key] = {k: v for k, v in data[key].items() if v is not None}
    actions.patch_profile(request.auth, data)
    return my_profile_out(selectors.profile_for_member(request.auth))


@router.get("/members/{handle}", response={200: ProfileOut, **errors(404)}, summary="A member's profile as I may see it")
def member_profile(request: HttpRequest, handle: str):
    access = selectors.access_profile(request.auth, handle)
    return profile_out(access.profile, level=access.level, open_to=access.open_to, degree=access.degree)
