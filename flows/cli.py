"""The ``ratsdaten`` command: run the pipeline, validate a catalog, publish it, serve the deployments.

Options and configuration are checked before anything is written; a problem is one line on stderr
and exit code 2. Prefect is imported only by the commands that run flows, after its quiet
defaults are set (see ``_prefect_env``).
"""
from __future__ import annotations

import datetime as dt
import re
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows import config as run_config
from flows import prefect_api
from publish.errors import ConfigError, PublishError

try:  # typer 0.2x vendors click; older ones use click itself
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import NoArgsIsHelpError, UsageError

EXIT_INVALID = 1
EXIT_CONFIG = 2

app = typer.Typer(
    name="ratsdaten",
    help="Council minutes (Niederschriften) in, validated open data out: CSV, Parquet, datapackage.json.",
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


def _summary(s: dict) -> None:
    docs = Table(title="Documents", show_header=False, title_justify="left")
    docs.add_column(style="bold")
    docs.add_column(justify="right")
    for label, value in (
        ("read", s["documents"]), ("new", s["new"]), ("changed", s["changed"]),
        ("unchanged (not parsed again)", s["unchanged"]), ("removed", s["removed"]),
        ("skipped (older than --since)", s["skipped"]), ("parsed", s["parsed"]),
        ("quarantined", len(s["quarantined"])), ("parse warnings", s["parse_warnings"]),
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


def _errors_table(errors: list, limit: int = 20) -> Table:
    t = Table(title=f"Validation errors (first {min(limit, len(errors))} of {len(errors)})", title_justify="left")
    for col in ("table", "row", "column", "rule", "value", "source", "lines"):
        t.add_column(col, overflow="fold")
    for e in errors[:limit]:
        lines = f"{e['line_start']}-{e['line_end']}" if e.get("line_start") else ""
        t.add_row(*(str(x) if x is not None else "" for x in (
            e["table"], e["row"], e["column"], e["rule"], e["value"], e["source_file"], lines)))
    return t


@app.command()
def run(
    input: Optional[Path] = typer.Option(None, "--input", "-i", help="Folder of documents [default: the bundled sample corpus]."),
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", help="Catalog folder to write."),
    target: Optional[list[str]] = typer.Option(None, "--target", "-t", help=f"Publish target besides the local catalog (repeatable): {TARGET_NAMES}."),
    since: Optional[dt.datetime] = typer.Option(None, formats=["%Y-%m-%d"], help="Only read documents changed on or after this date (YYYY-MM-DD)."),
    full_rebuild: bool = typer.Option(False, "--full-rebuild", help="Parse every document again, ignoring the stored state."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Everything but publishing: nothing in the output changes."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Parse on a local Dask cluster of N worker processes [default: no Dask; one process per CPU, at most 4, for larger runs]."),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", help="Parse on a running Dask cluster, e.g. tcp://10.0.0.5:8786."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Where the files will be downloadable [default: catalog.yaml; env RATSDATEN_BASE_URL]."),
    shapes_dir: Optional[Path] = typer.Option(None, "--shapes-dir", help="Official DCAT-AP.de shapes to check the metadata against [env RATSDATEN_SHAPES_DIR; default: own checks]."),
    catalog: Optional[Path] = typer.Option(None, "--catalog", help="Catalog description YAML [env RATSDATEN_CATALOG; default: the bundled catalog/catalog.yaml]."),
    oparl: Optional[str] = typer.Option(None, "--oparl", help="Fetch the minutes from a RIS first: URL of its OParl System or Body; they are kept in --input (default: ./minutes)."),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", help="With --oparl: at most N list pages per walk (default: 2000)."),
    max_downloads: Optional[int] = typer.Option(None, "--max-downloads", help="With --oparl: at most N files downloaded per run, the rest come next run (default: 500)."),
) -> None:
    """Run the nightly pipeline once: documents → validated catalog in OUTPUT (default ./public)."""
    limits = {"max_pages": max_pages, "max_downloads": max_downloads}
    try:
        if (max_pages or max_downloads) and not oparl:
            raise ConfigError("--max-pages and --max-downloads bound an OParl walk: give --oparl URL too")
        cfg = run_config.check(input, output, target, since.date() if since else None, full_rebuild, dry_run, workers,
                               catalog, base_url, shapes_dir, oparl, limits)
        if dask_address and not re.match(r"^(tcp|tls|ucx|inproc)://\S+$", dask_address):
            raise ConfigError(f"--dask-address {dask_address!r} is not a Dask scheduler address (tcp://host:port)")
    except ConfigError as exc:
        _fail(str(exc))
    _prefect_env()
    server = None
    if prefect_api.enabled and not os.environ.get("PREFECT_API_URL"):
        server = prefect_api.TemporaryServer()   # boots while the imports below run
        os.environ["PREFECT_API_URL"] = server.url
    try:
        _run_flow(cfg, catalog, dask_address, server, limits)
    finally:
        if server is not None:
            os.environ.pop("PREFECT_API_URL", None)
            server.stop()


def _run_flow(cfg: run_config.RunConfig, catalog: Path | None, dask_address: str | None,
         server: "prefect_api.TemporaryServer | None", limits: dict | None = None) -> None:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows import pipeline
    from flows.nightly import SourceIncomplete, run_nightly

    oparl = getattr(cfg.source, "url", None)
    incomplete = None

    if server is not None:
        try:
            server.wait_ready()
        except prefect_api.ServerDidNotStart as exc:
            _fail(str(exc), EXIT_INVALID)
    with RichProgress(err) as progress:
        pipeline.set_progress(progress)
        try:
            # No heartbeat thread: it costs a second at the end of every in-process flow run.
            with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                summary = run_nightly(
                    source=str(cfg.source.description), output=str(cfg.output), dask_address=dask_address,
                    targets=[t.name for t in cfg.targets], since=cfg.since,
                    full_rebuild=cfg.full_rebuild, dry_run=cfg.dry_run, workers=cfg.workers,
                    base_url=cfg.base_url, shapes_dir=str(cfg.shapes_dir) if cfg.shapes_dir else None,
                    catalog=str(catalog) if catalog else None, oparl=oparl,
                    oparl_max_pages=(limits or {}).get("max_pages"),
                    oparl_max_downloads=(limits or {}).get("max_downloads"),
                )
        except SourceIncomplete as exc:
            summary, incomplete = exc.summary.to_dict(), exc
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
                out.print(_errors_table(errors))
            out.print(f"[bold red]Validation failed[/]: {s['validation_errors']} error(s). Nothing was published; "
                      f"{cfg.output} is as it was.")
            if s["rejected"]:
                out.print(f"Report: {s['report']}\nRejected catalog kept for inspection: {s['rejected']}", markup=False)
            raise typer.Exit(EXIT_INVALID)
        finally:
            pipeline.set_progress(None)
    if summary.get("fetched"):
        _fetched(summary["fetched"])
    _summary(summary)
    out.print("Validation: [bold green]passed[/]")
    meta = summary.get("metadata") or {}
    if meta:
        out.print(f"Metadata (DCAT-AP.de, {meta['shapes']}): [bold green]{meta['summary']}[/]")
    if cfg.dry_run:
        n = len(summary["changed_files"])
        out.print(f"Dry run: {n} file(s) would change in {cfg.output}; nothing was written.")
    elif summary["published"]:
        out.print(f"Published {len(summary['changed_files'])} changed file(s) to {cfg.output}")
    else:
        out.print(f"Catalog unchanged: {cfg.output} (nothing rewritten)")
    if not cfg.dry_run:
        out.print(f"Files: {cfg.output}/<table>.csv, <table>.parquet, datapackage.json, reports/", markup=False)
        for name, where in summary["targets"].items():
            if name != "local":
                out.print(f"Published to {name}: {where}", markup=False)
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


@app.command()
def validate(
    directory: Path = typer.Argument(run_config.DEFAULT_OUTPUT, help="Catalog folder [default: ./public]."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the report as JSON to this file."),
) -> None:
    """Validate a published catalog: datapackage.json with all tables, foreign keys, bytes and hashes."""
    if not directory.is_dir():
        _fail(f"catalog folder {directory} does not exist")
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

        report.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not rep.valid:
        out.print(_errors_table(data["errors"]))
        out.print(f"[bold red]Invalid[/]: {len(rep.errors)} error(s)")
        raise typer.Exit(EXIT_INVALID)
    out.print("[bold green]Valid[/]")


@app.command()
def publish(
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", help="Catalog folder to publish."),
    target: list[str] = typer.Option(..., "--target", "-t", help=f"Target to publish to (repeatable): {TARGET_NAMES}."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Where the files are served [default: the base URL the catalog was built with, else catalog.yaml; env RATSDATEN_BASE_URL]."),
    catalog: Optional[Path] = typer.Option(None, "--catalog", help="Catalog description YAML [env RATSDATEN_CATALOG; default: the bundled catalog/catalog.yaml]."),
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
    except PublishError as exc:
        _fail(f"publishing failed: {exc}", EXIT_INVALID)
    for name, where in result.items():
        out.print(f"{name}: {where}", markup=False)


@app.command()
def serve(
    input: Optional[Path] = typer.Option(None, "--input", "-i", help="Folder of documents for the nightly run [default: the bundled sample corpus]."),
    output: Path = typer.Option(run_config.DEFAULT_OUTPUT, "--output", "-o", help="Catalog folder for the nightly run."),
    target: Optional[list[str]] = typer.Option(None, "--target", "-t", help="Publish target besides the local catalog (repeatable)."),
    cron: str = typer.Option("0 2 * * *", help="Schedule of the nightly deployment."),
    timezone: str = typer.Option("Europe/Berlin", help="Time zone of the schedule."),
    oparl: Optional[str] = typer.Option(None, "--oparl", help="Fetch the minutes from this OParl System or Body URL first (into --input, default ./minutes)."),
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


def main(argv: list[str] | None = None) -> int:
    """Console script: usage errors become one line on stderr and exit code 2."""
    command = typer.main.get_command(app)
    prefect_api.enabled = True   # the console owns its process: start Prefect's API early (see flows.prefect_api)
    try:
        result = command.main(args=argv, prog_name="ratsdaten", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else str(exc))
        return 0
    except UsageError as exc:
        print(f"ratsdaten: error: {exc.format_message()}", file=sys.stderr)
        return EXIT_CONFIG
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("ratsdaten: aborted", file=sys.stderr)
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
