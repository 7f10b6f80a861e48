"""Bounded exponential backoff, shared by the portal clients.

Retries are for faults in the middle of a publish (a dropped connection, a timeout, a 5xx answer).
The check before a run never retries: an unreachable or misconfigured portal is reported at once.
"""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # tries per request, first one included
    base_delay: float = 0.5  # seconds before the 2nd try; doubled each time
    max_delay: float = 8.0
    jitter: float = 0.1  # +-10 %

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        d = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return d * (1 + random.uniform(-self.jitter, self.jitter))


NO_RETRY = RetryPolicy(attempts=1)
