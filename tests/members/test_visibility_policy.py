"""The one visibility policy (kith.members.visibility), and the leaks it closed.

Each leak test failed before the policy was asked everywhere: the API showed a
connections-only profile's city, industry and completeness to a stranger, insights
said how complete such a profile was, and "recruiters only" job searches went to
anyone who set themselves "open to hiring".
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kith.members import actions
from kith.members.models import Block, Profile
from kith.members.visibility import Level, Relation, open_to_visible, profile_level, shows
from kith.network import actions as network
from tests.conftest import login
from tests.factories import connect, make_member

# --- the policy, as a pure function ------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "visibility", "expected"),
    [
        (Relation(viewer_id=None, member_id=2), "public", Level.FULL),
        (Relation(viewer_id=None, member_id=2), "members", Level.HIDDEN),
        (Relation(viewer_id=None, member_id=2), "connections", Level.HIDDEN),
        (Relation(viewer_id=1, member_id=2), "members", Level.FULL),
        (Relation(viewer_id=1, member_id=2), "connections", Level.LIMITED),
        (Relation(viewer_id=1, member_id=2, connected=True), "connections", Level.FULL),
        (Relation(viewer_id=1, member_id=2, blocked=True), "public", Level.HIDDEN),
        (Relation(viewer_id=1, member_id=2, connected=True, blocked=True), "members", Level.HIDDEN),
        (Relation(viewer_id=2, member_id=2), "connections", Level.FULL),
        (Relation(viewer_id=1, member_id=2, active=False), "public", Level.HIDDEN),
        (Relation(viewer_id=2, member_id=2, active=False), "public", Level.HIDDEN),
    ],
)
def test_profile_level(relation, visibility, expected):
    assert profile_level(relation, visibility=visibility) is expected


def test_limited_shows_enough_to_decide_and_nothing_more():
    assert all(shows(Level.LIMITED, f) for f in ("name", "handle", "headline", "photo"))
    for hidden in ("city", "location", "industry", "completeness", "positions", "education", "skills", "open_to"):
        assert not shows(Level.LIMITED, hidden)
        assert shows(Level.FULL, hidden)
    assert not shows(Level.HIDDEN, "name")


def _job(**kw):
    base = {"kind": "job", "audience": "members", "hide_from_current_company": False, "level": Level.FULL}
    return open_to_visible(**{**base, **kw})


def test_open_to_audiences():
    assert _job() is True
    assert _job(anonymous=True) is False
    assert _job(level=Level.LIMITED) is False
    assert _job(audience="recruiters") is False
    assert _job(audience="recruiters", viewer_verified_hiring=True) is True
    assert _job(hide_from_current_company=True, shares_current_company=True) is False
    assert _job(hide_from_current_company=True, shares_current_company=True, is_self=True) is True
    assert open_to_visible(kind="mentoring", audience="members", hide_from_current_company=False, level=Level.FULL, anonymous=True)


# --- the leaks -----------------------------------------------------------------------------------


@pytest.fixture
def closed_grace(grace):
    """Grace shows her whole profile to her connections only."""
    actions.update_profile(grace, city="Arlington", region="Virginia", country="United States", industry="software-development")
    actions.add_position(grace, company="US Navy", title="Rear admiral", start="1943-01", is_current=True)
    actions.update_privacy(grace, visibility="connections")
    return grace


def test_api_member_profile_of_a_connections_only_member(api_as, ada, linus, closed_grace):
    stranger = api_as(ada).get_json(f"/api/v1/members/{closed_grace.profile.handle}").json()
    assert stranger["full"] is False
    assert (stranger["name"], stranger["headline"]) == ("Grace Hopper", "Compiler pioneer")
    for field in ("city", "region", "country", "location", "industry", "industry_label"):
        assert stranger[field] == "", field
    assert stranger["completeness"] is None and stranger["positions"] == [] and stranger["created_at"] is None

    connect(closed_grace, linus)
    friend = api_as(linus).get_json(f"/api/v1/members/{closed_grace.profile.handle}").json()
    assert friend["full"] is True and friend["city"] == "Arlington" and friend["location"].startswith("Arlington")
    assert friend["completeness"] > 0 and friend["positions"][0]["company"] == "US Navy"


def test_api_member_profile_of_a_blocked_member_is_not_found(api_as, ada, closed_grace):
    Block.objects.create(blocker=closed_grace, blocked=ada)
    response = api_as(ada).get_json(f"/api/v1/members/{closed_grace.profile.handle}")
    assert response.status_code == 404


def test_lists_leave_out_a_limited_members_location(api_as, ada, closed_grace):
    network.send_invitation(closed_grace, to=ada)
    item = api_as(ada).get_json("/api/v1/invitations?box=received").json()[0]
    assert item["member"]["handle"] == closed_grace.profile.handle and item["member"]["location"] == ""


def test_insights_on_a_limited_profile_say_nothing_of_what_it_hides(api_as, ada, closed_grace):
    body = api_as(ada).get_json(f"/api/v1/members/{closed_grace.profile.handle}/insights").json()
    assert body["trust"]["profile_completeness"] is None
    reasons = " ".join(body["reasons"])
    assert "complete" not in reasons and "work history" not in reasons


@pytest.fixture
def job_seeker(db):
    seeker = make_member("Jo Seeker", headline="Looking for a new role")
    actions.set_open_to(seeker, [{"kind": "job", "details": "Product roles", "audience": "recruiters"}])
    return seeker


def test_recruiters_only_means_verified_as_hiring(client, api_as, ada, grace, job_seeker):
    actions.set_open_to(ada, [{"kind": "hiring", "details": "Engineers"}])  # says so herself: not enough
    handle = job_seeker.profile.handle
    assert api_as(ada).get_json(f"/api/v1/members/{handle}").json()["open_to"] == []
    assert "Product roles" not in login(client, ada).get(f"/in/{handle}/").content.decode()

    actions.verify_hiring(ada, by=make_member("Oper Ator", is_staff=True))
    assert [s["kind"] for s in api_as(ada).get_json(f"/api/v1/members/{handle}").json()["open_to"]] == ["job"]
    assert "Product roles" in login(client, ada).get(f"/in/{handle}/").content.decode()
    assert api_as(grace).get_json(f"/api/v1/members/{handle}").json()["open_to"] == []


def test_recruiters_only_in_search(api_as, ada, job_seeker):
    from kith.search.actions import rebuild_index

    rebuild_index()
    found = api_as(ada).get_json("/api/v1/search/people", {"q": "seeker", "open_to": "job"}).json()
    assert found["results"] == []
    actions.verify_hiring(ada, by=None)
    found = api_as(ada).get_json("/api/v1/search/people", {"q": "seeker", "open_to": "job"}).json()
    assert [r["handle"] for r in found["results"]] == [job_seeker.profile.handle]


def test_only_operators_verify_and_the_profile_says_so(client, ada, grace):
    from kith.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.verify_hiring(grace, by=ada)
    call_command("verifyhiring", grace.profile.handle)
    assert Profile.objects.get(pk=grace.pk).hiring_verified
    assert "Verified as hiring" in login(client, ada).get(f"/in/{grace.profile.handle}/").content.decode()
    call_command("verifyhiring", grace.profile.handle, "--remove")
    assert not Profile.objects.get(pk=grace.pk).hiring_verified


def test_operators_verify_in_the_admin(client, ada, grace):
    staff = make_member("Mod Erator", is_staff=True)
    staff.is_superuser = True
    staff.save()
    login(client, staff)
    assert client.get("/admin/members/profile/").status_code == 200
    client.post("/admin/members/profile/", {"action": "verify_hiring", "_selected_action": [grace.pk]})
    profile = Profile.objects.get(pk=grace.pk)
    assert profile.hiring_verified and profile.hiring_verified_by == staff


@pytest.mark.parametrize("visibility", ["public", "members", "connections"])
def test_the_sql_form_agrees_with_the_policy(ada, grace, linus, visibility):
    """members.selectors.with_full_profile is profile_level's FULL as a queryset filter."""
    from kith.members.selectors import annotate_levels, with_full_profile

    actions.update_privacy(grace, visibility=visibility)
    connect(grace, linus)
    everyone = Profile.objects.filter(pk__in=[ada.pk, grace.pk, linus.pk])
    for viewer in (ada, linus, grace, None):
        levels = {p.pk: p.level for p in annotate_levels(viewer, everyone.select_related("user"))}
        in_sql = set(with_full_profile(viewer, everyone).values_list("pk", flat=True))
        assert in_sql == {pk for pk, level in levels.items() if level is Level.FULL}, (viewer, visibility)
