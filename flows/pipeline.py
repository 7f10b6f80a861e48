"""The stages of a run, as plain functions, and the one place that wires them.

    discover → parse (in batches) → build tables → validate → write outputs → metadata → publish

:func:`run` takes the stages as a :class:`Stages` bundle: :data:`PLAIN` calls the functions
directly (benchmarks, tests), ``flows.nightly`` passes the same functions wrapped as Prefect tasks.
Stages hand each other paths and small records, never document text or DataFrames: the tables
travel as files in the staging directory.
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import importlib
import json
import math
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Protocol

import orjson

import schemas
from flows import quarantine
from flows.config import RunConfig
from flows import lifetime
from flows.lifetime import exit_with
from flows.memory import collector_paused, release_freed_memory
from flows.sources import DocumentRef, FolderSource, Source
from publish import catalog_files, local, pod, state, validation
from publish.oparl import spare
from publish.report import PublishReport
from publish.targets import DescribedCatalog, Target, describe

MAX_BATCHES = 40       # a 10,000-document run makes ≤ 40 parse tasks (Prefect costs ~20 ms per task)
MIN_BATCH = 25
# Documents a worker process parses per call, at most. Each call also costs ~10 ms that do not grow
# with it (building the fragment's eleven Arrow tables, writing them as files): at 12 documents a
# call that was a sixth of a worker's time per document (7.4 against 6.4 ms), and table building
# read four times the fragments. (4,000 generated minutes, five runs each in turns: parse 15.3-20.5
# -> 14.8-16.8 s, table building 2.4-3.3 -> 1.7-2.3 s.) Calls are handed out ahead of the batch
# being waited for (Workers.submit_ahead), so larger ones leave no worker idle but at the run's end.
CHUNK = 48
QUARANTINE = "reports/quarantine.csv"
QUARANTINE_COLUMNS = ["file", "sha256", "reason"]
WARNINGS = "reports/parse_warnings.csv"
QUALITY = "reports/parse_quality.csv"
WARNING_COLUMNS = ["file", "sha256", "line", "message"]
VALIDATION = "reports/validation.json"
METADATA_REPORT = "reports/metadata.json"


class MetadataRejected(Exception):
    """The catalog's DCAT-AP.de metadata does not conform: nothing is published."""


class OutputUnusable(Exception):
    """The output folder, or the staging folder beside it, can't be written (one sentence)."""


@contextlib.contextmanager
def _output_problems(output: Path):
    """An OSError on a path beside or in the output becomes :class:`OutputUnusable`; others pass."""
    try:
        yield
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, (str, os.PathLike)) else None
        if where is None or not _beside_output(where, output):
            raise
        raise OutputUnusable(f"output {output} can't be written: {exc.strerror or exc} ({where})") from exc


def _beside_output(path: Path, output: Path) -> bool:
    """``path`` is the output's folder, the output, or one of the run's own entries beside it (staging
    folder, lock, rejected catalog), or inside one of them; not, say, an input folder next to it."""
    if path == output.parent:
        return True
    if output.parent not in path.parents:
        return False
    first = path.relative_to(output.parent).parts[0]
    return first in (output.name, f"{output.name}.rejected") or first.startswith(f".{output.name}.")


class SourceIncomplete(Exception):
    """The catalog was built, but the OParl walk before it did not complete: the next run goes on."""

    def __init__(self, summary: "RunSummary"):
        super().__init__(f"the OParl source did not complete: {summary.fetched.get('error')}; the catalog holds "
                         "what arrived, the next run asks again for the rest")
        self.summary = summary


class ValidationFailed(Exception):
    """Validation found errors: nothing was published. ``summary`` says what and where."""

    def __init__(self, summary: "RunSummary"):
        super().__init__(f"validation failed with {summary.validation_errors} error(s); nothing was published "
                         f"(report: {summary.report})")
        self.summary = summary


# -- progress ---------------------------------------------------------------------------------


