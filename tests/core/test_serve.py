"""`kith serve` runs the production stack: gunicorn, whitenoise, production settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

KITH = str(Path(sys.executable).with_name("kith"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


@pytest.mark.slow
def test_serve_answers_pages_and_static_files(tmp_path):
    env = production_env(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [KITH, "serve", "--migrate", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stdout.read()) from None
                time.sleep(0.3)
        assert page.status == 200
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert "secure" in page.headers.get("Set-Cookie", "secure").lower()
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/kith/kith.css", timeout=5)
        assert css.status == 200 and "max-age" in css.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(10)
