"""Talking to an OParl API (1.0 and 1.1): objects, paginated lists, file downloads.

HTTP is requests with urllib3's ``Retry``: connection errors, timeouts, 429 and 5xx answers are
retried with exponential backoff (and ``Retry-After``), so a flaky RIS costs time, not data. What
still fails becomes an :class:`OParlError` with the URL and the reason, never a traceback.
Every loop is bounded: pages per list walk (``max_pages``), bytes per download (``max_bytes``).
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import parse_qs, urlencode, urljoin, urlparse, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

USER_AGENT = "ratsdaten (OParl source; https://schema.oparl.org/)"
_TYPE = re.compile(r"^https://schema\.oparl\.org/1\.[01]/(\w+)$")


class OParlError(Exception):
    """An OParl request that failed after its retries, or an answer that is not OParl."""


@dataclass(frozen=True)
class Limits:
    """Bounds of one run against a RIS."""

    max_pages: int = 2000               # list pages per walk (a RIS whose `next` links never end)
    max_downloads: int = 500            # minutes files downloaded per run; the rest come next run
    max_bytes: int = 200 * 1024 * 1024  # per file
    retries: int = 4                    # per request, after the first try
    backoff: float = 2.0                # seconds; doubles with every retry
    timeout: float = 60.0               # seconds to connect and between bytes


def oparl_type(obj) -> str | None:
    """``"Meeting"`` for an object of type ``https://schema.oparl.org/1.x/Meeting``, else None."""
    m = _TYPE.match(obj.get("type") or "") if isinstance(obj, dict) else None
    return m.group(1) if m else None


def server_time(response: requests.Response) -> dt.datetime | None:
    """The server's clock (HTTP ``Date``), UTC: what a later ``modified_since`` must be measured against."""
    try:
        when = email.utils.parsedate_to_datetime(response.headers.get("Date", ""))
    except (TypeError, ValueError):
        return None
    return when.astimezone(dt.timezone.utc) if when else None


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` added to its query, unless the query already has them."""
    parts = urlsplit(url)
    have = parse_qs(parts.query)
    extra = {k: v for k, v in params.items() if v is not None and k not in have}
    if not extra:
        return url
    query = parts.query + ("&" if parts.query else "") + urlencode(extra)
    return urlunsplit(parts._replace(query=query))


class Client:
    """One HTTP session against a RIS (use as a context manager; not shared between processes)."""

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits
        retry = Retry(
            total=limits.retries, connect=limits.retries, read=limits.retries, status=limits.retries,
            backoff_factor=limits.backoff / 2,   # urllib3 sleeps factor * 2**(n-1): backoff, 2*backoff, ...
            backoff_max=300, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",),
            respect_retry_after_header=True, raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.last_response: requests.Response | None = None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def _get(self, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.get(url, timeout=self.limits.timeout, **kwargs)
        except requests.exceptions.RetryError as exc:
            raise OParlError(f"{url}: the server kept failing ({_reason(exc)})") from None
        except requests.exceptions.ConnectionError as exc:
            raise OParlError(f"{url}: cannot connect ({_reason(exc)})") from None
        except requests.exceptions.Timeout:
            raise OParlError(f"{url}: no answer within {self.limits.timeout:g} s") from None
        except requests.exceptions.RequestException as exc:
            raise OParlError(f"{url}: {_reason(exc)}") from None
        if response.status_code >= 400:
            response.close()
            raise OParlError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
        self.last_response = response
        return response

    def get_json(self, url: str):
        response = self._get(url)
        try:
            return response.json()
        except ValueError:
            kind = response.headers.get("Content-Type", "unknown type")
            raise OParlError(f"{url}: the answer is not JSON ({kind})") from None

    def get_object(self, url: str, expected: tuple[str, ...] = ()) -> dict:
        """One OParl object; with ``expected`` its type must be one of those."""
        obj = self.get_json(url)
        if not isinstance(obj, dict):
            raise OParlError(f"{url}: the answer is not an OParl object")
        if expected and oparl_type(obj) not in expected:
            got = obj.get("type") or "no type"
            raise OParlError(f"{url}: not an OParl {' or '.join(expected)} (type: {got})")
        return obj

    def walk_list(self, url: str, modified_since: str | None = None, pages: list | None = None) -> Iterator[dict]:
        """Every entry of an external list, page after page along ``links.next``.

        ``modified_since`` goes into the first request and into every ``next`` link that lacks it.
        ``pages`` (if given) gets one entry per page fetched: (url, server time of the answer).
        Stops with OParlError at ``max_pages`` pages or a ``next`` link seen before (a loop).
        """
        seen: set[str] = set()
        next_url: str | None = with_query(url, modified_since=modified_since)
        while next_url:
            if next_url in seen:
                raise OParlError(f"{url}: the list's next links loop back to {next_url}")
            if len(seen) >= self.limits.max_pages:
                raise OParlError(f"{url}: more than {self.limits.max_pages} pages (raise the page bound "
                                 "if the RIS really has that many)")
            seen.add(next_url)
            page = self.get_json(next_url)
            if pages is not None:
                pages.append((next_url, server_time(self.last_response)))
            if isinstance(page, list):   # some RIS answer an empty filtered list with []
                page = {"data": page}
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise OParlError(f"{next_url}: not an OParl list page (no 'data' array)")
            yield from (e for e in page["data"] if isinstance(e, dict))
            nxt = (page.get("links") or {}).get("next")
            next_url = with_query(urljoin(next_url, nxt), modified_since=modified_since) if nxt else None

    def download(self, url: str) -> tuple[bytes, str | None]:
        """A file's bytes and its Content-Type; larger than ``max_bytes`` is an OParlError."""
        response = self._get(url, stream=True, headers={"Accept": "*/*"})
        limit = self.limits.max_bytes
        try:
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise OParlError(f"{url}: {declared} bytes, more than the bound of {limit}")
            chunks, size = [], 0
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > limit:
                    raise OParlError(f"{url}: more than the bound of {limit} bytes")
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise OParlError(f"{url}: the download broke off ({_reason(exc)})") from None
        finally:
            response.close()
        return b"".join(chunks), response.headers.get("Content-Type")


def _reason(exc: Exception) -> str:
    """The innermost cause of a requests/urllib3 error, without object reprs."""
    inner = exc
    while inner.args and isinstance(inner.args[0], Exception):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    text = str(reason if reason is not None else inner)
    text = re.sub(r"<[^>]+>: ", "", text)          # "<urllib3.connection...object at 0x..>: " prefixes
    text = re.sub(r"^\w*Connection(?:Pool)?\([^)]*\):\s*", "", text)   # "HTTPConnection(host=.., port=..): "
    return re.sub(r"\s+", " ", text).strip()[:200]


def resolve_url(base: str, url: str | None) -> str | None:
    """``url`` made absolute against ``base`` (None and "" stay None)."""
    return urljoin(base, url) if url else None


def host_of(url: str) -> str:
    return urlparse(url).netloc
