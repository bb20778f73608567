"""`kith insightsquality [--members N --seed S]`: how well the recommendation separates spam.

Uses the demo community already in the database — or the community ``kith spamsim``
left in it (``@spamsim.kith.localhost`` addresses) — or builds one (``kith demo``'s
builder) when there is none. Every open invitation (pending, or ignored within the
30 days the recipient keeps it) is judged from its recipient's point of view,
exactly as the triage inbox does, and compared with
the ground truth only the demo knows: spam-like accounts have email addresses at
``demo-spam.kith.localhost``; in a spamsim community the address says the kind
(``blatant3@``, ``careful7@``, ``hijacked…`` is a genuine account whose invitations with
a spam note are spam, and its earlier ones are counted apart). The scoring never sees
email addresses. Figures are also given per kind (``by_kind``).

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
from kith.demo.management.commands.spamsim import DOMAIN as SPAMSIM_DOMAIN
from kith.demo.management.commands.spamsim import HIJACK_NOTES
from kith.graph import adapter
from kith.insights.scoring import SPAM_AT
from kith.insights.selectors import insights_for_invitations
from kith.members.models import User
from kith.network.models import Invitation
from kith.network.selectors import Box, invitations

SPAM_KINDS = ("spam", "blatant", "careful", "hijacked")


def kind_of(email: str, note: str, *, hijacked: bool = False) -> str:
    """The ground truth for one invitation: "genuine", "spam" (the demo's spam-like accounts), or a
    spamsim kind: "blatant", "careful", "hijacked" (a taken-over account's spam note) or
    "hijacked_before" (what the account sent before it was taken over). ``hijacked``: the sender
    is a spamsim account that sent a hijacker's note (its address is a genuine member's)."""
    if is_spam_email(email):
        return "spam"
    local, _, domain = email.lower().partition("@")
    if domain != SPAMSIM_DOMAIN:
        return "genuine"
    if hijacked:
        return "hijacked" if note in HIJACK_NOTES else "hijacked_before"
    kind = local.rstrip("0123456789")
    return kind if kind in ("blatant", "careful") else "genuine"


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
        has_demo = any(User.objects.filter(email__iendswith="@" + d).exists() for d in (DEMO_DOMAIN, SPAM_DOMAIN, SPAMSIM_DOMAIN))
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
        if set(figures["by_kind"]) - {"genuine", "spam"}:
            for kind, f in sorted(figures["by_kind"].items()):
                self.stdout.write(
                    f"  {kind:16} {f['invitations']:5,} invitations from {f['senders']:4,} senders, labelled spam "
                    f"{_pct(f['spam_share'])} ({f['labels']})"
                )

    def evaluate(self) -> dict[str, Any]:
        pending = Invitation.objects.filter(status__in=Invitation.OPEN)
        recipients = sorted(set(pending.values_list("recipient_id", flat=True)))
        emails = dict(User.objects.filter(pk__in=pending.values("sender_id")).values_list("pk", "email"))
        labels: dict[bool, Counter] = defaultdict(Counter)
        hijacked = set(
            Invitation.objects.filter(note__in=HIJACK_NOTES, sender__email__iendswith="@" + SPAMSIM_DOMAIN).values_list("sender_id", flat=True)
        )
        by_kind: dict[str, Counter] = defaultdict(Counter)
        senders: dict[str, set[int]] = defaultdict(set)
        points: dict[bool, list[float]] = defaultdict(list)
        market_total = market_kept = 0
        count = 0
        for member in User.objects.filter(pk__in=recipients).order_by("pk").iterator(chunk_size=500):
            boxes = [*invitations(member, Box.RECEIVED), *invitations(member, Box.IGNORED)]
            judged = insights_for_invitations(member, boxes)
            for invitation in boxes:
                insights = judged.get(invitation.pk)
                if insights is None:
                    continue
                kind = kind_of(emails.get(invitation.sender_id, ""), invitation.note, hijacked=invitation.sender_id in hijacked)
                by_kind[kind][insights.recommendation] += 1
                senders[kind].add(invitation.sender_id)
                if kind not in SPAM_KINDS and kind != "genuine":
                    continue  # neither spam nor genuine: a hijacked account's invitations before the takeover
                spam = kind in SPAM_KINDS
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
            "by_kind": {
                kind: {
                    "invitations": sum(c.values()),
                    "senders": len(senders[kind]),
                    "labels": dict(c),
                    "spam_share": _share(c["spam"], sum(c.values())),
                }
                for kind, c in by_kind.items()
            },
        }
