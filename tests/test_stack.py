"""`make stack`: the production topology from deploy/ — two `kith serve` instances behind nginx,
a Celery worker and beat, KITH_DEBUG=0, on PostgreSQL and Redis — signed in through nginx, and
read-your-writes across the instances.

Instance A and instance B are addressed directly (with the headers nginx would add, from
127.0.0.1, a trusted proxy) where the test must know which instance serves a request; sign-in
and the round-robin go through nginx. The stack is torn down however the test ends.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from stack import Stack, insecure_tls  # noqa: E402

pytestmark = pytest.mark.slow


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return True
    except OSError:
        return False


def _free_block(start: int, size: int = 4) -> int:
    """The first port from ``start`` with ``size`` free ports after it (CI and helpers run stacks side by side)."""
    port = start
    while any(_reachable(p) for p in range(port, port + size)):
        port += size
    return port


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if os.environ.get("CI") and not os.environ.get("KITH_TEST_DATABASE_URL"):
        pytest.skip("the stack runs on PostgreSQL whatever the suite's database: CI runs it once, in the PostgreSQL pass")
    missing = [what for what, ok in (
        ("nginx", shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
        ("PostgreSQL on 5432", _reachable(5432)),
        ("Redis on 6379", _reachable(6379)),
    ) if not ok]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the stack test needs {', '.join(missing)} (.ci/run provides them)")
        pytest.skip(f"needs {', '.join(missing)}")
    port = _free_block(int(os.environ.get("KITH_STACK_TEST_PORT", 8216)))
    with Stack(port=port, state_dir=tmp_path_factory.mktemp("stack"), log=lambda *a: None) as running:
        yield running


class Browser:
    """A member's browser: cookies (Secure ones too, for the direct-to-instance requests), CSRF,
    no redirects followed. ``via`` is "nginx", "a" or "b"."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=insecure_tls()), _NoRedirects()
        )

    def request(self, method: str, path: str, *, via: str, data: dict | list | None = None, htmx: bool = False):
        stack = self.stack
        if via == "nginx":
            url = stack.base_url + path
            headers = {}
        else:
            url = f"http://127.0.0.1:{stack.web_a if via == 'a' else stack.web_b}{path}"
            # What nginx adds: the request then looks like every other one (https, the public host).
            headers = {"Host": f"localhost:{stack.https_port}", "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        headers["Referer"] = stack.base_url + "/"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            fields = list(data.items()) if isinstance(data, dict) else list(data)
            fields.append(("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")))
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        response.text = text
        return response

    def get(self, path: str, *, via: str, htmx: bool = False):
        return self.request("GET", path, via=via, htmx=htmx)

    def post(self, path: str, data: dict | list, *, via: str):
        return self.request("POST", path, via=via, data=data)

    def sign_in(self, email: str, password: str) -> None:
        self.get("/accounts/login/", via="nginx")
        answer = self.post("/accounts/login/", {"login": email, "password": password}, via="nginx")
        assert answer.status == 302, (answer.status, answer.text[:2000])
        assert "sessionid" in self.cookies


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def create_members(stack: Stack, suffix: str) -> dict[str, str]:
    """Ada and Grace, through `kith addmember` (the operators' door); their handles."""
    import subprocess

    handles = {}
    for name in ("Ada Lovelace", "Grace Hopper"):
        first = name.split()[0].lower()
        result = subprocess.run(
            [str(Path(sys.executable).with_name("kith")), "addmember", f"{first}-{suffix}@example.com",
             "--name", name, "--password", "stack-test-pw", "--verified"],
            env=stack.env(), cwd=stack.dir, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr
        handles[first] = result.stdout.strip().splitlines()[-1]
    return handles


def wait_for(what: str, check, *, within: float = 60):
    deadline = time.monotonic() + within
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {within:.0f} s")
        time.sleep(0.25)


def test_read_your_writes_across_instances_through_nginx(stack):
    suffix = uuid.uuid4().hex[:8]
    handles = create_members(stack, suffix)
    ada, grace = Browser(stack), Browser(stack)
    ada.sign_in(f"ada-{suffix}@example.com", "stack-test-pw")
    grace.sign_in(f"grace-{suffix}@example.com", "stack-test-pw")

    # nginx spreads requests over both instances; the production settings hold behind it.
    served_by = set()
    for _ in range(6):
        page = ada.get("/", via="nginx")
        assert page.status == 200
        served_by.add(page.headers["X-Kith-Instance"])
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert served_by == {"a", "b"}
    plain = urllib.request.build_opener(_NoRedirects())
    with pytest.raises(urllib.error.HTTPError) as redirected:
        plain.open(f"http://127.0.0.1:{stack.http_port}/accounts/login/", timeout=10)
    assert redirected.value.code == 301 and redirected.value.headers["Location"].startswith("https://")

    # Grace invites Ada on B; Ada accepts on A; Grace's next page on B shows them connected.
    profile = f"/in/{handles['ada']}/"
    before = grace.get(profile, via="b")
    assert before.status == 200 and "degree--1" not in before.text
    sent = grace.post(f"/network/invite/{handles['ada']}/", {"note": "Let's talk engines"}, via="b")
    assert sent.status == 302, sent.text[:2000]
    invitations = ada.get("/network/invitations/", via="a")
    (accept_path,) = set(re.findall(r'/network/invitations/\d+/accept/', invitations.text))
    accepted = ada.post(accept_path, {}, via="a")
    assert accepted.status == 302
    after = grace.get(profile, via="b")
    assert after.headers["X-Kith-Instance"] == "b"
    assert "degree--1" in after.text  # the very next request on the other instance

    # The acceptance queued an email for Grace on A; only the worker sends it.
    outbox = Path(stack.env()["KITH_VAR_DIR"]) / "outbox"
    def delivered():
        return [p for p in outbox.glob("*.log") if f"grace-{suffix}@example.com" in p.read_text(errors="replace")]
    mails = wait_for("the worker's email to Grace", delivered)
    assert any("Ada Lovelace" in p.read_text(errors="replace") for p in mails)

    # A message Grace sends through B appears in Ada's poll on A.
    text = f"Hello from instance B {suffix}"
    started = grace.post("/messaging/new/", [("recipient", handles["ada"]), ("text", text)], via="b")
    assert started.status == 302, started.text[:2000]
    conversation = re.search(r"/messaging/(\d+)/", started.headers["Location"]).group(1)
    poll = ada.get(f"/messaging/{conversation}/new/?after=0", via="a", htmx=True)
    assert poll.status == 200 and poll.headers["X-Kith-Instance"] == "a"
    assert text in poll.text
