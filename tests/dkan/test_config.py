"""The DKAN target's configuration: environment or a Prefect Secret block, never printed."""
from __future__ import annotations

import base64
import pickle
import uuid

import pytest

from publish import targets
from publish.dkan import DkanConfig, DkanTarget, Password
from publish.errors import ConfigError
from publish.secret import scrub
from tests.portal_cli import EXE

SECRET = "Tr0ub4dor&3-" + uuid.uuid4().hex


def test_password_never_prints_itself():
    p = Password(SECRET + "\n")
    assert p.reveal() == SECRET
    assert SECRET not in repr(p) + str(p) + f"{p}"
    cfg = DkanConfig(url="http://dkan", user="u", password=SECRET)  # a plain str is wrapped
    assert isinstance(cfg.password, Password) and SECRET not in repr(cfg) + repr(DkanTarget(cfg))
    with pytest.raises(TypeError):
        pickle.dumps(p)
    basic = base64.b64encode(f"u:{SECRET}".encode()).decode()
    assert scrub(f"a {SECRET} b Basic {basic}", p, user="u") == "a ********** b Basic **********"


def test_from_env_precedence_and_errors():
    env = {"DKAN_URL": "https://dkan.example.de/", "DKAN_USER": "api", "DKAN_PASSWORD": SECRET}
    cfg = DkanConfig.from_env(env)
    assert (cfg.url, cfg.user, cfg.password.reveal()) == ("https://dkan.example.de", "api", SECRET)
    cfg = DkanConfig.from_env(env, url="http://other", user="u2", password="p2", timeout=5)
    assert (cfg.url, cfg.user, cfg.password.reveal(), cfg.timeout) == ("http://other", "u2", "p2", 5)
    with pytest.raises(ConfigError, match="set DKAN_URL and DKAN_USER"):
        DkanConfig.from_env({})
    with pytest.raises(ConfigError, match="DKAN password not configured: set DKAN_PASSWORD"):
        DkanConfig.from_env({"DKAN_URL": "http://x", "DKAN_USER": "u"})
    with pytest.raises(ConfigError, match="must be an http"):
        DkanConfig.from_env({"DKAN_URL": "dkan.example.de", "DKAN_USER": "u", "DKAN_PASSWORD": "p"})


def test_password_from_a_prefect_secret_block(monkeypatch):
    """A real Prefect Secret block (in the test session's own Prefect home)."""
    from prefect.blocks.system import Secret

    name = f"dkan-password-{uuid.uuid4().hex[:8]}"
    Secret(value=SECRET).save(name)
    env = {"DKAN_URL": "http://dkan", "DKAN_USER": "u", "DKAN_PASSWORD": "from-env", "DKAN_PASSWORD_BLOCK": name}
    assert DkanConfig.from_env(env).password.reveal() == SECRET  # the block wins
    monkeypatch.setenv("DKAN_URL", "http://dkan")
    monkeypatch.setenv("DKAN_USER", "u")
    monkeypatch.setenv("DKAN_PASSWORD_BLOCK", name)
    monkeypatch.delenv("DKAN_PASSWORD", raising=False)
    [local, dkan] = targets.resolve(["dkan"], check=False)  # the registry builds it from the environment
    assert dkan.config.password.reveal() == SECRET
    with pytest.raises(ConfigError) as exc:
        DkanConfig.from_env(dict(env, DKAN_PASSWORD_BLOCK="gibt-es-nicht"))
    assert "'gibt-es-nicht'" in str(exc.value) and SECRET not in str(exc.value)
    assert exc.value.__cause__ is None and exc.value.__suppress_context__


def test_no_credentials_on_the_command_line():
    import subprocess

    for command in ("run", "publish", "serve"):
        text = subprocess.run([str(EXE), command, "--help"], capture_output=True, text=True, timeout=60).stdout
        assert "--password" not in text and "--token" not in text and "--user" not in text


def test_the_readme_shows_the_harvest_plan_ratsdaten_writes(reference):
    import json
    import re

    import jsonschema

    from publish import pod
    from tests.conftest import ROOT

    blocks = re.findall(r"```json\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    block = next(b for b in blocks if '"extract"' in b)
    plan = json.loads(block)
    jsonschema.validate(plan, json.loads((reference / "harvest-lib/schema/schema.json").read_text(encoding="utf-8")))
    assert plan == pod.harvest_plan(pod.plan_identifier("ratsdaten-bielefeld"), "https://opendata.bielefeld.de/ratsdaten/")
