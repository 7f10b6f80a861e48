"""Round trip: the OParl source pointed at the project's own export yields the same sessions.

RIS (the real crawl) -> catalog A with its oparl/ tree, served on 127.0.0.1 -> the OParl source
walks A's tree (Body, meeting list, resultsProtocol -> the original download URL the sidecar
recorded) -> catalog B. B's sessions (and attendance, agenda items, votes) equal A's, but for the
provenance of the files as read: their names and ids derive from the meeting URLs, which are now A's.
"""
from __future__ import annotations

import csv

from tests.oparl.conftest import plain_run


def _rows(out, table: str) -> list[dict]:
    """A table without the provenance of the file as read (its name and the hash of its bytes with its
    sidecar): the source names and describes the downloads after the meeting URLs, which are now A's."""
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
        rows = [{k: v for k, v in r.items() if k not in ("source_file", "document_id")} for r in csv.DictReader(f)]
    return sorted(rows, key=lambda r: list(r.values()))


def test_the_source_reads_the_export_back_to_the_same_sessions(ris, static_server, tmp_path):
    a = static_server.root / "a"
    first = plain_run(tmp_path / "minutes-a", a, ris.base + "system", base_url=static_server.url + "a/")
    assert first.fetched["complete"] and first.rows["sessions"] == 246
    downloads = len(ris.downloads())

    second = plain_run(tmp_path / "minutes-b", tmp_path / "b", static_server.url + "a/oparl/system.json")
    assert second.fetched["complete"] and second.fetched["with_minutes"] == 246
    assert len(ris.downloads()) == downloads + 246   # from where the RIS published them, not from the export

    sessions = _rows(a, "sessions")
    assert len(sessions) == 246 and all(s["source_url"].startswith(ris.base) for s in sessions)
    assert _rows(tmp_path / "b", "sessions") == sessions
    for table in ("attendance", "agenda_items", "votes"):
        assert _rows(tmp_path / "b", table) == _rows(a, table), table
