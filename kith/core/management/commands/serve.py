"""`kith serve`: the production server — gunicorn workers, static files through whitenoise."""

import multiprocessing
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Kith in production: collect static files, optionally migrate, then run gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("KITH_BIND", f"127.0.0.1:{os.environ.get('KITH_PORT', '8000')}"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("KITH_WORKERS", 0)) or None)
        parser.add_argument("--migrate", action="store_true", help="Apply migrations before serving.")
        parser.add_argument("--dry-run", action="store_true", help="Print the gunicorn command instead of running it.")

    def handle(self, *args, bind: str, workers: int | None, migrate: bool, dry_run: bool, **options):
        workers = workers or multiprocessing.cpu_count() * 2 + 1
        if settings.DEBUG:
            self.stderr.write(self.style.WARNING("KITH_DEBUG is on: set KITH_DEBUG=0 in production."))
        if migrate:
            call_command("migrate", interactive=False, verbosity=1)
        if os.environ.get("KITH_COLLECTSTATIC", "1") != "0":  # several instances: collect once before
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn", "kith.wsgi:application",
            "--bind", bind, "--workers", str(workers),
            # gunicorn believes X-Forwarded-Proto from the same proxies Django does (kith.core.proxy).
            "--forwarded-allow-ips", ",".join(settings.KITH_TRUSTED_PROXIES),
            "--error-logfile", "-",
        ]
        if os.environ.get("KITH_ACCESS_LOG", "") not in ("", "0"):
            # Kith writes its own request line with the request id (logger kith.request).
            argv += ["--access-logfile", "-"]
        if graceful := os.environ.get("KITH_GRACEFUL_TIMEOUT"):
            argv += ["--graceful-timeout", graceful]
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        self.stdout.write(f"Serving Kith on http://{bind} with {workers} workers")
        sys.stdout.flush()
        os.execv(sys.executable, argv)
