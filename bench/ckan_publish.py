"""Benchmark: publish the seed catalog to the test CKAN (first, unchanged, one table changed).

    .venv/bin/python bench/ckan_publish.py                 # seed corpus via `ratsdaten run`
    .venv/bin/python bench/ckan_publish.py --output public # an existing output directory
    .venv/bin/python bench/ckan_publish.py --rows 2000     # synthetic outputs of that size

Starts its own CKAN through tests/ckan/harness.sh (install + start, stopped at the end) and
prints wall time, API calls and writes per run. Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import ratsdaten_command  # noqa: E402
from publish.ckan import ApiToken, CkanConfig, CkanTarget  # noqa: E402
from publish.metadata import load_catalog  # noqa: E402
from publish.targets import describe  # noqa: E402
from tests.ckan.outputs import write_outputs  # noqa: E402

HARNESS = REPO / "tests" / "ckan" / "harness.sh"


def harness(env: dict, *args: str) -> None:
    p = subprocess.run(["bash", str(HARNESS), *args], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"harness {' '.join(args)} failed:\n{p.stderr[-3000:]}")


def seed_outputs(work: Path) -> tuple[Path, str]:
    """The real output of the seed corpus, if the pipeline runs; else synthetic tables."""
    out = work / "seed"
    p = subprocess.run(
        [*ratsdaten_command(), "run", "-i", str(REPO / "samples" / "bielefeld-da"), "-o", str(out)],
        capture_output=True, text=True, cwd=REPO,
    )
    if p.returncode == 0 and (out / "datapackage.json").is_file():
        return out, "seed corpus (ratsdaten run)"
    shutil.rmtree(out, ignore_errors=True)
    tail = (p.stderr.strip().splitlines() or ["?"])[-1][:120]
    return write_outputs(out, rows=20), f"synthetic, 20 rows/table (ratsdaten run failed: {tail})"


def _restate(descriptor: Path, changed: Path) -> None:
    """Update bytes/hash of ``changed`` wherever datapackage.json states them."""
    import hashlib
    import json

    raw = changed.read_bytes()
    facts = {"bytes": len(raw), "hash": "sha256:" + hashlib.sha256(raw).hexdigest()}

    def walk(node):
        if isinstance(node, dict):
            if node.get("path") == changed.name:
                node.update({k: v for k, v in facts.items() if k in node})
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    package = json.loads(descriptor.read_text(encoding="utf-8"))
    walk(package)
    descriptor.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def timed(out: Path, config: CkanConfig, catalog) -> tuple[float, object]:
    described = describe(out, catalog)
    t = time.perf_counter()
    report = CkanTarget(config).publish(described)
    return time.perf_counter() - t, report


def line(label: str, seconds: float, report) -> str:
    calls = sum(report.calls.values())
    writes = sum(report.write_calls.values())
    return (f"{label:<26} {seconds:7.3f} s   {calls:4d} calls  {writes:4d} writes   "
            f"{report.counts}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", type=Path, help="publish this output directory")
    ap.add_argument("--rows", type=int, help="synthetic outputs with this many rows per table")
    ap.add_argument("--repeat", type=int, default=5, help="unchanged runs to time (median)")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ckan-bench-"))
    home = Path(os.environ.get("RATSDATEN_CKAN_HOME", REPO / ".cache" / "ckan"))
    env = dict(os.environ, RATSDATEN_CKAN_RUN=str(home / f"run-bench-{os.getpid()}"),
               CKAN_DB_NAME=f"ckan_bench_{uuid.uuid4().hex[:8]}")
    env.pop("CKAN_PORT", None)
    try:
        if args.output:
            out, what = args.output, f"{args.output}"
        elif args.rows:
            out, what = write_outputs(work / "synthetic", rows=args.rows), f"synthetic, {args.rows} rows/table"
        else:
            out, what = seed_outputs(work)
        t = time.perf_counter()
        harness(env, "install")
        harness(env, "start")
        start_s = time.perf_counter() - t
        values = dict(l.split("=", 1) for l in Path(env["RATSDATEN_CKAN_RUN"], "env").read_text().splitlines())
        token = ApiToken(Path(env["RATSDATEN_CKAN_RUN"], "api-token").read_text())
        # CKAN hosts the files (upload mode); the base URL only names the datasets, but must not be the placeholder
        catalog = replace(load_catalog(), name_prefix=f"bench-{uuid.uuid4().hex[:6]}", base_url="http://127.0.0.1:9/ratsdaten/")
        config = CkanConfig(url=values["CKAN_URL"], organization="bench", token=token, create_organization=True)
        size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
        print(f"input: {what}; {len(list(out.glob('*.csv')))} tables, {size / 1024:.0f} KiB in {out}")
        print(f"CKAN 2.12.0 on {config.url} (harness install+start {start_s:.1f} s)")

        s, first = timed(out, config, catalog)
        print(line("first publish", s, first))
        runs = [timed(out, config, catalog) for _ in range(args.repeat)]
        med = statistics.median(r[0] for r in runs)
        print(line(f"unchanged (median of {args.repeat})", med, runs[-1][1]))
        changed = work / "changed"
        shutil.copytree(out, changed)
        # one table changes (a copy of its last line appended); datapackage.json follows
        csv = sorted(changed.glob("*.csv"))[0]
        data = csv.read_bytes()
        csv.write_bytes(data + data.rstrip(b"\n").rsplit(b"\n", 1)[-1] + b"\n")
        _restate(changed / "datapackage.json", csv)
        s, rep = timed(changed, config, catalog)
        print(line(f"one table changed ({csv.stem})", s, rep))
    finally:
        harness(env, "stop")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
