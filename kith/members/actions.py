"""Every change to a member's account and profile goes through a function here.

Each runs in one transaction, validates with the model's own field rules and
constraints (so the database and the message agree), and raises KithError naming
the field at fault. Views, the API and management commands all call these.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from kith.core import ratelimit
from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.core.images import as_jpeg, read_image
from kith.members import sign_in
from kith.members.industries import INDUSTRY_LABELS
from kith.members.models import (
    ApiToken,
    Education,
    OpenTo,
    Position,
    Profile,
    ProfileSkill,
    Skill,
    TargetMarket,
    TargetMarketTerm,
    User,
    Visibility,
)
from kith.members.signals import profile_changed

PROFILE_FIELDS = ("name", "headline", "about", "city", "region", "country", "industry")
PRIVACY_FIELDS = ("visibility", "connections_visibility", "email_visibility", "invite_policy", "message_policy")
TARGET_MARKET_FIELDS = ("industries", "title_keywords", "locations", "companies")
MAX_SKILLS = 50
MAX_TARGET_ITEMS = 20
MAX_POSITIONS = 50
MAX_EDUCATION = 20


# --- validation helpers ------------------------------------------------------------


def _validated(instance: models.Model, *, prefix: str = "", exclude: Iterable[str] = ()) -> None:
    """Run the model's own validation and turn the first problem into a KithError."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = exc.message_dict
        name, messages = next(iter(errors.items()))
        field = None if name == "__all__" else f"{prefix}{name}"
        label = name.replace("_", " ")
        message = messages[0] if name == "__all__" else f"{label.capitalize()}: {messages[0]}"
        raise KithError(message, "invalid", field) from exc


def parse_month(value: Any, field: str) -> date | None:
    """Accept "2021-03", "2021-03-01" or a date; return the first of that month."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.replace(day=1)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", str(value).strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2100:
        raise KithError(f"{field.split('.')[-1].capitalize()}: use a month like 2021-03.", "invalid", field)
    return date(int(match[1]), int(match[2]), 1)


def normalize_skill(name: str) -> tuple[str, str]:
    """("  Python 3 ") -> ("python-3", "Python 3"); the key identifies the skill."""
    display = " ".join(unicodedata.normalize("NFKC", name).split())
    key = slugify(display.replace("+", " plus ").replace("#", " sharp ").replace(".", " dot "))[:80]
    return key, display[:80]


def unique_handle(name: str, *, taken: set[str] | None = None) -> str:
    base = slugify(name)[:50].strip("-") or "member"
    candidate = base
    n = 1
    while (taken is not None and candidate in taken) or Profile.objects.filter(handle=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --- accounts ----------------------------------------------------------------------


@transaction.atomic
def create_member(
    *,
    email: str,
    name: str,
    password: str | None = None,
    verified: bool = False,
    is_staff: bool = False,
    handle: str | None = None,
    **profile: Any,
) -> User:
    """Create an account with its profile. Used by operators, imports, the demo and sign-up."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise KithError("Enter a valid email address.", "invalid", "email") from exc
    if User.objects.filter(email__iexact=email).exists():
        raise KithError("A member with that email address already exists.", "duplicate", "email")
    if not (name or "").strip():
        raise KithError("Name: this field is required.", "required", "name")
    user = User(email=email, is_staff=is_staff)
    user.set_password(password) if password else user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    create_profile(user, name=name, handle=handle, **profile)
    return user


@transaction.atomic
def create_profile(user: User, *, name: str, handle: str | None = None, **fields: Any) -> Profile:
    """The profile for a new account (also called from sign-up through the account adapter,
    inside the sign-up's transaction: kith.members.signup)."""
    profile = Profile(user=user, name=" ".join(name.split()), handle=handle or unique_handle(name))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise KithError(f"Unknown profile field: {sorted(unknown)[0]}.", "invalid", sorted(unknown)[0])
    for key, value in fields.items():
        setattr(profile, key, (value or "").strip())
    _validated(profile, exclude=["user", "photo"])
    profile.save()
    TargetMarket.objects.create(profile=profile)
    recompute_completeness(profile)
    profile_changed.send(sender=Profile, profile_id=profile.pk)
    return profile


# --- erasure (account deletion, kith.portability) -------------------------------------------

FORMER_MEMBER = "A former member"


def erased_email(user_id: int) -> str:
    return f"erased-{user_id}@erased.invalid"


