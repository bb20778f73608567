"""Kith: a professional network a community runs for itself."""

from kith.celery import app as celery_app

__all__ = ["celery_app"]
