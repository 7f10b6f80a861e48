"""A test RIS on 127.0.0.1: the real Sternberg SD.NET crawl (../shared/reference/oparl/real/), served as
the original server would, with its URLs rewritten to this server.

- Unfiltered list pages are the crawl's own pages (their entries as changed by a test, if at all);
  with ``modified_since`` the list is filtered on ``modified`` and paginated anew (25 per page, the
  filter carried in every ``next`` link), as the OParl spec asks.
- Single objects (System, Body, every list entry) answer at their own URL.
- Behind a meeting's ``resultsProtocol`` URLs: a PDF Niederschrift written from that meeting's data
  (tests/oparl/minutes_double.py); the crawl does not hold the original files.
- Tests can change a meeting (new ``modified``, new minutes), delete it, make requests fail with
  HTTP 500, and read the request log.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.loopback import LoopbackHTTP
from tests.oparl.minutes_double import minutes_pdf, minutes_text

ORIGINAL = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/"
PAGE = 25
LISTS = ("meeting", "organization", "person", "paper")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).astimezone().replace(microsecond=0).isoformat()


class CrawlRIS:
    def __init__(self, crawl: Path):
        self.crawl = crawl
        self._http = LoopbackHTTP(_handler(self))
        self.base = f"{self._http.url}/rim4220/webservice/oparl/v1.0/"
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.failures: list[list] = []          # [predicate, remaining count, status]
        self.versions: dict[str, int] = {}      # meeting id -> minutes version
        self.pages: dict[str, list[dict]] = {}  # crawl page key -> page JSON
        self.entries: dict[str, list[str]] = {l: [] for l in LISTS}   # list -> entry ids in crawl order
        self.objects: dict[str, dict] = {}
        self._load()

    # -- the crawl ----------------------------------------------------------------------------------

    def _rewrite(self, text: str) -> str:
        return text.replace(ORIGINAL, self.base)

    def _load(self) -> None:
        for path in sorted(self.crawl.rglob("*.json")):
            rel = path.relative_to(self.crawl).as_posix().removesuffix(".json")
            if rel == "missing_ids":
                continue
            data = json.loads(self._rewrite(path.read_text(encoding="utf-8")))
            self.pages[rel] = data
        self.objects[self.base + "system"] = self.pages["system"]
        for body in self.pages["body"]["data"]:
            self.objects[body["id"]] = body
        for name in LISTS:
            n = 1
            while (key := f"body/1/{name}" if n == 1 else f"body/1/{name}?page={n}") in self.pages:
                for e in self.pages[key]["data"]:
                    self.entries[name].append(e["id"])
                    self.objects[e["id"]] = e
                n += 1
        self.files: dict[str, str] = {}   # file URL -> meeting id
        for mid in self.entries["meeting"]:
            protocol = self.objects[mid].get("resultsProtocol")
            if protocol:
                for key in ("accessUrl", "downloadUrl"):
                    self.files[protocol[key]] = mid

    def meetings_with_minutes(self) -> list[dict]:
        return [self.objects[m] for m in self.entries["meeting"] if self.objects[m].get("resultsProtocol")]

    def gremium(self, meeting: dict) -> str:
        return self.objects[meeting["organization"][0]]["name"]

    # -- what tests change --------------------------------------------------------------------------

    def change_meeting(self, mid: str) -> None:
        """New minutes and a new ``modified`` (now) for one meeting."""
        with self.lock:
            self.versions[mid] = self.versions.get(mid, 0) + 1
            self.objects[mid] = {**self.objects[mid], "modified": _now()}

    def delete_meeting(self, mid: str) -> None:
        with self.lock:
            old = self.objects[mid]
            self.objects[mid] = {"id": mid, "created": old.get("created"), "modified": _now(), "deleted": True}

    def fail(self, pattern: str, times: int, status: int = 500) -> None:
        """Answer ``status`` to the next ``times`` requests whose path and query match ``pattern``."""
        with self.lock:
            self.failures.append([re.compile(pattern), times, status])

    def downloads(self) -> list[str]:
        return [r for r in self.requests if "/files/" in r]

    def minutes(self, mid: str, version: int) -> bytes:
        meeting = self.objects[mid]
        original = json.dumps(meeting, sort_keys=True).replace(self.base, ORIGINAL)   # the same key on any port
        return _minutes(version, original, self.gremium(meeting))

    # -- answering ----------------------------------------------------------------------------------

    def answer(self, path: str, query: str) -> tuple[int, str, bytes]:
        url = f"{self._http.url}{path}"
        with self.lock:
            self.requests.append(path + ("?" + query if query else ""))
            for f in self.failures:
                if f[1] > 0 and f[0].search(path + "?" + query):
                    f[1] -= 1
                    return f[2], "text/plain", b"failing on purpose"
        if url in self.files:
            mid = self.files[url]
            if self.objects[mid].get("deleted"):
                return 404, "text/plain", b"gone"
            return 200, "application/pdf", self.minutes(mid, self.versions.get(mid, 0))
        if not url.startswith(self.base):
            return 404, "text/plain", b"not found"
        rel = url[len(self.base):]
        params = {k: v[0] for k, v in parse_qs(query).items()}
        name = rel.removeprefix("body/1/")
        if rel == "body":
            return _json(self.pages["body"])
        if name in LISTS and rel.startswith("body/1/"):
            return _json(self._page(name, int(params.get("page", 1)), params.get("modified_since")))
        if url in self.objects:
            return _json(self.objects[url])
        return 404, "application/json", b'{"error": "not found"}'

    def _page(self, name: str, n: int, since: str | None) -> dict:
        if since is None:
            key = f"body/1/{name}" if n == 1 else f"body/1/{name}?page={n}"
            page = self.pages.get(key, {"data": [], "links": {}, "pagination": {}})
            return {**page, "data": [self.objects[e["id"]] for e in page["data"]]}
        when = dt.datetime.fromisoformat(since)
        data = [self.objects[i] for i in self.entries[name]
                if dt.datetime.fromisoformat(self.objects[i]["modified"]) >= when]
        pages = max(1, -(-len(data) // PAGE))
        link = lambda k: f"{self.base}body/1/{name}?{urlencode({'page': k, 'modified_since': since})}"
        links = {"first": link(1), "self": link(n), "last": link(pages)}
        if n < pages:
            links["next"] = link(n + 1)
        return {"data": data[(n - 1) * PAGE: n * PAGE], "links": links,
                "pagination": {"totalElements": len(data), "elementsPerPage": PAGE, "currentPage": n,
                               "totalPages": pages}}

    # -- lifecycle ----------------------------------------------------------------------------------

    def __enter__(self) -> "CrawlRIS":
        self._http.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._http.__exit__(*exc)


@lru_cache(maxsize=None)
def _minutes(version: int, meeting: str, gremium: str) -> bytes:
    """Generated once per test session (PDF writing is the slow part); the same on every port."""
    return minutes_pdf(minutes_text(json.loads(meeting), gremium, version))


def _json(obj) -> tuple[int, str, bytes]:
    return 200, "application/json", json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _handler(ris: CrawlRIS):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            status, kind, body = ris.answer(parts.path, parts.query)
            self.send_response(status)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if "json" in kind else ""))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler
