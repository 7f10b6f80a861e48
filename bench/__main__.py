"""City-scale benchmark of the whole pipeline on a generated corpus (not a test).

    python -m bench [--docs 10000] [--seed 1] [--workers N | --dask-address tcp://...] [--json FILE]

Runs, in one process: a full run on N generated minutes, a second run with
nothing changed, a run with 1% of the documents changed, one with another 1%
changed (the nightly steady state: the OParl tree kept from the run before is
updated), two with the minutes of the next sessions added (the nightly run of
most councils; with --cold-night a third after dropping the kernel's caches, as
a day between two nights leaves them), and a floor measured
in the same run (reading all bytes plus one compiled-regex pass; writing the
tables' Parquet alone), and beside it what creating the OParl export's files
alone costs on this disk (and, before the runs, how fast the disk creates files and how fast
the parser reads on one core). Prints per stage wall seconds, documents/s, MB/s and peak RSS,
and the ratio of the full run to the floor.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from bench import ratsdaten_command
from bench.generate import documents, generate, version

REPO = Path(__file__).resolve().parents[1]


_PEAKS: dict[str, float] = {}   # run label -> the largest resident high-water mark of any of its processes
_TOGETHER: dict[str, float] = {}   # run label -> the largest resident memory of all its processes at one sample
_PROPORTIONAL: dict[str, float] = {}   # the same, each page shared by processes counted once (PSS)


def _rss_mb() -> float:
    """The largest peak RSS of any process of the runs so far (the benchmark's own included)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb / 1024, children_kb / 1024, *_PEAKS.values())


def _tree(root: int) -> list[int]:
    """``root`` and its descendants. The parse workers and the export process are children of
    multiprocessing's fork server, not of the run, so getrusage(RUSAGE_CHILDREN) never sees them."""
    pids, i = [root], 0
    while i < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[i]}/task"):
                with open(f"/proc/{pids[i]}/task/{task}/children") as f:
                    pids += [int(c) for c in f.read().split()]
        except OSError:   # gone meanwhile
            pass
        i += 1
    return pids


def _watch_peak(proc: subprocess.Popen, label: str, every: float = 0.1, pss_every: float = 0.25) -> threading.Thread:
    """Samples the kernel's high-water mark (VmHWM) of every process of the run until it ends: a
    process's own peak, whenever it happened, as long as the process lives for one sample. And the
    resident memory (VmRSS) of all processes of the run at each sample: what the machine must have
    when several processes work side by side. The sum of VmRSS counts a page that forked processes
    share once per process (the parse workers share what their fork server imported); the sum of
    their proportional sizes (Pss) counts it once.

    Pss is read only where the sum of VmRSS is 3 % above what it was at the last reading and at its
    highest so far, and at most every ``pss_every`` seconds, so its sum is a lower bound of its peak:
    the kernel walks a process's page tables to give it (smaps_rollup). Read at every sample,
    that took 4.72 s of the 2-core machine's CPU during a full run at 10,000 minutes (the run: 41.03 s
    beside it, 34.34 s beside a watcher of VmHWM and VmRSS alone, which took 0.13 s)."""
    def watch() -> None:
        peak = together = proportional = 0
        pss_at, pss_rss = -pss_every, 0
        while proc.poll() is None:
            now, pids = 0, []
            for pid in _tree(proc.pid):
                try:
                    with open(f"/proc/{pid}/status") as f:
                        status = {k: v for k, _, v in (line.partition(":") for line in f) if k in ("VmHWM", "VmRSS")}
                    hwm, rss = (int(status.get(k, "0 kB").split()[0]) for k in ("VmHWM", "VmRSS"))
                except (OSError, ValueError):
                    continue
                peak, now = max(peak, hwm), now + rss
                pids.append(pid)
            if now >= together and now > pss_rss * 1.03 and time.monotonic() - pss_at >= pss_every:
                pss_at, pss_rss, now_pss = time.monotonic(), now, 0
                for pid in pids:
                    try:
                        with open(f"/proc/{pid}/smaps_rollup") as f:
                            now_pss += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
                    except (OSError, ValueError):
                        continue
                proportional = max(proportional, now_pss)
            together = max(together, now)
            _PEAKS[label], _TOGETHER[label], _PROPORTIONAL[label] = peak / 1024, together / 1024, proportional / 1024
            time.sleep(every)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


