"""Where and as whom to publish to DKAN, from the environment (never from the command line)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from publish.retry import RetryPolicy
from publish.secret import Secret, require_settings, required_secret


class Password(Secret):
    """The DKAN user's password (HTTP basic auth). Never printed, never pickled."""

    __slots__ = ()
    what = "DKAN password"


@dataclass(frozen=True)
class DkanConfig:
    """A DKAN 2 site and a user holding "post put delete datasets through the api"."""

    url: str
    user: str
    password: Password | None = field(default=None, repr=False)
    timeout: float = 60.0
    retry: RetryPolicy = RetryPolicy()

    def __post_init__(self):
        if isinstance(self.password, str):
            object.__setattr__(self, "password", Password(self.password))

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        url: str | None = None,
        user: str | None = None,
        password: str | Password | None = None,
        prefect_secret_block: str | None = None,
        **options: Any,
    ) -> "DkanConfig":
        """Explicit arguments first, then ``DKAN_URL``, ``DKAN_USER`` and the password: from
        ``password``, else the Prefect Secret block ``prefect_secret_block`` (or the block named in
        ``DKAN_PASSWORD_BLOCK``), else ``DKAN_PASSWORD``."""
        env = os.environ if env is None else env
        url = url or env.get("DKAN_URL")
        user = user or env.get("DKAN_USER")
        require_settings("DKAN", DKAN_URL=url, DKAN_USER=user)
        password = required_secret(password, env, "DKAN_PASSWORD", "DKAN password", prefect_secret_block, Password)
        return cls(url=url.rstrip("/"), user=user, password=password, **options)
