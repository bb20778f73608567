"""Extra PostgreSQL databases for drills that run Kith in other processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest


@contextmanager
def fresh_database(purpose: str) -> Iterator[str]:
    """The URL of a new, empty database beside the test database (<its name>_<purpose>_<pid>),
    dropped afterwards. Skips the test when the suite is not running on PostgreSQL."""
    base = os.environ.get("KITH_TEST_DATABASE_URL", "")
    if not base.startswith("postgres"):
        pytest.skip("needs PostgreSQL (KITH_TEST_DATABASE_URL)")
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_{purpose}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
