"""The kinds of failure every part of publishing shares.

* :class:`ConfigError`: something a person must fix in the configuration (an option, the catalog
  description, a target's settings, a portal that is unreachable or refuses the credentials). Its
  message is one line; the CLI prints it and exits with code 2 before anything is published.
* :class:`PublishError`: a target failed while publishing (a portal refused a dataset, or went
  away in the middle). ``report`` holds what was done before the failure.
* :class:`CatalogBusy`: another run holds the catalog's lock; nothing was written, and the same run
  can simply be started again later (the CLI exits with code 75, sysexits' EX_TEMPFAIL).

Messages never contain a secret (see :mod:`publish.secret`).
"""
from __future__ import annotations


class ConfigError(ValueError):
    """A configuration problem, in one line a person can act on."""


class PublishError(Exception):
    """Publishing to a target failed. ``report`` is what was done before (or None)."""

    report = None


class CatalogBusy(Exception):
    """Another run is writing the same catalog."""
