"""Running the nightly flow on a Dask cluster (prefect-dask), unchanged.

``--dask-address tcp://host:8786`` uses a running cluster; ``--dask-workers N``
starts a local cluster of N worker processes for the run. Only the parse
batches go to the cluster (the CPU-heavy stage, in tens of tasks); the other
stages run in the flow's process.

Every Dask worker runs Prefect task runs and must reach the same Prefect API:
without ``PREFECT_API_URL`` each worker process would start an ephemeral server
of its own (seconds each). :func:`shared_api` starts one local API server and
exports its URL to the workers for the duration of the run.
"""
from __future__ import annotations

import contextlib
import os


def task_runner(dask_address: str | None, dask_workers: int | None):
    """A DaskTaskRunner for the run, or None for Prefect's default (threads in this process)."""
    if not dask_address and not dask_workers:
        return None
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # Processes, one thread each: parsing is pure Python, threads would share one core.
    return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                         "processes": True, "dashboard_address": None,
                                         "host": "127.0.0.1"})


@contextlib.contextmanager
def shared_api():
    """Make sure this process and its child processes use one Prefect API for the run."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()   # not left to atexit: a long-lived caller (a test session, a notebook) keeps running
