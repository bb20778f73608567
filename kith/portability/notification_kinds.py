"""The notifications portability sends, registered with kith.notifications on start-up.

Templates: templates/notifications/kinds/<kind>.html/.txt and templates/notifications/email/.
"""

from django.urls import reverse

from kith.notifications import kinds

EXPORT_READY = "data_export_ready"


def register() -> None:
    kinds.register(
        EXPORT_READY, label="My data export is ready to download", url=lambda n: reverse("portability:data"), own=True
    )
