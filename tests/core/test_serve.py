"""`kith serve` runs the production stack: gunicorn, whitenoise, production settings."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

KITH = str(Path(sys.executable).with_name("kith"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(server: subprocess.Popen, port: int, *, within: float = 180):
    """The login page once the server answers (migrating a fresh database first is slow on a
    busy machine); on failure, the server's output."""
    deadline = time.monotonic() + within
    while True:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()  # a live server's output never ends: read it only once it is gone
                raise AssertionError(server.communicate(timeout=10)[0]) from None
            time.sleep(0.3)


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KITH_", "DJANGO_"))}
    env.update(
        KITH_VAR_DIR=str(tmp_path),
        KITH_DEBUG="0",
        KITH_SECRET_KEY="x" * 64 + "production-secret-for-tests",
        KITH_ALLOWED_HOSTS="127.0.0.1",
        KITH_SSL_REDIRECT="0",
        KITH_TESTING="0",
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    env["KITH_ALLOWED_HOSTS"] = "kith.example.org"
    env.pop("KITH_SSL_REDIRECT")
    result = subprocess.run([KITH, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_nothing_with_the_stacks_settings(tmp_path):
    """deploy/kith.env's shape: PostgreSQL, Redis, nginx on the same machine as trusted proxy."""
    env = production_env(tmp_path)
    env.pop("KITH_SSL_REDIRECT")
    env.update(
        KITH_ALLOWED_HOSTS="kith.example.org",
        KITH_DATABASE_URL="postgres://kith:secret@127.0.0.1:5432/kith",
        KITH_REDIS_URL="redis://127.0.0.1:6379/0",
        KITH_TRUSTED_PROXIES="127.0.0.1,::1",
    )
    result = subprocess.run([KITH, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_is_an_explicit_choice_and_check_deploy_says_so(tmp_path):
    env = production_env(tmp_path)
    env.pop("KITH_SSL_REDIRECT")
    env.update(KITH_ALLOWED_HOSTS="kith.internal", KITH_INSECURE_HTTP="1")
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    shown = subprocess.run([KITH, "shell", "--no-imports", "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert shown.stdout.split() == ["False", "False", "False", "0"], shown.stderr
    result = subprocess.run([KITH, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr + result.stdout


@pytest.mark.slow
def test_serve_answers_pages_and_static_files(tmp_path):
    env = production_env(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [KITH, "serve", "--migrate", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = wait_until_serving(server, port)
        assert page.status == 200
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert "secure" in page.headers.get("Set-Cookie", "secure").lower()
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/kith/kith.css", timeout=5)
        assert css.status == 200 and "max-age" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.slow
def test_a_limit_holds_once_across_several_workers(tmp_path):
    """`kith serve --workers 2` on SQLite without Redis: the workers share one count of failed
    sign-ins, so a burst against a limit of 4 gets 4 answers of 401 whichever worker answers
    (with a count a process, up to 8 would)."""
    import json
    from concurrent.futures import ThreadPoolExecutor
    from urllib.error import HTTPError

    env = production_env(tmp_path)
    env.update(KITH_SIGNIN_FAILURES_PER_EMAIL="4", KITH_SIGNIN_FAILURES_PER_ADDRESS="1000")
    env["KITH_ACCESS_LOG"] = "1"
    env["GUNICORN_CMD_ARGS"] = "--access-logformat 'answered-by=%(p)s %(U)s %(s)s'"  # which worker answered
    port = free_port()
    server = subprocess.Popen(
        [KITH, "serve", "--migrate", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )

    def sign_in(_: int) -> int:
        body = json.dumps({"email": "ada@example.com", "password": "wrong"}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/tokens", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            return urllib.request.urlopen(request, timeout=30).status
        except HTTPError as error:
            return error.code

    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        # Both workers up: each says so once its start-up warm-up is done (kith.warmup).
        deadline = time.monotonic() + 180
        while sum("Kith warmed up in" in line for line in lines) < 2:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("".join(lines))
            time.sleep(0.3)
        with ThreadPoolExecutor(12) as pool:
            answers = sorted(pool.map(sign_in, range(12)))
        assert answers == [401] * 4 + [429] * 8
    finally:
        server.terminate()
        server.wait(10)
        reader.join(5)
    log = "".join(lines)
    workers = {line.split()[0] for line in log.splitlines() if line.startswith("answered-by=") and "/api/v1/tokens" in line}
    assert len(workers) == 2, log  # both workers answered part of the burst
