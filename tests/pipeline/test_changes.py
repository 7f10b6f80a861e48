"""What a run reports as changed between the staged and the published catalog, folder by folder."""
from __future__ import annotations

import os

from publish import local


def _tree(root, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def test_created_updated_deleted_files_are_found_and_linked_or_equal_files_are_not(tmp_path):
    published, staged = tmp_path / "public", tmp_path / "staging"
    _tree(published, {"sessions.csv": b"a\n", "reports/run.json": b"1", "reports/validation.json": b"{}",
                      "oparl/meeting/1.json": b"m1", "oparl/meeting/2.json": b"m2", "oparl/person/p.json": b"p",
                      "oparl/gone/deep/x.json": b"x", "same.csv": b"same"})
    for rel in ("oparl/meeting/1.json", "oparl/person/p.json", "sessions.csv"):   # unchanged: hard links
        (staged / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(published / rel, staged / rel)
    _tree(staged, {"reports/run.json": b"2",                 # differs, but is never compared
                   "reports/validation.json": b"{\"x\": 1}",  # updated
                   "oparl/meeting/2.json": b"m2 new",        # updated
                   "oparl/meeting/3.json": b"m3",            # created
                   "oparl/new/deep/y.json": b"y",            # created, in new folders
                   "same.csv": b"same",                      # written anew with the same bytes
                   local.STAGING_MARK: b""})
    assert local.changes(staged, published) == {
        "oparl/gone/deep/x.json": "deleted", "oparl/meeting/2.json": "updated", "oparl/meeting/3.json": "created",
        "oparl/new/deep/y.json": "created", "reports/validation.json": "updated"}
    first = local.changes(staged, tmp_path / "nothing-yet")
    assert first == {rel: "created" for rel in (
        "sessions.csv", "reports/validation.json", "oparl/meeting/1.json", "oparl/meeting/2.json",
        "oparl/meeting/3.json", "oparl/person/p.json", "oparl/new/deep/y.json", "same.csv")}
    assert list(first) == sorted(first)
    assert list(local.changes(staged, published)) == sorted(local.changes(staged, published))


def test_a_file_that_became_a_folder_is_deleted_and_its_files_created(tmp_path):
    published, staged = tmp_path / "public", tmp_path / "staging"
    _tree(published, {"oparl/x": b"a file"})
    _tree(staged, {"oparl/x/inside.json": b"{}"})
    assert local.changes(staged, published) == {"oparl/x": "deleted", "oparl/x/inside.json": "created"}


def test_folders_listed_earlier_in_the_run_are_skipped_only_while_untouched_in_both_catalogs(tmp_path, monkeypatch):
    published, staged = tmp_path / "public", tmp_path / "staging"
    _tree(published, {"oparl/meeting/1.json": b"m1", "oparl/meeting/2.json": b"m2", "oparl/person/p.json": b"p",
                      "oparl/paper/q.json": b"q", "oparl/fresh/f.json": b"f"})
    for path in sorted(published.rglob("*")):
        if path.is_file():
            (staged / path.relative_to(published)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, staged / path.relative_to(published))
    old = 1_000_000_000   # the folders were last changed long before the listing
    for root in (published, staged):
        for folder in [root / "oparl", *(p for p in (root / "oparl").iterdir() if p.name != "fresh")]:
            os.utime(folder, ns=(old, old))
    before = local.list_folders(staged, "oparl"), local.list_folders(published, "oparl")

    (staged / "oparl/meeting/2.json").unlink()                      # the export rewrote a file
    (staged / "oparl/meeting/2.json").write_bytes(b"m2 new")
    (published / "oparl/person/stray.json").write_bytes(b"{}")     # someone put a file into the published tree
    listed = []
    entries = local._entries
    monkeypatch.setattr(local, "_entries", lambda folder: (listed.append(folder), entries(folder))[1])
    found = local.changes(staged, published, before)
    compared = {os.path.relpath(f, staged).replace(os.sep, "/") for f in listed if str(f).startswith(str(staged))}
    assert found == local.changes(staged, published) == {
        "oparl/meeting/2.json": "updated", "oparl/person/stray.json": "deleted"}
    # (the untouched folder is not listed again; the one changed shortly before the listing is)
    assert "oparl/paper" not in compared and {"oparl/meeting", "oparl/person", "oparl/fresh"} <= compared
