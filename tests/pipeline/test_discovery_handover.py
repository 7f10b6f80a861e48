"""The console decides "nothing changed" with one discovery; when something did, the run it starts
takes that discovery instead of making a second one, unless the published catalog moved meanwhile."""
from __future__ import annotations

import dataclasses
import os

from flows import pipeline
from flows.config import check


def _counting(calls: list):
    def discover(*args, **kwargs):
        calls.append(1)
        return pipeline.discover(*args, **kwargs)
    return dataclasses.replace(pipeline.PLAIN, discover=discover)


def test_the_run_takes_the_discovery_the_unchanged_check_made(tmp_path, seeds):
    out = tmp_path / "out"
    assert pipeline.run(check(source=seeds, output=out)).parsed > 0
    minutes = sorted(seeds.glob("*.txt"))[0]
    minutes.write_text(minutes.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")

    calls: list = []
    config = check(source=seeds, output=out)
    assert pipeline.finish_if_unchanged(config) is None
    handed_seconds = pipeline._discovered[0][3]
    summary = pipeline.run(config, _counting(calls))
    assert calls == [] and summary.parsed == 1 and summary.changed == 1
    assert summary.seconds["discover"] == handed_seconds   # the check's discovery, reported as the run's

    minutes.write_text(minutes.read_text(encoding="utf-8") + "\nZweiter Nachtrag.\n", encoding="utf-8")
    assert pipeline.finish_if_unchanged(config) is None
    manifest = pipeline.state.manifest_path(out)
    os.utime(manifest, ns=(manifest.stat().st_mtime_ns + 10**9,) * 2)   # another run published meanwhile
    assert pipeline.run(config, _counting(calls)).parsed == 1 and calls == [1]

    minutes.write_text(minutes.read_text(encoding="utf-8") + "\nDritter Nachtrag.\n", encoding="utf-8")
    assert pipeline.finish_if_unchanged(config) is None
    other = check(source=seeds, output=out)   # a run with another config discovers for itself
    assert pipeline.run(other, _counting(calls)).parsed == 1 and calls == [1, 1]
