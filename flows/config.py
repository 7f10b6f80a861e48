"""A run's configuration, checked in full before anything is written.

Every problem is a :class:`ConfigError` with one sentence a person can act on; the CLI prints it
and exits with code 2, a deployment run fails with it.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flows.sources import Source, open_source
from publish.errors import ConfigError
from publish.local import is_catalog
from publish.targets import DEFAULT_TARGETS, Target, resolve

__all__ = ["ConfigError", "RunConfig", "check"]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT / "samples" / "bielefeld-da"   # the bundled seed corpus
DEFAULT_OUTPUT = Path("public")
DEFAULT_OPARL_FOLDER = Path("minutes")               # where --oparl keeps the minutes it downloads


@dataclass(frozen=True)
class RunConfig:
    source: Source
    output: Path               # absolute
    targets: tuple[Target, ...]
    since: dt.date | None = None
    full_rebuild: bool = False
    dry_run: bool = False
    workers: int | None = None  # parse processes; None: one per CPU (at most 4) for runs of several batches
    catalog: object = None      # publish.metadata.CatalogConfig: the city's description of its catalog
    base_url: str | None = None  # where the files will be downloadable (overrides catalog.yaml)
    shapes_dir: Path | None = None  # the official DCAT-AP.de shapes; None: the project's own checks

    def parameters(self) -> dict:
        return {
            "source": self.source.description,
            "output": str(self.output),
            "targets": [t.name for t in self.targets],
            "since": self.since.isoformat() if self.since else None,
            "full_rebuild": self.full_rebuild,
            "dry_run": self.dry_run,
            "workers": self.workers,
            "base_url": self.base_url,
            "shapes_dir": str(self.shapes_dir) if self.shapes_dir else None,
            "oparl": getattr(self.source, "url", None),
        }


def _writable_dir(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise ConfigError(f"output {output} exists and is not a folder")
    if output.is_dir() and not is_catalog(output):
        raise ConfigError(f"output folder {output} is not empty and holds no ratsdaten catalog: choose another folder")
    # The catalog is built beside the output (staging folder, lock) and renamed into place: the folder
    # that must take new entries is the output's parent, or its nearest existing ancestor.
    probe = output.parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ConfigError(f"output {output} can't be created: {probe} is not a folder")
    if not os.access(probe, os.W_OK | os.X_OK) or (output.is_dir() and not os.access(output, os.W_OK | os.X_OK)):
        raise ConfigError(f"output {output} is not writable")
    # Permissions don't tell everything (root, read-only mounts, /proc, full disks): try it, leaving nothing.
    try:
        tempfile.TemporaryDirectory(dir=probe, prefix=f".{output.name}.probe-").cleanup()
    except OSError as exc:
        raise ConfigError(f"output {output} can't be written: {exc.strerror or exc} in {probe}") from None


def check(
    source: str | Path | None = None,
    output: str | Path | None = None,
    targets: list[str] | tuple[str, ...] | None = None,
    since: dt.date | str | None = None,
    full_rebuild: bool = False,
    dry_run: bool = False,
    workers: int | None = None,
    catalog: str | Path | None = None,
    base_url: str | None = None,
    shapes_dir: str | Path | None = None,
    oparl: str | None = None,
    oparl_limits: dict | None = None,
) -> RunConfig:
    """The checked configuration of a run, or :class:`ConfigError`. Writes nothing.

    With ``oparl`` (a System or Body URL) the source is the folder the RIS's minutes are kept in
    (``source``, default ./minutes); the URL is asked last, once everything local is fine.
    """
    try:
        if oparl:
            src = _oparl_folder(oparl, source, oparl_limits or {})
        else:
            src = open_source(str(source if source is not None else DEFAULT_SOURCE))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    out = Path(output if output is not None else DEFAULT_OUTPUT).expanduser().resolve()
    _writable_dir(out)
    root = getattr(src, "root", None)
    if root is not None and (out == root or out.is_relative_to(root) or root.is_relative_to(out)):
        raise ConfigError(f"output {out} and input {root} must not contain each other")
    resolved = resolve(list(targets) if targets else list(DEFAULT_TARGETS), check=False)
    if isinstance(since, str):
        try:
            since = dt.date.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    if since is not None and full_rebuild:
        raise ConfigError("--since and --full-rebuild contradict each other: choose one")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if not oparl and not src.has_documents():
        raise ConfigError(f"no documents in {src.description} (looked for .txt .md .pdf .docx .html .htm)")
    from publish import metadata

    catalog = catalog or os.environ.get("RATSDATEN_CATALOG") or None
    catalog_config = metadata.load_catalog(catalog)
    base_url = base_url or os.environ.get("RATSDATEN_BASE_URL") or None
    if base_url and not re.match(r"^https?://[^\s/]+", base_url):
        raise ConfigError(f"--base-url {base_url!r} is not an http(s) URL")
    shapes = shapes_dir or os.environ.get("RATSDATEN_SHAPES_DIR") or None
    shapes_path = Path(shapes).expanduser().resolve() if shapes else None
    if shapes_path is not None and not (shapes_path / "v3.0").is_dir():
        raise ConfigError(f"--shapes-dir {shapes_path} holds no DCAT-AP.de shapes (expected v2.0/ and v3.0/ in it)")
    if oparl:   # the RIS is asked once everything local is in order
        _resolve_oparl(src)
    # last: a portal is asked only when everything else is in order (within 30 s, no retries)
    for target in resolved:
        target.check(base_url or catalog_config.base_url)
    return RunConfig(src, out, resolved, since, bool(full_rebuild), bool(dry_run), workers, catalog_config,
                     base_url, shapes_path)


def _oparl_folder(url: str, folder: str | Path | None, limits: dict):
    """The OParl source (not yet asked anything): its URL and folder checked."""
    from flows.oparl_client import Limits
    from flows.oparl_source import OParlSource

    if not re.match(r"^https?://[^\s/]+", url):
        raise ConfigError(f"--oparl {url!r} is not an http(s) URL of an OParl System or Body")
    for name, value in limits.items():
        if value is not None and value < 1:
            raise ConfigError(f"--{name.replace('_', '-')} must be at least 1, not {value}")
    root = Path(folder if folder is not None else DEFAULT_OPARL_FOLDER).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise ConfigError(f"minutes folder {root} exists and is not a folder")
    probe = root
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ConfigError(f"minutes folder {root} is not writable")
    return OParlSource(root, url, body_url=url, limits=Limits(**{k: v for k, v in limits.items() if v is not None}))


def _resolve_oparl(src) -> None:
    """Ask the RIS once: the URL must answer with an OParl System (of one Body) or a Body."""
    from flows.oparl_client import OParlError
    from flows.oparl_source import resolve_body

    try:
        src.body_url = resolve_body(src.url)
    except OParlError as exc:
        raise ConfigError(f"--oparl: {exc}") from None
