"""`kith doctor`'s registry: invariants the database must hold, each checked by the app that owns it.

An app declares its checks in ``<app>/doctor.py``::

    from kith.core.doctor import check

    @check("messaging.unread", "Each unread counter equals the unread messages it counts")
    def unread_counters():
        for participant in ...:
            yield f"member {participant.member_id} in conversation {participant.conversation_id}: ..."

A check yields one plain sentence per violation (which rows, what is wrong) and nothing
when the data is sound; it only reads. ``run`` imports every installed app's ``doctor``
module (as the admin finds ``admin`` modules), so this module imports no app: the apps
import it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

CheckFunction = Callable[[], Iterable[str]]


@dataclass(frozen=True)
class Check:
    name: str  # "<app>.<what>", stable: `kith doctor --check <name>`
    description: str  # the invariant, as a sentence
    function: CheckFunction


@dataclass
class Result:
    check: Check
    violations: list[str] = field(default_factory=list)
    more: int = 0  # violations found beyond the ones kept

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def count(self) -> int:
        return len(self.violations) + self.more


_CHECKS: dict[str, Check] = {}


def check(name: str, description: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; re-registering a name replaces it (modules may be re-imported)."""

    def register(function: CheckFunction) -> CheckFunction:
        _CHECKS[name] = Check(name, description, function)
        return function

    return register


def checks() -> list[Check]:
    """Every registered check, in name order, after importing each app's ``doctor`` module."""
    autodiscover_modules("doctor")
    return [_CHECKS[name] for name in sorted(_CHECKS)]


def run(names: Iterable[str] | None = None, *, keep: int = 20) -> list[Result]:
    """Run the checks (all, or those named or prefixed: "network" runs network.*), keeping
    the first ``keep`` violations of each and counting the rest."""
    chosen = checks()
    if names is not None:
        wanted = list(names)
        unknown = [n for n in wanted if not any(c.name == n or c.name.startswith(n + ".") for c in chosen)]
        if unknown:
            raise LookupError(f"No check named {', '.join(unknown)}; see `kith doctor --list`.")
        chosen = [c for c in chosen if any(c.name == n or c.name.startswith(n + ".") for n in wanted)]
    results = []
    for item in chosen:
        found: Iterator[str] = iter(item.function())
        kept = list(itertools.islice(found, keep))
        results.append(Result(item, kept, sum(1 for _ in found)))
    return results
