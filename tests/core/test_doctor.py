"""`kith doctor`: the registry, the command's report and its exit status."""

import pytest
from django.core.management import CommandError, call_command

from kith.core import doctor as registry
from kith.members.models import Profile
from tests.factories import make_member


def test_every_app_with_invariants_contributes_its_checks():
    names = {c.name for c in registry.checks()}
    assert {"members.profiles", "network.connections", "network.event_log", "messaging.unread", "search.index"} <= names


def test_a_check_is_chosen_by_name_or_by_app(db):
    assert [r.check.name for r in registry.run(["network.event_log"])] == ["network.event_log"]
    assert {r.check.name.split(".")[0] for r in registry.run(["network"])} == {"network"}
    with pytest.raises(LookupError, match="No check named nope"):
        registry.run(["nope"])


def test_clean_database_passes_and_says_so(db, capsys):
    make_member("Ada Lovelace")
    call_command("doctor", "--check", "members")
    out = capsys.readouterr().out
    assert "ok    members.profiles" in out and "All 3 checks passed." in out


def test_violations_are_printed_and_the_command_fails(db, capsys):
    ada = make_member("Ada Lovelace")
    grace = make_member("Grace Hopper")
    Profile.objects.filter(pk__in=[ada.pk, grace.pk]).update(completeness=99)
    with pytest.raises(CommandError, match="2 violations in 1 of 1 checks"):
        call_command("doctor", "--check", "members.completeness", "--limit", "1")
    out = capsys.readouterr().out
    assert "FAIL  members.completeness" in out
    assert f"- profile {ada.pk} (@{ada.profile.handle}): completeness 99%" in out
    assert "… and 1 more" in out


def test_list_names_every_check(capsys):
    call_command("doctor", "--list")
    out = capsys.readouterr().out
    assert "network.event_log" in out and "The connection event log replays" in out
