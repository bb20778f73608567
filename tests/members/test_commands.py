"""Operator commands: `kith addmember` and `kith importmembers`."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from kith.members.management.commands.importmembers import split_location
from kith.members.models import Position, Profile, User


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- addmember ----------------------------------------------------------------


def test_addmember_creates_a_member_who_can_log_in(db, client):
    out, _ = run("addmember", "ada@example.org", "--name", "Ada Lovelace", "--password", "s3cret-engine",
                 "--headline", "Analyst of engines")
    assert out.strip() == "ada-lovelace"
    user = User.objects.get(email="ada@example.org")
    assert user.profile.name == "Ada Lovelace"
    assert user.profile.headline == "Analyst of engines"
    assert not user.is_staff
    assert EmailAddress.objects.get(user=user).verified is False
    assert client.login(email="ada@example.org", password="s3cret-engine")


def test_addmember_verified_and_staff(db):
    run("addmember", "Grace@Example.org", "--name", "Grace Hopper", "--password", "pw-123456", "--verified", "--staff")
    user = User.objects.get(email="grace@example.org")
    assert user.is_staff
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary and address.email == "grace@example.org"


def test_addmember_without_password_leaves_it_unusable(db):
    run("addmember", "linus@example.org", "--name", "Linus Torvalds")
    assert not User.objects.get(email="linus@example.org").has_usable_password()


def test_addmember_duplicate_email_is_an_error_with_the_message(db):
    run("addmember", "ada@example.org", "--name", "Ada Lovelace", "--password", "pw-123456")
    with pytest.raises(CommandError, match="already exists") as exc:
        run("addmember", "ADA@example.org", "--name", "Ada Again", "--password", "pw-123456")
    assert exc.value.returncode == 1
    assert User.objects.count() == 1


def test_addmember_from_the_command_line_exits_1_without_traceback(db, capsys, monkeypatch):
    from django.core.management import ManagementUtility
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes the test DB

    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["kith", "addmember", "not-an-email", "--name", "X"]).execute()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "CommandError: Enter a valid email address." in err
    assert "Traceback" not in err
    assert not Profile.objects.exists()


# --- importmembers --------------------------------------------------------------

CSV = """\
email,name,headline,company,title,location
ada@example.org,Ada Lovelace,Analyst of engines,Analytical Engines Ltd,Head of Analysis,"London, England, United Kingdom"
not-an-email,Bad Email,,,,
grace@example.org,,Nameless,,,
grace@example.org,Grace Hopper,Compiler pioneer,US Navy,Rear Admiral,"Arlington, United States"
ADA@example.org,Ada Duplicate,,,,

linus@example.org,Linus Torvalds,,,,Portland
"""


@time_machine.travel("2025-03-14 12:00:00Z", tick=False)
def test_importmembers_imports_good_rows_and_reports_bad_ones_by_line(db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(CSV)
    out, err = run("importmembers", str(path), "--verified")

    assert out.strip() == "imported 3, skipped 3"
    assert err.splitlines() == [
        "line 3: Enter a valid email address.",
        "line 4: Name: this field is required.",
        "line 6: A member with that email address already exists.",
    ]
    assert set(User.objects.values_list("email", flat=True)) == {
        "ada@example.org", "grace@example.org", "linus@example.org"
    }
    ada = Profile.objects.get(user__email="ada@example.org")
    assert (ada.city, ada.region, ada.country) == ("London", "England", "United Kingdom")
    assert ada.headline == "Analyst of engines"
    position = Position.objects.get(profile=ada)
    assert (position.company, position.title, position.is_current, position.end) == (
        "Analytical Engines Ltd", "Head of Analysis", True, None
    )
    assert position.start == date(2025, 3, 1)
    assert ada.completeness > 0  # recomputed by the actions
    grace = Profile.objects.get(user__email="grace@example.org")
    assert (grace.name, grace.city, grace.region, grace.country) == ("Grace Hopper", "Arlington", "", "United States")
    assert Profile.objects.get(user__email="linus@example.org").city == "Portland"
    assert not Position.objects.filter(profile__user__email="linus@example.org").exists()
    assert EmailAddress.objects.filter(verified=True).count() == 3
    # Without --password, imported members set theirs through password reset.
    assert not User.objects.get(email="ada@example.org").has_usable_password()


def test_importmembers_row_failing_after_create_leaves_nothing_half_written(db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("email,name,company,title,start\nada@example.org,Ada Lovelace,Acme,,2021-13\n")
    _, err = run("importmembers", str(path))
    assert err.startswith("line 2: ")
    assert not User.objects.exists()


def test_importmembers_optional_start_and_password(db, tmp_path, client):
    path = tmp_path / "members.csv"
    path.write_text("email,name,company,title,start,industry\nada@example.org,Ada Lovelace,Acme,CTO,2019-04,Software Development\n")
    out, _ = run("importmembers", str(path), "--password", "imported-pw-1")
    assert out.strip() == "imported 1, skipped 0"
    assert Position.objects.get().start == date(2019, 4, 1)
    assert Profile.objects.get().industry == "software-development"
    assert client.login(email="ada@example.org", password="imported-pw-1")


def test_importmembers_strict_exits_1_when_a_row_was_skipped(db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("email,name\nada@example.org,Ada Lovelace\nbad,Bad\n")
    with pytest.raises(CommandError) as exc:
        run("importmembers", str(path), "--strict")
    assert exc.value.returncode == 1
    assert User.objects.count() == 1  # the good row stays imported


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty"),
        ("name,headline\nAda,x\n", "missing column 'email'"),
        ("email,name,phone\n", "unknown column 'phone'"),
    ],
)
def test_importmembers_wrong_header_exits_2(db, tmp_path, content, message):
    path = tmp_path / "members.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message) as exc:
        run("importmembers", str(path))
    assert exc.value.returncode == 2


def test_importmembers_missing_file_exits_2(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as exc:
        run("importmembers", str(tmp_path / "nope.csv"))
    assert exc.value.returncode == 2


def test_split_location():
    assert split_location("Lyon, Auvergne-Rhône-Alpes, France") == {
        "city": "Lyon", "region": "Auvergne-Rhône-Alpes", "country": "France"
    }
    assert split_location(" Berlin ,Germany") == {"city": "Berlin", "country": "Germany"}
    assert split_location("Remote") == {"city": "Remote"}
    assert split_location("") == {}
