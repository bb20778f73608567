"""Conversations: pages and API for reading, pagination, unread counts, delete, archive, groups, live polling."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from kith.messaging import actions
from kith.messaging.models import Message, MessagingPreference, Participant
from kith.messaging.tasks import email_unread_messages
from tests.factories import connect, make_member
from tests.messaging.conftest import handle, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_rate_limit(settings):
    settings.KITH_MESSAGES_PER_MINUTE = 100_000


@pytest.fixture
def chat(ada, grace):
    connect(ada, grace)
    return start(ada, grace, text="Hello Grace")


def test_message_with_html_and_a_link_renders_escaped_with_a_working_link(client, ada, grace, chat):
    actions.send_message(ada, conversation_id=chat.pk, text="<script>alert(1)</script> http://x.test/?a=1&b=2")
    client.force_login(grace)
    body = client.get(f"/messaging/{chat.pk}/").content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '<a href="http://x.test/?a=1&amp;b=2" rel="nofollow noopener noreferrer" target="_blank">' in body
    # The API returns the text as sent: escaping is the renderer's job.
    client_text = Message.objects.last().text
    assert client_text.startswith("<script>")


def test_cursor_pagination(no_rate_limit, as_member, ada, grace, chat):
    for n in range(1, 120):
        actions.send_message(ada, conversation_id=chat.pk, text=f"m{n}")
    client = as_member(grace)
    first = client.get_json(f"/api/v1/conversations/{chat.pk}/messages").json()
    assert [m["text"] for m in first["items"]][-1] == "m119"
    assert len(first["items"]) == 50
    seen = [m["id"] for m in first["items"]]
    before = first["next_before"]
    while before:
        page = client.get_json(f"/api/v1/conversations/{chat.pk}/messages", {"before": before, "limit": 30}).json()
        seen = [m["id"] for m in page["items"]] + seen
        before = page["next_before"]
    assert seen == list(Message.objects.filter(conversation=chat).order_by("pk").values_list("pk", flat=True))
    assert len(seen) == 120
    newer = client.get_json(f"/api/v1/conversations/{chat.pk}/messages", {"after": seen[-3]}).json()
    assert [m["id"] for m in newer["items"]] == seen[-2:]


def test_conversation_page_shows_the_last_50_and_links_older(no_rate_limit, client, ada, grace, chat):
    for n in range(1, 60):
        actions.send_message(ada, conversation_id=chat.pk, text=f"number {n}")
    client.force_login(grace)
    body = client.get(f"/messaging/{chat.pk}/").content.decode()
    assert "number 59" in body and "number 10<" in body and "number 9<" not in body
    oldest_shown = Message.objects.get(text="number 10").pk
    older = client.get(f"/messaging/{chat.pk}/", {"before": oldest_shown}).content.decode()
    assert "number 9<" in older and "Hello Grace" in older


def test_inbox_orders_by_last_message_paginates_and_filters(no_rate_limit, client, ada):
    friends = [make_member(f"Friend{n:02d} Example") for n in range(35)]
    for friend in friends:
        connect(ada, friend)
        start(ada, friend, text=f"hi {friend.profile.name}")
    actions.send_message(ada, conversation_id=Participant.objects.get(member=friends[0]).conversation_id, text="bump")
    client.force_login(ada)
    body = client.get("/messaging/").content.decode()
    assert body.index("Friend00") < body.index("Friend34") < body.index("Friend33")
    assert "Friend04" not in body  # 30 a page: 00 bumped, then 34 … 06
    assert "offset=30" in body
    second = client.get("/messaging/", {"offset": 30}).content.decode()
    assert "Friend04" in second and "Friend01" in second
    filtered = client.get("/messaging/", {"q": "friend07"}).content.decode()
    assert "Friend07" in filtered and "Friend08" not in filtered
    partial = client.get("/messaging/", {"q": "friend07"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "Friend07" in partial


def test_unread_badges_and_read(as_member, client, ada, grace, chat):
    actions.send_message(ada, conversation_id=chat.pk, text="second")
    api = as_member(grace)
    item = api.get_json("/api/v1/conversations").json()["items"][0]
    assert item["unread"] == 2
    client.force_login(grace)
    home = client.get("/messaging/settings/").content.decode()
    assert 'aria-label="1 unread"' in home  # one conversation holds unread messages
    read = api.post_json(f"/api/v1/conversations/{chat.pk}/read").json()
    assert read["unread"] == 0
    assert 'aria-label="1 unread"' not in client.get("/messaging/settings/").content.decode()


def test_opening_the_conversation_marks_it_read(client, ada, grace, chat):
    client.force_login(grace)
    client.get(f"/messaging/{chat.pk}/")
    participant = Participant.objects.get(member=grace)
    assert participant.unread_count == 0
    assert participant.last_read_message_id == chat.last_message_id


def test_live_partial_returns_new_messages_and_the_next_poller(client, ada, grace, chat):
    client.force_login(grace)
    client.get(f"/messaging/{chat.pk}/")
    after = Message.objects.get().pk
    quiet = client.get(f"/messaging/{chat.pk}/new/", {"after": after}, headers={"HX-Request": "true"}).content.decode()
    assert "msg-poller" in quiet and 'id="message-' not in quiet
    new = actions.send_message(ada, conversation_id=chat.pk, text="Are you there?")
    body = client.get(f"/messaging/{chat.pk}/new/", {"after": after}, headers={"HX-Request": "true"}).content.decode()
    assert "Are you there?" in body
    assert f"after={new.pk}" in body
    assert 'hx-swap-oob="true"' in body
    assert Participant.objects.get(member=grace).unread_count == 0


def test_send_from_the_page_with_htmx_triggers_the_poller(client, ada, grace, chat):
    client.force_login(ada)
    response = client.post(f"/messaging/{chat.pk}/", {"text": "via htmx"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "kith:message-sent"
    assert Message.objects.filter(text="via htmx").exists()
    plain = client.post(f"/messaging/{chat.pk}/", {"text": "no js"})
    assert plain.status_code == 302


def test_delete_own_message_only(as_member, client, ada, grace, chat):
    message = Message.objects.get()
    assert as_member(grace).delete_json(f"/api/v1/conversations/{chat.pk}/messages/{message.pk}").status_code == 403
    assert as_member(ada).delete_json(f"/api/v1/conversations/{chat.pk}/messages/{message.pk}").status_code == 204
    message.refresh_from_db()
    assert message.deleted_at is not None
    items = as_member(grace).get_json(f"/api/v1/conversations/{chat.pk}/messages").json()["items"]
    assert items[0]["deleted"] is True and items[0]["text"] is None
    assert Participant.objects.get(member=grace).unread_count == 0
    client.force_login(grace)
    body = client.get(f"/messaging/{chat.pk}/").content.decode()
    assert "message deleted" in body and "Hello Grace" not in body


def test_archive_and_unarchive_on_new_message(as_member, ada, grace, chat):
    api = as_member(grace)
    assert api.post_json(f"/api/v1/conversations/{chat.pk}/archive").json()["status"] == "archived"
    assert api.get_json("/api/v1/conversations").json()["items"] == []
    assert len(api.get_json("/api/v1/conversations", {"box": "archived"}).json()["items"]) == 1
    actions.send_message(ada, conversation_id=chat.pk, text="ping")
    assert Participant.objects.get(member=grace).status == "active"
    assert len(as_member(grace).get_json("/api/v1/conversations").json()["items"]) == 1


def test_group_conversation_among_connections(as_member, ada, grace, linus):
    connect(ada, grace)
    client = as_member(ada)
    refused = client.post_json("/api/v1/conversations", {"with": [handle(grace), handle(linus)], "text": "All"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "group_not_connected"
    connect(ada, linus)
    created = client.post_json("/api/v1/conversations", {"with": [handle(grace), handle(linus)], "text": "All"})
    assert created.status_code == 201
    body = created.json()
    assert body["is_group"] is True and body["status"] == "active"
    assert {m["handle"] for m in body["members"]} == {handle(grace), handle(linus)}
    reply = as_member(linus).post_json(f"/api/v1/conversations/{body['id']}/messages", {"text": "Hi both"})
    assert reply.status_code == 201


def test_group_is_at_most_ten(as_member, ada):
    friends = [make_member() for _ in range(10)]
    for friend in friends:
        connect(ada, friend)
    response = as_member(ada).post_json("/api/v1/conversations", {"with": [handle(f) for f in friends], "text": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "group_too_large"
    ok = as_member(ada).post_json("/api/v1/conversations", {"with": [handle(f) for f in friends[:9]], "text": "x"})
    assert ok.status_code == 201


def test_email_for_a_message_still_unread_after_ten_minutes(ada, grace, chat, django_capture_on_commit_callbacks):
    sent_at = Message.objects.get().created_at
    with time_machine.travel(sent_at + timedelta(minutes=9), tick=False):
        assert email_unread_messages() == 0
    with time_machine.travel(sent_at + timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert email_unread_messages() == 1
        assert email_unread_messages() == 0  # once per unread stretch
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@example.com"]
    assert "Ada Lovelace" in mail.outbox[0].subject
    assert "Hello Grace" not in mail.outbox[0].body

    # Grace reads, turns the email off, and Ada writes again: nothing goes out.
    actions.mark_read(grace, conversation_id=chat.pk)
    MessagingPreference.objects.create(member=grace, email_unread=False)
    actions.send_message(ada, conversation_id=chat.pk, text="again")
    with time_machine.travel(Message.objects.last().created_at + timedelta(minutes=11)):
        with django_capture_on_commit_callbacks(execute=True):
            assert email_unread_messages() == 0
    assert len(mail.outbox) == 1


def test_preference_page(client, grace):
    client.force_login(grace)
    assert client.get("/messaging/settings/").status_code == 200
    client.post("/messaging/settings/", {})
    assert MessagingPreference.objects.get(member=grace).email_unread is False


def test_a_blocked_members_group_message_is_never_the_preview(as_member, client, ada, grace, linus):
    """In a group the blocker stays with the blocked member; their messages vanish for the
    blocker everywhere: the messages list, the inbox preview and the conversation's last_message."""
    from tests.conftest import login
    from tests.messaging.conftest import block

    connect(ada, grace)
    connect(ada, linus)
    group = start(ada, grace, linus, text="Plans for Friday?")
    actions.send_message(grace, conversation_id=group.pk, text="Count me in")
    block(ada, linus)
    actions.send_message(linus, conversation_id=group.pk, text="Buy my course")

    api = as_member(ada)
    items = api.get_json("/api/v1/conversations").json()["items"]
    assert [i["last_message"]["text"] for i in items] == ["Count me in"]
    detail = api.get_json(f"/api/v1/conversations/{group.pk}").json()
    assert detail["last_message"]["text"] == "Count me in"
    html = login(client, ada).get("/messaging/").content.decode()
    assert "Count me in" in html and "Buy my course" not in html
    # Grace, who blocked nobody, sees Linus's message as the preview.
    assert as_member(grace).get_json("/api/v1/conversations").json()["items"][0]["last_message"]["text"] == "Buy my course"


def test_the_inbox_badges_only_those_who_are_not_connections(client, ada, grace, linus, chat):
    """Nearly everyone in an inbox is a connection: "1st" on every row said nothing; a 2nd does."""
    connect(grace, linus)
    from tests.messaging.conftest import invite

    invite(ada, linus)
    start(ada, linus, text="Hello Linus, from Ada")  # a request on his side, in her inbox
    client.force_login(ada)
    html = client.get("/messaging/").content.decode()
    rows = html.split('class="msg-entry')[1:]
    grace_row = next(r for r in rows if "Grace Hopper" in r)
    linus_row = next(r for r in rows if "Linus Torvalds" in r)
    assert "degree--1" not in grace_row
    assert "degree--2" in linus_row
