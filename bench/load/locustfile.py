"""Journeys a real member makes, for locust (headless), against `make stack` through nginx.

    PYTHONPATH=. .venv/bin/python bench/load/run.py --users 50 --minutes 2   # see run.py

Each simulated member signs in as a different demo member (bench/load/members.csv, written
by run.py from the stack's database), then loops over: the home page, a people search with a
facet, a profile with its insights, an invitation with a note to someone from the search,
answering a received invitation, the inbox and a conversation, and a message sent in it;
with 1-4 s of think time between steps. Every write the server answered as done is appended
to the file named by KITH_LOAD_WRITES (one JSON line each), so run.py can check afterwards that
every one is in the database.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import threading
import uuid
from pathlib import Path

from locust import FastHttpUser, between, task
from words import WORDS  # bench/load/words.py (locust puts the locustfile's folder on the path)

HERE = Path(__file__).resolve().parent
MEMBERS = list(csv.DictReader(open(os.environ.get("KITH_LOAD_MEMBERS", HERE / "members.csv"))))
PASSWORD = os.environ.get("KITH_LOAD_PASSWORD", "kith-demo")
WRITES = open(os.environ.get("KITH_LOAD_WRITES", "/tmp/kith-load-writes.jsonl"), "a")
_writes_lock = threading.Lock()
_next = iter(range(10**9))
_next_lock = threading.Lock()


def record(kind: str, **fields) -> None:
    with _writes_lock:
        WRITES.write(json.dumps({"kind": kind, **fields}) + "\n")
        WRITES.flush()


class Member(FastHttpUser):
    """FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares
    the stack's two cores, and costs several times less CPU a request this way. It skips TLS
    verification by default (the stack's certificate is self-signed)."""

    wait_time = between(1, 4)

    def __init__(self, *args, **kwargs) -> None:
        with _next_lock:
            number = next(_next)
        self.me = MEMBERS[number % len(MEMBERS)]
        # Each simulated member comes from an address of its own, as real members do: the load
        # generator runs on 127.0.0.1, a trusted proxy, so Kith believes this header (without
        # it every member counts against one address's sign-in budget and gets 429).
        self.default_headers = {"X-Forwarded-For": f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"}
        super().__init__(*args, **kwargs)

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="sign in (page)")
        answer = self.client.post(
            "/accounts/login/",
            {"login": self.me["email"], "password": PASSWORD, "csrfmiddlewaretoken": csrf_from_text(page.text) or self._cookie("csrftoken")},
            headers={"Referer": self.host + "/accounts/login/"},
            allow_redirects=False,
            name="sign in",
        )
        self.signed_in = answer.status_code == 302
        self.seen: list[str] = []

    def _post(self, path: str, data: dict, *, name: str, page_text: str | None = None):
        token = csrf_from_text(page_text) if page_text else self._cookie("csrftoken")
        return self.client.post(
            path, {**data, "csrfmiddlewaretoken": token}, headers={"Referer": self.host + path},
            allow_redirects=False, name=name,
        )

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(3)
    def search(self) -> None:
        page = self.client.get("/search/", params={"q": random.choice(WORDS), "degree": "2"}, name="search + facet")
        self.seen = list(dict.fromkeys(re.findall(r'href="/in/([a-z0-9-]+)/"', page.text)))[:20] or self.seen

    @task(3)
    def profile(self) -> None:
        handle = random.choice(self.seen) if self.seen else random.choice(MEMBERS)["handle"]
        self.client.get(f"/in/{handle}/", name="profile + insights")

    @task(1)
    def invite(self) -> None:
        candidates = [h for h in self.seen if h != self.me["handle"]]
        if not candidates:
            return
        handle = random.choice(candidates)
        form = self.client.get(f"/network/invite/{handle}/", name="invite (form)")
        if form.status_code != 200 or 'name="note"' not in form.text:
            return  # already connected or invited, or their policy needs an email
        answer = self._post(f"/network/invite/{handle}/", {"note": f"Hello from the load test {uuid.uuid4().hex[:6]}"},
                            name="invite (send)", page_text=form.text)
        if answer.status_code == 302:
            record("invitation", sender=self.me["email"], recipient=handle)

    @task(1)
    def answer_invitation(self) -> None:
        page = self.client.get("/network/invitations/", name="invitations")
        found = re.findall(r'action="(/network/invitations/(\d+)/accept/)"', page.text)
        if not found:
            return
        path, invitation_id = random.choice(found)
        answer = self._post(path, {}, name="invitation (accept)", page_text=page.text)
        if answer.status_code == 302:
            record("accept", invitation=int(invitation_id), by=self.me["email"])

    @task(2)
    def messages(self) -> None:
        inbox = self.client.get("/messaging/", name="inbox")
        ids = list(dict.fromkeys(re.findall(r'href="/messaging/(\d+)/"', inbox.text)))
        if not ids or random.random() < 0.3:
            self._start_conversation()
            return
        conversation = random.choice(ids)
        page = self.client.get(f"/messaging/{conversation}/", name="conversation")
        if page.status_code != 200 or 'name="text"' not in page.text:
            return
        text = f"Load test message {uuid.uuid4().hex}"
        answer = self._post(f"/messaging/{conversation}/", {"text": text}, name="message (send)", page_text=page.text)
        if answer.status_code == 302:
            record("message", conversation=int(conversation), text=text, sender=self.me["email"])

    def _start_conversation(self) -> None:
        network = self.client.get("/network/", name="my network")
        handles = [h for h in dict.fromkeys(re.findall(r'href="/in/([a-z0-9-]+)/"', network.text)) if h != self.me["handle"]]
        if not handles:
            return
        form = self.client.get("/messaging/new/", name="new message (form)")
        text = f"Load test message {uuid.uuid4().hex}"
        answer = self._post("/messaging/new/", {"recipient": random.choice(handles[:10]), "text": text},
                            name="new message (send)", page_text=form.text)
        if answer.status_code == 302 and (found := re.search(r"/messaging/(\d+)/", answer.headers.get("Location", ""))):
            record("message", conversation=int(found.group(1)), text=text, sender=self.me["email"])


def csrf_from_text(text: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text or "")
    return match.group(1) if match else ""
