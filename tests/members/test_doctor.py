"""`kith doctor` checks of accounts and profiles: each catches its violation, and passes clean."""

from allauth.account.models import EmailAddress

from kith.members import actions
from kith.members.models import Profile, TargetMarket, User
from tests.factories import make_member


def test_members_made_by_the_actions_pass(doctor, ada, grace):
    actions.update_profile(ada, name="Ada Lovelace", headline="Countess", city="London")
    actions.set_skills(grace, ["COBOL", "Compilers", "Navy"])
    assert doctor("members") == []


def test_an_account_without_a_profile_is_found(doctor, ada):
    lone = User.objects.create_user("lone@example.com", "pw")
    assert doctor("members.profiles") == [f"account {lone.pk} (lone@example.com) has no profile"]


def test_a_profile_without_its_target_market_is_found(doctor, ada):
    TargetMarket.objects.filter(profile_id=ada.pk).delete()
    assert doctor("members.profiles") == [f"profile {ada.pk} (@{ada.profile.handle}) has no target market row"]


def test_an_email_changed_behind_allauth_is_found(doctor, ada):
    User.objects.filter(pk=ada.pk).update(email="new@example.com")
    assert doctor("members.emails") == [f"account {ada.pk}: new@example.com is not its primary email address"]
    EmailAddress.objects.filter(user=ada).update(email="NEW@example.com")
    assert doctor("members.emails") == []  # compared without case, as logging in does


def test_a_stale_completeness_is_found(doctor, ada):
    Profile.objects.filter(pk=ada.pk).update(headline="")
    stored = Profile.objects.get(pk=ada.pk).completeness
    expected = stored - actions.COMPLETENESS_WEIGHTS["headline"]
    assert doctor("members.completeness") == [
        f"profile {ada.pk} (@{ada.profile.handle}): completeness {stored}%, its parts add up to {expected}%"
    ]
    make_member("Linus Torvalds")
    assert len(doctor("members.completeness")) == 1
