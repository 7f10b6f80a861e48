"""The ``ratsdaten`` command: run the pipeline, validate a catalog, publish it, serve the deployments.

Options and configuration are checked before anything is written; a problem is one line on stderr
and exit code 2. Prefect is imported only by the commands that run flows, after its quiet
defaults are set (see ``_prefect_env``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows import config as run_config
from flows import lifetime, memory, prefect_api
from publish.errors import CatalogBusy, ConfigError, PublishError

try:  # typer 0.2x vendors click; older ones use click itself
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import NoArgsIsHelpError, UsageError

EXIT_INVALID = 1
EXIT_CONFIG = 2
EXIT_BUSY = 75   # sysexits' EX_TEMPFAIL: another run holds the catalog; a scheduler may try again later
EXIT_INTERRUPTED = 130   # Ctrl-C; SIGTERM gives 143 (flows.lifetime)

ENVIRONMENT = """Environment: RATSDATEN_BASE_URL, RATSDATEN_SHAPES_DIR and RATSDATEN_CATALOG stand in for
--base-url, --shapes-dir and --catalog. PREFECT_API_URL: run against this Prefect server (without it,
`ratsdaten run` starts a temporary one). CKAN_URL, CKAN_ORGANIZATION and CKAN_API_TOKEN (or
CKAN_API_TOKEN_BLOCK) configure --target ckan; DKAN_URL, DKAN_USER and DKAN_PASSWORD (or
DKAN_PASSWORD_BLOCK) --target dkan; secrets are never read from the command line."""

app = typer.Typer(
    name="ratsdaten",
    help="Council minutes (Niederschriften) in, validated open data out: CSV, Parquet, datapackage.json.",
    epilog=ENVIRONMENT,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

STAGE_LABELS = {
    "discover": "Reading documents",
    "parse": "Parsing changed documents",
    "build": "Building tables",
    "validate": "Validating (Frictionless)",
    "write": "Writing CSV, Parquet, datapackage.json",
    "metadata": "Writing and checking the metadata (DCAT-AP.de)",
    "publish": "Publishing the local catalog",
}


def _target_names() -> str:
    """The registered publish targets (entry points ``ratsdaten.targets``), for the help texts."""
    from publish.targets import names

    try:
        return ", ".join(n for n in names() if n != "local") + " (CKAN_*, DKAN_* environment variables)"
    except ConfigError:
        return "none registered (pip install -e .)"


TARGET_NAMES = _target_names()


def _fail(message: str, code: int = EXIT_CONFIG) -> None:
    err.print(f"ratsdaten: error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _check_writable_file(path: Path, option: str) -> None:
    """A file an option names can be written (its folder exists and takes files), before any work."""
    folder = path.expanduser().resolve().parent
    if path.is_dir():
        _fail(f"{option} {path} is a folder, not a file")
    if not folder.is_dir():
        _fail(f"{option} {path} can't be written: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        _fail(f"{option} {path} is not writable")


def _prefect_env(quiet: bool = True) -> None:
    """Prefect's settings are read when it is imported: set quiet, offline defaults first (overridable)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        if not os.environ.get("PREFECT_API_URL"):
            os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


class RichProgress:
    """The pipeline's progress reports as rich progress bars (on a terminal; silent otherwise)."""

    def __init__(self, console: Console):
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True, disable=not console.is_terminal,
        )
        self.tasks: dict = {}

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def start(self, stage, total=None):
        self.tasks[stage] = self.progress.add_task(STAGE_LABELS.get(stage, stage), total=total)

    def advance(self, stage, n=1):
        if stage in self.tasks:
            self.progress.advance(self.tasks[stage], n)

    def finish(self, stage):
        task_id = self.tasks.get(stage)
        if task_id is None:
            return
        total = next((t.total for t in self.progress.tasks if t.id == task_id), None) or 1
        self.progress.update(task_id, total=total, completed=total)


