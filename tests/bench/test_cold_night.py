"""The benchmark's cold night finds the files it reads on disk, not in the kernel's caches."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from bench.__main__ import DROP_CACHES
from tests.conftest import ROOT


@pytest.mark.skipif(not os.access(DROP_CACHES, os.W_OK), reason="dropping the kernel's caches needs root (CI has it)")
def test_after_dropping_the_caches_a_file_just_written_is_read_from_disk(tmp_path):
    data = tmp_path / "data.bin"
    data.write_bytes(os.urandom(32 * 1024 * 1024))
    script = textwrap.dedent(f"""
        import resource
        from bench.__main__ import _drop_caches

        def blocks_read():
            before = resource.getrusage(resource.RUSAGE_SELF).ru_inblock
            with open({str(data)!r}, "rb") as f:
                while f.read(1 << 20):
                    pass
            return resource.getrusage(resource.RUSAGE_SELF).ru_inblock - before

        warm = blocks_read()
        _drop_caches()
        print(warm, blocks_read())
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    warm, cold = map(int, out.split())
    assert warm < 1024 and cold >= 32 * 1024 * 1024 // 512 * 0.9, (warm, cold)   # (512-byte blocks)
