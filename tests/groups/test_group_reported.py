"""A group itself reported to the site's moderators: a queue item of kind "group" showing its
name, description, rules and facts; "remove content" takes the description, rules and images
down through the groups app's action, the group's managers see it in their log; the owner
never learns who reported, and cannot report their own group."""

from __future__ import annotations

import pytest

from kith.groups import actions
from kith.groups.models import Group, ManagerAction
from kith.moderation import actions as moderation
from kith.moderation.models import AuditEntry, QueueItem
from tests.factories import make_member
from tests.groups.helpers import api, client_for

pytestmark = pytest.mark.django_db




@pytest.fixture
def scene():
    ada, grace, mona = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Mona Moderator"))
    moderation.grant_moderator(mona)
    group = actions.create_group(
        ada, name="Crypto Riches", description="Guaranteed 40% a month, DM me", rules="Send 1 BTC to join the inner circle"
    )
    return group, ada, grace, mona


def test_a_member_reports_a_group_from_its_page_and_a_moderator_removes_its_content(scene):
    group, ada, grace, mona = scene
    page = client_for(grace).get(f"/groups/{group.slug}/").content.decode()
    assert f"/groups/{group.slug}/report/" in page
    form = client_for(grace).get(f"/groups/{group.slug}/report/").content.decode()
    assert "Impersonates an organisation" in form and "Fake account" not in form
    answer = client_for(grace).post(f"/groups/{group.slug}/report/", {"reason": "spam", "text": "A pyramid scheme"})
    assert answer.status_code == 302

    item = QueueItem.objects.get(member=ada, status="open")
    assert item.kind == QueueItem.Kind.GROUP and item.subject == group
    shown = client_for(mona).get(f"/moderation/{item.pk}/").content.decode()
    assert "Guaranteed 40% a month, DM me" in shown and "Send 1 BTC to join the inner circle" in shown and "Crypto Riches" in shown
    body = api(client_for(mona), "GET", f"/moderation/queue/{item.pk}").json()
    assert body["kind"] == "group" and "Guaranteed 40% a month" in body["content"]["text"]

    done = api(client_for(mona), "POST", f"/moderation/queue/{item.pk}/actions", {"action": "remove_content", "reason": "Investment fraud"})
    assert done.status_code == 201, done.content
    group.refresh_from_db()
    assert (group.description, group.rules, group.name) == ("", "", "Crypto Riches")
    assert "description, rules" in AuditEntry.objects.get(member_id=ada.pk, action="remove_content").details["removed"]
    entry = ManagerAction.objects.get(group=group, kind=ManagerAction.Kind.MODERATED)
    assert entry.actor == mona and "description, rules" in entry.detail
    assert "Guaranteed 40%" not in client_for(grace).get(f"/groups/{group.slug}/").content.decode()


def test_the_api_files_a_group_report_and_the_owner_never_learns_who(scene):
    group, ada, grace, mona = scene
    answer = api(client_for(grace), "POST", f"/groups/{group.slug}/report", {"reason": "spam"})
    assert answer.status_code == 201 and answer.json()["status"] == "open"
    # Nothing the owner can reach names the reporter.
    for path in ("/", f"/groups/{group.slug}/", f"/groups/{group.slug}/log/", "/settings/standing/"):
        response = client_for(ada).get(path, follow=True)
        assert grace.profile.name not in response.content.decode(), path


def test_the_owner_cannot_report_their_own_group_and_bad_input_is_a_400(scene):
    group, ada, grace, mona = scene
    own = api(client_for(ada), "POST", f"/groups/{group.slug}/report", {"reason": "spam"})
    assert own.status_code == 400 and own.json()["error"]["code"] == "self"
    page = client_for(ada).post(f"/groups/{group.slug}/report/", {"reason": "spam"})
    assert page.status_code == 400 and "your own group" in page.content.decode()
    bad = api(client_for(grace), "POST", f"/groups/{group.slug}/report", {"reason": "boring"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "reason"
    assert not QueueItem.objects.filter(kind=QueueItem.Kind.GROUP).exists()


def test_an_unlisted_group_that_banned_the_reporter_cannot_be_reported(scene):
    group, ada, grace, mona = scene
    Group.objects.filter(pk=group.pk).update(listed=False)
    actions.join(grace, group)
    actions.ban_member(ada, group, grace, content="keep")
    assert api(client_for(grace), "POST", f"/groups/{group.slug}/report", {"reason": "spam"}).status_code == 404
