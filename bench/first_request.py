"""The first pages after a server starts, with and without Kith's start-up warm-up (kith.core.warmup).

    KITH_VAR_DIR=/tmp/kith-pages/var .venv/bin/python bench/first_request.py --server runserver
    KITH_VAR_DIR=/tmp/kith-pages/var .venv/bin/python bench/first_request.py --server serve

Each run starts a fresh server process on --port (``kith runserver --noreload`` in the embedded default,
or ``kith serve --workers 1``: gunicorn with KITH_DEBUG=0, as in production), waits until the port
accepts connections and the app says it is loaded ("Kith warmed up in …" or "Kith warm-up skipped"
on stderr, from kith.warmup) and then --settle seconds more, and then GETs, signed in as the demo's login member, the home page (the
first request of the process), a connection's profile, My network and a search, each once; then the home
page again (the same process, warm: the peer figure). The runs alternate warm-up on (the default) and
off (KITH_WARMUP=0), so both are measured on the same machine at the same time. Times are wall clock
in this client (the server is on 127.0.0.1); medians over --runs runs of each.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from kith.demo.builder import login_member  # noqa: E402
from kith.members.models import Connection, Profile  # noqa: E402

KITH = str(ROOT / ".venv" / "bin" / "kith")
# kith.warmup says this when the app is loaded (and, with warm-up on, warmed).
READY = re.compile(r"Kith warm(ed up in|-up skipped)")


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def wait_for_port(port: int, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server did not open port {port} within {timeout:.0f} s")


def get(port: int, path: str, cookie: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        status = response.status
    except (http.client.HTTPException, ConnectionError):  # the worker was killed mid-request
        status = 0
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return elapsed, status


def server_command(kind: str, port: int) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    if kind == "runserver":
        return [KITH, "runserver", "--noreload", f"127.0.0.1:{port}"], env
    env.update(KITH_DEBUG="0", KITH_ALLOWED_HOSTS="127.0.0.1", KITH_SSL_REDIRECT="0")
    return [KITH, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env


def one_run(kind: str, port: int, warm: bool, pages: list[tuple[str, str]], cookie: str, settle: float) -> dict:
    command, env = server_command(kind, port)
    env["KITH_WARMUP"] = "1" if warm else "0"
    started = time.perf_counter()
    times: dict[str, float] = {}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    ready = threading.Event()

    def read_log() -> None:
        for line in server.stderr:
            log.append(line)
            if READY.search(line):
                ready.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        opened = wait_for_port(port, 120)
        while not ready.wait(0.5):
            if server.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError("the server stopped, or never said it was loaded:\n" + "".join(log[-20:]))
        times["app loaded after (s)"] = time.perf_counter() - started
        time.sleep(settle)
        for name, path in pages:
            elapsed, status = get(port, path, cookie)
            times[name] = elapsed
            if status != 200:  # e.g. 500 when gunicorn kills a worker whose request outlived its timeout
                times["answers not 200 (count)"] = times.get("answers not 200 (count)", 0) + 1
                print(f"{path}: HTTP {status} after {elapsed:,.0f} ms", file=sys.stderr)
        times["home again (warm)"], _ = get(port, pages[0][1], cookie)
        times["port open after (s)"] = opened
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        reader.join(5)
    if match := re.search(r"warmed up in (\d+) ms", "".join(log)):
        times["warm-up (ms, server log)"] = float(match.group(1))
    times["total from start (s)"] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", choices=["runserver", "serve"], default="runserver")
    parser.add_argument("--port", type=int, default=8299)
    parser.add_argument("--runs", type=int, default=5, help="runs with warm-up and as many without (default 5)")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds to wait after the app says it is loaded (default 1)")
    args = parser.parse_args()

    member = login_member()
    if member is None:
        sys.exit("No members: build a demo first (kith demo --members N).")
    other = Connection.objects.filter(member_id=member.pk).select_related("other__profile").first()
    handle = other.other.profile.handle if other else member.handle
    pages = [("home (first request)", "/"), ("a connection's profile", f"/in/{handle}/"),
             ("My network", "/network/"), ("search 'engineer'", "/search/?q=engineer")]
    cookie = session_cookie(member.user)
    print(f"{Profile.objects.count():,} members, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"server: {args.server}, {args.runs} runs each, settle {args.settle:g} s; "
          f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    results: dict[bool, list[dict]] = {True: [], False: []}
    for _ in range(args.runs):
        for warm in (False, True):
            results[warm].append(one_run(args.server, args.port, warm, pages, cookie, args.settle))
    keys = list(dict.fromkeys(key for warm in (False, True) for run in results[warm] for key in run))
    print(f"\n| median of {args.runs} | warm-up off (KITH_WARMUP=0) | warm-up on |")
    print("| --- | ---: | ---: |")
    for key in keys:
        default = 0 if key.endswith("(count)") else None
        values = {warm: [r.get(key, default) for r in results[warm] if r.get(key, default) is not None] for warm in (False, True)}
        cells = [f"{statistics.median(v):,.1f}" if v else "–" for v in (values[False], values[True])]
        label = key if key.endswith(("(s)", "log)", "(count)")) else f"{key} ms"
        print(f"| {label} | {cells[0]} | {cells[1]} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
