"""The notifications introductions send, registered with kith.notifications on start-up.

Templates: templates/notifications/kinds/<kind>.html/.txt and templates/notifications/email/<kind>.txt / <kind>_subject.txt.
"""

from django.urls import reverse

from kith.notifications import kinds

INTRODUCTION_REQUESTED = "introduction_requested"  # to an introducer: someone asks you to introduce them
INTRODUCTION_RECEIVED = "introduction_received"  # to the target: you have been introduced
INTRODUCTION_MADE = "introduction_made"  # to the asker: your introduction reached its target
INTRODUCTION_CONNECTED = "introduction_connected"  # to the asker: the target connected


def register() -> None:
    kinds.register(INTRODUCTION_REQUESTED, label="Someone asks me to introduce them", url=lambda n: reverse("introductions:box") + "?box=to_forward")
    kinds.register(INTRODUCTION_RECEIVED, label="Someone introduces me to a member", url=lambda n: reverse("introductions:detail", args=[n.target_id]))
    kinds.register(INTRODUCTION_MADE, label="My introduction reaches the member", url=lambda n: reverse("introductions:box") + "?box=sent", email=False)
    kinds.register(INTRODUCTION_CONNECTED, label="I connect through an introduction", url=lambda n: reverse("introductions:detail", args=[n.target_id]))
