"""`kith doctor` on introductions: sound after every step the actions take, and each check
names what it finds when the rows are wrong."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kith.core.errors import KithError
from kith.introductions import actions
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members.models import ConnectionEvent
from kith.network.actions import block, disconnect, unblock
from tests.factories import connect, make_member

CHECKS = ("introductions.statuses", "introductions.hops_connected", "introductions.blocks")


def forget_blocks(*members):
    for member in members:
        member.__dict__.pop("_kith_blocked_ids", None)


def ask(asker, target, via, **notes):
    return actions.ask_introduction(asker, to=target.profile.handle, via=via.profile.handle, **notes)


def test_every_step_of_the_actions_leaves_introductions_sound(chain, doctor):
    ada, grace, linus, margaret = chain
    barbara, tess, uma, vera = (make_member(n) for n in ("Barbara Liskov", "Tess Target", "Uma Newcomer", "Vera Voss"))
    connect(barbara, grace)
    connect(tess, grace)
    connect(uma, margaret)
    connect(vera, margaret)
    # A chain forwarded twice and accepted; a reply; a decline; an ignore; one still on its way; one not forwarded.
    accepted = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=accepted.pk, note="Margaret, over to you")
    actions.forward_introduction(margaret, request_id=accepted.pk, note="Ada, meet Linus")
    actions.accept_introduction(ada, request_id=accepted.pk)
    replied = ask(barbara, tess, grace)
    actions.forward_introduction(grace, request_id=replied.pk)
    actions.reply_to_introduction(tess, request_id=replied.pk, text="Hello both")
    declined = ask(uma, vera, margaret)
    actions.decline_introduction(margaret, request_id=declined.pk)
    ignored = ask(tess, barbara, grace)
    actions.forward_introduction(grace, request_id=ignored.pk)
    actions.ignore_introduction(barbara, request_id=ignored.pk)
    ask(vera, uma, margaret)  # on its way
    stale = ask(barbara, margaret, grace)
    IntroductionRequest.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=30))
    actions.mark_not_forwarded()
    # Disconnecting after forwarding changes nothing that was.
    disconnect(grace, tess)
    assert doctor(*CHECKS) == []


def test_a_disconnection_before_forwarding_ends_the_request(scene, doctor):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    disconnect(grace, ada)
    with pytest.raises(KithError) as refused:
        actions.forward_introduction(grace, request_id=request.pk, note="Ada, meet Linus")
    assert refused.value.code == "path_closed"
    request.refresh_from_db()
    assert request.status == "declined" and request.hops.get().status == "ended"
    assert doctor(*CHECKS) == []


def test_a_disconnection_on_the_way_already_walked_ends_it_at_the_next_forward(chain, doctor):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    disconnect(grace, margaret)  # margaret, forwarding, is no longer connected to the one before her
    with pytest.raises(KithError):
        actions.forward_introduction(margaret, request_id=request.pk)
    request.refresh_from_db()
    assert request.status == "declined"
    assert doctor(*CHECKS) == []


@pytest.mark.parametrize(
    "pair",
    [("linus", "ada"), ("grace", "margaret"), ("ada", "margaret"), ("linus", "margaret")],
)
def test_a_block_on_the_path_ends_a_request_on_its_way(chain, doctor, pair):
    ada, grace, linus, margaret = chain
    people = {"ada": ada, "grace": grace, "linus": linus, "margaret": margaret}
    request = ask(linus, ada, grace)
    block(people[pair[0]], people[pair[1]])
    request.refresh_from_db()
    assert request.status == "declined"
    assert {h.status for h in request.hops.all()} == {"ended"}
    assert doctor(*CHECKS) == []
    # The asker still sees it on its way; the introducer no longer has it to answer.
    from kith.introductions import selectors

    forget_blocks(*people.values())
    assert selectors.asker_status(request) == "On its way"
    assert list(selectors.to_forward(grace)) == []


def test_a_block_between_asker_and_target_after_the_introduction_ignores_it(scene, doctor):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    block(ada, linus)
    request.refresh_from_db()
    assert request.status == "ignored"
    assert doctor(*CHECKS) == []
    unblock(ada, linus)  # an unblock moves nothing
    request.refresh_from_db()
    assert request.status == "ignored"


def test_a_block_elsewhere_leaves_the_request_alone(scene, doctor):
    ada, grace, linus = scene
    stranger = make_member("Sam Stranger")
    request = ask(linus, ada, grace)
    block(grace, stranger)
    request.refresh_from_db()
    assert request.status == "pending"
    assert doctor(*CHECKS) == []


# --- what each check finds ------------------------------------------------------------------


def test_statuses_that_disagree_with_their_hops_are_named(chain, doctor):
    ada, grace, linus, margaret = chain
    request = ask(linus, ada, grace)
    IntroductionRequest.objects.filter(pk=request.pk).update(status="introduced")
    (found,) = doctor("introductions.statuses")
    assert f"introduction {request.pk}" in found and "every introducer should have forwarded it" in found
    IntroductionRequest.objects.filter(pk=request.pk).update(status="pending")
    IntroductionHop.objects.filter(request=request, position=2).update(status="pending")
    (found,) = doctor("introductions.statuses")
    assert "exactly one should be waiting" in found
    IntroductionHop.objects.filter(request=request).update(status="declined")
    IntroductionRequest.objects.filter(pk=request.pk).update(status="not_forwarded")
    assert doctor("introductions.statuses") == []
    IntroductionHop.objects.filter(request=request).update(status="forwarded")
    (found,) = doctor("introductions.statuses")
    assert "though every introducer forwarded it" in found


def test_a_forward_across_a_missing_connection_is_named(scene, doctor):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    # As if grace had forwarded before she and ada connected.
    event = ConnectionEvent.objects.get(member_a=grace, member_b=ada)
    hop = request.hops.get()
    ConnectionEvent.objects.filter(pk=event.pk).update(created_at=hop.answered_at + timedelta(minutes=5))
    (found,) = doctor("introductions.hops_connected")
    assert f"introduction {request.pk}" in found and f"when {grace.pk} and {ada.pk} were not connected" in found
    # A closed request is no longer the doctor's business.
    IntroductionRequest.objects.filter(pk=request.pk).update(status="not_forwarded")
    assert doctor("introductions.hops_connected") == []


def test_a_pair_connected_by_a_bulk_load_counts_as_connected_before_its_first_event(scene, doctor):
    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    actions.forward_introduction(grace, request_id=request.pk)
    ConnectionEvent.objects.all().delete()  # the demo writes connections without events
    assert doctor("introductions.hops_connected") == []
    disconnect(grace, ada)  # its first event: removed, so connected until then
    assert doctor("introductions.hops_connected") == []


def test_a_request_left_open_across_a_block_is_named(scene, doctor):
    from kith.members.models import Block

    ada, grace, linus = scene
    request = ask(linus, ada, grace)
    Block.objects.create(blocker=grace, blocked=linus)  # written past the action
    (found,) = doctor("introductions.blocks")
    assert f"introduction {request.pk} (pending)" in found and "blocked" in found
