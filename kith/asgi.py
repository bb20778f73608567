import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
application = get_asgi_application()

from kith.warmup import settle_gc, warm_up  # noqa: E402

warm_up()  # as in kith.wsgi
settle_gc()
