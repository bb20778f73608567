"""The demo community: `kith demo` builds a believable, deterministic network in bulk."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from statistics import median

import numpy as np
import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from kith.demo.builder import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    LOGIN_EMAIL,
    SPAM_DOMAIN,
    build_demo,
    is_spam_email,
)
from kith.members import actions
from kith.members.models import (
    Connection,
    ConnectionEvent,
    Position,
    Profile,
    ProfileSkill,
    TargetMarket,
    User,
)
from kith.messaging.models import Conversation, Message, Participant
from kith.network.models import Follow, Invitation
from kith.notifications.models import Notification

N = 300


@pytest.fixture
def demo(db):
    return build_demo(members=N, seed=1)


def edges() -> np.ndarray:
    return np.array(Connection.objects.values_list("member_id", "other_id"), dtype=np.int64)


def test_members_have_full_consistent_profiles(demo):
    assert User.objects.count() == Profile.objects.count() == N
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == N
    assert TargetMarket.objects.count() == N
    # The folded terms behind "whose target market includes me" match the lists.
    for market in TargetMarket.objects.exclude(industries=[]).order_by("?")[:20]:
        assert sorted(market.terms.values_list("kind", "value")) == sorted(market.term_pairs())
    assert demo.members == N and demo.spam_members == User.objects.filter(email__endswith="@" + SPAM_DOMAIN).count() >= 1
    genuine = Profile.objects.filter(user__email__endswith="@" + DEMO_DOMAIN)
    assert genuine.count() == N - demo.spam_members
    # Every genuine member has exactly one current position, 3–10 skills, an industry and a city.
    current = dict(Position.objects.filter(is_current=True).values("profile").annotate(n=Count("id")).values_list("profile", "n"))
    assert all(current.get(p) == 1 for p in genuine.values_list("pk", flat=True))
    skills = dict(ProfileSkill.objects.values("profile").annotate(n=Count("id")).values_list("profile", "n"))
    assert all(3 <= skills.get(p, 0) <= 10 for p in genuine.values_list("pk", flat=True))
    assert not genuine.filter(industry="").exists() and not genuine.filter(city="").exists()
    assert len(set(genuine.values_list("handle", flat=True))) == genuine.count()
    # Completeness is what the actions would compute.
    for profile in Profile.objects.order_by("?")[:40]:
        parts = actions.completeness_parts(profile)
        assert profile.completeness == sum(actions.COMPLETENESS_WEIGHTS[k] for k, done in parts.items() if done)
    # People cluster: a handful of companies hold many members.
    companies = Position.objects.filter(is_current=True).values("company").annotate(n=Count("id")).order_by("-n")
    assert companies[0]["n"] >= 5


def test_connections_are_symmetric_without_self_or_duplicates(demo):
    pairs = edges()
    assert len(pairs) == 2 * demo.connections
    assert not (pairs[:, 0] == pairs[:, 1]).any()
    as_set = {tuple(p) for p in pairs.tolist()}
    assert len(as_set) == len(pairs)
    assert all((b, a) in as_set for a, b in as_set)
    # Connecting follows both ways; the graph snapshot is the table, the event log stays empty.
    assert Follow.objects.filter(follower_id__in=pairs[:1000, 0]).count() >= 1
    assert set(Follow.objects.values_list("follower_id", "followed_id")) >= as_set
    assert not ConnectionEvent.objects.exists()
    # Connections are made after both members joined.
    joined = dict(Profile.objects.values_list("pk", "created_at"))
    for member, other, made in Connection.objects.values_list("member_id", "other_id", "created_at")[:500]:
        assert made >= max(joined[member], joined[other]) and made <= timezone.now()


def test_degree_distribution_has_a_sane_body(demo):
    degree = dict(Connection.objects.values("member").annotate(n=Count("id")).values_list("member", "n"))
    genuine = Profile.objects.filter(user__email__endswith="@" + DEMO_DOMAIN).values_list("pk", flat=True)
    degrees = [degree.get(p, 0) for p in genuine]
    assert 5 <= median(degrees) <= 150
    assert max(degrees) > 2 * median(degrees)  # a tail
    assert sum(d == 0 for d in degrees) < 0.05 * len(degrees)


def test_connections_cluster_by_company_and_city(demo):
    city = dict(Profile.objects.values_list("pk", "city"))
    company = dict(Position.objects.filter(is_current=True).values_list("profile_id", "company"))

    def same(a: int, b: int) -> bool:
        return city[a] == city[b] or (company.get(a) is not None and company.get(a) == company.get(b))

    pairs = edges()
    within = np.mean([same(a, b) for a, b in pairs.tolist()])
    rng = np.random.default_rng(0)
    ids = np.array(list(city))
    random_pairs = rng.choice(ids, (5000, 2))
    baseline = np.mean([same(a, b) for a, b in random_pairs.tolist() if a != b])
    assert within > 3 * baseline
    assert within > 0.4


def test_spam_like_accounts_are_new_thin_and_invite_many(demo):
    spam = User.objects.filter(email__endswith="@" + SPAM_DOMAIN)
    assert spam.exists()
    for user in spam:
        assert is_spam_email(user.email)
        profile = user.profile
        assert (timezone.now() - profile.created_at).days < 7
        assert not Position.objects.filter(profile=profile).exists()
        assert profile.completeness <= 40 and not profile.photo
        sent = Invitation.objects.filter(sender=user)
        assert 50 <= sent.count() <= 201
        assert sent.filter(status=Invitation.Status.PENDING).count() > sent.count() / 2
        assert Connection.objects.filter(member=user).count() <= 0.1 * sent.count()
    refused = Invitation.objects.filter(sender__in=spam, status__in=["declined_unknown", "reported"])
    assert refused.exists()
    # Genuine members join over years and send far fewer invitations.
    genuine = User.objects.filter(email__endswith="@" + DEMO_DOMAIN)
    oldest = genuine.order_by("date_joined").first()
    assert (timezone.now() - oldest.date_joined).days > 2 * 365
    top = Invitation.objects.filter(sender__in=genuine).values("sender").annotate(n=Count("id")).order_by("-n").first()
    assert top["n"] < 50


def test_invitations_are_believable(demo):
    pending = Invitation.objects.filter(status=Invitation.Status.PENDING)
    assert pending.exclude(note="").exclude(sender__email__endswith="@" + SPAM_DOMAIN).exists()
    assert pending.filter(note="").exists()
    connected = set(Connection.objects.values_list("member_id", "other_id"))
    assert not any(pair in connected for pair in pending.values_list("sender_id", "recipient_id"))
    assert Invitation.objects.filter(status=Invitation.Status.ACCEPTED).exists()
    accepted = Invitation.objects.filter(status=Invitation.Status.ACCEPTED).values_list("sender_id", "recipient_id")
    assert all(pair in connected for pair in accepted)
    assert not Invitation.objects.filter(status=Invitation.Status.PENDING, answered_at__isnull=False).exists()
    assert not Invitation.objects.exclude(status=Invitation.Status.PENDING).filter(answered_at__isnull=True).exists()


def test_the_demo_login_works_and_shows_the_product(demo, client):
    assert demo.login_email == LOGIN_EMAIL and demo.login_handle == "ada-lovelace"
    ada = User.objects.get(email=LOGIN_EMAIL)
    assert ada.profile.name == "Ada Lovelace" and ada.profile.completeness >= 80
    assert client.login(email=LOGIN_EMAIL, password=DEMO_PASSWORD)
    assert Connection.objects.filter(member=ada).count() >= 5
    inbox = Invitation.objects.filter(recipient=ada, status=Invitation.Status.PENDING)
    assert inbox.exclude(note="").filter(sender__email__endswith="@" + DEMO_DOMAIN).count() >= 2
    assert inbox.filter(sender__email__endswith="@" + SPAM_DOMAIN).exists()


def test_the_login_member_finds_notifications_messages_and_badges_waiting(demo, client):
    ada = User.objects.get(email=LOGIN_EMAIL)
    pending = Invitation.objects.filter(recipient=ada, status=Invitation.Status.PENDING)
    told = Notification.objects.filter(recipient=ada, kind="invitation_received", read_at__isnull=True)
    assert sorted(told.values_list("target_id", flat=True)) == sorted(pending.values_list("pk", flat=True))
    assert all(n.actor_id == n.target.sender_id for n in told)
    # Every member's pending invitations are notified, not only Ada's.
    assert Notification.objects.filter(kind="invitation_received").count() == Invitation.objects.filter(status="pending").count()
    replied = Notification.objects.get(recipient=ada, kind="invitation_replied")
    assert Invitation.objects.filter(sender=ada, recipient=replied.actor, status="pending").exists()
    inbox = Participant.objects.filter(member=ada, status="active")
    assert inbox.count() >= 4 and inbox.filter(unread_count__gt=0).count() >= 3
    assert Participant.objects.filter(member=ada, status="request").count() == 1
    times = list(Message.objects.filter(conversation__participants__member=ada).values_list("created_at", flat=True))
    assert len(set(times)) == len(times) and min(times) < timezone.now() - timedelta(days=1)

    assert client.login(email=LOGIN_EMAIL, password=DEMO_PASSWORD)
    home = client.get("/").content.decode()
    unread = told.count() + 1
    assert re.search(rf'class="badge"[^>]*>{unread}<', home), "the notifications badge counts them"
    assert re.search(rf'id="nav-pending-invitations"[^>]*><span class="badge"[^>]*>{pending.count()}<', home)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "replied to your invitation before accepting" in page and "invited you to connect" in page


@pytest.mark.slow
def test_the_same_seed_builds_the_same_community(demo):
    def snapshot() -> tuple[list[str], int, list[tuple[int, int]]]:
        base = User.objects.order_by("id").first().pk
        handles = list(Profile.objects.order_by("user_id").values_list("handle", flat=True))
        pairs = sorted((a - base, b - base) for a, b in Connection.objects.values_list("member_id", "other_id"))
        return handles, Invitation.objects.count(), pairs

    def empty() -> None:
        User.objects.all().delete()
        Conversation.objects.all().delete()  # members' conversations outlive them; a fresh database has none

    first = snapshot()
    empty()
    build_demo(members=N, seed=1)
    assert snapshot() == first
    empty()
    build_demo(members=N, seed=2)
    assert snapshot()[2] != first[2]


def test_building_twice_is_refused(demo):
    with pytest.raises(CommandError, match="already holds a demo community"):
        call_command("demo", "--members", "50", stdout=io.StringIO())


def test_demo_command_prints_the_login(db):
    out = io.StringIO()
    call_command("demo", "--members", "80", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert text.startswith("Demo ready: 80 members, ")
    assert f"as {LOGIN_EMAIL} (handle ada-lovelace) with password {DEMO_PASSWORD}" in text
    assert "http://127.0.0.1:8000/accounts/login/" in text


def test_if_empty_does_nothing_on_a_filled_database(demo):
    before = (User.objects.count(), Connection.objects.count(), Invitation.objects.count())
    out = io.StringIO()
    call_command("demo", "--if-empty", "--members", "50", stdout=out)
    assert (User.objects.count(), Connection.objects.count(), Invitation.objects.count()) == before
    assert f"as {LOGIN_EMAIL} (handle ada-lovelace) with password {DEMO_PASSWORD}" in out.getvalue()


def test_if_empty_without_the_demo_points_at_an_existing_member(db):
    actions.create_member(email="op@example.org", name="Olive Operator", password="pw-12345678")
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert User.objects.count() == 1
    assert "as op@example.org (handle olive-operator)" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


def test_demo_members_are_findable_in_search(db):
    from django.core.management import call_command

    from kith.demo.builder import login_member
    from kith.search.selectors import search_people

    call_command("demo", "--members", "120", "--seed", "3")
    ada = login_member()
    found = search_people(ada.user, {"q": "Lovelace"})
    assert ada.handle in [hit.profile.handle for hit in found.results]
