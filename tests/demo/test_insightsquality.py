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


def test_kind_of_reads_the_ground_truth_from_the_address_and_the_note():
    from kith.demo.management.commands.insightsquality import kind_of
    from kith.demo.management.commands.spamsim import HIJACK_NOTES

    assert kind_of("careful3@spamsim.kith.localhost", "Hi Anna, ...") == "careful"
    assert kind_of("blatant0@spamsim.kith.localhost", "") == "blatant"
    assert kind_of("genuine12@spamsim.kith.localhost", "") == "genuine"
    assert kind_of("genuine12@spamsim.kith.localhost", HIJACK_NOTES[0], hijacked=True) == "hijacked"
    assert kind_of("genuine12@spamsim.kith.localhost", "We met in Leeds", hijacked=True) == "hijacked_before"
    assert kind_of("ada@example.com", HIJACK_NOTES[0], hijacked=True) == "genuine"


@pytest.mark.slow
@pytest.mark.moderation_rules
@pytest.mark.django_db
def test_insightsquality_on_a_spamsim_community_reports_each_kind():
    call_command("spamsim", members=150, seed=3, weeks=2, json=True, stdout=StringIO())
    out = StringIO()
    call_command("insightsquality", json=True, stdout=out)
    figures = json.loads(out.getvalue())
    assert not figures.get("built")  # judged the spamsim community, did not build a demo
    kinds = figures["by_kind"]
    assert {"careful", "genuine"} <= set(kinds)
    assert kinds["careful"]["invitations"] > 0
    for f in kinds.values():  # quality is measured at 1,000 members (bench/RESULTS.md), not here
        assert 0 <= f["spam_share"] <= 1 and f["senders"] >= 1
    assert figures["spam_invitations"] == sum(kinds[k]["invitations"] for k in kinds if k in ("blatant", "careful", "hijacked"))
