"""Apps import only the apps below them: the layer order, asserted from the source.

Each Kith app is a floor. A module under kith/<app>/ may import (at module level or
inside a function, it makes no difference) only its own app and the apps on lower
floors; kith.core imports none. Templates compose pages across floors with
inclusion tags, so a lower app's page can show a higher app's section without its
Python importing it. Wiring modules (kith/settings.py, urls.py, api.py, asgi.py,
wsgi.py, celery.py) sit above every app.
"""

import ast
from pathlib import Path

import pytest

KITH = Path(__file__).resolve().parent.parent / "kith"

# Bottom to top.
LAYERS = [
    "core",
    "graph",
    "members",
    "notifications",
    "moderation",
    "network",
    "search",
    "messaging",
    "insights",
    "introductions",
    "posts",
    "groups",
    "portability",
    "demo",
]


def _imports(path: Path) -> set[str]:
    """The Kith apps a module imports (``kith.<app>…``), wherever the import statement is."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "kith" and len(parts) > 1 and (KITH / parts[1]).is_dir():
                found.add(parts[1])
    return found


def _apps() -> list[str]:
    return sorted(p.name for p in KITH.iterdir() if (p / "apps.py").exists() or (p / "__init__.py").exists() and p.name != "__pycache__")


def test_every_app_has_a_floor():
    missing = [app for app in _apps() if app not in LAYERS and app not in ("static", "templates")]
    assert not missing, f"Give these apps a place in LAYERS (tests/test_layers.py): {missing}"


@pytest.mark.parametrize("app", [a for a in LAYERS if (KITH / a).is_dir()])
def test_app_imports_only_lower_floors(app):
    floor = LAYERS.index(app)
    allowed = set(LAYERS[: floor + 1])
    wrong = []
    for path in sorted((KITH / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # historical model states name whatever models they relate to
        for imported in sorted(_imports(path) - allowed):
            wrong.append(f"{path.relative_to(KITH.parent)} imports kith.{imported}")
    assert not wrong, f"kith.{app} may import only {sorted(allowed)}:\n" + "\n".join(wrong)
