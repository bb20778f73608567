"""Editing the profile through its pages: the intro, positions, education, skills, photo."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kith.members import actions
from kith.members.models import Education, Position, Profile, ProfileSkill

HTMX = {"HX-Request": "true"}

INTRO = {
    "name": "Ada King", "headline": "Countess and analyst", "about": "Notes on the Analytical Engine.",
    "city": "London", "region": "England", "country": "United Kingdom", "industry": "banking",
}


def _png(width: int = 640, height: int = 480, colour: str = "teal") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def _profile(member) -> Profile:
    return Profile.objects.get(pk=member.pk)


# --- intro ------------------------------------------------------------------------------------


def test_edit_page_shows_every_section(as_ada, ada):
    html = as_ada.get(reverse("members:edit")).content.decode()
    for anchor in ['id="intro"', 'id="photo"', 'id="experience"', 'id="education"', 'id="skills"']:
        assert anchor in html
    assert 'value="Ada Lovelace"' in html


def test_edit_intro(as_ada, ada):
    response = as_ada.post(reverse("members:edit"), INTRO)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:edit") + "#intro"
    profile = _profile(ada)
    assert (profile.name, profile.headline, profile.city, profile.region, profile.country, profile.industry) == (
        "Ada King", "Countess and analyst", "London", "England", "United Kingdom", "banking",
    )
    assert profile.about == "Notes on the Analytical Engine."
    assert "Intro saved." in as_ada.get(response["Location"]).content.decode()


def test_edit_intro_with_htmx_returns_the_section(as_ada, ada):
    response = as_ada.post(reverse("members:edit"), INTRO, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="intro"')
    assert "<html" not in html and "site-header" not in html
    assert "Intro saved." in html
    assert 'hx-swap-oob="true"' in html  # the completeness meter follows
    assert _profile(ada).name == "Ada King"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "   "}, "name", "required"),
        ({"name": ""}, "name", "required"),
        ({"headline": "x" * 221}, "headline", "at most 220 characters"),
        ({"industry": "astrology"}, "industry", "Select a valid choice"),
    ],
)
def test_bad_intro_is_refused_on_the_field_and_nothing_is_written(as_ada, ada, change, field, message):
    before = _profile(ada)
    response = as_ada.post(reverse("members:edit"), {**INTRO, **change})
    assert response.status_code == 422
    form = response.context["intro_form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    after = _profile(ada)
    assert (after.name, after.headline, after.industry, after.city) == (before.name, before.headline, before.industry, before.city)


def test_bad_intro_with_htmx_comes_back_200_with_errors(as_ada, ada):
    response = as_ada.post(reverse("members:edit"), {**INTRO, "name": ""}, headers=HTMX)
    assert response.status_code == 200  # htmx swaps 2xx only
    html = response.content.decode()
    assert "<html" not in html and 'class="errorlist' in html and 'aria-invalid="true"' in html
    assert _profile(ada).name == "Ada Lovelace"


# --- positions ----------------------------------------------------------------------------------


POSITION = {"title": "Analyst", "company": "Analytical Engines Ltd", "location": "London",
            "start": "2021-03", "end": "", "is_current": "on", "description": "Programs."}


def test_add_edit_delete_a_position(as_ada, ada):
    assert as_ada.get(reverse("members:position_add")).status_code == 200
    response = as_ada.post(reverse("members:position_add"), POSITION)
    assert response.status_code == 302
    position = Position.objects.get(profile_id=ada.pk)
    assert (position.title, position.company, position.start, position.end, position.is_current) == (
        "Analyst", "Analytical Engines Ltd", date(2021, 3, 1), None, True,
    )

    edit_url = reverse("members:position_edit", args=[position.pk])
    page = as_ada.get(edit_url).content.decode()
    assert 'value="2021-03"' in page and 'type="month"' in page
    response = as_ada.post(edit_url, {**POSITION, "title": "Lead analyst", "is_current": "", "end": "2023-11"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title, position.end, position.is_current) == ("Lead analyst", date(2023, 11, 1), False)

    response = as_ada.post(reverse("members:position_delete", args=[position.pk]))
    assert response.status_code == 302
    assert not Position.objects.filter(profile_id=ada.pk).exists()


def test_position_ending_before_it_starts_is_refused(as_ada, ada):
    response = as_ada.post(reverse("members:position_add"), {**POSITION, "is_current": "", "start": "2022-05", "end": "2021-01"})
    assert response.status_code == 422
    assert response.context["entry_form"].errors
    assert not Position.objects.filter(profile_id=ada.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start": "March 2021"}, "start"),
        ({"start": ""}, "start"),
        ({"is_current": "", "end": ""}, "end"),
        ({"title": ""}, "title"),
        ({"company": "x" * 121}, "company"),
    ],
)
def test_bad_position_is_refused_on_the_field(as_ada, ada, change, field):
    response = as_ada.post(reverse("members:position_add"), {**POSITION, **change})
    assert response.status_code == 422
    assert field in response.context["entry_form"].errors
    assert not Position.objects.filter(profile_id=ada.pk).exists()


def test_position_htmx_flow_returns_the_section(as_ada, ada):
    response = as_ada.get(reverse("members:position_add"), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="experience"') and "<form" in html and "<html" not in html

    response = as_ada.post(reverse("members:position_add"), POSITION, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Position added." in html and "Analytical Engines Ltd" in html
    assert "<html" not in html

    position = Position.objects.get(profile_id=ada.pk)
    response = as_ada.post(reverse("members:position_edit", args=[position.pk]), {**POSITION, "start": "nope"}, headers=HTMX)
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()

    response = as_ada.get(reverse("members:positions"), headers=HTMX)  # Cancel
    assert "<form class=\"entry-form\"" not in response.content.decode()

    response = as_ada.post(reverse("members:position_delete", args=[position.pk]), headers=HTMX)
    assert response.status_code == 200 and "Position deleted." in response.content.decode()
    assert not Position.objects.exists()


def test_cannot_touch_someone_elses_position(as_ada, grace):
    position = actions.add_position(grace, company="Navy", title="Rear admiral", start="1943-01", is_current=True)
    assert as_ada.get(reverse("members:position_edit", args=[position.pk])).status_code == 404
    assert as_ada.post(reverse("members:position_edit", args=[position.pk]), POSITION).status_code == 404
    assert as_ada.post(reverse("members:position_delete", args=[position.pk])).status_code == 404
    position.refresh_from_db()
    assert position.title == "Rear admiral"


# --- education ------------------------------------------------------------------------------------


def test_add_edit_delete_education(as_ada, ada):
    data = {"school": "University of London", "degree": "BSc", "field": "Mathematics", "start_year": "2015", "end_year": "2018"}
    assert as_ada.post(reverse("members:education_add"), data).status_code == 302
    education = Education.objects.get(profile_id=ada.pk)
    assert (education.school, education.start_year, education.end_year) == ("University of London", 2015, 2018)

    response = as_ada.post(reverse("members:education_edit", args=[education.pk]), {**data, "degree": "MSc", "end_year": ""})
    assert response.status_code == 302
    education.refresh_from_db()
    assert (education.degree, education.end_year) == ("MSc", None)

    assert as_ada.post(reverse("members:education_delete", args=[education.pk])).status_code == 302
    assert not Education.objects.filter(profile_id=ada.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"end_year": "2010"}, "end_year"), ({"start_year": "soon"}, "start_year"), ({"school": ""}, "school")],
)
def test_bad_education_is_refused(as_ada, ada, change, field):
    data = {"school": "UCL", "degree": "", "field": "", "start_year": "2015", "end_year": "2018", **change}
    response = as_ada.post(reverse("members:education_add"), data)
    assert response.status_code == 422
    assert field in response.context["entry_form"].errors
    assert not Education.objects.filter(profile_id=ada.pk).exists()


# --- skills --------------------------------------------------------------------------------------


def test_skills_are_normalized_and_deduplicated(as_ada, ada):
    response = as_ada.post(reverse("members:skills"), {"skills": "Python,  python , C++\nSupply   chain management, PYTHON, "})
    assert response.status_code == 302
    names = list(
        ProfileSkill.objects.filter(profile_id=ada.pk).order_by("order").values_list("skill__name", flat=True)
    )
    assert names == ["Python", "C++", "Supply chain management"]
    keys = set(ProfileSkill.objects.filter(profile_id=ada.pk).values_list("skill__key", flat=True))
    assert keys == {"python", "c-plus-plus", "supply-chain-management"}
    page = as_ada.get(reverse("members:edit")).content.decode()
    assert "Python, C++, Supply chain management" in page


def test_skills_htmx_returns_the_section(as_ada, ada):
    response = as_ada.post(reverse("members:skills"), {"skills": "Mathematics"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card" id="skills"')
    assert "Skills saved." in html and "<html" not in html


# --- photo --------------------------------------------------------------------------------------------


def test_photo_upload_is_resized_to_a_square_jpeg(as_ada, ada):
    response = as_ada.post(reverse("members:photo"), {"photo": _png(640, 480)})
    assert response.status_code == 302
    profile = _profile(ada)
    assert profile.photo.name.endswith(".jpg")
    with Image.open(profile.photo.path) as stored:
        assert stored.format == "JPEG" and stored.size == (400, 400)
    html = as_ada.get(reverse("members:profile", args=[profile.handle])).content.decode()
    assert profile.photo.url in html


def test_photo_remove(as_ada, ada):
    as_ada.post(reverse("members:photo"), {"photo": _png()})
    assert _profile(ada).photo
    assert as_ada.post(reverse("members:photo_remove")).status_code == 302
    assert not _profile(ada).photo


def test_a_renamed_non_image_is_refused(as_ada, ada):
    fake = SimpleUploadedFile("me.png", b"%PDF-1.4 definitely not a picture", content_type="image/png")
    response = as_ada.post(reverse("members:photo"), {"photo": fake})
    assert response.status_code == 422
    assert "not an image" in " ".join(response.context["photo_form"].errors["photo"])
    assert not _profile(ada).photo


def test_an_oversized_photo_is_refused(as_ada, ada, settings):
    big = SimpleUploadedFile("big.png", b"\0" * (settings.KITH_PROFILE_PHOTO_MAX_BYTES + 1), content_type="image/png")
    response = as_ada.post(reverse("members:photo"), {"photo": big})
    assert response.status_code == 422
    assert "larger than" in " ".join(response.context["photo_form"].errors["photo"])
    assert not _profile(ada).photo


def test_photo_errors_via_htmx_stay_in_the_section(as_ada, ada):
    fake = SimpleUploadedFile("me.png", b"GIF89a nope", content_type="image/png")
    response = as_ada.post(reverse("members:photo"), {"photo": fake}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="card" id="photo"')
    assert "not an image" in html


def test_completeness_rises_as_the_profile_fills(as_ada, ada):
    before = _profile(ada).completeness
    as_ada.post(reverse("members:position_add"), POSITION)
    as_ada.post(reverse("members:skills"), {"skills": "a, b, c"})
    assert _profile(ada).completeness == before + 20 + 15
