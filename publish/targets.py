"""Where a catalog is published: the one interface every target implements, and their registry.

A target (the local catalog folder, CKAN, DKAN, a city's own portal) is an object with

* ``name`` and ``description``;
* ``check(base_url)``: raise :class:`~publish.errors.ConfigError` (one line) when it can't be used:
  settings missing, the catalog's base URL still the placeholder, the portal unreachable, the
  credentials refused, the organisation unknown. It runs before anything is written, without
  retries, and ends within 30 seconds;
* ``publish(catalog)``: bring the target to the state of a :class:`DescribedCatalog` and return a
  :class:`~publish.report.PublishReport` (created / updated / unchanged / deleted per dataset);
  raise :class:`~publish.errors.PublishError` when it fails;
* ``is_retryable(exc)``: whether the flow should publish again after that failure (a portal that
  went away in the middle of a publish) or give up (a refused dataset, a configuration error).

Targets are registered in one place, the entry-point group ``ratsdaten.targets`` (see
``pyproject.toml``): each entry names a callable that builds the target from the environment
(``CKAN_URL``..., ``DKAN_URL``...). A city adds its own target by installing a package with an
entry in that group; nothing here changes.

The catalog's records (what each dataset and file is, :func:`publish.metadata.describe_outputs`)
are computed once per run by :func:`describe` and handed to every target.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Callable, Mapping, Protocol, runtime_checkable
from urllib.parse import urlsplit

from publish.errors import ConfigError
from publish.metadata import CatalogConfig, DatasetRecord, describe_outputs
from publish.report import PublishReport

GROUP = "ratsdaten.targets"
LOCAL = "local"            # the output folder: always published, first (the others publish from it)
DEFAULT_TARGETS = (LOCAL,)

# Host names reserved for examples (RFC 2606, RFC 6761): a base URL there is a placeholder.
_EXAMPLE_HOST = re.compile(r"(^|\.)(example\.(org|com|net)|[^.]+\.(example|test|invalid))$|^example$", re.IGNORECASE)


@dataclass(frozen=True)
class DescribedCatalog:
    """A published local catalog and its records, as every target receives it.

    ``changes`` lists the files of the local catalog this run created, updated or deleted
    (relative path -> "created" | "updated" | "deleted"); empty when the run changed nothing or
    only publishes an existing catalog again.
    """

    directory: Path
    records: tuple[DatasetRecord, ...]
    changes: Mapping[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        """Where the catalog's files are served (ends with "/")."""
        return self.records[0].catalog_uri.removesuffix("catalog") if self.records else ""

    @property
    def package(self) -> DatasetRecord:
        """The record of the data package as a whole (every table's dataset is part of it)."""
        return next(r for r in self.records if r.table is None)


@runtime_checkable
class Target(Protocol):
    name: str
    description: str

    def check(self, base_url: str) -> None: ...

    def publish(self, catalog: DescribedCatalog) -> PublishReport: ...

    def is_retryable(self, exc: BaseException) -> bool: ...


def describe(directory: str | Path, catalog: CatalogConfig, base_url: str | None = None,
             changes: Mapping[str, str] | None = None) -> DescribedCatalog:
    """The records of the catalog in ``directory``, computed once for all targets."""
    directory = Path(directory)
    records = tuple(describe_outputs(directory, catalog, base_url=base_url))
    return DescribedCatalog(directory, records, dict(changes or {}))


def is_placeholder(base_url: str | None) -> bool:
    """True when ``base_url`` is missing or on a host reserved for examples (daten.example.org)."""
    if not base_url:
        return True
    host = urlsplit(base_url).hostname or ""
    return not host or bool(_EXAMPLE_HOST.search(host))


def require_base_url(base_url: str | None, target: str) -> None:
    """A portal must never get the placeholder base URL: its download links would lead nowhere."""
    if is_placeholder(base_url):
        shown = base_url or "(none)"
        raise ConfigError(
            f"{target} target: the catalog's base URL {shown} is a placeholder; set where the files are "
            "served with --base-url, RATSDATEN_BASE_URL or base_url in the catalog description"
        )


# -- the registry ---------------------------------------------------------------------------------


def registry() -> dict[str, EntryPoint]:
    """Every registered target by name (entry-point group ``ratsdaten.targets``)."""
    found = {ep.name: ep for ep in entry_points(group=GROUP)}
    if LOCAL not in found:
        raise ConfigError(f"no publish targets are registered (entry points {GROUP!r}): install the "
                          "project with `pip install -e .` (make setup)")
    return found


def names() -> list[str]:
    return sorted(registry(), key=lambda n: (n != LOCAL, n))


def factory(name: str) -> Callable[[], Target]:
    """The callable that builds target ``name`` from the environment; ConfigError if unknown or broken."""
    found = registry()
    if name not in found:
        raise ConfigError(f"unknown target {name!r} (known: {', '.join(names())})")
    try:
        return found[name].load()
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"target {name!r} is not available ({found[name].value}: {exc})") from None


def resolve(wanted: list[str] | tuple[str, ...] | None, base_url: str | None = None, *,
            check: bool = True) -> tuple[Target, ...]:
    """The targets named in ``wanted``, ``local`` first and each once, built from the environment
    and (``check``) checked against ``base_url``: ConfigError for an unknown or unusable one."""
    order = [LOCAL] + [n.strip() for n in (wanted or []) if n and n.strip()]
    out: list[Target] = []
    for name in dict.fromkeys(order):
        target = factory(name)()
        if not isinstance(target, Target):
            raise ConfigError(f"target {name!r} does not implement the target interface (publish.targets.Target)")
        out.append(target)
    if check:
        for target in out:
            target.check(base_url)
    return tuple(out)
