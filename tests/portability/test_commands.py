"""Operator commands: `kith importlinkedin EXPORT.zip --member EMAIL`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kith.members.models import Position, Profile
from kith.portability.models import Contact
from tests.portability.exports import FILES, zip_bytes


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def export_path(tmp_path):
    path = tmp_path / "Basic_LinkedInDataExport.zip"
    path.write_bytes(zip_bytes(FILES))
    return path


def test_importlinkedin_imports_on_a_members_behalf(ada, export_path):
    out, err = run("importlinkedin", str(export_path), "--member", "ADA@example.com")
    assert "Positions.csv: read" in out and "Company Follows.csv: not imported" in out
    assert "positions: 3 added" in out and err == ""
    assert Position.objects.filter(profile_id=ada.pk).count() == 3
    assert Contact.objects.filter(owner=ada).count() == 5
    assert Profile.objects.get(pk=ada.pk).about.startswith("Notes on the engine.")
    again, _ = run("importlinkedin", str(export_path), "--member", "ada@example.com")
    assert "Nothing to change" in again


def test_importlinkedin_dry_run_and_skip_contacts(ada, export_path):
    out, _ = run("importlinkedin", str(export_path), "--member", "ada@example.com", "--dry-run")
    assert "Dry run: nothing changed." in out and not Position.objects.exists()
    run("importlinkedin", str(export_path), "--member", "ada@example.com", "--skip-contacts")
    assert Position.objects.exists() and not Contact.objects.exists()


def test_importlinkedin_refuses_what_the_page_refuses(ada, tmp_path):
    evil = tmp_path / "evil.zip"
    evil.write_bytes(zip_bytes({"../../Connections.csv": "x"}))
    with pytest.raises(CommandError) as info:
        run("importlinkedin", str(evil), "--member", "ada@example.com")
    assert info.value.returncode == 2 and "path leaves the archive" in str(info.value)
    with pytest.raises(CommandError) as info:
        run("importlinkedin", str(evil), "--member", "nobody@example.com")
    assert info.value.returncode == 2
    with pytest.raises(CommandError) as info:
        run("importlinkedin", str(tmp_path / "missing.zip"), "--member", "ada@example.com")
    assert info.value.returncode == 2