NEW_MINUTES = 3   # minutes of new sessions a nightly run finds


DROP_CACHES = "/proc/sys/vm/drop_caches"


def _drop_caches() -> None:
    """Written files to disk, then the kernel's clean page, dentry and inode caches dropped: a nightly run
    a day after the last finds its trees on disk, not in memory (10,000 minutes: 267 MB of folders and
    inodes read to list the kept tree and the published one)."""
    os.sync()
    with open(DROP_CACHES, "w") as f:
        f.write("3\n")
    time.sleep(1)


def _corpus(docs: int, seed: int) -> Path:
    # the generator's fingerprint in the name: a corpus cached by an older generator is not reused
    path = REPO / ".cache" / "bench" / f"corpus-{docs}-{seed}-{version()}"
    marker = path / ".complete"
    if not marker.exists():
        shutil.rmtree(path, ignore_errors=True)
        t = time.perf_counter()
        generate(path, docs, seed)
        marker.write_text("ok\n")
        print(f"generated {docs} documents in {time.perf_counter() - t:.1f} s -> {path}")
    return path


def _documents(corpus: Path) -> list[Path]:
    """The corpus's documents in name order (not its hidden cache marker)."""
    return sorted(p for p in corpus.iterdir() if p.is_file() and not p.name.startswith("."))


def _floor(corpus: Path, catalog: Path) -> dict:
    """The least any pipeline must do: read every byte, one regex pass, write the Parquet once."""
    rx = re.compile(r"Zu Punkt|TOP|Beschluss|Anfrage|Anwesend|Niederschrift|Drucksache|Antwort|einstimmig|Enthaltung")
    t0 = time.perf_counter()
    hits = 0
    for p in _documents(corpus):
        hits += len(rx.findall(p.read_bytes().decode("utf-8", errors="replace")))
    read_s = time.perf_counter() - t0
    tables = {p.stem: pacsv.read_csv(p) for p in sorted(catalog.glob("*.csv"))}
    out = catalog.parent / "floor-parquet"
    out.mkdir(exist_ok=True)
    t1 = time.perf_counter()
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")
    write_s = time.perf_counter() - t1
    shutil.rmtree(out)
    return {"read_regex_s": read_s, "parquet_write_s": write_s, "total_s": read_s + write_s, "regex_hits": hits}


def _run(corpus: Path, output: Path, workers: int | None, dask_address: str | None, label: str) -> tuple[float, dict]:
    """One `ratsdaten run` in a fresh process, as the nightly job runs it (Prefect start included)."""
    cmd = [*ratsdaten_command(), "run", "--input", str(corpus), "--output", str(output)]
    if workers:
        cmd += ["--workers", str(workers)]
    if dask_address:
        cmd += ["--dask-address", dask_address]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watcher = _watch_peak(proc, label) if os.path.isdir(f"/proc/{proc.pid}/task") else None
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    if watcher is not None:
        watcher.join(timeout=5)
    if proc.returncode != 0:
        raise SystemExit(f"{label}: ratsdaten run failed ({proc.returncode}):\n{stdout[-2000:]}{stderr[-2000:]}")
    summary = json.loads((output / "reports" / "run.json").read_text(encoding="utf-8"))
    print(f"{label}: {wall:.2f} s wall, {summary['parsed']} parsed, {summary['unchanged']} unchanged, "
          f"{len(summary['quarantined'])} quarantined; peak RSS of any of its processes "
          f"{_PEAKS.get(label, _rss_mb()):.0f} MB, of all together {_TOGETHER.get(label, 0):.0f} MB "
          f"(shared pages once: {_PROPORTIONAL.get(label, 0):.0f} MB)")
    return wall, summary


