"""Insights where they belong: "Should I connect?" for strangers, the relationship for
connections, the right verb, no line said twice, and no obvious Accept for spam."""

import re

from django.urls import reverse

from kith.members import actions as members
from kith.messaging.models import Conversation, MessageRequest, Participant
from kith.network import actions as network
from kith.network.models import Invitation
from kith.notifications.models import Notification
from tests.conftest import login
from tests.insights.conftest import invite


def profile_page(client, member) -> str:
    return client.get(reverse("members:profile", args=[member.profile.handle])).content.decode()


def card(client, member, *, on_profile=False) -> str:
    url = reverse("insights:card", args=[member.profile.handle]) + ("?on=profile" if on_profile else "")
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_a_connection_gets_the_relationship_not_should_i_connect(client, ada_market, stranger_in_market):
    bea = stranger_in_market
    invitation = network.send_invitation(bea, to=ada_market, note="Good to meet you at the meetup.")
    network.accept_invitation(invitation, ada_market)
    members.add_education(bea, school="University of London")
    login(client, ada_market)
    page = profile_page(client, bea)
    assert "Should I connect?" not in page
    assert "You and Bea Kernighan" in page
    assert re.search(r"Connected since \d+ \w+ \d{4}: Bea Kernighan invited you", page)
    assert "Good to meet you at the meetup." in page
    assert "Also studied at University of London" in page and "Also in London" in page
    assert "3 mutual connections" in page
    assert page.count("mutual connection") == 1  # once, in the relationship card


def test_connecting_not_accepting_without_an_invitation(client, ada_market, stranger_in_market):
    login(client, ada_market)
    html = card(client, stranger_in_market)
    assert "Connecting would add" in html and "Accepting would add" not in html
    assert "Worth connecting" in html and "Worth accepting" not in html
    invite(stranger_in_market, ada_market, "Hello")
    html = card(client, stranger_in_market)
    assert "Accepting would add" in html and "Worth accepting" in html


def test_headline_and_position_are_not_printed_twice(client, ada_market, stranger_in_market):
    members.update_profile(stranger_in_market, headline="Platform Engineer at Acme Cloud")
    login(client, ada_market)
    who = card(client, stranger_in_market).split('<dl class="ins-facts">')[0]
    assert who.count("Platform Engineer at Acme Cloud") == 1
    members.update_profile(stranger_in_market, headline="Builds platforms")
    who = card(client, stranger_in_market).split('<dl class="ins-facts">')[0]
    assert "Builds platforms" in who and '<p class="ins-line">Platform Engineer at Acme Cloud</p>' in who


def test_the_accounts_age_and_completeness_are_said_once(client, ada_market, spammer):
    login(client, ada_market)
    html = card(client, spammer)
    verdict, rest = html.split("</header>", 1)
    assert "Joined yesterday" in verdict or "Joined 1 day ago" in verdict
    assert "days old" not in rest and "day old" not in rest and "Member since" not in rest
    assert html.count("% complete") == 1  # the verdict says "Profile only 0% complete"; the account line does not
    assert "Profile updated" in rest and "email" in rest
    assert "Sent 200 invitations in the last 30 days" in verdict and "invitations sent in 30 days" not in rest


def test_a_limited_profile_says_its_privacy_sentence_once(client, ada_market, stranger_outside):
    members.update_privacy(stranger_outside, visibility="connections")
    login(client, ada_market)
    sentence = "Only Otto Farmer's connections see the whole profile."
    assert profile_page(client, stranger_outside).count(sentence) == 1
    on_profile = card(client, stranger_outside, on_profile=True)
    assert sentence not in on_profile and "Otto Farmer" not in on_profile.split("</header>", 1)[1].split("ins-facts")[0]
    assert sentence in card(client, stranger_outside)  # the card on its own still says it


def test_the_note_has_the_cards_width(client, ada_market, stranger_outside):
    invite(stranger_outside, ada_market, "We met at the county show.")
    login(client, ada_market)
    html = client.get(reverse("network:invitations")).content.decode()
    note_at = html.index("We met at the county show.")
    assert note_at < html.index('<dl class="ins-facts">')  # above the facts, not inside the "How you relate" column