class LogProgress:
    """The pipeline's progress as structured log lines (logfmt) on stderr, one when a stage starts and
    one when it ends (``verbose``: also as batches are parsed). For logs, schedulers and pipes, where
    progress bars would be noise."""

    def __init__(self, verbose: bool = False):
        self.verbose = verbose
        self.started: dict[str, float] = {}
        self.done: dict[str, int] = {}
        self.totals: dict[str, int | None] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    @staticmethod
    def line(**fields) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        pairs = " ".join(f"{k}={_logfmt(v)}" for k, v in fields.items() if v is not None)
        print(f"time={stamp} {pairs}", file=sys.stderr, flush=True)

    def start(self, stage, total=None):
        self.started[stage], self.done[stage], self.totals[stage] = time.monotonic(), 0, total
        self.line(level="info", stage=stage, event="start", total=total)

    def advance(self, stage, n=1):
        before = self.done.get(stage, 0)
        self.done[stage] = before + n
        total = self.totals.get(stage)
        # A line per tenth of the way (10,000 documents are not 10,000 lines).
        if self.verbose and (not total or before * 10 // total != self.done[stage] * 10 // total):
            self.line(level="debug", stage=stage, event="progress", done=self.done[stage], total=total)

    def finish(self, stage):
        seconds = time.monotonic() - self.started.get(stage, time.monotonic())
        self.line(level="info", stage=stage, event="done", items=self.done.get(stage) or self.totals.get(stage),
                  seconds=f"{seconds:.3f}")


def _logfmt(value) -> str:
    text = str(value)
    return f'"{text}"' if not text or any(c in text for c in ' "=') else text


def _progress(quiet: bool, verbose: bool):
    """Progress bars on a terminal, log lines elsewhere (and with --verbose), nothing with --quiet."""
    from flows.pipeline import NoProgress

    if quiet:
        return contextlib.nullcontext(NoProgress())
    if verbose or not err.is_terminal:
        return LogProgress(verbose)
    return RichProgress(err)


def _summary(s: dict) -> None:
    docs = Table(title="Documents", show_header=False, title_justify="left")
    docs.add_column(style="bold")
    docs.add_column(justify="right")
    duplicates = s["duplicates"]
    for label, value in (
        # read = gave rows + quarantined + duplicates
        ("read", s["documents"]), ("  gave rows", s["with_rows"]),
        ("  quarantined (could not be read)", len(s["quarantined"]) - duplicates),
        ("  duplicates (same bytes as another)", duplicates),
        ("new / changed / unchanged", f"{s['new']} / {s['changed']} / {s['unchanged']}"),
        ("parsed in this run", s["parsed"]), ("removed", s["removed"]),
        ("skipped (older than --since)", s["skipped"]), ("parse warnings", s["parse_warnings"]),
    ):
        docs.add_row(label, str(value))
    rows = Table(title="Rows per table", title_justify="left")
    rows.add_column("table")
    rows.add_column("rows", justify="right")
    for t, n in s["rows"].items():
        rows.add_row(t, str(n))
    out.print(docs)
    out.print(rows)
    if s["quarantined"]:
        out.print(f"[yellow]{len(s['quarantined'])} document(s) quarantined[/] (see reports/quarantine.csv):")
        for q in s["quarantined"]:
            out.print(f"  {q['file']}: {q['reason']}", markup=False)


def line_span(start: int | None, end: int | None) -> str:
    """Source lines as a person reads them: "88-92", "88", or "" when unknown."""
    if not start:
        return str(end) if end else ""
    return f"{start}-{end}" if end and end != start else str(start)


def error_line(e: dict) -> str:
    """One validation error as a line: where (table, row, column), which rule, its message, the value,
    and the source document and lines the row was read from."""
    where = e["table"] or "datapackage.json"
    if e.get("row") is not None:
        where += f" row {e['row']}"
    if e.get("column"):
        where += f", column {e['column']}"
    text = f"{where}: {e['rule']}: {e['message']}"
    if e.get("value") is not None:
        text += f" (value {e['value']!r})"
    if e.get("source_file"):
        span = line_span(e.get("line_start"), e.get("line_end"))
        text += f"; source {e['source_file']}" + (f" {'lines' if '-' in span else 'line'} {span}" if span else "")
    return text


def _print_errors(errors: list, limit: int = 20) -> None:
    out.print(f"Validation errors (first {min(limit, len(errors))} of {len(errors)}):", markup=False)
    for e in errors[:limit]:
        out.print(f"  {error_line(e)}", markup=False, soft_wrap=True)


@app.command(epilog=ENVIRONMENT)
def run(
    input: Optional[Path] = typer.Option(None, "--input", "-i", metavar="DIR", show_default=False,
                                         help="Folder of documents (default: the bundled sample corpus)."),
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", metavar="DIR", help="Catalog folder to write."),
    target: Optional[list[str]] = typer.Option(None, "--target", "-t", metavar="NAME", help=f"Publish target besides the local catalog (repeatable): {TARGET_NAMES}."),
    since: Optional[dt.datetime] = typer.Option(None, formats=["%Y-%m-%d"], metavar="DATE", help="Only read documents changed on or after this date (YYYY-MM-DD)."),
    full_rebuild: bool = typer.Option(False, "--full-rebuild", metavar="", help="Parse every document again, ignoring the stored state."),
    dry_run: bool = typer.Option(False, "--dry-run", metavar="", help="Everything but publishing: nothing in the output changes."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", show_default=False,
                                          help="Parse on a local Dask cluster of N worker processes (default: no Dask; one process per CPU, at most 4, for larger runs)."),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", metavar="URL", help="Parse on a running Dask cluster, e.g. tcp://10.0.0.5:8786."),
    base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", envvar="RATSDATEN_BASE_URL", show_envvar=True,
                                           help="Where the files will be downloadable (default: base_url in the catalog YAML)."),
    shapes_dir: Optional[Path] = typer.Option(None, "--shapes-dir", metavar="DIR", envvar="RATSDATEN_SHAPES_DIR", show_envvar=True,
                                              help="Official DCAT-AP.de shapes to check the metadata against (default: own checks)."),
    catalog: Optional[Path] = typer.Option(None, "--catalog", metavar="FILE", envvar="RATSDATEN_CATALOG", show_envvar=True,
                                           help="Catalog description YAML (default: the bundled catalog/catalog.yaml)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", metavar="", help="Print only warnings and errors."),
    verbose: bool = typer.Option(False, "--verbose", "-v", metavar="",
                                 help="Log every stage and batch as a line, with Prefect's own log messages."),
    prefect: bool = typer.Option(False, "--prefect", metavar="",
                                 help="Run as a Prefect flow even without PREFECT_API_URL: a temporary Prefect API "
                                      "records the run (with PREFECT_API_URL set, runs always go through Prefect)."),
    oparl: Optional[str] = typer.Option(None, "--oparl", metavar="URL",
                                        help="Fetch the minutes from a RIS first: URL of its OParl System or Body; they are kept in --input (default: ./minutes)."),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", metavar="N", show_default=False,
                                            help="With --oparl: at most N list pages per walk (default: 2000)."),
    max_downloads: Optional[int] = typer.Option(None, "--max-downloads", metavar="N", show_default=False,
                                                help="With --oparl: at most N files downloaded per run, the rest come next run (default: 500)."),
) -> None:
    """Run the nightly pipeline once: documents → validated catalog in OUTPUT (default ./public).

    With PREFECT_API_URL set (a Prefect server, as under `ratsdaten serve`), with --prefect, with Dask
    (--workers, --dask-address) or with a portal target the run is the Prefect flow `ratsdaten-nightly`;
    otherwise the same stages run in this process without Prefect's bookkeeping. Without a terminal (cron, systemd, a pipe) each stage
    is logged as one line on stderr.
    """
    limits = {"max_pages": max_pages, "max_downloads": max_downloads}
    try:
        if quiet and verbose:
            raise ConfigError("--quiet and --verbose contradict each other: choose one")
        if (max_pages or max_downloads) and not oparl:
            raise ConfigError("--max-pages and --max-downloads bound an OParl walk: give --oparl URL too")
        cfg = run_config.check(input, output, target, since.date() if since else None, full_rebuild, dry_run, workers,
                               catalog, base_url, shapes_dir, oparl, limits)
        if dask_address and not re.match(r"^(tcp|tls|ucx|inproc)://\S+$", dask_address):
            raise ConfigError(f"--dask-address {dask_address!r} is not a Dask scheduler address (tcp://host:port)")
    except ConfigError as exc:
        _fail(str(exc))
    if _unchanged(cfg, _progress(quiet, verbose), quiet):
        return   # nothing changed: decided before Prefect starts or the parser is imported
    portals = any(t.name != "local" for t in cfg.targets)   # their publishing is retried as Prefect tasks
    if not (prefect or os.environ.get("PREFECT_API_URL") or workers or dask_address or portals):
        # Nobody would see a flow run recorded by a temporary API: run the stages here, seconds sooner.
        _run_flow(cfg, catalog, None, None, _progress(quiet, verbose), quiet, limits, in_process=True)
        return
    _prefect_env(quiet=not verbose)
    server = None
    if prefect_api.enabled and not os.environ.get("PREFECT_API_URL"):
        server = prefect_api.TemporaryServer()   # boots while the imports below run
        os.environ["PREFECT_API_URL"] = server.url
    try:
        _run_flow(cfg, catalog, dask_address, server, _progress(quiet, verbose), quiet, limits)
    finally:
        if server is not None:
            os.environ.pop("PREFECT_API_URL", None)
            server.stop()


