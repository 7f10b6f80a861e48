"""A first run leaves the hashing of a document to its parse when discovery has no need of its hash:
a new document whose size no other has is neither a copy nor served by a stored result. What the run
records is the same as if discovery had hashed it."""
from __future__ import annotations

import dataclasses
import hashlib
import shutil

from flows import pipeline
from flows.config import check
from flows.sources import FolderSource
from publish import state
from tests.conftest import SEED_NAMES


def _reads_in_discovery(monkeypatch) -> tuple[list[str], pipeline.Stages]:
    """The names discovery reads, and stages whose discovery records them."""
    read, discovering = [], []
    original = FolderSource.read

    def recording(self, ref):
        if discovering:
            read.append(ref.name)
        return original(self, ref)

    def discover(*args, **kwargs):
        discovering.append(1)
        try:
            return pipeline.discover(*args, **kwargs)
        finally:
            discovering.clear()

    monkeypatch.setattr(FolderSource, "read", recording)
    return read, dataclasses.replace(pipeline.PLAIN, discover=discover)


def test_a_first_run_hashes_only_documents_whose_size_another_shares(seeds, tmp_path, monkeypatch):
    shutil.copy(seeds / SEED_NAMES[0], seeds / "zz_copy.txt")   # same bytes: found by its hash
    grown = seeds / "zz_grown.txt"
    grown.write_bytes((seeds / SEED_NAMES[1]).read_bytes() + b"\nNachtrag.\n")
    read, stages = _reads_in_discovery(monkeypatch)
    out = tmp_path / "out"

    summary = pipeline.run(check(source=seeds, output=out), stages)
    documents = [seeds / name for name in (*SEED_NAMES, "zz_copy.txt", "zz_grown.txt")]
    sizes = [p.stat().st_size for p in documents]
    shared = sorted(p.name for p, size in zip(documents, sizes) if sizes.count(size) > 1)
    assert sorted(read) == shared and "zz_grown.txt" not in read
    assert [q["file"] for q in summary.quarantined if q["reason"].startswith("same bytes")] == ["zz_copy.txt"]

    manifest = state.read_manifest(out)
    assert {name: e.sha256 for name, e in manifest.items()} == {
        name: hashlib.sha256((seeds / name).read_bytes()).hexdigest() for name in manifest}
    assert all(e.modified for e in manifest.values())   # (a hash made by the parse is as good as discovery's)

    # The next run finds nothing changed without reading a document.
    read.clear()
    assert pipeline.finish_if_unchanged(check(source=seeds, output=out)) is not None
    assert read == []