@transaction.atomic
def erase_account(member: User) -> Profile:
    """Erase what the account and the profile hold, keeping the two rows as a tombstone.

    The account can no longer sign in (no password, no email address, inactive, its tokens
    and sessions gone), and the profile is "A former member" with nothing else: the
    messages the member sent in others' conversations stay, shown from that name.
    Idempotent. The apps above erase their own rows first (kith.portability.personal_data_registry).
    """
    user = User.objects.select_for_update().get(pk=member.pk)
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    # The account first: search (answering profile_changed below) drops an erased account's entry.
    user.email = erased_email(user.pk)
    user.set_unusable_password()  # every session's auth hash no longer matches: all signed out
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = user.erased_at or timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    if profile.photo:
        old = profile.photo.name
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    Position.objects.filter(profile=profile).delete()
    Education.objects.filter(profile=profile).delete()
    ProfileSkill.objects.filter(profile=profile).delete()
    OpenTo.objects.filter(profile=profile).delete()
    market, _ = TargetMarket.objects.get_or_create(profile=profile)
    TargetMarketTerm.objects.filter(market=market).delete()
    for key in TARGET_MARKET_FIELDS:
        setattr(market, key, [])
    market.save()
    ApiToken.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    profile.name = FORMER_MEMBER
    profile.handle = f"former-member-{profile.pk}"
    for key in ("headline", "about", "city", "region", "country", "industry"):
        setattr(profile, key, "")
    profile.photo = ""
    profile.visibility = Visibility.CONNECTIONS
    profile.hiring_verified_at = None
    profile.hiring_verified_by = None
    _touch(profile)  # search answers the signal by removing the erased member from its index
    profile.save()
    return profile


# --- the profile -------------------------------------------------------------------


def _touch(profile: Profile) -> None:
    """Save a changed profile and tell the apps that derive from it (search indexes it in this
    transaction, so it is findable by its new words in the next request)."""
    profile.updated_at = timezone.now()
    recompute_completeness(profile)
    profile.save()
    profile_changed.send(sender=Profile, profile_id=profile.pk)


@transaction.atomic
def update_profile(member: User, **fields: Any) -> Profile:
    """Change name, headline, about, location and industry. Unset keys stay as they are."""
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    for key, value in fields.items():
        if key not in PROFILE_FIELDS:
            raise KithError(f"Unknown profile field: {key}.", "invalid", key)
        value = "" if value is None else str(value).strip()
        if key == "name":
            value = " ".join(value.split())
            if not value:
                raise KithError("Name: this field is required.", "required", "name")
        if key == "industry" and value and value not in INDUSTRY_LABELS:
            raise KithError("Industry: choose one from the list.", "invalid", "industry")
        setattr(profile, key, value)
    _validated(profile, exclude=["user", "photo", "handle"])
    _touch(profile)
    return profile


@transaction.atomic
def change_handle(member: User, handle: str) -> Profile:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    handle = (handle or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,58}[a-z0-9]", handle):
        raise KithError("Handle: 3–60 lowercase letters, digits and hyphens.", "invalid", "handle")
    if Profile.objects.filter(handle=handle).exclude(pk=profile.pk).exists():
        raise KithError("Handle: that handle is taken.", "duplicate", "handle")
    profile.handle = handle
    _touch(profile)
    return profile


@transaction.atomic
def set_photo(member: User, upload) -> Profile:
    """Validate an upload by its content (not its name), crop it square, resize, store as JPEG."""
    image = read_image(upload, max_bytes=settings.KITH_PROFILE_PHOTO_MAX_BYTES, label="Photo", field="photo")
    size = settings.KITH_PROFILE_PHOTO_SIZE
    content = as_jpeg(image, (size, size))
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    old = profile.photo.name if profile.photo else None
    profile.photo.save(f"{profile.pk}-{secrets.token_hex(6)}.jpg", content, save=False)
    _touch(profile)
    if old:
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return profile


@transaction.atomic
def remove_photo(member: User) -> Profile:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    if profile.photo:
        old = profile.photo.name
        profile.photo = ""
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    _touch(profile)
    return profile


def _check_count(field: str, count: int) -> None:
    """Positions and education entries: a CV's worth, not an unbounded list."""
    limit = {"positions": MAX_POSITIONS, "education": MAX_EDUCATION}[field]
    if count > limit:
        raise KithError(f"{field.capitalize()}: at most {limit} entries on a profile.", "too_many", field)