@contextlib.contextmanager
def _quiet_prefect_about(known: tuple[type[BaseException], ...]):
    """Prefect logs a failed flow run with its traceback; for the failures the CLI reports itself in
    plain words (validation, metadata, an unusable output) that traceback is noise on the console.
    The flow run still ends Failed, with the exception, in Prefect's API."""
    import logging

    names = tuple(k.__name__ for k in known)

    def keep(record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, known):
            return False
        return not (record.levelno >= logging.ERROR and record.getMessage().startswith("Finished in state Failed")
                    and any(n in record.getMessage() for n in names))

    logger = logging.getLogger("prefect.flow_runs")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def _unchanged(cfg: run_config.RunConfig, reporter, quiet: bool) -> bool:
    """A run that finds nothing changed ends here, as the flow would end it, without the flow."""
    if cfg.full_rebuild or cfg.dry_run or hasattr(cfg.source, "sync"):   # an OParl source fetches first
        return False
    from flows import pipeline

    with reporter as progress:
        try:
            summary = pipeline.finish_if_unchanged(cfg, progress)
        except pipeline.OutputUnusable as exc:
            progress.__exit__(None, None, None)
            _fail(str(exc))
        except CatalogBusy as exc:
            progress.__exit__(None, None, None)
            _fail(str(exc), EXIT_BUSY)
        if summary is None:
            return False
        _outcome(summary.to_dict(), cfg, progress, quiet)
    return True


