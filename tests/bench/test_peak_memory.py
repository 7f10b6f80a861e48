"""The benchmark's peak memory sees every process of a run, also those its fork server starts."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from bench.__main__ import _PEAKS, _watch_peak


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
    (tmp_path / "hold.py").write_text(script)
    proc = subprocess.Popen([sys.executable, str(tmp_path / "hold.py")], stdout=subprocess.PIPE, text=True)
    watcher = _watch_peak(proc, "forkserver child", every=0.05)
    out, _ = proc.communicate(timeout=120)
    watcher.join(timeout=5)
    assert proc.returncode == 0 and out.strip() == str(300 * 1024 * 1024)
    assert _PEAKS["forkserver child"] > 300, _PEAKS