def _files_floor(tree: Path, scratch: Path) -> dict:
    """The least writing the OParl export costs on this disk: its files (same folders, names and
    sizes, zero bytes) created one after the other with one open, write and close each, nothing
    computed. The export is hundreds of thousands of files, so this part of the floor is the file
    system's, and it varies with the disk's state far more than anything computed."""
    entries, size = [], 0
    for folder, _, names in os.walk(tree):
        rel = os.path.relpath(folder, tree)
        for name in names:
            n = os.stat(os.path.join(folder, name)).st_size
            entries.append((rel, name, n))
            size = max(size, n)
    shutil.rmtree(scratch, ignore_errors=True)
    os.sync()
    seconds = _create_files(scratch, entries, bytes(size))
    shutil.rmtree(scratch, ignore_errors=True)
    return {"files": len(entries), "create_s": seconds}


def _create_files(scratch: Path, entries: list[tuple[str, str, int]], zeros: bytes) -> float:
    """Seconds to create ``entries`` (folder relative to ``scratch``, name, size) with one open, write and
    close each, folders made as they come: the file floor's and the disk probe's work, the same code."""
    made: set[str] = set()
    t = time.perf_counter()
    for rel, name, n in entries:
        folder = os.path.join(scratch, rel)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, zeros[:n])
        finally:
            os.close(fd)
    return time.perf_counter() - t


# The probe: files of the export's average size (10,000 minutes: 2.0 GB in 362,598 files), in folders of
# a few hundred, as many as a run of a few hundred minutes writes.
PROBE_FILES = 20_000
PROBE_SIZE = 5_500
PROBE_FOLDER = 200


def _disk_probe(scratch: Path, files: int = PROBE_FILES) -> dict:
    """How fast this disk creates files right now, measured before the runs. On this kind of machine
    (ext4 without a journal) the rate falls by ten times and more for minutes after a mass removal:
    allocating an inode first skips those freed in the last minute, each looked up in the inode
    table (perf: recently_deleted and find_get_block_common 60 % of the samples while 100,000 files
    were created in 22-44 s, against 2 s on a settled disk), and the export's figures with it. The
    probe's files stay in the work folder, removed with it by the next benchmark: removing them now
    would slow the runs it is meant to explain."""
    entries = [(f"{i // PROBE_FOLDER:04d}", f"{i}.json", PROBE_SIZE) for i in range(files)]
    seconds = _create_files(scratch, entries, bytes(PROBE_SIZE))
    return {"files": files, "create_s": round(seconds, 3), "files_per_s": round(files / seconds)}


# The CPU probe: the parser on the corpus's first documents (a few more before them untimed, to warm its
# caches), about 1.5 s.
CPU_PROBE_DOCUMENTS = 500
CPU_PROBE_WARM = 20


def _cpu_probe(corpus: Path, documents: int = CPU_PROBE_DOCUMENTS) -> dict:
    """How fast this machine runs the parser right now: CPU seconds of this process parsing the
    corpus's first ``documents`` in name order, as the runs' workers parse them. On a shared host
    the same code's speed moves with the other guests' load, and every run's figures with it: on
    2026-12-04 the parser took 2.88-2.95 ms a minute in the afternoon and 3.14 ms at night, and the
    full run at 10,000 minutes 28.90 and 36.06 s. A document the parser rejects is counted as such."""
    import warnings

    import transforms

    paths = _documents(corpus)
    warm = [(p.name, p.read_bytes()) for p in paths[:CPU_PROBE_WARM]]
    # (a corpus with no more than the warm ones: those, parsed again)
    timed = [(p.name, p.read_bytes()) for p in (paths[CPU_PROBE_WARM:] or paths)[:documents]]
    rejected = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # (library chatter is not the parser's time)
        for name, data in warm:
            with contextlib.suppress(Exception):
                transforms.parse_document(data, name)
        t = time.process_time()
        for name, data in timed:
            try:
                transforms.parse_document(data, name)
            except Exception:   # (rejected, or a parser bug the run would quarantine: timed all the same)
                rejected += 1
        seconds = time.process_time() - t
    return {"documents": len(timed), "rejected": rejected, "cpu_s": round(seconds, 3),
            "ms_per_document": round(seconds / len(timed) * 1000, 3) if timed else 0.0}


