"""Publish targets: found through the entry-point group, checked before anything runs, local first,
every target handed the same records, retried only where the target says it helps."""
from __future__ import annotations

import json

import pytest

import schemas
from publish import targets
from publish.errors import ConfigError
from tests.pipeline import fake_target
from tests.pipeline.conftest import run_cli


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """Register tests.pipeline.fake_target as an installed package would: a dist-info folder on sys.path
    with an entry in the group ``ratsdaten.targets``."""
    import flows.nightly

    dist = tmp_path / "site" / "ratsdaten_fake_target-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ratsdaten-fake-target\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[ratsdaten.targets]\nfake = tests.pipeline.fake_target:FakeTarget.from_env\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    fake_target.calls.clear()
    monkeypatch.setattr(flows.nightly, "RETRY_DELAYS", [0])
    return fake_target


def test_a_city_target_registered_by_entry_point_is_published_after_local_and_retried(seeds, tmp_path, fake):
    assert "fake" in targets.names()
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--target", "fake")
    assert result.exit_code == 0, result.output
    datasets = len(schemas.TABLES) + 1
    assert fake.calls == [(str(out), datasets)] * 2          # failed once (a lost portal), retried once
    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert list(run["targets"]) == ["local", "fake"]
    assert run["publish"]["fake"]["counts"]["created"] == datasets
    assert run["publish"]["local"]["counts"] == {"created": datasets, "updated": 0, "unchanged": 0, "deleted": 0}
    assert "Published to fake" in result.output

    # a second run changes nothing locally; the local report says so, the fake target gets the same records
    again = run_cli("run", "--input", str(seeds), "--output", str(out), "--target", "fake")
    assert again.exit_code == 0, again.output
    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["publish"]["local"]["counts"]["unchanged"] == datasets
    assert fake.calls[-1] == (str(out), datasets)


def test_a_target_refusing_its_check_stops_the_run_before_anything_is_written(seeds, tmp_path, fake, monkeypatch):
    monkeypatch.setenv("FAKE_TARGET_REFUSE", "1")
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--target", "fake")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "ratsdaten: error: fake portal refuses https://daten.example.org/ratsdaten/"]
    assert not out.exists() and fake.calls == []


def test_unknown_and_broken_targets_are_config_errors(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="unknown target 'nowhere' \\(known: local, ckan, dkan"):
        targets.resolve(["nowhere"])
    dist = tmp_path / "ratsdaten_ghost-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ratsdaten-ghost\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[ratsdaten.targets]\nghost = publish.no_such_module:Target\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ConfigError, match="target 'ghost' is not available"):
        targets.resolve(["ghost"])
    assert [t.name for t in targets.resolve(None)] == ["local"]
    assert [t.name for t in targets.resolve(["local", "local"])] == ["local"]
    assert all(isinstance(t, targets.Target) for t in targets.resolve(["local"]))


@pytest.mark.parametrize("url,placeholder", [
    ("https://daten.example.org/ratsdaten/", True), ("https://example.com/", True), ("http://portal.test/", True),
    (None, True), ("https://opendata.bielefeld.de/ratsdaten/", False), ("http://127.0.0.1:8080/r/", False),
])
def test_placeholder_base_urls(url, placeholder):
    assert targets.is_placeholder(url) is placeholder
    if placeholder:
        with pytest.raises(ConfigError, match="placeholder"):
            targets.require_base_url(url, "DKAN")


def test_the_one_config_error():
    import flows.config
    import flows.nightly
    import publish.metadata

    assert flows.config.ConfigError is publish.metadata.ConfigError is ConfigError
    assert issubclass(ConfigError, ValueError)
    assert flows.nightly.republish.name == "ratsdaten-publish"  # the one publish_catalog became republish
