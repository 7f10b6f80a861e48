"""A temporary Prefect API for one ``ratsdaten run`` from the console, started before the run's imports.

Without ``PREFECT_API_URL`` Prefect runs a flow in ephemeral mode: it imports its whole server into
the run's process (about 2 s) and only then starts it in a subprocess and waits for it (about 4 s).
A nightly run with nothing to do is mostly that wait. The console script instead starts
``prefect server start`` (API only, no UI, no services, 127.0.0.1) as soon as the options are
checked, so the server boots while the run imports its modules and reads the source; the flow then
reaches it through ``PREFECT_API_URL`` like any other server, and the server is stopped when the
command ends. Runs inside another program (tests, notebooks) keep Prefect's own ephemeral mode.
"""
from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from flows.lifetime import die_with_parent

STARTUP_TIMEOUT_S = 120   # as PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS in flows.cli

enabled = False           # set by the console script (flows.cli.main)


class ServerDidNotStart(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(port: int) -> list[str]:
    return [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
            "--no-ui", "--no-services", "--analytics-off"]


class TemporaryServer:
    """``prefect server start`` on a free loopback port, in its own process group."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.log = tempfile.TemporaryFile()
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
        parent = os.getpid()
        # Its own session, so a Ctrl-C in the terminal reaches the run, which stops the server in order;
        # and it dies with the run even when the run is killed (SIGKILL), instead of living on as an orphan.
        self.process = subprocess.Popen(
            command(self.port), stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True, preexec_fn=functools.partial(die_with_parent, signal.SIGTERM, parent),
        )

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Return when the API answers; :class:`ServerDidNotStart` (with the server's last words) otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerDidNotStart(f"the temporary Prefect API server exited with code "
                                        f"{self.process.returncode}: {self._tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise ServerDidNotStart(f"the temporary Prefect API server did not answer within {timeout:.0f} s: {self._tail()}")

    def _tail(self) -> str:
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return " | ".join(text[-5:]) or "(no output)"

    def stop(self) -> None:
        """Stop the server and anything it started (its process group)."""
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()
