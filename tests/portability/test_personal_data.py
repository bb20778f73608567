"""The personal-data contract: every table holding member data is some app's to export and erase.

A new model with a foreign key to the member (directly, through their profile, or through
another such model) must be in an app's ``personal_data.MODELS`` (or ``KEPT``, with the
reason it outlives the account), and a member who has used every feature must have rows
in it and see them in their export: tests/portability/everyone.py builds that member.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db.models import Model, Q

from kith.members.models import User
from kith.portability import actions
from kith.portability.models import DataExport
from kith.portability.personal_data_registry import providers
from tests.portability.everyone import use_everything


def member_paths(model: type[Model], *, depth: int = 4) -> list[str]:
    """Lookups from ``model`` to the member: "sender", "profile__user", "market__profile__user"…"""
    if model is User:
        return ["pk"]
    if depth == 0:
        return []
    paths = []
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is None or target is model:
            continue
        if target is User:
            paths.append(field.name)
        else:
            paths.extend(f"{field.name}__{p}" for p in member_paths(target, depth=depth - 1) if p != "pk")
    return paths


def models_with_member_data() -> list[type[Model]]:
    return sorted((m for m in apps.get_models() if member_paths(m)), key=lambda m: m._meta.label)


def declared() -> tuple[dict[type[Model], str], dict[type[Model], str]]:
    listed, kept = {}, {}
    for provider in providers():
        listed.update({m: provider.app for m in provider.models})
        kept.update({m: provider.app for m in provider.kept})
    return listed, kept


def test_every_table_holding_member_data_is_some_apps_to_export_and_erase():
    listed, kept = declared()
    missing = [m._meta.label for m in models_with_member_data() if m not in listed and m not in kept]
    assert not missing, (
        f"These models hold member data but no app's personal_data.py lists them in MODELS (or KEPT): {missing}. "
        "Add them to kith/<app>/personal_data.py with their export and erase (see kith.portability.personal_data_registry)."
    )


def test_the_walk_finds_tables_through_the_profile_and_beyond():
    labels = {m._meta.label for m in models_with_member_data()}
    assert {"members.Position", "members.TargetMarketTerm", "messaging.Message", "account.EmailConfirmation"} <= labels
    assert "members.Skill" not in labels  # a skill is nobody's


def test_every_provider_keeps_the_contract():
    found = {p.app for p in providers()}
    assert {"members", "network", "notifications", "moderation", "search", "messaging", "insights", "portability"} <= found
    for provider in providers():
        assert callable(provider.module.export) and callable(provider.module.erase), provider.app
        assert not set(provider.models) & set(provider.kept), f"{provider.app}: a model is both erased and kept"


@pytest.fixture
def community(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return use_everything()


def test_a_member_who_used_everything_has_rows_in_every_table_of_member_data(community):
    listed, _ = declared()
    empty = []
    for model in listed:
        where = Q()
        for path in member_paths(model):
            where |= Q(**{path: community.ada.pk})
        if not model._default_manager.filter(where).exists():
            empty.append(model._meta.label)
    assert not empty, f"tests/portability/everyone.py does not use these yet (make ada use them): {empty}"


def test_the_export_holds_every_section_with_rows(community):
    export = DataExport.objects.filter(member=community.ada).latest("pk")
    assert export.status == DataExport.Status.READY
    with zipfile.ZipFile(io.BytesIO(actions.export_file(export).read_bytes())) as archive:
        names = set(archive.namelist())
        document = json.loads(archive.read("data.json"))
        readme = archive.read("README.txt").decode()
    assert document["format"] == "kith-data-export" and document["member"]["handle"] == community.ada.profile.handle
    empty = []
    for provider in providers():
        for section, about in provider.sections.items():
            rows = document["sections"][provider.app][section]
            if not rows and section != "data_exports":  # the export being built lists those before it
                empty.append(f"{provider.app}.{section}")
            assert f"csv/{provider.app}/{section}.csv" in names
            assert f"{provider.app}.{section}" in readme and about in readme
        assert set(document["sections"][provider.app]) == set(provider.sections), provider.app
    assert not empty, f"These sections of the export are empty for a member who used everything: {empty}"
