"""Credentials that never print themselves, and the scrubbing of any text that leaves a target.

API tokens and passwords come from the environment or a Prefect Secret block, never from the
command line. A :class:`Secret` shows only asterisks in ``str``/``repr``, refuses to be pickled
(no copies in Prefect results or caches) and is read only through :meth:`Secret.reveal`.
:func:`scrub` removes secrets (and the base64 form HTTP basic auth sends) from a message before it
is logged or raised.
"""
from __future__ import annotations

import base64
import os
from typing import Mapping

from publish.errors import ConfigError

MASK = "**********"


class Secret:
    """A token or password that does not print itself. ``reveal()`` is the only way to the text."""

    __slots__ = ("_value",)
    what = "secret"

    def __init__(self, value: str):
        value = (value or "").strip()
        if not value:
            raise ValueError(f"the {self.what} is empty")
        object.__setattr__(self, "_value", value)

    def __setattr__(self, name, value):  # immutable
        raise AttributeError(f"{type(self).__name__} is read-only")

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"{type(self).__name__}('{MASK}')"

    __str__ = __repr__

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._value == self._value

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._value))

    def __reduce__(self):
        raise TypeError(f"{type(self).__name__} cannot be pickled")


MIN_SCRUB = 4  # shorter "secrets" would garble every message (and protect nothing)


def scrub(text: str, *secrets: Secret | None, user: str | None = None) -> str:
    """``text`` without any of ``secrets`` (nor ``user:secret`` in base64, as basic auth sends it)."""
    for secret in secrets:
        if secret is None:
            continue
        value = secret.reveal()
        forms = [value] if len(value) >= MIN_SCRUB else []
        if user is not None:
            forms.append(base64.b64encode(f"{user}:{value}".encode()).decode())
        for form in forms:
            if form and form in text:
                text = text.replace(form, MASK)
    return text


def from_env_or_block(env: Mapping[str, str] | None, variable: str, block_variable: str, what: str,
                      block: str | None = None, kind: type[Secret] = Secret) -> Secret | None:
    """The secret named by a Prefect Secret block (``block``, else the block named in
    ``block_variable``), else the environment variable ``variable``; None when neither is set."""
    env = os.environ if env is None else env
    block = block or env.get(block_variable)
    if block:
        return kind(_from_prefect(block, what))
    value = env.get(variable)
    return kind(value) if value and value.strip() else None


def _from_prefect(block: str, what: str) -> str:
    try:
        from prefect.blocks.system import Secret as PrefectSecret

        return str(PrefectSecret.load(block).get())
    except Exception as e:  # noqa: BLE001 - any failure is one clear configuration error
        raise ConfigError(f"cannot read the {what} from Prefect Secret block {block!r}: {type(e).__name__}") from None


def required_secret(given: str | Secret | None, env: Mapping[str, str] | None, variable: str, what: str,
                    block: str | None = None, kind: type[Secret] = Secret) -> Secret:
    """``given``, else the Prefect Secret block (``block``, else the one named in ``<variable>_BLOCK``),
    else the environment variable; a one-line ConfigError when none is set."""
    if given is None:
        given = from_env_or_block(env, variable, f"{variable}_BLOCK", what, block=block, kind=kind)
    if given is None:
        raise ConfigError(f"{what} not configured: set {variable} or name a Prefect Secret block in {variable}_BLOCK")
    return given if isinstance(given, kind) else kind(given)


def require_settings(target: str, **settings: str | None) -> None:
    """A one-line ConfigError naming every unset variable of a portal target (``<TARGET>_URL`` among
    them), or a URL that is not http(s)."""
    missing = [name for name, value in settings.items() if not value]
    if missing:
        raise ConfigError(f"{target} target not configured: set {' and '.join(missing)}")
    url = settings[f"{target}_URL"]
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{target}_URL must be an http(s) URL, not {url!r}")