def _position_from(profile: Profile, data: dict[str, Any], *, prefix: str = "", instance: Position | None = None) -> Position:
    position = instance or Position(profile=profile)
    for key in ("company", "title", "location", "description"):
        if key in data or instance is None:
            setattr(position, key, (data.get(key) or "").strip())
    if "start" in data or instance is None:
        position.start = parse_month(data.get("start"), f"{prefix}start")
        if position.start is None:
            raise KithError("Start: this field is required.", "required", f"{prefix}start")
    if "is_current" in data or instance is None:
        position.is_current = bool(data.get("is_current"))
    if "end" in data or instance is None:
        position.end = parse_month(data.get("end"), f"{prefix}end")
    if position.is_current:
        position.end = None
    elif position.end is None:
        raise KithError("End: give an end month, or mark the position as current.", "required", f"{prefix}end")
    elif position.end < position.start:
        raise KithError("End: must not be before the start month.", "invalid", f"{prefix}end")
    _validated(position, prefix=prefix, exclude=["profile"])
    return position


@transaction.atomic
def add_position(member: User, **data: Any) -> Position:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    _check_count("positions", Position.objects.filter(profile=profile).count() + 1)
    position = _position_from(profile, data)
    position.save()
    _touch(profile)
    return position


@transaction.atomic
def update_position(member: User, position_id: int, **data: Any) -> Position:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    position = Position.objects.filter(pk=position_id, profile=profile).first()
    if position is None:
        raise NotFound("No such position on your profile.", field="position")
    position = _position_from(profile, data, instance=position)
    position.save()
    _touch(profile)
    return position


@transaction.atomic
def delete_position(member: User, position_id: int) -> None:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    deleted, _ = Position.objects.filter(pk=position_id, profile=profile).delete()
    if not deleted:
        raise NotFound("No such position on your profile.", field="position")
    _touch(profile)


def _education_from(profile: Profile, data: dict[str, Any], *, prefix: str = "", instance: Education | None = None) -> Education:
    education = instance or Education(profile=profile)
    for key in ("school", "degree", "field"):
        if key in data or instance is None:
            setattr(education, key, (data.get(key) or "").strip())
    for key in ("start_year", "end_year"):
        if key in data or instance is None:
            value = data.get(key)
            if value in (None, ""):
                setattr(education, key, None)
                continue
            try:
                year = int(value)
            except (TypeError, ValueError) as exc:
                raise KithError(f"{key.replace('_', ' ').capitalize()}: enter a year.", "invalid", f"{prefix}{key}") from exc
            if not 1900 <= year <= 2100:
                raise KithError(f"{key.replace('_', ' ').capitalize()}: enter a year between 1900 and 2100.", "invalid", f"{prefix}{key}")
            setattr(education, key, year)
    if education.start_year and education.end_year and education.end_year < education.start_year:
        raise KithError("End year: must not be before the start year.", "invalid", f"{prefix}end_year")
    _validated(education, prefix=prefix, exclude=["profile"])
    return education


@transaction.atomic
def add_education(member: User, **data: Any) -> Education:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    _check_count("education", Education.objects.filter(profile=profile).count() + 1)
    education = _education_from(profile, data)
    education.save()
    _touch(profile)
    return education


@transaction.atomic
def update_education(member: User, education_id: int, **data: Any) -> Education:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    education = Education.objects.filter(pk=education_id, profile=profile).first()
    if education is None:
        raise NotFound("No such education entry on your profile.", field="education")
    education = _education_from(profile, data, instance=education)
    education.save()
    _touch(profile)
    return education


@transaction.atomic
def delete_education(member: User, education_id: int) -> None:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    deleted, _ = Education.objects.filter(pk=education_id, profile=profile).delete()
    if not deleted:
        raise NotFound("No such education entry on your profile.", field="education")
    _touch(profile)


def _skills_from(names: Iterable[str]) -> list[Skill]:
    seen: dict[str, str] = {}
    for raw in names:
        if not isinstance(raw, str):
            raise KithError("Skills: each skill is a piece of text.", "invalid", "skills")
        key, display = normalize_skill(raw)
        if key and key not in seen:
            seen[key] = display
    if len(seen) > MAX_SKILLS:
        raise KithError(f"Skills: at most {MAX_SKILLS} skills.", "too_many", "skills")
    existing = {skill.key: skill for skill in Skill.objects.filter(key__in=seen)}
    missing = [Skill(key=key, name=name) for key, name in seen.items() if key not in existing]
    if missing:
        Skill.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {skill.key: skill for skill in Skill.objects.filter(key__in=seen)}
    return [existing[key] for key in seen]


