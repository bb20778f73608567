"""Where a locust run's CPU goes: the CPU time of every process on the machine over one run
against `make stack` (after a warm-up run), grouped by role, and py-spy profiles of the
gunicorn workers during it.

    PYTHONPATH=. .venv/bin/python bench/load/cpu.py USERS SECONDS

Needs py-spy (``pip install py-spy``; not a Kith dependency) and the stack database of
bench/load/run.py. Prints CPU seconds per role (gunicorn, postgres, celery, nginx, ...), the run's
aggregated latency and throughput, and where the py-spy raw profiles are.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent / "deploy"))

import run  # noqa: E402
from stack import Stack  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ROLES = ("py-spy", "locust", "gunicorn", "kith serve", "celery", "nginx", "postgres", "redis", "pytest", "chromium", "runserver")


def processes() -> dict[int, tuple[int, str]]:
    """{pid: (user + system CPU ticks, command line)} of every process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        out[int(entry.name)] = (int(fields[11]) + int(fields[12]), cmd)
    return out


def role(cmd: str) -> str:
    return next((r for r in ROLES if r in cmd), "other")


def main() -> None:
    users, seconds = int(sys.argv[1]), int(sys.argv[2])
    out = Path(tempfile.mkdtemp(prefix="kith-cpu-"))
    members, writes = out / "members.csv", out / "writes.jsonl"
    with Stack(port=8212, workers=3, demo_members=0) as stack:
        run.members_csv(stack, members)
        run.run_locust(stack, 10, 40, out, writes, members)  # warm-up: graph, caches, indexes
        tree = set(run._descendants(stack.process.pid))
        workers = [pid for pid, (_, cmd) in processes().items() if "gunicorn" in cmd and pid in tree]
        spies: list[subprocess.Popen] = []

        def spy() -> None:
            time.sleep(10)
            for pid in workers:
                spies.append(subprocess.Popen(
                    [str(Path(sys.executable).with_name("py-spy")), "record", "-p", str(pid), "-d", str(max(5, seconds - 25)),
                     "-r", "50", "-f", "raw", "-o", str(out / f"spy{pid}.txt"), "--nonblocking"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        threading.Thread(target=spy, daemon=True).start()
        before, started = processes(), time.time()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = run.run_locust(stack, users, seconds, out, writes, members)
        # locust has exited by now, so /proc no longer shows it: its CPU is in the rusage of the
        # children waited for (py-spy is waited for after this, and read from /proc as "py-spy").
        locust_rusage = resource.getrusage(resource.RUSAGE_CHILDREN)
        after, elapsed = processes(), time.time() - started
        for process in spies:
            process.wait()
    spent: dict[str, float] = {}
    for pid, (ticks, cmd) in after.items():
        delta = ticks - before.get(pid, (0, ""))[0]
        if delta > 0:
            spent[role(cmd)] = spent.get(role(cmd), 0) + delta / TICK
    spent["locust"] = spent.get("locust", 0) + sum(
        getattr(locust_rusage, f) - getattr(children_before, f) for f in ("ru_utime", "ru_stime")
    )
    for name, cpu in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:12s} {cpu:7.1f} s CPU ({cpu / elapsed * 100:5.1f}% of one core)")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"{elapsed:.0f} s, {total['Request Count']} requests, p50 {total['50%']} ms, p95 {total['95%']} ms, "
          f"{float(total['Requests/s']):.1f} req/s; py-spy profiles in {out}")


if __name__ == "__main__":
    main()
