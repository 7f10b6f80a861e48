"""How long the processes of a run live: no longer than the run.

A scheduler's timeout, ``systemctl stop`` or ``timeout`` end a run with SIGTERM; an out-of-memory
killer or ``kill -9`` with SIGKILL. Neither may leave the run's helpers behind (the temporary Prefect
API server holds ~220 MB; parse workers hold documents):

- :func:`stop_on_sigterm` turns SIGTERM into the same clean stop as Ctrl-C (``KeyboardInterrupt``:
  staging removed, helpers stopped, the published catalog untouched) and remembers it, so the
  command can exit with 143 as a terminated process does;
- :func:`die_with_parent` asks Linux to signal a helper process when the process that started it
  is gone, however it ended (``prctl(PR_SET_PDEATHSIG)``; SIGKILL can't be caught, so the helper
  must learn of it by itself);
- :func:`exit_with` does the same for a process whose parent is not the run: parse workers are
  forked by multiprocessing's fork server, which waits for its workers, which wait for work from a
  run that is gone. A watchdog thread in each worker waits for the run's process to end.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import sys
import threading
import time

EXIT_TERMINATED = 128 + signal.SIGTERM   # 143, as a shell reports a process ended by SIGTERM
_PR_SET_PDEATHSIG = 1


class Terminated:
    """Whether a SIGTERM arrived while :func:`stop_on_sigterm` was active."""

    def __init__(self) -> None:
        self.received = False


@contextlib.contextmanager
def stop_on_sigterm():
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` in the main thread (as Ctrl-C does)."""
    terminated = Terminated()

    def handler(signum, frame):
        terminated.received = True
        raise KeyboardInterrupt("SIGTERM")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield terminated
    finally:
        signal.signal(signal.SIGTERM, previous)


def die_with_parent(sig: int = signal.SIGTERM, parent: int | None = None) -> None:
    """Have this process receive ``sig`` when its parent exits (Linux); elsewhere, nothing.

    Run in the child: as ``preexec_fn`` of a subprocess or as a process pool's ``initializer``. The
    signal follows the *thread* that started the child, so start helpers from the main thread.
    ``parent``: the pid that started us, if known; if it is already gone we stop at once.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:   # the parent died before prctl took effect
        os.kill(os.getpid(), sig)


def exit_with(pid: int, sig: int = signal.SIGTERM) -> None:
    """Signal this process with ``sig`` once process ``pid`` has ended (a daemon watchdog thread).

    Waits on a pidfd (Linux 5.3+: no polling, no confusion with a later process of the same pid);
    elsewhere checks once a second.
    """
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os.kill(os.getpid(), sig)
        return
    except (AttributeError, OSError):
        handle = None

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while True:
                time.sleep(1)
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os.kill(os.getpid(), sig)

    threading.Thread(target=watch, name=f"exit-with-{pid}", daemon=True).start()
