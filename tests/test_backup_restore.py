"""README.md's "Backup and restore", run as written: back up a small community, restore it into a
fresh database, and `kith doctor` passes on it with the same row counts."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.databases import fresh_database

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parents[1] / "README.md"
BIN = str(Path(sys.executable).parent)


def documented() -> dict[str, list[str]]:
    """The section's shell blocks, by the comment that heads each part ("# SQLite backup" …)."""
    section = README.read_text().split("## Backup and restore", 1)[1].split("\n## ", 1)[0]
    parts: dict[str, list[str]] = {}
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        title = None
        for line in block.splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                parts[title] = []
            elif line.strip():
                parts[title].append(line)
    return parts


def run(commands: list[str], env: dict, cwd: Path) -> str:
    """Run documented lines through bash, as an operator would paste them."""
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(commands)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{commands}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def base_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KITH_", "DJANGO_"))}
    env.update(PATH=f"{BIN}:{env.get('PATH', '')}", KITH_VAR_DIR=str(var_dir), KITH_TESTING="0")
    return env


def community(env: dict, cwd: Path) -> None:
    run(["kith migrate --noinput -v 0", "kith demo --members 40 --seed 3"], env, cwd)


def test_the_readme_documents_both_databases():
    assert set(documented()) == {"PostgreSQL backup", "PostgreSQL restore", "SQLite backup", "SQLite restore", "SQLite backup with Python"}


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.parametrize("backup", ["SQLite backup", "SQLite backup with Python"])
def test_sqlite_backup_restores_into_a_fresh_database_that_passes_the_doctor(tmp_path, backup):
    if shutil.which("sqlite3") is None:
        pytest.skip("the sqlite3 program is not installed (the documented restore uses it)")
    steps = documented()
    source, fresh = tmp_path / "var", tmp_path / "restored"
    env = base_env(source)
    community(env, tmp_path)
    run(steps[backup], env, tmp_path)  # online: the source stays as it is
    fresh.mkdir()
    out = run(steps["SQLite restore"], base_env(fresh), tmp_path)
    assert "All" in out and "FAIL" not in out
    counts = sqlite_counts(source / "kith.sqlite3")
    assert counts["members_profile"] >= 40  # the demo's 40, and the accounts its moderation part adds
    assert sqlite_counts(fresh / "kith.sqlite3") == counts


def postgres_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [t for (t,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.postgres
def test_postgres_dump_restores_into_a_fresh_database_that_passes_the_doctor(tmp_path):
    steps = documented()
    with fresh_database("backup") as source, fresh_database("restored") as restored:
        env = {**base_env(tmp_path / "var"), "KITH_DATABASE_URL": source, "RESTORE_URL": restored}
        community(env, tmp_path)
        run(steps["PostgreSQL backup"], env, tmp_path)
        out = run(steps["PostgreSQL restore"], env, tmp_path)
        assert "All" in out and "FAIL" not in out
        counts = postgres_counts(source)
        assert counts["members_profile"] >= 40 and counts["search_document"] == counts["members_profile"]
        assert postgres_counts(restored) == counts
