"""The Celery app. Tasks run inline unless KITH_REDIS_URL points at a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

app = Celery("kith")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
