"""Bad input never gives a 500: ids past 2^63, NUL bytes, lone surrogates, wrong-shaped and
oversized bodies get a 4xx in the API's error shape (or a 4xx page), on SQLite and PostgreSQL."""

import json

import pytest

from kith.messaging import actions as messaging
from kith.network import actions as network
from tests.conftest import login
from tests.factories import connect

BIG = "99999999999999999999"  # past 2^64, so past every integer column
PAST_BIGINT = str(2**63)  # one past the largest BIGINT


@pytest.fixture
def scene(ada, grace, linus):
    """Ada is connected to Grace (a conversation) and has Linus's invitation waiting."""
    connect(ada, grace)
    invitation = network.send_invitation(linus, to=ada)
    conversation = messaging.start_conversation(ada, handles=[grace.profile.handle], text="Hello")
    return {"invitation": invitation.pk, "conversation": conversation.pk}


def call(client, method: str, path: str, body=None, raw: str | None = None):
    if raw is None and body is not None:
        raw = json.dumps(body)
    if raw is None:
        return client.get(path) if method == "get" else getattr(client, method)(path, content_type="application/json")
    return getattr(client, method)(path, raw, content_type="application/json")


def assert_api_error(response, statuses, field=None):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "field"}
    if field is not None:
        assert error["field"] == field, error
    return error


# --- integers past 2^63, zero and negative ids --------------------------------------------------

ID_PATHS = [
    ("get", "/api/v1/conversations/{n}"),
    ("get", "/api/v1/conversations/{n}/messages"),
    ("post", "/api/v1/conversations/{n}/read"),
    ("post", "/api/v1/conversations/{n}/archive"),
    ("post", "/api/v1/conversations/{n}/unarchive"),
    ("delete", "/api/v1/conversations/{conversation}/messages/{n}"),
    ("post", "/api/v1/invitations/{n}/accept"),
    ("post", "/api/v1/invitations/{n}/ignore"),
    ("post", "/api/v1/invitations/{n}/dont-know"),
    ("post", "/api/v1/invitations/{n}/withdraw"),
    ("post", "/api/v1/message-requests/{n}/accept"),
    ("post", "/api/v1/message-requests/{n}/decline"),
    ("post", "/api/v1/message-requests/{n}/block"),
]


@pytest.mark.parametrize("n", [BIG, PAST_BIGINT, "0", "-1"])
@pytest.mark.parametrize(("method", "path"), ID_PATHS)
def test_out_of_range_ids_in_api_paths_are_404_or_422(api_as, ada, scene, method, path, n):
    client = api_as(ada)
    response = call(client, method, path.format(n=n, conversation=scene["conversation"]))
    assert_api_error(response, {404, 422})


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/conversations?offset={n}",
        "/api/v1/conversations?limit={n}",
        "/api/v1/conversations/{conversation}/messages?before={n}",
        "/api/v1/conversations/{conversation}/messages?after={n}",
        "/api/v1/conversations/{conversation}/messages?limit={n}",
        "/api/v1/connections?page={n}",
        "/api/v1/suggestions?limit={n}",
        "/api/v1/groups?page={n}",
        "/api/v1/groups/{group}/members?page={n}",
    ],
)
@pytest.mark.parametrize("n", [BIG, "-1"])
def test_out_of_range_integers_in_api_queries_are_422(api_as, ada, scene, query, n):
    if "{group}" in query:
        from kith.groups import actions as groups

        scene["group"] = groups.create_group(ada, name="Paging Guild").slug
    response = api_as(ada).get(query.format(n=n, conversation=scene["conversation"], group=scene.get("group")))
    assert_api_error(response, {400, 422}, field=query.split("?")[1].split("=")[0])


@pytest.mark.parametrize("query", ["/api/v1/connections?page={n}", "/api/v1/groups?page={n}", "/api/v1/groups/{group}/members?page={n}"])
def test_a_page_number_whose_offset_no_database_holds_is_422(api_as, ada, scene, query):
    """Page 2^63 - 2 is a storable integer, but its offset is not (schemathesis found the 500)."""
    from kith.groups import actions as groups

    group = groups.create_group(ada, name="Paging Guild").slug
    response = api_as(ada).get(query.format(n=2**63 - 2, group=group))
    assert_api_error(response, {422}, field="page")


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("post", "/api/v1/notifications/read", {"ids": [int(BIG)]}, "ids.0"),
        ("post", "/api/v1/notifications/read", {"ids": [0]}, "ids.0"),
        ("post", "/api/v1/conversations/{conversation}/read", {"up_to": int(BIG)}, "up_to"),
        ("patch", "/api/v1/me/profile", {"education": [{"school": "Oxford", "start_year": int(BIG)}]}, "education.0.start_year"),
    ],
)
def test_out_of_range_integers_in_api_bodies_are_422(api_as, ada, scene, method, path, body, field):
    response = call(api_as(ada), method, path.format(conversation=scene["conversation"]), body)
    assert_api_error(response, {400, 422}, field=field)