class Progress(Protocol):
    def start(self, stage: str, total: int | None = None) -> None: ...
    def advance(self, stage: str, n: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...


class NoProgress:
    def start(self, stage, total=None): pass
    def advance(self, stage, n=1): pass
    def finish(self, stage): pass


@dataclass
class Workers:
    """The processes a run parses its batches on (see :func:`_workers`).

    A batch's chunks can be handed out before its turn (:meth:`submit_ahead`): while this process
    waits for one batch, the workers already parse the next one instead of waiting (at 10,000
    minutes, 40 batches, that wait was seconds of the parse stage). Each chunk's worker writes the
    chunk's rows as a fragment of its own (:func:`parse_chunk_to`): handing them to this process to
    write cost it a second of CPU per 2,000 documents, taken from the workers on a small machine.
    """

    pool: ProcessPoolExecutor
    size: int
    ahead: dict[tuple[str, ...], list[Future]] = field(default_factory=dict)

    def submit_ahead(self, source: Source, refs: list[DocumentRef], staging: Path, parser: str, batch_no: int) -> None:
        key = tuple(r.name for r in refs)
        if key not in self.ahead:
            self.ahead[key] = self._submit(source, refs, staging, parser, batch_no)

    def submit(self, source: Source, refs: list[DocumentRef], staging: Path, parser: str, batch_no: int) -> list[Future]:
        """The chunks of batch ``batch_no`` (``refs``) being parsed: those handed out ahead, else handed out now.
        Each future gives its chunk's outcomes."""
        futures = self.ahead.pop(tuple(r.name for r in refs), None)
        return futures if futures is not None else self._submit(source, refs, staging, parser, batch_no)

    def _submit(self, source: Source, refs: list[DocumentRef], staging: Path, parser: str, batch_no: int) -> list[Future]:
        # A batch in equal chunks of at most CHUNK, at least one per worker: no chunk of a few documents
        # at its end, and a worker that drew slow PDFs keeps the other waiting for one chunk at most.
        size = math.ceil(len(refs) / max(self.size, math.ceil(len(refs) / CHUNK)))
        with lifetime.stops_deferred():   # a submit may start a worker process
            return [self.pool.submit(parse_chunk_to, source, refs[i:i + size], staging, parser,
                                     f"{batch_no:05d}-{i // size:03d}")
                    for i in range(0, len(refs), size)]


@dataclass
class RunContext:
    """What the stages of one run share in this process besides their arguments: where they report
    progress, and the worker processes batches are parsed on. Made by :func:`run` and passed on."""

    progress: Progress = field(default_factory=NoProgress)
    workers: Workers | None = None


# The progress reporter of runs started in this context: the console's progress bars. A flow's
# parameters reach Prefect's API as JSON, so the CLI can't hand a reporter to the flow as one.
_reporter: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("ratsdaten_progress", default=None)


@contextlib.contextmanager
def reporting(progress: Progress):
    """Runs started within the block report their progress to ``progress``."""
    token = _reporter.set(progress)
    try:
        yield progress
    finally:
        _reporter.reset(token)


# -- records passed between stages ------------------------------------------------------------


@dataclass
class DocumentEntry:
    ref: DocumentRef
    sha256: str                        # DEFERRED until its parse hashed it (see discover)
    bytes: int
    status: str                        # new | changed | unchanged
    needs_parse: bool
    duplicate_of: str | None = None    # same bytes as an earlier document: quarantined
    cached: bool = False               # a stored parse result of this parser can be reused
    stamp: str | None = None           # modification time of the bytes hashed (None: changed since discovery)


@dataclass
class Plan:
    parser: str
    entries: list[DocumentEntry]
    removed: list[str]
    skipped: list[str]                 # older than --since and not in the catalog

    def batches(self) -> list[list[DocumentEntry]]:
        todo = [e for e in self.entries if e.needs_parse]
        if not todo:
            return []
        size = max(MIN_BATCH, math.ceil(len(todo) / MAX_BATCHES))
        return [todo[i:i + size] for i in range(0, len(todo), size)]


@dataclass
class ParseOutcome:
    file: str
    sha256: str
    rejected: str | None


@dataclass
class BuildResult:
    rows: dict[str, int]
    documents: int
    quarantined: list[tuple[str, str, str]]     # file, sha256, reason
    warnings: int
    problems: list[catalog_files.StructureProblem] = field(default_factory=list)
    manifest: list[state.ManifestEntry] = field(default_factory=list)   # every document and its role
    tables_key: str | None = None


@dataclass
class RunSummary:
    source: str
    output: str
    started: str
    finished: str = ""
    documents: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    parsed: int = 0                  # parsed in this run (unchanged documents are not parsed again)
    with_rows: int = 0               # documents the tables' rows come from
    duplicates: int = 0              # documents with the same bytes as another one (quarantined)
    quarantined: list[dict] = field(default_factory=list)   # every quarantined document, duplicates too
    parse_warnings: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    valid: bool | None = None
    validation_errors: int = 0
    changed_files: list[str] = field(default_factory=list)
    published: bool = False
    dry_run: bool = False
    targets: dict[str, str] = field(default_factory=dict)      # target -> one line of what was published
    publish: dict[str, dict] = field(default_factory=dict)     # target -> its report, per dataset
    report: str = ""
    metadata: dict = field(default_factory=dict)   # conforms, summary, shapes, written
    rejected: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    fetched: dict = field(default_factory=dict)    # what a self-filling source (OParl) fetched first

    def to_dict(self) -> dict:
        # (the changed files as a list of their own, not copied path by path as asdict copies: a first
        # run at 10,000 minutes changes 362,635 files, and the report was made twice of them, 0.2 s each)
        out = asdict(replace(self, changed_files=[]))
        out["changed_files"] = list(self.changed_files)
        return out


# -- the stages -------------------------------------------------------------------------------


PARSER = "transforms.parse.parse_document"


def parser_name() -> str:
    """The qualified name of the parser in use, without importing it: a run that finds nothing changed
    never parses. (A test double can only replace the parser once transforms is imported.)"""
    transforms = sys.modules.get("transforms")
    if transforms is None:
        return PARSER
    return f"{transforms.parse_document.__module__}.{transforms.parse_document.__qualname__}"


def fetch(config: RunConfig):
    """Bring a self-filling source (OParl: flows.oparl_source) up to date before discovery.

    Returns its report and the state it wants kept in the catalog's .state/ (None for a folder).
    """
    sync = getattr(config.source, "sync", None)
    return sync(config.output, full=config.full_rebuild) if sync else None


def discover(config: RunConfig, staging: Path, progress: Progress | None = None) -> Plan:
    """List the source, hash what may have changed, and decide what must be parsed.

    Stored parse results that can be reused stay in the published catalog (they move with it when the
    run's catalog is swapped in: :func:`publish.state.carry_parse_results`); everything else is parsed
    by :func:`parse_batch`.
    """
    parser = state.parser_fingerprint(parser_name())
    previous = state.read_manifest(config.output)
    # The manifest says which parser made the stored results: no need to open 10,000 of them.
    same_parser = state.read_manifest_meta(config.output).get("parser") == parser
    refs = config.source.list_documents()
    stored = state.stored_parse_results(config.output)
    # A new document that no stored result can serve and whose size no other document has is neither
    # a copy nor reusable: it is parsed, and its worker hashes it as it reads it (a first run at 10,000
    # minutes read and hashed every document twice, once here on one core).
    sizes = Counter(ref.size for ref in refs) if config.full_rebuild or not stored else Counter()
    progress = progress or NoProgress()
    progress.start("discover", total=len(refs))
    entries, skipped, first_of = [], [], {}
    for ref in refs:
        prev = previous.get(ref.name)
        stamp = _stamp(ref)
        if config.since and ref.modified and ref.modified.date() < config.since:
            if prev is None:
                skipped.append(ref.name)
                progress.advance("discover")
                continue
            sha, size, status = prev.sha256, prev.bytes, "unchanged"
        elif not config.full_rebuild and prev and stamp and prev.modified == stamp and prev.bytes == ref.size:
            # Same size and modification time as when it was hashed: not read again (as make and rsync
            # decide; --full-rebuild reads and hashes every document).
            sha, size, status = prev.sha256, prev.bytes, "unchanged"
        elif prev is None and ref.size and sizes[ref.size] == 1:
            entries.append(DocumentEntry(ref, DEFERRED, ref.size, "new", needs_parse=True, stamp=stamp))
            progress.advance("discover")
            continue
        else:
            sha, size = _hashed(config.source, ref)
            status = "new" if prev is None else ("unchanged" if prev.sha256 == sha else "changed")
        entry = DocumentEntry(ref, sha, size, status, needs_parse=False, stamp=stamp)
        if sha in first_of and size > 0:   # empty files are not copies of each other: each is "empty"
            entry.duplicate_of = first_of[sha]
        else:
            first_of[sha] = ref.name
            # The stored result under this sha was made for this very file unless it was a duplicate then
            # (the result names the other file; such a document is parsed under its own name).
            made_for_it = prev is not None and prev.role in ("rows", "rejected")
            if (not config.full_rebuild and status == "unchanged" and same_parser and made_for_it
                    and f"{sha}.json" in stored):
                entry.cached = True   # read from the published catalog (see state.carry_parse_results)
            elif not config.full_rebuild and state.reusable(state.parsed_path(config.output, sha),
                                                            file=ref.name, parser=parser):
                entry.cached = True
            else:
                entry.needs_parse = True
        entries.append(entry)
        progress.advance("discover")
    progress.finish("discover")
    listed = {r.name for r in refs}
    removed = sorted(name for name in previous if name not in listed)
    return Plan(parser, entries, removed, skipped)


# The sha256 of a document discovery left for its parse to hash (see discover).
DEFERRED = ""


def _hash_deferred(config: RunConfig, plan: Plan) -> None:
    """Hash what discovery left to the parse but the parse did not give (none, unless a stage that parses
    elsewhere gave no outcome for it): the manifest names every document by its bytes."""
    for e in plan.entries:
        if e.sha256 == DEFERRED:
            e.sha256 = _hashed(config.source, e.ref)[0]


def _hashed(source: Source, ref: DocumentRef) -> tuple[str, int]:
    """The document's id (its bytes' and its sidecar's hash) and their size, read from ``source``."""
    data, side = source.read(ref), _sidecar(source, ref)
    return _document_id(data, side), len(data) + len(side or b"")


def _stamp(ref: DocumentRef) -> str | None:
    return ref.modified.isoformat() if ref.modified else None


def inputs_fingerprint(config: RunConfig, plan: Plan, source_state: dict[str, bytes] | None = None) -> str:
    settings = json.dumps({"catalog": repr(config.catalog), "base_url": config.base_url,
                           "shapes_dir": str(config.shapes_dir) if config.shapes_dir else None,
                           "source_state": {k: hashlib.sha256(v).hexdigest() for k, v in (source_state or {}).items()}},
                          sort_keys=True)
    return state.inputs_fingerprint(plan.parser, [(e.ref.name, e.sha256) for e in plan.entries], settings)


def nothing_changed(config: RunConfig, plan: Plan, fingerprint: str) -> bool:
    """The published catalog was built from exactly these inputs: the run can stop after discovery."""
    if config.full_rebuild or config.dry_run or plan.removed or plan.skipped:
        return False
    if any(e.status != "unchanged" or e.needs_parse for e in plan.entries):
        return False
    return (state.read_manifest_meta(config.output).get("inputs") == fingerprint
            and (config.output / VALIDATION).is_file())


def _sidecar(source: Source, ref: DocumentRef) -> bytes | None:
    read = getattr(source, "sidecar", None)  # a source of the Source protocol before sidecars has none
    return read(ref) if read is not None else None


def _document_id(data: bytes, sidecar: bytes | None) -> str:
    """transforms.document_id without importing the parser, which discovery must not (a test keeps them equal)."""
    h = hashlib.sha256(data)
    if sidecar is not None:
        h.update(b"\n\x00ratsdaten-sidecar\x00\n")
        h.update(sidecar)
    return h.hexdigest()


def parse_one(source: Source, ref: DocumentRef, staging: Path, parser: str):
    """Read, hash and parse one document (with its sidecar); its result (or rejection) goes to the staging state.

    Returns the outcome and the document (None when rejected).
    """
    import transforms

    data, side = source.read(ref), _sidecar(source, ref)
    sha = _document_id(data, side)
    result = state.ParseResult(file=ref.name, sha256=sha, parser=parser)
    try:
        result.document = (transforms.parse_document(data, ref.name, sidecar=side) if side is not None
                           else transforms.parse_document(data, ref.name))
    except transforms.DocumentRejected as exc:
        result.rejected = quarantine.readable(exc.reason)
    except Exception as exc:  # a parser bug must not stop the night's run: quarantine the document
        result.rejected = quarantine.readable(
            f"the parser failed ({type(exc).__name__}: {exc}); please report this document")
    state.write_parse_result(staging, result)
    return ParseOutcome(ref.name, sha, result.rejected), result.document


@collector_paused()
def parse_chunk(source: Source, refs: list[DocumentRef], staging: Path, parser: str) -> tuple[list[ParseOutcome], dict]:
    """Parse some documents: their outcomes, and their rows, rejections and warnings as fragment tables."""
    from transforms.tables import TableBuilder

    from transforms import quality_row

    builder, outcomes, rejected, warnings, quality = TableBuilder(), [], [], [], []
    for ref in refs:
        outcome, doc = parse_one(source, ref, staging, parser)
        outcomes.append(outcome)
        if doc is None:
            rejected.append([ref.name, outcome.sha256, outcome.rejected])
            continue
        builder.add(doc)
        warnings += [[ref.name, outcome.sha256, str(w.line), w.message] for w in doc.warnings or []]
        quality.append([ref.name, outcome.sha256, *quality_row(doc)[2:]])
    return outcomes, {**builder.fragment(), **_report_tables(rejected, warnings, quality)}


def parse_chunk_to(source: Source, refs: list[DocumentRef], staging: Path, parser: str, fragment: str) -> list[ParseOutcome]:
    """:func:`parse_chunk`, its tables written as the fragment ``fragment``; returns the outcomes."""
    outcomes, tables = parse_chunk(source, refs, staging, parser)
    state.write_fragment(staging, fragment, tables)
    return outcomes


def _report_tables(rejected: list[list[str]], warnings: list[list[str]], quality: list[list[str]]) -> dict:
    """A batch's quarantine, warning and parse-quality lines, as three more fragment tables (all text)."""
    import pyarrow as pa

    from transforms.quality import COLUMNS as QUALITY_COLUMNS

    def table(columns: list[str], rows: list[list[str]]) -> pa.Table:
        return pa.Table.from_pylist([dict(zip(columns, r)) for r in rows],
                                    schema=pa.schema([(c, pa.string()) for c in columns]))

    return {"_rejected": table(QUARANTINE_COLUMNS, rejected), "_warnings": table(WARNING_COLUMNS, warnings),
            "_quality": table(QUALITY_COLUMNS, quality)}


def parse_batch(source: Source, entries: list[DocumentEntry], staging: Path, parser: str, batch_no: int = 0,
                workers: Workers | None = None) -> list[ParseOutcome]:
    """Parse one batch of documents and write the batch's rows as one fragment (in small chunks over
    ``workers``, if the run has them: a fragment per chunk, named in order after the batch's)."""
    refs = [e.ref for e in entries]
    if workers is None or len(refs) < 2:
        outcomes, tables = parse_chunk(source, refs, staging, parser)
        state.write_fragment(staging, f"{batch_no:05d}", tables)
        return outcomes
    return [o for f in workers.submit(source, refs, staging, parser, batch_no) for o in f.result()]


@contextlib.contextmanager
def _workers(n: int):
    """Worker processes for parse_batch (None for one); forkserver: clean processes, safe beside Prefect's
    threads. Each worker ends when this process does, however it ends (then the fork server ends too)."""
    if n <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=exit_with, initargs=(os.getpid(),))
    try:
        yield Workers(pool, n)
    finally:
        pool.shutdown(cancel_futures=True)


