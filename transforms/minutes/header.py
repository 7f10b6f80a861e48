"""The head of a Niederschrift: committee, date, place, times, session number, chair."""
from __future__ import annotations

import re

from transforms.minutes.lines import Line

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
_DATE = r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})|(\d{1,2})\.\s*([A-Za-zäÄ]+)\s+(\d{4})"
_DATE_RE = re.compile(_DATE)
_COMMITTEE_RE = re.compile(
    r"\b(?:Sitzung|Niederschrift|Protokoll)\s+(?:des|der)\s+(.+?)\s+(?:am|vom)\s+"
    r"(?:[A-Z][a-z]+tag,?\s+(?:den\s+)?)?(" + _DATE + r")",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\b(?:über die|zur|der)\s+(\d{1,3})\.\s*(?:öffentliche\s+)?Sitzung\b", re.IGNORECASE)
_TERM_RE = re.compile(r"(?:Legislatur|Wahl)periode\s+(\d{4})\s*[-–/]\s*(\d{4})", re.IGNORECASE)
_TIME = r"(\d{1,2})[:.](\d{2})"
_START_RE = re.compile(r"\bBeginn\s*:?\s*" + _TIME)
_END_RE = re.compile(r"\bEnde\s*:?\s*" + _TIME)
_PLACE_RE = re.compile(r"^(?:Tagungsort|Sitzungsort|Ort|Sitzungsraum)\s*:\s*(.+?)\s*(?=\b(?:Beginn|Ende|Sitzungspause)\b|$)")
_CHAIR_RE = re.compile(
    r"\b(?:Der|Die)\s+(?:Ausschussvorsitzende|Vorsitzende|Bezirksbürgermeister(?:in)?|Oberbürgermeister(?:in)?)"
    r"\s*,?\s*(?:Herr|Frau)n?\s+(?:Dr\.\s+)?((?:[A-ZÄÖÜ][\wäöüß-]+\s+)?[A-ZÄÖÜ][\wäöüß-]+)"
)
_SIGNED_RE = re.compile(r"^[A-ZÄÖÜ][\wäöüß .-]*,\s*(?:den\s+)?(" + _DATE + r")\s*$")
# Genitive of a Gremium name -> nominative ("des Digitalisierungsausschusses").
_GENITIVE = ((re.compile(r"(ausschuss)es\b", re.I), r"\1"), (re.compile(r"\b(\w*rat)e?s\b", re.I), r"\1"),
             (re.compile(r"\b(\w*beirat)e?s\b", re.I), r"\1"))


def iso_date(text: str) -> str | None:
    """First date in ``text`` as ISO, or None. "30.11.2023" and "30. November 2023"."""
    for m in _DATE_RE.finditer(text):
        if m.group(1):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            mo = MONTHS.get(m.group(5).lower())
            if mo is None:
                continue
            d, y = int(m.group(4)), int(m.group(6))
        if 1 <= d <= 31 and 1 <= mo <= 12 and 1900 < y < 2200:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def nominative(genitive: str) -> str:
    words = genitive.split()
    first = words[0]
    for pattern, repl in _GENITIVE:
        new = pattern.sub(repl, first, count=1)
        if new != first:
            first = new
            break
    return " ".join([first, *words[1:]])


def committee_and_date(header: str) -> tuple[str | None, str | None]:
    m = _COMMITTEE_RE.search(header)
    if m:
        return nominative(m.group(1).strip()), iso_date(m.group(2))
    return None, iso_date(header)


def times_and_place(lines: list[Line]) -> dict:
    out: dict = {}
    for ln in lines:
        t = ln.text
        if "start_time" not in out and (m := _START_RE.search(t)):
            out["start_time"] = f"{int(m.group(1)):02d}:{m.group(2)}"
        if "end_time" not in out and (m := _END_RE.search(t)):
            out["end_time"] = f"{int(m.group(1)):02d}:{m.group(2)}"
        if "location" not in out and (m := _PLACE_RE.search(t)) and m.group(1):
            out["location"] = m.group(1).strip()
    return out


def session_number_and_term(text: str) -> tuple[int | None, str | None]:
    n = _NUMBER_RE.search(text)
    t = _TERM_RE.search(text)
    return (int(n.group(1)) if n else None), (f"{t.group(1)}-{t.group(2)}" if t else None)


def chair_family_name(text: str) -> str | None:
    m = _CHAIR_RE.search(text)
    return m.group(1).split()[-1] if m else None


def signed_date(lines: list[Line]) -> str | None:
    for ln in lines:
        if m := _SIGNED_RE.match(ln.text):
            return iso_date(m.group(1))
    return None