@pytest.mark.parametrize(
    "path",
    [
        "/messaging/{n}/",
        "/messaging/{n}/new/",
        "/messaging/{conversation}/messages/{n}/delete/",
        "/network/invitations/{n}/accept/",
        "/me/edit/positions/{n}/",
        "/settings/tokens/{n}/revoke/",
        "/insights/invitations/{n}/reply/",
        "/messaging/requests/{n}/accept/",
    ],
)
@pytest.mark.parametrize("n", [BIG, PAST_BIGINT])
def test_out_of_range_ids_in_page_urls_are_404(client, ada, scene, path, n):
    login(client, ada)
    assert client.get(path.format(n=n, conversation=scene["conversation"])).status_code == 404
    assert client.post(path.format(n=n, conversation=scene["conversation"])).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/messaging/?offset={n}",
        "/messaging/{conversation}/?before={n}",
        "/messaging/{conversation}/new/?after={n}",
        "/network/?page={n}",
    ],
)
def test_out_of_range_integers_in_page_queries_are_not_errors(client, ada, scene, path):
    login(client, ada)
    assert client.get(path.format(n=BIG, conversation=scene["conversation"])).status_code in {200, 302}


def test_notification_ids_that_are_not_row_ids_mark_nothing_read(client, ada, scene):
    from kith.notifications.models import Notification

    login(client, ada)
    assert Notification.objects.filter(recipient=ada, read_at__isnull=True).count() == 1
    for junk in (BIG, "²", "-3"):
        assert client.post("/notifications/read/", {"id": [junk]}).status_code == 302
    assert Notification.objects.filter(recipient=ada, read_at__isnull=True).count() == 1


def test_out_of_range_invitation_ids_in_the_bulk_answer_are_refused(client, ada, scene):
    login(client, ada)
    response = client.post("/insights/invitations/bulk/", {"answer": "ignore", "ids": [BIG]})
    assert response.status_code in {200, 302, 400}


# --- NUL characters and lone surrogates -----------------------------------------------------------

NUL = "a\x00b"


def api_text_inputs(s):
    """(method, path, body, field): every API input that takes text, each with a NUL in one field."""
    c, i = s["conversation"], s["invitation"]
    return [
        ("post", f"/api/v1/conversations/{c}/messages", {"text": NUL}, "text"),
        ("post", "/api/v1/conversations", {"with": [NUL], "text": "Hi"}, "with.0"),
        ("post", "/api/v1/conversations", {"with": ["linus-torvalds"], "text": NUL}, "text"),
        ("post", f"/api/v1/conversations/{c}/report", {"reason": "spam", "text": NUL}, "text"),
        ("post", "/api/v1/invitations", {"to": "linus-torvalds", "note": NUL}, "note"),
        ("post", "/api/v1/invitations", {"to": NUL}, "to"),
        ("post", "/api/v1/invitations", {"to": "linus-torvalds", "email": NUL}, "email"),
        ("post", f"/api/v1/invitations/{i}/report", {"text": NUL}, "text"),
        ("post", "/api/v1/follows", {"handle": NUL}, "handle"),
        ("post", "/api/v1/blocks", {"handle": NUL}, "handle"),
        ("post", "/api/v1/reports", {"handle": "linus-torvalds", "reason": "spam", "text": NUL}, "text"),
        ("post", "/api/v1/reports", {"handle": "linus-torvalds", "reason": NUL}, "reason"),
        ("post", "/api/v1/suggestions/linus-torvalds/dismiss", {"reason": NUL}, "reason"),
        ("post", "/api/v1/tokens", {"email": NUL, "password": "x"}, "email"),
        ("patch", "/api/v1/me/profile", {"headline": NUL}, "headline"),
        ("patch", "/api/v1/me/profile", {"skills": ["Python", NUL]}, "skills.1"),
        ("patch", "/api/v1/me/profile", {"positions": [{"company": NUL, "title": "CTO", "start": "2020-01", "is_current": True}]}, "positions.0.company"),
        ("patch", "/api/v1/me/profile", {"target_market": {"industries": [NUL]}}, "target_market.industries.0"),
        ("patch", "/api/v1/me/profile", {NUL: "x"}, None),
        ("get", "/api/v1/conversations?q=a%00b", None, "q"),
        ("get", "/api/v1/connections?q=a%00b", None, "q"),
        ("get", "/api/v1/invitations?box=a%00", None, "box"),
        ("get", "/api/v1/search/people?q=a%00b", None, "q"),
        ("get", "/api/v1/search/people?location=%00", None, "location"),
        ("get", "/api/v1/members/a%00b", None, None),
        ("get", "/api/v1/members/a%00b/insights", None, None),
        ("delete", "/api/v1/connections/a%00b", None, None),
        ("post", "/api/v1/suggestions/a%00b/dismiss", None, None),
    ]


