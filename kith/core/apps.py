from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "kith.core"
    label = "core"

    def ready(self) -> None:
        from kith.core.inputs import IdConverter

        register_converter(IdConverter, "id")