# The modules every process a run starts imports (a parse worker, an export process, the listing of
# the kept tree), and those of a parse worker. The processes are forked from multiprocessing's fork
# server: what it imported once, they have without importing it each. Each imported the console
# (multiprocessing runs the main script again in every new process: flows.cli, 0.65 s) and then
# the parser (0.85 s), at the run's cost on a 2-core machine. Each export process also imported
# pandas and pyarrow.dataset (which pyarrow.parquet.read_table imports when first called): 0.5 s each.
_PROCESS_MODULES = ("flows.cli", "flows.pipeline", "publish.oparl", "publish.oparl.spare", "pandas", "pyarrow.dataset")
_PARSER_MODULES = ("transforms", "transforms.tables")


def _preload_workers(parsing: bool) -> None:
    """Have the fork server import what the run's processes need (it starts with the first of them;
    one that already runs keeps what it has)."""
    modules = _PROCESS_MODULES + (_PARSER_MODULES if parsing else ())
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(modules))


def _warm_workers_for_first_run(config: RunConfig) -> None:
    """Start the fork server of the parse workers while discovery reads and hashes every document, when
    the run will parse them all (a first run, a full rebuild): it imports what the workers need (1 s of
    CPU) on the core discovery leaves idle, instead of after it while both cores wait."""
    if not isinstance(config.source, FolderSource):   # (listing another kind of source may cost more)
        return
    if state.manifest_path(config.output).is_file() and not config.full_rebuild:
        return
    _warm_fork_server(lambda: True if len(config.source.list_documents()) >= MIN_FOR_WORKERS else None)


