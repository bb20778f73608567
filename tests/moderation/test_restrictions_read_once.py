"""A member's restrictions are read once a request (the sign-in gate, the page's notice, the
invitation form and the actions' checks all ask), and a restriction written in the request is
seen by the checks after it."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from kith.core.errors import KithError
from kith.moderation import actions, gates
from kith.moderation.models import Restriction
from tests.conftest import login

pytestmark = pytest.mark.django_db


def restriction_reads(captured) -> int:
    return sum("moderation_restriction" in q["sql"] for q in captured.captured_queries)


def test_a_page_reads_the_members_restrictions_once(client, ada):
    login(client, ada)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert restriction_reads(captured) == 1


def test_a_restriction_written_in_the_request_is_seen_by_the_checks_after_it(ada):
    seen = []

    def view(request):
        gates.check_may_invite(ada)  # read, and kept for the request
        actions._restrict(member=ada, kind=Restriction.Kind.INVITATIONS, reason="Spam", ends_at=None)
        with pytest.raises(KithError) as refused:
            gates.check_may_invite(ada)
        seen.append(refused.value.code)
        return HttpResponse()

    gates.RestrictionsPerRequestMiddleware(view)(None)
    assert seen == ["invitations_restricted"]
    assert gates._read.get() is None  # the scope ends with the request


def test_outside_a_request_every_check_reads(ada):
    gates.check_may_invite(ada)
    actions._restrict(member=ada, kind=Restriction.Kind.INVITATIONS, reason="Spam", ends_at=None)
    with pytest.raises(KithError):
        gates.check_may_invite(ada)
