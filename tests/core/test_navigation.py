"""The navigation's badges and marks: right, and read in one query on every page."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.core.sql import count_all
from kith.members.models import User
from kith.messaging import actions as messaging
from kith.moderation import actions as moderation
from kith.network import actions as network
from tests.conftest import login
from tests.factories import connect, make_member


def test_count_all_counts_each_queryset_in_one_query(db):
    ada, grace, _linus = make_member("Ada"), make_member("Grace"), make_member("Linus")
    with CaptureQueriesContext(connection) as queries:
        counted = count_all({
            "everyone": User.objects.all(),
            "named_g": User.objects.filter(profile__name__startswith="G"),
            "none": User.objects.filter(pk=-1),
            "ordered": User.objects.exclude(pk=ada.pk).order_by("-pk").select_related("profile"),
        })
    assert counted == {"everyone": 3, "named_g": 1, "none": 0, "ordered": 2}
    assert len(queries) == 1
    assert count_all({}) == {}
    assert grace.profile.name == "Grace"


def _nav_queries(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/notifications/").content.decode()
    return page, [q["sql"] for q in queries]


def test_badges_show_what_waits_and_cost_one_query(client, db):
    ada, grace, linus = make_member("Ada"), make_member("Grace"), make_member("Linus")
    network.send_invitation(grace, to=ada, note="Hello")
    connect(ada, linus)
    messaging.start_conversation(linus, handles=[ada.profile.handle], text="Are you coming on Friday?")
    login(client, ada)
    page, sql = _nav_queries(client)
    assert 'aria-label="1 invitation waiting"' in page
    assert 'aria-label="1 unread">1</span>' in page  # the conversation with Linus
    assert "nav-link--moderation" not in page
    assert sum("kith_count_" in q for q in sql) == 1
    others = [q for q in sql if "kith_count_" not in q]
    assert not [q for q in others if "auth_permission" in q or 'COUNT(*) AS "__count"' in q]


def test_moderators_see_the_moderation_link_granted_directly_or_through_a_group(client, db):
    ada, grace = make_member("Ada"), make_member("Grace")
    moderation.grant_moderator(ada)
    team = Group.objects.create(name="Moderators")
    team.permissions.add(Permission.objects.get(content_type__app_label="moderation", codename="moderate"))
    grace.groups.add(team)
    for member in (ada, grace):
        login(client, member)
        assert "nav-link--moderation" in client.get("/notifications/").content.decode()
    User.objects.filter(pk=grace.pk).update(is_superuser=True)
    grace.groups.clear()
    assert "nav-link--moderation" in client.get("/notifications/").content.decode()

