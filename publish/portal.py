"""What the portal clients (CKAN, DKAN) share: the bounds of the check before a run, and short
causes for failed connections.

The check before a run makes one try per request (no retries), waits at most
``CHECK_TIMEOUT`` per request and ends within ``CHECK_DEADLINE`` seconds, so an unreachable or
misconfigured portal stops a run in well under 30 seconds with one line naming the cause.
"""
from __future__ import annotations

import time

import requests

CHECK_TIMEOUT = (5.0, 10.0)  # seconds: connect, answer
CHECK_DEADLINE = 25.0


class Deadline:
    """The time left for a check; each request waits at most what is left."""

    def __init__(self, seconds: float = CHECK_DEADLINE):
        self.end = time.monotonic() + seconds

    def timeout(self, limit: float = CHECK_TIMEOUT[1]) -> float:
        return max(0.5, min(limit, self.end - time.monotonic()))

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.end


def connection_cause(exc: requests.RequestException) -> str:
    """A few words for why a request got no answer: "connection refused", "no answer within 10 s"..."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "no connection within the time limit"
    if isinstance(exc, requests.exceptions.Timeout):
        return "no answer within the time limit"
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "failed to resolve" in low or "nodename nor servname" in low:
        return "host name not found"
    if "reset by peer" in low:
        return "connection reset"
    if "remotedisconnected" in low or "connection aborted" in low or "remote end closed" in low:
        return "connection closed without an answer"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection error"
    return text if len(text) <= 160 else text[:160] + "…"
