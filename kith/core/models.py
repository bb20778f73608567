"""The kernel's own tables: counters for rate limits with no domain table to count."""

from django.db import models


class RateCounter(models.Model):
    """How many times one thing happened in one fixed window (``kith.core.ratelimit``'s
    database store, the embedded default; with Redis the counts live there instead).

    ``key`` names the limit, the hashed subject (an address, an email, a member) and the
    window. A row outlives its window by a little and is then purged.
    """

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
