"""The benchmark's peak memory sees every process of a run, also those its fork server starts."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from bench.__main__ import _PEAKS, _PROPORTIONAL, _TOGETHER, _watch_peak


def test_the_peak_of_a_forkserver_child_is_seen(tmp_path):
    # the parent stays small; the 300 MB are held by a worker that multiprocessing's fork server forks
    script = textwrap.dedent("""
        import multiprocessing, time
        def hold():
            data = bytearray(300 * 1024 * 1024)
            time.sleep(1.0)
            return len(data)
        if __name__ == "__main__":
            with multiprocessing.get_context("forkserver").Pool(1) as pool:
                print(pool.apply(hold))
    """)
    assert _watched(tmp_path, script, "forkserver child") == str(300 * 1024 * 1024)
    assert _PEAKS["forkserver child"] > 300, _PEAKS


def test_what_processes_hold_side_by_side_is_added_up(tmp_path):
    # two fork-server workers hold 200 MB each at the same time: no process holds 300 MB, all together 400
    script = textwrap.dedent("""
        import multiprocessing, time
        def hold(barrier):
            data = bytearray(200 * 1024 * 1024)
            for i in range(0, len(data), 4096):
                data[i] = 1   # resident, not only reserved
            barrier.wait(timeout=60)
            time.sleep(1.0)
            return len(data)
        if __name__ == "__main__":
            ctx = multiprocessing.get_context("forkserver")
            barrier = ctx.Manager().Barrier(2)
            with ctx.Pool(2) as pool:
                print(sum(pool.map(hold, [barrier, barrier])))
    """)
    assert _watched(tmp_path, script, "side by side") == str(400 * 1024 * 1024)
    assert 200 < _PEAKS["side by side"] < 300 and _TOGETHER["side by side"] > 400, (_PEAKS, _TOGETHER)


def _watched(tmp_path, script: str, label: str) -> str:
    """Run ``script`` with the benchmark's watcher on it; what it printed."""
    path = tmp_path / "script.py"
    path.write_text(script)
    proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    watcher = _watch_peak(proc, label, every=0.05)
    out, _ = proc.communicate(timeout=120)
    watcher.join(timeout=5)
    assert proc.returncode == 0
    return out.strip()


def test_pages_processes_share_are_counted_once_beside_the_sum_of_their_rss(tmp_path):
    # a forked child shares its parent's 200 MB without writing them: in the RSS of both, but only
    # 200 MB of the machine's memory
    script = textwrap.dedent("""
        import os, time
        data = bytearray(200 * 1024 * 1024)
        for i in range(0, len(data), 4096):
            data[i] = 1
        pid = os.fork()
        time.sleep(1.5)
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        print(len(data))
    """)
    assert _watched(tmp_path, script, "shared") == str(200 * 1024 * 1024)
    assert _TOGETHER["shared"] > 400, _TOGETHER
    assert 200 < _PROPORTIONAL["shared"] < 300, _PROPORTIONAL


def test_pss_is_read_rarely_while_the_run_goes_on(tmp_path, monkeypatch):
    # the kernel walks a process's page tables for smaps_rollup: read at every sample, that took 4.72 s
    # of CPU during a full run at 10,000 minutes; now only at new highs, at most four times a second
    import bench.__main__ as bench_main

    reads = []

    def counting_open(path, *args, **kwargs):
        if str(path).endswith("/smaps_rollup"):
            reads.append(path)
        return open(path, *args, **kwargs)

    monkeypatch.setattr(bench_main, "open", counting_open, raising=False)
    script = textwrap.dedent("""
        import time
        data = bytearray(100 * 1024 * 1024)
        for i in range(0, len(data), 4096):
            data[i] = 1
        time.sleep(2.5)
        print(len(data))
    """)
    assert _watched(tmp_path, script, "rarely") == str(100 * 1024 * 1024)
    assert 1 <= len(reads) <= 4, len(reads)   # samples every 0.05 s: about 50 of them
    assert _PROPORTIONAL["rarely"] > 100, _PROPORTIONAL
