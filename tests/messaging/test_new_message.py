"""New message: the recipient is picked by name, and told before writing whether they can be messaged."""

import pytest
from django.urls import reverse

from kith.messaging.models import Message, MessageRequest, Participant
from kith.search.actions import rebuild_index
from tests.factories import connect, make_member
from tests.messaging.conftest import block, handle, invite, set_policy

pytestmark = pytest.mark.django_db
NEW = "/messaging/new/"


@pytest.fixture
def people(ada, grace, linus):
    """grace is ada's connection; linus a stranger; two Connors, one of them connected."""
    connect(ada, grace)
    connor = make_member("Connor Walsh", headline="Harbour pilot")
    connor_too = make_member("Connor Byrne", headline="Ship broker")
    connect(ada, connor)
    rebuild_index()
    return {"grace": grace, "linus": linus, "connor": connor, "connor_too": connor_too}


def test_a_full_name_that_names_one_member_sends(client, ada, people):
    client.force_login(ada)
    response = client.post(NEW, {"to": "Grace Hopper", "text": "Hello Grace"})
    assert response.status_code == 302
    assert Message.objects.get().text == "Hello Grace"
    assert Participant.objects.get(member=people["grace"]).status == "active"


def test_a_partial_name_offers_the_members_it_may_mean_then_sends_to_the_one_picked(client, ada, people):
    client.force_login(ada)
    response = client.post(NEW, {"to": "Conn", "text": "Ahoy"})
    html = response.content.decode()
    assert response.status_code == 400 and not Message.objects.exists()
    assert "pick one below" in html and "No member with the handle" not in html
    assert "Connor Walsh" in html and "Connor Byrne" in html
    assert f'name="pick" value="{handle(people["connor"])}"' in html
    assert "Ahoy" in html  # what was written is kept
    picked = client.post(NEW, {"to": "Conn", "text": "Ahoy", "pick": handle(people["connor"])})
    page = picked.content.decode()
    assert picked.status_code == 200 and not Message.objects.exists()
    assert f'name="recipient" value="{handle(people["connor"])}"' in page
    sent = client.post(NEW, {"recipient": handle(people["connor"]), "to": "", "text": "Ahoy", "send": "1"})
    assert sent.status_code == 302
    assert Participant.objects.get(member=people["connor"]).status == "active"


def test_a_wrong_name_gets_suggestions_or_says_so_plainly(client, ada, people):
    client.force_login(ada)
    html = client.post(NEW, {"to": "Connor", "text": "Hi"}).content.decode()
    assert "Connor Walsh" in html and "Connor Byrne" in html
    nobody = client.post(NEW, {"to": "Zebedee", "text": "Hi"})
    assert nobody.status_code == 404
    assert "No member matches “Zebedee”." in nobody.content.decode()
    assert "handle “Zebedee”" not in nobody.content.decode()


def test_who_cannot_be_messaged_is_said_before_writing(client, ada, people):
    client.force_login(ada)
    options = client.get(reverse("messaging:recipients"), {"to": "Conn"}, headers={"HX-Request": "true"}).content.decode()
    # Connor Byrne takes messages from connections only: no Choose button, the reason and Connect instead.
    byrne = options[options.index("Connor Byrne"):]
    byrne = byrne[: byrne.index("</li>")]
    assert 'name="pick"' not in byrne
    assert "Takes messages from connections only" in byrne and "connect with Connor Byrne" in byrne
    walsh = options[options.index("Connor Walsh"):]
    assert 'name="pick"' in walsh[: walsh.index("</li>")]
    page = client.get(NEW, {"to": handle(people["linus"])}).content.decode()
    assert "only takes messages from their connections" in page  # picked from a profile link: said at once


def test_a_request_and_a_reply_say_how_the_message_arrives(client, ada, people):
    set_policy(people["linus"], "anyone")
    invite(people["connor_too"], ada)
    client.force_login(ada)
    assert "reaches Linus Torvalds as a message request" in client.get(NEW, {"to": handle(people["linus"])}).content.decode()
    assert "invited you: your message goes straight to them" in client.get(NEW, {"to": handle(people["connor_too"])}).content.decode()
    client.post(NEW, {"recipient": handle(people["connor_too"]), "text": "Where did we meet?"})
    assert Participant.objects.get(member=people["connor_too"]).status == "active"
    assert not MessageRequest.objects.exists()


def test_blocked_members_are_never_offered(client, ada, people):
    block(people["connor_too"], ada)
    client.force_login(ada)
    options = client.get(reverse("messaging:recipients"), {"to": "Conn"}, headers={"HX-Request": "true"}).content.decode()
    assert "Connor Walsh" in options and "Connor Byrne" not in options
    assert client.post(NEW, {"recipient": handle(people["connor_too"]), "text": "Hi"}).status_code == 404


def test_enter_in_to_looks_up_and_never_sends(client, ada, people):
    client.force_login(ada)
    response = client.post(NEW, {"to": "Grace Hopper", "text": "Hello", "find": "1"})
    assert response.status_code == 200 and not Message.objects.exists()
    assert f'name="recipient" value="{handle(people["grace"])}"' in response.content.decode()


def test_the_form_says_to_once_and_its_labels_carry_no_colons(client, ada, people):
    client.force_login(ada)
    html = client.get(NEW).content.decode()
    assert "<legend>To</legend>" in html
    assert '<label for="id_to" class="visually-hidden">Name</label>' in html  # for screen readers; the legend shows
    assert '<label for="id_text">Write a message</label>' in html
    report = client.get(reverse("network:report", args=[handle(people["linus"])])).content.decode()
    assert "<label" in report and ":</label>" not in report
