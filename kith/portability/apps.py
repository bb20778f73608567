from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "kith.portability"
    label = "portability"
    verbose_name = "Portability"