def _run_flow(cfg: run_config.RunConfig, catalog: Path | None, dask_address: str | None,
              server: "prefect_api.TemporaryServer | None", reporter, quiet: bool = False,
              limits: dict | None = None, in_process: bool = False) -> None:
    from flows import pipeline
    from flows.pipeline import SourceIncomplete

    oparl = getattr(cfg.source, "url", None)
    incomplete = None
    if in_process:
        def run_it() -> dict:
            summary = pipeline.run(cfg, pipeline.PLAIN, pipeline.RunContext(progress=progress))
            if summary.fetched.get("error"):
                raise SourceIncomplete(summary)
            return summary.to_dict()
    else:
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        from flows.nightly import run_nightly

        def run_it() -> dict:
            # No heartbeat thread: it costs a second at the end of every in-process flow run.
            with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                return run_nightly(
                    source=str(cfg.source.description), output=str(cfg.output), dask_address=dask_address,
                    targets=[t.name for t in cfg.targets], since=cfg.since,
                    full_rebuild=cfg.full_rebuild, dry_run=cfg.dry_run, workers=cfg.workers,
                    base_url=cfg.base_url, shapes_dir=str(cfg.shapes_dir) if cfg.shapes_dir else None,
                    catalog=str(catalog) if catalog else None, oparl=oparl,
                    oparl_max_pages=(limits or {}).get("max_pages"),
                    oparl_max_downloads=(limits or {}).get("max_downloads"),
                )

    if server is not None:
        try:
            server.wait_ready()
        except prefect_api.ServerDidNotStart as exc:
            _fail(str(exc), EXIT_INVALID)
    known = (pipeline.ValidationFailed, pipeline.MetadataRejected, pipeline.OutputUnusable, ConfigError, PublishError,
             SourceIncomplete, CatalogBusy)
    with reporter as progress, pipeline.reporting(progress), _quiet_prefect_about(known):
        try:
            summary = run_it()
        except SourceIncomplete as exc:   # the catalog holds what arrived; said after the summary
            summary, incomplete = exc.summary.to_dict(), exc
        except pipeline.OutputUnusable as exc:
            progress.__exit__(None, None, None)
            _fail(str(exc))
        except CatalogBusy as exc:
            progress.__exit__(None, None, None)
            _fail(str(exc), EXIT_BUSY)
        except pipeline.MetadataRejected as exc:
            progress.__exit__(None, None, None)
            out.print("[bold red]Metadata does not conform to DCAT-AP.de[/]; nothing was published, "
                      f"{cfg.output} is as it was:")
            out.print(str(exc), markup=False)
            raise typer.Exit(EXIT_INVALID)
        except ConfigError as exc:   # a target found the portal unreachable or misconfigured
            progress.__exit__(None, None, None)
            _fail(str(exc))
        except PublishError as exc:
            progress.__exit__(None, None, None)
            _fail(f"publishing failed: {exc}; the local catalog {cfg.output} is published", EXIT_INVALID)
        except pipeline.ValidationFailed as exc:
            progress.__exit__(None, None, None)
            s = exc.summary.to_dict()
            _summary(s)
            import json

            errors = json.loads(Path(s["report"]).read_text(encoding="utf-8"))["errors"] if s["rejected"] else []
            if errors:
                _print_errors(errors)
            out.print(f"[bold red]Validation failed[/]: {s['validation_errors']} error(s). Nothing was published; "
                      f"{cfg.output} is as it was.")
            if s["rejected"]:
                out.print(f"Report: {s['report']}\nRejected catalog kept for inspection: {s['rejected']}", markup=False)
            raise typer.Exit(EXIT_INVALID)
    if summary.get("fetched") and not quiet:
        _fetched(summary["fetched"])
    _outcome(summary, cfg, progress, quiet)
    if incomplete is not None:
        err.print(f"ratsdaten: error: {incomplete}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_INVALID)


def _fetched(f: dict) -> None:
    """One line on what the OParl walk did."""
    since = f" modified since {f['modified_since']}" if f.get("modified_since") else ""
    out.print(f"OParl {f['body']}: {f['meetings']} meeting(s){since} on {f['pages']} page(s), "
              f"{f['with_minutes']} with minutes: {f['downloaded']} downloaded, {f['unchanged']} unchanged, "
              f"{f['removed']} removed, {f['failed']} failed"
              + (" (download bound reached: the rest comes next run)" if f.get("bounded") else ""), markup=False)


def _outcome(summary: dict, cfg: run_config.RunConfig, progress, quiet: bool) -> None:
    """What a finished run says: a log line without a terminal, warnings, the summary tables."""
    from publish.local import user_files

    seen = user_files(summary["changed_files"])   # the catalog's own state (.state/) is not counted
    if isinstance(progress, LogProgress):
        quarantined = len(summary["quarantined"]) - summary["duplicates"]
        progress.line(level="info", stage="run", event="done",
                      result="dry-run" if cfg.dry_run else "published" if summary["published"] else "unchanged",
                      documents=summary["documents"], with_rows=summary["with_rows"], quarantined=quarantined,
                      duplicates=summary["duplicates"], changed_files=len(seen), output=cfg.output)
    meta = summary.get("metadata") or {}
    for warning in meta.get("warnings") or []:
        err.print(f"ratsdaten: warning: {warning}", markup=False, soft_wrap=True)
    if quiet:
        return
    _summary(summary)
    out.print("Validation: [bold green]passed[/]")
    if meta:
        out.print(f"Metadata (DCAT-AP.de, {meta['shapes']}): [bold green]{meta['summary']}[/]")
    if cfg.dry_run:
        out.print(f"Dry run: {len(seen)} file(s) would change in {cfg.output}; nothing was written.")
    elif summary["published"] and seen:
        out.print(f"Published {len(seen)} changed file(s) to {cfg.output}")
    elif summary["published"]:
        out.print(f"Catalog unchanged for its users: {cfg.output} (only its stored state in .state/ was updated)")
    else:
        out.print(f"Catalog unchanged: {cfg.output} (nothing rewritten)")
    if not cfg.dry_run:
        out.print(f"Files: {cfg.output}/<table>.csv, <table>.parquet, datapackage.json, reports/", markup=False)
        for name, where in summary["targets"].items():
            if name != "local":
                out.print(f"Published to {name}: {where}", markup=False)


@app.command()
def validate(
    directory: Path = typer.Argument(run_config.DEFAULT_OUTPUT, metavar="DIR", help="Catalog folder."),
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE", help="Also write the report as JSON to this file."),
) -> None:
    """Validate a published catalog: datapackage.json with all tables, foreign keys, bytes and hashes."""
    if not directory.is_dir():
        _fail(f"catalog folder {directory} does not exist")
    if report is not None:
        _check_writable_file(report, "--report")
    from publish.validation import validate_catalog

    rep = validate_catalog(directory.resolve())
    data = rep.to_dict()
    table = Table(title=f"Catalog {directory}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("errors", justify="right")
    for t, v in data["tables"].items():
        table.add_row(t, str(v["rows"]), str(v["errors"]))
    out.print(table)
    if report:
        import json

        try:
            report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"--report {report} can't be written: {exc.strerror or exc}")
    if not rep.valid:
        _print_errors(data["errors"])
        out.print(f"[bold red]Invalid[/]: {len(rep.errors)} error(s)")
        raise typer.Exit(EXIT_INVALID)
    out.print("[bold green]Valid[/]")


@app.command(epilog=ENVIRONMENT)
def publish(
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", metavar="DIR", help="Catalog folder to publish."),
    target: list[str] = typer.Option(..., "--target", "-t", metavar="NAME", help=f"Target to publish to (repeatable): {TARGET_NAMES}."),
    base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL", envvar="RATSDATEN_BASE_URL", show_envvar=True,
                                           help="Where the files are served (default: the base URL the catalog was built with, else the catalog YAML's)."),
    catalog: Optional[Path] = typer.Option(None, "--catalog", metavar="FILE", envvar="RATSDATEN_CATALOG", show_envvar=True,
                                           help="Catalog description YAML (default: the bundled catalog/catalog.yaml)."),
) -> None:
    """Publish an existing, valid catalog to targets again (the publish stage on its own)."""
    if not (output / "datapackage.json").is_file():
        _fail(f"{output} holds no catalog (no datapackage.json): run `ratsdaten run` first")
    from flows.nightly import built_with
    from publish.metadata import load_catalog
    from publish.targets import resolve

    catalog = catalog or os.environ.get("RATSDATEN_CATALOG") or None
    base_url = base_url or os.environ.get("RATSDATEN_BASE_URL") or built_with(output.resolve())
    try:
        description = load_catalog(catalog)
        resolve(target, base_url or description.base_url)   # the portals are checked before anything is sent
    except ConfigError as exc:
        _fail(str(exc))
    _prefect_env()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.nightly import republish

    try:
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            result = republish(output=str(output.resolve()), targets=target, base_url=base_url,
                               catalog=str(catalog) if catalog else None)
    except ConfigError as exc:
        _fail(str(exc))
    except CatalogBusy as exc:
        _fail(str(exc), EXIT_BUSY)
    except PublishError as exc:
        _fail(f"publishing failed: {exc}", EXIT_INVALID)
    for name, where in result.items():
        out.print(f"{name}: {where}", markup=False)


