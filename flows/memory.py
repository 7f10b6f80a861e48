"""Hand memory that finished stages freed back to the system before the next peak; keep Python's
cycle collector out of the stages that build millions of objects; no huge pages for a run's churn."""
from __future__ import annotations

import contextlib
import ctypes
import gc


def release_freed_memory() -> None:
    """Return freed but cached pages of Arrow's pool and of glibc's heap to the system.

    Both allocators keep freed pages for reuse. The tables' stages leave hundreds of MB of
    them, and the OParl export, a peak of its own, would sit on top (10,000 minutes: RSS
    845 -> 403 MB before the export, peak of the run 1,221 -> 1,148 MB).
    """
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc only; other C libraries keep their pages
    except (OSError, AttributeError):
        pass


_PR_SET_THP_DISABLE = 41


def without_huge_pages() -> None:
    """Transparent huge pages off for this process and every process it starts (Linux; elsewhere nothing).

    Arrow's allocator (mimalloc) asks the kernel for huge pages, and a run's table stages allocate
    and free hundreds of MB of Arrow buffers, table after table: each fresh 2 MB page is zeroed
    whole at its first touch, again after every release_freed_memory. With 1 % of 10,000 minutes
    changed, zeroing pages was 13 % of the main process's CPU; without huge pages the run took
    4.58-5.04 s against 4.86-5.51 s (means 4.81 and 5.11 s, runs in turns), 0.5 s less CPU, and its
    peak was 50-70 MB lower. (The same as MIMALLOC_ALLOW_THP=0, which acts only where it is set before
    Arrow's first allocation.)
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_THP_DISABLE, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off for a stage that allocates millions of long-lived objects.

    Each full collection walks every object alive, and building the OParl export triggers dozens of
    them: at 10,000 minutes the export's mapping took 5.0 s with the collector and 3.4 s without.
    Such a stage must make no reference cycles, or its garbage waits for the next collection: table
    building (pandas makes cycles) was left out: its peak at 20,000 minutes was 1,345 MB paused,
    1,249 and 1,315 MB with the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
