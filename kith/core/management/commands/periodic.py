"""`kith periodic`: run the beat schedule's tasks without a Celery beat (the embedded default).

With Redis and workers, run `celery -A kith worker -B` instead. `--once` runs every
task once (for cron); otherwise each task runs on its own interval until stopped.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the periodic tasks (invitation expiry, unread-message email) inline, on their schedule."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run each task once and exit.")

    def handle(self, *args, once: bool, **options):
        schedule = {name: (entry["task"], float(entry["schedule"])) for name, entry in settings.CELERY_BEAT_SCHEDULE.items()}
        due = dict.fromkeys(schedule, 0.0)
        while True:
            now = time.monotonic()
            for name, (task, every) in schedule.items():
                if now >= due[name]:
                    try:
                        import_string(task).apply().get()
                    except Exception as exc:  # one failing task must not stop the others
                        self.stderr.write(f"{name}: {exc!r}")
                    due[name] = now + every
            if once:
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))