def _stage_table(summary: dict, docs: int, mb: float) -> list[dict]:
    rows = []
    for stage, secs in summary["seconds"].items():
        rows.append({"stage": stage, "wall_s": secs, "docs_per_s": docs / secs if secs else None,
                     "mb_per_s": mb / secs if secs else None})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="parse on N local processes")
    ap.add_argument("--dask-address", default=None, help="parse on a Dask cluster (tcp://host:port)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--workdir", type=Path, default=REPO / ".cache" / "bench" / "run")
    ap.add_argument("--cold-night", action="store_true",
                    help="a third night on cold caches: the kernel's page, dentry and inode caches dropped first (root only)")
    args = ap.parse_args()
    if args.cold_night and not os.access(DROP_CACHES, os.W_OK):
        print(f"bench: error: --cold-night drops the kernel's caches ({DROP_CACHES}): run as root", file=sys.stderr)
        sys.exit(2)

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    corpus = _corpus(args.docs, args.seed)
    files = _documents(corpus)
    mb = sum(p.stat().st_size for p in files) / 1e6
    # The last benchmark's trees (1.4 million files) are removed after this one's measurements, not
    # before them. On an ext4 without a journal (this machine's), every file created within a minute
    # or more of a mass removal first skips the inodes just freed (the kernel's recently_deleted():
    # about half of perf's samples while the export wrote): a full run's export took 70-95 s right after
    # removing an export tree, 29 s without.
    trash = args.workdir.with_name(f".{args.workdir.name}.removing-{os.getpid()}")
    if args.workdir.exists():
        args.workdir.rename(trash)
    args.workdir.mkdir(parents=True)
    output = args.workdir / "public"
    probe = _disk_probe(args.workdir / "disk-probe")
    print(f"disk: {probe['files']} files of {PROBE_SIZE} bytes created in {probe['create_s']:.2f} s "
          f"({probe['files_per_s']} files/s) before the runs; the export's figures move with this rate")
    cpu = _cpu_probe(corpus)
    print(f"cpu: the parser took {cpu['ms_per_document']:.2f} ms a document ({cpu['documents']} of the corpus's "
          f"first, CPU time of one process) before the runs; the parse figures move with this rate")

    full_wall, full = _run(corpus, output, args.workers, args.dask_address, "full run")
    rerun_wall, _ = _run(corpus, output, args.workers, args.dask_address, "rerun, nothing changed")

    # change 1% of the documents (append a line), then rerun
    changed_dir = args.workdir / "corpus-1pct"
    shutil.copytree(corpus, changed_dir)
    step = 100
    for p in sorted(changed_dir.iterdir())[::step]:
        if p.suffix == ".txt":
            p.write_bytes(p.read_bytes() + b"\nErgaenzung zur Niederschrift.\n")
    one_pct = shutil.copytree(output, args.workdir / "public-1pct")
    # A nightly run finds last night's catalog long written to disk. The copy that stands in for it is
    # 2.3 GB at 10,000 minutes, and the kernel writes it back over the next half minute: during the run.
    os.sync()
    pct_wall, small = _run(changed_dir, one_pct, args.workers, args.dask_address, "1% of documents changed")
    # the nightly steady state: another 1% changed, the OParl tree kept from the last change is at hand
    for p in sorted(changed_dir.iterdir())[step // 2::step]:
        if p.suffix == ".txt":
            p.write_bytes(p.read_bytes() + b"\nZweite Ergaenzung.\n")
    again_wall, again = _run(changed_dir, one_pct, args.workers, args.dask_address, "another 1% changed")
    # the nightly run most cities have: the minutes of the next sessions arrived, on two nights
    new_walls = []
    for night in range(2):
        first = args.docs + night * NEW_MINUTES
        for g in documents(first + NEW_MINUTES, args.seed, start=first):
            (changed_dir / g.name).write_bytes(g.data)
        new_walls.append(_run(changed_dir, one_pct, args.workers, args.dask_address,
                              f"{NEW_MINUTES} new minutes, night {night + 1}")[0])
    cold_wall = None
    if args.cold_night:
        first = args.docs + 2 * NEW_MINUTES
        for g in documents(first + NEW_MINUTES, args.seed, start=first):
            (changed_dir / g.name).write_bytes(g.data)
        _drop_caches()
        cold_wall = _run(changed_dir, one_pct, args.workers, args.dask_address,
                         f"{NEW_MINUTES} new minutes, night 3, cold caches")[0]

    floor = _floor(corpus, output)
    files_floor = _files_floor(output / "oparl", args.workdir / "files-floor")
    stages = _stage_table(full, len(files), mb)
    figures = {
        "docs": len(files), "mb": round(mb, 1), "total_wall_s": round(full_wall, 2), "peak_rss_mb": round(_rss_mb()),
        "peak_rss_together_mb": round(max(_TOGETHER.values(), default=0)),
        "peak_pss_together_mb": round(max(_PROPORTIONAL.values(), default=0)),
        "floor_wall_s": round(floor["total_s"], 2), "ratio_to_floor": round(full_wall / floor["total_s"], 1),
        "rerun_wall_s": round(rerun_wall, 2), "one_percent_changed_wall_s": round(pct_wall, 2),
        "one_percent_parsed": small["parsed"], "one_percent_again_wall_s": round(again_wall, 2),
        "one_percent_again_parsed": again["parsed"], "validate_wall_s": full["seconds"].get("validate"),
        "new_minutes": NEW_MINUTES, "new_minutes_wall_s": [round(w, 2) for w in new_walls],
        "new_minutes_cold_wall_s": round(cold_wall, 2) if cold_wall is not None else None,
        "stages": stages, "floor": floor, "rows": full["rows"], "files_floor": files_floor, "disk_probe": probe,
        "cpu_probe": cpu,
        "ratio_to_floor_with_files": round(full_wall / (floor["total_s"] + files_floor["create_s"]), 1),
    }
    print(f"\n{'stage':<16}{'wall s':>9}{'docs/s':>10}{'MB/s':>9}")
    for s in stages:
        print(f"{s['stage']:<16}{s['wall_s']:>9.2f}{(s['docs_per_s'] or 0):>10.0f}{(s['mb_per_s'] or 0):>9.1f}")
    print(f"{'total':<16}{full_wall:>9.2f}{len(files) / full_wall:>10.0f}{mb / full_wall:>9.1f}")
    print(f"\nfloor (read+regex {floor['read_regex_s']:.2f} s, Parquet write {floor['parquet_write_s']:.2f} s): "
          f"{floor['total_s']:.2f} s; full run / floor = {figures['ratio_to_floor']}x")
    print(f"creating the OParl export's {files_floor['files']} files alone (same folders and sizes, nothing "
          f"computed): {files_floor['create_s']:.2f} s; full run / (floor + that) = "
          f"{figures['ratio_to_floor_with_files']}x")
    print(f"rerun unchanged: {rerun_wall:.2f} s; 1% changed: {pct_wall:.2f} s ({small['parsed']} parsed), "
          f"another 1%: {again_wall:.2f} s ({again['parsed']} parsed); peak RSS {figures['peak_rss_mb']} MB "
          f"(any process), {figures['peak_rss_together_mb']} MB (all processes of a run together; "
          f"{figures['peak_pss_together_mb']} MB counting pages they share once)")
    print(f"{NEW_MINUTES} new minutes (the next sessions): {' s, '.join(f'{w:.2f}' for w in new_walls)} s on two nights"
          + (f"; {cold_wall:.2f} s on a third on cold caches" if cold_wall is not None else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    for old in args.workdir.parent.glob(f".{args.workdir.name}.removing-*"):   # (also an interrupted one's)
        shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    main()
