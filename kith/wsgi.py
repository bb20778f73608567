import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
application = get_wsgi_application()

# Only a server imports this module (runserver and gunicorn): pay for templates, URLs and the
# connection graph now rather than on the first page (KITH_WARMUP=0 skips it).
from kith.warmup import settle_gc, warm_up  # noqa: E402

warm_up()
settle_gc()
