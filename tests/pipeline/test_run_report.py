"""The run report (reports/run.json): the summary as json.dumps writes it, however it is made."""
from __future__ import annotations

import json

from flows.pipeline import RunSummary, _json


def _as_json_writes(summary: RunSummary) -> bytes:
    return (json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def test_the_report_has_the_bytes_json_dumps_gives():
    summary = RunSummary(source="Ordner „Niederschriften“", output="/tmp/öffentlich", started="2026-12-03T12:00:00Z",
                         quarantined=[{"file": "a\tb.txt", "sha256": "0" * 64, "reason": "kein Text\n\x01"}],
                         rows={"sessions": 3, "attendance": 0}, valid=True, changed_files=[f"oparl/p/{i}.json" for i in range(50)],
                         seconds={"parse": 0.1, "publish_local": 12.345, "tiny": 1e-07, "big": 1e16},
                         metadata={"conforms": None, "summary": "", "shapes": [], "nested": {"a": [1, 2.5, False]}},
                         parameters={"workers": None, "since": "2026-01-01"})
    assert _json(summary) == _as_json_writes(summary)


def test_values_orjson_does_not_write_are_written_as_json_writes_them():
    summary = RunSummary(source="s", output="o", started="t", rows={1: 2}, metadata={"huge": 2 ** 70})
    assert _json(summary) == _as_json_writes(summary)


def test_the_dict_of_a_summary_holds_its_own_list_of_changed_files():
    summary = RunSummary(source="s", output="o", started="t", changed_files=["a", "b"])
    data = summary.to_dict()
    data["changed_files"].append("c")
    assert summary.changed_files == ["a", "b"] and list(data) == [f for f in RunSummary.__dataclass_fields__]
