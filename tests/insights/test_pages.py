"""The card as a page and an htmx partial; "Should I connect?" on profiles; reply before accepting."""

from django.urls import reverse

from kith.messaging.models import Conversation, Message
from kith.network.models import Invitation
from tests.conftest import login
from tests.insights.conftest import invite


def test_profile_offers_should_i_connect(client, ada_market, stranger_in_market):
    login(client, ada_market)
    page = client.get(reverse("members:profile", args=[stranger_in_market.profile.handle])).content.decode()
    card_url = reverse("insights:card", args=[stranger_in_market.profile.handle])
    assert "Should I connect?" in page
    assert f'hx-get="{card_url}?on=profile"' in page and f'href="{card_url}"' in page  # htmx, and a plain link without JS
    own = client.get(reverse("members:profile", args=[ada_market.profile.handle])).content.decode()
    assert "Should I connect?" not in own


def test_card_partial_and_page(client, ada_market, stranger_in_market):
    invite(stranger_in_market, ada_market, "We met at PyCon <script>alert(1)</script>")
    login(client, ada_market)
    url = reverse("insights:card", args=[stranger_in_market.profile.handle])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert "Worth accepting" in partial
    assert "Platform Engineer at Acme Cloud" in partial
    assert "years in software development, now Platform Engineer at Acme Cloud" in partial
    assert "3 mutual connections" in partial and "Friend A" in partial
    assert "In your target market: industry, location" in partial
    assert "Also in London" in partial
    assert "email verified" in partial
    assert "&lt;script&gt;" in partial and "<script>alert" not in partial
    page = client.get(url).content.decode()
    assert "<html" in page and "Should I connect with Bea Kernighan?" in page


def test_card_needs_sign_in_and_a_visible_member(client, ada_market, grace):
    url = reverse("insights:card", args=[grace.profile.handle])
    assert client.get(url).status_code == 302
    login(client, ada_market)
    assert client.get(reverse("insights:card", args=["nobody"])).status_code == 404
    assert client.get(reverse("insights:card", args=[ada_market.profile.handle])).status_code == 404


def test_reply_before_accepting_keeps_the_invitation_pending(client, ada_market, stranger_outside):
    invitation = invite(stranger_outside, ada_market, "Hello Ada")
    login(client, ada_market)
    url = reverse("insights:reply", args=[invitation.pk])
    form = client.get(url).content.decode()
    assert "Thanks for reaching out — where might we have met?" in form
    response = client.post(url, {"text": "Where did we meet?"})
    conversation = Conversation.objects.get(pair_key=Conversation.pair_key_for(ada_market.pk, stranger_outside.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("messaging:conversation", args=[conversation.pk]))
    assert Message.objects.get(conversation=conversation).text == "Where did we meet?"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert client.post(url, {"text": ""}).status_code == 400


def test_reply_to_someone_elses_invitation_is_not_found(client, ada_market, grace, stranger_outside):
    invitation = invite(stranger_outside, grace, "Hi Grace")
    login(client, ada_market)
    assert client.get(reverse("insights:reply", args=[invitation.pk])).status_code == 404


def test_conversation_shows_the_pending_invitation_with_accept_and_ignore(client, ada_market, stranger_outside):
    invitation = invite(stranger_outside, ada_market, "Hello Ada")
    login(client, ada_market)
    client.post(reverse("insights:reply", args=[invitation.pk]), {"text": "Where did we meet?"})
    conversation = Conversation.objects.get(pair_key=Conversation.pair_key_for(ada_market.pk, stranger_outside.pk))
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert 'aria-label="Pending invitation"' in page
    assert reverse("network:answer", args=[invitation.pk, "accept"]) in page
    assert reverse("network:answer", args=[invitation.pk, "ignore"]) in page
    # The sender's side of the same conversation shows no such box.
    login(client, stranger_outside)
    page = client.get(reverse("messaging:conversation", args=[conversation.pk])).content.decode()
    assert 'aria-label="Pending invitation"' not in page
