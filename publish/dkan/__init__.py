"""The DKAN target: the catalog's datasets in a DKAN 2 metastore, as Project Open Data v1.1 JSON.

    target = DkanTarget.from_env()        # DKAN_URL, DKAN_USER, DKAN_PASSWORD(_BLOCK)
    target.check(base_url)                # before a run: reachable, a DKAN, credentials and permission
    report = target.publish(described)    # a publish.targets.DescribedCatalog

DKAN takes no file uploads through its API: each distribution's ``downloadURL`` points at the
file where the catalog's base URL serves it (so the base URL must be real, not the placeholder).
By concern: :mod:`~publish.dkan.config` (where and as whom), :mod:`publish.pod` (records as POD
datasets), :mod:`~publish.dkan.sync` (compare and write the difference),
:mod:`~publish.dkan.client` (HTTP with retries and readable errors); the report is the common
:class:`~publish.report.PublishReport`.
"""
from __future__ import annotations

import logging
import time
from collections import Counter

from publish import pod
from publish.dkan.client import DkanClient, DkanError, DkanRejected, DkanUnavailable
from publish.dkan.config import DkanConfig, Password
from publish.dkan.sync import Sync, same, schema_problem, validator
from publish.errors import ConfigError
from publish.portal import CHECK_TIMEOUT, Deadline
from publish.report import DatasetResult, PublishReport
from publish.retry import NO_RETRY
from publish.targets import DescribedCatalog, require_base_url

__all__ = ["DkanConfig", "DkanError", "DkanRejected", "DkanTarget", "DkanUnavailable", "Password"]

log = logging.getLogger("ratsdaten.publish.dkan")


class DkanReport(PublishReport):
    read_calls = frozenset({"GET schema", "GET revisions", "GET items"})


class DkanTarget:
    """The ``dkan`` target (see :mod:`publish.targets` for the interface)."""

    name = "dkan"
    description = "a DKAN 2 portal (POD datasets in its metastore, files linked under the base URL)"

    def __init__(self, config: DkanConfig):
        self.config = config

    def __repr__(self) -> str:
        return f"DkanTarget({self.config.url!r}, user {self.config.user!r})"

    @classmethod
    def from_env(cls) -> "DkanTarget":
        return cls(DkanConfig.from_env())

    def _client(self, **options) -> DkanClient:
        cfg = self.config
        return DkanClient(cfg.url, cfg.user, cfg.password, **options)

    def check(self, base_url: str | None, probe: str = "ratsdaten-check") -> None:
        """Before a run: the base URL is real, DKAN answers with its metastore API, the user may
        write datasets. One try per request, within 30 s; every problem is one ConfigError line."""
        require_base_url(base_url, "DKAN")
        client = self._client(timeout=CHECK_TIMEOUT[1], connect_timeout=CHECK_TIMEOUT[0], retry=NO_RETRY)
        try:
            Sync(self.config, client).inspect(probe, Deadline())
        except DkanUnavailable as e:
            raise _unreachable(e, self.config.url) from None
        finally:
            client.close()

    def publish(self, catalog: DescribedCatalog) -> PublishReport:
        """Bring DKAN to the state of ``catalog`` and report per dataset.

        Raises ConfigError (placeholder base URL, DKAN unreachable or refusing the user before
        anything was written), :class:`DkanRejected` (a payload that fails DKAN's schema, before
        anything is sent; a 4xx answer) or :class:`DkanUnavailable` (DKAN went away in the middle,
        after retries); messages never contain the password.
        """
        require_base_url(catalog.base_url, "DKAN")
        started = time.perf_counter()
        cfg = self.config
        client = self._client(timeout=cfg.timeout, retry=cfg.retry)
        report = DkanReport(target="DKAN", url=cfg.url)
        package = catalog.package.name
        try:
            sync = Sync(cfg, client)
            try:
                check = validator(sync.inspect(package))
                existing = sync.current()
            except DkanUnavailable as e:
                # not in the middle of a publish: nothing to finish, no retry
                raise _unreachable(e, cfg.url) from None
            payloads = pod.datasets(catalog.records)
            for payload in payloads:  # all of them before the first write
                problem = schema_problem(check, payload)
                if problem:
                    raise DkanRejected("the dataset schema", payload["identifier"], None, problem[1], problem[0])
            for payload in payloads:
                identifier = payload["identifier"]
                current = existing.get(identifier)
                if current is not None and identifier != package and current.get("isPartOf") != package:
                    raise DkanRejected("PUT dataset", identifier, None,
                                       f"a dataset with this identifier exists and is not part of {package!r}; "
                                       "ratsdaten does not take it over")
                result = DatasetResult(identifier)
                if not same(current, payload):
                    sync.put(payload, current, result)
                report.datasets.append(result)
                log.info("DKAN %s: %s", identifier, result.status)
            wanted = {p["identifier"] for p in payloads}
            for identifier, item in sorted(existing.items()):
                ours = identifier == package or item.get("isPartOf") == package
                if ours and identifier not in wanted:
                    sync.delete(identifier)
                    report.datasets.append(DatasetResult(identifier, "deleted"))
                    log.info("DKAN %s: deleted", identifier)
        except DkanError as e:
            e.report = report  # what was done before the failure
            raise
        finally:
            report.calls = Counter(client.calls)
            report.seconds = time.perf_counter() - started
            client.close()
        return report

    def is_retryable(self, exc: BaseException) -> bool:
        """Only a portal that went away in the middle of a publish is worth another try."""
        return isinstance(exc, DkanUnavailable)


def _unreachable(e: DkanUnavailable, url: str) -> ConfigError:
    return ConfigError(f"DKAN at {url} is unreachable: {e.cause} ({e.request}); nothing was published")
