from django.apps import AppConfig


class DemoConfig(AppConfig):
    """A demo community (``kith demo``) and the measurements run on one (``kith insightsquality``).

    It writes across every app, so it sits above them all and nothing imports it.
    """

    name = "kith.demo"
    label = "demo"
