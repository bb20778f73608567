"""Member data across the apps: the personal-data contract and its discovery.

Every app that stores member data has ``kith/<app>/personal_data.py`` with:

- ``MODELS``: the models holding member data (rows that reference a member, directly or
  through their profile). tests/portability/test_personal_data.py walks every installed
  model and fails on one that is in no app's ``MODELS`` or ``KEPT``;
- ``KEPT`` (optional): ``{model: why}`` for models that reference a member but outlive
  the account on purpose (an audit row, the graph's event log);
- ``SECTIONS``: ``{section: what it holds}``, the sections ``export`` returns, for the
  export's README;
- ``export(user) -> dict[str, list[dict]]``: JSON-able rows, the member's own data as
  they may see it (other members as the member may see them);
- ``erase(user) -> None``: what deleting the account does to that app's rows, through
  the app's actions.

Portability sits above every app but the demo, so it finds them by module name instead
of importing them: a new app is picked up by adding its ``personal_data.py``.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db import models

__all__ = ["Provider", "providers", "export_all", "erase_all"]


@dataclass(frozen=True)
class Provider:
    app: str  # the app's label: "members", "network"…
    module: ModuleType

    @property
    def models(self) -> list[type[models.Model]]:
        return list(getattr(self.module, "MODELS", []))

    @property
    def kept(self) -> dict[type[models.Model], str]:
        return dict(getattr(self.module, "KEPT", {}))

    @property
    def sections(self) -> dict[str, str]:
        return dict(getattr(self.module, "SECTIONS", {}))

    def export(self, user) -> dict[str, list[dict[str, Any]]]:
        return self.module.export(user)

    def erase(self, user) -> None:
        self.module.erase(user)


def providers() -> list[Provider]:
    """Every installed Kith app's personal_data module, in INSTALLED_APPS order (lowest app first)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kith."):
            continue
        name = f"{config.name}.personal_data"
        if importlib.util.find_spec(name) is None:
            continue
        found.append(Provider(app=config.label, module=importlib.import_module(name)))
    return found


def export_all(user) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """``{app: {section: rows}}`` for every app that holds member data."""
    return {p.app: p.export(user) for p in providers()}


def erase_all(user) -> None:
    """Each app's erase, highest app first: members (the account itself) goes last, so
    apps above it can still read the profile while they erase their rows."""
    for provider in reversed(providers()):
        provider.erase(user)
