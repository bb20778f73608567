"""The kill -9 drill: a production server is killed mid-write, and nothing is half-written.

``kith serve`` (gunicorn, two workers) runs against the suite's PostgreSQL database while
members invite, accept, message and edit their profiles through the API from several
threads. The whole process group gets SIGKILL in the middle of it — no shutdown, no
after-commit hooks, no finally blocks. Then every answer the server gave must be in the
database (a 2xx is durable), and ``kith doctor`` must find every invariant whole:
connections symmetric and logged, unread counters, search cards matching profiles.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kith.members import actions as member_actions
from kith.members.models import Profile
from kith.messaging.models import Message
from kith.network.models import Invitation
from kith.search.actions import rebuild_index
from tests.core.test_serve import free_port, production_env, wait_until_serving
from tests.factories import make_member

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Member:
    def __init__(self, port: int, user) -> None:
        self.port = port
        self.user = user
        self.handle = Profile.objects.get(pk=user.pk).handle
        _, self.secret = member_actions.create_api_token(user, "drill")

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1{path}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {self.secret}", "Content-Type": "application/json", "Host": "127.0.0.1"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None
        except OSError:  # the server died under this request: no answer, no promise
            return None, None


def test_kill_9_during_writes_leaves_nothing_half_written(tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the drill runs on PostgreSQL (KITH_TEST_DATABASE_URL)")
    port = free_port()
    env = production_env(tmp_path)
    env.update(KITH_DATABASE_URL=database_url(), PYTHONPATH=str(ROOT), KITH_WARMUP="0")
    server = subprocess.Popen(
        [sys.executable, "-m", "kith", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        wait_until_serving(server, port)
        people = [Member(port, make_member(f"Drill Member {i}", email=f"drill{i}@example.com")) for i in range(10)]
        # Start from a sound database: earlier transactional tests in this process leave rows in
        # the search index's own tables (they are not Django models, so the flush keeps them).
        rebuild_index()
        call_command("doctor")
        promised = {"invitations": set(), "accepted": set(), "messages": set()}
        tried_headlines: dict[int, set[str]] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def work(seed: int) -> None:
            rnd = random.Random(seed)
            while not stop.is_set():
                me, other = rnd.sample(people, 2)
                op = rnd.random()
                if op < 0.35:
                    status, body = me.call("POST", "/invitations", {"to": other.handle, "note": f"drill {seed}"})
                    if status == 201:
                        with lock:
                            promised["invitations"].add(body["id"])
                elif op < 0.6:
                    status, body = me.call("GET", "/invitations?box=received")
                    for item in (body or [])[:1]:
                        status, _ = me.call("POST", f"/invitations/{item['id']}/accept")
                        if status == 200:
                            with lock:
                                promised["accepted"].add(item["id"])
                elif op < 0.85:
                    status, body = me.call("POST", "/conversations", {"with": [other.handle], "text": f"drill message {rnd.random()}"})
                    if status in (200, 201) and body and body.get("last_message"):
                        with lock:
                            promised["messages"].add(body["last_message"]["id"])
                else:
                    headline = f"Drill headline {rnd.randrange(10**6)}"
                    with lock:
                        tried_headlines.setdefault(me.user.pk, set()).add(headline)
                    me.call("PATCH", "/me/profile", {"headline": headline})

        threads = [threading.Thread(target=work, args=(seed,), daemon=True) for seed in range(6)]
        for thread in threads:
            thread.start()
        # Kill once writes of every kind have been answered (a loaded machine takes longer),
        # while the threads still have requests in flight.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            with lock:
                enough = len(promised["invitations"]) >= 8 and promised["accepted"] and len(promised["messages"]) >= 4
            if enough:
                break
            time.sleep(0.2)
        time.sleep(0.5)
        os.killpg(server.pid, signal.SIGKILL)  # master and workers at once, mid-request
        server.wait(10)
        print(server.stdout.read()[-5000:])  # shown when the test fails
        stop.set()
        for thread in threads:
            thread.join(30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)

    assert promised["invitations"], "the drill wrote nothing before the kill: the server was too slow to test"
    # Every answer the server gave is durable …
    assert set(Invitation.objects.filter(pk__in=promised["invitations"]).values_list("pk", flat=True)) == promised["invitations"]
    accepted = set(Invitation.objects.filter(pk__in=promised["accepted"], status="accepted").values_list("pk", flat=True))
    assert accepted == promised["accepted"]
    assert set(Message.objects.filter(pk__in=promised["messages"]).values_list("pk", flat=True)) == promised["messages"]
    for pk, tried in tried_headlines.items():
        # each profile holds one of the headlines sent (its answer may have died with the server)
        assert Profile.objects.get(pk=pk).headline in tried | {""}
    # … and every invariant holds, search cards included (they commit with the profile).
    call_command("doctor")
