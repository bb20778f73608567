"""Signals the network's actions send, for the apps above it that keep copies in step.

``block_changed(blocker_id=…, blocked_id=…)`` is sent inside the transaction of every
block and unblock. Messaging answers it by recounting the unread messages the two members
share in group conversations: a blocked member's messages are never shown, so they must
not be counted either (this app sits below messaging, so it tells rather than calls).
"""

from django.dispatch import Signal

block_changed = Signal()
