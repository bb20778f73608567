"""Automatic holds: each signal fires on its own, never on genuine patterns, and a hold restricts
invitations and message requests (never sign-in), queues the account and tells the member."""

import numpy as np
import pytest
from django.core import mail

from kith.core.errors import PermissionDenied
from kith.members import actions as member_actions
from kith.messaging import actions as messaging
from kith.moderation import actions, gates, holds, similarity
from kith.moderation.models import AuditEntry, QueueItem, Restriction
from kith.network import actions as network
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


def strangers(n, **profile):
    return [make_member(f"Person{i} Stranger{i}", **profile) for i in range(n)]


def held(member) -> list[str]:
    row = Restriction.objects.filter(member=member, kind=Restriction.Kind.HOLD, lifted_at__isnull=True).first()
    return [s["signal"] for s in row.details["signals"]] if row else []


def test_the_same_note_to_five_strangers_holds_at_the_fifth(django_capture_on_commit_callbacks):
    spammer = make_member("Blat Ant")
    people = strangers(7)
    for person in people[:4]:
        network.send_invitation(spammer, to=person, note="Grow your business with our leads package today")
    assert held(spammer) == []
    with django_capture_on_commit_callbacks(execute=True):
        network.send_invitation(spammer, to=people[4], note="Grow your business with our leads package today")
    assert held(spammer) == ["duplicate_notes"]
    with pytest.raises(PermissionDenied) as refused:
        network.send_invitation(spammer, to=people[5])
    assert refused.value.code == "held" and "the same note, or nearly, to 5 strangers" in refused.value.message
    member_actions.update_privacy(people[6], message_policy="anyone")
    with pytest.raises(PermissionDenied):
        messaging.start_conversation(spammer, handles=[people[6].profile.handle], text="Hello")
    item = QueueItem.objects.get(member=spammer, kind=QueueItem.Kind.HOLD)
    assert item.status == "open" and item.signals[0]["signal"] == "duplicate_notes"
    assert AuditEntry.objects.get(member_id=spammer.pk, action="hold").moderator_id is None
    assert gates.sign_in_refusal(spammer) is None  # a hold never suspends
    told = [m for m in mail.outbox if spammer.email in m.to]
    assert len(told) == 1 and "on hold" in told[0].subject


def test_a_template_personalised_per_recipient_is_still_one_note():
    spammer = make_member("Care Ful", headline="Growth consultant")
    people = [make_member(name, headline=f"Head of sales at {company}") for name, company in
              [("Anna Berg", "Acme"), ("Bruno Costa", "Initech"), ("Chidi Okafor", "Umbrella"),
               ("Dana Ek", "Globex"), ("Emil Fox", "Hooli")]]
    for person in people:
        member_actions.add_position(person, company=person.profile.headline.split(" at ")[1], title="Head of sales", start="2020-01", is_current=True)
    for person in people:
        first = person.profile.name.split()[0]
        company = person.profile.headline.split(" at ")[1]
        network.send_invitation(spammer, to=person, note=f"Hi {first}, I noticed you lead sales at {company}. We help teams like {company}'s close 30% more deals; worth a chat?")
    assert held(spammer) == ["duplicate_notes"]


def test_twenty_five_invitations_to_strangers_in_a_day_hold_for_velocity():
    spammer = make_member("Fast Eddie")
    for person in strangers(25):
        network.send_invitation(spammer, to=person)
    assert held(spammer) == ["velocity"]


def test_links_in_notes_to_strangers():
    spammer = make_member("Link Ed")
    notes = ["See www.deals.example", "My site: https://a.example/x", "cheapwatches.shop has them"]
    for person, note in zip(strangers(3), notes, strict=True):
        network.send_invitation(spammer, to=person, note=note)
    assert held(spammer) == ["links_to_strangers"]


def test_a_high_share_of_dont_know_answers():
    spammer = make_member("Un Known")
    people = strangers(8)
    invitations = [network.send_invitation(spammer, to=p) for p in people]
    for invitation in invitations[:5]:
        network.ignore_invitation(invitation, invitation.recipient)
    for invitation in invitations[5:7]:
        network.mark_unknown(invitation, invitation.recipient)
    assert held(spammer) == []  # 2 of 7
    network.mark_unknown(invitations[7], invitations[7].recipient)  # 3 of 8
    assert held(spammer) == ["declined_share"]


