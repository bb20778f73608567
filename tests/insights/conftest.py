"""Scenes for insights: a stranger worth accepting, an unknown stranger, a spammer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kith.members import actions as members
from kith.members.models import Profile, User
from kith.network.models import Invitation
from tests.factories import connect, make_member


def aged(member: User, days: int) -> User:
    """Make the account ``days`` old."""
    User.objects.filter(pk=member.pk).update(date_joined=timezone.now() - timedelta(days=days))
    member.refresh_from_db()
    return member


def fill_profile(
    member: User, *, industry: str, city: str, company: str, title: str, school: str, since: str = "2015-01"
) -> User:
    """A decent profile: location, industry, a current and a past position, a school and skills."""
    members.update_profile(member, industry=industry, city=city, country="United Kingdom", about="I build things that last.")
    members.add_position(member, company=company, title=title, start=since, is_current=True)
    members.add_position(member, company=f"{company} Trainees", title="Junior", start="2010-01", end="2014-12")
    members.add_education(member, school=school, degree="BSc", start_year=2006, end_year=2009)
    members.set_skills(member, ["Python", "Data Engineering", "Logistics"])
    return member


def invite(sender: User, recipient: User, note: str = "", *, days_ago: float = 0.1, status: str = "pending") -> Invitation:
    return Invitation.objects.create(
        sender=sender,
        recipient=recipient,
        note=note,
        status=status,
        created_at=timezone.now() - timedelta(days=days_ago),
        answered_at=None if status == "pending" else timezone.now(),
    )


def bulk_members(n: int, prefix: str = "bulk") -> list[User]:
    """Many bare accounts quickly (no password hashing, no actions): invitation targets."""
    users = User.objects.bulk_create([User(email=f"{prefix}{i}@example.com", password="!") for i in range(n)])
    users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))
    Profile.objects.bulk_create([Profile(user=u, handle=f"{prefix}-{u.pk}", name=f"Bulk {u.pk}") for u in users])
    return users


@pytest.fixture
def ada_market(ada):
    """Ada wants to reach software people in London."""
    fill_profile(ada, industry="software-development", city="London", company="Analytical Engines", title="Head of Data", school="University of London")
    members.update_target_market(ada, industries=["software-development"], locations=["London"])
    return ada


@pytest.fixture
def stranger_in_market(ada_market):
    """Bea: software, London, decent profile, 3 mutual connections with Ada, not connected."""
    bea = aged(make_member("Bea Kernighan", email="bea@example.com", headline="Platform engineer"), 800)
    fill_profile(bea, industry="software-development", city="London", company="Acme Cloud", title="Platform Engineer", school="Imperial College")
    for i in range(3):
        friend = make_member(f"Friend {chr(65 + i)}", email=f"friend{i}@example.com")
        connect(ada_market, friend)
        connect(bea, friend)
    return bea


@pytest.fixture
def stranger_outside(ada_market):
    """Otto: farming in Leeds, decent profile, nobody in common with Ada."""
    otto = aged(make_member("Otto Farmer", email="otto@example.com", headline="Farm manager"), 600)
    fill_profile(otto, industry="agriculture", city="Leeds", company="Green Acres", title="Farm Manager", school="Harper Adams")
    return otto


@pytest.fixture
def spammer(ada_market):
    """Sam: a day-old empty account that sent 200 invitations (one of them to Ada)."""
    sam = aged(make_member("Sam Spam", email="sam@example.com"), 1)
    Invitation.objects.bulk_create(
        [Invitation(sender=sam, recipient=r, created_at=timezone.now() - timedelta(hours=5)) for r in bulk_members(199)]
    )
    invite(sam, ada_market, "Let's connect! I help professionals earn passive income with crypto signals.")
    return sam
