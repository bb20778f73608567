"""The periodic tasks (not forwarded, the weekly market email) and the member's data."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from kith.introductions import actions, digest, personal_data, tasks
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members import actions as member_actions
from kith.members.models import Profile
from tests.factories import connect, make_member


def test_the_task_marks_old_requests_not_forwarded(scene):
    ada, grace, linus = scene
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    IntroductionRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert tasks.mark_not_forwarded() == 1
    assert IntroductionRequest.objects.get(pk=request.pk).status == "not_forwarded"
    assert tasks.mark_not_forwarded() == 0


def test_the_weekly_email_names_new_members_and_their_introducer(scene):
    ada, grace, linus = scene
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    assert tasks.send_market_digests() == 0  # not opted in
    actions.set_digest(linus, weekly=True)
    mail.outbox.clear()
    assert tasks.send_market_digests() == 1
    (email,) = mail.outbox
    assert "Ada Lovelace" in email.body and "Grace Hopper can introduce you" in email.body
    assert email.to == [linus.email]
    # Weekly: not again within the week.
    assert digest.send_digest(linus.pk) is False
    assert digest.send_digest(linus.pk, now=timezone.now() + timedelta(days=8)) is False  # nobody new since


def test_the_weekly_email_never_names_a_hidden_introducer(scene):
    ada, grace, linus = scene
    Profile.objects.filter(pk=grace.pk).update(connections_visibility="only_me")
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    actions.set_digest(linus, weekly=True)
    mail.outbox.clear()
    digest.send_digest(linus.pk)
    (email,) = mail.outbox
    assert "Ada Lovelace" in email.body and "Grace" not in email.body


def test_export_shows_each_part_as_its_member_may_see_it(scene):
    ada, grace, linus = scene
    request = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle, note_to_introducer="Please")
    actions.decline_introduction(grace, request_id=request.pk)
    asked = personal_data.export(linus)["introductions_asked"]
    assert asked == [
        {
            "to": ada.profile.handle,
            "via": [grace.profile.handle],
            "note_to_introducer": "Please",
            "note_to_target": "",
            "status": "On its way",  # the decline stays silent, in the export too
            "created_at": request.created_at.isoformat(),
        }
    ]
    assert personal_data.export(grace)["introductions_made"][0]["answer"] == "declined"
    assert personal_data.export(ada)["introductions_received"] == []


def test_erase_removes_the_members_requests_and_notes(scene):
    ada, grace, linus = scene
    other = make_member("Barbara Liskov")
    connect(other, grace)
    mine = actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    theirs = actions.ask_introduction(other, to=ada.profile.handle, via=grace.profile.handle)
    actions.forward_introduction(grace, request_id=theirs.pk, note="Ada, meet Barbara")
    personal_data.erase(linus)
    assert not IntroductionRequest.objects.filter(pk=mine.pk).exists()
    assert IntroductionRequest.objects.filter(pk=theirs.pk).exists()
    personal_data.erase(grace)
    assert IntroductionHop.objects.get(request=theirs).note == ""
    assert set(personal_data.MODELS) >= {IntroductionRequest, IntroductionHop}
