"""The benchmark's file-creation floor creates what the OParl export holds and cleans up after itself."""
from __future__ import annotations

from bench.__main__ import _files_floor


def test_the_files_floor_creates_the_trees_files_and_removes_them(tmp_path):
    tree = tmp_path / "oparl"
    for rel, size in (("meeting/a.json", 10), ("agendaitem/a/1.json", 300), ("agendaitem/a/2.json", 0),
                      ("body/x/meeting/1.json", 4096)):
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_bytes(b"x" * size)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (scratch / "stale").write_text("from an interrupted benchmark")

    figures = _files_floor(tree, scratch)

    assert figures["files"] == 4 and figures["create_s"] > 0
    assert not scratch.exists()
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.json")) == [
        "agendaitem/a/1.json", "agendaitem/a/2.json", "body/x/meeting/1.json", "meeting/a.json"]
