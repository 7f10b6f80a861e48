"""A `ratsdaten run` that is stopped leaves nothing behind: no process, no staging folder, no lock.

The console script runs as a real process (with its temporary Prefect API server and parse workers)
on a generated corpus big enough to be stopped mid-parse; SIGTERM (a scheduler's timeout) must stop
it cleanly with exit code 143, SIGKILL must not leave a process of it running, and the next run
clears what a killed one left beside the output.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import generate
from tests.pipeline.conftest import run_cli

RATSDATEN = Path(sys.executable).with_name("ratsdaten")
DOCS = 400   # about 10 s of work on 2 cores: long enough to be caught in the parse stage


def _process_tree(root: int) -> set[tuple[int, str]]:
    """(pid, start time) of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        started[int(entry)] = fields[19]
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in started:
            tree.add((pid, started[pid]))
        todo += children.get(pid, [])
    return tree


def _alive(pid: int, start: str) -> bool:
    """The same process (not a later one with its pid) still exists and is not a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[19] == start and fields[0] != "Z"


def _start_and_wait_for_parsing(corpus: Path, out: Path) -> tuple[subprocess.Popen, set]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([str(RATSDATEN), "run", "--prefect", "--input", str(corpus), "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    staging = out.parent / f".{out.name}.staging-{proc.pid}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        # Parsing has begun: its worker processes run (or, on one CPU, the first batch is written).
        helpers = _process_tree(proc.pid) - {(proc.pid, _start(proc.pid))}
        workers = [pid for pid, _ in helpers if b"multiprocessing.forkserver" in _cmdline(pid)]
        if len(workers) >= 2 or (os.cpu_count() == 1 and (staging / ".state" / "fragments").is_dir()):
            return proc, helpers
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"the run did not reach the parse stage (exit {proc.poll()}): {proc.communicate()[1][-2000:]}")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _start(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]


def _left_after(helpers: set, seconds: float = 10) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [pid for pid, start in helpers if _alive(pid, start)]
        if not left:
            return []
        time.sleep(0.1)
    return [f"{pid}: {_cmdline(pid).replace(bytes(1), b' ')[:100].decode()}" for pid in left]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "corpus"
    generate(folder, DOCS, seed=3)
    return folder


@pytest.mark.integration
def test_sigterm_stops_the_run_cleanly_with_143_and_nothing_left(corpus, tmp_path):
    out = tmp_path / "public"
    proc, helpers = _start_and_wait_for_parsing(corpus, out)
    assert any(b"prefect" in _cmdline(pid) for pid, _ in helpers), "the temporary Prefect API server is running"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr[-2000:]
    assert "stopped by SIGTERM" in stderr
    assert "Traceback" not in stderr, stderr[-3000:]
    assert _left_after(helpers) == []
    # Nothing was published, and nothing of the run is left beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.integration
def test_sigkill_leaves_no_process_and_the_next_run_clears_its_staging_and_lock(corpus, tmp_path, seeds):
    out = tmp_path / "public"
    proc, helpers = _start_and_wait_for_parsing(corpus, out)
    assert any(b"prefect" in _cmdline(pid) for pid, _ in helpers), "the temporary Prefect API server is running"
    proc.kill()
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _left_after(helpers) == []
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "seeds")
    assert left == [".public.lock", f".public.staging-{proc.pid}"]   # what a killed run can't clean up

    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "seeds") == ["public"]


def test_a_stop_that_a_library_turns_into_its_own_error_still_exits_143(monkeypatch, capsys):
    import os

    import typer

    from flows import cli, prefect_api

    monkeypatch.setattr(prefect_api, "enabled", False)   # cli.main sets it for its process: undone after the test
    app = typer.Typer()

    @app.command()
    def run() -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)   # the handler raises KeyboardInterrupt here
            time.sleep(5)
        except KeyboardInterrupt:
            raise ValueError("Task run is not set") from None   # what Prefect's task engine raised

    monkeypatch.setattr(cli, "app", app)
    assert cli.main([]) == 143
    assert "stopped by SIGTERM" in capsys.readouterr().err


def test_a_stop_that_prefects_task_engine_swallows_before_our_handler_runs_still_exits_143(monkeypatch, capsys):
    import typer
    from prefect.exceptions import TerminationSignal

    from flows import cli, prefect_api

    monkeypatch.setattr(prefect_api, "enabled", False)
    app = typer.Typer()

    @app.command()
    def run() -> None:
        # Prefect's handler raised TerminationSignal while a task run started; its crash handling
        # failed in turn, so the signal never reached our handler (CI met this race).
        try:
            raise TerminationSignal(signal.SIGTERM)
        except TerminationSignal:
            raise ValueError("Task run is not set")

    monkeypatch.setattr(cli, "app", app)
    assert cli.main([]) == 143
    assert "stopped by SIGTERM" in capsys.readouterr().err


def test_an_error_that_no_signal_caused_is_not_taken_for_a_stop(monkeypatch):
    import typer
    from prefect.exceptions import TerminationSignal

    from flows import cli, prefect_api

    monkeypatch.setattr(prefect_api, "enabled", False)
    app = typer.Typer()

    @app.command()
    def run() -> None:
        try:
            raise TerminationSignal(signal.SIGINT)   # another signal, and below a real error
        except TerminationSignal:
            raise ValueError("a real bug")

    monkeypatch.setattr(cli, "app", app)
    with pytest.raises(ValueError, match="a real bug"):
        cli.main([])


def _code_of_prefect(source: str) -> dict:
    """Functions whose frames look like Prefect's own code (compiled with a file name in its package)."""
    import prefect

    namespace: dict = {}
    exec(compile(source, str(Path(prefect.__file__).parent / "_ratsdaten_test_engine.py"), "exec"), namespace)
    return namespace


