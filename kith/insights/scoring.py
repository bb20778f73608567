"""The recommendation on a request: a transparent score over a few facts, with reasons.

Not a model. Every signal is a named weight below, added up in plain sight:
positive points lean towards "Looks like spam", negative points towards trust.
Each signal that fires contributes one sentence to the reasons, so the member
sees exactly what produced the recommendation.

- ``spam`` — the points reach ``SPAM_AT``. No single profile signal can get
  there alone (a brand-new, empty profile with no mutual connections scores 5):
  it takes behaviour too — many invitations, refusals, reports, a restriction or
  a note that reads like spam. Any rule of the automatic holds
  (``kith.moderation.holds``) that fires for the sender is spam on its own
  (``hold_rules``): the holds and the label decide from the same evidence.
- ``accept`` — the points stay under ``ACCEPT_BELOW``, the profile is decent
  (``DECENT_PROFILE_AT`` complete, with work history), there is a reason to
  connect (mutual connections, the viewer's target market, shared history) and
  no warning sign (``WARNINGS``: reports, a restriction, refusals, a spammy note,
  mass invitations) however much else speaks for them.
- ``talk_first`` — everything else: a decent stranger you have nothing in
  common with yet, or an account with a warning sign or two.

The weights were set by reasoning about what each signal means and checked on
the demo community (``kith insightsquality``), using behaviour and profile
signals only: nothing that a real deployment would not have.

>>> facts = Facts(account_age_days=1, completeness=5, has_positions=False, invitations_30d=200)
>>> score(facts).recommendation
'spam'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "ACCEPT",
    "SPAM",
    "TALK_FIRST",
    "LABELS",
    "Facts",
    "Score",
    "Signal",
    "note_flags",
    "score",
]

ACCEPT = "accept"
TALK_FIRST = "talk_first"
SPAM = "spam"
LABELS = {ACCEPT: "Worth accepting", TALK_FIRST: "Talk first", SPAM: "Looks like spam"}
ORDER = {ACCEPT: 0, TALK_FIRST: 1, SPAM: 2}

# --- thresholds ----------------------------------------------------------------------------
SPAM_AT = 6.0  # points at or above: "Looks like spam"
ACCEPT_BELOW = 2.5  # points below (with a decent profile and a relation): "Worth accepting"
DECENT_PROFILE_AT = 50  # % complete, with at least one position

# --- the account -----------------------------------------------------------------------------
NEW_ACCOUNT_DAYS = 7
W_NEW_ACCOUNT = 2.0  # joined this week: spam accounts are thrown away and made anew
YOUNG_ACCOUNT_DAYS = 30
W_YOUNG_ACCOUNT = 1.0
ESTABLISHED_DAYS = 365
W_ESTABLISHED = -1.0  # a year of membership is costly to fake
THIN_PROFILE_BELOW = 40  # % complete
W_THIN_PROFILE = 1.5
W_NO_POSITIONS = 1.0  # a professional network profile without any work history
W_DECENT_PROFILE = -0.5
W_UNVERIFIED_EMAIL = 0.5

# --- behaviour over the last 30 days --------------------------------------------------------------
HIGH_VOLUME_30D = 50  # invitations sent; ordinary members send a handful a month
W_HIGH_VOLUME = 2.5
BUSY_VOLUME_30D = 20
W_BUSY_VOLUME = 1.0
LOW_ACCEPTANCE_MIN_ANSWERED = 5  # fewer answers say nothing about the rate
LOW_ACCEPTANCE_BELOW = 0.25
W_LOW_ACCEPTANCE = 1.5
DECLINED_MIN = 3  # "I don't know this person" or reported
DECLINED_SHARE = 0.2  # of the answered ones
W_DECLINED = 2.0

# --- what others and moderators said ---------------------------------------------------------------
W_REPORTS_SOME = 1.5
W_REPORTS_MANY = 3.0
W_RESTRICTED = 3.0  # the network's own standing rule already caught them
# The automatic holds' rules (kith.moderation.holds: velocity, declined share, near-duplicate notes,
# links to strangers, distinct reporters) fire for them now: any one is spam on its own (``score``
# says so whatever the other points), as any one holds the account. One rule for both, read from
# holds.evidence_for_members (the rules firing now, and those behind a hold not yet reviewed).
W_HOLD_RULES = SPAM_AT

# --- how the two relate -----------------------------------------------------------------------
W_NO_MUTUALS = 0.5
W_ONE_MUTUAL = -1.0
MANY_MUTUALS = 3
W_MANY_MUTUALS = -2.0
W_SHARED_HISTORY = -1.5  # worked together, studied at the same school

# --- the note --------------------------------------------------------------------------------
W_SPAMMY_NOTE = 2.5
W_PERSONAL_NOTE = -0.5

# What makes a note read like spam: (pattern, what the reason calls it).
NOTE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|io|biz|xyz|info|ru|top|click)\b", re.I), "a link"),
    (
        re.compile(
            r"\bcrypto|\bbitcoin|\bforex\b|\bnft\b|investment opportunit|passive income|financial freedom"
            r"|guaranteed|\d+\s?% returns|\bearn \$?\d|6 figures|six figures|\bwhatsapp\b|\btelegram\b"
            r"|\bdm me\b|business proposal|trusted partner|\d+ leads\b|leads guaranteed",
            re.I,
        ),
        "money or sales pitch",
    ),
]
# Signals that rule out "Worth accepting" on their own: talk first instead.
WARNINGS = frozenset({"hold_rules", "reports_some", "reports_many", "restricted", "declined", "low_acceptance", "high_volume", "spammy_note"})

ALL_CAPS_MIN_LETTERS = 12
ALL_CAPS_SHARE = 0.7


@dataclass(frozen=True)
class Facts:
    """What the score looks at for one member, as seen by one viewer."""

    account_age_days: int = 0
    # False for a connections-only profile seen by a non-connection: its completeness
    # and work history are not the viewer's to see, so they give no signal (a signal's
    # text would say what the profile hides).
    profile_visible: bool = True
    completeness: int = 0
    has_positions: bool = False
    verified_email: bool = True
    invitations_30d: int = 0
    answered_30d: int = 0
    accepted_30d: int = 0
    declined_30d: int = 0  # answered "I don't know this person" or reported
    reports: str = "none"  # "none" | "some" | "many"
    restricted: bool = False
    hold_signals: tuple[str, ...] = ()  # the sentences of the hold rules that fire for them now
    connected: bool = False
    mutual_count: int = 0
    target_market_match: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()  # plain-words shared history ("Worked at Acme at the same time as you")
    note: str = ""

    @property
    def acceptance_rate_30d(self) -> float | None:
        return self.accepted_30d / self.answered_30d if self.answered_30d else None


@dataclass(frozen=True)
class Signal:
    """One fired signal: its points (positive leans spam) and its sentence."""

    key: str
    points: float
    reason: str


@dataclass(frozen=True)
class Score:
    recommendation: str
    points: float
    signals: list[Signal] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.recommendation]

    @property
    def reasons(self) -> list[str]:
        """The sentences behind the recommendation, the ones that pushed it that way first."""
        towards_spam = self.recommendation == SPAM

        def pull(s: Signal) -> float:
            points = -1.0 if s.key == "target_market" else s.points  # a relation, though it adds no points
            return -points if towards_spam else points

        ranked = sorted(self.signals, key=pull)
        return [s.reason for s in ranked]


def note_flags(note: str) -> list[str]:
    """What in a note reads like spam ("a link", "money or sales pitch", "all capitals")."""
    flags = [what for pattern, what in NOTE_PATTERNS if pattern.search(note or "")]
    letters = [c for c in note or "" if c.isalpha()]
    if len(letters) >= ALL_CAPS_MIN_LETTERS and sum(c.isupper() for c in letters) / len(letters) >= ALL_CAPS_SHARE:
        flags.append("all capitals")
    return flags


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _age(days: int) -> str:
    if days <= 0:
        return "Joined today"
    return f"Joined {_plural(days, 'day')} ago"


def _signals(f: Facts) -> list[Signal]:
    out: list[Signal] = []
    add = out.append

    # The account.
    if f.account_age_days < NEW_ACCOUNT_DAYS:
        add(Signal("new_account", W_NEW_ACCOUNT, _age(f.account_age_days)))
    elif f.account_age_days < YOUNG_ACCOUNT_DAYS:
        add(Signal("young_account", W_YOUNG_ACCOUNT, _age(f.account_age_days)))
    elif f.account_age_days >= ESTABLISHED_DAYS:
        years = f.account_age_days // 365
        add(Signal("established", W_ESTABLISHED, f"Member for {_plural(years, 'year')}"))
    decent = f.profile_visible and f.completeness >= DECENT_PROFILE_AT and f.has_positions
    if f.profile_visible and f.completeness < THIN_PROFILE_BELOW:
        add(Signal("thin_profile", W_THIN_PROFILE, f"Profile only {f.completeness}% complete"))
    if f.profile_visible and not f.has_positions:
        add(Signal("no_positions", W_NO_POSITIONS, "No work history on their profile"))
    if decent:
        add(Signal("decent_profile", W_DECENT_PROFILE, f"Profile {f.completeness}% complete, with work history"))
    if not f.verified_email:
        add(Signal("unverified_email", W_UNVERIFIED_EMAIL, "Email address not verified"))

    # Behaviour.
    if f.invitations_30d >= HIGH_VOLUME_30D:
        add(Signal("high_volume", W_HIGH_VOLUME, f"Sent {f.invitations_30d} invitations in the last 30 days"))
    elif f.invitations_30d >= BUSY_VOLUME_30D:
        add(Signal("busy_volume", W_BUSY_VOLUME, f"Sent {f.invitations_30d} invitations in the last 30 days"))
    rate = f.acceptance_rate_30d
    if rate is not None and f.answered_30d >= LOW_ACCEPTANCE_MIN_ANSWERED and rate < LOW_ACCEPTANCE_BELOW:
        add(
            Signal(
                "low_acceptance",
                W_LOW_ACCEPTANCE,
                f"Only {round(rate * 100)}% of their answered invitations in the last 30 days were accepted",
            )
        )
    if f.declined_30d >= DECLINED_MIN and f.answered_30d and f.declined_30d / f.answered_30d >= DECLINED_SHARE:
        add(
            Signal(
                "declined",
                W_DECLINED,
                f"{_plural(f.declined_30d, 'member')} answered “I don't know this person” or reported "
                "their invitations in the last 30 days",
            )
        )

    # Others and moderators.
    if f.reports == "many":
        add(Signal("reports_many", W_REPORTS_MANY, "Many members have reported them"))
    elif f.reports == "some":
        add(Signal("reports_some", W_REPORTS_SOME, "Some members have reported them"))
    if f.hold_signals:
        add(Signal("hold_rules", W_HOLD_RULES, "Caught by the automatic spam rules: " + "; ".join(f.hold_signals)))
    if f.restricted:
        add(
            Signal(
                "restricted",
                W_RESTRICTED,
                "Restricted from inviting strangers: too many of their invitations were declined or reported",
            )
        )

    # How you relate.
    if f.connected:
        add(Signal("connected", W_MANY_MUTUALS, "Already one of your connections"))
    elif f.mutual_count >= MANY_MUTUALS:
        add(Signal("mutuals", W_MANY_MUTUALS, f"{f.mutual_count} mutual connections"))
    elif f.mutual_count >= 1:
        add(Signal("mutuals", W_ONE_MUTUAL, f"{_plural(f.mutual_count, 'mutual connection')}"))
    else:
        add(Signal("no_mutuals", W_NO_MUTUALS, "No mutual connections"))
    if f.shared:
        add(Signal("shared_history", W_SHARED_HISTORY, "; ".join(f.shared)))
    if f.target_market_match:
        add(Signal("target_market", 0.0, "In your target market (" + ", ".join(f.target_market_match) + ")"))

    # The note.
    flags = note_flags(f.note)
    if flags:
        add(Signal("spammy_note", W_SPAMMY_NOTE, "The note reads like spam (" + ", ".join(flags) + ")"))
    elif f.note.strip():
        add(Signal("personal_note", W_PERSONAL_NOTE, "Wrote you a note"))
    return out


def score(facts: Facts) -> Score:
    """The recommendation for ``facts`` with every signal that produced it.

    Adds up the fired signals' points; see the module docstring for the rule.
    """
    signals = _signals(facts)
    points = round(sum(s.points for s in signals), 2)
    decent = facts.profile_visible and facts.completeness >= DECENT_PROFILE_AT and facts.has_positions
    related = bool(facts.connected or facts.mutual_count or facts.target_market_match or facts.shared)
    if points >= SPAM_AT or facts.hold_signals:  # a hold rule is spam however decent the profile
        recommendation = SPAM
    elif points < ACCEPT_BELOW and decent and related and not any(s.key in WARNINGS for s in signals):
        recommendation = ACCEPT
    else:
        recommendation = TALK_FIRST
        if not related:
            signals.append(
                Signal("unknown", 0.0, "Nothing in common with you yet")
            )
        elif not decent:
            signals.append(Signal("thin", 0.0, "Too little on their profile to judge"))
    return Score(recommendation, points, signals)
