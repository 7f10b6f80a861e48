"""Two runs on one catalog: the second stops with one line and exit code 75, writing nothing; a stop
that lands while a run takes the lock leaves no lock file behind (and never removes another run's)."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from publish import local
from publish.errors import CatalogBusy
from tests.pipeline.conftest import run_cli, snapshot


def _hold(output: Path) -> int:
    """The lock of ``output`` taken as another run takes it (flock on its own open file)."""
    fd = os.open(output.parent / f".{output.name}.lock", os.O_CREAT | os.O_RDWR, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _beside(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name != "seeds")


@pytest.mark.parametrize("first_run", [True, False], ids=["new catalog", "existing catalog"])
def test_a_second_run_on_a_busy_catalog_stops_with_75_and_writes_nothing(seeds, tmp_path, first_run):
    out = tmp_path / "public"
    if not first_run:
        assert run_cli("run", "--input", str(seeds), "--output", str(out), "--quiet").exit_code == 0
        (seeds / "neu.txt").write_text((seeds / next(p.name for p in seeds.glob("*.txt"))).read_text() + "\nNachtrag\n")
    before = snapshot(out) if out.exists() else None
    fd = _hold(out)
    try:
        result = run_cli("run", "--input", str(seeds), "--output", str(out))
    finally:
        os.close(fd)
    assert result.exit_code == 75, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"ratsdaten: error: another run is writing {out} (lock {tmp_path / '.public.lock'}); "
                     "nothing was written, try again when it has finished"]
    assert "Traceback" not in result.output
    assert (snapshot(out) if out.exists() else None) == before
    assert _beside(out) == ([".public.lock"] if first_run else [".public.lock", "public"])   # the holder's file stays


def test_a_stop_while_the_lock_is_taken_removes_the_lock_file(tmp_path, monkeypatch):
    out = tmp_path / "public"
    real_same_file, calls = local._same_file, []

    def stopped(fd, path):
        calls.append(path)
        if len(calls) == 1:
            raise KeyboardInterrupt   # lands after flock, before the run knows it holds the lock
        return real_same_file(fd, path)

    monkeypatch.setattr(local, "_same_file", stopped)
    with pytest.raises(KeyboardInterrupt), local.lock(out):
        pass
    assert _beside(out) == []


def test_a_stop_before_the_lock_is_held_leaves_another_runs_lock_file(tmp_path, monkeypatch):
    out = tmp_path / "public"
    fd = _hold(out)
    real_flock = fcntl.flock

    def stopped(fd_, operation):
        if fd_ != fd:
            raise KeyboardInterrupt   # the stop lands as this run is about to call flock
        return real_flock(fd_, operation)

    try:
        monkeypatch.setattr(fcntl, "flock", stopped)
        with pytest.raises(KeyboardInterrupt), local.lock(out):
            pass
        monkeypatch.undo()
        assert _beside(out) == [".public.lock"]
        with pytest.raises(CatalogBusy):   # still held by the other run
            with local.lock(out):
                pass
    finally:
        os.close(fd)
    with local.lock(out):   # free again: taken over, and removed at the end
        assert _beside(out) == [".public.lock"]
    assert _beside(out) == []
