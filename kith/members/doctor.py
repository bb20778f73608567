"""`kith doctor` checks for accounts and profiles (see kith.core.doctor)."""

from __future__ import annotations

from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef

from kith.core.doctor import check
from kith.members.actions import completeness_parts, completeness_score
from kith.members.models import Profile, TargetMarket, User


@check("members.profiles", "Every account has its profile and target market")
def accounts_have_profiles() -> Iterator[str]:
    for user_id, email in User.objects.filter(profile__isnull=True).values_list("pk", "email").order_by("pk"):
        yield f"account {user_id} ({email}) has no profile"
    without = Profile.objects.exclude(Exists(TargetMarket.objects.filter(profile=OuterRef("pk"))))
    for profile_id, handle in without.values_list("pk", "handle").order_by("pk"):
        yield f"profile {profile_id} (@{handle}) has no target market row"


@check("members.emails", "Every account's email is its primary allauth address")
def emails_match() -> Iterator[str]:
    primary = EmailAddress.objects.filter(user=OuterRef("pk"), primary=True, email__iexact=OuterRef("email"))
    accounts = User.objects.filter(erased_at__isnull=True)  # an erased account keeps no address
    for user_id, email in accounts.exclude(Exists(primary)).values_list("pk", "email").order_by("pk"):
        yield f"account {user_id}: {email} is not its primary email address"


@check("members.completeness", "Each profile's stored completeness is what its parts add up to")
def completeness_is_current() -> Iterator[str]:
    for profile in Profile.objects.order_by("pk").iterator(chunk_size=2000):
        expected = completeness_score(completeness_parts(profile))
        if profile.completeness != expected:
            yield f"profile {profile.pk} (@{profile.handle}): completeness {profile.completeness}%, its parts add up to {expected}%"
