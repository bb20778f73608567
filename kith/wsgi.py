import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
application = get_wsgi_application()

# Only a server imports this module (runserver and gunicorn): pay for templates, URLs and the
# connection graph now rather than on the first page (KITH_WARMUP=0 skips it).
from kith.warmup import warm_up  # noqa: E402

warm_up()

# What is loaded by now lives as long as the process: keep it out of the cyclic
# garbage collector, whose full passes over it cost ~100 ms of a request
# (a search's p95 at 1M members, bench/RESULTS.md).
gc.freeze()