def _warm_processes(config: RunConfig, plan: Plan) -> None:
    """Start the fork server of the run's processes (parse workers, the kept tree's listing, the export)
    as soon as a run is known to have work, while the console starts the flow: the server first imports
    what they need (0.7 s of CPU on the core the start leaves idle). The processes that make the kept tree
    in the first run after a full one (a link per file, the last of the run to finish) began 1.5 s into
    the run instead of 1.76 s (1 % of 10,000 minutes changed)."""
    batches = plan.batches()
    parsing = worker_count(config.workers, len(batches), sum(len(b) for b in batches)) > 1
    _warm_fork_server(lambda: parsing)


def _warm_fork_server(parsing: Callable[[], bool | None]) -> None:
    """Start the fork server on a thread of its own; ``parsing`` (called there) says whether it imports
    the parser too, or None for no server at all."""
    def warm() -> None:
        with contextlib.suppress(Exception):   # only a head start: the pool starts the server itself
            preload = parsing()
            if preload is not None:
                import multiprocessing.forkserver

                _preload_workers(parsing=preload)
                multiprocessing.forkserver.ensure_running()   # (the one server of this process the pool uses)

    threading.Thread(target=warm, name="warm-workers", daemon=True).start()


# Starting worker processes (and importing the parser in each) costs about 1.5 s; below this many
# documents to parse, one process finishes sooner.
MIN_FOR_WORKERS = 300


def worker_count(requested: int | None, batches: int, documents: int | None = None) -> int:
    """``requested`` processes, or by default one per CPU (at most 4) when there is more than one batch
    and enough documents to pay for starting them."""
    if requested:
        return max(1, requested)
    if documents is not None and documents < MIN_FOR_WORKERS:
        return 1
    return min(os.cpu_count() or 1, 4) if batches > 1 else 1


STORED_PER_FRAGMENT = 200


