"""Quarantine reasons as a person reads them in ``reports/quarantine.csv`` and the run summary.

Whatever a reader or the parser says about a document it could not take, the reason recorded is one
line of text: raw file bytes quoted as Python literals (``b'\\x00\\x01...'``) become a description of
what the file starts with, control characters and line breaks become spaces, and the line is cut at
a length a table can show.
"""
from __future__ import annotations

import ast
import re

MAX_LENGTH = 300

_BYTES_LITERAL = re.compile(r"""\bb(?P<q>['"])(?:\\.|(?!(?P=q)).)*(?P=q)""")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _describe(literal: re.Match) -> str:
    try:
        data = ast.literal_eval(literal.group(0))
    except (ValueError, SyntaxError):
        return "bytes that are not text"
    text = data.decode("ascii", "replace")
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in data)
    if data and printable / len(data) >= 0.9:
        shown = " ".join(text.split())
        return f'"{shown}"' if shown else "blank space"
    return "binary data"


def readable(reason: str) -> str:
    """``reason`` as one line a person can act on, without raw bytes."""
    text = _BYTES_LITERAL.sub(_describe, str(reason))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH - 1].rstrip() + "…"
