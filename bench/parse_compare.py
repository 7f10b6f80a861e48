"""Parser speed of git revisions side by side, on one core: a comparison a shared machine cannot skew.

    python -m bench.parse_compare a07ced8 HEAD . [--mb 0.5] [--reps 15] [--core 0]

Separate runs of the same code differ by up to 60 % on a machine with noisy neighbours, which hides
the few per cent a parser change is worth. Here every revision's ``transforms`` is taken out of git
as a package of its own, all are imported into one process, and each document of parse_bench's
corpus is parsed by each revision in turn (the order alternating), CPU time per call. A revision's
figure is the sum over the documents of each document's fastest parse: a neighbour's burst slows a
few calls of every revision, not one revision's run. The first revision is the base of the ratios.
A revision whose parser needs a library this environment lacks cannot be compared (exit 2). The
revision "." is the working tree's parser as the project runs it: compiled when ``make setup`` has
built it from these sources (transforms/compiled.py), else its Python source.
"""
from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import transforms
from bench.parse_bench import corpus

REPO = Path(__file__).resolve().parents[1]
# The package's own name where code names it: imports, "transforms.x" and its package data.
_NAMED = re.compile(r"\b(?P<verb>from|import)\s+transforms\b|\btransforms\.(?=[a-z_])|(?P<q>[\"'])transforms(?P=q)")


# The parser of the working tree as this process imports it: compiled with mypyc when the build matches it.
WORKING_TREE = "."


def _fail(message: str) -> None:
    print(f"parse_compare: {message}", file=sys.stderr)
    raise SystemExit(2)


def _renamed(source: str, package: str) -> str:
    def swap(m: re.Match) -> str:
        if m.group("verb"):
            return f"{m.group('verb')} {package}"
        if m.group("q"):
            return f"{m.group('q')}{package}{m.group('q')}"
        return f"{package}."
    return _NAMED.sub(swap, source)


def extract(revision: str, into: Path, package: str) -> None:
    """``transforms/`` of a git revision as the package ``package`` under ``into``."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "transforms"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        _fail(f"no transforms/ at revision {revision!r}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member).read()
            target = into / package / Path(member.name).relative_to("transforms")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.suffix == ".py":
                data = _renamed(data.decode("utf-8"), package).encode("utf-8")
            target.write_bytes(data)


def compare(revisions: list[str], mb: float, reps: int) -> list[tuple[str, float]]:
    """(revision, documents per CPU second) of each revision, measured side by side."""
    with tempfile.TemporaryDirectory(prefix="parse_compare_") as tmp:
        # (names of this call's own: a second call in one process must not get the first one's modules)
        packages = [f"{Path(tmp).name}_r{k}" for k in range(len(revisions))]
        for revision, package in zip(revisions, packages):
            if revision != WORKING_TREE:
                extract(revision, Path(tmp), package)
        sys.path.insert(0, tmp)
        try:
            parsers = [transforms.parse_document if revision == WORKING_TREE else importlib.import_module(p).parse_document
                       for revision, p in zip(revisions, packages)]
        except ImportError as exc:
            _fail(f"a revision's parser cannot be imported here: {exc}")
        docs = corpus(mb)
        for parse in parsers:   # (warm: compiled patterns, caches of names)
            for name, data in docs[:10]:
                parse(data, name)
        best = [[float("inf")] * len(docs) for _ in parsers]
        clock = time.process_time
        for rep in range(reps):
            order = list(range(len(parsers)))[:: 1 if rep % 2 == 0 else -1]
            for d, (name, data) in enumerate(docs):
                for k in order:
                    t = clock()
                    parsers[k](data, name)
                    t = clock() - t
                    if t < best[k][d]:
                        best[k][d] = t
        sys.path.remove(tmp)
        for name in [m for m in sys.modules if m.split(".")[0] in packages]:
            del sys.modules[name]
    return [(revision, len(docs) / sum(times)) for revision, times in zip(revisions, best)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.parse_compare", description=__doc__.splitlines()[0])
    ap.add_argument("revisions", nargs="+", help="git revisions (\".\": the working tree as the project runs it); the first is the base of the ratios")
    ap.add_argument("--mb", type=float, default=0.5, help="corpus size in MB (default 0.5)")
    ap.add_argument("--reps", type=int, default=15, help="parses of each document by each revision (default 15)")
    ap.add_argument("--core", type=int, default=None, help="the core to run on (default: the first allowed)")
    args = ap.parse_args(argv)
    if args.mb <= 0 or args.reps < 1:
        ap.error("--mb must be above 0 and --reps at least 1")
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        if args.core is not None and args.core not in cores:
            ap.error(f"--core {args.core} is not one of this process's cores {cores}")
        os.sched_setaffinity(0, {cores[0] if args.core is None else args.core})
    figures = compare(args.revisions, args.mb, args.reps)
    base = figures[0][1]
    for revision, rate in figures:
        if revision == WORKING_TREE:
            revision = "./compiled" if transforms.NATIVE else "./source"
        print(f"{revision:>14}: {rate:8.1f} docs/s  {rate / base:6.3f}x  (sum of each document's fastest of {args.reps})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
