"""Talking to CKAN: the API token, retries, call counting and readable errors.

Everything here wraps ckanapi's ``RemoteCKAN``; ``publish/ckan/sync.py`` decides *what* to call.

* :class:`ApiToken` holds the token (a :class:`~publish.secret.Secret`: never printed, never
  pickled); :func:`~publish.secret.scrub` removes it from any text we log or raise (defence in
  depth: CKAN and requests do not echo request headers, but a message is checked anyway).
* :class:`CkanClient` counts every action it calls (``calls``), retries connection errors,
  timeouts, HTTP 429 and 5xx answers with bounded exponential backoff, and turns CKAN's 4xx
  answers into :class:`CkanRejected` naming the action, the dataset, the fields and CKAN's text.
  Write actions are retried only when the request never reached CKAN or CKAN answered 5xx
  *before* doing anything (``retry_writes``); the publisher prefers to re-read and re-plan.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any, Callable

import ckanapi
import requests

from publish.errors import PublishError
from publish.portal import connection_cause
from publish.retry import RetryPolicy
from publish.secret import Secret, scrub

__all__ = ["READ_ACTIONS", "ApiToken", "CkanClient", "CkanError", "CkanRejected", "CkanUnavailable",
           "RetryPolicy", "scrub"]

log = logging.getLogger("ratsdaten.publish.ckan")

READ_ACTIONS = frozenset(
    {
        "status_show",
        "package_show",
        "resource_show",
        "organization_show",
        "organization_list_for_user",
        "package_search",
        "package_list",
    }
)


class ApiToken(Secret):
    """A CKAN API token that does not print itself. ``reveal()`` is the only way to the text."""

    __slots__ = ()
    what = "CKAN API token"


class CkanError(PublishError):
    """Publishing to CKAN failed. The message is meant for a person and never holds the token."""


class CkanUnavailable(CkanError):
    """CKAN did not answer usefully (connection error, timeout, 5xx) after all retries.
    ``cause`` says how ("connection refused", "HTTP 503"), ``action`` on which call."""

    def __init__(self, message: str, action: str = "", cause: str = ""):
        super().__init__(message)
        self.action, self.cause = action, cause


class CkanRejected(CkanError):
    """CKAN refused a request (4xx: validation, authorisation, ...).

    ``fields`` maps a field name (dotted for resources: ``resources[1].url``; "" for a message
    that names no field) to CKAN's text; ``kind`` is "validation", "authorization" or "other".
    """

    def __init__(self, action: str, dataset: str | None, fields: dict[str, str], kind: str):
        self.action, self.dataset, self.fields, self.kind = action, dataset, fields, kind
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" for dataset {self.dataset!r}" if self.dataset else ""
        parts = [f"{k}: {v}" if k else v for k, v in self.fields.items()]
        detail = "; ".join(parts) or "(no details)"
        text = f"CKAN rejected {self.action}{where} ({self.kind}): {detail}"
        if self.kind == "authorization" and "API token" not in detail:
            text += (
                ". Check that the API token is valid and that its user may edit datasets "
                "of the configured organisation."
            )
        return text


class _Transient(Exception):
    """Internal: one attempt failed in a way worth retrying."""

    def __init__(self, message: str, reached_server: bool):
        super().__init__(message)
        self.reached_server = reached_server


class _RemoteCKAN(ckanapi.RemoteCKAN):
    """ckanapi's client, remembering the HTTP status of the last answer."""

    last_status: int | None = None

    def _request_fn(self, url, data, headers, files, requests_kwargs):
        self.last_status = None
        status, text = super()._request_fn(url, data, headers, files, requests_kwargs)
        self.last_status = status
        return status, text


def _flatten_errors(error: Any, prefix: str = "") -> dict[str, str]:
    """CKAN's error dict ({"name": ["..."], "resources": [{}, {"url": [..]}]}) -> field: text."""
    out: dict[str, str] = {}
    if isinstance(error, dict):
        for key, value in error.items():
            if key == "__type":
                continue
            name = key if key != "message" else ""
            sub = _flatten_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
            out.update(sub)
    elif isinstance(error, list):
        if all(isinstance(v, str) for v in error):
            out[prefix] = " ".join(error)
        else:
            for i, v in enumerate(error):
                if v:
                    out.update(_flatten_errors(v, f"{prefix}[{i}]"))
    elif error not in (None, ""):
        out[prefix] = str(error)
    return out


