"""The nightly flow on a Dask cluster (prefect-dask): the same bytes as the default run."""
from __future__ import annotations

import json

import pytest

from tests.pipeline.conftest import published_bytes, run_cli


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as c, Client(c) as client:
        yield c, client


def test_dask_run_gives_byte_identical_outputs(seeds, tmp_path, cluster):
    c, client = cluster
    default, on_dask = tmp_path / "default", tmp_path / "dask"
    assert run_cli("run", "--input", str(seeds), "--output", str(default)).exit_code == 0
    result = run_cli("run", "--input", str(seeds), "--output", str(on_dask), "--dask-address", c.scheduler_address)
    assert result.exit_code == 0, result.output
    assert published_bytes(on_dask) == published_bytes(default)
    run = json.loads((on_dask / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["parsed"] == 5 and run["valid"] is True
    # the parse batches really ran on the cluster's workers
    prefixes = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert "parse_batch" in prefixes


def test_bad_dask_address_is_a_config_error(seeds, tmp_path):
    result = run_cli("run", "--input", str(seeds), "--output", str(tmp_path / "x"), "--dask-address", "localhost")
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()
