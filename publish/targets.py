"""Where a published catalog goes: the registry of publish targets.

A target is a module with ``publish(catalog_dir) -> str`` (returns a one-line summary of where the
catalog went) and, optionally, ``check_config() -> None`` that raises ``ValueError`` with one clear
sentence when the target is not configured (no URL, no API key, ...), and
``is_retryable(exc) -> bool`` (only those failures are retried). The flow runs ``check_config``
before anything is written and retries ``publish`` of external targets.

``local`` is the output directory itself and is always published first: it holds the state the
next run builds on. Other targets are published from it.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    module: str
    external: bool               # touches another system: retried by the flow
    function: str = "publish"

    def load(self) -> Callable[[Path], str]:
        return getattr(importlib.import_module(self.module), self.function)

    def is_retryable(self, exc: BaseException) -> bool:
        check = getattr(importlib.import_module(self.module), "is_retryable", None)
        return True if check is None else bool(check(exc))

    def check(self) -> None:
        """Raise ValueError with one clear sentence when this target can't be used."""
        try:
            module = importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            if exc.name and self.module.startswith(exc.name):
                raise ValueError(f"target {self.name!r} is not available yet ({self.module} is missing)") from None
            raise
        if not hasattr(module, self.function):
            raise ValueError(f"target {self.name!r} is not available yet ({self.module}.{self.function} is missing)")
        check = getattr(module, "check_config", None)
        if check is not None:
            check()


TARGETS: dict[str, Target] = {
    "local": Target("local", "the output directory (CSV, Parquet, datapackage.json, reports)", "publish.local",
                    external=False),
    "ckan": Target("ckan", "a CKAN portal (datasets and resources updated in place)", "publish.ckan", external=True),
}

DEFAULT_TARGETS = ("local",)


def resolve(names: list[str] | tuple[str, ...] | None) -> tuple[Target, ...]:
    """The targets for ``names``, ``local`` first and each once; ValueError for an unknown or unusable one."""
    wanted = ["local"] + [n.strip() for n in (names or []) if n and n.strip()]
    out: list[Target] = []
    for name in wanted:
        if name not in TARGETS:
            raise ValueError(f"unknown target {name!r} (known: {', '.join(TARGETS)})")
        if TARGETS[name] not in out:
            out.append(TARGETS[name])
    for t in out:
        t.check()
    return tuple(out)