def test_a_sigterm_inside_prefects_engine_waits_until_the_run_is_back_in_our_code():
    from flows import lifetime

    engine = _code_of_prefect(
        "import os, signal, time\n"
        "def start_task_run(log):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    deadline = time.monotonic() + 0.3\n"
        "    while time.monotonic() < deadline:\n"
        "        pass\n"
        "    log.append('engine done')\n")
    log: list[str] = []
    with lifetime.stop_on_sigterm() as terminated:
        with pytest.raises(KeyboardInterrupt):
            engine["start_task_run"](log)
            log.append("back in our code")
            time.sleep(2)
            log.append("not stopped")
    assert terminated.received
    assert log == ["engine done", "back in our code"]


def test_a_sigterm_inside_prefects_engine_is_raised_there_after_a_bounded_wait(monkeypatch):
    from flows import lifetime

    monkeypatch.setattr(lifetime, "_DEFER_AT_MOST", 0.3)
    engine = _code_of_prefect(
        "import os, signal, time\n"
        "def hang(log):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    deadline = time.monotonic() + 5\n"
        "    while time.monotonic() < deadline:\n"
        "        time.sleep(0.01)\n"
        "    log.append('not stopped')\n")
    log: list[str] = []
    started = time.monotonic()
    with lifetime.stop_on_sigterm():
        with pytest.raises(KeyboardInterrupt):
            engine["hang"](log)
    assert log == [] and time.monotonic() - started < 2


def test_within_a_flow_sigterm_goes_to_our_handler_only_when_the_console_owns_the_process():
    from flows import lifetime

    def prefects(signum, frame):
        raise AssertionError("Prefect's handler")

    previous = signal.signal(signal.SIGTERM, prefects)
    try:
        with lifetime.sigterm_ours():   # no stop_on_sigterm: a run started by serve's runner
            assert signal.getsignal(signal.SIGTERM) is prefects
        with lifetime.stop_on_sigterm():
            signal.signal(signal.SIGTERM, prefects)   # what Prefect's flow engine does
            with lifetime.sigterm_ours():
                assert signal.getsignal(signal.SIGTERM) is not prefects
            assert signal.getsignal(signal.SIGTERM) is prefects
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def sigint_raises():
    """Python's SIGINT handler, which it installs only where its launcher did not ignore SIGINT (a
    shell without job control ignores it in the jobs it starts in the background)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_while_worker_processes_start_takes_effect_when_they_have_started(signum, sigint_raises):
    """A stop raised inside multiprocessing's start of a worker leaves a worker no pool waits for
    (it then prints a traceback of its own); the submits that start workers finish first."""
    from flows import lifetime
    from flows.pipeline import Workers
    from flows.sources import DocumentRef

    class Pool:
        submitted = 0

        def submit(self, fn, *args):
            if not self.submitted:
                os.kill(os.getpid(), signum)   # lands while the first worker starts
            time.sleep(0.01)
            self.submitted += 1

    pool = Pool()
    refs = [DocumentRef(name=f"{i}.txt", modified=None, size=None) for i in range(8)]
    with lifetime.stop_on_sigterm() as terminated, pytest.raises(KeyboardInterrupt):
        Workers(pool, 2)._submit(None, refs, Path("staging"), "parser", 1)
    assert pool.submitted == 2   # both chunks handed out, then the stop
    assert terminated.received == (signum == signal.SIGTERM)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
