"""Export all my data: asked for on a page or through the API, built in the background, told
in-app and by email, downloadable by its member only, for 72 hours."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kith.core.errors import LimitReached
from kith.members import actions as member_actions
from kith.network import actions as network_actions
from kith.notifications.models import Notification
from kith.portability import actions, export_archive
from kith.portability.models import DataExport
from tests.conftest import login
from tests.factories import connect


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def sections(export: DataExport) -> dict:
    with zipfile.ZipFile(actions.export_file(export)) as archive:
        return json.loads(archive.read("data.json"))["sections"]


@pytest.fixture
def built(django_capture_on_commit_callbacks):
    """Run what is queued after commit (the task, the emails) as the embedded default does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_page_asks_builds_notifies_and_downloads(client, ada, mailoutbox, built):
    login(client, ada)
    assert "Export my data" in client.get(reverse("portability:data")).content.decode()
    with built():
        response = client.post(reverse("portability:data"))
    assert response.status_code == 302
    export = DataExport.objects.get(member=ada)
    assert export.status == DataExport.Status.READY and export.size > 0
    assert export.expires_at - export.ready_at == timedelta(hours=72)
    notification = Notification.objects.get(recipient=ada, kind="data_export_ready")
    assert notification.actor_id == ada.pk
    assert [m.subject for m in mailoutbox] == ["[Kith] Your data export is ready"]
    assert reverse("portability:data") in mailoutbox[0].body
    assert "Your data export is ready" in client.get(reverse("notifications:list")).content.decode()
    page = client.get(reverse("portability:data")).content.decode()
    download = reverse("portability:download", args=[export.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    archive = unzip(response)
    assert {"README.txt", "data.json", "csv/members/profile.csv"} <= set(archive.namelist())
    assert "Ada Lovelace" in archive.read("csv/members/profile.csv").decode("utf-8-sig")


def test_only_its_member_downloads_it(client, ada, grace, built):
    with built():
        export = actions.request_export(ada)
    login(client, grace)
    assert client.get(reverse("portability:download", args=[export.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("portability:download", args=[export.pk])).status_code == 302  # to sign in


def test_after_72_hours_it_is_gone_and_the_periodic_task_deletes_the_file(client, ada, built):
    with built():
        export = actions.request_export(ada)
    export.refresh_from_db()
    path = actions.export_file(export)
    assert actions.expire_exports(now=export.expires_at - timedelta(minutes=1)) == 0
    with built():
        assert actions.expire_exports(now=export.expires_at + timedelta(minutes=1)) == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not path.exists()
    assert not Notification.objects.filter(kind="data_export_ready").exists()
    login(client, ada)
    assert client.get(reverse("portability:download", args=[export.pk])).status_code == 404
    assert "Expired" in client.get(reverse("portability:data")).content.decode()


def test_a_ready_export_past_its_time_is_not_served_even_before_the_sweep(client, ada, built):
    with built():
        export = actions.request_export(ada)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    login(client, ada)
    assert client.get(reverse("portability:download", args=[export.pk])).status_code == 404


def test_the_api_asks_and_answers_with_its_status_and_download(api_as, ada, grace, built):
    api = api_as(ada)
    with built():
        response = api.post_json("/api/v1/exports")
    assert response.status_code == 202
    body = api.get_json(f"/api/v1/exports/{response.json()['id']}").json()
    assert body["status"] == "ready" and body["download"].endswith("/download")
    download = api.get(body["download"])
    assert download.status_code == 200 and "data.json" in unzip(download).namelist()
    other = api_as(grace)
    assert other.get_json(f"/api/v1/exports/{body['id']}").status_code == 404
    assert other.get(body["download"]).status_code == 404


def test_asking_while_one_is_being_prepared_answers_with_it_and_a_day_has_a_limit(ada, settings):
    first = actions.request_export(ada)  # on_commit never runs here: it stays pending
    assert actions.request_export(ada).pk == first.pk
    settings.KITH_EXPORTS_PER_DAY = 1
    DataExport.objects.filter(pk=first.pk).update(status=DataExport.Status.FAILED)
    with pytest.raises(LimitReached) as refused:
        actions.request_export(ada)
    assert "1 data export a day" in refused.value.message and refused.value.lifts_at


def test_the_limit_is_a_429_with_retry_after(api_as, ada, settings):
    settings.KITH_EXPORTS_PER_DAY = 1
    api = api_as(ada)
    first = api.post_json("/api/v1/exports").json()
    DataExport.objects.filter(pk=first["id"]).update(status=DataExport.Status.FAILED)
    response = api.post_json("/api/v1/exports")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_a_connections_email_only_where_they_allow_it(ada, grace, linus, built):
    connect(ada, grace)
    connect(ada, linus)
    member_actions.update_privacy(grace, email_visibility="connections")
    with built():
        export = actions.request_export(ada)
    export.refresh_from_db()
    rows = {r["name"]: r["email"] for r in sections(export)["network"]["connections"]}
    assert rows == {"Grace Hopper": "grace@example.com", "Linus Torvalds": ""}


def test_members_who_blocked_her_are_not_named_and_reports_about_her_are_left_out(ada, grace, linus, built):
    connect(ada, grace)
    network_actions.send_invitation(linus, to=ada, note="Hi")
    network_actions.report_member(grace, ada, reason="spam", text="About ada")
    network_actions.block(linus, ada)
    with built():
        export = actions.request_export(ada)
    export.refresh_from_db()
    data = sections(export)
    assert data["moderation"]["reports_filed"] == []
    text = json.dumps(data)
    assert "Linus" not in text and "About ada" not in text


def test_a_csv_cell_a_spreadsheet_would_run_is_defused():
    assert export_archive.section_csv([{"a": "=HYPERLINK(1)", "b": "-2", "c": "ok", "d": None, "e": ["x", "y"]}]) == (
        "a,b,c,d,e\r\n'=HYPERLINK(1),'-2,ok,,x; y\r\n"
    )


def test_the_readme_documents_every_section():
    content = export_archive.build(
        {"members": {"profile": [{"name": "Ada"}]}}, descriptions={"members": {"profile": "Your profile."}},
        member={"handle": "ada", "name": "Ada"}, site="Kith", generated_at=timezone.now(),
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        readme = archive.read("README.txt").decode()
        assert "members.profile (csv/members/profile.csv, 1 row)" in readme and "Your profile." in readme
        assert json.loads(archive.read("data.json"))["format"] == export_archive.FORMAT_NAME
