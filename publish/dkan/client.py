"""Talking to DKAN 2's metastore API: basic auth, retries with backoff, call counting, readable errors.

Every request ratsdaten sends to DKAN is idempotent (GET, PUT of a whole dataset, DELETE), so a
request that got no answer (connection lost, timeout) or a 5xx/429 answer is sent again after a
bounded exponential backoff. A 4xx answer becomes :class:`DkanRejected`, naming the request, the
dataset, DKAN's message and the JSON pointer DKAN names for schema violations. Texts that leave
this module never contain the password (nor the basic-auth header made from it).
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any, Callable

import requests

from publish.dkan.config import Password
from publish.errors import PublishError
from publish.portal import connection_cause
from publish.retry import RetryPolicy
from publish.secret import scrub

log = logging.getLogger("ratsdaten.publish.dkan")

API = "/api/1/metastore/schemas/dataset"


class DkanError(PublishError):
    """Publishing to DKAN failed. The message is meant for a person and never holds the password."""


class DkanUnavailable(DkanError):
    """DKAN did not answer usefully (connection error, timeout, 5xx) after all retries.
    ``cause`` says how ("connection refused", "HTTP 503"), ``request`` which request."""

    def __init__(self, message: str, request: str = "", cause: str = ""):
        super().__init__(message)
        self.request, self.cause = request, cause


class DkanRejected(DkanError):
    """DKAN refused a request (4xx), or a payload failed DKAN's dataset schema before it was sent
    (``status`` None)."""

    def __init__(self, request: str, dataset: str | None, status: int | None, message: str,
                 pointer: str | None = None):
        self.request, self.dataset, self.status, self.message, self.pointer = request, dataset, status, message, pointer
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" for dataset {self.dataset!r}" if self.dataset else ""
        at = f" at {self.pointer}" if self.pointer else ""
        how = f"HTTP {self.status}" if self.status else "before sending"
        return f"DKAN rejected {self.request}{where} ({how}){at}: {self.message}"


class DkanClient:
    """``request(method, path, kind=...)`` -> (status, JSON body or None). ``calls`` counts by kind."""

    def __init__(self, url: str, user: str | None, password: Password | None, *, timeout: float = 60.0,
                 connect_timeout: float = 10.0, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep):
        self.url = url.rstrip("/")
        self.user = user
        self._password = password
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retry = retry
        self._sleep = sleep
        self.calls: Counter[str] = Counter()
        self.retried = False  # whether the last request needed more than one attempt
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "ratsdaten-dkan-publisher/0.1"
        if user is not None and password is not None:
            self._session.auth = (user, password.reveal())

    def __repr__(self) -> str:
        return f"DkanClient({self.url!r}, user={self.user!r})"

    def close(self) -> None:
        self._session.close()

    def scrub(self, text: str) -> str:
        return scrub(text, self._password, user=self.user)

    def request(self, method: str, path: str, *, kind: str, dataset: str | None = None, body: Any = None,
                ok: tuple[int, ...] = (200,)) -> tuple[int, Any]:
        """Send one request (retried on transient failures); statuses in ``ok`` are answers, other
        4xx raise :class:`DkanRejected`, lasting failures :class:`DkanUnavailable`."""
        attempt = 0
        self.retried = False
        while True:
            attempt += 1
            self.calls[kind] += 1
            problem = None
            try:
                resp = self._session.request(method, self.url + path, json=body,
                                             timeout=(self.connect_timeout, self.timeout))
            except requests.exceptions.RequestException as e:
                problem = connection_cause(e)
            else:
                if resp.status_code in ok:
                    return resp.status_code, _json(resp)
                if resp.status_code >= 500 or resp.status_code == 429:
                    problem = f"HTTP {resp.status_code}"
                else:
                    data = _json(resp)
                    message, pointer = _message(data, resp)
                    raise DkanRejected(kind, dataset, resp.status_code, self.scrub(message)[:500],
                                       pointer) from None
            if attempt >= self.retry.attempts:
                what = f" (dataset {dataset!r})" if dataset else ""
                raise DkanUnavailable(self.scrub(
                    f"DKAN at {self.url} failed on {kind}{what} after {attempt} attempt(s): {problem}"),
                    kind, problem) from None
            self.retried = True
            delay = self.retry.delay(attempt)
            log.warning("%s", self.scrub(f"DKAN {kind}{' ' + dataset if dataset else ''}: {problem}; "
                                         f"retrying in {delay:.1f}s"))
            self._sleep(delay)


def _json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _message(data: Any, resp: requests.Response) -> tuple[str, str | None]:
    """DKAN's error body {"message", "status", "data": {"pointer", "message"}} -> (message, pointer)."""
    if isinstance(data, dict):
        message = str(data.get("message") or resp.reason or "")
        detail = data.get("data") if isinstance(data.get("data"), dict) else {}
        if detail.get("message"):
            message = f"{message} {detail['message']}".strip()
        pointer = detail.get("pointer")
        return message, (str(pointer) if pointer not in (None, "") else None)
    return (resp.reason or f"HTTP {resp.status_code}"), None