def test_reports_from_three_distinct_members():
    target = make_member("Re Ported")
    a, b = strangers(2)
    network.report_member(a, target, reason="spam")
    network.report_member(a, target, reason="fake")  # the same member twice counts once
    network.report_member(b, target, reason="spam")
    assert held(target) == []
    network.report_member(make_member("Third One"), target, reason="harassment", text="x")
    assert held(target) == ["distinct_reporters"]


def test_a_new_member_inviting_fifteen_classmates_who_accept_is_not_held():
    newcomer = make_member("New Comer")
    member_actions.add_education(newcomer, school="Leeds Grammar School")
    classmates = strangers(15)
    for person in classmates:
        member_actions.add_education(person, school="Leeds Grammar School")
    for person in classmates:
        invitation = network.send_invitation(newcomer, to=person, note="Great to find you here after all these years!")
        network.accept_invitation(invitation, person)
    assert held(newcomer) == []
    assert not QueueItem.objects.filter(member=newcomer).exists()


def test_an_established_member_inviting_second_degree_people_with_the_same_note_is_not_held():
    member = make_member("Well Connected")
    hub = make_member("Hub Person")
    connect(member, hub)
    people = strangers(12)
    for person in people:
        connect(hub, person)
    for person in people:
        network.send_invitation(member, to=person, note="Hi, we both know Hub: shall we connect?")
    assert held(member) == []


def test_a_dismissed_hold_is_not_refired_by_the_evidence_already_judged(linus):
    spammer = make_member("False Positive")
    for person in strangers(5):
        network.send_invitation(spammer, to=person, note="Join my book club on Thursdays")
    item = QueueItem.objects.get(member=spammer, kind=QueueItem.Kind.HOLD)
    mod = make_member("Mod Erator")
    actions.grant_moderator(mod)
    actions.take_action(item, by=mod, action="dismiss", reason="A real book club")
    assert held(spammer) == []
    network.send_invitation(spammer, to=linus, note="Join my book club on Thursdays")
    assert held(spammer) == []


def test_signals_for_reads_without_holding():
    spammer = make_member("Quiet One")
    for person in strangers(3):
        network.send_invitation(spammer, to=person, note="Visit www.example.shop")
    assert [s.signal for s in holds.signals_for(spammer)] == ["links_to_strangers"]


# --- the pure near-duplicate engine ---------------------------------------------------------------


def test_minhash_estimates_jaccard():
    a = similarity.signature(similarity.normalize("the quick brown fox jumps over the lazy dog"))
    b = similarity.signature(similarity.normalize("the quick brown fox jumps over the lazy cat"))
    c = similarity.signature(similarity.normalize("completely different words about invoices"))
    assert similarity.estimate(a, a) == 1.0
    assert similarity.estimate(a, b) > 0.6
    assert similarity.estimate(a, c) < 0.2
    assert similarity.similar_count(a, np.stack([a, b, c]), threshold=0.6) == 2
    assert similarity.estimate(a, similarity.signature("")) == 0.0


def test_masking_the_recipients_words():
    assert similarity.normalize("Hi Anna, Acme rocks!", mask=["Anna", "Acme"]) == "hi rocks"
    assert similarity.has_link("see https://x.y") and similarity.has_link("shop.example.com")
    assert not similarity.has_link("Let's meet in Leeds. Best, Ada")


def test_reports_are_stamped_by_now_and_old_ones_fall_out_of_the_window():
    from datetime import timedelta

    from django.utils import timezone

    from kith.moderation.models import Report

    target = make_member("Old Reports")
    then = timezone.now() - timedelta(days=40)
    reporters = strangers(3)
    for reporter in reporters[:2]:
        actions.file_report(reporter, reported=target, reason="spam", now=then)
    report = Report.objects.filter(reported=target).first()
    assert report.created_at == then and report.item.updated_at == then
    assert held(target) == []
    actions.file_report(reporters[2], reported=target, reason="spam")  # two of the three are 40 days old
    assert held(target) == []
    for reporter in reporters[:2]:
        actions.file_report(reporter, reported=target, reason="fake")
    assert held(target) == ["distinct_reporters"]
