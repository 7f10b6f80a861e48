"""The benchmark's file-creation floor creates what the OParl export holds and cleans up after itself;
its disk probe measures file creation before the runs and leaves its files for the next benchmark."""
from __future__ import annotations

from bench.__main__ import PROBE_FOLDER, PROBE_SIZE, _disk_probe, _files_floor


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


def test_the_disk_probe_creates_its_files_in_folders_and_keeps_them(tmp_path):
    figures = _disk_probe(tmp_path / "probe", files=450)

    assert figures["files"] == 450 and figures["create_s"] > 0
    assert figures["files_per_s"] > 0
    made = sorted((tmp_path / "probe").rglob("*.json"))
    assert len(made) == 450   # kept: removing them would slow the runs the probe is measured for
    assert {p.stat().st_size for p in made} == {PROBE_SIZE}
    per_folder = sorted(len(list(f.iterdir())) for f in (tmp_path / "probe").iterdir())
    assert per_folder == [50, PROBE_FOLDER, PROBE_FOLDER]
