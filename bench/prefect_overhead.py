"""What Prefect costs a run: the seed corpus repeated to 1,000 documents (not a test).

    python bench/prefect_overhead.py [--docs 1000] [--workdir DIR]

Each copy of a seed gets its own session date (the year of the header date becomes 1950 + copy number, so every
copy is a session of its own and the catalog stays valid) and a last line with its index (so
every copy has its own sha256). Then the same full run three times, each into a fresh output:

    prefect cold  the nightly flow in this process, including the ephemeral API server's start
    plain         flows.pipeline.run with the stage functions called directly   } alternated,
    prefect warm  the nightly flow again, server already up                      } --repeat times

and prints wall times (medians), the task runs the flow made, and Prefect's share of the warm run.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SAMPLES = REPO / "samples" / "bielefeld-da"
HEADER_DATE = re.compile(rb"\b(\d{2}\.\d{2}\.)(\d{4})\b")


def make_corpus(target: Path, docs: int) -> None:
    seeds = sorted(p for p in SAMPLES.glob("*.txt"))
    if docs > 250 * len(seeds):
        raise SystemExit(f"at most {250 * len(seeds)} documents: each copy needs a session year of its own")
    target.mkdir(parents=True)
    for i in range(docs):
        seed = seeds[i % len(seeds)]
        copy = i // len(seeds)
        data = seed.read_bytes()
        # the first date in a minutes document is its session date: move it to a year of its own
        # (the parser takes years 1901-2199, so up to 250 copies of each seed)
        data = HEADER_DATE.sub(lambda m: m.group(1) + str(1950 + copy).encode(), data, count=1)
        (target / f"{i:05d}_{seed.name}").write_bytes(data + f"\nKopie {i}\n".encode())


def _task_runs(flow_run_id) -> int:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                     sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=200)
    return len(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="plain and warm flow runs, alternated")
    args = ap.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="ratsdaten-bench-"))
    shutil.rmtree(work, ignore_errors=True)
    os.environ.setdefault("PREFECT_HOME", str(work / "prefect-home"))
    for key, value in {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_LOGGING_TO_API_ENABLED": "false",
                       "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}.items():
        os.environ.setdefault(key, value)
    os.environ.pop("PREFECT_API_URL", None)

    corpus = work / "corpus"
    make_corpus(corpus, args.docs)
    mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6

    from flows import config, pipeline

    def plain(out: Path):
        return pipeline.run(config.check(corpus, out), pipeline.PLAIN)

    plain(work / "warmup")       # page cache, regex compilation, imports

    t = time.perf_counter()
    import prefect  # noqa: F401  (its import is part of what Prefect costs)
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.nightly import nightly
    import_s = time.perf_counter() - t

    def flow(out: Path) -> tuple[float, dict, int]:
        t0 = time.perf_counter()
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            state = nightly(source=str(corpus), output=str(out), return_state=True)
        wall = time.perf_counter() - t0
        return wall, state.result(), _task_runs(state.state_details.flow_run_id)

    cold_s, _, _ = flow(work / "prefect-cold")
    plain_times, warm_times = [], []
    for i in range(args.repeat):     # alternate, on a fresh output each time: same work, same machine load
        t = time.perf_counter()
        s_plain = plain(work / f"plain-{i}")
        plain_times.append(time.perf_counter() - t)
        warm_s, s_flow, task_runs = flow(work / f"prefect-warm-{i}")
        warm_times.append(warm_s)
    plain_s, warm_s = statistics.median(plain_times), statistics.median(warm_times)

    same = all((work / "plain-0" / f).read_bytes() == (work / "prefect-warm-0" / f).read_bytes()
               for f in os.listdir(work / "plain-0") if f.endswith((".csv", ".parquet", ".json")))
    share = (warm_s - plain_s) / warm_s

    print(f"corpus: {args.docs} documents, {mb:.1f} MB (seed corpus repeated) in {corpus}")
    print(f"catalog: {sum(s_plain.rows.values())} rows, valid={s_plain.valid}, "
          f"quarantined={len(s_plain.quarantined)}; Prefect and plain outputs identical: {same}")
    print(f"task runs in the flow run: {task_runs} (batches of up to "
          f"{max(pipeline.MIN_BATCH, -(-args.docs // pipeline.MAX_BATCHES))} documents)")
    print()
    print(f"{'run':<34}{'wall s':>9}")
    print(f"{'plain stage functions (median)':<34}{plain_s:>9.2f}   " + " ".join(f"{x:.2f}" for x in plain_times))
    print(f"{'import prefect + flows.nightly':<34}{import_s:>9.2f}")
    print(f"{'Prefect flow, cold (server start)':<34}{cold_s:>9.2f}")
    print(f"{'Prefect flow, warm (median)':<34}{warm_s:>9.2f}   " + " ".join(f"{x:.2f}" for x in warm_times))
    print()
    print(f"Prefect share of the warm run: {share:.1%} ({warm_s - plain_s:+.2f} s over plain); "
          f"first run in a fresh process pays {cold_s - warm_s + import_s:.1f} s more (import + ephemeral server)")
    print("stages (plain): " + ", ".join(f"{k} {v:.2f}s" for k, v in s_plain.seconds.items()))
    print("stages (flow):  " + ", ".join(f"{k} {v:.2f}s" for k, v in s_flow['seconds'].items()))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
