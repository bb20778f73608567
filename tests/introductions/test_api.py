"""The introductions API: each route, its errors and the privacy of what it shows."""

import pytest

from kith.introductions.models import IntroductionRequest
from kith.members import actions as member_actions
from kith.members.models import Connection, Profile


def ask(client, to="ada-lovelace", via="grace-hopper", **extra):
    return client.post_json("/api/v1/introductions", {"to": to, "via": via, **extra})


@pytest.fixture
def handles(scene):
    ada, grace, linus = scene
    return {m: m.profile.handle for m in scene}


def test_the_whole_journey_through_the_api(scene, api_as):
    ada, grace, linus = scene
    client = api_as(linus)
    answer = ask(client, to=ada.profile.handle, via=grace.profile.handle, note_to_introducer="Please", note_to_target="Hi Ada")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["role"] == "asker" and body["status"] == "pending" and body["hops"][0]["introducer"]["handle"] == grace.profile.handle
    intro_id = body["id"]

    client = api_as(grace)
    (waiting,) = client.get_json("/api/v1/introductions", {"box": "to_forward"}).json()
    assert waiting["id"] == intro_id and waiting["note_to_introducer"] == "Please"
    forwarded = client.post_json(f"/api/v1/introductions/{intro_id}/forward", {"note": "Ada, meet Linus"})
    assert forwarded.status_code == 200 and forwarded.json()["status"] == "introduced"

    client = api_as(ada)
    (received,) = client.get_json("/api/v1/introductions", {"box": "received"}).json()
    assert received["note_to_introducer"] is None  # not hers to read
    assert received["note_to_target"] == "Hi Ada" and received["hops"][0]["note"] == "Ada, meet Linus"
    accepted = client.post_json(f"/api/v1/introductions/{intro_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "connected"
    assert Connection.objects.filter(member=ada, other=linus).exists()

    (sent,) = api_as(linus).get_json("/api/v1/introductions", {"box": "sent"}).json()
    assert sent["status"] == "connected"


def test_a_decline_looks_pending_to_the_asker(scene, api_as):
    ada, grace, linus = scene
    intro_id = ask(api_as(linus), to=ada.profile.handle, via=grace.profile.handle).json()["id"]
    declined = api_as(grace).post_json(f"/api/v1/introductions/{intro_id}/decline")
    assert declined.status_code == 200
    (sent,) = api_as(linus).get_json("/api/v1/introductions", {"box": "sent"}).json()
    assert sent["status"] == "pending"


def test_errors_have_the_one_shape(scene, api_as, margaret):
    ada, grace, linus = scene
    client = api_as(linus)
    for to, via, status, field in (
        ("nobody-here", grace.profile.handle, 404, "to"),
        (ada.profile.handle, margaret.profile.handle, 400, "via"),
        (grace.profile.handle, grace.profile.handle, 409, "to"),
    ):
        answer = ask(client, to=to, via=via)
        assert answer.status_code == status, (to, via, answer.content)
        assert answer.json()["error"]["field"] == field
    assert ask(client, to=ada.profile.handle, via=grace.profile.handle, extra="x").status_code == 422
    intro_id = ask(client, to=ada.profile.handle, via=grace.profile.handle).json()["id"]
    again = ask(client, to=ada.profile.handle, via=grace.profile.handle)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_asked"
    # Not theirs: the same 404 as an id that does not exist.
    for member in (ada, margaret, linus):
        mine = api_as(member).post_json(f"/api/v1/introductions/{intro_id}/forward", {})
        ghost = api_as(member).post_json("/api/v1/introductions/999999/forward", {})
        assert mine.status_code == ghost.status_code == 404 and mine.json() == ghost.json()
    assert IntroductionRequest.objects.count() == 1


def test_limits_answer_429_with_retry_after(scene, api_as, settings):
    ada, grace, linus = scene
    settings.KITH_INTRODUCTIONS_PENDING_PER_INTRODUCER = 0
    answer = ask(api_as(linus), to=ada.profile.handle, via=grace.profile.handle)
    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert answer.json()["error"]["code"] == "introducer_busy"


def test_market_lists_members_by_degree_with_the_best_introducer(scene, api_as):
    ada, grace, linus = scene
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines", "compiler"], locations=[], companies=[])
    body = api_as(linus).get_json("/api/v1/me/market").json()
    assert body["has_market"] and body["by_degree"]["1"] == 1 and body["by_degree"]["2"] == 1
    assert [m["member"]["handle"] for m in body["members"]] == [grace.profile.handle, ada.profile.handle]
    assert body["members"][1]["introducer"]["member"]["handle"] == grace.profile.handle
    only = api_as(linus).get_json("/api/v1/me/market", {"degree": "2"}).json()
    assert [m["member"]["handle"] for m in only["members"]] == [ada.profile.handle]
    Profile.objects.filter(pk=grace.pk).update(connections_visibility="only_me")
    hidden = api_as(linus).get_json("/api/v1/me/market", {"degree": "2"}).json()
    assert hidden["members"][0]["introducer"] is None
    assert api_as(linus).get_json("/api/v1/me/market", {"degree": "4"}).status_code == 422
