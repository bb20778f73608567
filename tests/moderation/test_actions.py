"""Moderator actions and their effect on the member: can they invite, post, message, sign in?"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone

from kith.core.errors import KithError, LimitReached, PermissionDenied
from kith.moderation import actions, gates, selectors
from kith.moderation.models import AuditEntry, MemberWarning, QueueItem, Report, Restriction
from kith.network import actions as network
from kith.network.models import Invitation
from tests.conftest import login
from tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod(db):
    member = make_member("Mona Moderator", email="mona@example.com")
    actions.grant_moderator(member)
    return member


@pytest.fixture
def reported(ada, grace):
    """grace reported the invitation ada received from spam, who also invited grace."""
    spammer = make_member("Sam Spammer", email="sam@example.com")
    network.send_invitation(spammer, to=grace, note="Cheap watches at example.com")
    invitation = network.send_invitation(spammer, to=ada, note="Cheap watches")
    network.report_invitation(invitation, ada)
    return spammer, Report.objects.get(reporter=ada).item


def act(item, mod, action, **kw):
    return actions.take_action(item, by=mod, action=action, reason=kw.pop("reason", f"Because: {action}"), **kw)


def test_a_report_lands_in_the_queue_with_the_invitation_and_the_senders_history(reported, mod, ada, grace):
    spammer, item = reported
    assert item.kind == QueueItem.Kind.INVITATION and item.member == spammer and item.status == "open"
    d = selectors.item_detail(mod, item.pk)
    assert d.shown.text == "Cheap watches"
    assert d.trust_level == "new" and d.account_age_days == 0
    rows = d.sections[0].rows
    assert {r["Answer"] for r in rows} == {"Reported as spam", "Pending"}
    assert [r.reporter for r in d.reports] == [ada]


def test_restrict_invitations_for_n_days_refuses_invitations_with_reason_and_end(reported, mod, linus):
    spammer, item = reported
    entry = act(item, mod, "restrict_invitations", days=7, reason="Selling watches to strangers")
    restriction = Restriction.objects.get(member=spammer, kind=Restriction.Kind.INVITATIONS)
    assert restriction.ends_at == entry.created_at + timedelta(days=7)
    with pytest.raises(LimitReached) as refused:
        network.send_invitation(spammer, to=linus)
    assert "Selling watches to strangers" in refused.value.message
    assert gates.format_moment(restriction.ends_at) in refused.value.message
    assert QueueItem.objects.get(pk=item.pk).status == "resolved"
    with time_machine.travel(restriction.ends_at + timedelta(minutes=1)):
        assert network.send_invitation(spammer, to=linus).status == Invitation.Status.PENDING


def test_restrict_posting_is_what_posts_and_groups_ask(reported, mod):
    spammer, item = reported
    gates.check_may_post(spammer, text="Hello")  # allowed before
    act(item, mod, "restrict_posting", days=3)
    with pytest.raises(LimitReached) as refused:
        gates.check_may_post(spammer, text="Hello")
    assert refused.value.code == "posting_restricted"
    gates.check_may_invite(spammer)  # posting only


def test_a_posting_restriction_stops_posts_comments_and_edits_through_the_posts_actions(reported, mod, grace, api_as):
    from kith.posts import actions as posts

    spammer, item = reported
    own = posts.create_post(spammer, body="Before the restriction")
    theirs = posts.create_post(grace, body="Grace's post")
    act(item, mod, "restrict_posting", days=3)
    for attempt in (
        lambda: posts.create_post(spammer, body="Buy now"),
        lambda: posts.add_comment(spammer, theirs.pk, body="Buy now"),
        lambda: posts.edit_post(spammer, own.pk, body="Buy now"),
    ):
        with pytest.raises(LimitReached) as refused:
            attempt()
        assert refused.value.code == "posting_restricted"
    response = api_as(spammer).post_json("/api/v1/posts", {"kind": "post", "body": "Buy now", "audience": "anyone", "comments": "anyone"})
    assert response.status_code == 429 and response.headers["Retry-After"]
    assert response.json()["error"]["code"] == "posting_restricted"
    posts.create_post(grace, body="Others still post")


def test_suspend_until_refuses_sign_in_with_why_and_until_when(reported, mod, client, api_client):
    spammer, item = reported
    until = timezone.now() + timedelta(days=30)
    act(item, mod, "suspend", until=until, reason="Repeated spam")
    response = client.post("/accounts/login/", {"login": spammer.email, "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Repeated spam" in page and gates.format_moment(until) in page
    assert "_auth_user_id" not in client.session


def test_a_suspension_ends_a_running_session_and_its_tokens(reported, mod, client, api_client):
    spammer, item = reported
    login(client, spammer)
    token = api_client.post_json("/api/v1/tokens", {"email": spammer.email, "password": PASSWORD}).json()["token"]
    act(item, mod, "suspend", days=5)
    assert client.get("/network/").status_code == 403
    assert "_auth_user_id" not in client.session
    api_client.token = token
    assert api_client.get_json("/api/v1/me").status_code == 401


def test_lift_ends_every_restriction(reported, mod, linus):
    spammer, item = reported
    act(item, mod, "suspend", days=5)
    act(item, mod, "lift", reason="Appeal accepted")
    assert gates.in_force(spammer) == []
    assert gates.sign_in_refusal(spammer) is None
    network.send_invitation(spammer, to=linus)


def test_warn_needs_acknowledging(reported, mod, client):
    spammer, item = reported
    act(item, mod, "warn", reason="No selling in invitations")
    warning = MemberWarning.objects.get(member=spammer)
    login(client, spammer)
    assert "A moderator sent you a warning" in client.get("/network/").content.decode()
    page = client.get("/settings/standing/").content.decode()
    assert "No selling in invitations" in page
    client.post(f"/settings/standing/warnings/{warning.pk}/acknowledge/")
    assert MemberWarning.objects.get(pk=warning.pk).acknowledged_at is not None
    assert "A moderator sent you a warning" not in client.get("/network/").content.decode()


def test_remove_content_takes_the_invitation_down(reported, mod, ada):
    spammer, item = reported
    invitation = item.subject
    Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.PENDING)  # say it was still open
    entry = act(item, mod, "remove_content")
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.EXPIRED
    assert entry.details["removed"].startswith("the invitation")


def test_dismiss_changes_nothing_for_the_member_and_tells_the_reporter_without_details(
    reported, mod, ada, linus, django_capture_on_commit_callbacks
):
    spammer, item = reported
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(item, mod, "dismiss", reason="Not spam: a real watchmaker")
    network.send_invitation(spammer, to=linus)
    to_reporter = [m for m in mail.outbox if ada.email in m.to]
    assert len(to_reporter) == 1
    body = to_reporter[0].body
    assert "reviewed" in body and "nothing that needed action" in body
    assert "watchmaker" not in body and "Sam" not in body and "Mona" not in body
    assert Report.objects.get(reporter=ada).status == "resolved"


def test_a_reporter_who_did_not_ask_is_not_told(mod, ada, grace, django_capture_on_commit_callbacks):
    report = actions.file_report(ada, reported=grace, reason="spam", wants_outcome=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(report.item, mod, "warn")
    assert not [m for m in mail.outbox if ada.email in m.to]
    assert [m for m in mail.outbox if grace.email in m.to]  # the warned member is told


def test_every_action_asks_for_a_reason(reported, mod):
    _, item = reported
    with pytest.raises(KithError) as refused:
        actions.take_action(item, by=mod, action="dismiss", reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(KithError) as refused:
        actions.take_action(item, by=mod, action="restrict_invitations", reason="x")
    assert refused.value.field == "days"
    with pytest.raises(KithError):
        actions.take_action(item, by=mod, action="suspend", reason="x", until=timezone.now() - timedelta(days=1))
    assert not AuditEntry.objects.filter(moderator=mod).exists()
    assert QueueItem.objects.get(pk=item.pk).status == "open"


def test_only_moderators_act_and_staff_alone_is_not_a_moderator(reported, ada):
    _, item = reported
    staff = make_member("Stan Staff", is_staff=True)
    for who in (ada, staff):
        with pytest.raises(PermissionDenied):
            actions.take_action(item, by=who, action="dismiss", reason="x")
        with pytest.raises(PermissionDenied):
            selectors.queue(who)


def test_moderators_cannot_moderate_themselves(mod, ada):
    item = actions.file_report(ada, reported=mod, reason="spam").item
    with pytest.raises(PermissionDenied):
        act(item, mod, "dismiss")


def test_the_audit_log_has_every_action_with_who_what_whom_why(reported, mod):
    spammer, item = reported
    act(item, mod, "warn", reason="r1")
    act(item, mod, "restrict_invitations", days=2, reason="r2")
    act(item, mod, "lift", reason="r3")
    rows = list(AuditEntry.objects.filter(moderator=mod).order_by("pk").values_list("action", "member_handle", "reason"))
    handle = spammer.profile.handle
    assert rows == [("warn", handle, "r1"), ("restrict_invitations", handle, "r2"), ("lift", handle, "r3")]
    assert selectors.audit_log(mod, action="warn").count() == 1
    assert selectors.audit_log(mod, member=handle).count() == 3
    assert selectors.audit_log(mod, moderator=mod.profile.handle).count() == 3


def test_the_database_refuses_to_change_the_audit_log(reported, mod):
    _, item = reported
    entry = act(item, mod, "warn")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="nothing happened")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "Because: warn"


def test_the_database_refuses_to_delete_from_the_audit_log(reported, mod):
    from django.db import connection

    _, item = reported
    entry = act(item, mod, "warn")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM moderation_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_still_works_and_the_log_stays_append_only(reported, mod):
    from django.core.management import call_command

    _, item = reported
    act(item, mod, "warn")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    mod = make_member("Mona Again", email="mona2@example.com")
    entry = AuditEntry.objects.create(moderator=mod, moderator_name="Mona", action="warn", member_id=1, member_handle="x", reason="r")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")


def test_the_audit_log_outlives_the_member(reported, mod):
    spammer, item = reported
    act(item, mod, "warn", reason="kept")
    handle = spammer.profile.handle
    spammer.delete()
    assert AuditEntry.objects.filter(reason="kept", member_handle=handle).exists()


def test_one_appeal_per_action_lands_in_the_queue(reported, mod):
    spammer, item = reported
    entry = act(item, mod, "restrict_invitations", days=7)
    appeal = actions.file_appeal(spammer, action_id=entry.pk, text="I really do make watches")
    assert appeal.item.kind == QueueItem.Kind.APPEAL and appeal.item.status == "open"
    with pytest.raises(KithError) as again:
        actions.file_appeal(spammer, action_id=entry.pk, text="Please")
    assert again.value.status == 409
    d = selectors.item_detail(mod, appeal.item.pk)
    assert d.appeal.text == "I really do make watches" and d.appealed_action == entry
    act(appeal.item, mod, "lift", reason="Fair enough")
    assert gates.in_force(spammer) == []


def test_nobody_appeals_an_action_on_someone_else(reported, mod, ada):
    _, item = reported
    entry = act(item, mod, "warn")
    with pytest.raises(KithError) as refused:
        actions.file_appeal(ada, action_id=entry.pk, text="Not mine")
    assert refused.value.status == 404


def test_standing_api_shows_the_restriction_reason_and_end_and_appeals(reported, mod, api_as):
    spammer, item = reported
    entry = act(item, mod, "restrict_invitations", days=7, reason="Watches")
    client = api_as(spammer)
    body = client.get_json("/api/v1/me/standing").json()
    assert body["trust_level"] == "new"
    [restriction] = body["restrictions"]
    assert restriction["kind"] == "invitations" and restriction["reason"] == "Watches" and restriction["action"] == entry.pk
    assert restriction["ends_at"] is not None
    made = client.post_json("/api/v1/me/appeals", {"action": entry.pk, "text": "Please"})
    assert made.status_code == 201
    assert client.post_json("/api/v1/me/appeals", {"action": entry.pk, "text": "Again"}).status_code == 409
    assert client.get_json("/api/v1/me/standing").json()["restrictions"][0]["appealed"] is True


def test_moderation_api_is_403_for_members_and_works_for_moderators(reported, mod, api_as, ada):
    _, item = reported
    member = api_as(ada)
    for path in ("/api/v1/moderation/queue", f"/api/v1/moderation/queue/{item.pk}", "/api/v1/moderation/audit"):
        assert member.get_json(path).status_code == 403
    assert member.post_json(f"/api/v1/moderation/queue/{item.pk}/actions", {"action": "dismiss", "reason": "x"}).status_code == 403
    moderator = api_as(mod)
    listed = moderator.get_json("/api/v1/moderation/queue", {"kind": "invitation"}).json()
    assert [i["id"] for i in listed["items"]] == [item.pk]
    detail = moderator.get_json(f"/api/v1/moderation/queue/{item.pk}").json()
    assert detail["member"]["trust_level"] == "new" and detail["content"]["text"] == "Cheap watches"
    done = moderator.post_json(f"/api/v1/moderation/queue/{item.pk}/actions", {"action": "restrict_invitations", "days": 7, "reason": "Spam"})
    assert done.status_code == 201 and done.json()["action"] == "restrict_invitations"
    assert moderator.get_json("/api/v1/moderation/audit", {"action": "restrict_invitations"}).json()["count"] == 1
    bad = moderator.post_json(f"/api/v1/moderation/queue/{item.pk}/actions", {"action": "warn", "reason": ""})
    assert bad.status_code in (400, 409)


def test_console_pages_for_moderators_only(reported, mod, client, ada):
    _, item = reported
    login(client, ada)
    for path in ("/moderation/", f"/moderation/{item.pk}/", "/moderation/audit/"):
        assert client.get(path).status_code == 403
    login(client, mod)
    assert "Sam Spammer" in client.get("/moderation/?kind=invitation").content.decode()
    page = client.get(f"/moderation/{item.pk}/").content.decode()
    assert "Cheap watches" in page and "Account age" in page and "Reported as spam" in page
    response = client.post(f"/moderation/{item.pk}/", {"action": "restrict_invitations", "days": "7", "reason": "Spam"})
    assert response.status_code == 302
    assert "Restricted invitations" in client.get("/moderation/audit/").content.decode()


def test_moderators_and_nobody_else_find_moderation_in_the_site_navigation(mod, client, ada):
    import re

    def nav_links(member) -> list[str]:
        login(client, member)
        page = client.get("/network/").content.decode()
        bar = page[page.index('aria-label="Main"') : page.index('class="me-menu"')]
        return re.findall(r'<span class="nav-label">([^<]+)</span>', bar)

    assert nav_links(mod) == ["Home", "My network", "Groups", "Messaging", "Notifications", "Moderation"]
    assert "Moderation" not in nav_links(ada)
    ada.is_staff = True  # staff alone is not a moderator: the link would lead to a 403
    ada.save(update_fields=["is_staff"])
    assert "Moderation" not in nav_links(ada)
    login(client, mod)
    assert re.search(r'nav-link--moderation" href="/moderation/" aria-current="page"', client.get("/moderation/").content.decode())


def test_the_action_form_asks_in_the_imperative_and_the_item_says_what_was_done(reported, mod, client):
    _, item = reported
    login(client, mod)
    page = client.get(f"/moderation/{item.pk}/").content.decode()
    assert "Restrict invitations for N days" in page and "Dismiss (no action)" in page
    client.post(f"/moderation/{item.pk}/", {"action": "restrict_invitations", "days": "7", "reason": "Spam"}, follow=True)
    page = client.get(f"/moderation/{item.pk}/").content.decode()
    assert "Resolved (restricted invitations)" in page and "restrict_invitations" not in page.split("<form")[0]


def test_addmember_moderator(db):
    from django.core.management import call_command

    from kith.members.models import User

    call_command("addmember", "mo@example.com", "--name", "Mo Derator", "--moderator")
    assert actions.is_moderator(User.objects.get(email="mo@example.com"))
