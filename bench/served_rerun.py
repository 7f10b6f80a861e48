"""The nightly run with nothing changed, from the console and as a flow under a Prefect server (not a test).

    python -m bench.served_rerun [--docs 10000] [--repeat 3]

Builds the catalog of the benchmark's generated corpus once (``python -m bench``'s cache), then, with
nothing changed:

    cli      ``ratsdaten run`` in a fresh process (what cron starts): wall time
    served   the flow ``ratsdaten-nightly`` called against a running Prefect server (what the
             deployments of ``ratsdaten serve`` run): Prefect's ``total_run_time`` of each flow run,
             and the wall time of the call

The server is a temporary one on a loopback port (flows.prefect_api.TemporaryServer), stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _cli(corpus: Path, output: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "ratsdaten"), "run", "--input", str(corpus), "--output", str(output)],
                   check=True, capture_output=True, cwd=REPO, timeout=3600)
    return time.perf_counter() - t0


def main() -> None:
    from bench.__main__ import _corpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    corpus = _corpus(args.docs, args.seed)
    with tempfile.TemporaryDirectory(prefix="served-rerun-", dir=REPO / ".cache") as work:
        output = Path(work) / "public"
        print(f"building the catalog of {args.docs} documents ...", flush=True)
        _cli(corpus, output)
        cli = [_cli(corpus, output) for _ in range(args.repeat)]
        print(f"cli, nothing changed: {' / '.join(f'{s:.2f}' for s in cli)} s wall "
              f"(median {statistics.median(cli):.2f})")

        from flows.prefect_api import TemporaryServer

        server = TemporaryServer()
        try:
            server.wait_ready()
            os.environ["PREFECT_API_URL"] = server.url
            from prefect import get_client

            from flows.nightly import nightly

            calls = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                state = nightly(source=str(corpus), output=str(output), return_state=True)
                calls.append(time.perf_counter() - t0)
                assert state.is_completed(), state

            async def run_times() -> list[float]:
                async with get_client() as client:
                    runs = await client.read_flow_runs(limit=args.repeat, sort="START_TIME_DESC")
                    return [r.total_run_time.total_seconds() for r in runs]

            flow = asyncio.run(run_times())
        finally:
            server.stop()
        print(f"served, nothing changed: flow run time {' / '.join(f'{s:.2f}' for s in flow)} s "
              f"(Prefect's total_run_time); call {' / '.join(f'{s:.2f}' for s in calls)} s wall")


if __name__ == "__main__":
    main()
