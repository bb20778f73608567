"""Signals members' actions send. They only keep derived copies in step (a cache, an index).

``profile_changed(profile_id=…)`` is sent by every action that writes what a profile
shows (its fields, positions, education, skills, privacy, photo). The search app keeps
its index from it: the index is a copy of the members tables, rebuilt from them, and
this app sits below search, so it tells rather than calls.
"""

from django.dispatch import Signal

profile_changed = Signal()
