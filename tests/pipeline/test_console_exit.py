"""The console script ends without Python's teardown, but only once everything it did is out:
printed output, exit handlers, threads still working."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_NAMES

RATSDATEN = Path(sys.executable).with_name("ratsdaten")
# Output into a pipe is block-buffered unless PYTHONUNBUFFERED says otherwise: these tests need the buffer.
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env=BUFFERED)


def test_the_console_script_prints_its_whole_summary_into_a_pipe_and_exits_0(seeds, tmp_path):
    out = tmp_path / "public"
    proc = subprocess.run([str(RATSDATEN), "run", "--input", str(seeds), "--output", str(out)],
                          capture_output=True, text=True, timeout=300, env={**BUFFERED, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Documents" in proc.stdout and "removed" in proc.stdout   # the table's last row
    assert json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))["documents"] == len(SEED_NAMES)


def test_buffered_output_and_exit_handlers_are_done_before_the_process_ends(tmp_path):
    proc = _python(
        "import atexit, pathlib\n"
        "from flows import lifetime\n"
        "atexit.register(lambda: pathlib.Path('handler-ran').write_text('yes'))\n"
        "print('x' * 100)\n"   # block-buffered into a pipe: lost without a flush
        "lifetime.exit_without_teardown(3)\n", cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stdout == "x" * 100 + "\n"
    assert (tmp_path / "handler-ran").read_text() == "yes"


def test_a_thread_still_working_finishes_before_the_process_ends(tmp_path):
    proc = _python(
        "import pathlib, threading, time\n"
        "from flows import lifetime\n"
        "def work():\n"
        "    time.sleep(0.5)\n"
        "    pathlib.Path('thread-done').write_text('yes')\n"
        "threading.Thread(target=work).start()\n"
        "lifetime.exit_without_teardown(0)\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "thread-done").read_text() == "yes"
