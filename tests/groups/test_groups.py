"""Groups: policies, roles and transitions, through the API and pages, and the actions' edges."""

from __future__ import annotations

from functools import partial

import pytest

from kith.core import doctor
from kith.core.errors import KithError, LimitReached, NotFound, PermissionDenied
from kith.groups import actions
from kith.groups.models import Ban, Group, GroupInvitation, JoinRequest, ManagerAction, Membership
from kith.groups.selectors import access_group
from kith.moderation.models import Report
from kith.network import actions as network_actions
from kith.notifications.models import Notification
from kith.posts import actions as post_actions
from tests.concurrency import race
from tests.factories import connect, make_member
from tests.groups.helpers import api, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return make_member("Ada Lovelace", headline="Analyst", city="London")


@pytest.fixture
def grace(ada):
    grace = make_member("Grace Hopper", city="Arlington")
    connect(ada, grace)
    return grace


@pytest.fixture
def linus():
    return make_member("Linus Torvalds")




def members_of(group: Group) -> dict[str, str]:
    return dict(Membership.objects.filter(group=group).values_list("member__profile__handle", "role"))


# --- creating ---------------------------------------------------------------------------------


def test_create_through_the_api_makes_the_creator_owner_and_logs_it(ada):
    response = api(client_for(ada), "POST", "/groups", {"name": "Engine Makers", "join_policy": "request", "question": "What do you build?"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "engine-makers" and body["my_role"] == "owner" and body["member_count"] == 1
    group = Group.objects.get(slug="engine-makers")
    assert members_of(group) == {ada.profile.handle: "owner"}
    assert list(ManagerAction.objects.filter(group=group).values_list("kind", flat=True)) == ["created"]


def test_two_groups_of_one_name_get_two_slugs_and_an_unlisted_one_an_unguessable_slug(ada):
    first = actions.create_group(ada, name="Engines")
    second = actions.create_group(ada, name="Engines")
    hidden = actions.create_group(ada, name="Engines", listed=False)
    assert (first.slug, second.slug) == ("engines", "engines-2")
    assert hidden.slug.startswith("engines-") and len(hidden.slug) == len("engines-") + 8


def test_create_refuses_bad_input_naming_the_field_and_writes_nothing(ada):
    client = client_for(ada)
    for body, field in (({"name": "  "}, "name"), ({"name": "x", "join_policy": "secret"}, "join_policy"), ({"name": "x" * 101}, "name")):
        response = api(client, "POST", "/groups", body)
        assert response.status_code in (400, 422) and response.json()["error"]["field"] == field, response.content
    assert not Group.objects.exists()


def test_groups_created_per_day_is_a_limit_that_says_when_it_lifts(ada, settings):
    settings.KITH_GROUPS_CREATED_PER_DAY = 2
    client = client_for(ada)
    assert [api(client, "POST", "/groups", {"name": f"G{i}"}).status_code for i in range(2)] == [201, 201]
    refused = api(client, "POST", "/groups", {"name": "G3"})
    assert refused.status_code == 429 and "Retry-After" in refused
    assert "at most 2 a day" in refused.json()["error"]["message"]


# --- joining ---------------------------------------------------------------------------------


def test_open_group_join_admits_and_counts(ada, linus):
    group = actions.create_group(ada, name="Open")
    response = api(client_for(linus), "POST", f"/groups/{group.slug}/join")
    assert response.status_code == 200 and response.json()["status"] == "member"
    group.refresh_from_db()
    assert group.member_count == 2 and members_of(group)[linus.profile.handle] == "member"
    # Idempotent: joining again changes nothing.
    assert api(client_for(linus), "POST", f"/groups/{group.slug}/join").json()["status"] == "member"
    group.refresh_from_db()
    assert group.member_count == 2


def test_request_group_needs_the_answer_then_a_manager(ada, linus):
    group = actions.create_group(ada, name="Asking", join_policy="request", question="What do you build?")
    client = client_for(linus)
    refused = api(client, "POST", f"/groups/{group.slug}/join")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "answer"
    assert "What do you build?" in refused.json()["error"]["message"]
    response = api(client, "POST", f"/groups/{group.slug}/join", {"answer": "Looms"})
    assert response.status_code == 200 and response.json()["status"] == "pending"
    assert response.json()["group"]["my_status"] == "pending"
    request = JoinRequest.objects.get(group=group, member=linus)
    assert request.answer == "Looms" and request.status == "pending"
    assert linus.profile.handle not in members_of(group)


def test_invitation_only_group_refuses_a_join_without_invitation(ada, linus):
    group = actions.create_group(ada, name="Closed", join_policy="invitation")
    response = api(client_for(linus), "POST", f"/groups/{group.slug}/join")
    assert response.status_code == 403 and response.json()["error"]["code"] == "invitation_only"
    assert not JoinRequest.objects.exists()


def test_a_managers_invitation_admits_directly_even_to_a_closed_group(ada, grace):
    group = actions.create_group(ada, name="Closed", join_policy="invitation")
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/invitations", {"to": grace.profile.handle}).status_code == 201
    assert Notification.objects.filter(recipient=grace, kind="group_invitation").exists()
    assert api(client_for(grace), "GET", f"/groups/{group.slug}").json()["my_status"] == "invited"
    assert api(client_for(grace), "POST", f"/groups/{group.slug}/join").json()["status"] == "member"
    assert GroupInvitation.objects.get(group=group, recipient=grace).status == "accepted"


def test_a_members_invitation_to_a_request_group_still_needs_a_manager(ada, grace):
    group = actions.create_group(ada, name="Asking", join_policy="request", question="Why?")
    actions.join(grace, group, answer="Hi")  # pending
    actions.approve_request(ada, group, JoinRequest.objects.get(member=grace).pk)
    carl = make_member("Carl Gauss")
    connect(grace, carl)
    actions.invite(grace, group, to=carl)
    result = actions.join(carl, group)  # no answer needed: a member vouched
    assert isinstance(result, JoinRequest) and result.invited_by == grace
    assert carl.profile.handle not in members_of(group)


def test_members_invite_only_their_connections(ada, linus):
    group = actions.create_group(ada, name="Open")
    response = api(client_for(ada), "POST", f"/groups/{group.slug}/invitations", {"to": linus.profile.handle})
    assert response.status_code == 404 and response.json()["error"]["field"] == "to"
    outsider = api(client_for(linus), "POST", f"/groups/{group.slug}/invitations", {"to": ada.profile.handle})
    assert outsider.status_code == 403


def test_group_invitations_per_day_is_a_limit(ada, settings):
    settings.KITH_GROUP_INVITATIONS_PER_DAY = 1
    group = actions.create_group(ada, name="Open")
    a, b = make_member("A One"), make_member("B Two")
    connect(ada, a)
    connect(ada, b)
    actions.invite(ada, group, to=a)
    with pytest.raises(LimitReached) as refused:
        actions.invite(ada, group, to=b)
    assert refused.value.field == "to" and "group invitations" in refused.value.message


def test_groups_joined_per_day_is_a_limit(ada, linus, settings):
    settings.KITH_GROUPS_JOINED_PER_DAY = 1
    one, two = actions.create_group(ada, name="One"), actions.create_group(ada, name="Two")
    actions.join(linus, one)
    response = api(client_for(linus), "POST", f"/groups/{two.slug}/join")
    assert response.status_code == 429 and "groups joined" in response.json()["error"]["message"]
    assert linus.profile.handle not in members_of(two)


def test_leave_and_the_owner_cannot_leave_without_handing_over(ada, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(linus, group)
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/leave").status_code == 409
    assert api(client_for(linus), "POST", f"/groups/{group.slug}/leave").status_code == 204
    group.refresh_from_db()
    assert group.member_count == 1


# --- answering requests ---------------------------------------------------------------------


@pytest.fixture
def asking(ada, linus):
    group = actions.create_group(ada, name="Asking", join_policy="request")
    request = actions.join(linus, group, answer="Let me in")
    return group, request


def test_approve_admits_notifies_and_logs(ada, linus, asking):
    group, request = asking
    response = api(client_for(ada), "POST", f"/groups/{group.slug}/requests/{request.pk}/approve")
    assert response.status_code == 200, response.content
    assert members_of(group)[linus.profile.handle] == "member"
    assert Notification.objects.filter(recipient=linus, kind="group_join_approved").exists()
    assert ManagerAction.objects.filter(group=group, kind="approved", subject=linus, actor=ada).exists()
    again = api(client_for(ada), "POST", f"/groups/{group.slug}/requests/{request.pk}/approve")
    assert again.status_code == 409 and "already approved" in again.json()["error"]["message"]


def test_decline_is_silent_and_decline_and_report_files_a_report(ada, linus, asking):
    group, request = asking
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/requests/{request.pk}/decline").status_code == 200
    assert not Notification.objects.filter(recipient=linus).exists()
    assert linus.profile.handle not in members_of(group)
    other = make_member("Spam Sender")
    second = actions.join(other, group)
    response = api(client_for(ada), "POST", f"/groups/{group.slug}/requests/{second.pk}/decline", {"report": True})
    assert response.status_code == 200 and response.json()["status"] == "reported"
    assert Report.objects.filter(reporter=ada, reported=other).exists()


def test_a_member_who_is_not_a_manager_cannot_answer(ada, grace, asking):
    group, request = asking
    actions.join(grace, group, answer="me too")
    actions.approve_request(ada, group, JoinRequest.objects.get(member=grace).pk)
    response = api(client_for(grace), "POST", f"/groups/{group.slug}/requests/{request.pk}/approve")
    assert response.status_code == 403
    assert JoinRequest.objects.get(pk=request.pk).status == "pending"


def test_requests_screen_shows_the_insights_card_and_answers_in_bulk(ada, linus, asking):
    group, request = asking
    other = make_member("Wanda Landowska", city="Paris")
    second = actions.join(other, group, answer="Harpsichords")
    page = client_for(ada).get(f"/groups/{group.slug}/requests/")
    html = page.content.decode()
    assert page.status_code == 200 and "Let me in" in html and "Harpsichords" in html
    assert 'class="ins-card' in html and "How you relate" in html and "Trust" in html
    filtered = client_for(ada).get(f"/groups/{group.slug}/requests/", {"location": "Paris"}).content.decode()
    assert "Harpsichords" in filtered and "Let me in" not in filtered
    response = client_for(ada).post(f"/groups/{group.slug}/requests/", {"answer": "approve", "ids": [request.pk, second.pk]})
    assert response.status_code == 302
    assert {linus.profile.handle, other.profile.handle} <= set(members_of(group))


# --- remove, ban, roles --------------------------------------------------------------------


def test_remove_needs_an_explicit_content_choice(ada, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(linus, group)
    path = f"/groups/{group.slug}/members/{linus.profile.handle}/remove"
    assert api(client_for(ada), "POST", path, {}).status_code == 422
    assert linus.profile.handle in members_of(group)
    assert api(client_for(ada), "POST", path, {"content": "keep", "reason": "Off topic"}).status_code == 204
    assert linus.profile.handle not in members_of(group)
    entry = ManagerAction.objects.get(group=group, kind="removed")
    assert (entry.subject, entry.detail, entry.reason) == (linus, "content: keep", "Off topic")
    # Removed is not banned: they can come back.
    assert actions.join(linus, group).role == "member"


def test_a_banned_member_cannot_rejoin_and_loses_an_unlisted_group(ada, linus):
    group = actions.create_group(ada, name="Hidden", listed=False)
    actions.join(linus, group)
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/members/{linus.profile.handle}/ban", {"content": "remove"}).status_code == 204
    assert linus.profile.handle not in members_of(group) and Ban.objects.filter(group=group, member=linus).exists()
    with pytest.raises(NotFound):
        access_group(linus, group.slug)
    assert api(client_for(linus), "GET", f"/groups/{group.slug}").json() == api(client_for(linus), "GET", "/groups/no-such-group").json()
    assert client_for(linus).get(f"/groups/{group.slug}/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.join(linus, group)


def test_a_banned_member_sees_a_listed_group_but_cannot_join(ada, linus):
    group = actions.create_group(ada, name="Listed")
    actions.ban_member(ada, group, linus, content="keep")
    body = api(client_for(linus), "GET", f"/groups/{group.slug}").json()
    assert body["my_status"] == "banned"
    assert api(client_for(linus), "POST", f"/groups/{group.slug}/join").status_code == 403


def test_only_the_owner_appoints_managers_and_turns_post_approval(ada, grace, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(grace, group)
    actions.join(linus, group)
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/members/{grace.profile.handle}/role", {"role": "manager"}).status_code == 200
    manager = client_for(grace)
    assert api(manager, "POST", f"/groups/{group.slug}/members/{linus.profile.handle}/role", {"role": "manager"}).status_code == 403
    refused = api(manager, "PATCH", f"/groups/{group.slug}/settings", {"post_approval": True})
    assert refused.status_code == 403 and refused.json()["error"]["field"] == "post_approval"
    assert api(manager, "PATCH", f"/groups/{group.slug}/settings", {"trial_days": 7, "join_policy": "request"}).status_code == 200
    assert api(client_for(ada), "PATCH", f"/groups/{group.slug}/settings", {"post_approval": True}).json()["post_approval"] is True
    group.refresh_from_db()
    assert (group.trial_days, group.join_policy, group.post_approval) == (7, "request", True)
    # A manager can't remove another manager or the owner; the owner can remove a manager.
    assert api(manager, "POST", f"/groups/{group.slug}/members/{ada.profile.handle}/remove", {"content": "keep"}).status_code == 403
    assert api(client_for(linus), "PATCH", f"/groups/{group.slug}", {"name": "Mine"}).status_code == 403


def test_handing_ownership_over_keeps_one_owner(ada, grace):
    group = actions.create_group(ada, name="Open")
    actions.join(grace, group)
    response = api(client_for(ada), "POST", f"/groups/{group.slug}/members/{grace.profile.handle}/role", {"role": "owner"})
    assert response.status_code == 200 and response.json()["role"] == "owner"
    assert members_of(group) == {ada.profile.handle: "manager", grace.profile.handle: "owner"}
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/leave").status_code == 204


def test_one_owner_is_a_database_constraint(ada, grace):
    group = actions.create_group(ada, name="Open")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, member=grace, role="owner")


# --- visibility ----------------------------------------------------------------------------------


def test_member_list_is_for_members_and_leaves_out_blocked_members(ada, grace, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(grace, group)
    actions.join(linus, group)
    network_actions.block(grace, linus)
    assert api(client_for(make_member("Outsider")), "GET", f"/groups/{group.slug}/members").status_code == 403
    handles = {row["member"]["handle"] for row in api(client_for(grace), "GET", f"/groups/{group.slug}/members").json()["members"]}
    assert handles == {ada.profile.handle, grace.profile.handle}
    seen_by_linus = {row["member"]["handle"] for row in api(client_for(linus), "GET", f"/groups/{group.slug}/members").json()["members"]}
    assert grace.profile.handle not in seen_by_linus


def test_member_list_has_degree_badges_and_facets(ada, grace, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(grace, group)
    actions.join(linus, group)
    body = api(client_for(ada), "GET", f"/groups/{group.slug}/members").json()
    degrees = {row["member"]["handle"]: row["member"]["degree"] for row in body["members"]}
    assert degrees[grace.profile.handle] == 1 and degrees[linus.profile.handle] is None
    assert {f["key"]: f["count"] for f in body["facets"]["degree"]} == {"1": 1, "out": 1}
    only_first = api(client_for(ada), "GET", f"/groups/{group.slug}/members?degree=1").json()
    assert [row["member"]["handle"] for row in only_first["members"]] == [grace.profile.handle]
    page = client_for(ada).get(f"/groups/{group.slug}/members/", {"role": "owner"}).content.decode()
    assert ada.profile.name in page and linus.profile.name not in page


def test_the_groups_forms_labels_carry_no_colons(ada, grace):
    """Its forms are KithForms, like every form on the site."""
    group = actions.create_group(ada, name="Open")
    actions.join(grace, group)
    actions.update_settings(ada, group, post_approval=True)
    post_actions.create_post(grace, body="Waiting", audience="group", audience_data={"group": group.slug})
    client = client_for(ada)
    for path in ("/groups/new/", f"/groups/{group.slug}/settings/", f"/groups/{group.slug}/invite/",
                 f"/groups/{group.slug}/members/{grace.profile.handle}/", f"/groups/{group.slug}/pending/", f"/groups/{group.slug}/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<label" in page.content.decode() and ":</label>" not in page.content.decode(), path


def test_directory_lists_listed_groups_only_and_searches(ada, linus):
    actions.create_group(ada, name="Steam Engines", description="Boilers and pistons")
    actions.create_group(ada, name="Secret Steam", listed=False)
    names = [g["name"] for g in api(client_for(linus), "GET", "/groups?q=steam").json()]
    assert names == ["Steam Engines"]
    assert [g["name"] for g in api(client_for(linus), "GET", "/groups?q=pistons").json()] == ["Steam Engines"]
    page = client_for(linus).get("/groups/", {"q": "steam"}).content.decode()
    assert "Steam Engines" in page and "Secret Steam" not in page


def test_groups_your_connections_are_in(ada, grace, linus):
    group = actions.create_group(grace, name="Grace's Circle")
    page = client_for(ada).get("/groups/").content.decode()
    assert "Groups your connections are in" in page and group.name.replace("'", "&#x27;") in page


# --- races (PostgreSQL: real concurrent transactions) --------------------------------------------

@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.django_db(transaction=True)
def test_double_approval_admits_once(ada, linus):
    group = actions.create_group(ada, name="Asking", join_policy="request")
    request = actions.join(linus, group)
    grace = make_member("Grace Hopper")
    actions.join(grace, group, answer="x")
    actions.approve_request(ada, group, JoinRequest.objects.get(member=grace).pk)
    actions.appoint_manager(ada, group, grace)
    results = race(partial(actions.approve_request, ada, group, request.pk), partial(actions.approve_request, grace, group, request.pk))
    assert sum(isinstance(r, Membership) for r in results) == 1
    assert sum(isinstance(r, KithError) and r.status == 409 for r in results) == 1
    group.refresh_from_db()
    assert group.member_count == 3 and Membership.objects.filter(group=group, member=linus).count() == 1


@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_only")
@pytest.mark.django_db(transaction=True)
def test_join_while_being_banned_never_leaves_a_banned_member(ada, linus):
    for attempt in range(3):
        group = actions.create_group(ada, name=f"Open {attempt}")
        race(partial(actions.join, linus, group), partial(actions.ban_member, ada, group, linus, content="keep"))
        assert Ban.objects.filter(group=group, member=linus).exists()
        assert not Membership.objects.filter(group=group, member=linus).exists()
        group.refresh_from_db()
        assert group.member_count == 1


# --- doctor ---------------------------------------------------------------------------------------


def test_doctor_finds_a_wrong_member_count(ada, linus):
    group = actions.create_group(ada, name="Open")
    actions.join(linus, group)
    assert all(r.ok for r in doctor.run(["groups.member_count", "groups.owner"]))
    Group.objects.filter(pk=group.pk).update(member_count=5)
    Membership.objects.filter(group=group, member=ada).update(role="member")
    results = {r.check.name: r for r in doctor.run(["groups.member_count", "groups.owner"])}
    assert not results["groups.member_count"].ok and "member_count 5, memberships 2" in results["groups.member_count"].violations[0]
    assert not results["groups.owner"].ok



# --- personal data ----------------------------------------------------------------------------------


def test_export_lists_the_members_groups_requests_and_invitations(ada, grace, linus):
    from kith.groups import personal_data

    open_group = actions.create_group(ada, name="Open")
    asking = actions.create_group(linus, name="Asking", join_policy="request")
    actions.join(ada, asking, answer="Engines")
    actions.invite(ada, open_group, to=grace)
    data = personal_data.export(ada)
    assert [(g["name"], g["role"]) for g in data["groups"]] == [("Open", "owner")]
    assert [(r["group"], r["answer"], r["status"]) for r in data["join_requests"]] == [("Asking", "Engines", "pending")]
    assert [(i["group"], i["direction"], i["member"]) for i in data["group_invitations"]] == [("Open", "sent", f"Grace Hopper (@{grace.profile.handle})")]
    assert {a["what"] for a in data["group_manager_actions"]} >= {"created the group", "invited a member"}
    assert set(data) == set(personal_data.SECTIONS)


def test_erasing_an_owner_hands_the_group_to_a_manager_and_drops_an_empty_group(ada, grace, linus):
    from kith.groups import personal_data

    shared = actions.create_group(ada, name="Shared")
    actions.join(linus, shared)
    actions.join(grace, shared)
    actions.appoint_manager(ada, shared, grace)
    alone = actions.create_group(ada, name="Alone")
    personal_data.erase(ada)
    assert members_of(shared) == {grace.profile.handle: "owner", linus.profile.handle: "member"}
    shared.refresh_from_db()
    assert shared.member_count == 2
    assert not Group.objects.filter(pk=alone.pk).exists()
    assert all(r.ok for r in doctor.run(["groups.member_count", "groups.owner"]))
