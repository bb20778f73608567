"""The Celery app. Tasks run inline unless KITH_REDIS_URL points at a broker."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

app = Celery("kith")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_heartbeat = None


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **kwargs):
    """A worker that consumes the queue says so (kith.core.heartbeat; /readyz reads it)."""
    global _heartbeat
    from django.conf import settings

    if settings.REDIS_URL:
        from kith.core import heartbeat

        _heartbeat = (heartbeat.start(sender.hostname), sender.hostname)


@signals.worker_shutdown.connect
def _stop_heartbeat(sender=None, **kwargs):
    if _heartbeat is not None:
        _heartbeat[0].set()
        from kith.core import heartbeat

        try:
            heartbeat.forget(_heartbeat[1])
        except Exception:  # noqa: BLE001 - shutting down: Redis may be gone first
            pass