@transaction.atomic
def set_skills(member: User, names: Iterable[str]) -> list[Skill]:
    """Replace the member's skills, in order; duplicates by normalized key collapse."""
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    skills = _skills_from(names)
    ProfileSkill.objects.filter(profile=profile).delete()
    ProfileSkill.objects.bulk_create(ProfileSkill(profile=profile, skill=s, order=i) for i, s in enumerate(skills))
    _touch(profile)
    return skills


def _open_to_from(profile: Profile, data: dict[str, Any], prefix: str = "") -> OpenTo:
    kind = data.get("kind")
    if kind not in OpenTo.Kind.values:
        raise KithError(f"Kind: choose one of {', '.join(OpenTo.Kind.values)}.", "invalid", f"{prefix}kind")
    audience = data.get("audience") or OpenTo.Audience.MEMBERS
    if audience not in OpenTo.Audience.values:
        raise KithError("Audience: choose members or recruiters.", "invalid", f"{prefix}audience")
    hide = bool(data.get("hide_from_current_company"))
    if kind != OpenTo.Kind.JOB and (audience != OpenTo.Audience.MEMBERS or hide):
        raise KithError("Audience: only a job search can be limited to recruiters or hidden from colleagues.", "invalid", f"{prefix}audience")
    signal = OpenTo(profile=profile, kind=kind, details=(data.get("details") or "").strip(), audience=audience, hide_from_current_company=hide)
    _validated(signal, prefix=prefix, exclude=["profile"])
    return signal


@transaction.atomic
def set_open_to(member: User, signals: Iterable[dict[str, Any]]) -> list[OpenTo]:
    """Replace the member's "open to" signals. One per kind."""
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    signals = list(signals)
    if len(signals) > len(OpenTo.Kind.values):
        raise KithError(f"Open to: at most {len(OpenTo.Kind.values)} signals, one per kind.", "too_many", "open_to")
    built = [_open_to_from(profile, dict(data), f"open_to.{i}.") for i, data in enumerate(signals)]
    kinds = [s.kind for s in built]
    if len(kinds) != len(set(kinds)):
        raise KithError("Open to: each kind at most once.", "duplicate", "open_to")
    previous = {s.kind: s.created_at for s in OpenTo.objects.filter(profile=profile)}
    for signal in built:
        signal.created_at = previous.get(signal.kind, signal.created_at)
    OpenTo.objects.filter(profile=profile).delete()
    OpenTo.objects.bulk_create(built)
    _touch(profile)
    return built


@transaction.atomic
def update_privacy(member: User, **fields: Any) -> Profile:
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    for key, value in fields.items():
        if key not in PRIVACY_FIELDS:
            raise KithError(f"Unknown privacy setting: {key}.", "invalid", key)
        choices = Profile._meta.get_field(key).choices
        if value not in {c[0] for c in choices}:
            allowed = ", ".join(c[0] for c in choices)
            raise KithError(f"{key.replace('_', ' ').capitalize()}: choose one of {allowed}.", "invalid", key)
        setattr(profile, key, value)
    profile.save()
    profile_changed.send(sender=Profile, profile_id=profile.pk)  # visibility decides what search may match
    return profile


@transaction.atomic
def verify_hiring(member: User, *, by: User | None, verified: bool = True) -> Profile:
    """The community's operator says ``member`` recruits for real (or no longer).

    Verified members are the "recruiters only" audience of job searches
    (kith.members.visibility.open_to_visible); the profile shows the verification.
    ``by`` is the staff member doing it (None from the command line). Idempotent.
    """
    if by is not None and not (by.is_active and by.is_staff):
        raise PermissionDenied("Only the community's operators verify members as hiring.", "forbidden")
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    if verified and profile.hiring_verified_at is None:
        profile.hiring_verified_at, profile.hiring_verified_by = timezone.now(), by
    elif not verified:
        profile.hiring_verified_at, profile.hiring_verified_by = None, None
    profile.save(update_fields=["hiring_verified_at", "hiring_verified_by"])
    profile_changed.send(sender=Profile, profile_id=profile.pk)
    return profile


