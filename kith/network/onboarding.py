"""The first steps on home for a member with few connections.

``onboarding_for(member)`` says which steps are left, in the order that helps a
newcomer most: finish the profile (the fields that feed People You May Know
first), connect with suggested people, say what they are open to and who they
want to reach, find colleagues at their company, and import from LinkedIn once
that feature exists. Each step is gone once it is done; past
``FEW_CONNECTIONS`` connections the whole path is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from kith.members.actions import completeness_parts
from kith.members.models import OpenTo, Position, Profile, TargetMarket, User, term_key
from kith.members.selectors import blocked_ids, with_full_profile
from kith.network import selectors
from kith.network.graph_selectors import Suggestion, people_you_may_know

__all__ = ["CONNECT_GOAL", "FEW_CONNECTIONS", "Colleagues", "Onboarding", "onboarding_for"]

FEW_CONNECTIONS = 10  # the path shows below this many connections
CONNECT_GOAL = 5  # connections and pending invitations that make "connect" done
SUGGESTED = 5  # suggestions the connect step shows

# Profile parts in the order they improve suggestions (kith.members.affinity looks
# people up by company, city, industry and school), with what to do and where.
PROFILE_STEPS = [
    ("position", "Add where you work now", "members:position_add", ""),
    ("location", "Say which city you are in", "members:edit", "#intro"),
    ("industry", "Choose your industry", "members:edit", "#intro"),
    ("education", "Add where you studied", "members:education_add", ""),
    ("headline", "Write a headline that says what you do", "members:edit", "#intro"),
]


@dataclass(frozen=True)
class Step:
    label: str
    url: str


@dataclass(frozen=True)
class Colleagues:
    company: str
    count: int
    url: str


@dataclass
class Onboarding:
    connections: int
    invited: int
    profile_steps: list[Step] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    needs_open_to: bool = False
    needs_target_market: bool = False
    colleagues: list[Colleagues] = field(default_factory=list)
    import_url: str | None = None

    @property
    def connect_left(self) -> int:
        return max(0, CONNECT_GOAL - self.connections - self.invited)

    @property
    def connect(self) -> bool:
        return bool(self.connect_left and self.suggestions)

    @property
    def steps_left(self) -> int:
        return sum(
            (bool(self.profile_steps), self.connect, self.needs_open_to or self.needs_target_market, bool(self.colleagues), bool(self.import_url))
        )

    def __bool__(self) -> bool:
        return self.steps_left > 0


def _import_url() -> str | None:
    """The LinkedIn import page, once the portability app provides one."""
    try:
        return reverse("portability:import")
    except NoReverseMatch:
        return None


def _colleagues(member: User, profile: Profile, invited_ids: set[int], connected_ids: set[int]) -> list[Colleagues]:
    """The member's current companies with colleagues to find: members there now whose
    company the member may see, while none of them is a connection or invited yet."""
    companies = list(Position.objects.filter(profile=profile, is_current=True).values_list("company", flat=True))
    out = []
    hidden = blocked_ids(member)
    for company in dict.fromkeys(c.strip() for c in companies):
        there = set(
            Position.objects.annotate(key=Lower("company"))
            .filter(key=term_key(company), is_current=True, profile__user__is_active=True)
            .filter(profile__in=with_full_profile(member, Profile.objects.exclude(pk=member.pk)))
            .values_list("profile_id", flat=True)
        ) - hidden
        if there and not there & (invited_ids | connected_ids):
            url = reverse("search:people") + "?" + urlencode({"company": company})
            out.append(Colleagues(company, len(there), url))
    return out


def onboarding_for(member: User) -> Onboarding:
    """The steps left for ``member`` (falsy when none is, or past FEW_CONNECTIONS)."""
    connected_ids = set(selectors.connections(member).values_list("other_id", flat=True)[:FEW_CONNECTIONS])
    if len(connected_ids) >= FEW_CONNECTIONS:
        return Onboarding(len(connected_ids), 0)
    invited_ids = set(selectors.sent_pending(member).values_list("recipient_id", flat=True))
    profile = Profile.objects.get(pk=member.pk)
    parts = completeness_parts(profile)
    path = Onboarding(len(connected_ids), len(invited_ids))
    path.profile_steps = [Step(label, reverse(name) + anchor) for part, label, name, anchor in PROFILE_STEPS if not parts[part]]
    if path.connect_left:
        path.suggestions = people_you_may_know(member, k=SUGGESTED)
    path.needs_open_to = not OpenTo.objects.filter(profile=profile).exists()
    market = TargetMarket.objects.filter(profile=profile).first()
    path.needs_target_market = market is None or market.is_empty
    path.colleagues = _colleagues(member, profile, invited_ids, connected_ids)
    path.import_url = _import_url()
    return path
