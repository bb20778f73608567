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
        "/api/v1/recommendations?limit={n}",
    ],
)
@pytest.mark.parametrize("n", [BIG, "-1"])
def test_out_of_range_integers_in_api_queries_are_422(api_as, ada, scene, query, n):
    response = api_as(ada).get(query.format(n=n, conversation=scene["conversation"]))
    assert_api_error(response, {400, 422}, field=query.split("?")[1].split("=")[0])


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
