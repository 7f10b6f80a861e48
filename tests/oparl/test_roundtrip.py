"""Round trip: the OParl source pointed at the project's own export yields the same sessions.

RIS (the real crawl) -> catalog A with its oparl/ tree, served on 127.0.0.1 -> the OParl source
walks A's tree (Body, meeting list, resultsProtocol -> the original download URL the sidecar
recorded) -> catalog B. B's sessions equal A's, but for the file names the source gives the
downloads (derived from the meeting's id, which is now A's).
"""
from __future__ import annotations

import csv

from tests.oparl.conftest import plain_run


def _sessions(out) -> list[dict]:
    with open(out / "sessions.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_source_reads_the_export_back_to_the_same_sessions(ris, static_server, tmp_path):
    a = static_server.root / "a"
    first = plain_run(tmp_path / "minutes-a", a, ris.base + "system", base_url=static_server.url + "a/")
    assert first.fetched["complete"] and first.rows["sessions"] == 246
    downloads = len(ris.downloads())

    second = plain_run(tmp_path / "minutes-b", tmp_path / "b", static_server.url + "a/oparl/system.json")
    assert second.fetched["complete"] and second.fetched["with_minutes"] == 246
    assert len(ris.downloads()) == downloads + 246   # from where the RIS published them, not from the export

    before, after = _sessions(a), _sessions(tmp_path / "b")
    assert "source_url" in before[0] and all(s["source_url"].startswith(ris.base) for s in before)
    drop = lambda rows: sorted(({k: v for k, v in r.items() if k != "source_file"} for r in rows),
                               key=lambda r: r["session_id"])
    assert drop(after) == drop(before)
