"""Contacts from Connections.csv: matched to members by verified email, or by name and company
with the owner's confirmation; invited through the network's limits; private to their owner."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from kith.core.errors import KithError, LimitReached
from kith.members import actions as member_actions
from kith.network import actions as network_actions
from kith.network.models import Invitation
from kith.notifications.models import Notification
from kith.portability import actions, selectors
from kith.portability.models import Contact
from tests.factories import connect, make_member
from tests.portability.exports import CONNECTIONS_HEADER, upload

ROWS = (
    "Grace,Hopper,,GRACE@Example.com,Navy,Rear Admiral,05 Jun 2026\n"  # her verified address, other case
    "Linus,Torvalds,,linus@example.com,Linux Foundation,Fellow,05 Jun 2026\n"  # an address he never verified
    "Katherine,Johnson,,,NASA,Mathematician,05 Jun 2026\n"  # name and company
    "Dorothy,Vaughan,,,Ford,Supervisor,05 Jun 2026\n"  # name only: she is at NASA, not Ford
    "Mary,Jackson,,,NASA,Engineer,05 Jun 2026\n"  # two members named Mary Jackson at NASA
    "Alan,Turing,,alan@example.org,,,05 Jun 2026\n"  # not a member
)


@pytest.fixture
def community(db, ada, grace):
    linus = make_member("Linus Torvalds", email="linus@example.com", verified=False)
    katherine = make_member("Katherine Johnson")
    member_actions.add_position(katherine, company="NASA", title="Mathematician", start="1953-06", is_current=True)
    dorothy = make_member("Dorothy Vaughan")
    member_actions.add_position(dorothy, company="NASA", title="Supervisor", start="1949-01", is_current=True)
    for _ in range(2):
        mary = make_member("Mary Jackson")
        member_actions.add_position(mary, company="Nasa ", title="Engineer", start="1958-01", is_current=True)
    return {"ada": ada, "grace": grace, "linus": linus, "katherine": katherine, "dorothy": dorothy}


def import_contacts(member, rows: str = ROWS):
    linkedin_import = actions.start_linkedin_import(member, [upload("Connections.csv", CONNECTIONS_HEADER + rows)])
    actions.apply_import(member, linkedin_import.pk, {"contacts": "merge"})
    return {c.last_name: c for c in Contact.objects.filter(owner=member)}


def test_matching_by_verified_email_or_by_name_and_company(community):
    contacts = import_contacts(community["ada"])
    assert (contacts["Hopper"].match, contacts["Hopper"].member_id) == ("email", community["grace"].pk)
    assert (contacts["Torvalds"].match, contacts["Torvalds"].member_id) == ("none", None)  # unverified address
    assert (contacts["Johnson"].match, contacts["Johnson"].member_id) == ("suggested", community["katherine"].pk)
    assert contacts["Vaughan"].match == "none"  # same name, other company
    assert contacts["Jackson"].match == "none"  # two candidates: no guess
    assert contacts["Turing"].match == "none"


def test_only_verified_addresses_match_and_matching_runs_again_later(community):
    ada, linus = community["ada"], community["linus"]
    contacts = import_contacts(ada)
    assert contacts["Torvalds"].match == "none"
    EmailAddress.objects.filter(user=linus).update(verified=True)
    assert actions.match_contacts(ada) == 1
    assert Contact.objects.get(pk=contacts["Torvalds"].pk).member_id == linus.pk


def test_an_email_match_outranks_a_name_suggestion(community):
    ada, katherine = community["ada"], community["katherine"]
    contacts = import_contacts(ada, "Katherine,Johnson,,kj@nasa.example,NASA,Mathematician,05 Jun 2026\n")
    assert contacts["Johnson"].match == "suggested"
    EmailAddress.objects.create(user=katherine, email="kj@nasa.example", verified=True)
    actions.match_contacts(ada)
    assert Contact.objects.get(pk=contacts["Johnson"].pk).match == "email"


def test_a_suggestion_needs_the_owners_confirmation(community):
    ada = community["ada"]
    contacts = import_contacts(ada)
    johnson = contacts["Johnson"]
    assert [v.contact.last_name for v in selectors.contact_views(ada, selectors.contacts_of(ada, "all")) if v.matched] == ["Hopper"]
    actions.confirm_contact(ada, johnson.pk)
    assert Contact.objects.get(pk=johnson.pk).match == "confirmed"
    views = selectors.contact_views(ada, selectors.contacts_of(ada, "all"))
    assert sorted(v.contact.last_name for v in views if v.matched) == ["Hopper", "Johnson"]


def test_a_rejected_suggestion_is_not_suggested_again(community):
    ada = community["ada"]
    johnson = import_contacts(ada)["Johnson"]
    actions.reject_contact(ada, johnson.pk)
    actions.match_contacts(ada)
    import_contacts(ada)
    johnson.refresh_from_db()
    assert johnson.match == "rejected"
    assert not selectors.access_contact(ada, johnson.pk).suggested
    with pytest.raises(KithError):
        actions.invite_contact(ada, johnson.pk)


def test_the_owner_is_never_their_own_contact(community):
    ada = community["ada"]
    contacts = import_contacts(ada, "Ada,Lovelace,,ada@example.com,,,05 Jun 2026\n")
    assert contacts["Lovelace"].match == "none"


def test_blocked_members_are_not_matched_either_way(community):
    ada, grace, katherine = community["ada"], community["grace"], community["katherine"]
    network_actions.block(ada, grace)
    network_actions.block(katherine, ada)
    contacts = import_contacts(ada)
    assert contacts["Hopper"].match == "none" and contacts["Johnson"].match == "none"


def test_a_member_who_blocks_after_the_match_vanishes_from_the_contact(community):
    ada, grace = community["ada"], community["grace"]
    hopper = import_contacts(ada)["Hopper"]
    network_actions.block(grace, ada)
    ada = type(ada).objects.get(pk=ada.pk)  # a fresh viewer (blocks are cached per request)
    view = selectors.access_contact(ada, hopper.pk)
    assert view.profile is None and not view.matched
    with pytest.raises(KithError) as info:
        actions.invite_contact(ada, hopper.pk)
    assert info.value.code == "not_matched"


def test_inviting_a_matched_contact_sends_an_ordinary_invitation(community, mailoutbox):
    ada, grace = community["ada"], community["grace"]
    hopper = import_contacts(ada)["Hopper"]
    invitation = actions.invite_contact(ada, hopper.pk)
    assert (invitation.sender, invitation.recipient) == (ada, grace)
    assert invitation.note == "Hi Grace, we're connected on LinkedIn. Let's connect on Kith too."
    # Grace hears of an invitation, like any other; nothing about an export or a contact list.
    notice = Notification.objects.get(recipient=grace)
    assert notice.kind == "invitation_received"
    body = " ".join(m.body + m.subject for m in mailoutbox).lower()
    assert "export" not in body and "contact" not in body and "import" not in body


def test_inviting_a_suggestion_confirms_it(community):
    ada = community["ada"]
    johnson = import_contacts(ada)["Johnson"]
    actions.invite_contact(ada, johnson.pk, note="Hello Katherine")
    assert Contact.objects.get(pk=johnson.pk).match == "confirmed"
    assert Invitation.objects.get(sender=ada).note == "Hello Katherine"


def test_the_network_refusals_apply(community):
    ada, grace = community["ada"], community["grace"]
    hopper = import_contacts(ada)["Hopper"]
    connect(ada, grace)
    with pytest.raises(KithError) as info:
        actions.invite_contact(ada, hopper.pk)
    assert info.value.code == "already_connected"


def test_invite_all_matched_stops_at_the_invitation_limit(db, ada, settings):
    settings.KITH_INVITATIONS_PER_WINDOW = 3
    members = [make_member(f"Friend Number{i}", email=f"friend{i}@example.com") for i in range(5)]
    rows = "".join(f"Friend,Number{i},,friend{i}@example.com,,,05 Jun 2026\n" for i in range(5))
    import_contacts(ada, rows)
    outcome = actions.invite_all_matched(ada)
    assert outcome.sent == 3
    assert isinstance(outcome.stopped, LimitReached) and outcome.stopped.code == "invitation_rate_limit"
    assert Invitation.objects.filter(sender=ada).count() == 3
    assert "Stopped at a limit: You have sent 3 invitations in the last 7 days" in outcome.message
    assert {i.recipient_id for i in Invitation.objects.filter(sender=ada)} <= {m.pk for m in members}


def test_invite_all_matched_skips_connected_invited_and_suggested(community):
    ada, grace = community["ada"], community["grace"]
    extra = make_member("Hedy Lamarr", email="hedy@example.com")
    rows = ROWS + "Hedy,Lamarr,,hedy@example.com,,,05 Jun 2026\n"
    contacts = import_contacts(ada, rows)
    connect(ada, grace)
    assert [c.last_name for c in selectors.invitable_contacts(ada)] == ["Lamarr"]
    outcome = actions.invite_all_matched(ada)
    assert outcome.sent == 1 and outcome.stopped is None
    assert Invitation.objects.get(sender=ada).recipient == extra
    assert Contact.objects.get(pk=contacts["Johnson"].pk).match == "suggested"  # suggestions are not invited in bulk
    assert actions.invite_all_matched(ada).sent == 0


def test_contacts_are_private_to_their_owner(community):
    ada, grace = community["ada"], community["grace"]
    hopper = import_contacts(ada)["Hopper"]
    assert not selectors.contacts_of(grace).exists()
    with pytest.raises(KithError):
        selectors.access_contact(grace, hopper.pk)
    with pytest.raises(KithError):
        actions.invite_contact(grace, hopper.pk)
    with pytest.raises(KithError):
        actions.confirm_contact(grace, hopper.pk)


def test_a_contact_who_joins_later_is_found_by_the_hourly_task(db, ada):
    contacts = import_contacts(ada, "Hedy,Lamarr,,hedy@example.com,,,05 Jun 2026\nAlan,Turing,,,Bletchley Park,Cryptanalyst,2026\n")
    assert contacts["Lamarr"].match == "none" and contacts["Turing"].match == "none"
    hedy = make_member("Hedy Lamarr", email="hedy@example.com")
    alan = make_member("Alan Turing")
    member_actions.add_position(alan, company="Bletchley Park", title="Cryptanalyst", start="1939-09", is_current=True)
    from kith.portability.tasks import match_new_members

    assert match_new_members.delay().get() == 2
    assert Contact.objects.get(pk=contacts["Lamarr"].pk).member == hedy
    assert Contact.objects.get(pk=contacts["Turing"].pk).member == alan
    assert match_new_members.delay().get() == 0
