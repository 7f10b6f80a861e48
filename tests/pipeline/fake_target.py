"""A publish target for tests, registered as a city's own would be: through an entry point.

It fails once like a portal that went away in the middle of a publish, then succeeds; its check
refuses the run when FAKE_TARGET_REFUSE is set.
"""
from __future__ import annotations

import os

from publish.errors import ConfigError, PublishError
from publish.report import DatasetResult, PublishReport

calls: list[tuple[str, int]] = []   # (catalog folder, number of datasets) per publish


class Unavailable(PublishError):
    pass


class FakeTarget:
    name = "fake"
    description = "a test portal"

    @classmethod
    def from_env(cls) -> "FakeTarget":
        return cls()

    def check(self, base_url):
        if os.environ.get("FAKE_TARGET_REFUSE"):
            raise ConfigError(f"fake portal refuses {base_url}")

    def publish(self, catalog) -> PublishReport:
        calls.append((str(catalog.directory), len(catalog.records)))
        if len(calls) == 1:
            raise Unavailable("portal answered 503")
        return PublishReport("fake", "fake portal", [DatasetResult(r.name, "created") for r in catalog.records])

    def is_retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, Unavailable)
