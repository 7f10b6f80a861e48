"""A small HTTP proxy on 127.0.0.1 in front of CKAN that records and breaks chosen requests.

    with FaultProxy(ckan_url) as proxy:
        proxy.fault = lambda action, n: "503" if action == "resource_create" and n == 3 else None
        publish_catalog(out, replace(config, url=proxy.url))
        proxy.actions      # every action that reached the proxy, in order

``fault(action, n)`` gets the API action name ("" for other paths) and how many requests for
that action the proxy has seen (1-based) and returns None (forward) or one of

* ``"503"``       answer 503 without forwarding (CKAN never sees the request);
* ``"drop"``      close the connection without forwarding;
* ``"drop_after"`` forward, let CKAN finish, then close the connection without an answer
                   (the client cannot know whether the write happened);
* ``"down"``      from now on answer every request with 503 (``proxy.down = False`` ends it);
* a callable      called after forwarding the request bytes and before reading CKAN's
                   answer (e.g. to kill the server mid-request); the connection is then dropped.
"""
from __future__ import annotations

import http.client
import re
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from tests.loopback import LoopbackHTTP, handler_calling

_ACTION = re.compile(r"/api/(?:\d/)?action/([a-z_]+)")
_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te", "upgrade"}


class FaultProxy:
    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port or 80)
        self.fault = lambda action, n: None
        self.down = False
        self.actions: list[str] = []
        self.faults: list[tuple[str, int, str]] = []
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._http = LoopbackHTTP(handler_calling(self._handle, ("GET", "POST")))
        self.url = self._http.url

    def __enter__(self):
        self._http.__enter__()
        return self

    def __exit__(self, *exc):
        self._http.__exit__(*exc)

    @property
    def writes(self) -> list[str]:
        from publish.ckan.client import READ_ACTIONS

        return [a for a in self.actions if a and a not in READ_ACTIONS]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        m = _ACTION.search(h.path)
        action = m.group(1) if m else ""
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        with self._lock:
            self._seen[action] += 1
            n = self._seen[action]
            self.actions.append(action)
            decision = "503" if self.down else self.fault(action, n)
            if decision == "down":
                self.down, decision = True, "503"
            if decision is not None:
                self.faults.append((action, n, decision if isinstance(decision, str) else "hook"))
        if decision == "503":
            payload = b"<html><body>503 Service Unavailable (fault injected)</body></html>"
            h.send_response(503)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(payload)))
            h.end_headers()
            h.wfile.write(payload)
            return
        if decision == "drop":
            self._drop(h)
            return
        headers = {k: v for k, v in h.headers.items() if k.lower() not in _HOP}
        conn = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            conn.request(h.command, h.path, body=body, headers=headers)
            if callable(decision):
                decision()
                self._drop(h)
                return
            resp = conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self._drop(h)  # upstream gone: the client sees a broken connection
            return
        finally:
            conn.close()
        if decision == "drop_after":
            self._drop(h)
            return
        h.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in _HOP and k.lower() != "content-length":
                h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