@pytest.mark.parametrize("index", range(28))
def test_nul_characters_anywhere_in_the_api_are_422_naming_the_field(api_as, ada, scene, index):
    from kith.messaging.models import Message

    method, path, body, field = api_text_inputs(scene)[index]
    messages = Message.objects.count()
    error = assert_api_error(call(api_as(ada), method, path, body), {422})
    assert error["code"] == "invalid_text" and "NUL" in error["message"]
    if field is not None:
        assert error["field"] == field
    assert Message.objects.count() == messages


def test_every_text_input_is_covered(scene):
    assert len(api_text_inputs(scene)) == 28


@pytest.mark.parametrize(
    ("method", "path", "raw", "field"),
    [
        ("post", "/api/v1/conversations/{c}/messages", '{"text": "\\udfff"}', "text"),
        ("post", "/api/v1/conversations/{c}/messages", '{"text": "ok \\ud83d then"}', "text"),
        ("post", "/api/v1/conversations", '{"with": ["linus-torvalds"], "text": "\\udc00"}', "text"),
        ("patch", "/api/v1/me/profile", '{"headline": "\\udfff"}', "headline"),
        ("post", "/api/v1/invitations", '{"to": "linus-torvalds", "note": "\\udfff"}', "note"),
    ],
)
def test_lone_surrogates_in_the_api_are_422(api_as, ada, scene, method, path, raw, field):
    from kith.messaging.models import Message

    error = assert_api_error(call(api_as(ada), method, path.format(c=scene["conversation"]), raw=raw), {422}, field)
    assert "surrogate" in error["message"]
    assert Message.objects.count() == 1


def test_a_surrogate_pair_is_a_character_not_an_error(api_as, ada, scene):
    response = call(api_as(ada), "post", f"/api/v1/conversations/{scene['conversation']}/messages", raw='{"text": "\\ud83d\\ude00"}')
    assert response.status_code == 201 and response.json()["text"] == "\U0001f600"


@pytest.mark.parametrize(
    "path",
    ["/search/?q=a%00b", "/search/typeahead/?q=a%00", "/messaging/?q=a%00b", "/network/?q=a%00b", "/network/invitations/?box=%00"],
)
def test_nul_characters_in_page_queries_are_400(client, ada, scene, path):
    login(client, ada)
    response = client.get(path)
    assert response.status_code == 400 and b"NUL" in response.content


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/messaging/{c}/", {"text": NUL}),
        ("/messaging/{c}/block/", {"handle": NUL}),
        ("/network/invite/linus-torvalds/", {"note": NUL}),
        ("/me/edit/", {"name": NUL}),
    ],
)
def test_nul_characters_in_page_forms_are_400_and_store_nothing(client, ada, scene, path, data):
    from kith.members.models import Block
    from kith.messaging.models import Message

    login(client, ada)
    response = client.post(path.format(c=scene["conversation"]), data)
    assert response.status_code == 400
    assert Message.objects.count() == 1 and not Block.objects.exists()


def test_surrogates_cannot_reach_a_page_form(client, ada, scene):
    """Form bodies are bytes: an encoded surrogate is invalid UTF-8 and decodes to U+FFFD."""
    from kith.messaging.models import Message

    login(client, ada)
    url = f"/messaging/{scene['conversation']}/"
    response = client.post(url, "text=ok%ED%BF%BF", content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 302}
    assert Message.objects.order_by("-pk").first().text.startswith("ok\ufffd")


# --- bodies over the limit ------------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_json_413(api_as, ada, scene, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = call(api_as(ada), "post", f"/api/v1/conversations/{scene['conversation']}/messages", {"text": "x" * 2000})
    error = assert_api_error(response, {413})
    assert error["code"] == "too_large" and "1,000 bytes" in error["message"]


