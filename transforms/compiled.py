"""The parser compiled to C with mypyc, used only while it matches its source.

``make setup`` compiles the modules named in ``COMPILED`` (scripts/build_native.py) into
``build/native/transforms``, beside a fingerprint of the sources it compiled. The package puts
that folder before its own on its search path only if the fingerprint still matches the
sources: an edited parser runs as Python until the next ``make setup``, never as a stale build.
The compiled modules give the same answers (tests/parser/test_compiled.py) at about 1.3x the
speed; an installed wheel or a machine without a C compiler runs the Python source.
``RATSDATEN_PURE_PYTHON=1`` runs the source even when a fresh build is there.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

# Relative to the package: all the parser reads a document with, but model.py. (Its dataclasses stay
# Python: compiled classes keep no field types at run time, which the state's JSON decoder reads them by.
# tables.py and quality.py build tables with pandas and pyarrow, whose work is in C already.)
COMPILED = ("minutes/*.py", "text/*.py", "layouts/*.py", "factions.py", "keys.py", "names.py", "papers.py", "parse.py")
FINGERPRINT = "SOURCES.sha256"
# The build's shared library, a top-level module of the build's folder (mypyc finds its modules' files
# relative to it: inside the package it would give them wrong paths, and pkgutil would see no modules).
LIBRARY = "ratsdaten_native"
PURE_ENV = "RATSDATEN_PURE_PYTHON"


def sources(package: Path) -> list[Path]:
    """The package's modules that are compiled, in a fixed order."""
    return sorted({p for pattern in COMPILED for p in package.glob(pattern)})


def fingerprint(package: Path) -> str:
    """A digest of the compiled modules' names and bytes: a file added, removed or edited changes it."""
    digest = hashlib.sha256()
    for path in sources(package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def native_dir(package: Path) -> Path:
    """Where the build of a source checkout's package is: build/native beside it (it holds the shared
    library and the package's compiled modules in a folder of the package's name)."""
    return package.parent / "build" / "native"


def use_if_fresh(search_path: list[str]) -> bool:
    """Put the compiled build first on the package's ``search_path`` if it was built from these sources
    (and its folder on ``sys.path``, for the shared library)."""
    package = Path(search_path[-1])
    native = native_dir(package)
    modules = str(native / package.name)
    if modules in search_path:
        return True
    if os.environ.get(PURE_ENV):
        return False
    try:
        built_from = (native / FINGERPRINT).read_text(encoding="ascii").strip()
    except OSError:
        return False
    if built_from != fingerprint(package):
        return False
    if str(native) not in sys.path:
        sys.path.append(str(native))
    search_path.insert(0, modules)
    return True

