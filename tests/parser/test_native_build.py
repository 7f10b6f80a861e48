"""scripts/build_native.py compiles again for another interpreter, and only then or for other sources."""
from __future__ import annotations

import importlib.util
import sys
import types

import pytest

from tests.conftest import ROOT


class _WouldCompile(Exception):
    pass


@pytest.fixture()
def build_native(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("_build_native_under_test", ROOT / "scripts" / "build_native.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    native = tmp_path / "build" / "native"   # (the script names it relative to the checkout)
    native.mkdir(parents=True)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module.compiled, "sources", lambda package: [])   # (the build's list of modules)
    monkeypatch.setattr(module.compiled, "native_dir", lambda package: native)
    (native / module.compiled.FINGERPRINT).write_text(module.compiled.fingerprint(module.PACKAGE) + "\n", encoding="ascii")
    monkeypatch.setattr(module, "_toolchain_missing", lambda: None)
    # (the build changes folder and sets mypy's cache before it compiles: both given back after the test)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MYPY_CACHE_DIR", str(tmp_path / "mypy-cache"))

    def mypycify(*args, **kwargs):
        raise _WouldCompile

    monkeypatch.setitem(sys.modules, "mypyc.build", types.SimpleNamespace(mypycify=mypycify))
    return module, native


def test_a_build_for_this_interpreter_and_these_sources_is_kept(build_native, capsys):
    module, native = build_native
    (native / module.BUILT_WITH).write_text(module._interpreter(), encoding="utf-8")
    assert module.build() == 0
    assert "was built from these sources" in capsys.readouterr().out


@pytest.mark.parametrize("built_with", [None, "/root/.pyenv/versions/3.11.7\n3.11.7 (main) [GCC 12.2.0]\n"])
def test_a_build_for_another_interpreter_is_compiled_again(build_native, built_with):
    module, native = build_native
    if built_with is not None:
        (native / module.BUILT_WITH).write_text(built_with, encoding="utf-8")
    with pytest.raises(_WouldCompile):
        module.build()
