"""The two kinds of failure every part of publishing shares.

* :class:`ConfigError`: something a person must fix in the configuration (an option, the catalog
  description, a target's settings, a portal that is unreachable or refuses the credentials). Its
  message is one line; the CLI prints it and exits with code 2 before anything is published.
* :class:`PublishError`: a target failed while publishing (a portal refused a dataset, or went
  away in the middle). ``report`` holds what was done before the failure.

Messages never contain a secret (see :mod:`publish.secret`).
"""
from __future__ import annotations


class ConfigError(ValueError):
    """A configuration problem, in one line a person can act on."""


class PublishError(Exception):
    """Publishing to a target failed. ``report`` is what was done before (or None)."""

    report = None
