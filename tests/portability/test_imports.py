"""Importing an export: the preview, applying each mode, and importing the same export twice."""

from __future__ import annotations

import pytest
from django.core import serializers

from kith.core.errors import KithError, NotFound
from kith.members import actions as member_actions
from kith.members.models import Education, Position, Profile, ProfileSkill
from kith.portability import actions, preview
from kith.portability.archive import UploadRefused
from kith.portability.models import Contact, LinkedInImport
from tests.factories import make_member
from tests.portability import exports
from tests.portability.exports import FILES, export_zip, upload

ALL_MERGE = {"profile": "merge", "positions": "merge", "education": "merge", "skills": "merge",
             "languages": "merge", "contacts": "merge"}
ALL_REPLACE = {**{k: "replace" for k in ALL_MERGE}, "languages": "merge"}


@pytest.fixture
def newcomer(db):
    return make_member("Ada Lovelace", email="ada@example.com")


def snapshot(member) -> str:
    """Everything the import may write for a member, serialized (ids, timestamps and all)."""
    profile = Profile.objects.get(pk=member.pk)
    rows = [profile, *Position.objects.filter(profile=profile), *Education.objects.filter(profile=profile),
            *ProfileSkill.objects.filter(profile=profile), *Contact.objects.filter(owner=member)]
    return serializers.serialize("json", rows)


def sections(linkedin_import):
    return preview.preview(linkedin_import).sections


def test_the_preview_writes_nothing_but_the_import(newcomer):
    before = snapshot(newcomer)
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    assert snapshot(newcomer) == before
    assert linkedin_import.status == LinkedInImport.Status.PREVIEW
    plan = sections(linkedin_import)
    assert plan["profile"].counts == {"new": 4, "same": 1, "conflict": 0, "only_kith": 0}  # the name is already there
    assert plan["positions"].counts["new"] == 3
    assert plan["skills"].counts["new"] == 3
    assert plan["contacts"].counts["new"] == 5


def test_uploading_the_same_export_again_finds_the_same_import(newcomer):
    first = actions.start_linkedin_import(newcomer, [export_zip()])
    again = actions.start_linkedin_import(newcomer, [export_zip(folder="Export/")])  # same content, packed differently
    assert again.pk == first.pk
    assert LinkedInImport.objects.filter(member=newcomer).count() == 1


def test_an_upload_with_nothing_kith_imports_is_refused(newcomer):
    with pytest.raises(KithError) as info:
        actions.start_linkedin_import(newcomer, [export_zip({"Company Follows.csv": "Organization\nX\n"})])
    assert info.value.code == "nothing_to_import"
    assert not LinkedInImport.objects.exists()


def test_a_hostile_upload_writes_nothing(newcomer):
    with pytest.raises(UploadRefused):
        actions.start_linkedin_import(newcomer, [upload("export.zip", exports.zip_bytes({"../../x.csv": "a"}))])
    assert not LinkedInImport.objects.exists()


def test_merge_fills_the_profile(newcomer):
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    result = actions.apply_import(newcomer, linkedin_import.pk, ALL_MERGE)
    profile = Profile.objects.get(pk=newcomer.pk)
    assert (profile.headline, profile.industry, profile.city, profile.country) == (
        "Analyst of engines", "software-development", "London", "United Kingdom")
    assert profile.about.startswith("Notes on the engine.")
    assert [(p.company, p.is_current) for p in Position.objects.filter(profile=profile)] == [
        ("Analytical Engines", True), ("Difference Engine Company", False), ("Royal Society", False)]
    assert sorted(Education.objects.filter(profile=profile).values_list("school", flat=True)) == [
        "Home schooling", "University of London"]
    skills = [s.name for s in profile.skills.order_by("profileskill__order")]
    assert skills == ["Mathematics", "Poetry", "C++", "English", "French"]
    assert Contact.objects.filter(owner=newcomer).count() == 5
    assert result.changes["positions"] == {"added": 3, "updated": 0, "removed": 0}
    assert result.problems == []
    assert profile.completeness == 100 - 10  # everything but a photo
    linkedin_import.refresh_from_db()
    assert linkedin_import.status == LinkedInImport.Status.APPLIED and linkedin_import.applied_at


@pytest.mark.parametrize("choices", [ALL_MERGE, ALL_REPLACE], ids=["merge", "replace"])
def test_importing_the_same_export_twice_changes_nothing(newcomer, choices):
    actions.apply_import(newcomer, actions.start_linkedin_import(newcomer, [export_zip()]).pk, choices)
    before = snapshot(newcomer)
    again = actions.start_linkedin_import(newcomer, [export_zip()])
    result = actions.apply_import(newcomer, again.pk, choices)
    assert snapshot(newcomer) == before
    assert not result.changed_anything
    plan = sections(again)
    assert all(not s.changes for s in plan.values() if s.key != "languages"), {k: s.counts for k, s in plan.items()}


