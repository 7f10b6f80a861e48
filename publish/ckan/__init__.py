"""The CKAN target: one CKAN dataset per catalog dataset, updated in place, idempotent and minimal.

    target = CkanTarget.from_env()        # CKAN_URL, CKAN_ORGANIZATION, CKAN_API_TOKEN(_BLOCK)
    target.check(base_url)                # before a run: reachable, token valid, organisation known
    report = target.publish(described)    # a publish.targets.DescribedCatalog
    print(report.summary())

By concern: :mod:`~publish.ckan.config` (where and how, from the environment),
:mod:`~publish.ckan.fields` (a dataset record as CKAN package and resource fields),
:mod:`~publish.ckan.sync` (reading, comparing, writing the difference),
:mod:`~publish.ckan.report` (what was done), :mod:`~publish.ckan.client` (ckanapi with retries,
counting and readable errors).
"""
from __future__ import annotations

import logging
import time
from collections import Counter

from publish.ckan.client import ApiToken, CkanClient, CkanError, CkanRejected, CkanUnavailable, scrub
from publish.ckan.config import CkanConfig
from publish.ckan.fields import OWNED_EXTRAS, RESOURCE_KEY
from publish.ckan.report import DatasetResult, PublishReport
from publish.ckan.sync import Sync
from publish.errors import ConfigError
from publish.portal import CHECK_TIMEOUT, Deadline
from publish.retry import NO_RETRY, RetryPolicy
from publish.targets import DescribedCatalog, require_base_url

__all__ = [
    "OWNED_EXTRAS",
    "RESOURCE_KEY",
    "ApiToken",
    "CkanConfig",
    "CkanError",
    "CkanRejected",
    "CkanTarget",
    "CkanUnavailable",
    "DatasetResult",
    "PublishReport",
    "RetryPolicy",
]

log = logging.getLogger("ratsdaten.publish.ckan")


class CkanTarget:
    """The ``ckan`` target (see :mod:`publish.targets` for the interface)."""

    name = "ckan"
    description = "a CKAN portal (datasets and resources updated in place)"

    def __init__(self, config: CkanConfig):
        self.config = config

    def __repr__(self) -> str:
        return f"CkanTarget({self.config.url!r}, organisation {self.config.organization!r})"

    @classmethod
    def from_env(cls) -> "CkanTarget":
        return cls(CkanConfig.from_env())

    def check(self, base_url: str | None) -> None:
        """Before a run: the base URL is real, CKAN answers, the token may create datasets in the
        organisation. One try per request, within 30 s; every problem is one ConfigError line."""
        require_base_url(base_url, "CKAN")
        cfg = self.config
        client = CkanClient(cfg.url, cfg.token, timeout=CHECK_TIMEOUT[1], connect_timeout=CHECK_TIMEOUT[0],
                            retry=NO_RETRY)
        try:
            Sync(cfg, client, None).inspect(Deadline())
        except CkanUnavailable as e:
            raise _unreachable(e, cfg.url) from None
        except CkanRejected as e:
            raise ConfigError(scrub(str(e), cfg.token)) from None
        finally:
            client.close()

    def publish(self, catalog: DescribedCatalog) -> PublishReport:
        """Publish every dataset of ``catalog`` and report what changed.

        Raises ConfigError (placeholder base URL, unknown organisation, CKAN unreachable before
        anything was written), :class:`CkanRejected` (4xx) or :class:`CkanUnavailable` (CKAN went
        away in the middle, after retries); messages never contain the token.
        """
        require_base_url(catalog.base_url, "CKAN")
        started = time.perf_counter()
        cfg = self.config
        if cfg.token is None:
            raise ConfigError("CKAN API token not configured")
        client = CkanClient(cfg.url, cfg.token, timeout=cfg.timeout, retry=cfg.retry)
        report = PublishReport(target="CKAN", url=cfg.url, organization=cfg.organization)
        try:
            sync = Sync(cfg, client, catalog.directory)
            try:
                site = sync.preflight(list(catalog.records))
            except CkanUnavailable as e:
                # not in the middle of a publish: nothing to finish, no retry
                raise _unreachable(e, cfg.url) from None
            for record in catalog.records:
                res = sync.sync(record, site)
                report.datasets.append(res)
                log.info(
                    "CKAN %s: %s (%d created, %d re-uploaded, %d updated, %d deleted, %d unchanged resources)",
                    res.name, res.status, res.resources_created, res.resources_uploaded,
                    res.resources_updated, res.resources_deleted, res.resources_unchanged,
                )
        except CkanError as e:
            # the message was scrubbed where it was made; scrub again anyway
            err = _scrubbed(e, cfg.token)
            err.report = report  # what was done before the failure
            raise err from None
        finally:
            report.calls = Counter(client.calls)
            report.seconds = time.perf_counter() - started
            client.close()
        return report

    def is_retryable(self, exc: BaseException) -> bool:
        """Only a portal that went away in the middle of a publish is worth another try.

        4xx answers (:class:`CkanRejected`) and configuration errors fail the same way again.
        """
        return isinstance(exc, CkanUnavailable)


def _scrubbed(e: CkanError, token: ApiToken | None) -> CkanError:
    text = str(e)
    clean = scrub(text, token)
    if clean == text:
        return e
    return CkanError(clean)


def _unreachable(e: CkanUnavailable, url: str) -> ConfigError:
    return ConfigError(f"CKAN at {url} is unreachable: {e.cause} ({e.action}); nothing was published")
