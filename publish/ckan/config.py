"""Where and how to publish to CKAN, from the environment (never from the command line)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from publish.ckan.client import ApiToken
from publish.retry import RetryPolicy
from publish.secret import require_settings, required_secret


@dataclass(frozen=True)
class CkanConfig:
    """Where and how to publish. The token is an :class:`ApiToken` and never printed.

    ``upload=True`` (default) uploads the files into CKAN's file store; ``upload=False``
    registers links to the files where the catalog's base URL serves them.
    ``create_organization`` allows creating a missing organisation (off when configured from
    the environment: an unknown organisation is a configuration error).
    """

    url: str
    organization: str
    token: ApiToken | None = field(default=None, repr=False)
    create_organization: bool = False
    organization_title: str | None = None
    upload: bool = True
    timeout: float = 60.0
    retry: RetryPolicy = RetryPolicy()
    dataset_attempts: int = 3  # read-plan-write rounds per dataset after transient failures

    def __post_init__(self):
        if isinstance(self.token, str):  # accept a plain string, keep only the wrapper
            object.__setattr__(self, "token", ApiToken(self.token))

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        url: str | None = None,
        organization: str | None = None,
        token: str | ApiToken | None = None,
        prefect_secret_block: str | None = None,
        **options: Any,
    ) -> "CkanConfig":
        """Explicit arguments first, then ``CKAN_URL``, ``CKAN_ORGANIZATION`` and the token.

        The token comes from ``token``, else the Prefect Secret block ``prefect_secret_block``
        (or the block named in ``CKAN_API_TOKEN_BLOCK``), else ``CKAN_API_TOKEN``.
        """
        env = os.environ if env is None else env
        url = url or env.get("CKAN_URL")
        organization = organization or env.get("CKAN_ORGANIZATION")
        require_settings("CKAN", CKAN_URL=url, CKAN_ORGANIZATION=organization)
        token = required_secret(token, env, "CKAN_API_TOKEN", "CKAN API token", prefect_secret_block, ApiToken)
        return cls(url=url.rstrip("/"), organization=organization, token=token, **options)
