"""Publish targets: local always, others from the local catalog, retried when they say it helps."""
from __future__ import annotations

import json

import pytest

import schemas
from publish import targets
from tests.pipeline import fake_target
from tests.pipeline.conftest import run_cli


@pytest.fixture
def fake(monkeypatch):
    import flows.nightly

    fake_target.calls.clear()
    monkeypatch.setitem(targets.TARGETS, "fake", targets.Target("fake", "test portal", "tests.pipeline.fake_target",
                                                                external=True))
    monkeypatch.setattr(flows.nightly, "RETRY_DELAYS", [0])
    return fake_target


def test_an_external_target_is_published_after_local_and_retried(seeds, tmp_path, fake):
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--target", "fake")
    assert result.exit_code == 0, result.output
    assert fake.calls == [str(out), str(out)]          # failed once (503), retried once
    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["targets"] == {"local": str(out), "fake": f"fake portal ({len(schemas.TABLES)} tables)"}
    assert "Published to fake" in result.output


def test_unknown_and_unavailable_targets_are_config_errors(monkeypatch):
    with pytest.raises(ValueError, match="unknown target 'nowhere'"):
        targets.resolve(["nowhere"])
    monkeypatch.setitem(targets.TARGETS, "ghost", targets.Target("ghost", "", "publish.no_such_module", external=True))
    with pytest.raises(ValueError, match="not available"):
        targets.resolve(["ghost"])
    assert [t.name for t in targets.resolve(None)] == ["local"]
    assert [t.name for t in targets.resolve(["local", "local"])] == ["local"]
