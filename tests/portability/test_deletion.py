"""Deleting an account: the grace period, signing in cancels it, and what erasure leaves behind
for everyone else (no names, counts, graph answers or search hits of the erased member)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kith.core.errors import KithError
from kith.graph import adapter
from kith.members.models import Block, Connection, ConnectionEvent, Position, Profile, User
from kith.messaging.models import Message
from kith.moderation.models import Report
from kith.network.models import Follow, Invitation
from kith.notifications.models import Notification
from kith.portability import actions
from kith.portability.models import AccountDeletion, Contact, DataExport
from kith.search.models import SearchCard
from kith.search.selectors import search_people
from tests.conftest import login
from tests.factories import PASSWORD
from tests.portability.everyone import use_everything


@pytest.fixture
def community(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return use_everything()


def erase(member):
    actions.erase_member(member)


# --- asking, the grace period, cancelling ---------------------------------------------------------------


def test_asking_needs_the_password_and_writes_nothing_without_it(client, ada):
    login(client, ada)
    response = client.post(reverse("portability:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert "not your password" in response.content.decode()
    assert not AccountDeletion.objects.exists()


def test_asking_schedules_it_signs_out_and_says_when_on_the_page_and_by_email(
    client, ada, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portability:delete"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portability:deletion_scheduled")
    deletion = AccountDeletion.objects.get(member=ada)
    assert deletion.status == AccountDeletion.Status.SCHEDULED
    assert timedelta(days=13, hours=23) < deletion.erase_after - deletion.requested_at <= timedelta(days=14)
    page = client.get(response["Location"]).content.decode()
    assert "Sign in" in page and deletion.erase_after.strftime("%Y") in page
    assert client.get(reverse("members:me")).status_code == 302  # signed out
    (mail,) = mailoutbox
    assert mail.to == ["ada@example.com"] and "will be deleted on" in mail.subject
    assert "Sign in before then" in mail.body
    assert User.objects.get(pk=ada.pk).erased_at is None  # nothing erased yet


def test_signing_in_during_the_grace_period_cancels_it(ada, mailoutbox, django_capture_on_commit_callbacks):
    actions.request_deletion(ada, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), ada)
    deletion = AccountDeletion.objects.get(member=ada)
    assert deletion.status == AccountDeletion.Status.CANCELLED and deletion.cancelled_at
    assert "will not be deleted" in mailoutbox[-1].subject
    assert actions.erase_due(now=timezone.now() + timedelta(days=15)) == 0
    assert User.objects.get(pk=ada.pk).is_active


def test_signing_in_through_the_api_cancels_it_too(api_client, ada):
    actions.request_deletion(ada, password=PASSWORD)
    response = api_client.post_json("/api/v1/tokens", {"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 201
    assert AccountDeletion.objects.get(member=ada).status == AccountDeletion.Status.CANCELLED


def test_the_settings_page_shows_a_scheduled_deletion_and_keeps_the_account(client, ada):
    client.force_login(ada)
    actions.request_deletion(ada, password=PASSWORD)  # from another device: this session stays signed in
    page = client.get(reverse("portability:delete")).content.decode()
    assert "Your account will be deleted on" in page and "Keep my account" in page
    client.post(reverse("portability:cancel_deletion"))
    assert AccountDeletion.objects.get(member=ada).status == AccountDeletion.Status.CANCELLED


def test_the_api_asks_shows_and_cancels(api_as, ada):
    api = api_as(ada)
    assert api.post_json("/api/v1/me/deletion", {"password": "nope"}).json()["error"]["field"] == "password"
    response = api.post_json("/api/v1/me/deletion", {"password": PASSWORD})
    assert response.status_code == 202 and response.json()["status"] == "scheduled"
    again = api.post_json("/api/v1/me/deletion", {"password": PASSWORD})
    assert again.json()["erase_after"] == response.json()["erase_after"]  # the same one
    assert api.get_json("/api/v1/me/deletion").json()["status"] == "scheduled"
    assert api.delete_json("/api/v1/me/deletion").json()["status"] == "cancelled"
    assert api.delete_json("/api/v1/me/deletion").status_code == 404
    assert api.get_json("/api/v1/me/deletion").status_code == 404


def test_the_periodic_task_erases_after_the_grace_period_only(ada):
    deletion = actions.request_deletion(ada, password=PASSWORD)
    assert actions.erase_due(now=deletion.erase_after - timedelta(minutes=1)) == 0
    assert actions.erase_due(now=deletion.erase_after + timedelta(minutes=1)) == 1
    deletion.refresh_from_db()
    assert deletion.status == AccountDeletion.Status.ERASED and deletion.erased_at
    assert User.objects.get(pk=ada.pk).erased_at is not None


def test_kith_deletemember_now_and_later(ada, grace, capsys):
    call_command("deletemember", "GRACE@example.com")
    assert AccountDeletion.objects.get(member=grace, status="scheduled").by_operator
    call_command("deletemember", "ada@example.com", "--now")
    assert "Erased the account of Ada Lovelace" in capsys.readouterr().out
    assert AccountDeletion.objects.get(member=ada).status == AccountDeletion.Status.ERASED
    with pytest.raises(CommandError):
        call_command("deletemember", "ada@example.com", "--now")  # gone: no such account any more
    with pytest.raises(KithError):
        actions.schedule_deletion(User.objects.get(pk=ada.pk))


# --- what erasure leaves ---------------------------------------------------------------------------------


def test_erasure_leaves_a_tombstone_that_cannot_sign_in(community):
    ada = community.ada
    erase(ada)
    user = User.objects.get(pk=ada.pk)
    profile = Profile.objects.get(pk=ada.pk)
    assert not user.is_active and not user.has_usable_password() and user.email.endswith("@erased.invalid")
    assert profile.name == "A former member" and profile.headline == "" and profile.about == "" and not profile.photo
    assert not Position.objects.filter(profile=profile).exists()
    assert not Client().login(email="ada@example.com", password=PASSWORD)
    assert not user.emailaddress_set.exists() and not user.api_tokens.exists()


def test_erasure_goes_through_the_actions_so_the_graph_log_follows(community):
    ada, grace = community.ada, community.grace
    before = ConnectionEvent.objects.count()
    connections = Connection.objects.filter(member=ada).count()
    assert adapter.degrees_of(grace.pk, [ada.pk]) == {ada.pk: 1}  # the graph is loaded and knows her
    erase(ada)
    # The same process's graph applies the removal from the event log: no degree, no mutuals, no paths.
    assert adapter.degrees_of(grace.pk, [ada.pk]) == {ada.pk: 0}
    assert adapter.mutual_ids(grace.pk, community.linus.pk) == []
    assert adapter.paths_between(grace.pk, ada.pk) == []
    removed = ConnectionEvent.objects.filter(kind=ConnectionEvent.Kind.REMOVED, member_a=ada, member_b=grace)
    assert removed.exists() and ConnectionEvent.objects.count() == before + connections  # one removal each
    assert not Connection.objects.filter(member=ada).exists() and not Connection.objects.filter(other=ada).exists()
    assert not Invitation.objects.filter(sender=ada).exists() and not Invitation.objects.filter(recipient=ada).exists()
    assert not Follow.objects.filter(follower=ada).exists() and not Follow.objects.filter(followed=ada).exists()
    assert not Block.objects.filter(blocker=ada).exists() and not Block.objects.filter(blocked=ada).exists()


def test_other_members_pages_have_no_trace_of_her(community, client, django_capture_on_commit_callbacks):
    ada, grace, linus, rita = community.ada, community.grace, community.linus, community.rita
    handle = ada.profile.handle
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        erase(ada)
    login(client, grace)
    for url in (reverse("network:index"), reverse("network:invitations"), "/", reverse("notifications:list")):
        page = client.get(url).content.decode()
        assert "Lovelace" not in page, url
    for q in ("Lovelace", "Ada", "engines", "former member"):
        page = client.get(reverse("search:people"), {"q": q}).content.decode()
        assert f"/in/{handle}/" not in page and f"/in/former-member-{ada.pk}/" not in page, q
    assert client.get(reverse("members:profile", args=[handle])).status_code == 404
    assert client.get(reverse("members:profile", args=[f"former-member-{ada.pk}"])).status_code == 404
    login(client, linus)
    assert "Lovelace" not in client.get(reverse("network:invitations")).content.decode()
    login(client, rita)
    assert "Lovelace" not in client.get(reverse("network:invitations") + "?box=sent").content.decode()
    # search answers, as the API gives them
    assert not [h for h in search_people(grace, q="Lovelace").results if h.profile.pk == ada.pk]
    assert not SearchCard.objects.filter(profile_id=ada.pk).exists()
    # counts: grace's connections and followers no longer count her
    assert not Connection.objects.filter(member=grace, other=ada).exists()
    assert not Notification.objects.filter(actor=ada).exists()


def test_her_messages_stay_in_others_conversations_from_a_former_member(community, client):
    ada, grace = community.ada, community.grace
    erase(ada)
    assert Message.objects.filter(sender=ada, text="Thanks Grace!").exists()
    login(client, grace)
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "Lovelace" not in inbox and "A former member" in inbox
    conversation = Message.objects.get(sender=ada, text="Thanks Grace!").conversation
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert "Thanks Grace!" in page and "A former member" in page and "Lovelace" not in page


def test_reports_stay_with_the_member_anonymised(community):
    ada = community.ada
    erase(ada)
    filed = Report.objects.get(reporter=ada)
    about = Report.objects.get(reported=ada)
    assert filed.text == "Sends spam" and about.text == "Rude"
    assert filed.reporter.profile.name == "A former member" and "ada" not in filed.reporter.email


def test_her_contacts_and_exports_go_and_others_contacts_forget_her(community, django_capture_on_commit_callbacks):
    ada, grace = community.ada, community.grace
    mine = Contact.objects.create(owner=grace, key="ada", first_name="Ada", last_name="Lovelace", member=ada,
                                  match=Contact.Match.EMAIL)
    files = [actions.export_file(e) for e in DataExport.objects.filter(member=ada, status="ready")]
    assert files
    with django_capture_on_commit_callbacks(execute=True):
        erase(ada)
    assert not Contact.objects.filter(owner=ada).exists() and not DataExport.objects.filter(member=ada).exists()
    assert all(not f.exists() for f in files)
    mine.refresh_from_db()
    assert (mine.member_id, mine.match) == (None, Contact.Match.NONE)


def test_erasing_twice_changes_nothing(community):
    erase(community.ada)
    events = ConnectionEvent.objects.count()
    erase(community.ada)
    assert ConnectionEvent.objects.count() == events


def test_kith_doctor_is_clean_afterwards(community, doctor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erase(community.ada)
    assert doctor() == []


def test_her_posts_comments_and_reactions_go_and_others_posts_stay(community, client):
    from kith.posts.models import Comment, Post, Reaction

    ada, grace = community.ada, community.grace
    graces = Post.objects.filter(author=grace).first()
    erase(ada)
    assert not Post.objects.filter(author=ada).exists()
    assert not Comment.objects.filter(author=ada).exists() and not Reaction.objects.filter(member=ada).exists()
    assert Post.objects.filter(pk=graces.pk).exists()
    login(client, grace)
    page = client.get("/").content.decode()
    assert "You're welcome" not in page and "Lovelace" not in page
