"""The portability API: POST /imports/linkedin, POST /imports/{id}/apply, GET /contacts, POST /contacts/{id}/invite."""

from __future__ import annotations

import io
import zipfile

import pytest

from kith.members.models import Position
from kith.network.models import Invitation
from kith.portability.models import Contact, LinkedInImport
from tests.factories import make_member
from tests.portability.exports import CONNECTIONS, export_zip, upload, zip_bytes


@pytest.fixture
def newcomer(db):
    return make_member("Ada Lovelace", email="ada@example.com")


def post_files(client, *files):
    return client.post("/api/v1/imports/linkedin", {"file": list(files)})


def error_of(response) -> dict:
    return response.json()["error"]


def test_upload_answers_with_the_preview(api_as, newcomer):
    client = api_as(newcomer)
    response = post_files(client, export_zip())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "preview"
    assert body["sections"]["positions"]["counts"] == {"new": 3, "same": 0, "conflict": 0, "only_kith": 0}
    assert body["sections"]["positions"]["modes"] == ["merge", "replace", "skip"]
    assert body["sections"]["languages"]["modes"] == ["merge", "skip"]
    assert {f["name"]: f["status"] for f in body["files"]}["Company Follows.csv"] == "not_imported"
    assert body["emails"][0] == {"email": "ada@example.com", "confirmed": True, "primary": True, "on_account": True}
    assert not Position.objects.exists()


def test_apply_then_apply_again_changes_nothing(api_as, newcomer, grace):
    client = api_as(newcomer)
    import_id = post_files(client, export_zip()).json()["id"]
    sections = {"profile": "merge", "positions": "merge", "skills": "replace", "contacts": "merge"}
    first = client.post_json(f"/api/v1/imports/{import_id}/apply", {"sections": sections})
    assert first.status_code == 200, first.content
    assert first.json()["changes"]["positions"] == {"added": 3, "updated": 0, "removed": 0}
    assert first.json()["contacts"]["matched"] == 1
    again_id = post_files(client, export_zip()).json()["id"]
    assert again_id == import_id
    second = client.post_json(f"/api/v1/imports/{import_id}/apply", {"sections": sections})
    assert second.json()["changes"]["positions"] == {"added": 0, "updated": 0, "removed": 0}
    assert Position.objects.filter(profile_id=newcomer.pk).count() == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [({"sections": {"photos": "merge"}}, "sections.photos"), ({"sections": {"languages": "replace"}}, "sections.languages"),
     ({"sections": {"profile": "everything"}}, "sections.profile"), ({"sections": {}, "extra": 1}, "extra")],
)
def test_apply_refuses_bad_sections(api_as, newcomer, body, field):
    client = api_as(newcomer)
    import_id = post_files(client, export_zip()).json()["id"]
    response = client.post_json(f"/api/v1/imports/{import_id}/apply", body)
    assert response.status_code in (400, 422)
    assert error_of(response)["field"] == field
    assert not Position.objects.exists()


def test_apply_someone_elses_import(api_as, newcomer, grace):
    import_id = post_files(api_as(newcomer), export_zip()).json()["id"]
    response = api_as(grace).post_json(f"/api/v1/imports/{import_id}/apply", {"sections": {"positions": "merge"}})
    assert response.status_code == 404 and error_of(response)["code"] == "import_not_found"


# --- hostile uploads: a 4xx naming the problem, nothing written ----------------------------------


def _many_entries(n: int) -> bytes:
    return zip_bytes({f"f{i}.csv": "a\n" for i in range(n)})


def _bomb() -> bytes:
    return zip_bytes({"Connections.csv": b"\0" * (3 * 1024 * 1024)})


def _traversal() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("/etc/Connections.csv"), CONNECTIONS)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("files", "status", "code"),
    [
        (lambda: [upload("export.zip", _many_entries(101))], 400, "too_many_files"),
        (lambda: [upload("export.zip", _bomb())], 400, "zip_bomb"),
        (lambda: [upload("export.zip", _traversal())], 400, "unsafe_name"),
        (lambda: [upload("export.zip", zip_bytes({"../x/Profile.csv": "First Name,Last Name\n"}))], 400, "unsafe_name"),
        (lambda: [upload("export.zip", b"GIF89a" + b"\0" * 64)], 400, "not_zip"),
        (lambda: [upload("profile.docx", b"PK\x03\x04 nope")], 400, "bad_zip"),
        (lambda: [upload("data.bin", bytes(range(256)))], 400, "not_zip_or_csv"),
        (lambda: [upload(f"f{i}.csv", "Name\nx\n") for i in range(101)], 400, "too_many_files"),
        (lambda: [upload("Follows.csv", "Organization\nX\n")], 400, "nothing_to_import"),
    ],
    ids=["101 files in the zip", "bomb by ratio", "absolute name", "traversal", "not a zip", "broken zip",
         "binary", "101 csv files", "nothing importable"],
)
def test_hostile_uploads_are_refused(api_as, newcomer, files, status, code):
    response = post_files(api_as(newcomer), *files())
    assert response.status_code == status, response.content
    assert error_of(response)["code"] == code
    assert error_of(response)["field"] in ("file", None)
    assert not LinkedInImport.objects.exists()


