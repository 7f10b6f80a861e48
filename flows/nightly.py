"""The Prefect flows: the nightly run, and publishing an existing catalog on its own.

Thin wiring: each stage of :mod:`flows.pipeline` becomes a named task; :func:`flows.pipeline.run`
calls them in order. Tasks never hash their arguments (``NO_CACHE``: they get paths and small
records) and documents are parsed in batches, so a 10,000-document run makes fewer than 50 task
runs. A publish target is retried when the target says another try may help.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import config as run_config
from flows import lifetime, pipeline
from publish import validation

_TASK = dict(cache_policy=NO_CACHE, persist_result=False)
RETRY_DELAYS = [10, 60, 300]   # seconds before the 1st, 2nd, 3rd retry of an external publish target


def _validate_with_artifact(staging: Path, problems: list) -> validation.ValidationReport:
    report = pipeline.validate(staging, problems)
    create_markdown_artifact(key="validation-report", markdown=validation.markdown(report),
                             description="ratsdaten: validation of all tables against schemas/")
    return report


SourceIncomplete = pipeline.SourceIncomplete


PREFECT_STAGES = pipeline.Stages(
    fetch=task(pipeline.fetch, name="fetch-oparl", **_TASK),
    discover=task(pipeline.discover, name="discover", **_TASK),
    parse_batch=task(pipeline.parse_batch, name="parse", task_run_name="parse-batch-{batch_no}", **_TASK),
    build_tables=task(pipeline.build_tables, name="build-tables", **_TASK),
    validate=task(_validate_with_artifact, name="validate", **_TASK),
    write_outputs=task(pipeline.write_outputs, name="write-outputs", **_TASK),
    metadata=task(pipeline.metadata, name="metadata", **_TASK),
    publish_local=task(pipeline.publish_local, name="publish-local", **_TASK),
    publish_target=lambda target, catalog: _publish_target_task(target)(target, catalog),
)


def _publish_target_task(target):
    """The publish task of one target, retried only after failures the target says another try may fix
    (a portal that went away in the middle of a publish; never a configuration error)."""

    def retry_condition(task, task_run, state) -> bool:
        return target.is_retryable(state.result(raise_on_failure=False))

    return _PUBLISH_TARGET.with_options(
        name=f"publish-{target.name}",
        retries=len(RETRY_DELAYS),
        retry_delay_seconds=RETRY_DELAYS,
        retry_condition_fn=retry_condition,
    )


_PUBLISH_TARGET = task(pipeline.publish_target, name="publish-target", **_TASK)


def _submit_all(parse_task, source, batches, staging, parser, workers=None):
    """Submit every batch to the flow's task runner at once (on a Dask cluster: all workers busy;
    ``workers``, the local pool, is None there)."""
    futures = [parse_task.submit(source, batch, staging, parser, i) for i, batch in enumerate(batches, 1)]
    for batch, future in zip(batches, futures):
        yield batch, future.result()


DISTRIBUTED_STAGES = dataclasses.replace(PREFECT_STAGES, parse_all=_submit_all, distributed=True)


def _summary_markdown(s: pipeline.RunSummary) -> str:
    lines = [
        f"# ratsdaten run: {'dry run' if s.dry_run else ('published' if s.published else 'unchanged')}",
        "",
        f"- source: `{s.source}`",
        *([f"- OParl: `{s.fetched.get('url')}`: {s.fetched.get('meetings', 0)} meeting(s) listed on "
           f"{s.fetched.get('pages', 0)} page(s), {s.fetched.get('downloaded', 0)} file(s) downloaded, "
           f"{s.fetched.get('removed', 0)} removed" + (f"; **{s.fetched['error']}**" if s.fetched.get("error") else "")]
          if s.fetched else []),
        f"- output: `{s.output}`",
        f"- documents: {s.documents} (new {s.new}, changed {s.changed}, unchanged {s.unchanged}, "
        f"removed {s.removed}, parsed {s.parsed}, quarantined {len(s.quarantined)})",
        f"- validation: {'passed' if s.valid else 'failed'}",
        f"- metadata (DCAT-AP.de, {s.metadata.get('shapes', '-')}): {s.metadata.get('summary', 'not checked')}",
        "",
        "| table | rows |",
        "|---|---:|",
    ]
    lines += [f"| {t} | {n} |" for t, n in s.rows.items()]
    if s.quarantined:
        lines += ["", "## Quarantined", "", "| file | reason |", "|---|---|"]
        lines += [f"| {q['file']} | {q['reason']} |" for q in s.quarantined]
    return "\n".join(lines) + "\n"


@flow(name="ratsdaten-nightly", persist_result=False, log_prints=False)
def nightly(
    source: str | None = None,
    output: str = str(run_config.DEFAULT_OUTPUT),
    targets: list[str] | None = None,
    since: dt.date | None = None,
    full_rebuild: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    base_url: str | None = None,
    shapes_dir: str | None = None,
    catalog: str | None = None,
    oparl: str | None = None,
    oparl_max_pages: int | None = None,
    oparl_max_downloads: int | None = None,
) -> dict:
    """Documents → validated open-data catalog: discover, parse, build tables, validate, write, metadata, publish.

    source: folder of documents (default: the bundled sample corpus)
    output: catalog folder (default: ./public)
    targets: publish targets besides the local catalog, e.g. ["ckan"]
    since: only read documents changed on or after this date; older ones keep their catalog state
    full_rebuild: parse every document again, ignoring the stored state
    dry_run: everything but publishing
    workers: parse on a local Dask cluster of this many worker processes (with run_nightly; default:
        one process per CPU, at most 4, in this machine's process pool when there are several batches)
    dask_address: parse on this running Dask cluster, tcp://host:port (with run_nightly)
    base_url: where the files are downloadable (default: catalog.yaml's base_url)
    shapes_dir: folder of the official DCAT-AP.de shapes to check the metadata against (default: own checks)
    catalog: the catalog description YAML (default: the bundled catalog/catalog.yaml)
    oparl: URL of a RIS's OParl System or Body: its minutes are fetched into `source` (default ./minutes) first
    oparl_max_pages: bound on list pages per OParl walk (default 2000)
    oparl_max_downloads: bound on minutes files downloaded per run (default 500; the rest come next run)
    """
    logger = get_run_logger()
    cfg = run_config.check(source, output, targets, since, full_rebuild, dry_run, workers, catalog, base_url, shapes_dir,
                           oparl, {"max_pages": oparl_max_pages, "max_downloads": oparl_max_downloads})
    try:
        with lifetime.sigterm_ours():
            summary = pipeline.run(cfg, DISTRIBUTED_STAGES if (workers or dask_address) else PREFECT_STAGES)
    except pipeline.ValidationFailed as exc:
        logger.error(str(exc))
        create_markdown_artifact(key="run-summary", markdown=_summary_markdown(exc.summary))
        raise
    create_markdown_artifact(key="run-summary", markdown=_summary_markdown(summary))
    if summary.fetched.get("error"):
        logger.error("OParl: %s", summary.fetched["error"])
        raise SourceIncomplete(summary)
    logger.info("%d documents (%d parsed, %d quarantined); catalog %s at %s", summary.documents, summary.parsed,
                len(summary.quarantined), "published" if summary.published else "unchanged", summary.output)
    return summary.to_dict()


@flow(name="ratsdaten-publish", persist_result=False, log_prints=False)
def republish(output: str = str(run_config.DEFAULT_OUTPUT), targets: list[str] | None = None,
              base_url: str | None = None, catalog: str | None = None) -> dict:
    """Publish an existing, valid catalog to targets again (e.g. after the portal was down).

    base_url: where the files are served (default: the one the catalog was built with, else catalog.yaml's)
    catalog: the catalog description YAML (default: the bundled catalog/catalog.yaml)
    """
    from publish.local import lock
    from publish.metadata import load_catalog
    from publish.targets import describe, resolve

    directory = Path(output).expanduser().resolve()
    report = validation.validate_catalog(directory)
    if not report.valid:
        raise RuntimeError(f"{directory} is not a valid catalog ({len(report.errors)} validation error(s)): "
                           "run `ratsdaten validate` for the details; nothing was published")
    description = load_catalog(catalog)
    base_url = base_url or built_with(directory) or None
    resolved = resolve(targets, base_url or description.base_url)
    out = {}
    with lock(directory), lifetime.sigterm_ours():
        described = describe(directory, description, base_url)
        for t in resolved:
            out[t.name] = str(PREFECT_STAGES.publish_target(t, described))
    return out


def built_with(directory: Path) -> str | None:
    """The base URL a catalog was built with (from its run report), if one was given."""
    import json

    try:
        run = json.loads((directory / "reports" / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (run.get("parameters") or {}).get("base_url")


def run_nightly(**parameters) -> dict:
    """Run the nightly flow here, on a Dask cluster when ``workers`` or ``dask_address`` ask for one."""
    from contextlib import nullcontext

    from flows import scale

    runner = scale.task_runner(parameters.get("dask_address"), parameters.get("workers"))
    flow_fn = nightly if runner is None else nightly.with_options(task_runner=runner)
    with scale.shared_api() if runner is not None else nullcontext():
        return flow_fn(**parameters)
