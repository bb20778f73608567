"""`kith insightsquality [--members N --seed S]`: how well the recommendation separates spam.

Uses the demo community already in the database, or builds one (``kith demo``'s
builder) when there is none. Every open invitation (pending, or ignored within the
30 days the recipient keeps it) is judged from its recipient's point of view,
exactly as the triage inbox does, and compared with
the ground truth only the demo knows: spam-like accounts have email addresses at
``demo-spam.kith.localhost``. The scoring never sees email addresses.

Figures:
- spam caught: share of spam-like senders' invitations labelled "spam" (aim >= 90%);
- genuine mislabelled: share of genuine senders' invitations labelled "spam" (aim <= 2%);
- market strangers kept: share of genuine senders' invitations from strangers in the
  recipient's target market labelled "accept" or "talk_first".
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kith.demo.builder import DEMO_DOMAIN, SPAM_DOMAIN, build_demo, is_spam_email
from kith.graph import adapter
from kith.insights.scoring import SPAM_AT
from kith.insights.selectors import insights_for_invitations
from kith.members.models import User
from kith.network.models import Invitation
from kith.network.selectors import Box, invitations


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


class Command(BaseCommand):
    help = "Measure request insights on the demo community: spam caught, genuine senders mislabelled."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000, help="Members to build when there is no demo yet.")
        parser.add_argument("--seed", type=int, default=42, help="Seed for the demo built when there is none.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        has_demo = User.objects.filter(email__iendswith="@" + DEMO_DOMAIN).exists() or User.objects.filter(
            email__iendswith="@" + SPAM_DOMAIN
        ).exists()
        if not has_demo:
            result = build_demo(members=options["members"], seed=options["seed"])
            adapter.reset()
            if not options["json"]:
                self.stdout.write(f"Built a demo community: {result.members:,} members (seed {options['seed']}).")
        figures = self.evaluate()
        figures["seconds"] = round(time.monotonic() - started, 1)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        self.stdout.write(
            f"Judged {figures['invitations']:,} open invitations to {figures['recipients']:,} members "
            f"({figures['spam_invitations']:,} from spam-like senders) in {figures['seconds']} s.\n"
            f"  spam-like senders' invitations labelled spam: {_pct(figures['spam_caught'])} (aim >= 90%)\n"
            f"  genuine senders' invitations labelled spam:   {_pct(figures['genuine_mislabelled'])} (aim <= 2%)\n"
            f"  genuine strangers in the recipient's target market labelled accept or talk first: "
            f"{_pct(figures['market_strangers_kept'])} of {figures['market_strangers']:,}\n"
            f"  labels, genuine senders: {figures['labels_genuine']}\n"
            f"  labels, spam-like senders: {figures['labels_spam']}\n"
            f"  points: spam-like senders from {figures['spam_points_min']}, genuine senders up to "
            f"{figures['genuine_points_max']} (spam at {figures['spam_at']})"
        )

    def evaluate(self) -> dict[str, Any]:
        pending = Invitation.objects.filter(status__in=Invitation.OPEN)
        recipients = sorted(set(pending.values_list("recipient_id", flat=True)))
        spam_ids = {
            pk for pk, email in User.objects.filter(pk__in=pending.values("sender_id")).values_list("pk", "email")
            if is_spam_email(email)
        }
        labels: dict[bool, Counter] = defaultdict(Counter)
        points: dict[bool, list[float]] = defaultdict(list)
        market_total = market_kept = 0
        count = 0
        for member in User.objects.filter(pk__in=recipients).order_by("pk").iterator(chunk_size=500):
            boxes = [*invitations(member, Box.RECEIVED), *invitations(member, Box.IGNORED)]
            for insights in insights_for_invitations(member, boxes).values():
                spam = insights.profile.pk in spam_ids
                labels[spam][insights.recommendation] += 1
                points[spam].append(insights.score.points)
                count += 1
                if not spam and insights.target_market_match and insights.degree != 1:
                    market_total += 1
                    market_kept += insights.recommendation != "spam"
        spam_total, genuine_total = sum(labels[True].values()), sum(labels[False].values())
        return {
            "invitations": count,
            "recipients": len(recipients),
            "spam_invitations": spam_total,
            "spam_caught": _share(labels[True]["spam"], spam_total),
            "genuine_mislabelled": _share(labels[False]["spam"], genuine_total),
            "market_strangers": market_total,
            "market_strangers_kept": _share(market_kept, market_total),
            "labels_genuine": dict(labels[False]),
            "labels_spam": dict(labels[True]),
            # The margin around SPAM_AT: how close the two groups come to the line.
            "spam_points_min": min(points[True], default=None),
            "genuine_points_max": max(points[False], default=None),
            "spam_at": SPAM_AT,
        }
