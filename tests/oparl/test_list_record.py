"""The record of the export's lists (publish.oparl.lists): written part by part, read back as written."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT


def test_the_record_is_written_without_a_copy_of_all_its_rows():
    # In a process of its own: Arrow's pool's high-water mark is the process's. At the end of a nightly
    # run the parts' rows arrive from the export processes; joined into one table first, the record
    # was a second copy of them all (about 100 MB at 20,000 minutes).
    script = textwrap.dedent("""
        import tempfile
        from pathlib import Path
        import pyarrow as pa
        from publish.oparl import lists

        def part(name, n):
            return lists.table(name, {f"{name}-list": [(f"https://example.org/oparl/{name}/{i:08d}",
                                                        "2024-01-01T00:00:00+01:00") for i in range(n)]})

        parts = {p: part(p, 200_000) for p in ("meetings", "papers", "people")}
        parts["body"] = part("body", 0)
        size = sum(t.nbytes for t in parts.values())
        before = pa.default_memory_pool().max_memory()
        folder = Path(tempfile.mkdtemp())
        lists.write(folder, parts)
        grown = pa.default_memory_pool().max_memory() - before
        back = lists.read_tables(folder / lists.LISTS, tuple(parts))
        same = all(back[p].equals(parts[p]) for p in parts)
        print(size, grown, same, sum(len(v) for v in lists.read(folder / lists.LISTS)["papers"].values()))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=True).stdout
    size, grown, same, papers = out.split()
    assert same == "True" and papers == "200000"
    assert int(grown) < int(size) / 2, (size, grown)


def test_a_night_reads_the_record_as_arrow_columns():
    # Each export process that updates parts of the kept tree reads their lists. As a Python tuple per
    # listed object, the papers' and meetings' lists took 438 MB in each such process at 20,000 minutes.
    script = textwrap.dedent("""
        import tempfile
        from pathlib import Path
        from publish.oparl import lists

        def rss():
            return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) // 1024

        parts = {p: lists.table(p, {f"{p}-list": [(f"https://example.org/oparl/{p}/{i:08d}", "2024-01-01T00:00:00+01:00")
                                                   for i in range(300_000)]}) for p in ("meetings", "papers")}
        folder = Path(tempfile.mkdtemp())
        lists.write(folder, parts)
        size = sum(t.nbytes for t in parts.values()) // 2**20
        del parts
        before = rss()
        kept = lists.read(folder / lists.LISTS, ("meetings", "papers"))
        listed = kept["papers"]["papers-list"]
        print(size, rss() - before, len(listed), listed.urls_at(299_999, 300_000)[0],
              listed.places(["https://example.org/oparl/papers/00000007", "https://example.org/oparl/x"]))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=True).stdout
    size, grown, n, last, places = out.split(maxsplit=4)
    assert (n, last) == ("300000", "https://example.org/oparl/papers/00299999")
    assert places.strip() == "{'https://example.org/oparl/papers/00000007': 7}"
    assert int(grown) < 3 * int(size), (size, grown)