def build_tables(staging: Path, plan: Plan, previous: Path | None = None) -> BuildResult:
    """The tables (sorted CSV in staging) and the reports, from three kinds of rows:

    the fragments of the documents parsed in this run; the published rows of unchanged documents
    (when the catalog in ``previous`` was made by the same parser and schemas); and, for any other
    document, its stored parse result. Each way gives the same rows, so a run that changed one
    document equals a full rebuild. The tables are built one after the other (persons and papers
    from the tables they are merged from), each written while the next is built: held all at once,
    a city's tables were the peak of the run's memory.
    """
    import pyarrow as pa

    import transforms
    from publish.previous import open_previous
    from transforms import tables as T
    from transforms.quality import COLUMNS as QUALITY_COLUMNS

    key = state.tables_key(plan.parser)
    entries = sorted(plan.entries, key=lambda e: e.ref.name)
    lender = open_previous(previous, key, list(T.FRAGMENT_TABLES))
    keep = {(e.ref.name, e.sha256) for e in entries
            if lender and not e.needs_parse and not e.duplicate_of and lender.lends(e.ref.name, e.sha256)}
    batches = state.fragment_dirs(staging)
    quarantined, warnings, quality = [], [], []
    for batch in batches:
        quarantined += state.read_fragment_table(batch, "_rejected").to_pylist()
        warnings += state.read_fragment_table(batch, "_warnings").to_pylist()
        quality += state.read_fragment_table(batch, "_quality").to_pylist()
    quarantined = [[q[c] for c in QUARANTINE_COLUMNS] for q in quarantined]
    warnings = [[w[c] for c in WARNING_COLUMNS] for w in warnings]
    quality = [[q[c] for c in QUALITY_COLUMNS] for q in quality]
    lent = lender.lend(keep) if keep else None
    if lent is not None:
        quarantined += lent.reports(QUARANTINE)
        warnings += lent.reports(WARNINGS)
        quality += lent.reports(QUALITY)
    # Documents neither parsed now nor lent (renamed, once a duplicate, schemas changed): their stored results,
    # made into Arrow every STORED_PER_FRAGMENT documents (as rows of Python objects, a whole archive's
    # did not fit in 1 GB at 10,000 minutes).
    builder, stored, in_builder = T.TableBuilder(), [], 0
    for e in entries:
        if e.duplicate_of:
            quarantined.append([e.ref.name, e.sha256, f"same bytes as {e.duplicate_of}"])
        elif not e.needs_parse and (e.ref.name, e.sha256) not in keep:
            stored_in = previous if e.cached and previous is not None else staging
            result = state.read_parse_result(state.parsed_path(stored_in, e.sha256), transforms.ParsedDocument)
            if result.rejected is not None:
                quarantined.append([e.ref.name, e.sha256, result.rejected])
                continue
            builder.add(result.document)
            warnings += [[e.ref.name, e.sha256, str(w.line), w.message] for w in result.document.warnings or []]
            quality.append([e.ref.name, e.sha256, *transforms.quality_row(result.document)[2:]])
            del result
            in_builder += 1
            if in_builder == STORED_PER_FRAGMENT:
                stored.append(builder.fragment())
                in_builder = 0
    stored.append(builder.fragment())
    del builder
    # Reasons stored by earlier runs too are shown as one readable line.
    quarantined = sorted(([f, h, quarantine.readable(r)] for f, h, r in quarantined), key=lambda q: q[0])
    warnings.sort(key=lambda w: w[0])       # stable: a document's warnings stay in their order
    quality.sort(key=lambda q: q[0])
    rejected = {q[0] for q in quarantined}
    documents = sum(1 for e in entries if e.ref.name not in rejected)

    def combined(table: str):
        parts = [state.read_fragment_table(batch, table) for batch in batches]
        if lent is not None:
            parts.append(lent.rows(table))
        parts += [fragment.pop(table) for fragment in stored]
        data = T.combine_table(table, parts)
        del parts
        release_freed_memory()   # what the pool keeps of the last table's steps: one table's worth each time
        return data

    one_parquet = threading.Lock()   # (two tables made into Parquet at once: 0.2 GB more at 20,000 minutes)

    def written(table: str, handed: list) -> catalog_files.TableWritten:
        # The table comes in a list and goes on as the argument alone: write_parquet lets each column go
        # as it converts it only where nothing else holds the table (this frame, the pool's work item).
        # Held, the Parquet step needed the table twice: at 20,000 minutes attendance's took 108 MB more
        # than the table, handed over 43 MB.
        data = handed.pop()
        done = catalog_files.write_table_csv(staging, table, data)
        handed.append(None if done.problems or done.order is None else data)   # (else the CSV is read back)
        del data
        if not done.problems:   # its Parquet too, on this core, while the next table is built
            with one_parquet, contextlib.suppress(pa.ArrowException):   # (values Parquet can't hold: validation names them)
                catalog_files.write_parquet(staging, table, handed.pop(), done.order)
        handed.clear()
        done.order = None   # (the indices are not needed past here)
        release_freed_memory()   # (each thread's own)
        return done

    # Arrow's kernels release the GIL: a table is written on the other core while the next is built.
    writing: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        def write(table: str, handed: list) -> None:
            writing[table] = pool.submit(written, table, handed)
            for older in list(writing.values())[:-2]:   # at most two tables in writing, one being built
                older.result()

        for table, data in T.tables_in_turn(combined):
            if table == T.PAPER_SOURCES:
                state.write_table(state.state_table_path(staging, table), data)
                del data
                continue
            handed = [data]
            del data   # (the writer's alone: see written)
            write(table, handed)
            del handed
        for table in schemas.TABLES:
            if table not in writing:   # a table schemas/ defines and nothing builds: reported missing
                write(table, [None])
    problems: list[catalog_files.StructureProblem] = []
    rows = {}
    for t in schemas.TABLES:
        table_written = writing[t].result()
        if not documents:
            table_written.problems = []   # no documents: empty tables, nothing missing
        rows[t] = table_written.rows
        problems += table_written.problems
    catalog_files.write_csv(staging / QUARANTINE, QUARANTINE_COLUMNS, quarantined)
    catalog_files.write_csv(staging / WARNINGS, WARNING_COLUMNS, warnings)
    catalog_files.write_csv(staging / QUALITY, QUALITY_COLUMNS, quality)
    # (the fragments are removed once the export is written: publish_local, _drop_fragments)
    roles = {e.ref.name: "duplicate" if e.duplicate_of else "rejected" if e.ref.name in rejected else "rows"
             for e in entries}
    manifest = [state.ManifestEntry(e.ref.name, e.sha256, e.bytes, roles[e.ref.name], e.stamp) for e in entries]
    return BuildResult(rows, documents, [tuple(q) for q in quarantined], len(warnings), problems, manifest, key)


def validate(staging: Path, problems: list[catalog_files.StructureProblem]) -> validation.ValidationReport:
    """The validation gate over all tables as one Frictionless package; the report goes to reports/."""
    release_freed_memory()   # what table building freed: validation reads every table once more
    report = validation.validate_tables(staging, problems)
    state.write_json(staging / VALIDATION, report.to_dict())
    return report


def write_outputs(staging: Path, config: RunConfig) -> list[str]:
    """Parquet from the validated CSV (where table building did not write it already), the table
    schemas, and datapackage.json (hashes of everything, the catalog's licence)."""
    release_freed_memory()   # what validation freed (a table table building could not write as Parquet is read now)

    def files_of(table: str) -> dict[str, tuple[int, str]]:
        if not (staging / catalog_files.parquet_name(table)).is_file():
            catalog_files.write_parquet(staging, table)
        names = (catalog_files.csv_name(table), catalog_files.parquet_name(table))
        return {name: catalog_files.file_stats(staging / name) for name in names}

    with ThreadPoolExecutor(max_workers=2) as pool:   # (Arrow and hashlib work outside the GIL)
        stats = {name: facts for files in pool.map(files_of, schemas.TABLES) for name, facts in files.items()}
    catalog_files.write_schemas(staging)
    catalog_files.write_datapackage(staging, [config.catalog.license.frictionless()] if config.catalog else None, stats)
    return [catalog_files.csv_name(t) for t in schemas.TABLES] + [catalog_files.parquet_name(t) for t in schemas.TABLES]


