"""`kith spamsim`: a small community runs through the real actions and every kind is reported."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kith.moderation.models import Restriction
from kith.network.models import Invitation
from tests.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.moderation_rules]  # the holds at their defaults


def test_spamsim_reports_each_kind_with_figures_in_range():
    out = StringIO()
    call_command("spamsim", members=150, seed=3, weeks=2, json=True, stdout=out)
    figures = json.loads(out.getvalue())
    for kind in ("blatant", "careful", "hijacked"):
        f = figures[kind]
        assert f["spammers"] >= 3
        assert 0 <= f["held_before_20th"] <= 1
        assert 0 <= f["held"] <= f["spammers"]
        assert f["median_sent"] >= 0
        if f["held"]:
            assert f["median_sent_before_hold"] >= 1
    g = figures["genuine"]
    assert g["members"] >= 100 and g["invitations"] > 0
    assert 0 <= g["held_per_1000"] <= 1000
    # the figures come from the database the actions wrote
    assert Invitation.objects.exists()
    held = Restriction.objects.filter(kind=Restriction.Kind.HOLD).count()
    assert held == sum(figures[k]["held"] for k in ("blatant", "careful", "hijacked")) + g["held"]
    assert figures["blatant"]["held"] >= 1  # the rules are on here: the same note to everyone is held
    # Reports fall at simulated moments (file_report reads the patched clock), never after the end.
    from datetime import timedelta

    from django.utils import timezone

    from kith.moderation.models import Report

    first = Report.objects.order_by("created_at").values_list("created_at", flat=True).first()
    assert first is not None and first < timezone.now() - timedelta(days=1)


def test_spamsim_refuses_a_database_with_members():
    make_member("Ada Lovelace")
    with pytest.raises(CommandError, match="--reset"):
        call_command("spamsim", members=150, seed=1, weeks=1)