class CkanClient:
    """A counting, retrying ckanapi client. ``call(action, dataset=..., **data)``."""

    def __init__(
        self,
        url: str,
        token: ApiToken | None,
        *,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        user_agent: str = "ratsdaten-ckan-publisher/0.1",
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.url = url.rstrip("/")
        self._token = token
        self.timeout = timeout  # seconds to wait for an answer (per request)
        self.connect_timeout = connect_timeout
        self.retry = retry
        self._sleep = sleep
        self.calls: Counter[str] = Counter()  # action -> requests sent (retries included)
        self._ckan = _RemoteCKAN(
            self.url,
            apikey=token.reveal() if token is not None else None,
            user_agent=user_agent,
            session=requests.Session(),
        )

    def __repr__(self) -> str:
        return f"CkanClient({self.url!r})"

    def close(self) -> None:
        self._ckan.close()

    @property
    def write_calls(self) -> Counter[str]:
        return Counter({a: n for a, n in self.calls.items() if a not in READ_ACTIONS})

    def call(
        self,
        action: str,
        *,
        dataset: str | None = None,
        files: dict[str, tuple[str, Callable[[], Any]]] | None = None,
        retry_writes: bool = False,
        **data: Any,
    ) -> Any:
        """Call ``action`` with ``data``; ``files`` maps a field to (file name, opener).

        Reads are retried on transient failures. Writes are retried only if the request
        surely did not reach CKAN's action (connection refused) or ``retry_writes`` is set;
        otherwise the transient failure is raised as :class:`CkanUnavailable` so that the
        caller can re-read the state before trying again.
        """
        is_read = action in READ_ACTIONS
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(action, dataset, files, data)
            except _Transient as e:
                retryable = is_read or retry_writes or not e.reached_server
                if not retryable or attempt >= self.retry.attempts:
                    what = f" (dataset {dataset!r})" if dataset else ""
                    raise CkanUnavailable(
                        scrub(
                            f"CKAN at {self.url} failed on {action}{what} after {attempt} "
                            f"attempt(s): {e}",
                            self._token,
                        ),
                        action,
                        str(e),
                    ) from None
                delay = self.retry.delay(attempt)
                log.warning(
                    "%s", scrub(f"CKAN {action}: {e}; retrying in {delay:.1f}s", self._token)
                )
                self._sleep(delay)

    def _once(self, action, dataset, files, data):
        self.calls[action] += 1
        opened = []
        try:
            file_args = None
            if files:
                file_args = {}
                for field, (filename, opener) in files.items():
                    fh = opener()
                    opened.append(fh)
                    file_args[field] = (filename, fh)
            self._ckan.last_status = None
            return self._ckan.call_action(
                action,
                data_dict=data,
                files=file_args,
                requests_kwargs={"timeout": (self.connect_timeout, self.timeout)},
            )
        except requests.exceptions.RequestException as e:
            # Refused before anything was sent is safe to repeat; a reset mid-request is not.
            cause = connection_cause(e)
            never_sent = cause == "connection refused" or isinstance(e, requests.exceptions.ConnectTimeout)
            raise _Transient(cause, reached_server=not never_sent) from None
        except ckanapi.ValidationError as e:
            raise self._rejected(action, dataset, e, "validation") from None
        except ckanapi.NotAuthorized as e:
            raise self._rejected(action, dataset, e, "authorization") from None
        except ckanapi.NotFound:
            raise
        except (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError) as e:
            status = self._ckan.last_status
            if status is None or status >= 500 or status == 429:
                raise _Transient(f"HTTP {status}", reached_server=True) from None
            raise self._rejected(action, dataset, e, "other") from None
        finally:
            for fh in opened:
                fh.close()

    def _rejected(self, action, dataset, exc, kind) -> CkanRejected:
        error = getattr(exc, "error_dict", None)
        if error is None and exc.args:
            error = exc.args[0]
        if kind == "other":
            fields = {"": f"HTTP {self._ckan.last_status}"}
        else:
            fields = _flatten_errors(error) or {"": str(error)}
        fields = {scrub(k, self._token): scrub(v, self._token)[:500] for k, v in fields.items()}
        return CkanRejected(action=action, dataset=dataset, fields=fields, kind=kind)
