"""Where and as whom to publish to DKAN, from the environment (never from the command line)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from publish.errors import ConfigError
from publish.retry import RetryPolicy
from publish.secret import Secret, from_env_or_block


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
        missing = [n for n, v in (("DKAN_URL", url), ("DKAN_USER", user)) if not v]
        if missing:
            raise ConfigError(f"DKAN target not configured: set {' and '.join(missing)}")
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"DKAN_URL must be an http(s) URL, not {url!r}")
        if password is None:
            password = from_env_or_block(env, "DKAN_PASSWORD", "DKAN_PASSWORD_BLOCK", "DKAN password",
                                         block=prefect_secret_block, kind=Password)
        if password is None:
            raise ConfigError("DKAN password not configured: set DKAN_PASSWORD or name a Prefect Secret block "
                              "in DKAN_PASSWORD_BLOCK")
        if not isinstance(password, Password):
            password = Password(password)
        return cls(url=url.rstrip("/"), user=user, password=password, **options)
