"""The demo's introductions: on `make run`, Ada has one to forward, one to answer and one asked."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kith.demo.builder import DEMO_PASSWORD, LOGIN_EMAIL, build_demo
from kith.demo.introductions import build_introductions
from kith.introductions import selectors
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members.models import Connection, User
from kith.notifications.models import Notification


def _ada() -> User:
    return User.objects.select_related("profile").get(email=LOGIN_EMAIL)


@pytest.mark.slow
@pytest.mark.django_db
def test_ada_has_an_introduction_to_forward_one_to_answer_and_one_asked():
    build_demo(members=400, seed=3)
    made = build_introductions(seed=3)
    ada = _ada()
    assert made.received is not None and made.asked is not None and made.to_forward

    to_forward = list(selectors.to_forward(ada))
    assert [h.request_id for h in to_forward] == [r.pk for r in made.to_forward]
    for hop in to_forward:
        assert hop.position == 1 and hop.request.note_to_introducer.startswith(("Hi Ada", "Ada,"))
        # The asker is Ada's connection and the target is not theirs.
        assert Connection.objects.filter(member=ada, other_id=hop.request.asker_id).exists()
        assert not Connection.objects.filter(member_id=hop.request.asker_id, other_id=hop.request.target_id).exists()

    received = list(selectors.received(ada))
    assert [r.pk for r in received] == [made.received.pk]
    assert received[0].status == IntroductionRequest.Status.INTRODUCED
    forwarded = received[0].hops.get()
    assert forwarded.status == IntroductionHop.Status.FORWARDED and "Ada, meet" in forwarded.note

    sent = list(selectors.sent(ada))
    assert [r.pk for r in sent] == [made.asked.pk]
    assert selectors.asker_status(sent[0]) == "On its way"
    # Notes read like a person wrote them: to the target by first name, from Ada's company.
    assert sent[0].note_to_target.split(",")[0].split()[-1] == sent[0].target.profile.name.split()[0]
    assert "Analytical Engines" in sent[0].note_to_target

    # Ada is told about each, through the actions' notifications.
    kinds = set(Notification.objects.filter(recipient=ada).values_list("kind", flat=True))
    assert {"introduction_requested", "introduction_received"} <= kinds
    # The same seed gives the same introductions.
    assert IntroductionRequest.objects.count() == made.count


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_command_leaves_introductions_on_ada_s_pages(client):
    call_command("demo", "--members", "400", "--seed", "3", stdout=io.StringIO())
    assert client.login(email=LOGIN_EMAIL, password=DEMO_PASSWORD)
    ada = _ada()
    to_forward = client.get(reverse("introductions:box") + "?box=to_forward")
    assert to_forward.status_code == 200
    request = selectors.to_forward(ada).first().request
    assert request.asker.profile.name in to_forward.content.decode()
    received = client.get(reverse("introductions:box") + "?box=received")
    assert received.status_code == 200 and "introduced by" in received.content.decode()
    detail = client.get(reverse("introductions:detail", args=[selectors.received(ada).first().pk]))
    assert detail.status_code == 200 and "Connect" in detail.content.decode()
    sent = client.get(reverse("introductions:box") + "?box=sent")
    assert sent.status_code == 200 and "On its way" in sent.content.decode()
