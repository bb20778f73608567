"""`make stack`: Kith's production topology on this machine, from the files in deploy/.

Two `kith serve` instances behind Debian's nginx (TLS with a throw-away self-signed certificate),
one Celery worker and beat, KITH_DEBUG=0, against the local PostgreSQL and Redis; the processes
are deploy/Procfile.stack's, run by honcho, and nginx's site is deploy/nginx/kith.conf rendered
with the stack's ports and paths.

    python deploy/stack.py up [--port 8212] [--demo-members 2000] [--fresh]

Ports (all configurable, so that CI and several developers never collide): nginx https on
``--port`` (KITH_STACK_PORT, default 8212), its http redirect on +1, the instances on +2 and +3.
The database is KITH_STACK_DATABASE_URL (default ``kith_stack_<port>`` on 127.0.0.1:5432, created
when missing, recreated with ``--fresh``); Redis is KITH_STACK_REDIS_URL (default a database of
127.0.0.1:6379 picked by the port) with a Celery queue and key prefixes named after the port.
State (certificate, nginx's files, logs, email outbox, media) lives in var/stack-<port>/.

:class:`Stack` is what tests/test_stack.py uses: ``with Stack(port=…) as stack:`` brings it up,
waits until every part is ready and always takes everything down again.

This file imports nothing from Kith: it runs the same commands an operator would.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
BIN = Path(sys.executable).parent


def _nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


class StackError(RuntimeError):
    pass


class Stack:
    def __init__(
        self,
        *,
        port: int | None = None,
        database_url: str | None = None,
        redis_url: str | None = None,
        state_dir: Path | None = None,
        workers: int = 2,
        demo_members: int = 0,
        fresh: bool = False,
        log=print,
    ):
        self.port = port or int(os.environ.get("KITH_STACK_PORT", 8212))
        self.https_port, self.http_port = self.port, self.port + 1
        self.web_a, self.web_b = self.port + 2, self.port + 3
        self.database_url = database_url or os.environ.get(
            "KITH_STACK_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/kith_stack_{self.port}"
        )
        self.redis_url = redis_url or os.environ.get(
            "KITH_STACK_REDIS_URL", f"redis://127.0.0.1:6379/{1 + self.port % 15}"
        )
        self.dir = (state_dir or ROOT / "var" / f"stack-{self.port}").resolve()
        self.workers = workers
        self.demo_members = demo_members
        self.fresh = fresh
        self.log = log
        self.process: subprocess.Popen | None = None
        self.output = None

    # -- what the processes are told ---------------------------------------------------

    @property
    def queue(self) -> str:
        return f"kith-stack-{self.port}"

    @property
    def base_url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KITH_", "DJANGO_", "PYTEST", "CELERY_"))}
        env.update(
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            PYTHONPATH=str(ROOT),  # this checkout's Kith, whatever the venv was installed from
            PYTHONUNBUFFERED="1",
            KITH_DEBUG="0",
            KITH_TESTING="0",
            KITH_SECRET_KEY=self._secret(),
            KITH_ALLOWED_HOSTS="localhost,127.0.0.1",
            KITH_SITE_URL=self.base_url,
            KITH_DATABASE_URL=self.database_url,
            KITH_REDIS_URL=self.redis_url,
            KITH_CELERY_QUEUE=self.queue,
            KITH_CACHE_PREFIX=f"stack{self.port}",
            KITH_RATE_LIMIT_PREFIX=f"kith:rl:stack{self.port}:",
            KITH_TRUSTED_PROXIES="127.0.0.1,::1",
            KITH_VAR_DIR=str(self.dir / "var"),
            KITH_EMAIL_URL=f"file://{self.dir / 'var' / 'outbox'}",
            KITH_WORKERS=str(self.workers),
            KITH_CELERY_CONCURRENCY="1",
            KITH_COLLECTSTATIC="0",  # collected once by prepare(), not by both instances at once
            KITH_STACK_WEB_A=str(self.web_a),
            KITH_STACK_WEB_B=str(self.web_b),
            KITH_STACK_DIR=str(self.dir),
            KITH_LOG_LEVEL="INFO",
        )
        return env

    def _secret(self) -> str:
        path = self.dir / "secret_key"
        if not path.exists():
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(64))
        return path.read_text().strip()

    # -- preparing -------------------------------------------------------------------

    def prepare(self) -> None:
        if _nginx_binary() is None:
            raise StackError("nginx is not installed (apt-get install nginx; .ci/run does it)")
        (self.dir / "var").mkdir(parents=True, exist_ok=True)
        self._certificate()
        self._nginx_conf()
        self._database()
        self._redis()
        self._kith("migrate", "--noinput", "-v", "0")
        self._kith("collectstatic", "--noinput", "-v", "0")
        if self.demo_members:
            self._kith("demo", "--members", str(self.demo_members), "--if-empty")

    def _kith(self, *args: str) -> None:
        started = time.monotonic()
        result = subprocess.run([str(BIN / "kith"), *args], env=self.env(), cwd=self.dir, capture_output=True, text=True)
        if result.returncode:
            raise StackError(f"kith {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        self.log(f"stack: kith {' '.join(args)} ({time.monotonic() - started:.1f} s)")

    def _certificate(self) -> None:
        cert, key = self.dir / "tls.crt", self.dir / "tls.key"
        if cert.exists() and key.exists():
            return
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )

    def _nginx_conf(self) -> None:
        """deploy/nginx/kith.conf with the stack's upstreams, ports, certificate and paths,
        inside a main configuration that keeps every nginx file under the stack's folder."""
        site = (DEPLOY / "nginx" / "kith.conf").read_text()
        upstreams = "".join(
            f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in (self.web_a, self.web_b)
        )
        site, n = re.subn(r"^    server 127\.0\.0\.1:8000[^\n]*\n", upstreams, site, flags=re.M)
        missing = [] if n else ["upstream server 127.0.0.1:8000"]
        replacements = [
            (r"listen 443 ssl http2;", f"listen {self.https_port} ssl http2;"),
            (r"listen \[::\]:443 ssl http2;\n", ""),
            (r"listen 80;", f"listen {self.http_port};"),
            (r"listen \[::\]:80;\n", ""),
            (r"return 301 https://\$host\$request_uri;", f"return 301 https://$host:{self.https_port}$request_uri;"),
            (r"server_name kith\.example\.org;", "server_name localhost 127.0.0.1;"),
            (r"ssl_certificate /etc/letsencrypt/\S+;", f"ssl_certificate {self.dir / 'tls.crt'};"),
            (r"ssl_certificate_key /etc/letsencrypt/\S+;", f"ssl_certificate_key {self.dir / 'tls.key'};"),
            (r"shared:kith_tls:10m", f"shared:kith_tls_{self.port}:1m"),
            (r"alias /var/lib/kith/media/;", f"alias {self.dir / 'var' / 'media'}/;"),
        ]
        for pattern, replacement in replacements:
            site, n = re.subn(pattern, replacement.replace("\\", "\\\\"), site)
            if not n:
                missing.append(pattern)
        if missing:
            raise StackError(f"deploy/nginx/kith.conf no longer has the lines stack.py rewrites: {missing}")
        (self.dir / "kith-site.conf").write_text(site)
        temp = self.dir / "nginx"
        temp.mkdir(exist_ok=True)
        (self.dir / "nginx.conf").write_text(
            f"""# Written by deploy/stack.py: nginx for one stack, every file under {self.dir}.
worker_processes 1;
pid {self.dir / 'nginx.pid'};
error_log {self.dir / 'nginx-error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {self.dir / 'nginx-access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    include {self.dir / 'kith-site.conf'};
}}
"""
        )
        nginx = _nginx_binary()
        result = subprocess.run([nginx, "-t", "-q", "-c", str(self.dir / "nginx.conf")], capture_output=True, text=True)
        if result.returncode:
            raise StackError(f"nginx -t: {result.stderr}")

    def _database(self) -> None:
        import psycopg
        from psycopg import sql

        head, _, name = self.database_url.rpartition("/")
        with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and self.fresh:
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
                exists = None
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def _redis(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url)
        client.ping()
        if self.fresh:
            client.delete(self.queue, f"kith:celery:workers:{self.queue}")

    # -- running ----------------------------------------------------------------------

    def start(self) -> None:
        logfile = open(self.dir / "honcho.log", "w")  # noqa: SIM115 - closed in stop()
        self.output = logfile
        self.process = subprocess.Popen(
            [str(BIN / "honcho"), "start", "-f", str(DEPLOY / "Procfile.stack"), "-d", str(self.dir), "--no-colour"],
            env=self.env(), cwd=self.dir, stdout=logfile, stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: stop() ends every child with it
        )

    def wait_ready(self, *, within: float = 120) -> None:
        """Until nginx, both instances and the worker answer (readyz through each instance)."""
        deadline = time.monotonic() + within
        pending = {"nginx": f"{self.base_url}/readyz", "a": f"http://127.0.0.1:{self.web_a}/readyz",
                   "b": f"http://127.0.0.1:{self.web_b}/readyz"}
        while pending or not self.worker_alive():
            if self.process is not None and self.process.poll() is not None:
                raise StackError(f"the stack stopped:\n{self.logs()}")
            if time.monotonic() > deadline:
                raise StackError(f"not ready after {within:.0f} s (waiting for {sorted(pending) or 'the worker'}):\n{self.logs()}")
            for name, url in list(pending.items()):
                try:
                    with urllib.request.urlopen(url, timeout=5, context=insecure_tls()) as answer:
                        if json.load(answer)["status"] == "ready":
                            del pending[name]
                except (OSError, ValueError):
                    pass
            time.sleep(0.5)

    def worker_alive(self) -> bool:
        import redis

        client = redis.Redis.from_url(self.redis_url)
        return bool(client.zrangebyscore(f"kith:celery:workers:{self.queue}", time.time() - 30, "+inf"))

    def logs(self, tail: int = 120) -> str:
        path = self.dir / "honcho.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        return "\n".join(lines[-tail:])

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever did not stop in time
        except ProcessLookupError:
            pass
        self.process.wait(10)
        self._stop_strays()
        self.process = None
        if self.output is not None:
            self.output.close()

    def _stop_strays(self) -> None:
        """nginx's master can outlive honcho (it daemonises nothing, but be sure): end it by its pid file."""
        pidfile = self.dir / "nginx.pid"
        if pidfile.exists():
            try:
                os.kill(int(pidfile.read_text().strip()), signal.SIGQUIT)
            except (ValueError, ProcessLookupError, PermissionError):
                pass

    def __enter__(self) -> Stack:
        try:
            self.prepare()
            self.start()
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def insecure_tls() -> ssl.SSLContext:
    """The stack's certificate is self-signed: do not verify it (it is only ever localhost)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up"])
    parser.add_argument("--port", type=int, default=None, help="nginx https port (KITH_STACK_PORT, default 8212)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("KITH_WORKERS", 2)), help="gunicorn workers per instance")
    parser.add_argument("--demo-members", type=int, default=int(os.environ.get("DEMO_MEMBERS", 2000)))
    parser.add_argument("--fresh", action="store_true", help="recreate the stack's database first")
    args = parser.parse_args()
    stack = Stack(port=args.port, workers=args.workers, demo_members=args.demo_members, fresh=args.fresh)
    with stack:
        print(f"stack: up at {stack.base_url} (instances on 127.0.0.1:{stack.web_a} and :{stack.web_b}); "
              f"logs in {stack.dir / 'honcho.log'}; Ctrl-C stops it", flush=True)
        try:
            while stack.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
