"""A publish target for tests: fails once like an unavailable portal, then succeeds."""
from __future__ import annotations

from pathlib import Path

calls: list[str] = []


class Unavailable(Exception):
    pass


def publish(catalog_dir) -> str:
    calls.append(str(catalog_dir))
    if len(calls) == 1:
        raise Unavailable("portal answered 503")
    return f"fake portal ({len(list(Path(catalog_dir).glob('*.csv')))} tables)"


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, Unavailable)
