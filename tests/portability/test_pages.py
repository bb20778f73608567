"""The portability pages: upload, preview, apply, contacts with Connect; hostile uploads refused on the page."""

from __future__ import annotations

import re

import pytest

from kith.members.models import Position, Profile
from kith.network.models import Invitation
from kith.portability.models import Contact, LinkedInImport
from tests.conftest import login
from tests.factories import make_member
from tests.portability.exports import export_zip, upload, zip_bytes


@pytest.fixture
def as_newcomer(client, db):
    newcomer = make_member("Ada Lovelace", email="ada@example.com")
    login(client, newcomer)
    client.member = newcomer
    return client


def test_upload_preview_and_apply(as_newcomer, grace):
    page = as_newcomer.get("/settings/import/")
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    response = as_newcomer.post("/settings/import/", {"export": export_zip()})
    linkedin_import = LinkedInImport.objects.get(member=as_newcomer.member)
    assert response.status_code == 302 and response["Location"] == f"/settings/import/{linkedin_import.pk}/"
    preview = as_newcomer.get(response["Location"]).content.decode()
    assert "Analytical Engines" in preview and "Analyst of engines" in preview
    assert "Company Follows.csv" in preview and "not imported" in preview
    assert 'name="positions" value="merge"' in preview and "checked" in preview
    assert not Position.objects.filter(profile_id=as_newcomer.member.pk).exists()  # the preview wrote nothing

    done = as_newcomer.post(response["Location"], {"profile": "merge", "positions": "merge", "education": "merge",
                                                    "skills": "merge", "languages": "skip", "contacts": "merge"},
                            follow=True)
    assert done.status_code == 200
    assert ("Imported. Profile fields: 4 updated; positions: 3 added; schools: 2 added; skills: 3 added; "
            "contacts: 5 added.") in done.content.decode()
    assert Position.objects.filter(profile_id=as_newcomer.member.pk).count() == 3
    assert "1 on Kith already" in done.content.decode()  # grace, by her verified address


def test_the_preview_says_what_conflicts(as_newcomer):
    from kith.members import actions as member_actions

    member_actions.update_profile(as_newcomer.member, headline="Countess")
    as_newcomer.post("/settings/import/", {"export": export_zip()})
    linkedin_import = LinkedInImport.objects.get(member=as_newcomer.member)
    html = as_newcomer.get(f"/settings/import/{linkedin_import.pk}/").content.decode()
    assert "Different" in html and "yours: “Countess”" in html and "export: “Analyst of engines”" in html


def test_a_hostile_upload_gets_a_form_error_and_writes_nothing(as_newcomer):
    evil = upload("export.zip", zip_bytes({"../../etc/Connections.csv": "First Name,Last Name\n"}))
    response = as_newcomer.post("/settings/import/", {"export": evil})
    assert response.status_code == 400
    assert "path leaves the archive" in response.content.decode()
    assert not LinkedInImport.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(as_newcomer, settings):
    settings.KITH_IMPORT_MAX_BYTES = 10_000
    big = upload("Connections.csv", "First Name,Last Name\n" + "Grace,Hopper\n" * 200_000)
    response = as_newcomer.post("/settings/import/", {"export": big})
    assert response.status_code == 413
    assert re.search(r"The upload is \d+ MB; the limit is 10 KB", response.content.decode())
    assert not LinkedInImport.objects.exists()


def test_a_non_zip_non_csv_upload(as_newcomer):
    response = as_newcomer.post("/settings/import/", {"export": upload("cv.pdf", b"%PDF-1.7\n\x00\x01")})
    assert response.status_code == 400
    assert "neither a zip nor a CSV file" in response.content.decode()


def test_no_file(as_newcomer):
    assert as_newcomer.post("/settings/import/", {}).status_code == 400


def test_someone_elses_preview_is_not_found(as_newcomer, client, grace):
    as_newcomer.post("/settings/import/", {"export": export_zip()})
    linkedin_import = LinkedInImport.objects.get(member=as_newcomer.member)
    login(client, grace)
    assert client.get(f"/settings/import/{linkedin_import.pk}/").status_code == 404
    assert client.post(f"/settings/import/{linkedin_import.pk}/", {"positions": "merge"}).status_code == 404
    assert not Position.objects.exists()


def _imported(client) -> dict[str, Contact]:
    client.post("/settings/import/", {"export": export_zip()})
    linkedin_import = LinkedInImport.objects.get(member=client.member)
    client.post(f"/settings/import/{linkedin_import.pk}/", {"contacts": "merge"})
    return {c.last_name: c for c in Contact.objects.filter(owner=client.member)}


