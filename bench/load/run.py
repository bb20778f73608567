"""Load `make stack` with locust (headless) at several user counts and check that no write was lost.

    PYTHONPATH=. .venv/bin/python bench/load/run.py --users 10 50 200 --seconds 120 [--port 8212] [--workers 3]
    PYTHONPATH=. .venv/bin/python bench/load/run.py --users 50 --seconds 1800 --memory-every 30   # the soak

Needs the `load` extra (`pip install -e '.[load]'`: locust) and a stack database with a demo
(`DEMO_MEMBERS=100000 make stack` once, or deploy/stack.py's prepare). Brings the stack up
(deploy/stack.py), writes bench/load/members.csv (demo members to sign in as), runs
bench/load/locustfile.py at 10 users for ``--warmup`` seconds (not counted: a worker's first
pages after start map the graph and build its indexes), then at each user count for ``--seconds``, prints per-page p50/p95/p99,
requests per second and errors with the load average, then checks every write the load
generator was told succeeded (invitations, acceptances, messages) against the database, counts
the 5xx answers in nginx's access log since the stack came up (the warm-up's too: locust's
figures leave it out), keeps the stack's log with the results and takes the stack down.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
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


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _role(pid: int) -> str | None:
    try:
        cmd = (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for needle, role in (("celery", "celery"), ("nginx", "nginx"), ("gunicorn", "gunicorn"), ("kith serve", "serve"), ("honcho", "honcho")):
        if needle in cmd:
            return role + (" beat" if role == "celery" and " beat" in cmd else "")
    return None


def _pss_kib(pid: int) -> int | None:
    try:
        for line in (Path("/proc") / str(pid) / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class MemorySampler:
    """Every ``every`` seconds, the PSS of each process of the stack (the memory curve of a soak)."""

    def __init__(self, stack: Stack, path: Path, every: float = 30.0):
        import threading

        self.stack, self.path, self.every = stack, path, every
        self.rows: list[tuple[float, int, str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self.started = time.time()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        with open(self.path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["seconds", "pid", "role", "pss_kib"])
            writer.writerows(self.rows)

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.every):
                self.sample()
                return

    def sample(self) -> None:
        at = round(time.time() - self.started, 1)
        for pid in _descendants(self.stack.process.pid):
            role, pss = _role(pid), _pss_kib(pid)
            if role and pss:
                self.rows.append((at, pid, role, pss))

    def summary(self) -> list[str]:
        """Per process: PSS at the first sample, after a tenth of the run (warmed up), the largest, the last."""
        by_pid: dict[int, list[tuple[float, str, int]]] = {}
        for at, pid, role, pss in self.rows:
            by_pid.setdefault(pid, []).append((at, role, pss))
        end = max((r[0] for r in self.rows), default=0)
        lines = ["| process | pid | first MiB | warm MiB (at a tenth) | max MiB | last MiB |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for pid, samples in sorted(by_pid.items(), key=lambda kv: (kv[1][0][1], kv[0])):
            warm = next((p for at, _, p in samples if at >= end / 10), samples[0][2])
            mib = lambda k: f"{k / 1024:.0f}"  # noqa: E731
            lines.append(f"| {samples[0][1]} | {pid} | {mib(samples[0][2])} | {mib(warm)} | {mib(max(p for *_, p in samples))} | {mib(samples[-1][2])} |")
        return lines


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


def speed_probe() -> float:
    """Milliseconds of CPU a fixed pure-Python loop takes, the median of three, so each run says
    how fast the interpreter ran when it started. It catches a slower core, not everything: on
    3 Dec it read 45 ms before runs whose pages cost a quarter more CPU than an hour earlier
    (bench/RESULTS.md, fifth session), a slowdown in what the loop does not touch (memory,
    caches shared with other tenants)."""
    times = []
    for _ in range(3):
        started, total = time.process_time(), 0
        for i in range(1_000_000):
            total += i
        times.append((time.process_time() - started) * 1000)
    return sorted(times)[1]


def server_errors(access_log: Path, start: int) -> list[str]:
    """The lines of nginx's access log from byte ``start`` on whose status is 5xx."""
    if not access_log.exists():
        return []
    with open(access_log, "rb") as f:
        f.seek(start)
        lines = f.read().decode(errors="replace").splitlines()
    # combined format: ... "GET /path HTTP/1.1" STATUS BYTES ...
    return [line for line in lines if (parts := line.split('" ')) and len(parts) > 1 and parts[1][:1] == "5"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per instance")
    parser.add_argument("--warmup", type=int, default=40,
                        help="seconds of 10 users before the measured runs, not counted (each worker's first pages map the graph, build its indexes)")
    parser.add_argument("--memory-every", type=float, default=0, help="sample every stack process's PSS this often (seconds; 0: off)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="kith-load-"))
    writes, members = out / "writes.jsonl", out / "members.csv"
    stack = Stack(port=args.port, workers=args.workers, demo_members=0)
    with stack:
        access_log = stack.dir / "nginx-access.log"
        log_start = access_log.stat().st_size if access_log.exists() else 0
        members_csv(stack, members)
        print(f"stack up at {stack.base_url}; results in {out}", file=sys.stderr)
        if args.warmup:
            warm = out / "warmup"
            warm.mkdir()
            run_locust(stack, 10, args.warmup, warm, writes, members)  # its writes are checked too
        for users in args.users:
            probe = speed_probe()
            before = os.getloadavg()[0]
            started = time.time()
            locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            busy_before = _machine_ticks()
            if args.memory_every:
                with MemorySampler(stack, out / f"memory_u{users}.csv", every=args.memory_every) as sampler:
                    rows = run_locust(stack, users, args.seconds, out, writes, members)
                print(f"\nMemory of each process (PSS, {len(sampler.rows)} samples every {args.memory_every:.0f} s; curve in {out}/memory_u{users}.csv):\n")
                print("\n".join(sampler.summary()))
            else:
                rows = run_locust(stack, users, args.seconds, out, writes, members)
            after = os.getloadavg()[0]
            locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            busy_after = _machine_ticks()
            locust_cpu = (locust_after.ru_utime + locust_after.ru_stime) - (locust_before.ru_utime + locust_before.ru_stime)
            busy = (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1])
            print(f"\n### {users} users, {args.seconds} s, load average {before:.1f} -> {after:.1f} "
                  f"({time.strftime('%H:%M', time.gmtime(started))} UTC); the machine's cores {busy:.0%} busy, "
                  f"locust itself {locust_cpu:.0f} s of CPU ({locust_cpu / args.seconds:.0%} of a core); "
                  f"speed probe {probe:.0f} ms (a fixed loop before the run: lower is a faster machine)\n")
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
        errors = server_errors(access_log, log_start)
        print(f"\n5xx answers from nginx since the stack was up (warm-up included): {len(errors)}")
        for line in errors[:10]:
            print("    " + line)
        # The stack's log is rewritten at its next start: keep it with the results.
        shutil.copy(stack.dir / "honcho.log", out / "honcho.log")
        print(f"the stack's log: {out / 'honcho.log'}")


if __name__ == "__main__":
    main()
