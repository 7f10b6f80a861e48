"""CKAN target configuration and the token wrapper (no server needed)."""
from __future__ import annotations

import pickle
import sys
import types

import pytest

from publish import targets
from publish.ckan import ApiToken, CkanConfig, CkanTarget
from publish.ckan.client import CkanRejected, CkanUnavailable, _flatten_errors, scrub
from publish.errors import ConfigError as CkanConfigError  # the one ConfigError

TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRlc3QtdG9rZW4.abcdef0123456789"


def test_token_never_prints_itself():
    t = ApiToken(TOKEN + "\n")
    assert t.reveal() == TOKEN
    assert TOKEN not in repr(t) and TOKEN not in str(t) and TOKEN not in f"{t}"
    cfg = CkanConfig(url="http://ckan", organization="org", token=TOKEN)  # plain str is wrapped
    assert isinstance(cfg.token, ApiToken)
    assert TOKEN not in repr(cfg) and TOKEN not in str(cfg)
    with pytest.raises(TypeError):
        pickle.dumps(t)
    assert scrub(f"x {TOKEN} y", t) == "x ********** y"


def test_from_env_precedence_and_errors(monkeypatch):
    env = {"CKAN_URL": "http://ckan.example/", "CKAN_ORGANIZATION": "stadt", "CKAN_API_TOKEN": TOKEN}
    cfg = CkanConfig.from_env(env)
    assert (cfg.url, cfg.organization, cfg.token.reveal()) == ("http://ckan.example", "stadt", TOKEN)
    cfg = CkanConfig.from_env(env, url="http://other", organization="o2", token="t2", upload=False)
    assert (cfg.url, cfg.organization, cfg.token.reveal(), cfg.upload) == ("http://other", "o2", "t2", False)
    with pytest.raises(CkanConfigError, match="CKAN_URL and CKAN_ORGANIZATION"):
        CkanConfig.from_env({})
    with pytest.raises(CkanConfigError, match="token"):
        CkanConfig.from_env({"CKAN_URL": "http://x", "CKAN_ORGANIZATION": "o"})
    for k in ("CKAN_URL", "CKAN_ORGANIZATION", "CKAN_API_TOKEN", "CKAN_API_TOKEN_BLOCK"):
        monkeypatch.delenv(k, raising=False)
    with pytest.raises(ValueError):  # the contract of publish.targets: ConfigError is a ValueError
        CkanTarget.from_env()
    with pytest.raises(ValueError):
        targets.resolve(["ckan"], "https://opendata.example.de/")


def _fake_prefect_secret(monkeypatch, load):
    mod = types.ModuleType("prefect.blocks.system")
    mod.Secret = types.SimpleNamespace(load=load)
    monkeypatch.setitem(sys.modules, "prefect.blocks.system", mod)


def test_token_from_prefect_secret_block(monkeypatch):
    loaded = []

    def load(name):
        loaded.append(name)
        return types.SimpleNamespace(get=lambda: TOKEN)

    _fake_prefect_secret(monkeypatch, load)
    env = {"CKAN_URL": "http://ckan", "CKAN_ORGANIZATION": "o", "CKAN_API_TOKEN": "from-env"}
    cfg = CkanConfig.from_env(env, prefect_secret_block="ckan-token")
    assert cfg.token.reveal() == TOKEN and loaded == ["ckan-token"]
    cfg = CkanConfig.from_env(dict(env, CKAN_API_TOKEN_BLOCK="named-in-env"))
    assert cfg.token.reveal() == TOKEN and loaded[-1] == "named-in-env"


def test_prefect_secret_failure_is_one_clear_error(monkeypatch):
    def load(name):
        raise ValueError(f"Unable to find block document named {name} {TOKEN}")

    _fake_prefect_secret(monkeypatch, load)
    with pytest.raises(CkanConfigError) as exc:
        CkanConfig.from_env({"CKAN_URL": "http://c", "CKAN_ORGANIZATION": "o"}, prefect_secret_block="nope")
    assert "'nope'" in str(exc.value) and TOKEN not in str(exc.value)
    assert exc.value.__cause__ is None and exc.value.__suppress_context__


def test_error_messages_name_dataset_and_field():
    fields = _flatten_errors({"__type": "Validation Error", "name": ["Muss aus Kleinbuchstaben bestehen"],
                              "resources": [{}, {"url": ["Fehlt"]}]})
    assert fields == {"name": "Muss aus Kleinbuchstaben bestehen", "resources[1].url": "Fehlt"}
    err = CkanRejected("package_create", "rd-sessions", fields, "validation")
    assert str(err).startswith("CKAN rejected package_create for dataset 'rd-sessions' (validation): name: Muss")
    target = CkanTarget(CkanConfig(url="http://ckan", organization="o", token=TOKEN))
    assert target.is_retryable(CkanUnavailable("down")) and not target.is_retryable(err)


def test_unreachable_ckan_stops_the_run_at_once(samples_dir, tmp_path):
    """Connection refused: one line naming the cause, exit code 2, nothing written, no retries."""
    import socket

    from tests.portal_cli import one_line_exit_2, ratsdaten

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "public"
    env = {"CKAN_URL": f"http://127.0.0.1:{port}", "CKAN_ORGANIZATION": "stadt", "CKAN_API_TOKEN": TOKEN}
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "ckan",
                           "--base-url", "https://opendata.bielefeld.de/", env=env)
    one_line_exit_2(p, seconds, out, f"CKAN at http://127.0.0.1:{port} is unreachable: connection refused")
    assert seconds < 10 and TOKEN not in p.stdout + p.stderr
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "ckan", env=env)
    one_line_exit_2(p, seconds, out, "CKAN target", "is a placeholder")
