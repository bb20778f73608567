"""The spam label and the automatic holds decide from the same rules (kith.moderation.holds):
a careful spammer's personalised template, a decent profile and all, is spam on every recipient's
card, with the hold's own sentence; genuine patterns are not; a moderator's review resets both."""

import pytest

from kith.insights.selectors import insights_for_invitations
from kith.members import actions as members
from kith.moderation import actions as moderation
from kith.moderation import holds
from kith.moderation.models import QueueItem, Restriction
from kith.network import actions as network
from kith.network.models import Invitation
from kith.network.selectors import Box, invitations
from tests.conftest import login
from tests.factories import make_member
from tests.insights.conftest import aged, fill_profile

pytestmark = [pytest.mark.django_db, pytest.mark.moderation_rules]

PEOPLE = [("Anna Berg", "Acme"), ("Bruno Costa", "Initech"), ("Chidi Okafor", "Umbrella"), ("Dana Ek", "Globex"), ("Emil Fox", "Hooli")]


def careful_spammer():
    """A complete, month-old profile that sends one template, personalised per recipient, to five strangers."""
    spammer = aged(make_member("Cara Ful", email="cara@example.com", headline="Growth consultant"), 40)
    fill_profile(spammer, industry="marketing-services", city="Leeds", company="Pipeline Partners", title="Partner", school="Leeds Beckett")
    people = []
    for name, company in PEOPLE:
        person = make_member(name, headline=f"Head of sales at {company}")
        members.add_position(person, company=company, title="Head of sales", start="2020-01", is_current=True)
        people.append(person)
    for person in people:
        first, company = person.profile.name.split()[0], person.profile.headline.split(" at ")[1]
        network.send_invitation(
            spammer, to=person, note=f"Hi {first}, I came across your work at {company}: I help leaders like you grow their pipeline. Let's connect!"
        )
    return spammer, people


def card(viewer, sender):
    box = [i for i in invitations(viewer, Box.RECEIVED) if i.sender_id == sender.pk]
    return next(iter(insights_for_invitations(viewer, box).values()))


def test_a_careful_spammers_template_is_spam_on_every_card_with_the_holds_sentence():
    spammer, people = careful_spammer()
    assert [s.signal for s in holds.signals_for(spammer)] == ["duplicate_notes"]
    assert Restriction.objects.filter(member=spammer, kind=Restriction.Kind.HOLD).exists()
    for person in people:
        ins = card(person, spammer)
        assert ins.recommendation == "spam", ins.reasons
        assert ins.reasons[0] == "Caught by the automatic spam rules: the same note, or nearly, to 5 strangers"
        # The hold is said once, by the rule behind it; the trust box still says they are restricted.
        assert not any(r.startswith("Restricted from inviting strangers") for r in ins.reasons)
        assert ins.trust.restricted


def test_the_rules_fire_on_the_card_before_the_hold_would_need_them():
    """The first recipients judge after the later notes went out: the evidence is read now, not when
    the invitation was sent. Without any hold in force, the rule alone says spam."""
    spammer, people = careful_spammer()
    Restriction.objects.filter(member=spammer).update(lifted_at=Restriction.objects.get(member=spammer).starts_at)
    ins = card(people[0], spammer)
    assert not ins.trust.restricted
    assert ins.recommendation == "spam", (ins.reasons, ins.score.points)


def test_signals_for_members_answers_as_signals_for_does_one_by_one():
    spammer, people = careful_spammer()
    linker = make_member("Link Ed")
    for person, note in zip(people[:3], ["See www.deals.example", "https://a.example/x", "cheapwatches.shop"], strict=True):
        network.send_invitation(linker, to=person, note=note)
    quiet = make_member("Quiet Q")
    together = holds.signals_for_members([spammer.pk, linker.pk, quiet.pk])
    assert together == {m.pk: holds.signals_for(m) for m in (spammer, linker, quiet)}
    assert [s.signal for s in together[linker.pk]] == ["links_to_strangers"] and together[quiet.pk] == []


def test_a_new_member_inviting_fifteen_classmates_is_not_spam():
    school = "University of Leeds"
    newcomer = make_member("New Comer")
    members.add_education(newcomer, school=school, degree="BSc", start_year=2016, end_year=2019)
    classmates = []
    for i in range(15):
        c = make_member(f"Class Mate{i}")
        members.add_education(c, school=school, degree="BSc", start_year=2016, end_year=2019)
        classmates.append(c)
    for c in classmates:
        network.send_invitation(newcomer, to=c, note="Hi! Great to find you here, remember the Leeds days?")
    assert holds.signals_for(newcomer) == []
    assert {card(c, newcomer).recommendation for c in classmates} <= {"accept", "talk_first"}


def test_a_moderators_review_of_the_hold_clears_the_label(client):
    spammer, people = careful_spammer()
    mod = make_member("Mona Moderator")
    moderation.grant_moderator(mod)
    item = QueueItem.objects.get(member=spammer, kind=QueueItem.Kind.HOLD)
    moderation.take_action(item, by=mod, action="dismiss", reason="A real consultant; the notes are hers.")
    assert holds.signals_for(spammer) == []
    assert card(people[0], spammer).recommendation != "spam"


def test_the_page_and_the_api_say_it(client, api_client):
    spammer, people = careful_spammer()
    anna = people[0]
    login(client, anna)
    page = client.get("/network/invitations/").content.decode()
    assert "Looks like spam" in page and "Caught by the automatic spam rules" in page
    api_client.force_login(anna)
    body = api_client.get_json(f"/api/v1/members/{spammer.profile.handle}/insights").json()
    assert body["recommendation"] == "spam"
    assert "Caught by the automatic spam rules: the same note, or nearly, to 5 strangers" in body["reasons"]
    assert Invitation.objects.filter(sender=spammer).count() == 5


def test_a_hold_in_force_keeps_the_label_after_its_evidence_ages_out_of_the_window():
    """The careful spammer was held three weeks ago; the notes are older than the holds' window,
    the hold is not reviewed yet: their invitations still pending are spam, for the rule that held them."""
    from datetime import timedelta

    from django.utils import timezone

    from kith.moderation.models import Outreach

    spammer, people = careful_spammer()
    Outreach.objects.filter(member=spammer).update(created_at=timezone.now() - timedelta(days=21))
    assert holds.signals_for(spammer) == []
    assert [s.signal for s in holds.evidence_for_members([spammer.pk])[spammer.pk]] == ["duplicate_notes"]
    ins = card(people[1], spammer)
    assert ins.recommendation == "spam"
    assert "Caught by the automatic spam rules: the same note, or nearly, to 5 strangers" in ins.reasons


def test_a_batched_answer_provider_gives_the_same_signals(monkeypatch):
    """holds.register_answer_facts_many: the network's answers for many members in one query, if it
    registers one; the rules read them exactly as the one-by-one provider's."""
    from kith.network.selectors import answers_since

    spammer, people = careful_spammer()
    quiet = make_member("Quiet Q")
    one_by_one = holds.signals_for_members([spammer.pk, quiet.pk])
    asked = []

    def many(since_of):
        asked.append(sorted(since_of))
        return {pk: answers_since(holds._member(pk), since) for pk, since in since_of.items()}

    monkeypatch.setattr(holds, "_answer_facts_many", many)
    assert holds.signals_for_members([spammer.pk, quiet.pk]) == one_by_one
    assert asked == [sorted([spammer.pk, quiet.pk])]