def metadata(staging: Path, config: RunConfig) -> dict:
    """DCAT-AP.de metadata, data.json, landing page and data dictionary, written into staging before it is published.

    The metadata is checked first (against the official shapes when a shapes folder is configured,
    else the project's own checks of the mandatory properties); metadata that does not conform stops
    the run, and nothing is published. Everything written is deterministic (no run times).
    """
    from publish.landing import write_metadata

    result = write_metadata(staging, catalog=config.catalog, base_url=config.base_url, shapes_dir=config.shapes_dir)
    placeholder = "; the base URL is a placeholder: not for publishing" if result.warnings else ""
    check = {"conforms": result.report.conforms, "summary": result.report.summary() + placeholder,
             "shapes": str(config.shapes_dir) if config.shapes_dir else "own checks",
             "base_url": result.base_url, "warnings": result.warnings}
    # no timings in the catalog's files: an unchanged catalog must stay byte for byte the same
    state.write_json(staging / METADATA_REPORT, {**check, "summary": result.report.summary(timing=False) + placeholder,
                                                 "report": "\n".join([result.report.text(warnings=True, timing=False),
                                                                       *(f"Warning: {w}" for w in result.warnings)])})
    if not result.report.conforms:
        raise MetadataRejected(result.report.text(warnings=False, limit=20))
    # data.json (Project Open Data), so any DKAN can harvest the catalog, from the same records
    written = [p.name for p in result.written] + pod.write_catalog(staging, result.records, config.catalog.name_prefix)
    return {**check, "written": sorted(written)}


@collector_paused()
def publish_local(config: RunConfig, staging: Path) -> dict[str, str]:
    """Swap the staged catalog in, unless it equals the published one byte for byte (then nothing is rewritten).
    Returns what changed: relative path -> "created" | "updated" | "deleted"."""
    release_freed_memory()
    ahead = _exports_ahead.pop(staging, None)
    if ahead is not None:
        ahead.result()
    else:
        export_oparl(staging, config)
    dropping = _drop_fragments_aside(staging, config.output)
    try:
        changes = local.changes(staging, config.output, spare.listed_folders(config.output))
        if config.dry_run or not changes:
            spare.keep(staging, config.output)
        else:
            replaced = local.swap_in(staging, config.output)
            if replaced is not None:
                with contextlib.suppress(OSError):   # (only a cache: the next run parses what it misses)
                    state.carry_parse_results(replaced, config.output)
                spare.keep(replaced, config.output)
                spare.catch_up(config.output, changes)
        if not config.dry_run:
            local.drop_rejected(config.output)
    finally:
        if dropping is not None:
            dropping.join()
    return changes


def _drop_fragments(staging: Path) -> None:
    """Remove the parsed batches' rows (table building read them) from the staging folder. Not before
    the export is written: on an ext4 without a journal, files created within a minute or more of a
    removal first skip the inodes just freed. A full run's thousands of fragment files removed before
    the export made its 362,598 files 1.8-2.6 s slower to create (10,000 minutes)."""
    shutil.rmtree(state.fragments_dir(staging), ignore_errors=True)


def _drop_fragments_aside(staging: Path, output: Path) -> threading.Thread | None:
    """:func:`_drop_fragments`, the folder first moved out of the catalog (one rename) and removed by a
    thread while the catalogs are compared and swapped (a full run at 10,000 minutes: 0.27 s that was
    the run's alone). If the run dies first, the next one removes it (local.aside_path)."""
    aside = local.aside_path(output, "fragments")
    try:
        os.rename(state.fragments_dir(staging), aside)
    except OSError:   # (none, or not movable: removed in place)
        _drop_fragments(staging)
        return None
    dropping = threading.Thread(target=shutil.rmtree, args=(aside,), kwargs={"ignore_errors": True},
                                name="drop-fragments", daemon=True)
    dropping.start()
    return dropping


# The exports begun ahead of validation (start_export), by staging folder, for publish_local to finish.
_exports_ahead: dict[Path, Future] = {}


def start_export(staging: Path, config: RunConfig) -> None:
    """Begin the OParl export (:func:`export_oparl`) on a thread of its own once the tables are built,
    so that its processes write the tree while this one validates the tables and writes the metadata.
    The tree is made in the staging folder only; a run that stops before publishing gives it back as
    the spare (:func:`settle_export`). Not where a table the export reads has no Parquet file yet (the
    CSV could not be written, which validation reports)."""
    from publish.oparl.mapping import READS

    if staging in _exports_ahead or not all((staging / catalog_files.parquet_name(t)).is_file() for t in READS):
        return
    context = contextvars.copy_context()   # (the run's progress reporter and logger go with it)
    pool = ThreadPoolExecutor(1, thread_name_prefix="oparl-export")
    _exports_ahead[staging] = pool.submit(context.run, export_oparl, staging, config)
    pool.shutdown(wait=False)


# An export at 20,000 minutes takes about 25 s; a run that stops waits for it this long at most.
EXPORT_SETTLE_S = 1800


def settle_export(staging: Path, output: Path) -> None:
    """For a run that stops before publishing: wait for the export begun ahead, if any (nothing of
    the run writes into the staging folder after this), and keep its tree as the spare the run took
    to make it (spare.keep_tree)."""
    ahead = _exports_ahead.pop(staging, None)
    if ahead is None:
        return
    try:
        ahead.result(timeout=EXPORT_SETTLE_S)
    except Exception:   # (the run already fails for its own reason; a half tree is not kept)
        from publish.oparl import discard_tree

        discard_tree(staging)
        return
    spare.keep_tree(staging, output)


# Below this many sessions, starting the export's own process costs more than the memory it gives back.
MIN_SESSIONS_FOR_EXPORT_PROCESS = 300


def export_oparl(staging: Path, config: RunConfig) -> int:
    """``oparl/`` of the staged catalog, a static OParl API; returns the number of files.

    The export holds the tables' rows and its objects: the run's largest heap. A large one is built
    by two processes side by side, each writing some parts of the tree (oparl.side_by_side: people
    and papers, meetings and the Body when built whole), each starting from a clean heap (not on top
    of what table building left behind) and handing all of it back when done. (20,000 minutes: the
    main process held 1.23-1.27 GB exporting alone, 300 MB of it left from the stages before.) Parts
    made from the same inputs as the kept tree's are not built again (publish.oparl.inputs).
    """
    import pyarrow.parquet as pq

    from publish import oparl

    try:
        sessions = pq.read_metadata(staging / catalog_files.parquet_name("sessions")).num_rows
    except OSError:
        sessions = 0
    plan = oparl.start_tree(staging, config.output, config.catalog, config.base_url)
    release_freed_memory()   # (the tables start_tree compared: freed, but kept by the allocators)
    groups = oparl.side_by_side(plan)
    if sessions < MIN_SESSIONS_FOR_EXPORT_PROCESS or not groups:
        return oparl.finish_tree(staging, plan, _write_oparl(staging, plan, plan.to_write) if groups else [])
    # (one task per process: the one that finishes first exits and hands its memory back meanwhile)
    with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("forkserver"),
                             initializer=exit_with, initargs=(os.getpid(),), max_tasks_per_child=1) as pool, \
            ThreadPoolExecutor(1) as lister:
        futures = [pool.submit(_write_oparl, staging, plan, parts) for parts in groups]
        # this process only waits meanwhile: it lists the kept tree for finishing it
        listing = (lister.submit(oparl.list_tree, staging, plan)
                   if plan.kept is not None and plan.listing is None else None)
        written = [w for f in futures for w in f.result()]
    return oparl.finish_tree(staging, plan, written, listing.result() if listing else None)


