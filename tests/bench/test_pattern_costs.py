"""bench.pattern_costs names the parser's patterns by what they cost (a profiling tool, issue 14)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_pattern_is_timed_under_its_home_name_and_parsing_gives_the_same_results():
    """In a process of its own: the wrapped patterns stay in that process."""
    script = """
import json, re, transforms
from collections import defaultdict
from bench.generate import documents
from bench.pattern_costs import instrument
from transforms.minutes import decisions, nonpublic
docs = [(g.name, g.data) for g in documents(12, 1)]
before = [repr(transforms.parse_document(d, n)) for n, d in docs]
costs = defaultdict(lambda: [0, 0.0])
wrapped = instrument(costs)
after = [repr(transforms.parse_document(d, n)) for n, d in docs]
print(json.dumps({"wrapped": wrapped, "same": before == after, "tuple": type(decisions._DECIDING[0]).__name__,
                  "costs": {k: v for k, v in costs.items()}}))
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import json
    out = json.loads(proc.stdout.splitlines()[-1])
    assert out["same"]                      # the timers change nothing the parser reads
    assert out["tuple"] == "_Timed"         # patterns kept in a tuple are timed too
    assert out["wrapped"] > 200
    names = out["costs"]
    # (a pattern is named where it is defined, with the method called on it)
    assert names["minutes.lines._DECORATION.search"][0] > 100
    assert any(re.fullmatch(r"minutes\.decisions\._DECIDING\[\d\]\.search", k) for k in names)
    assert all(calls > 0 and seconds >= 0 for calls, seconds in names.values())


def test_the_command_prints_the_costliest_patterns_first():
    proc = subprocess.run([sys.executable, "-m", "bench.pattern_costs", "--docs", "10", "--top", "5"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line.split() for line in proc.stdout.splitlines()[2:]]
    assert len(rows) == 5
    seconds = [float(r[2]) for r in rows]
    assert seconds == sorted(seconds, reverse=True)
    bad = subprocess.run([sys.executable, "-m", "bench.pattern_costs", "--docs", "0"],
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert bad.returncode == 2 and "at least 1" in bad.stderr