@app.command(epilog=ENVIRONMENT)
def serve(
    input: Optional[Path] = typer.Option(None, "--input", "-i", metavar="DIR", show_default=False,
                                         help="Folder of documents for the nightly run (default: the bundled sample corpus)."),
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", metavar="DIR", help="Catalog folder for the nightly run."),
    target: Optional[list[str]] = typer.Option(None, "--target", "-t", metavar="NAME", help="Publish target besides the local catalog (repeatable)."),
    cron: str = typer.Option("0 2 * * *", metavar="CRON", help="Schedule of the nightly deployment."),
    timezone: str = typer.Option("Europe/Berlin", metavar="ZONE", help="Time zone of the schedule."),
    oparl: Optional[str] = typer.Option(None, "--oparl", metavar="URL",
                                        help="Fetch the minutes from this OParl System or Body URL first (into --input, default ./minutes)."),
) -> None:
    """Serve two deployments until stopped: 'nightly' (cron, 02:00 Europe/Berlin) and 'manual' (parameters)."""
    try:
        cfg = run_config.check(input, output, target, oparl=oparl)
    except ConfigError as exc:
        _fail(str(exc))
    _prefect_env(quiet=False)
    from flows.deployments import serve_deployments

    if not os.environ.get("PREFECT_API_URL"):
        err.print("ratsdaten: note: PREFECT_API_URL is not set; serving against an ephemeral Prefect server "
                  "(start one with `prefect server start` to use the UI)", markup=False)
    serve_deployments(source=str(cfg.source.description), output=str(cfg.output),
                      targets=[t.name for t in cfg.targets], cron=cron, timezone=timezone, oparl=oparl)


