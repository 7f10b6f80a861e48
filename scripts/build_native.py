"""Compiles the parser with mypyc into build/native (``make setup`` runs it when a parser source changed).

    .venv/bin/python scripts/build_native.py

The modules transforms.compiled.COMPILED names become C extensions in one shared library; the
package uses them only while their fingerprint matches the sources (transforms/compiled.py). The
build goes to a folder of its own and replaces the old one only when it is complete. Without a
C compiler or Python's headers (and no root to install them) it says so and leaves the parser to
run as Python: slower, the same answers.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "transforms"
# The module alone (the list of modules, the fingerprint): importing the package would load the old build.
_spec = importlib.util.spec_from_file_location("_transforms_compiled", PACKAGE / "compiled.py")
compiled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled)
# Debian's names for a C compiler, the C library's headers and the headers of its python3
BUILD_PACKAGES = ("gcc", "libc6-dev", "python3-dev")


# Which interpreter the build was compiled for: made with another (pyenv's 3.11.7 and Debian's 3.11.2 load each
# other's builds), it is compiled again for this one rather than trusted to match its headers.
BUILT_WITH = "BUILT_WITH"


def _interpreter() -> str:
    """The installation the build's headers came from, and its version (a venv's own path does not matter)."""
    return f"{sys.base_prefix}\n{sys.version}\n"


def _toolchain_missing() -> str | None:
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "Python's C headers (Python.h)"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"a C compiler ({cc})"
    return None


def _install_toolchain() -> bool:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *BUILD_PACKAGES], check=True, env=env)
    return True


def build() -> int:
    missing = _toolchain_missing()
    if missing and _install_toolchain():
        missing = _toolchain_missing()
    if missing:
        print(f"build_native: {missing} not found: the parser runs as Python (install {' '.join(BUILD_PACKAGES)} "
              "and run make setup to compile it)")
        return 0
    from mypyc.build import mypycify   # (a build tool: only this script needs it)
    from setuptools import setup

    # Taken before compiling: a source edited during the build does not match it, so the build is not used.
    built_from = compiled.fingerprint(PACKAGE)
    target = compiled.native_dir(PACKAGE)
    stamp, interpreter = target / compiled.FINGERPRINT, target / BUILT_WITH
    if stamp.is_file() and stamp.read_text(encoding="ascii").strip() == built_from \
            and interpreter.is_file() and interpreter.read_text(encoding="utf-8") == _interpreter():
        stamp.touch()   # (make compares times: a module that is not compiled changed)
        print(f"build_native: {target.relative_to(ROOT)} was built from these sources")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="native-", dir=target.parent) as tmp:
        paths = [str(p.relative_to(ROOT)) for p in compiled.sources(PACKAGE)]
        os.environ["MYPY_CACHE_DIR"] = str(Path(tmp) / "mypy-cache")
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log):
                os.chdir(ROOT)   # (mypyc names the modules by their paths)
                extensions = mypycify(["--ignore-missing-imports", *paths], opt_level="3",
                                      group_name=compiled.LIBRARY, target_dir=str(Path(tmp) / "c"))
                os.chdir(tmp)    # (setup() reads a pyproject.toml where it runs: not the project's)
                setup(name="ratsdaten-native", ext_modules=extensions,
                      script_args=["--quiet", "build_ext", "--build-lib", str(Path(tmp) / "lib"),
                                   "--build-temp", str(Path(tmp) / "obj")])
        except BaseException:
            print(log.getvalue(), file=sys.stderr)
            raise
        out = Path(tmp) / "lib"
        (out / compiled.FINGERPRINT).write_text(built_from + "\n", encoding="ascii")
        (out / BUILT_WITH).write_text(_interpreter(), encoding="utf-8")
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        out.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    print(f"build_native: {len(paths)} modules compiled into {target.relative_to(ROOT)} "
          f"in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(build())
