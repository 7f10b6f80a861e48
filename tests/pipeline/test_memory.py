"""The memory the table stages free goes back to the system before the OParl export's peak."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_freed_arrow_and_pandas_memory_is_returned_to_the_system():
    # in a process of its own, so that no other test's memory moves the figures
    script = textwrap.dedent("""
        import numpy as np, pandas as pd, pyarrow as pa
        from flows.memory import release_freed_memory

        def rss_mb():
            return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) // 1024

        base = rss_mb()
        table = pa.table({"a": pa.array(np.arange(30_000_000)), "s": pa.array([str(i) for i in range(2_000_000)])
                          .take(pa.array(np.arange(30_000_000) % 2_000_000))})
        table = table.sort_by("a")
        frame = pd.DataFrame({"x": [str(i) for i in range(2_000_000)]})
        del table, frame
        freed = rss_mb()
        release_freed_memory()
        print(base, freed, rss_mb())
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=True).stdout
    base, freed, released = map(int, out.split())
    assert freed - base > 300, (base, freed)  # the allocators did keep the freed pages
    assert released - base < (freed - base) / 4, (base, freed, released)


def test_the_cycle_collector_is_paused_only_while_a_heavy_stage_runs():
    import gc

    from flows.memory import collector_paused

    seen = []

    @collector_paused()
    def stage():
        seen.append(gc.isenabled())
        raise RuntimeError("a failing stage")

    assert gc.isenabled()
    try:
        stage()
    except RuntimeError:
        pass
    assert seen == [False] and gc.isenabled()   # enabled again, even after a failure
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()   # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_documents_are_parsed_without_the_cycle_collector(tmp_path):
    import gc

    from flows import pipeline
    from flows.sources import DocumentRef

    seen = []

    class Source:   # records whether the collector runs while parse_chunk reads
        def read(self, ref):
            seen.append(gc.isenabled())
            return (ROOT / "samples" / "bielefeld-da" / ref.name).read_bytes()

        def sidecar(self, ref):
            return None

    name = sorted(p.name for p in (ROOT / "samples" / "bielefeld-da").glob("*.txt"))[0]
    outcomes, tables = pipeline.parse_chunk(Source(), [DocumentRef(name, None, None)], tmp_path, "test-parser")
    assert seen == [False] and gc.isenabled()
    assert outcomes[0].rejected is None and tables["sessions"].num_rows == 1


def test_a_large_export_runs_in_a_process_of_its_own_with_the_same_bytes(tmp_path, seeds, monkeypatch):
    import shutil
    from concurrent.futures import ProcessPoolExecutor

    from flows import pipeline
    from flows.config import check
    from tests.pipeline.conftest import run_cli

    out = tmp_path / "out"
    assert run_cli("run", "--input", str(seeds), "--output", str(out)).exit_code == 0
    config = check(source=seeds, output=tmp_path / "elsewhere")
    started = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs["mp_context"].get_start_method())
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", Counted)
    trees = {}
    for threshold, name in ((10**9, "here"), (0, "apart")):
        monkeypatch.setattr(pipeline, "MIN_SESSIONS_FOR_EXPORT_PROCESS", threshold)
        staging = tmp_path / name
        shutil.copytree(out, staging)
        shutil.rmtree(staging / "oparl")
        count = pipeline.export_oparl(staging, config)
        trees[name] = {p.relative_to(staging).as_posix(): p.read_bytes()
                       for p in sorted((staging / "oparl").rglob("*")) if p.is_file()}
        assert count == len(trees[name])
    assert started == ["forkserver"]   # only the large one
    published = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "oparl").rglob("*")) if p.is_file()}
    assert trees["here"] == trees["apart"] == published and len(published) > 50


def test_files_put_into_the_published_tree_leave_it_when_processes_write_the_export(tmp_path, seeds, monkeypatch):
    """The export's processes write into the kept tree while the run lists it: a file someone put
    into the published oparl/ is gone after the next run (from the kept tree too, which catches up
    with the published one), and the tree equals a full rebuild's."""
    from flows import pipeline
    from publish.oparl.spare import spare_path
    from tests.pipeline.conftest import run_cli

    monkeypatch.setattr(pipeline, "MIN_SESSIONS_FOR_EXPORT_PROCESS", 0)
    out = tmp_path / "out"
    minutes = sorted(seeds.glob("*.txt"))[0]

    def run(note: str) -> None:
        minutes.write_text(minutes.read_text(encoding="utf-8") + f"\n{note}\n", encoding="utf-8")
        result = run_cli("run", "--input", str(seeds), "--output", str(out))
        assert result.exit_code == 0, result.output

    run("Erste Fassung.")
    (out / "oparl" / "meeting" / "stray.json").write_bytes(b"{}\n")
    run("Zweite Fassung.")
    assert not (out / "oparl" / "meeting" / "stray.json").exists()
    assert not (spare_path(out) / "oparl" / "meeting" / "stray.json").exists()   # the spare caught up
    run("Dritte Fassung.")
    assert not (out / "oparl" / "meeting" / "stray.json").exists()
    rebuilt = tmp_path / "rebuilt"
    assert run_cli("run", "--input", str(seeds), "--output", str(rebuilt)).exit_code == 0
    tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()   # noqa: E731
                         for p in sorted((root / "oparl").rglob("*")) if p.is_file()}
    assert tree(out) == tree(rebuilt) and len(tree(out)) > 50


def test_huge_pages_are_off_for_the_process_and_those_it_starts():
    # (a process of its own: the setting is the process's and its children's, for good)
    script = textwrap.dedent("""
        import ctypes, subprocess, sys
        from flows.memory import without_huge_pages

        PR_GET_THP_DISABLE = 42
        get = lambda: ctypes.CDLL(None).prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0)
        before = get()
        without_huge_pages()
        child = subprocess.run([sys.executable, "-c", "import ctypes; print(ctypes.CDLL(None).prctl(42, 0, 0, 0, 0))"],
                               capture_output=True, text=True, check=True).stdout.strip()
        print(before, get(), child)
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert out.split() == ["0", "1", "1"]


def test_the_console_script_turns_huge_pages_off_before_the_command_runs():
    # what the command's process has when main() runs, read by a stand-in for main() (the process ends at once)
    script = textwrap.dedent("""
        import ctypes
        from flows import cli

        def main():
            print(ctypes.CDLL(None).prctl(42, 0, 0, 0, 0), flush=True)   # PR_GET_THP_DISABLE
            return 0

        cli.main = main
        cli.console()
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert out.split() == ["1"]


def test_each_table_is_handed_to_its_parquet_step_alone(seeds, tmp_path, monkeypatch):
    """write_parquet lets a table's columns go one by one as it converts them: only where nothing else
    holds the table (build_tables' writer hands it over). Held, the step needed the table twice."""
    import time
    import weakref

    from flows import config, pipeline
    from publish import catalog_files

    write_parquet, alone = catalog_files.write_parquet, {}

    def probe(directory, table, data=None, order=None):
        if data is None:
            return write_parquet(directory, table, data, order)
        copy, ref = data.take(order) if order is not None else data, weakref.ref(data)
        del data
        # (the loop that yields the tables may hold the newest one a moment longer: bounded wait)
        deadline = time.monotonic() + 5
        while ref() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        alone[table] = ref() is None
        return write_parquet(directory, table, copy, None)

    monkeypatch.setattr(catalog_files, "write_parquet", probe)
    summary = pipeline.run(config.check(seeds, tmp_path / "public"), pipeline.PLAIN)
    assert summary.valid and summary.parsed
    assert alone and all(alone.values()), alone
