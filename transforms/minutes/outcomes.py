"""How an agenda item ended, as its own lines state it.

Only short lines count: the committee's closing formula is one line, while the
same words inside a long answer or speech are not the item's outcome.
"""
from __future__ import annotations

import re

from transforms.minutes.lines import Line
from transforms.model import Decision

_SHORT = 250
_WITHDRAWN = re.compile(r"\bzurückgezogen\b|\bzieht\b.*\bzurück\b", re.I)
_REPLACED = re.compile(r"\bersetzt\b.*?\bunter\s+(?:TOP|Punkt)\s*[öÖ]?\s*(\d+(?:\.\d+)*)", re.I)
_POSTPONED = re.compile(r"\bvertagt\b", re.I)
_FIRST_READING = re.compile(r"\b1\.\s*Lesung\b|\berste[nr]?\s+Lesung\b", re.I)
_NO_REPORT = re.compile(r"\bkein(?:en)?\s+Bericht\b", re.I)
_NOTED = re.compile(r"\b(?:nimmt|nehmen)\b.*\bKenntnis\b|^Kenntnisnahme$|zur\s+Kenntnis\s+genommen", re.I)


def item_outcome(lines: list[Line], decisions: list[Decision]) -> tuple[str | None, str | None]:
    """(outcome, replaced_by item number)."""
    short = [ln.text for ln in lines if ln.text and len(ln.text) < _SHORT]
    if any(_WITHDRAWN.search(t) for t in short):
        return "withdrawn", None
    for ln in lines:
        if m := _REPLACED.search(ln.text):
            return "replaced by another item", m.group(1)
    if any(_POSTPONED.search(t) for t in short):
        return "postponed", None
    if any(_FIRST_READING.search(t) for t in short):
        return "first reading", None
    if any(d.outcome in ("accepted", "rejected") for d in decisions):
        return "decided", None
    if any(_NO_REPORT.search(t) for t in short):
        return "no report", None
    if any(_NOTED.search(t) for t in short):
        return "noted", None
    return None, None
