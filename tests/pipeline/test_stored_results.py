"""The stored parse results of unchanged documents move with the catalog when it is swapped in,
instead of being linked into every run's staging."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from publish import state


def _catalog(root: Path, documents: dict[str, str], results: list[str]) -> Path:
    """A catalog folder with a manifest of ``documents`` (file -> sha256) and stored ``results`` (sha256s)."""
    root.mkdir()
    state.write_manifest(root, [state.ManifestEntry(name, sha, 10, "rows", None) for name, sha in documents.items()])
    folder = root / state.STATE_DIR / state.PARSED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for sha in results:
        (folder / f"{sha}.json").write_text(f"result of {sha} in {root.name}")
    return root


def _stored(catalog: Path) -> dict[str, str]:
    folder = catalog / state.STATE_DIR / state.PARSED_DIR
    return {p.name: p.read_text() for p in folder.iterdir()} if folder.is_dir() else {}


@pytest.mark.parametrize("unchanged, changed", [(40, 2), (2, 40), (0, 5), (5, 0)])
def test_the_swapped_in_catalog_holds_exactly_the_results_its_manifest_names(tmp_path, unchanged, changed):
    """Results of unchanged documents come from the replaced catalog (the same files, moved); this
    run's results stay; results of documents changed or removed since are dropped. Either the few
    carried files move one by one, or the folder moves and this run's few results go into it."""
    same = {f"same-{i}.txt": f"{i:064x}" for i in range(unchanged)}
    old_versions = {f"edited-{i}.txt": f"{10_000 + i:064x}" for i in range(changed)}
    new_versions = {f"edited-{i}.txt": f"{20_000 + i:064x}" for i in range(changed)}
    removed = {"gone.txt": f"{30_000:064x}"}
    replaced = _catalog(tmp_path / "replaced", {**same, **old_versions, **removed},
                        [*same.values(), *old_versions.values(), *removed.values()])
    swapped_in = _catalog(tmp_path / "published", {**same, **new_versions}, list(new_versions.values()))
    inodes = {sha: (replaced / state.STATE_DIR / state.PARSED_DIR / f"{sha}.json").stat().st_ino
              for sha in same.values()}

    state.carry_parse_results(replaced, swapped_in)

    stored = _stored(swapped_in)
    assert stored == {**{f"{sha}.json": f"result of {sha} in replaced" for sha in same.values()},
                      **{f"{sha}.json": f"result of {sha} in published" for sha in new_versions.values()}}
    folder = swapped_in / state.STATE_DIR / state.PARSED_DIR
    assert {sha: (folder / f"{sha}.json").stat().st_ino for sha in same.values()} == inodes   # moved, not copied
    assert sorted(os.listdir(swapped_in / state.STATE_DIR)) == sorted([state.MANIFEST, state.PARSED_DIR])


def test_a_replaced_catalog_without_stored_results_leaves_the_new_ones_as_they_are(tmp_path):
    replaced = tmp_path / "replaced"
    replaced.mkdir()
    swapped_in = _catalog(tmp_path / "published", {"a.txt": "a" * 64, "b.txt": "b" * 64}, ["a" * 64])
    state.carry_parse_results(replaced, swapped_in)
    assert list(_stored(swapped_in)) == [f"{'a' * 64}.json"]
