"""Motions (Anträge) and administration papers (Vorlagen) read as documents."""
from __future__ import annotations

import re

from transforms import factions
from transforms.minutes.agenda import paper_reference
from transforms.minutes.header import iso_date
from transforms.minutes.lines import Line
from transforms.model import DocumentRejected, Paper, ParseWarning, Span
from transforms.names import parse_name

PAPER_REF = re.compile(r"\b(\d{1,5}\s*/\s*\d{4}\s*[-–]\s*\d{4})\b")
VORLAGE_KIND = re.compile(r"^(Informationsvorlage|Beschlussvorlage|Mitteilungsvorlage|Vorlage)\b", re.I)
MOTION_MARKERS = re.compile(r"^(?:Beschlussfassung|Beschlussvorschlag|Antrag)\s*:?$|möge\s+beschließen|\bbeantrag(?:t|en)\b", re.I)
_VORLAGE_TYPES = {"informationsvorlage": "information_paper", "beschlussvorlage": "decision_proposal",
                  "mitteilungsvorlage": "notice", "vorlage": "proposal"}
_SUBJECT_LABEL = re.compile(r"^(?:Beratungsgegenstand|Betreff|Gegenstand)\b", re.I)
_KIND_LABEL = re.compile(r"^(?:Vorlage-?\s?Art|Vorlagenart|Art\s+der\s+Vorlage)\s*[:\t]\s*(\S.*)$", re.I)
_SIGNER_LABEL = re.compile(r"^(?:Oberbürgermeister|Beigeordnete|Unterschrift)", re.I)
_NONPUBLIC = re.compile(r"nicht\s*-?\s*öffentlich", re.I)


def _refs(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for ln in lines:
        for m in PAPER_REF.finditer(ln.text):
            ref = re.sub(r"\s+", "", m.group(1)).replace("–", "-")
            if ref not in out:
                out.append(ref)
    return out


def _own_ref(lines: list[Line]) -> str | None:
    """The paper's own number: a "Drucksachen-Nr.: ..." line in its head (later ones are references)."""
    return paper_reference(lines[:15])


def parse_motion(lines: list[Line], warnings: list[ParseWarning]) -> Paper:
    """An Antrag: title on the first line, signatories as "FACTION / Name" pairs at the end."""
    text_lines = [ln for ln in lines if ln.text]
    signatories: list[str] = []
    originator: list[str] = []
    for line, nxt in zip(text_lines, text_lines[1:]):
        faction = factions.canonical(line.text)
        name = parse_name(nxt.text) if faction else None
        if faction and name:
            signatories.append(f"{' '.join(p for p in (name.academic_title, name.full) if p)} ({faction})")
            if faction not in originator:
                originator.append(faction)
    if not signatories:
        warnings.append(ParseWarning(0, "no signatories ('FACTION' followed by a name) found in the motion"))
    own = _own_ref(text_lines)
    refs = [r for r in _refs(text_lines) if r != own]
    return Paper(span=Span(text_lines[0].no, text_lines[-1].no), paper_type="motion", title=text_lines[0].text,
                 paper_reference=own, originator=originator, signatories=signatories, referenced_papers=refs)


def parse_vorlage(lines: list[Line], warnings: list[ParseWarning]) -> Paper:
    """A Vorlage: kind on the first line, a "Gremium / Sitzung am / Beratung" table, the subject, the signer."""
    text_lines = [ln for ln in lines if ln.text]
    kind_line = VORLAGE_KIND.match(text_lines[0].text)
    assert kind_line is not None   # (how the document was told to be a Vorlage)
    kind = _VORLAGE_TYPES[kind_line.group(1).lower()]
    committee = date = None
    for i, ln in enumerate(lines):
        cells = [c.strip() for c in ln.raw.split("\t")]
        if len(cells) > 1 and cells[0].lower().startswith("gremium"):
            row = next((lines[j] for j in range(i + 1, min(i + 4, len(lines))) if lines[j].text), None)
            values = [c.strip() for c in row.raw.split("\t")] if row else []
            table = dict(zip((c.lower() for c in cells), values))
            committee = table.get(cells[0].lower()) or None
            date = next((iso_date(v) for k, v in table.items() if k.startswith("sitzung")), None)
            if any(_NONPUBLIC.search(v) for k, v in table.items() if k.startswith("beratung")):
                raise DocumentRejected("the paper is marked non-public ('Beratung: nichtöffentlich'): it is never published")
            break
    title = None
    for ln, nxt in zip(text_lines, text_lines[1:]):
        if m := _SUBJECT_LABEL.match(ln.text):
            inline = ln.text[m.end():].lstrip()
            # "Betreff: Neubau ..." (not "Beratungsgegenstand (Bezeichnung des Tagesordnungspunktes)") or the line below
            title = inline[1:].strip() if inline[:1] in (":", "\t") and inline[1:].strip() else nxt.text
            break
    for ln in text_lines[:15]:
        if (m := _KIND_LABEL.match(ln.text)) and (k := VORLAGE_KIND.match(m.group(1))):
            kind = _VORLAGE_TYPES[k.group(1).lower()]   # "Vorlage-Art: Beschlussvorlage" under "Vorlage - 2024/0815"
            break
    signatories: list[str] = []
    for ln, nxt in zip(text_lines, text_lines[1:]):
        if _SIGNER_LABEL.match(ln.text):
            parts = [p.strip() for p in nxt.raw.replace("*", "").split("\n") if p.strip()]
            j = text_lines.index(nxt)
            following = text_lines[j + 1].text if j + 1 < len(text_lines) else ""
            role = following if following and len(following) < 40 and " " not in following.strip() else None
            signatories.append(f"{parts[0]} ({role})" if role else parts[0])
            break
    if title is None:
        warnings.append(ParseWarning(0, "no subject ('Beratungsgegenstand') found in the Vorlage"))
    own = _own_ref(text_lines)
    return Paper(span=Span(text_lines[0].no, text_lines[-1].no), paper_type=kind, title=title, paper_reference=own,
                 originator=["Verwaltung"], signatories=signatories, committee=committee, session_date=date,
                 referenced_papers=[r for r in _refs(text_lines) if r != own])
