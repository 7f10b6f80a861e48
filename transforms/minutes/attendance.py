"""The attendance list ("Anwesend:") of a Niederschrift.

Sections are headed by a faction ("CDU"), "Beratende Mitglieder", "Von der
Verwaltung", "Gast"/"Gäste", "Schriftführung" (also misspelt) or an absence
header ("Entschuldigt"). Administration staff may be printed as "Name -
Department" or as a list of names followed by a list of departments that pair
up by position; lists that don't add up are left unpaired with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms import factions
from transforms.minutes.lines import Line, clean
from transforms.model import Attendee, ParseWarning, Span
from transforms.names import parse_name

_SECTIONS = (
    (re.compile(r"^beratende\s+mitglied", re.I), "advisory member", "Beratende Mitglieder"),
    (re.compile(r"^(?:von\s+der\s+verwaltung|verwaltung|seitens\s+der\s+verwaltung)\b", re.I), "administration", "Verwaltung"),
    (re.compile(r"^(?:g(?:a|ä)st(?:e)?|als\s+g(?:a|ä)st(?:e)?)\b", re.I), "guest", "Gäste"),
    (re.compile(r"^schr\w{0,3}f?t?führ(?:ung|er|erin)|^protokollführ", re.I), "recorder", "Schriftführung"),
)
_PRESENT = re.compile(r"^(?:anwesend|anwesende|teilnehmende|stimmberechtigte\s+mitglieder|mitglieder)\b\s*:?", re.I)
_ABSENT = re.compile(r"^(?:entschuldigt|es\s+fehlten\s+entschuldigt)\b", re.I)
_MISSING = re.compile(r"^(?:abwesend|es\s+fehlten?|nicht\s+anwesend)\b", re.I)
_DEPT_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*")
_PARENS = re.compile(r"\(([^()]*)\)")
_TIME_NOTE = re.compile(r"\b(?:ab|bis|von)\s+\d{1,2}[:.]\d{2}(?:\s*Uhr)?(?:\s*(?:bis|-)\s*\d{1,2}[:.]\d{2}\s*(?:Uhr)?)?", re.I)
_SUBSTITUTE = re.compile(r"\b(?:i\.\s?V\.|in\s+Vertretung)\s+(?:für|von)\s+(?:(?:Herrn?|Frau|Rm|sB|sE)\s+)?(.+)$", re.I)
_COLUMNS = re.compile(r"\t+|\s{3,}")


@dataclass
class _Section:
    kind: str
    group: str | None
    status: str
    persons: list[Attendee] = field(default_factory=list)
    departments: list[Line] = field(default_factory=list)
    header_line: int = 0


def _entry(text: str, line: Line, section: _Section) -> Attendee | None:
    note = substitute = department = None
    for inner in _PARENS.findall(text):
        if m := _SUBSTITUTE.search(inner):
            substitute = m.group(1).strip()
        elif _TIME_NOTE.search(inner):
            note = inner.strip()
        elif section.kind in ("administration", "guest"):
            department = inner.strip()
        else:
            note = inner.strip()
    text = _PARENS.sub("", text).strip()
    if m := _SUBSTITUTE.search(text):
        substitute, text = m.group(1).strip(), text[: m.start()].strip(" ,")
    if m := _TIME_NOTE.search(text):
        note, text = m.group(0), text[: m.start()].strip(" ,")
    parts = _DEPT_SPLIT.split(text, maxsplit=1)
    if len(parts) == 2:
        text, department = parts[0].strip(), parts[1].strip() or None
    name = parse_name(text)
    if name is None or factions.canonical(text):
        return None
    if section.kind in ("administration", "guest") and not (name.form_of_address or name.member_role):
        return None  # an unprefixed line here is a department of the list above
    status = section.status
    if substitute and status == "present":
        status = "substitute"
    if note and status == "present" and _TIME_NOTE.search(note):
        status = "partial"
    return Attendee(
        family_name=name.family_name, given_name=name.given_name, form_of_address=name.form_of_address,
        academic_title=name.academic_title, position=name.position, member_role=name.member_role,
        span=Span(line.no, line.no), group=section.group, group_type=section.kind, status=status,
        department=department, substitute_for=substitute, note=note,
    )


def _flush(section: _Section, out: list[Attendee], warnings: list[ParseWarning]) -> None:
    unpaired = [p for p in section.persons if p.department is None]
    depts = section.departments
    if depts and len(unpaired) == len(depts):
        for person, dept in zip(unpaired, depts):
            person.department = dept.text
            person.span = Span(person.span.start, dept.no)
    elif depts:
        warnings.append(ParseWarning(
            section.header_line or depts[0].no,
            f"{len(unpaired)} names and {len(depts)} departments under '{section.group}' "
            f"(lines {depts[0].no}-{depts[-1].no}) do not pair up; departments left empty",
        ))
    out.extend(section.persons)


def parse_attendance(lines: list[Line]) -> tuple[list[Attendee], list[ParseWarning]]:
    """Attendees from the lines between "Anwesend:" and the start of the public session."""
    out: list[Attendee] = []
    warnings: list[ParseWarning] = []
    section = _Section("other", None, "present")
    for line in lines:
        text = line.text.rstrip(":").strip()
        if not text or set(text) <= set("-.*_ "):
            continue
        if _PRESENT.match(text) and not parse_name(_PRESENT.sub("", text).strip() or "x"):
            _flush(section, out, warnings)
            section = _Section(section.kind if section.kind != "other" else "other", section.group, "present")
            continue
        if _ABSENT.match(text) or _MISSING.match(text):
            _flush(section, out, warnings)
            status = "excused" if _ABSENT.match(text) else "absent"
            # an absence list restarts with its own faction headers
            section = _Section("other", None, status, header_line=line.no)
            continue
        header = next(((kind, group) for rx, kind, group in _SECTIONS if rx.match(text)), None)
        if header:
            _flush(section, out, warnings)
            section = _Section(header[0], header[1], section.status, header_line=line.no)
            continue
        columns = [clean(c) for c in _COLUMNS.split(line.raw.strip()) if clean(c)]
        entries = [_entry(c, line, section) for c in columns] if len(columns) > 1 else []
        if entries and all(entries):
            section.persons.extend(entries)
            continue
        person = _entry(text, line, section)
        if person:
            section.persons.append(person)
        elif section.kind in ("administration", "guest") and not factions.canonical(text):
            section.departments.append(line)
        elif section.kind == "advisory member":
            _flush(section, out, warnings)
            section = _Section("advisory member", text, section.status, header_line=line.no)
        else:
            _flush(section, out, warnings)
            canon = factions.canonical(text)
            if canon is None:
                warnings.append(ParseWarning(line.no, f"unknown group '{text}' in the attendance list: "
                                                      "kept as printed; add its spellings to transforms/factions.py"))
            section = _Section("faction", canon or text, section.status, header_line=line.no)
    _flush(section, out, warnings)
    return out, warnings