def test_contacts_page_shows_members_with_degree_and_connect(as_newcomer, grace, linus):
    contacts = _imported(as_newcomer)
    html = as_newcomer.get("/contacts/").content.decode()
    assert "Grace Hopper" in html and f"/contacts/{contacts['Hopper'].pk}/invite/" in html
    assert "Invite all matched (1)" in html
    others = as_newcomer.get("/contacts/?show=others").content.decode()
    assert "Charles Babbage" in others and "not on Kith" in others


def test_connect_from_contacts_with_the_prefilled_note(as_newcomer, grace):
    hopper = _imported(as_newcomer)["Hopper"]
    form = as_newcomer.get(f"/contacts/{hopper.pk}/invite/").content.decode()
    assert "Hi Grace, we&#x27;re connected on LinkedIn. Let&#x27;s connect on Kith too." in form
    response = as_newcomer.post(f"/contacts/{hopper.pk}/invite/", {"note": "Hello Grace!"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(sender=as_newcomer.member)
    assert (invitation.recipient, invitation.note) == (grace, "Hello Grace!")
    assert "Invited" in as_newcomer.get("/contacts/").content.decode()


def test_connect_at_the_invitation_limit_says_which_limit_and_when(as_newcomer, grace, linus, settings):
    from kith.network import actions as network_actions

    settings.KITH_INVITATIONS_PER_WINDOW = 1
    network_actions.send_invitation(as_newcomer.member, to=linus)
    hopper = _imported(as_newcomer)["Hopper"]
    response = as_newcomer.post(f"/contacts/{hopper.pk}/invite/", {"note": ""})
    assert response.status_code == 429 and "Retry-After" in response
    assert "You have sent 1 invitations in the last 7 days" in response.content.decode()
    assert not Invitation.objects.filter(recipient=grace).exists()


def test_invite_all_matched(as_newcomer, grace):
    _imported(as_newcomer)
    response = as_newcomer.post("/contacts/invite-all/", follow=True)
    assert "Sent 1 invitation." in response.content.decode()
    assert Invitation.objects.get(sender=as_newcomer.member).recipient == grace


def test_confirm_and_reject_suggestions(as_newcomer):
    from kith.members import actions as member_actions

    linus = make_member("Linus Torvalds", email="lt@example.org")
    member_actions.add_position(linus, company="Linux Foundation", title="Fellow", start="2010-01", is_current=True)
    torvalds = _imported(as_newcomer)["Torvalds"]
    assert torvalds.match == "suggested"
    html = as_newcomer.get("/contacts/?show=suggested").content.decode()
    assert "Same name and company as your contact Linus Torvalds" in html
    as_newcomer.post(f"/contacts/{torvalds.pk}/confirm/")
    assert Contact.objects.get(pk=torvalds.pk).match == "confirmed"


def test_contacts_of_others_are_not_found(as_newcomer, client, grace):
    hopper = _imported(as_newcomer)["Hopper"]
    login(client, grace)
    assert client.get(f"/contacts/{hopper.pk}/invite/").status_code == 404
    assert client.post(f"/contacts/{hopper.pk}/confirm/").status_code == 404
    assert "Hopper" not in client.get("/contacts/").content.decode()
    assert Profile.objects.filter(pk=grace.pk).exists()


def test_after_a_refused_upload_the_form_still_posts(db, settings):
    """The refusal is answered before CSRF's middleware runs; its token must still be good."""
    from django.test import Client

    settings.KITH_IMPORT_MAX_BYTES = 10_000
    member = make_member("Ada Lovelace", email="ada@example.com")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get("/settings/import/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    big = upload("Connections.csv", "First Name,Last Name\n" + "Grace,Hopper\n" * 200_000)
    refused = client.post("/settings/import/", {"export": big, "csrfmiddlewaretoken": token})
    assert refused.status_code == 413
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', refused.content.decode())[1]
    settings.KITH_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    ok = client.post("/settings/import/", {"export": export_zip(), "csrfmiddlewaretoken": token})
    assert ok.status_code == 302, ok.content[:300]


def test_the_portability_forms_labels_carry_no_colons(as_newcomer):
    """Its forms are KithForms, like every form on the site."""
    for path in ("/settings/import/", "/settings/delete/"):
        page = as_newcomer.get(path).content.decode()
        assert "<label" in page and ":</label>" not in page, path
    response = as_newcomer.post("/settings/import/", {"export": export_zip()})
    preview = as_newcomer.get(response["Location"]).content.decode()
    assert "<label" in preview and ":</label>" not in preview
