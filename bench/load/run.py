"""Load `make stack` with locust (headless) at several user counts and check that no write was lost.

    PYTHONPATH=. .venv/bin/python bench/load/run.py --users 10 50 200 --seconds 120 [--port 8212] [--workers 3]

Needs the `load` extra (`pip install -e '.[load]'`: locust) and a stack database with a demo
(`DEMO_MEMBERS=100000 make stack` once, or deploy/stack.py's prepare). Brings the stack up
(deploy/stack.py), writes bench/load/members.csv (demo members to sign in as), runs
bench/load/locustfile.py at each user count for ``--seconds``, prints per-page p50/p95/p99,
requests per second and errors with the load average, then checks every write the load
generator was told succeeded (invitations, acceptances, messages) against the database, and
takes the stack down.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from stack import Stack  # noqa: E402


def members_csv(stack: Stack, path: Path, count: int = 3000) -> None:
    import psycopg

    with psycopg.connect(stack.database_url) as conn:
        rows = conn.execute(
            "SELECT u.email, p.handle FROM members_user u JOIN members_profile p ON p.user_id = u.id "
            "WHERE u.email LIKE %s AND u.is_active ORDER BY md5(u.id::text) LIMIT %s",
            ["%@demo.kith.localhost", count],
        ).fetchall()
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["email", "handle"])
        writer.writerows(rows)


def run_locust(stack: Stack, users: int, seconds: int, out: Path, writes: Path, members: Path) -> list[dict]:
    env = {**os.environ, "KITH_LOAD_WRITES": str(writes), "KITH_LOAD_MEMBERS": str(members), "PYTHONWARNINGS": "ignore"}
    prefix = out / f"u{users}"
    subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(HERE / "locustfile.py"), "--headless",
         "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", stack.base_url,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
        env=env, check=False, capture_output=True,
    )
    with open(f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


def check_writes(stack: Stack, writes: Path) -> dict[str, tuple[int, int]]:
    """{kind: (told succeeded, found in the database)}."""
    import psycopg

    told: dict[str, list[dict]] = {}
    if writes.exists():
        for line in writes.read_text().splitlines():
            entry = json.loads(line)
            told.setdefault(entry["kind"], []).append(entry)
    found: dict[str, tuple[int, int]] = {}
    with psycopg.connect(stack.database_url) as conn:
        ok = 0
        for w in told.get("invitation", []):
            row = conn.execute(
                "SELECT 1 FROM network_invitation i JOIN members_user s ON s.id = i.sender_id "
                "JOIN members_profile r ON r.user_id = i.recipient_id WHERE s.email = %s AND r.handle = %s "
                "UNION SELECT 1 FROM network_connection c JOIN members_user s ON s.id = c.member_id "
                "JOIN members_profile r ON r.user_id = c.other_id WHERE s.email = %s AND r.handle = %s",
                [w["sender"], w["recipient"], w["sender"], w["recipient"]],
            ).fetchone()
            ok += row is not None
        found["invitation"] = (len(told.get("invitation", [])), ok)
        ok = 0
        for w in told.get("accept", []):
            row = conn.execute("SELECT status FROM network_invitation WHERE id = %s", [w["invitation"]]).fetchone()
            ok += row is not None and row[0] == "accepted"
        found["accept"] = (len(told.get("accept", [])), ok)
        ok = 0
        for w in told.get("message", []):
            row = conn.execute(
                "SELECT 1 FROM messaging_message WHERE conversation_id = %s AND text = %s", [w["conversation"], w["text"]]
            ).fetchone()
            ok += row is not None
        found["message"] = (len(told.get("message", [])), ok)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per instance")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="kith-load-"))
    writes, members = out / "writes.jsonl", out / "members.csv"
    stack = Stack(port=args.port, workers=args.workers, demo_members=0)
    with stack:
        members_csv(stack, members)
        print(f"stack up at {stack.base_url}; results in {out}", file=sys.stderr)
        for users in args.users:
            before = os.getloadavg()[0]
            started = time.time()
            rows = run_locust(stack, users, args.seconds, out, writes, members)
            after = os.getloadavg()[0]
            print(f"\n### {users} users, {args.seconds} s, load average {before:.1f} -> {after:.1f} "
                  f"({time.strftime('%H:%M', time.gmtime(started))} UTC)\n")
            print("| page | requests | failures | p50 ms | p95 ms | p99 ms | req/s |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for row in rows:
                print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
                      f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |")
            sys.stdout.flush()
        print("\n| write | told succeeded | in the database |")
        print("| --- | ---: | ---: |")
        for kind, (told, ok) in check_writes(stack, writes).items():
            print(f"| {kind} | {told} | {ok} |")


if __name__ == "__main__":
    main()