def _clean_list(key: str, values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, (list, tuple)):
        raise KithError(f"{key.replace('_', ' ').capitalize()}: give a list.", "invalid", key)
    cleaned: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if text and text.lower() not in {c.lower() for c in cleaned}:
            if len(text) > 100:
                raise KithError(f"{key.replace('_', ' ').capitalize()}: each entry at most 100 characters.", "too_long", key)
            cleaned.append(text)
    if len(cleaned) > MAX_TARGET_ITEMS:
        raise KithError(f"{key.replace('_', ' ').capitalize()}: at most {MAX_TARGET_ITEMS} entries.", "too_many", key)
    if key == "industries":
        unknown = [v for v in cleaned if v not in INDUSTRY_LABELS]
        if unknown:
            raise KithError(f"Industries: unknown industry {unknown[0]!r}.", "invalid", key)
    return cleaned


@transaction.atomic
def update_target_market(member: User, **fields: Any) -> TargetMarket:
    market, _ = TargetMarket.objects.select_for_update().get_or_create(profile_id=member.pk)
    for key, values in fields.items():
        if key not in TARGET_MARKET_FIELDS:
            raise KithError(f"Unknown target market field: {key}.", "invalid", key)
        setattr(market, key, _clean_list(key, values))
    market.save()
    TargetMarketTerm.objects.filter(market=market).delete()
    TargetMarketTerm.objects.bulk_create([TargetMarketTerm(market=market, kind=k, value=v) for k, v in market.term_pairs()])
    return market


@contextmanager
def _fields_under(prefix: str) -> Iterator[None]:
    """Name a refused field by its path in the patch: ``target_market.industries``."""
    try:
        yield
    except KithError as error:
        if error.field:
            error.field = f"{prefix}.{error.field}"
        raise


@transaction.atomic
def patch_profile(member: User, data: dict[str, Any]) -> Profile:
    """Apply a partial update from the API in one transaction: all of it or none of it.

    Scalars change individually; positions, education, skills and open_to, when
    given, replace the whole list; privacy and target_market merge by key.
    """
    scalars = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    if scalars:
        update_profile(member, **scalars)
    if data.get("handle") is not None:
        change_handle(member, data["handle"])
    profile = Profile.objects.select_for_update().get(pk=member.pk)
    if data.get("positions") is not None:
        _check_count("positions", len(data["positions"]))
        positions = [_position_from(profile, dict(p), prefix=f"positions.{i}.") for i, p in enumerate(data["positions"])]
        Position.objects.filter(profile=profile).delete()
        Position.objects.bulk_create(positions)
    if data.get("education") is not None:
        _check_count("education", len(data["education"]))
        entries = [_education_from(profile, dict(e), prefix=f"education.{i}.") for i, e in enumerate(data["education"])]
        Education.objects.filter(profile=profile).delete()
        Education.objects.bulk_create(entries)
    if data.get("skills") is not None:
        set_skills(member, data["skills"])
    if data.get("open_to") is not None:
        set_open_to(member, data["open_to"])
    if data.get("privacy"):
        with _fields_under("privacy"):
            update_privacy(member, **data["privacy"])
    if data.get("target_market"):
        with _fields_under("target_market"):
            update_target_market(member, **data["target_market"])
    profile = Profile.objects.get(pk=member.pk)
    _touch(profile)
    return profile


# Weights of profile completeness, out of 100. A full CV is what makes a stranger
# easy to judge, so experience and a headline weigh most.
COMPLETENESS_WEIGHTS = {
    "headline": 15,
    "photo": 10,
    "about": 10,
    "location": 10,
    "industry": 10,
    "position": 20,
    "education": 10,
    "skills": 15,
}


def completeness_parts(profile: Profile, *, loaded: bool = False) -> dict[str, bool]:
    """Which parts of the profile are done. ``loaded``: the profile was just read with its positions,
    education and skills (kith.members.selectors.profile_for_member), so those lists answer instead
    of three more queries; never after a write, whose rows lists read before it do not hold. A
    profile read by kith.members.selectors.own_summary answers from its counts."""
    if hasattr(profile, "skill_count"):
        rows = {"position": profile.has_position, "education": profile.has_education, "skills": profile.skill_count >= 3}
    elif loaded:
        rows = {
            "position": bool(profile.positions.all()),
            "education": bool(profile.education.all()),
            "skills": len(profile.skill_list) >= 3,
        }
    else:
        rows = {
            "position": Position.objects.filter(profile=profile).exists(),
            "education": Education.objects.filter(profile=profile).exists(),
            "skills": ProfileSkill.objects.filter(profile=profile).count() >= 3,
        }
    return {
        "headline": bool(profile.headline),
        "photo": bool(profile.photo),
        "about": bool(profile.about),
        "location": bool(profile.city or profile.country),
        "industry": bool(profile.industry),
        **rows,
    }