@collector_paused()
def _write_oparl(staging: Path, plan, parts: tuple[str, ...]):
    from publish import oparl

    return oparl.write_parts(staging, plan, parts)


def publish_target(target: Target, catalog: DescribedCatalog) -> PublishReport:
    """Publish the described local catalog to one target (the flow retries what the target says may help)."""
    return target.publish(catalog)


def parse_in_order(parse_batch: Callable, source: Source, batches: list, staging: Path, parser: str,
                   workers: Workers | None = None):
    """(batch, outcomes) for each batch, parsed one after the other (in this process, or on ``workers``)."""
    for i, batch in enumerate(batches, 1):
        if workers is not None:   # this batch in the queue first, then the next one behind it
            for no, upcoming in enumerate(batches[i - 1:i + 1], i):
                if len(upcoming) >= 2:
                    workers.submit_ahead(source, [e.ref for e in upcoming], staging, parser, no)
        yield batch, parse_batch(source, batch, staging, parser, i, workers)


@dataclass(frozen=True)
class Stages:
    discover: Callable
    parse_batch: Callable
    build_tables: Callable
    validate: Callable
    write_outputs: Callable
    metadata: Callable
    publish_local: Callable
    publish_target: Callable
    # How batches reach parse_batch: in order here, or submitted to a task runner (a Dask cluster).
    parse_all: Callable = parse_in_order
    distributed: bool = False   # batches run elsewhere: no local worker pool
    fetch: Callable = fetch     # a self-filling source fetches first (OParl)


PLAIN = Stages(discover, parse_batch, build_tables, validate, write_outputs, metadata, publish_local, publish_target)


# -- the wiring -------------------------------------------------------------------------------


