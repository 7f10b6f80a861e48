"""HTTP servers for tests: on 127.0.0.1 at a free port, a thread per request, stopped when the block ends."""
from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackHTTP:
    """``with LoopbackHTTP(handler_class) as http: ... http.url``"""

    def __init__(self, handler_class: Callable[..., BaseHTTPRequestHandler]):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        # (a short poll: shutdown() waits for it, at the end of every test that serves)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self) -> "LoopbackHTTP":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


def handler_calling(handle: Callable[[BaseHTTPRequestHandler], None],
                    methods: tuple[str, ...] = ("GET", "POST")) -> type[BaseHTTPRequestHandler]:
    """A quiet HTTP/1.1 request handler class that passes each request of ``methods`` to ``handle``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

    for method in methods:
        setattr(Handler, f"do_{method}", lambda request: handle(request))
    return Handler