def completeness_score(parts: dict[str, bool]) -> int:
    """The completeness percentage of a profile with these parts done."""
    return sum(COMPLETENESS_WEIGHTS[k] for k, done in parts.items() if done)


def recompute_completeness(profile: Profile) -> int:
    profile.completeness = completeness_score(completeness_parts(profile))
    Profile.objects.filter(pk=profile.pk).update(completeness=profile.completeness)
    return profile.completeness


# --- personal access tokens ---------------------------------------------------------

TOKEN_PREFIX = "kith_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(member: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is never stored or shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise KithError("Name: give the token a name, such as the script that will use it.", "required", "name")
    if len(name) > 80:
        raise KithError("Name: at most 80 characters.", "too_long", "name")
    limit = settings.KITH_API_TOKENS_PER_MEMBER
    if ApiToken.objects.filter(user=member, revoked_at__isnull=True).count() >= limit:
        raise KithError(f"You have {limit} active tokens, the most allowed: revoke one first.", "limit", "name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        token = ApiToken.objects.create(user=member, name=name, prefix=secret[:9], digest=_digest(secret))
    except IntegrityError as exc:  # pragma: no cover - a 256-bit collision
        raise KithError("Could not create a token; try again.", "conflict") from exc
    return token, secret


@transaction.atomic
def revoke_api_token(member: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=member, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound("No such active token.", field="token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def authenticate_token(secret: str) -> User | None:
    """The active member a token belongs to, or None. Records when it was last used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(secret), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    if sign_in.refusal(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- sign-in and sign-up limits (kith.core.ratelimit: atomic, one count for every process) ---


def count_sign_in_attempt(*, email: str, address: str) -> list[ratelimit.Usage]:
    """Count a password attempt against two failure budgets before the password is checked:
    the email address's (guessing one member's password) and the client address's (trying
    one password on many members). Counting first is what makes the limit hold under a burst
    of concurrent attempts. Raises LimitReached once either budget is spent; pass the result
    to ``forgive_sign_in_attempt`` when the password was right, so only failures count.

    Web log-in, re-authentication and POST /api/v1/tokens share these budgets.
    """
    window = settings.KITH_SIGNIN_FAILURES_WINDOW
    by_address = ratelimit.consume(
        "signin-address",
        ratelimit.network_of(address),
        limit=settings.KITH_SIGNIN_FAILURES_PER_ADDRESS,
        window=window,
        what="failed sign-ins from your network address",
    )
    by_email = ratelimit.consume(
        "signin-email",
        (email or "").strip().lower(),
        limit=settings.KITH_SIGNIN_FAILURES_PER_EMAIL,
        window=window,
        what="failed sign-ins for this email address",
    )
    return [by_address, by_email]


def forgive_sign_in_attempt(usages: list[ratelimit.Usage]) -> None:
    for usage in usages:
        ratelimit.refund(usage)


def verify_password_login(email: str, password: str, *, address: str) -> User | None:
    """The member whose email and password these are, or None; counted as above."""
    from django.contrib.auth import authenticate

    email = (email or "").strip().lower()
    usages = count_sign_in_attempt(email=email, address=address)
    user = authenticate(email=email, password=password or "")
    if user is not None:
        forgive_sign_in_attempt(usages)
    return user


def count_sign_up(*, address: str) -> ratelimit.Usage:
    """Count a sign-up attempt from a client address; LimitReached past the limit."""
    return ratelimit.consume(
        "signup-address",
        ratelimit.network_of(address),
        limit=settings.KITH_SIGNUPS_PER_ADDRESS,
        window=settings.KITH_SIGNUPS_WINDOW,
        what="sign-ups from your network address",
    )


@transaction.atomic
def grant_permission(user: User, permission: str) -> None:
    """Grant ``"app_label.codename"`` (the moderator role is ``moderation.moderate``). Idempotent."""
    app_label, codename = permission.split(".", 1)
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
