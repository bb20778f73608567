"""Moderators see reports in the admin, with the reported member's recent invitations and their answers."""

import pytest

from kith.moderation.models import Report
from kith.network import actions
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_report_admin_shows_recent_invitations_and_answers(client, ada, grace, linus):
    spammer = make_member("Sam Spammer")
    actions.mark_unknown(actions.send_invitation(spammer, to=grace), grace)
    actions.accept_invitation(actions.send_invitation(spammer, to=linus), linus)
    actions.report_invitation(actions.send_invitation(spammer, to=ada, note="Cheap watches"), ada)
    report = Report.objects.get()
    staff = make_member("Mod Erator", is_staff=True)
    staff.is_superuser = True
    staff.save()
    login(client, staff)

    response = client.get("/admin/moderation/report/")
    assert response.status_code == 200
    assert "Sam Spammer" in response.content.decode()
    html = client.get(f"/admin/moderation/report/{report.pk}/change/").content.decode()
    assert "Cheap watches" in html
    assert "Reported as spam" in html and "I don&#x27;t know this person" in html and "Accepted" in html
    assert "Grace Hopper" in html and "Linus Torvalds" in html

    client.post("/admin/moderation/report/", {"action": "resolve", "_selected_action": [report.pk]})
    assert Report.objects.get().status == "resolved"


def test_reported_member_cannot_see_reports(api_client, ada, grace):
    actions.report_member(ada, grace, reason="spam", text="x")
    api_client.force_login(grace)
    assert api_client.get("/admin/moderation/report/").status_code == 302
