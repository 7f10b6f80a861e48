"""A run reads the manifest several times; it is parsed once per content, never served stale.
Discovery's file filter works on names as it did on paths."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.sources import DOCUMENT_EXTENSIONS, is_document
from publish import state


def _write(catalog: Path, documents: dict[str, str], parser: str = "p1") -> None:
    state.write_manifest(catalog, [state.ManifestEntry(n, s, 10, "rows", None) for n, s in documents.items()],
                         parser=parser, inputs="i", tables="t")


def test_a_manifest_rewritten_with_bytes_of_the_same_length_is_read_anew(tmp_path):
    _write(tmp_path, {"a.txt": "0" * 64}, parser="p1")
    assert state.read_manifest(tmp_path)["a.txt"].sha256 == "0" * 64
    assert state.read_manifest_meta(tmp_path)["parser"] == "p1"
    before = state.manifest_path(tmp_path).stat().st_size
    _write(tmp_path, {"a.txt": "1" * 64}, parser="p2")
    assert state.manifest_path(tmp_path).stat().st_size == before
    assert state.read_manifest(tmp_path)["a.txt"].sha256 == "1" * 64
    assert state.read_manifest_meta(tmp_path)["parser"] == "p2"


def test_two_catalogs_read_in_turn_each_give_their_own(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    _write(one, {"a.txt": "a" * 64})
    _write(two, {"b.txt": "b" * 64})
    for _ in range(2):
        assert list(state.read_manifest(one)) == ["a.txt"]
        assert list(state.read_manifest(two)) == ["b.txt"]


def test_what_a_caller_does_to_the_mapping_it_got_does_not_reach_the_next_caller(tmp_path):
    _write(tmp_path, {"a.txt": "a" * 64, "b.txt": "b" * 64})
    first = state.read_manifest(tmp_path)
    first.pop("a.txt")
    first["c.txt"] = first["b.txt"]
    assert sorted(state.read_manifest(tmp_path)) == ["a.txt", "b.txt"]


def test_no_damaged_or_foreign_manifest_is_taken_for_one(tmp_path):
    assert state.read_manifest(tmp_path) == {} and state.read_manifest_meta(tmp_path) == {}
    path = state.manifest_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert state.read_manifest_meta(tmp_path) == {}
    with pytest.raises(ValueError):
        state.read_manifest(tmp_path)
    path.write_text(json.dumps({"format": state.FORMAT - 1, "documents": [], "parser": "p"}))
    assert state.read_manifest(tmp_path) == {} and state.read_manifest_meta(tmp_path) == {}


def _by_path(path: Path) -> bool:
    """The rule as it was written on paths."""
    return (path.suffix.lower() in DOCUMENT_EXTENSIONS and not path.name.startswith(".")
            and not path.name.upper().startswith("README"))


_NAME_PARTS = st.sampled_from(["a", "README", "readme", ".", "..", "txt", "PDF", "Htm", "md", "docx", "tar", "gz",
                               " ", "ä", "meta", "json", "-", "x y"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_NAME_PARTS, min_size=1, max_size=6).map("".join).filter(lambda n: n not in (".", "..")))
def test_a_file_name_is_a_document_exactly_when_its_path_was(name):
    assert is_document(name) == is_document(Path(name)) == _by_path(Path(name))
    assert is_document(f"sub/{name}") == _by_path(Path("sub") / name)
