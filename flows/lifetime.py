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

import atexit
import contextlib
import ctypes
import os
import select
import signal
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

EXIT_TERMINATED = 128 + signal.SIGTERM   # 143, as a shell reports a process ended by SIGTERM
_PR_SET_PDEATHSIG = 1


class Terminated:
    """Whether a SIGTERM arrived while :func:`stop_on_sigterm` was active."""

    def __init__(self) -> None:
        self.received = False

    def caused(self, exc: BaseException) -> bool:
        """Whether ``exc`` is how a SIGTERM ended the run (and if so, remember that it arrived).

        While a flow runs, Prefect's own SIGTERM handler replaces ours. It raises its
        ``TerminationSignal``, and normally hands the signal on to us; but when it lands while the
        task engine starts a task run, the engine turns it into an error of its own ("Task run is
        not set") and ours never runs. The signal is then still in the error's chain.
        """
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen and not self.received:
            seen.add(id(exc))
            self.received = _is_sigterm(exc)
            exc = exc.__cause__ or exc.__context__
        return self.received


def _is_sigterm(exc: BaseException) -> bool:
    prefect_exceptions = sys.modules.get("prefect.exceptions")   # not loaded: no Prefect signal to find
    return (prefect_exceptions is not None and isinstance(exc, prefect_exceptions.TerminationSignal)
            and exc.signal == signal.SIGTERM)


_ours: list = []   # the handler of the active stop_on_sigterm, for sigterm_ours
_PROJECT = Path(__file__).resolve().parent.parent
_OUR_CODE = tuple(f"{_PROJECT / package}{os.sep}" for package in ("flows", "publish", "transforms", "catalog"))
_DEFER_FOR = 0.05   # s between looks whether Prefect's engine is done with its bookkeeping
_DEFER_AT_MOST = 10.0   # s: then the stop is raised wherever the run is


@contextlib.contextmanager
def stop_on_sigterm():
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` in the main thread (as Ctrl-C does).

    Not inside Prefect's engine, though: an exception raised while it starts or ends a task run
    becomes an error of its own ("Task run is not set") and a logged traceback. There the stop
    waits (delivered again every 50 ms) until the run is back in our code.
    """
    terminated = Terminated()
    deferred_since: float | None = None
    active = True

    def redeliver(signum: int) -> None:
        if active:
            os.kill(os.getpid(), signum)

    def handler(signum, frame):
        nonlocal deferred_since
        terminated.received = True
        if _in_prefect(frame):
            deferred_since = deferred_since or time.monotonic()
            if time.monotonic() - deferred_since < _DEFER_AT_MOST:
                timer = threading.Timer(_DEFER_FOR, redeliver, (signum,))
                timer.daemon = True
                timer.start()
                return
        deferred_since = None
        raise KeyboardInterrupt("SIGTERM")

    previous = signal.signal(signal.SIGTERM, handler)
    _ours.append(handler)
    try:
        yield terminated
    finally:
        active = False
        _ours.remove(handler)
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def stops_deferred():
    """SIGINT and SIGTERM that arrive within the block take effect as it ends (in the main thread).

    For starting helper processes: a stop raised while multiprocessing starts a worker (after the
    fork server forked it, before the pool recorded it) leaves a worker nobody waits for, which then
    finds the pool's semaphores gone and prints a traceback of its own.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(caught):
            signal.raise_signal(s)


@contextlib.contextmanager
def sigterm_ours():
    """Within a flow, SIGTERM goes to :func:`stop_on_sigterm`'s handler, not to Prefect's.

    Prefect's flow engine installs a handler of its own that raises wherever the run is, Prefect's
    engine included. Outside :func:`stop_on_sigterm` (a flow run started by ``serve``'s runner,
    which cancels runs by SIGTERM through Prefect's handler) this does nothing.
    """
    if not _ours or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _ours[-1])
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _in_prefect(frame) -> bool:
    """Whether the innermost code of the project or Prefect on the stack is Prefect's."""
    prefect = sys.modules.get("prefect")
    if prefect is None:
        return False
    theirs = f"{Path(prefect.__file__).parent}{os.sep}"
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(theirs):
            return True
        if path.startswith(_OUR_CODE):
            return False
        frame = frame.f_back
    return False


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


def exit_without_teardown(code: int) -> NoReturn:
    """End the process with ``code`` once its work is done, without Python's teardown.

    The teardown frees the modules of pandas, Arrow and rdflib object by object: 0.2-0.3 s of
    every command that loaded them (measured on the 2-core machine). The exit handlers run first (logging is flushed, helper processes stopped). With Prefect
    loaded (its threads send logs and states at exit) or a thread still working, the exit is
    Python's usual one.
    """
    _flush()
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if "prefect" in sys.modules or others:
        sys.exit(code)
    atexit._run_exitfuncs()
    _flush()
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):   # (a closed pipe: nothing more can reach it)
            stream.flush()
