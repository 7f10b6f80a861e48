"""The parser compiled with mypyc (scripts/build_native.py, run by ``make setup``) reads every document
as its Python source does, and is used exactly while it matches that source (transforms/compiled.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import transforms
from bench.generate import generate
from tests.conftest import CORPUS_DIR, ROOT, SAMPLES
from transforms import compiled

# Prints {file name: digest of the parsed document's repr, or the reason it was rejected}, and whether the
# compiled modules read them.
_READ_ALL = """
import hashlib, json, sys
import transforms
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        out[path] = hashlib.sha256(repr(transforms.parse_document(data, path.rsplit("/", 1)[-1])).encode()).hexdigest()
    except transforms.DocumentRejected as exc:
        out[path] = f"rejected: {exc}"
print(json.dumps({"native": transforms.NATIVE, "read": out}))
"""


def _read(paths: list[Path], pure: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    if pure:
        env[compiled.PURE_ENV] = "1"
    done = subprocess.run([sys.executable, "-c", _READ_ALL, *map(str, paths)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def test_the_compiled_parser_is_in_use_where_it_was_built():
    built = (compiled.native_dir(ROOT / "transforms") / compiled.FINGERPRINT).exists()
    assert transforms.NATIVE or not built, (
        "build/native was compiled from other sources than transforms/ has now: `make setup` compiles it again")


def test_compiled_and_source_parsers_read_every_document_the_same(tmp_path):
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(p for p in CORPUS_DIR.rglob("*")
                                                   if p.is_file() and p.suffix in (".txt", ".html", ".pdf"))
    paths += generate(tmp_path / "generated", 300, seed=11, pdf_share=0.05)
    source, native = _read(paths, pure=True), _read(paths, pure=False)
    assert not source["native"]
    assert native["native"] == transforms.NATIVE
    assert len(source["read"]) == len(paths) > 300
    assert sum(v.startswith("rejected") for v in source["read"].values()) < len(paths) // 10
    differ = [p for p in source["read"] if source["read"][p] != native["read"][p]]
    assert not differ, f"{len(differ)} documents read differently, first: {differ[0]}"


def test_a_build_is_used_only_while_it_matches_its_sources(tmp_path, monkeypatch):
    monkeypatch.delenv(compiled.PURE_ENV, raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))   # (a build's folder joins it)
    package = tmp_path / "transforms"
    (package / "minutes").mkdir(parents=True)
    (package / "minutes" / "agenda.py").write_text("X = 1\n")
    (package / "parse.py").write_text("Y = 2\n")
    native = compiled.native_dir(package)
    native.mkdir(parents=True)

    def used() -> bool:
        search_path = [str(package)]
        found = compiled.use_if_fresh(search_path)
        assert search_path[-1] == str(package) and (search_path[0] == str(native / "transforms")) == found
        return found

    assert not used()   # no fingerprint: never built
    (native / compiled.FINGERPRINT).write_text(compiled.fingerprint(package) + "\n")
    assert used()
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    assert not used()
    monkeypatch.delenv(compiled.PURE_ENV)
    (package / "minutes" / "agenda.py").write_text("X = 3\n")   # edited after the build
    assert not used()
    (package / "minutes" / "agenda.py").write_text("X = 1\n")
    assert used()
    (package / "minutes" / "votes.py").write_text("")   # a module added after the build
    assert not used()
    (package / "minutes" / "votes.py").unlink()
    (package / "tables.py").write_text("Z = 1\n")   # a module that is not compiled changes nothing
    assert used()


@pytest.mark.parametrize("pattern", compiled.COMPILED)
def test_each_compiled_pattern_names_modules(pattern):
    assert list((ROOT / "transforms").glob(pattern)), pattern
