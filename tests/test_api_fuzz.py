"""schemathesis over /api/v1: generated requests (valid and invalid) against every operation.

Each operation is one test, run against a small seeded community as Ada (a bearer token):
Grace is a connection with a conversation, Linus's invitation waits, Margaret sent a message
request, Alan is a stranger. Path parameters are drawn from both the generated values and these
real handles and ids, so the routes past "not found" get exercised too.

Checks: no 5xx, every status declared in the OpenAPI, bodies and content types as declared.
Bounded and deterministic (``derandomize``, a fixed number of examples per operation).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kith.api import api
from kith.members.actions import create_api_token
from kith.members.models import Profile
from kith.messaging import actions as messaging
from kith.network import actions as network
from tests.factories import connect, make_member

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))

# Real values for path parameters, filled by the ``community`` fixture before each test runs.
REAL: dict[str, list] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters: dict) -> st.SearchStrategy:
    if not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    real = {name: REAL[name] for name in path_parameters if REAL.get(name)}
    if not real:
        return st.just(path_parameters)
    return st.one_of(
        st.just(path_parameters),
        st.fixed_dictionaries({**{k: st.just(v) for k, v in path_parameters.items()}, **{k: st.sampled_from(v) for k, v in real.items()}}),
    )


@pytest.fixture
def community(ada, grace, linus):
    """Ada's small world, and her token."""
    margaret = make_member("Margaret Hamilton", email="margaret@example.com")
    alan = make_member("Alan Turing", email="alan@example.com")
    connect(ada, grace)
    invitation = network.send_invitation(linus, to=ada, note="We met at the meetup")
    sent = network.send_invitation(ada, to=alan)
    conversation = messaging.start_conversation(ada, handles=[grace.profile.handle], text="Hello Grace")
    Profile.objects.filter(pk=ada.pk).update(message_policy="anyone")
    request_conversation = messaging.start_conversation(margaret, handles=[ada.profile.handle], text="Hi Ada, a question")
    request = request_conversation.request
    REAL.clear()
    REAL.update(
        handle=[p.profile.handle for p in (grace, linus, margaret, alan)],
        conversation_id=[conversation.pk, request_conversation.pk],
        message_id=list(conversation.messages.values_list("pk", flat=True)),
        invitation_id=[invitation.pk, sent.pk],
        request_id=[request.pk],
    )
    _, secret = create_api_token(ada, "fuzz")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def app():
    """Django's own WSGI app, in this test's transaction (as the test client keeps it)."""
    handler = WSGIHandler()

    def app(environ, start_response):
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")  # as any server sets it
        return handler(environ, start_response)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case, community, app):
    case.call_and_validate(app=app, headers=community, checks=CHECKS)
