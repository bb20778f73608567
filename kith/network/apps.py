from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kith.network"
    label = "network"
