"""The triage inbox: the received invitations page with insights, sorting, filters and bulk answers;
and GET /api/v1/insights/invitations."""

import re

import pytest
from django.urls import reverse

from kith.members.models import Connection
from kith.messaging.models import Conversation
from kith.moderation.models import Report
from kith.network.models import Invitation
from tests.conftest import login
from tests.insights.conftest import invite

INBOX = reverse("network:invitations")


@pytest.fixture
def inbox(ada_market, stranger_in_market, stranger_outside, spammer):
    """Ada's three pending invitations: the spammer's (newest), Otto's, Bea's (oldest)."""
    return {
        "bea": invite(stranger_in_market, ada_market, "We met at the London Python meetup.", days_ago=3),
        "otto": invite(stranger_outside, ada_market, "Hello Ada, I enjoyed your talk.", days_ago=2),
        "sam": Invitation.objects.get(sender=spammer, recipient=ada_market),
    }


def order(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="net-item invitation-card ins-triage-item" id="invitation-(\d+)"', html)]


def test_sorted_by_recommendation_then_date(client, ada_market, inbox):
    login(client, ada_market)
    html = client.get(INBOX).content.decode()
    assert order(html) == [inbox["bea"].pk, inbox["otto"].pk, inbox["sam"].pk]
    for label in ("Worth accepting", "Talk first", "Looks like spam"):
        assert html.count(f"<strong>{label}</strong>") == 1
    assert "Reply before accepting" in html


@pytest.mark.parametrize(
    ("chips", "who"),
    [
        (["note"], ["bea", "otto", "sam"]),
        (["market"], ["bea"]),
        (["mutuals"], ["bea"]),
        (["new"], ["sam"]),
        (["spam"], ["sam"]),
        (["note", "mutuals"], ["bea"]),
    ],
)
def test_filter_chips_without_and_with_htmx(client, ada_market, inbox, chips, who):
    login(client, ada_market)
    query = {"box": "received", "f": chips}
    page = client.get(INBOX, query).content.decode()
    assert order(page) == [inbox[w].pk for w in who]
    partial = client.get(INBOX, query, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and partial.lstrip().startswith('<div id="invitation-list">')
    assert order(partial) == [inbox[w].pk for w in who]
    assert 'aria-pressed="true"' in partial


def test_bulk_accept_and_report_with_per_invitation_errors(client, ada_market, grace, inbox, stranger_in_market, spammer):
    login(client, ada_market)
    foreign = invite(spammer, grace, "Not Ada's")
    response = client.post(
        reverse("insights:bulk"),
        {"answer": "accept", "ids": [inbox["bea"].pk, foreign.pk], "back": "box=received&f=note"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == INBOX + "?box=received&f=note"
    text = response.content.decode()
    assert "Accepted: Bea Kernighan." in text
    assert f"Invitation {foreign.pk}: No such invitation." in text
    assert Connection.objects.filter(member=ada_market, other=stranger_in_market).exists()
    foreign.refresh_from_db()
    assert foreign.status == Invitation.Status.PENDING

    client.post(reverse("insights:bulk"), {"answer": "report", "ids": [inbox["sam"].pk]})
    inbox["sam"].refresh_from_db()
    assert inbox["sam"].status == Invitation.Status.REPORTED
    assert Report.objects.filter(reporter=ada_market, reported=spammer).exists()

    client.post(reverse("insights:bulk"), {"answer": "ignore", "ids": [inbox["otto"].pk]})
    inbox["otto"].refresh_from_db()
    assert inbox["otto"].status == Invitation.Status.IGNORED


def test_bulk_needs_a_selection_and_an_answer(client, ada_market, inbox):
    login(client, ada_market)
    response = client.post(reverse("insights:bulk"), {"answer": "accept"}, follow=True)
    assert "Select at least one invitation." in response.content.decode()
    response = client.post(reverse("insights:bulk"), {"answer": "befriend", "ids": [inbox["bea"].pk]}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    assert Invitation.objects.filter(pk=inbox["bea"].pk, status="pending").exists()


def test_pending_invitation_links_to_the_conversation_and_back(client, ada_market, inbox, stranger_outside):
    login(client, ada_market)
    client.post(reverse("insights:reply", args=[inbox["otto"].pk]), {"text": "Where did we meet?"})
    conversation = Conversation.objects.get(pair_key=Conversation.pair_key_for(ada_market.pk, stranger_outside.pk))
    html = client.get(INBOX).content.decode()
    assert reverse("messaging:conversation", args=[conversation.pk]) in html
    inbox["otto"].refresh_from_db()
    assert inbox["otto"].status == Invitation.Status.PENDING


def test_api_invitations_with_insights(api_client, ada_market, inbox):
    api_client.force_login(ada_market)
    plain = api_client.get_json("/api/v1/invitations?box=received").json()
    assert all("insights" not in item for item in plain)
    items = api_client.get_json("/api/v1/insights/invitations").json()
    by_id = {item["id"]: item for item in items}
    assert by_id[inbox["bea"].pk]["insights"]["recommendation"] == "accept"
    assert by_id[inbox["otto"].pk]["insights"]["recommendation"] == "talk_first"
    assert by_id[inbox["sam"].pk]["insights"]["recommendation"] == "spam"
    assert set(by_id[inbox["bea"].pk]["insights"]) == {
        "recommendation", "reasons", "mutual_count", "mutual_sample", "reach_gain", "target_market_match", "trust",
    }
    sent = api_client.get_json("/api/v1/invitations?box=sent").json()
    assert all("insights" not in item for item in sent)
