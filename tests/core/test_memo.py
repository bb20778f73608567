"""kith.core.memo: a read made twice in one GET request is made once; never in a POST, nor outside a request."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kith.core import memo
from kith.network import actions as network
from tests.conftest import login
from tests.factories import connect, make_member


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return [len(calls)]

    return calls, compute


def _through_middleware(method: str, view):
    request = getattr(RequestFactory(), method)("/")
    return memo.PerRequestMiddleware(view)(request)


def test_kept_for_one_get_request_and_dropped_after():
    calls, compute = _counting()

    def view(request):
        first, second = memo.once(("k", 1), compute), memo.once(("k", 1), compute)
        other = memo.once(("k", 2), compute)
        second.append("changed by a caller")  # a copy: what is kept does not change
        return HttpResponse(f"{first} {memo.once(('k', 1), compute)} {other}")

    assert _through_middleware("get", view).content == b"[1] [1] [2]"
    assert _through_middleware("get", view).content == b"[3] [3] [4]"  # a new request reads again
    assert len(calls) == 4


def test_nothing_kept_in_a_post_or_outside_a_request():
    calls, compute = _counting()

    def view(request):
        return HttpResponse(f"{memo.once('k', compute)} {memo.once('k', compute)}")

    assert _through_middleware("post", view).content == b"[1] [2]"
    assert memo.once("k", compute) == [3]
    assert len(calls) == 3


def test_a_profile_page_reads_the_mutual_connections_once(client, db):
    ada, grace, linus = make_member("Ada"), make_member("Grace"), make_member("Linus")
    connect(ada, linus)
    connect(linus, grace)
    network.send_invitation(grace, to=ada, note="We both know Linus")
    login(client, ada)
    client.get(f"/in/{grace.profile.handle}/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/in/{grace.profile.handle}/").content.decode()
    assert "Linus" in page
    mutual_reads = [q for q in queries if 'FROM "members_profile"' in q["sql"] and "ORDER BY \"members_profile\".\"name\"" in q["sql"]]
    assert len(mutual_reads) == 1