def _import_ahead(*modules: str) -> None:
    """Import what a later stage needs on a thread of its own while the run parses and builds, work
    that mostly leaves the GIL free (rdflib for the metadata: 0.14 s of a 1 % run at 10,000 minutes)."""
    def load() -> None:
        for module in modules:
            with contextlib.suppress(Exception):   # (the stage imports it again and says what failed)
                importlib.import_module(module)

    threading.Thread(target=load, name="import-ahead", daemon=True).start()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def run(config: RunConfig, stages: Stages = PLAIN, context: RunContext | None = None) -> RunSummary:
    """One run: everything the nightly flow does, in order. Raises :class:`ValidationFailed`."""
    summary = RunSummary(source=config.source.description, output=str(config.output), started=_now(),
                         dry_run=config.dry_run, parameters=config.parameters())
    context = context or RunContext(progress=_reporter.get() or NoProgress())
    progress = context.progress

    def timed(name, fn, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        summary.seconds[name] = round(summary.seconds.get(name, 0.0) + time.perf_counter() - t0, 3)
        return out

    with _output_problems(config.output), local.lock(config.output):
        staging = local.new_staging(config.output)
        try:
            fetched = timed("fetch", stages.fetch, config) if hasattr(config.source, "sync") else None
            source_state = fetched.state_files if fetched is not None else {}
            summary.fetched = fetched.report if fetched is not None else {}
            plan = _handed_over(config, summary)
            if plan is None:
                if not stages.distributed:
                    _warm_workers_for_first_run(config)
                plan = timed("discover", stages.discover, config, staging, progress)
            fingerprint = inputs_fingerprint(config, plan, source_state)
            if nothing_changed(config, plan, fingerprint):
                local.discard(staging)
                _unchanged_summary(summary, config, plan)
                return _finish(summary, config, stages, timed)
            batches = plan.batches()
            pool = 1 if stages.distributed else worker_count(config.workers, len(batches), sum(len(b) for b in batches))
            _preload_workers(parsing=pool > 1)
            spare.prefetch(config.output)   # the kept OParl tree is listed while the run parses and builds
            _import_ahead("publish.landing")
            progress.start("parse", total=sum(len(b) for b in batches))
            by_name = {e.ref.name: e for e in plan.entries}
            deferred = any(e.sha256 == DEFERRED for e in plan.entries)
            t0 = time.perf_counter()
            with _workers(pool) as workers:
                context.workers = workers
                for batch, outcomes in stages.parse_all(stages.parse_batch, config.source, batches, staging,
                                                        plan.parser, context.workers):
                    for o in outcomes:
                        e = by_name[o.file]
                        if e.sha256 != o.sha256:
                            if e.sha256 != DEFERRED:   # the file changed since discovery: hash it again next time
                                e.stamp = None
                            e.sha256 = o.sha256
                    progress.advance("parse", len(batch))
            context.workers = None   # shut down
            summary.seconds["parse"] = round(time.perf_counter() - t0, 3)
            progress.finish("parse")
            if deferred:
                _hash_deferred(config, plan)
                fingerprint = inputs_fingerprint(config, plan, source_state)   # (with the hashes the parse made)

            progress.start("build")
            built = timed("build_tables", stages.build_tables, staging, plan, config.output)
            state.write_manifest(staging, built.manifest, parser=plan.parser, inputs=fingerprint,
                                 tables=built.tables_key)
            for name, data in source_state.items():   # published with the catalog it describes
                state.write_bytes_atomic(staging / state.STATE_DIR / name, data)
            progress.finish("build")
            summary.documents = len(plan.entries)
            for status in ("new", "changed", "unchanged"):
                setattr(summary, status, sum(e.status == status for e in plan.entries))
            summary.removed, summary.skipped = len(plan.removed), len(plan.skipped)
            summary.parsed = sum(len(b) for b in batches)
            summary.with_rows = built.documents
            summary.duplicates = sum(1 for e in plan.entries if e.duplicate_of)
            summary.quarantined = [{"file": f, "sha256": s, "reason": r} for f, s, r in built.quarantined]
            summary.parse_warnings = built.warnings
            summary.rows = built.rows

            start_export(staging, config)   # its processes write the OParl tree while the tables are validated
            progress.start("validate")
            report = timed("validate", stages.validate, staging, built.problems)
            progress.finish("validate")
            summary.valid, summary.validation_errors = report.valid, len(report.errors)
            if not report.valid:
                settle_export(staging, config.output)
                if config.dry_run:
                    local.discard(staging)
                    summary.report = "(dry run: not kept)"
                else:
                    _drop_fragments(staging)
                    kept = local.keep_rejected(staging, config.output)
                    summary.rejected = str(kept)
                    summary.report = str(kept / VALIDATION)
                    summary.finished = _now()
                    local.write_run_report(kept, _json(summary))
                raise ValidationFailed(summary)

            progress.start("write")
            timed("write_outputs", stages.write_outputs, staging, config)
            progress.finish("write")
            progress.start("metadata")
            summary.metadata = timed("metadata", stages.metadata, staging, config)
            progress.finish("metadata")
            progress.start("publish")
            changes = timed("publish_local", stages.publish_local, config, staging)
            summary.changed_files = list(changes)
            progress.finish("publish")
        except BaseException:
            settle_export(staging, config.output)
            if staging.exists():
                local.discard(staging)
            spare.settle(config.output)
            raise
        return _finish(summary, config, stages, timed, changes)


def _finish(summary: RunSummary, config: RunConfig, stages: Stages, timed, changes=None) -> RunSummary:
    """Publish to every target (the local catalog is in place; the others may lag behind it) and write the
    run report, also when a target fails. The catalog's records are described once for all targets."""
    summary.published = bool(summary.changed_files) and not config.dry_run
    summary.report = str(config.output / VALIDATION) if not config.dry_run else "(dry run: not kept)"
    if config.dry_run:
        summary.finished = _now()
        return summary
    try:
        described = describe(config.output, config.catalog, config.base_url, changes)
        for target in config.targets:
            report = timed(f"publish_{target.name}", stages.publish_target, target, described)
            summary.targets[target.name] = str(report)
            summary.publish[target.name] = report.to_dict()
    finally:
        summary.finished = _now()
        local.write_run_report(config.output, _json(summary))
    return summary


def finish_if_unchanged(config: RunConfig, progress: Progress | None = None) -> RunSummary | None:
    """The whole run when nothing changed (discovery, the unchanged summary, the run report), else None
    with nothing written: the console decides this before it starts Prefect or imports the parser.

    Only for runs whose targets are all local (a portal may lag behind the catalog and is published
    to by the flow)."""
    if config.full_rebuild or config.dry_run or any(t.name != "local" for t in config.targets):
        return None
    if hasattr(config.source, "sync"):   # a self-filling source (OParl) must fetch before anything is decided
        return None
    if not state.manifest_path(config.output).is_file():
        return None
    summary = RunSummary(source=config.source.description, output=str(config.output), started=_now(),
                         dry_run=config.dry_run, parameters=config.parameters())
    t0 = time.perf_counter()
    with _output_problems(config.output), local.lock(config.output):
        plan = discover(config, config.output, progress or NoProgress())
        summary.seconds["discover"] = round(time.perf_counter() - t0, 3)
        if not nothing_changed(config, plan, inputs_fingerprint(config, plan)):
            _discovered[:] = [(config, _manifest_stamp(config.output), plan, summary.seconds["discover"])]
            _import_ahead("transforms")   # while the console prepares the run and the run stages its state
            _warm_processes(config, plan)
            return None
        _unchanged_summary(summary, config, plan)
        return _finish(summary, config, PLAIN, lambda name, fn, *args: fn(*args))


# The discovery finish_if_unchanged made, for the run the console starts next with the same config
# (10,000 documents: 0.27 s not spent twice).
_discovered: list[tuple[RunConfig, tuple | None, Plan, float]] = []


def _manifest_stamp(output: Path) -> tuple | None:
    try:
        st = os.stat(state.manifest_path(output))
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _handed_over(config: RunConfig, summary: RunSummary) -> Plan | None:
    """The plan finish_if_unchanged discovered for this very config, while the published catalog it
    was made against is still the one in place (else None: the run discovers anew)."""
    handed, _discovered[:] = list(_discovered), []
    for made_for, stamp, plan, seconds in handed:
        if made_for is config and stamp is not None and stamp == _manifest_stamp(config.output):
            summary.seconds["discover"] = seconds
            return plan
    return None


def _unchanged_summary(summary: RunSummary, config: RunConfig, plan: Plan) -> None:
    """The summary of a run that found every document unchanged: the published reports still hold."""
    summary.documents = summary.unchanged = len(plan.entries)
    roles = [e.role for e in state.read_manifest(config.output).values()]
    summary.with_rows, summary.duplicates = roles.count("rows"), roles.count("duplicate")
    report = json.loads((config.output / VALIDATION).read_text(encoding="utf-8"))
    summary.rows = {t: v["rows"] for t, v in report.get("tables", {}).items()}
    summary.valid = True
    quarantine = config.output / QUARANTINE
    if quarantine.is_file():
        rows = catalog_files.read_csv_rows(quarantine)[1:]
        summary.quarantined = [{"file": f, "sha256": h, "reason": r} for f, h, r in rows]
    meta = config.output / METADATA_REPORT
    if meta.is_file():
        data = json.loads(meta.read_text(encoding="utf-8"))
        summary.metadata = {k: data.get(k) for k in ("conforms", "summary", "shapes", "base_url", "warnings")}


def _json(summary: RunSummary) -> bytes:
    data = summary.to_dict()
    # orjson writes what json.dumps with indent=2 writes in a tenth of the time (a first run lists every
    # file: 362,635 at 10,000 minutes), but for floats Python writes with an exponent ("1e-07": orjson
    # "1e-7"), an int key or a huge int
    if _floats_written_alike(data):
        with contextlib.suppress(orjson.JSONEncodeError):
            return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _floats_written_alike(value) -> bool:
    """Whether orjson writes every float in ``value`` (dicts, lists, tuples of JSON values) as json.dumps does."""
    if isinstance(value, float):
        return orjson.dumps(value).decode() == json.dumps(value)
    if isinstance(value, dict):
        return all(_floats_written_alike(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(isinstance(v, str) or _floats_written_alike(v) for v in value)
    return True
