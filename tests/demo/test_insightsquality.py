"""`kith insightsquality` on a small demo community."""

import json
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.slow
@pytest.mark.django_db
def test_insightsquality_builds_a_demo_and_reports_the_figures():
    out = StringIO()
    call_command("insightsquality", members=400, seed=3, json=True, stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["spam_invitations"] > 50
    assert figures["spam_caught"] >= 0.9
    assert figures["genuine_mislabelled"] is None or figures["genuine_mislabelled"] <= 0.02
    assert set(figures) >= {"market_strangers", "market_strangers_kept", "labels_genuine", "labels_spam"}