def _plain_help_option(command) -> None:
    """--help takes no value: no type label ("<bool>") beside it in the help pages."""
    from typer._click.core import Context

    for cmd in [command, *getattr(command, "commands", {}).values()]:
        option = cmd.get_help_option(Context(cmd, info_name=cmd.name))
        if option is not None:
            option.metavar = ""


def main(argv: list[str] | None = None) -> int:
    """Console script: usage errors become one line on stderr and exit code 2."""
    command = typer.main.get_command(app)
    _plain_help_option(command)
    prefect_api.enabled = True   # the console owns its process: start Prefect's API early (see flows.prefect_api)
    # SIGTERM (a scheduler's timeout, systemctl stop) stops a run as cleanly as Ctrl-C does.
    with lifetime.stop_on_sigterm() as terminated:
        try:
            result = command.main(args=argv, prog_name="ratsdaten", standalone_mode=False)
        except NoArgsIsHelpError as exc:
            print(exc.ctx.get_help() if exc.ctx else str(exc))
            return 0
        except UsageError as exc:
            print(f"ratsdaten: error: {exc.format_message()}", file=sys.stderr)
            return EXIT_CONFIG
        except typer.Exit as exc:
            result = exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            result = EXIT_INTERRUPTED
        except BaseException as exc:
            # Prefect's task engine can turn the stop into an error of its own ("Task run is not
            # set") when SIGTERM lands while it starts a task run: still the same clean stop.
            if not terminated.caused(exc):
                raise
            result = EXIT_INTERRUPTED
    if terminated.received:
        print("ratsdaten: stopped by SIGTERM", file=sys.stderr)
        return lifetime.EXIT_TERMINATED
    if result == EXIT_INTERRUPTED:   # typer's answer to KeyboardInterrupt
        print("ratsdaten: interrupted", file=sys.stderr)
    return result if isinstance(result, int) else 0


def console() -> None:
    """The ``ratsdaten`` console script: :func:`main`, then the process ends without Python's teardown."""
    memory.without_huge_pages()   # (the process's own setting: main() also runs inside other processes)
    lifetime.exit_without_teardown(main())


if __name__ == "__main__":
    console()
