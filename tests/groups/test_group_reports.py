"""Reports about a group's content, answered from the group's queue by its managers (remove or
keep, every open report about the thing resolved through kith.moderation's action, the managers'
log saying so), and what the site's moderators see of a member's group record in the moderation
console (kith.moderation.history): the cross-group hold and the posts group managers turned down."""

from __future__ import annotations

import pytest

from kith.groups import actions
from kith.groups.models import GroupPost, ManagerAction
from kith.moderation import actions as moderation_actions
from kith.moderation.models import QueueItem, Report
from kith.notifications.models import Notification
from kith.posts import actions as post_actions
from kith.posts.models import Comment
from tests.factories import make_member
from tests.groups.helpers import api, client_for

pytestmark = pytest.mark.django_db




def post_to(author, group, body="Cheap watches, message me"):
    return post_actions.create_post(author, body=body, audience="group", audience_data={"group": group.slug})


@pytest.fixture
def scene():
    ada, grace, linus, alan = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing"))
    group = actions.create_group(ada, name="Steam Engines")
    for m in (grace, linus, alan):
        actions.join(m, group)
    actions.appoint_manager(ada, group, alan)
    return group, ada, grace, linus, alan


def test_a_manager_removes_a_reported_post_through_the_api(scene):
    group, ada, grace, linus, alan = scene
    post = post_to(linus, group)
    first = post_actions.report_post(grace, post.pk, reason="spam")
    post_actions.report_post(ada, post.pk, reason="other", text="Selling")
    listed = api(client_for(alan), "GET", f"/groups/{group.slug}/reports").json()
    assert [(r["id"], r["about"], r["post_id"], r["excerpt"]) for r in listed][0] == (first.pk, "post", post.pk, "Cheap watches, message me")
    assert all("reporter" not in r for r in listed)  # never who reported
    response = api(client_for(alan), "POST", f"/groups/{group.slug}/reports/{first.pk}/resolve", {"answer": "remove", "reason": "No selling here"})
    assert response.status_code == 200 and response.json() == {"resolved": 2}
    row = GroupPost.objects.get(pk=post.pk)
    assert row.status == "removed" and row.reason == "No selling here" and row.spam  # reported as spam: counts for the hold
    assert set(Report.objects.filter(subject_id=post.pk).values_list("status", flat=True)) == {"resolved"}
    assert Report.objects.get(pk=first.pk).resolution == "Removed by a manager of the group Steam Engines: No selling here"
    assert Notification.objects.filter(recipient=linus).exists()
    assert ManagerAction.objects.filter(group=group, kind="post_deleted", actor=alan).exists()
    # The site's moderators keep their queue item: a group manager answers for the group only.
    assert QueueItem.objects.filter(member=linus, status="open").exists()
    assert api(client_for(alan), "GET", f"/groups/{group.slug}/reports").json() == []


def test_a_manager_keeps_a_reported_comment_from_the_queue_page(scene):
    group, ada, grace, linus, alan = scene
    post = post_to(grace, group, body="Boilers")
    comment = post_actions.add_comment(linus, post.pk, body="A fair point, badly put")
    report = post_actions.report_comment(grace, comment.pk, reason="harassment")
    assert "1 report about the group's posts and comments" in client_for(ada).get(f"/groups/{group.slug}/").content.decode()
    assert "report about the group" not in client_for(linus).get(f"/groups/{group.slug}/").content.decode()  # managers only
    page = client_for(ada).get(f"/groups/{group.slug}/pending/").content.decode()
    assert "A fair point, badly put" in page and "Harassment" in page and grace.profile.name not in page.split("reports-title")[1]
    response = client_for(ada).post(f"/groups/{group.slug}/pending/", {"report": report.pk, "answer": "keep", "reason": "Not harassment"})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == "resolved"
    assert Comment.objects.filter(pk=comment.pk).exists()
    kept = ManagerAction.objects.get(group=group, kind="report_kept")
    assert kept.actor == ada and kept.subject == linus and kept.reason == "Not harassment"
    assert "No open reports." in client_for(ada).get(f"/groups/{group.slug}/pending/").content.decode()


def test_removing_a_reported_comment_deletes_it(scene):
    group, ada, grace, linus, alan = scene
    post = post_to(grace, group, body="Boilers")
    comment = post_actions.add_comment(linus, post.pk, body="Buy my boilers")
    report = post_actions.report_comment(grace, comment.pk, reason="spam")
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/reports/{report.pk}/resolve", {"answer": "remove"}).status_code == 200
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert ManagerAction.objects.filter(group=group, kind="comment_deleted").exists()


def test_only_managers_and_only_this_groups_open_reports(scene):
    group, ada, grace, linus, alan = scene
    post = post_to(linus, group)
    report = post_actions.report_post(grace, post.pk, reason="spam")
    path = f"/groups/{group.slug}/reports/{report.pk}/resolve"
    assert api(client_for(grace), "POST", path, {"answer": "keep"}).status_code == 403
    assert api(client_for(grace), "GET", f"/groups/{group.slug}/reports").status_code == 403
    other = actions.create_group(grace, name="Other")
    actions.join(linus, other)
    elsewhere = post_actions.report_post(grace, post_to(linus, other).pk, reason="spam")
    assert api(client_for(ada), "POST", f"/groups/{group.slug}/reports/{elsewhere.pk}/resolve", {"answer": "keep"}).status_code == 404
    assert api(client_for(ada), "POST", path, {"answer": "maybe"}).status_code in (400, 422)
    assert api(client_for(ada), "POST", path, {"answer": "keep"}).status_code == 200
    assert api(client_for(ada), "POST", path, {"answer": "keep"}).status_code == 404  # resolved already: not open


def test_site_moderators_see_the_cross_group_hold_in_the_member_history(scene, settings):
    group, ada, grace, linus, alan = scene
    other = actions.create_group(ada, name="Board Room", listed=False)
    actions.join(linus, other)
    for g in (group, other):
        actions.update_settings(ada, g, post_approval=True)
        actions.reject_post(ada, g, post_to(linus, g).pk, reason="Spam links", spam=True)
    sam = make_member("Sam Moderator")
    moderation_actions.grant_moderator(sam)
    item = post_actions.report_post(grace, post_actions.create_post(linus, body="Hello").pk, reason="spam").item
    body = api(client_for(sam), "GET", f"/moderation/queue/{item.pk}").json()
    sections = {s["title"]: s["rows"] for s in body["history"]}
    hold = sections["Cross-group hold (groups)"]
    assert len(hold) == 1 and hold[0]["Because posts were turned down as spam in"] == "Board Room, Steam Engines"
    decisions = sections["Their group posts rejected or removed by group managers"]
    assert {(d["Group"], d["Decision"], d["As spam"]) for d in decisions} == {("Steam Engines", "Rejected", "yes"), ("Board Room (unlisted)", "Rejected", "yes")}
    page = client_for(sam).get(f"/moderation/{item.pk}/").content.decode()
    assert "Cross-group hold (groups)" in page and "Board Room, Steam Engines" in page
    # Without the hold, the section says none.
    quiet = post_actions.report_post(linus, post_actions.create_post(grace, body="Hi").pk, reason="spam").item
    sections = {s["title"]: s["rows"] for s in api(client_for(sam), "GET", f"/moderation/queue/{quiet.pk}").json()["history"]}
    assert sections["Cross-group hold (groups)"] == []
