"""The weekly "Reach my market" email: new members in my market and who can introduce me.

Opt-in (MarketDigestPreference.weekly). What it names is what the market page would
show: members the viewer may match on (``market.market_ids``), introducers and chains
from ``selectors`` (hidden lists and blocks applied there).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kith.core.email import send_member_email
from kith.graph import adapter
from kith.introductions import market, selectors
from kith.introductions.models import MarketDigestPreference
from kith.members.models import Profile, User

WEEK = timedelta(days=7)
MOST = 10  # members named in one email


def due(now: datetime | None = None) -> list[int]:
    """Members whose weekly email is due."""
    now = now or timezone.now()
    return list(
        MarketDigestPreference.objects.filter(weekly=True, member__is_active=True)
        .exclude(last_sent_at__gt=now - WEEK)
        .values_list("member_id", flat=True)
    )


def lines_for(member: User, *, since: datetime) -> list[str]:
    """One line per new member in the market (newest first): who, and who can introduce."""
    ids = market.market_ids(member).tolist()
    fresh = list(
        Profile.objects.filter(pk__in=ids, user__date_joined__gt=since).order_by("-user__date_joined").values_list("pk", flat=True)[:MOST]
    )
    if not fresh:
        return []
    badges = adapter.degrees_of(member.pk, fresh)
    intro = selectors.introducers_for_many(member, [i for i in fresh if badges[i] == 2], k=1)
    chains = selectors.chains_for_many(member, [i for i in fresh if badges[i] == 3], k=1)
    profiles = Profile.objects.filter(pk__in=fresh).in_bulk()
    out = []
    for pid in fresh:
        p = profiles[pid]
        line = f"{p.name}" + (f", {p.headline}" if p.headline else "")
        if intro.get(pid):
            line += f" — {intro[pid][0].profile.name} can introduce you"
        elif chains.get(pid):
            line += f" — {chains[pid][0].first.name} can start an introduction"
        elif badges[pid] == 1:
            line += " — already a connection"
        out.append(line)
    return out


def send_digest(member_id: int, *, now: datetime | None = None) -> bool:
    """Send one member's weekly email if it is due and has something to say; idempotent
    within the week (the preference row is locked and stamped)."""
    now = now or timezone.now()
    with transaction.atomic():
        pref = MarketDigestPreference.objects.select_for_update(of=("self",)).select_related("member__profile").filter(member_id=member_id, weekly=True).first()
        if pref is None or not pref.member.is_active or (pref.last_sent_at and pref.last_sent_at > now - WEEK):
            return False
        since = pref.last_sent_at or now - WEEK
        pref.last_sent_at = now
        pref.save(update_fields=["last_sent_at"])
    lines = lines_for(pref.member, since=since)
    if not lines:
        return False
    base = getattr(settings, "KITH_SITE_URL", "").rstrip("/")
    send_member_email(
        to=pref.member.email,
        name=pref.member.profile.name,
        subject=f"{len(lines)} new in your market",
        template="introductions/email/market_digest.txt",
        context={"lines": lines, "url": base + reverse("introductions:market"), "site_name": settings.SITE_NAME},
    )
    return True