def test_merge_keeps_what_kith_has_and_replace_takes_the_export(newcomer):
    member_actions.update_profile(newcomer, headline="Countess of Lovelace")
    member_actions.add_position(newcomer, company="Analytical Engines", title="Analyst", start="2022-10",
                                is_current=True, description="My own words")
    member_actions.add_position(newcomer, company="Babbage & Co", title="Apprentice", start="2010-01", end="2011-01")
    member_actions.set_skills(newcomer, ["Horses"])
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    plan = sections(linkedin_import)
    headline = next(i for i in plan["profile"].items if i.key == "headline")
    assert (headline.state, headline.current, headline.incoming) == ("conflict", "Countess of Lovelace", "Analyst of engines")
    analyst = next(i for i in plan["positions"].items if i.label == "Analyst at Analytical Engines")
    assert (analyst.state, analyst.differences) == ("conflict", ["location", "description"])
    assert plan["positions"].count("only_kith") == 1

    actions.apply_import(newcomer, linkedin_import.pk, {"profile": "merge", "positions": "merge", "skills": "merge"})
    profile = Profile.objects.get(pk=newcomer.pk)
    assert profile.headline == "Countess of Lovelace"
    assert Position.objects.get(profile=profile, title="Analyst").description == "My own words"
    assert Position.objects.filter(profile=profile).count() == 4
    assert [s.name for s in profile.skills.order_by("profileskill__order")] == ["Horses", "Mathematics", "Poetry", "C++"]

    actions.apply_import(newcomer, linkedin_import.pk, {"profile": "replace", "positions": "replace", "skills": "replace"})
    profile = Profile.objects.get(pk=newcomer.pk)
    assert profile.headline == "Analyst of engines"
    assert Position.objects.get(profile=profile, title="Analyst").description == "Wrote the notes, and the first programme."
    assert not Position.objects.filter(profile=profile, company="Babbage & Co").exists()
    assert [s.name for s in profile.skills.order_by("profileskill__order")] == ["Mathematics", "Poetry", "C++"]


def test_skip_leaves_a_section_alone(newcomer):
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    actions.apply_import(newcomer, linkedin_import.pk, {"positions": "merge"})  # the others are skipped
    profile = Profile.objects.get(pk=newcomer.pk)
    assert Position.objects.filter(profile=profile).count() == 3
    assert profile.headline == "" and not profile.skills.exists()
    assert not Contact.objects.filter(owner=newcomer).exists()


def test_replace_empties_nothing_the_export_leaves_empty(newcomer):
    member_actions.update_profile(newcomer, about="My story")
    files = dict(FILES, **{"Profile.csv": exports.PROFILE.replace('"Notes on the engine.\n\nSecond paragraph, with a comma."', "")})
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip(files)])
    actions.apply_import(newcomer, linkedin_import.pk, {"profile": "replace"})
    assert Profile.objects.get(pk=newcomer.pk).about == "My story"


def test_contacts_replace_removes_contacts_no_longer_in_the_export(newcomer):
    actions.apply_import(newcomer, actions.start_linkedin_import(newcomer, [export_zip()]).pk, {"contacts": "merge"})
    smaller = dict(FILES, **{"Invitations.csv": "From,To,Sent At,Message,Direction\n"})
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip(smaller)])
    actions.apply_import(newcomer, linkedin_import.pk, {"contacts": "merge"})
    assert Contact.objects.filter(owner=newcomer).count() == 5
    result = actions.apply_import(newcomer, linkedin_import.pk, {"contacts": "replace"})
    assert result.changes["contacts"]["removed"] == 2
    assert sorted(Contact.objects.filter(owner=newcomer).values_list("last_name", flat=True)) == ["Babbage", "Hopper", "Torvalds"]


def test_unknown_sections_and_modes_are_refused_before_anything_is_written(newcomer):
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    before = snapshot(newcomer)
    with pytest.raises(KithError) as info:
        actions.apply_import(newcomer, linkedin_import.pk, {"positions": "merge", "photos": "merge"})
    assert info.value.field == "sections.photos"
    with pytest.raises(KithError) as info:
        actions.apply_import(newcomer, linkedin_import.pk, {"languages": "replace"})
    assert info.value.message == "Languages (added to your skills): choose one of merge, skip."
    assert snapshot(newcomer) == before


def test_a_row_a_member_action_refuses_is_reported_and_the_rest_applied(newcomer, settings):
    files = dict(FILES, **{"Positions.csv": exports.POSITIONS + "Engines," + "T" * 119 + ",,,2030,\n"})
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip(files)])
    # The parser keeps a start in 2030 (it is within 1900–2100); the profile takes it too. Force a refusal instead:
    linkedin_import.data["sections"]["positions"][0]["start"] = "2022-13"
    linkedin_import.save()
    result = actions.apply_import(newcomer, linkedin_import.pk, {"positions": "merge"})
    assert result.problems == ["Analyst at Analytical Engines: Start: use a month like 2021-03."]
    assert Position.objects.filter(profile_id=newcomer.pk).count() == 3


def test_someone_elses_import_is_not_found(newcomer, grace):
    linkedin_import = actions.start_linkedin_import(newcomer, [export_zip()])
    with pytest.raises(NotFound):
        actions.apply_import(grace, linkedin_import.pk, ALL_MERGE)


def test_the_sample_export_fills_a_cv(newcomer):
    linkedin_import = actions.start_linkedin_import(newcomer, [exports.sample_zip()])
    result = actions.apply_import(newcomer, linkedin_import.pk, preview.preview(linkedin_import).defaults)
    profile = Profile.objects.get(pk=newcomer.pk)
    assert profile.headline.startswith("Analytical Engineer")
    assert Position.objects.filter(profile=profile).count() == 11
    assert profile.skills.count() == 50  # the sample has 60; a profile holds 50
    assert Contact.objects.filter(owner=newcomer).count() == 2006
    assert result.problems == []
