import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
application = get_wsgi_application()

# What is loaded by now lives as long as the process: keep it out of the cyclic
# garbage collector, whose full passes over it cost ~100 ms of a request
# (a search's p95 at 1M members, bench/RESULTS.md).
gc.freeze()
