"""Kith's signal receivers are held strongly.

Receivers defined inside ``AppConfig.ready`` are local functions: connected weakly (Django's
default) they live only as long as something else refers to them, and in a gunicorn worker
they were collected, so profile edits on a production server never reached search (the
kill -9 drill found it). Every receiver Kith connects must be held by the signal itself.
"""

import weakref

from django.db.models.signals import post_save

from kith.members.models import ConnectionEvent
from kith.members.signals import profile_changed
from kith.network.signals import block_changed


def kith_receivers(signal):
    return [(key, receiver) for key, receiver, *_ in signal.receivers if key[0] and str(key[0]).startswith("kith-")]


def test_every_kith_receiver_is_held_strongly():
    found = kith_receivers(profile_changed) + kith_receivers(block_changed) + kith_receivers(post_save)
    assert {key[0] for key, _ in found} >= {"kith-search-reindex", "kith-messaging-recount-unread", "kith-graph-stale"}
    weak = [key[0] for key, receiver in found if isinstance(receiver, weakref.ReferenceType)]
    assert weak == []
    assert ConnectionEvent  # the graph's receiver listens to the connection event log
