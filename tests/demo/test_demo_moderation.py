"""`kith demo` leaves the moderation console something to try: a moderator account, and a reported
invitation, a reported conversation and an automatic hold in the queue, all made through the actions."""

import io

import pytest
from django.core.management import call_command

from kith.demo.builder import DEMO_PASSWORD
from kith.demo.moderation import MODERATOR_EMAIL
from kith.members.models import User
from kith.moderation import actions
from kith.moderation.models import AuditEntry, QueueItem, Report, Restriction

pytestmark = [pytest.mark.django_db, pytest.mark.moderation_rules]  # the hold fires by the real rule


@pytest.fixture
def demo_out():
    out = io.StringIO()
    call_command("demo", "--members", "120", "--seed", "3", stdout=out)
    return out.getvalue()


def test_the_demo_leaves_three_kinds_of_item_and_prints_the_moderator_login(demo_out):
    assert f"moderators: log in as {MODERATOR_EMAIL} (same password) and open Moderation" in demo_out
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    assert actions.is_moderator(moderator) and not moderator.is_superuser and moderator.check_password(DEMO_PASSWORD)
    open_items = QueueItem.objects.filter(status=QueueItem.Status.OPEN)
    assert {"invitation", "conversation", "hold"} <= set(open_items.values_list("kind", flat=True))
    reported = open_items.get(kind="invitation")
    assert Report.objects.filter(item=reported).count() == 1
    assert Restriction.objects.filter(member=open_items.get(kind="hold").member, kind="hold", lifted_at__isnull=True).exists()
    assert open_items.get(kind="hold").signals[0]["signal"] == "duplicate_notes"
    assert AuditEntry.objects.filter(action="hold").count() == 1


def test_the_demo_moderator_opens_each_item_and_acts(demo_out, client):
    assert client.login(email=MODERATOR_EMAIL, password=DEMO_PASSWORD)
    queue = client.get("/moderation/").content.decode()
    assert "Vivian Sterling" in queue and "Daniel Brooks" in queue and "Network Builder" in queue
    items = {i.kind: i for i in QueueItem.objects.filter(status="open", kind__in=["invitation", "conversation", "hold"])}
    invitation = client.get(f"/moderation/{items['invitation'].pk}/").content.decode()
    assert "earn passive income from home" in invitation
    assert "Ignored" in invitation or "Pending" in invitation  # the sender's other invitations
    conversation = client.get(f"/moderation/{items['conversation'].pk}/").content.decode()
    assert "business proposal" in conversation and "The conversation&#x27;s only message" in conversation
    assert items["hold"].summary == "Held: the same note, or nearly, to 5 strangers"
    assert "the same note, or nearly, to 5 strangers" in client.get(f"/moderation/{items['hold'].pk}/").content.decode()
    done = client.post(f"/moderation/{items['invitation'].pk}/", {"action": "restrict_invitations", "days": "7", "reason": "Get-rich pitch"})
    assert done.status_code == 302
    assert Restriction.objects.filter(member=items["invitation"].member, kind="invitations").exists()