def test_an_inviters_profile_shows_their_note_and_says_they_invited_you_once(client, ada_market, stranger_outside):
    invite(stranger_outside, ada_market, "We met at the county show.")
    login(client, ada_market)
    page = profile_page(client, stranger_outside)
    assert page.count("We met at the county show.") == 1
    assert page.count("invited you") == 1
    assert "We met at the county show." in card(client, stranger_outside)  # the card on its own still shows it


def test_spam_gets_no_primary_accept(client, ada_market, spammer, stranger_outside):
    invite(stranger_outside, ada_market, "Hello from Leeds")
    login(client, ada_market)
    profile = profile_page(client, spammer)
    accept = re.search(r'<button[^>]*class="([^"]*)"[^>]*>Accept</button>', profile)
    assert accept and "button--primary" not in accept.group(1)
    genuine = re.search(r'<button[^>]*class="([^"]*)"[^>]*>Accept</button>', profile_page(client, stranger_outside))
    assert "button--primary" in genuine.group(1)
    inbox = client.get(reverse("network:invitations")).content.decode()
    spam_item = inbox[inbox.index('id="invitation-' + str(Invitation.objects.get(sender=spammer, recipient=ada_market).pk)):]
    spam_item = spam_item[: spam_item.index("</article>")]
    accept = re.search(r'<button[^>]*class="([^"]*)"[^>]*>Accept</button>', spam_item)
    assert "button--primary" not in accept.group(1)


def test_reply_before_accepting_lands_in_the_inviters_inbox(client, ada_market, stranger_outside):
    invitation = invite(stranger_outside, ada_market, "Hello Ada")
    login(client, ada_market)
    client.post(reverse("insights:reply", args=[invitation.pk]), {"text": "Where did we meet?"})
    conversation = Conversation.objects.get(pair_key=Conversation.pair_key_for(ada_market.pk, stranger_outside.pk))
    assert Participant.objects.get(conversation=conversation, member=stranger_outside).status == "active"
    assert not MessageRequest.objects.filter(conversation=conversation).exists()
    # Otto is told, and the notification leads to the conversation.
    told = Notification.objects.get(recipient=stranger_outside)
    assert told.kind == "invitation_replied" and told.actor == ada_market and told.target == conversation
    login(client, stranger_outside)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "replied to your invitation before accepting" in page
    assert reverse("messaging:conversation", args=[conversation.pk]) in page
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "Where did we meet?" in inbox


def test_counts_follow_an_answer_without_a_reload(client, ada_market, stranger_outside, stranger_in_market, spammer):
    invite(stranger_outside, ada_market, "Hello from Leeds")
    invite(stranger_in_market, ada_market, "Hello from London")
    login(client, ada_market)
    page = client.get(reverse("network:invitations")).content.decode()
    assert "Received (3)" in page and "All (3)" in page
    assert re.search(r'id="nav-pending-invitations"[^>]*><span class="badge"[^>]*>3<', page)
    invitation = Invitation.objects.get(sender=stranger_outside, recipient=ada_market)
    answer = client.post(
        reverse("network:answer", args=[invitation.pk, "accept"]), {"box": "received", "f": "note"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "You are now connected to Otto Farmer." in answer
    assert re.search(r'<nav class="net-tabs" id="invitation-tabs"[^>]*hx-swap-oob="true"', answer) and "Received (2)" in answer
    assert re.search(r'id="nav-pending-invitations"[^>]*hx-swap-oob="true"><span class="badge"[^>]*>2<', answer)
    chips = answer[answer.index('id="triage-chips"'):]
    assert 'hx-swap-oob="true"' in chips.split(">")[0] and "All (2)" in chips
    assert re.search(r'aria-pressed="true">Has a note \(2\)', chips)  # the page's filter stays on
    assert "Received (2)" in client.get(reverse("network:invitations")).content.decode()