def test_a_zip_bomb_by_its_uncompressed_size(api_as, newcomer, settings):
    settings.KITH_IMPORT_MAX_UNCOMPRESSED = 1024 * 1024
    files = {f"part{i}.csv": "Name\n" + "".join(f"skill {n}\n" for n in range(60_000)) for i in range(2)}
    response = post_files(api_as(newcomer), upload("export.zip", zip_bytes(files)))
    assert response.status_code == 413 and error_of(response)["code"] == "zip_too_large"


def test_over_the_size_limit_is_refused_from_its_content_length(api_as, newcomer, settings):
    settings.KITH_IMPORT_MAX_BYTES = 1024
    response = post_files(api_as(newcomer), upload("Connections.csv", "x" * (2 * 1024 * 1024)))
    assert response.status_code == 413
    assert error_of(response) == {
        "code": "too_large", "field": "file",
        "message": "The upload is 2 MB; the limit is 1 KB. Upload the zip as LinkedIn sent it, or only the CSV files "
                   "you want imported.",
    }


def test_over_the_size_limit_within_the_multipart_slack(api_as, newcomer, settings):
    settings.KITH_IMPORT_MAX_BYTES = 10 * 1024
    response = post_files(api_as(newcomer), upload("Skills.csv", "Name\n" + "Python\n" * 5_000))
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"


def test_uploading_needs_a_member(api_client, db):
    assert post_files(api_client, export_zip()).status_code == 401


# --- contacts --------------------------------------------------------------------------------------


def _apply(client, sections=None):
    import_id = post_files(client, export_zip()).json()["id"]
    client.post_json(f"/api/v1/imports/{import_id}/apply", {"sections": sections or {"contacts": "merge"}})


def test_contacts_matched_and_not(api_as, newcomer, grace):
    client = api_as(newcomer)
    _apply(client)
    matched = client.get("/api/v1/contacts", {"matched": "true"}).json()
    assert matched["count"] == 1
    (hopper,) = matched["items"]
    assert (hopper["name"], hopper["match"], hopper["member"]["handle"]) == ("Grace Hopper", "email", grace.profile.handle)
    assert hopper["suggested_note"] == "Hi Grace, we're connected on LinkedIn. Let's connect on Kith too."
    others = client.get("/api/v1/contacts", {"matched": "false"}).json()
    assert others["count"] == 4 and all(item["member"] is None for item in others["items"])
    assert client.get("/api/v1/contacts").json()["count"] == 5


def test_invite_a_contact(api_as, newcomer, grace):
    client = api_as(newcomer)
    _apply(client)
    contact = Contact.objects.get(owner=newcomer, last_name="Hopper")
    response = client.post_json(f"/api/v1/contacts/{contact.pk}/invite", {"note": "Hello Grace"})
    assert response.status_code == 201, response.content
    assert response.json()["member"]["handle"] == grace.profile.handle
    assert Invitation.objects.get(sender=newcomer).note == "Hello Grace"
    again = client.post_json(f"/api/v1/contacts/{contact.pk}/invite", {})
    assert again.status_code == 409 and error_of(again)["code"] == "already_invited"


def test_invite_an_unmatched_contact(api_as, newcomer):
    client = api_as(newcomer)
    _apply(client)
    contact = Contact.objects.get(owner=newcomer, last_name="Babbage")
    response = client.post_json(f"/api/v1/contacts/{contact.pk}/invite", {})
    assert response.status_code == 409 and error_of(response)["code"] == "not_matched"


def test_invite_at_the_limit_is_a_429_with_retry_after(api_as, newcomer, grace, linus, settings):
    from kith.network import actions as network_actions

    settings.KITH_INVITATIONS_PER_WINDOW = 1
    network_actions.send_invitation(newcomer, to=linus)
    client = api_as(newcomer)
    _apply(client)
    contact = Contact.objects.get(owner=newcomer, last_name="Hopper")
    response = client.post_json(f"/api/v1/contacts/{contact.pk}/invite", {})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert error_of(response)["code"] == "invitation_rate_limit"


def test_someone_elses_contact_is_not_found(api_as, newcomer, grace):
    _apply(api_as(newcomer))
    contact = Contact.objects.get(owner=newcomer, last_name="Hopper")
    client = api_as(grace)
    assert client.get("/api/v1/contacts").json()["count"] == 0
    response = client.post_json(f"/api/v1/contacts/{contact.pk}/invite", {})
    assert response.status_code == 404 and error_of(response)["code"] == "contact_not_found"


def test_an_upload_bigger_than_the_form_memory_limit_streams_to_disk(api_as, newcomer, settings):
    """A real export is often over DATA_UPLOAD_MAX_MEMORY_SIZE (6 MB); it is read from a temporary file."""
    import os

    filler = os.urandom(4 * 1024 * 1024).hex()  # 8 MB of text that does not compress
    data = zip_bytes({"Skills.csv": "Name\nPython\n", "Messages.csv": filler}, method=zipfile.ZIP_STORED)
    assert len(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_files(api_as(newcomer), upload("export.zip", data))
    assert response.status_code == 201, response.content[:300]
    assert {f["name"]: f["status"] for f in response.json()["files"]}["Messages.csv"] == "not_imported"