def test_too_many_query_fields_is_a_json_413(api_as, ada, scene, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = api_as(ada).get("/api/v1/conversations?" + "&".join(f"q{i}=1" for i in range(20)))
    assert_api_error(response, {413})


# --- wrong-shaped bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["[9]", "9", '"all"', '{"idz": [1]}', '{"ids": "1"}'])
def test_a_wrong_shaped_mark_read_body_marks_nothing(api_as, ada, scene, raw):
    from kith.notifications.models import Notification

    assert_api_error(call(api_as(ada), "post", "/api/v1/notifications/read", raw=raw), {422})
    assert Notification.objects.filter(recipient=ada, read_at__isnull=True).count() == 1


def test_an_empty_mark_read_body_still_marks_everything(api_as, ada, scene):
    from kith.notifications.models import Notification

    response = call(api_as(ada), "post", "/api/v1/notifications/read")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 0}
    assert not Notification.objects.filter(recipient=ada, read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/api/v1/suggestions/linus-torvalds/dismiss", "[9]"),
        ("/api/v1/suggestions/linus-torvalds/dismiss", '{"reason": "unknown", "extra": 1}'),
        ("/api/v1/invitations/{i}/report", "[9]"),
        ("/api/v1/invitations/{i}/report", '{"txt": "spam"}'),
        ("/api/v1/conversations/{c}/read", "[9]"),
        ("/api/v1/invitations", '{"to": "linus-torvalds", "nte": "typo"}'),
        ("/api/v1/follows", '["linus-torvalds"]'),
        ("/api/v1/blocks", '{"handle": "linus-torvalds", "reason": "x"}'),
        ("/api/v1/reports", '{"handle": "linus-torvalds", "reason": "spam", "txt": "x"}'),
    ],
)
def test_wrong_shaped_bodies_are_422_and_change_nothing(api_as, ada, scene, path, raw):
    from kith.members.models import Block
    from kith.network.models import Follow, Invitation

    follows = Follow.objects.count()
    assert_api_error(call(api_as(ada), "post", path.format(i=scene["invitation"], c=scene["conversation"]), raw=raw), {422})
    assert Invitation.objects.get(pk=scene["invitation"]).status == "pending"
    assert not Block.objects.exists() and Follow.objects.count() == follows
    assert not Invitation.objects.filter(sender=ada).exists()


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape(api_as, ada, scene):
    response = api_as(ada).post("/api/v1/follows", "handle=linus", content_type="application/x-www-form-urlencoded")
    assert assert_api_error(response, {400})["code"] == "invalid_json"


# --- field names, lengths, list sizes, choices ---------------------------------------------------


def test_validation_errors_name_the_field_without_the_parameter(api_as, ada, scene):
    error = assert_api_error(call(api_as(ada), "post", "/api/v1/invitations", {"to": 5}), {422}, "to")
    assert error["message"].startswith("to: ")


def test_an_overlong_report_text_is_refused_not_cut(api_as, ada, scene):
    from kith.moderation.models import Report

    response = call(api_as(ada), "post", f"/api/v1/invitations/{scene['invitation']}/report", {"text": "x" * 2001})
    error = assert_api_error(response, {400, 422}, "text")
    assert "2000" in error["message"] or "2,000" in error["message"]
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"positions": [{"company": "Acme", "title": "CTO", "start": "2020-01", "is_current": True}] * 1000}, "positions"),
        ({"education": [{"school": "Oxford"}] * 1000}, "education"),
        ({"open_to": [{"kind": "job"}] * 100}, "open_to"),
        ({"skills": [f"Skill {i}" for i in range(1000)]}, "skills"),
        ({"target_market": {"companies": [f"Company {i}" for i in range(1000)]}}, "target_market.companies"),
    ],
)
def test_list_sizes_are_capped_with_a_message_naming_the_limit(api_as, ada, scene, body, field):
    from kith.members.models import Position

    error = assert_api_error(call(api_as(ada), "patch", "/api/v1/me/profile", body), {400, 422}, field)
    assert any(ch.isdigit() for ch in error["message"]) and "at most" in error["message"]
    assert not Position.objects.exists()


def test_too_many_ids_to_mark_read_is_refused(api_as, ada, scene):
    error = assert_api_error(call(api_as(ada), "post", "/api/v1/notifications/read", {"ids": list(range(1, 2002))}), {422}, "ids")
    assert "at most" in error["message"]


@pytest.mark.parametrize(
    ("query", "field", "allowed"),
    [
        ("/api/v1/connections?sort=zzz", "sort", ["recent", "name"]),
        ("/api/v1/invitations?box=zzz", "box", ["received", "sent", "ignored"]),
        ("/api/v1/conversations?box=zzz", "box", ["inbox", "archived", "requests"]),
    ],
)
def test_unknown_choices_in_queries_are_422_naming_the_allowed_values(api_as, ada, scene, query, field, allowed):
    error = assert_api_error(api_as(ada).get(query), {422}, field)
    assert all(value in error["message"] for value in allowed), error
