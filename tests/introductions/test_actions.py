"""Every step and answer of an introduction, through the actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kith.core.errors import KithError, LimitReached, NotFound
from kith.insights.selectors import insights_for
from kith.introductions import actions, selectors
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members.models import Connection
from kith.messaging.models import Participant
from kith.network.actions import block
from kith.notifications.models import Notification

Status = IntroductionRequest.Status


def ask(linus, ada, grace, **notes):
    return actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle, **notes)


def test_linus_asks_grace_who_forwards_and_ada_connects(scene):
    ada, grace, linus = scene
    request = ask(linus, ada, grace, note_to_introducer="Could you?", note_to_target="Hello Ada")
    hop = request.hops.get()
    assert (hop.introducer_id, hop.status) == (grace.pk, IntroductionHop.Status.PENDING)
    assert Notification.objects.filter(recipient=grace, kind="introduction_requested").exists()
    assert [h.request_id for h in selectors.to_forward(grace)] == [request.pk]
    assert selectors.asker_status(request) == "On its way"

    actions.forward_introduction(grace, request_id=request.pk, note="Ada, meet Linus")
    request.refresh_from_db()
    assert request.status == Status.INTRODUCED and request.introduced_at
    assert request.hops.get().note == "Ada, meet Linus"
    assert not Notification.objects.filter(kind="introduction_requested").exists()
    assert Notification.objects.filter(recipient=ada, kind="introduction_received", actor=grace).exists()
    assert [r.pk for r in selectors.received(ada)] == [request.pk]
    assert insights_for(ada, linus.profile).introduced_by == ["Grace Hopper"]

    actions.accept_introduction(ada, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == Status.CONNECTED
    assert Connection.objects.filter(member=ada, other=linus).exists()
    assert Notification.objects.filter(recipient=linus, kind="introduction_connected").exists()
    assert selectors.asker_status(request) == "Connected"
    # Idempotent: connecting twice connects once.
    actions.accept_introduction(ada, request_id=request.pk)
    assert Connection.objects.filter(member=ada, other=linus).count() == 1


@pytest.mark.parametrize("answer", ["decline_introduction", "not_well_enough"])
def test_a_decline_is_silent_until_not_forwarded_after_14_days(scene, answer):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    getattr(actions, answer)(grace, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert selectors.asker_status(request) == "On its way"
    assert not selectors.received(ada).exists()
    assert actions.mark_not_forwarded(now=timezone.now() + timedelta(days=13)) == 0
    assert actions.mark_not_forwarded(now=timezone.now() + timedelta(days=15)) == 1
    request.refresh_from_db()
    assert selectors.asker_status(request) == "Not forwarded"
    # Now the asker may ask again.
    ask(linus, ada, grace)


def test_silence_becomes_not_forwarded_too(scene):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.mark_not_forwarded(now=timezone.now() + timedelta(days=15))
    request.refresh_from_db()
    assert request.status == Status.NOT_FORWARDED
    assert request.hops.get().status == IntroductionHop.Status.ENDED
    assert not selectors.to_forward(grace).exists()
    with pytest.raises(KithError):
        actions.forward_introduction(grace, request_id=request.pk)


def test_ignore_is_silent_and_the_target_can_still_connect(scene):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    actions.ignore_introduction(ada, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == Status.IGNORED
    assert selectors.asker_status(request) == "Introduced"
    actions.accept_introduction(ada, request_id=request.pk)
    assert Connection.objects.filter(member=ada, other=linus).exists()


def test_reply_opens_a_three_way_conversation_or_a_direct_one(scene):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    actions.reply_to_introduction(ada, request_id=request.pk, text="Happy to talk, both of you")
    request.refresh_from_db()
    assert request.status == Status.REPLIED
    members = set(Participant.objects.filter(conversation_id=request.conversation_id).values_list("member_id", flat=True))
    assert members == {ada.pk, grace.pk, linus.pk}

    other = actions.reply_to_introduction(ada, request_id=request.pk, text="Just us", three_way=False)
    members = set(Participant.objects.filter(conversation_id=other.conversation_id).values_list("member_id", flat=True))
    assert members == {ada.pk, linus.pk}


def test_a_third_degree_request_travels_a_chain_of_two(chain):
    ada, grace, linus, margaret = chain
    (found,) = selectors.best_chains(linus, ada)
    assert (found.first.pk, found.second_id) == (grace.pk, margaret.pk)
    assert found.second is None  # Linus may not see that Margaret knows Ada
    request = ask(linus, ada, grace, note_to_target="Hi Ada")
    assert list(request.hops.values_list("introducer_id", "status")) == [(grace.pk, "pending"), (margaret.pk, "waiting")]
    with pytest.raises(NotFound):
        actions.forward_introduction(margaret, request_id=request.pk)  # not reached yet
    actions.forward_introduction(grace, request_id=request.pk, note="Margaret, would you pass this on?")
    assert Notification.objects.filter(recipient=margaret, kind="introduction_requested", actor=grace).exists()
    request.refresh_from_db()
    assert request.status == Status.PENDING
    actions.forward_introduction(margaret, request_id=request.pk, note="Ada, Linus is good")
    request.refresh_from_db()
    assert request.status == Status.INTRODUCED
    assert insights_for(ada, linus.profile).introduced_by == ["Margaret Hamilton", "Grace Hopper"]


def test_the_second_introducer_declining_ends_the_chain_silently(chain):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    actions.decline_introduction(margaret, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == Status.DECLINED and selectors.asker_status(request) == "On its way"


def test_a_block_anywhere_on_the_path_ends_it(chain):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    block(ada, linus)  # the two ends: Margaret can't pass it on
    with pytest.raises(KithError) as refused:
        actions.forward_introduction(margaret, request_id=request.pk)
    assert refused.value.code == "path_closed"
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert selectors.asker_status(request) == "On its way"
    assert not IntroductionRequest.objects.filter(status__in=IntroductionRequest.AT_TARGET).exists()


def test_a_block_between_introducers_ends_it(chain):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    block(margaret, grace)
    with pytest.raises(KithError):
        actions.forward_introduction(grace, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == Status.DECLINED


def test_who_may_not_be_asked(scene, margaret):
    ada, grace, linus = scene
    with pytest.raises(KithError) as refused:
        actions.ask_introduction(linus, to=ada.profile.handle, via=margaret.profile.handle)
    assert refused.value.code == "not_an_introducer" and refused.value.field == "via"
    with pytest.raises(KithError) as refused:
        actions.ask_introduction(linus, to=grace.profile.handle, via=grace.profile.handle)
    assert refused.value.code == "already_connected"
    with pytest.raises(KithError) as refused:
        actions.ask_introduction(linus, to=margaret.profile.handle, via=grace.profile.handle)
    assert refused.value.code == "no_path"
    with pytest.raises(KithError) as refused:
        ask(linus, ada, grace, note_to_target="x" * 501)
    assert refused.value.field == "note_to_target"
    ask(linus, ada, grace)
    with pytest.raises(KithError) as refused:
        ask(linus, ada, grace)
    assert refused.value.code == "already_asked"
    assert IntroductionRequest.objects.count() == 1


def test_only_the_people_on_it_see_an_introduction(scene, margaret):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    assert selectors.access_request(linus, request.pk)[1] == "asker"
    assert selectors.access_request(grace, request.pk)[1] == "introducer"
    for outsider in (ada, margaret):  # Ada: not until it reaches her
        with pytest.raises(NotFound):
            selectors.access_request(outsider, request.pk)
    for wrong in (ada, linus, margaret):
        with pytest.raises(NotFound):
            actions.forward_introduction(wrong, request_id=request.pk)
    with pytest.raises(NotFound):
        actions.accept_introduction(ada, request_id=request.pk)


def test_requests_a_week_is_a_limit_with_a_message(scene, settings):
    ada, grace, linus = scene
    settings.KITH_INTRODUCTIONS_PER_WEEK = 1
    from tests.factories import connect, make_member

    other = make_member("Barbara Liskov")
    connect(grace, other)
    ask(linus, ada, grace)
    with pytest.raises(LimitReached) as refused:
        actions.ask_introduction(linus, to=other.profile.handle, via=grace.profile.handle)
    assert refused.value.code == "introduction_rate_limit"
    assert "1 a week" in refused.value.message and refused.value.lifts_at > timezone.now()


def test_pending_per_introducer_is_a_limit_with_a_message(scene, settings):
    ada, grace, linus = scene
    settings.KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER = 1
    from tests.factories import connect, make_member

    other = make_member("Barbara Liskov")
    connect(other, grace)
    ask(linus, ada, grace)
    with pytest.raises(LimitReached) as refused:
        actions.ask_introduction(other, to=ada.profile.handle, via=grace.profile.handle)
    assert refused.value.code == "introducer_busy" and refused.value.field == "via"
    assert "Grace Hopper has 1 introductions waiting" in refused.value.message
    actions.forward_introduction(grace, request_id=IntroductionRequest.objects.get().pk)
    actions.ask_introduction(other, to=ada.profile.handle, via=grace.profile.handle)


def test_connections_only_profiles_and_closed_accounts(scene):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    linus.is_active = False
    linus.save(update_fields=["is_active"])
    with pytest.raises(KithError):
        actions.forward_introduction(grace, request_id=request.pk)
