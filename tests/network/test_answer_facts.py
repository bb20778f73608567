"""The network's answer counts for the automatic holds: many members in one query give what
one member at a time gives (kith.moderation.holds.register_answer_facts_many)."""

from datetime import timedelta

from django.utils import timezone

from kith.moderation import holds
from kith.network import actions, selectors
from tests.factories import make_member


def test_answers_for_many_members_match_one_at_a_time(db, django_assert_max_num_queries):
    senders = [make_member(f"Sender {i}") for i in range(3)]
    recipients = [make_member(f"Recipient {i}") for i in range(4)]
    for i, sender in enumerate(senders):
        for j, recipient in enumerate(recipients[: i + 2]):
            invitation = actions.send_invitation(sender, to=recipient)
            if (i + j) % 2:
                actions.accept_invitation(invitation, recipient)
            else:
                actions.ignore_invitation(invitation, recipient)
    now = timezone.now()
    since = {senders[0].pk: now - timedelta(days=1), senders[1].pk: now - timedelta(seconds=0), senders[2].pk: now - timedelta(days=30)}
    with django_assert_max_num_queries(1):
        many = selectors.answers_since_many(since)
    assert many == {s.pk: selectors.answers_since(s, since[s.pk]) for s in senders}
    assert many[senders[1].pk] == (0, 0) and many[senders[2].pk][0] == 4
    assert holds._answer_facts_many is selectors.answers_since_many  # what the holds ask
