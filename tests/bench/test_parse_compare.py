"""bench.parse_compare: revisions of the parser measured side by side in one process."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench import parse_compare

REPO = Path(__file__).resolve().parents[2]


def test_two_revisions_are_measured_side_by_side():
    run = subprocess.run([sys.executable, "-m", "bench.parse_compare", "HEAD", "HEAD~0", "--mb", "0.05", "--reps", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rows = [re.match(r"^\s*(\S+): +([\d.]+) docs/s +([\d.]+)x", line) for line in run.stdout.splitlines()]
    assert [m.group(1) for m in rows if m] == ["HEAD", "HEAD~0"]
    assert all(float(m.group(2)) > 0 for m in rows) and float(rows[0].group(3)) == 1.0


def test_the_working_tree_is_measured_as_the_project_runs_it():
    import transforms
    run = subprocess.run([sys.executable, "-m", "bench.parse_compare", "HEAD", ".", "--mb", "0.05", "--reps", "2"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    rows = [re.match(r"^\s*(\S+): +([\d.]+) docs/s", line) for line in run.stdout.splitlines()]
    assert [m.group(1) for m in rows if m] == ["HEAD", "./compiled" if transforms.NATIVE else "./source"]


def test_a_revision_without_the_parser_stops_with_one_line_and_exit_2():
    run = subprocess.run([sys.executable, "-m", "bench.parse_compare", "no-such-revision", "HEAD", "--mb", "0.05"],
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "no-such-revision" in run.stderr and not run.stdout


def test_the_package_is_renamed_wherever_code_names_it():
    source = ('from transforms.minutes import lines\nimport transforms\nx = transforms.parse_document\n'
              'data = resources.files("transforms")\n# transforms/data/groups.csv stays a path\n')
    assert parse_compare._renamed(source, "p1") == (
        'from p1.minutes import lines\nimport p1\nx = p1.parse_document\n'
        'data = resources.files("p1")\n# transforms/data/groups.csv stays a path\n')
