"""Seed documents rendered as PDF, DOCX and HTML, built once per test session.

Rendering a seed as PDF takes about 0.1 s; several test modules need the same files.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import pytest

from tests.conftest import SAMPLES
from tests.text.formats import make_docx, make_html, make_pdf

BUILDERS = {"pdf": make_pdf, "docx": make_docx, "html": make_html}


@lru_cache(maxsize=None)
def _seed_file(name: str, fmt: str) -> tuple[str, bytes]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return text, BUILDERS[fmt](text)


@pytest.fixture(scope="session")
def seed_file() -> Callable[[str, str], tuple[str, bytes]]:
    """``seed_file(seed name, "pdf" | "docx" | "html") -> (seed text, bytes in that format)``."""
    return _seed_file
