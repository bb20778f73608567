"""The scoring function on its own: crafted facts, the recommendation and its reasons."""

import pytest

from kith.insights.scoring import (
    ACCEPT,
    SPAM,
    SPAM_AT,
    TALK_FIRST,
    Facts,
    note_flags,
    score,
)

DECENT = {"account_age_days": 800, "completeness": 85, "has_positions": True}


def test_day_old_empty_profile_that_sent_200_invitations_is_spam():
    result = score(Facts(account_age_days=1, completeness=0, has_positions=False, invitations_30d=200))
    assert result.recommendation == SPAM
    assert result.label == "Looks like spam"
    assert result.reasons[:2] == ["Sent 200 invitations in the last 30 days", "Joined 1 day ago"]
    assert "Profile only 0% complete" in result.reasons
    assert "No work history on their profile" in result.reasons
    assert "No mutual connections" in result.reasons


def test_stranger_in_target_market_with_three_mutuals_and_a_note_is_worth_accepting():
    result = score(
        Facts(**DECENT, mutual_count=3, target_market_match=("industry", "location"), note="We met at the Summit.")
    )
    assert result.recommendation == ACCEPT
    assert result.label == "Worth accepting"
    assert result.reasons[:2] == ["3 mutual connections", "Member for 2 years"]
    assert "In your target market (industry, location)" in result.reasons
    assert "Wrote you a note" in result.reasons


def test_stranger_outside_target_market_without_mutuals_but_with_a_note_is_talk_first():
    result = score(Facts(**DECENT, note="Hello Ada, I enjoyed your talk."))
    assert result.recommendation == TALK_FIRST
    assert result.label == "Talk first"
    assert "No mutual connections" in result.reasons
    assert "Nothing in common with you yet" in result.reasons


def test_a_new_empty_profile_alone_is_not_spam():
    """Profile signals alone never reach the bar: a new member who has not filled in
    their profile yet gets "talk first", not a spam label."""
    result = score(Facts(account_age_days=0, completeness=10, has_positions=False, invitations_30d=1))
    assert result.points < SPAM_AT
    assert result.recommendation == TALK_FIRST
    assert "Joined today" in result.reasons


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"restricted": True}, "Restricted from inviting strangers: too many of their invitations were declined or reported"),
        ({"reports": "many"}, "Many members have reported them"),
        ({"note": "Guaranteed 300% returns in 30 days. DM me now."}, "The note reads like spam (money or sales pitch)"),
    ],
)
def test_behaviour_tips_a_thin_new_account_into_spam(extra, reason):
    result = score(Facts(account_age_days=2, completeness=20, has_positions=False, **extra))
    assert result.recommendation == SPAM
    assert reason in result.reasons


def test_refusals_and_low_acceptance_count_against_a_sender():
    facts = Facts(account_age_days=20, completeness=30, has_positions=False, invitations_30d=60,
                  answered_30d=40, accepted_30d=2, declined_30d=12)
    result = score(facts)
    assert result.recommendation == SPAM
    assert "Only 5% of their answered invitations in the last 30 days were accepted" in result.reasons
    assert "12 members answered “I don't know this person” or reported their invitations in the last 30 days" in result.reasons
    assert facts.acceptance_rate_30d == 0.05


def test_mutuals_do_not_make_a_thin_profile_worth_accepting():
    result = score(Facts(account_age_days=400, completeness=30, has_positions=False, mutual_count=5))
    assert result.recommendation == TALK_FIRST
    assert "Too little on their profile to judge" in result.reasons


def test_a_warning_sign_keeps_a_related_decent_profile_at_talk_first():
    result = score(Facts(**DECENT, mutual_count=1, reports="some", invitations_30d=25))
    assert result.recommendation == TALK_FIRST
    assert "Some members have reported them" in result.reasons


def test_shared_history_is_a_relation():
    result = score(Facts(**DECENT, shared=("Worked at Acme at the same time as you",)))
    assert result.recommendation == ACCEPT
    assert "Worked at Acme at the same time as you" in result.reasons


@pytest.mark.parametrize(
    ("note", "flags"),
    [
        ("Check www.example.biz for more", ["a link"]),
        ("see https://x.y/z", ["a link"]),
        ("I help professionals earn passive income with crypto signals.", ["money or sales pitch"]),
        ("HELLO FRIEND CONNECT WITH ME NOW", ["all capitals"]),
        ("Hi Ada, we met at the London Fintech Meetup and talked about Python.", []),
        ("Hello Ada, we're neighbours in London and both in Investment Management.", []),
        ("", []),
    ],
)
def test_note_flags(note, flags):
    assert note_flags(note) == flags


def test_a_hold_rule_is_spam_on_its_own_however_decent_the_profile():
    facts = Facts(
        account_age_days=400, completeness=95, has_positions=True, mutual_count=1, note="Hi Anna, let's connect!",
        hold_signals=("the same note, or nearly, to 6 strangers",),
    )
    result = score(facts)
    assert result.points < SPAM_AT and result.recommendation == SPAM
    assert result.reasons[0] == "Caught by the automatic spam rules: the same note, or nearly, to 6 strangers"
