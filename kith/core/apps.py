from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "kith.core"
    label = "core"

    def ready(self) -> None:
        from kith.core import lookups
        from kith.core.inputs import IdConverter

        lookups.register()  # __in on integer columns: one array parameter on PostgreSQL

        register_converter(IdConverter, "id")
