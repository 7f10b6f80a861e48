"""How an agenda item ended, as its own lines state it.

Only short lines count: the committee's closing formula is one line, while the
same words inside a long answer or speech are not the item's outcome.
"""
from __future__ import annotations

import re

from transforms.layouts import Layout
from transforms.minutes.decisions import outcome_of
from transforms.minutes.lines import Line, lines_with
from transforms.model import Decision

_SHORT = 250
_WITHDRAWN = re.compile(r"\bzurückgezogen\b|\bzieht\b.*\bzurück\b", re.I)
_REPLACED = re.compile(r"\bersetzt\b.*?\bunter\s+(?:TOP|Punkt)\s*[öÖ]?\s*(\d+(?:\.\d+)*)", re.I)
_POSTPONED = re.compile(r"\bvertagt\b", re.I)
_REFERRED = re.compile(r"\b(?:überwiesen|verwiesen)\b", re.I)
_FIRST_READING = re.compile(r"\b1\.\s*Lesung\b|\berste[nr]?\s+Lesung\b", re.I)
_NO_REPORT = re.compile(r"\bkein(?:en)?\s+Bericht\b", re.I)
_NOTED = re.compile(r"\b(?:nimmt|nehmen|nahm|nahmen)\b.*\bKenntnis\b|^Kenntnisnahme$|Kenntnis\s+genommen", re.I)


# The words without which no line below states an outcome.
_WORDS = ("ersetzt", "zurück", "vertagt", "wiesen", "lesung", "bericht", "kenntnis")
_ROW_OUTCOMES = {"noted": "noted", "withdrawn": "withdrawn", "postponed": "postponed", "referred": "referred"}


def item_outcome(lines: list[Line], decisions: list[Decision], row_result: str | None = None,
                 layout: Layout | None = None) -> tuple[str | None, str | None]:
    """(outcome, replaced_by item number) from the item's logical lines (see sentences_of)."""
    if row_result:
        stated = outcome_of(row_result, layout)
        if stated in _ROW_OUTCOMES:
            return _ROW_OUTCOMES[stated], None
    found: set[str] = set()
    replaced_by = None
    # (most lines say none of it: the item's text is searched once, and only the lines with a word are read)
    texts = [ln.text for ln in lines]
    joined = "\n".join(texts)
    low_all = joined.lower()
    with_words = lines_with(texts, low_all, _WORDS) if len(low_all) == len(joined) else range(len(lines))
    for n in with_words:
        t = texts[n]
        if not t:
            continue
        low = t.lower()  # cheap substring checks first: most lines are prose that says none of this
        if "ersetzt" in low and replaced_by is None and (m := _REPLACED.search(t)):
            replaced_by = m.group(1)
        if len(t) >= _SHORT:
            continue
        if "zurück" in low and _WITHDRAWN.search(t):
            found.add("withdrawn")
        if "vertagt" in low:
            found.add("postponed")
        if "wiesen" in low and _REFERRED.search(t) and not re.search(r"\b(?:hat|hatte|wurde\s+am)\b", t):
            found.add("referred")
        if "lesung" in low and _FIRST_READING.search(t):
            found.add("first_reading")
        if "bericht" in low and _NO_REPORT.search(t):
            found.add("no_report")
        if "kenntnis" in low and _NOTED.search(t):
            found.add("noted")
    if "withdrawn" in found:
        return "withdrawn", None
    if replaced_by:
        return "replaced", replaced_by
    for outcome in ("postponed", "first_reading", "referred"):
        if outcome in found:
            return outcome, None
    if any(d.outcome in ("accepted", "rejected", "amended") for d in decisions):
        return "decided", None
    if decisions and all(d.outcome in ("postponed", "withdrawn", "referred", "noted") for d in decisions):
        return decisions[-1].outcome, None
    for outcome in ("no_report", "noted"):
        if outcome in found:
            return outcome, None
    return None, None
