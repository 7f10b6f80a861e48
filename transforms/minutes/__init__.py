"""Read a Niederschrift: header, attendance, agenda items, Beschlüsse, Anfragen.

The document is cut into regions first (head, attendance list, public body,
closing signatures); everything from a non-public heading on is dropped before
any part of the body is read, so nothing of it can reach a table.
"""
from __future__ import annotations

import re

from transforms import factions
from transforms.minutes import agenda, header
from transforms.minutes.anfragen import parse_anfrage
from transforms.minutes.attendance import parse_attendance
from transforms.minutes.decisions import find_decisions
from transforms.minutes.lines import Line, text_of
from transforms.minutes.outcomes import item_outcome
from transforms.model import DocumentRejected, ParsedDocument, ParseWarning, Paper, Session, Span
from transforms.names import parse_name

# Tolerates mangled umlauts: a mis-decoded "ö" must not let a non-public part through.
NONPUBLIC = re.compile(
    r"^(?:[IVX]+\.\s*|[A-Z]\)\s*|Teil\s+\w+\s*:?\s*)?nicht[\s-]*(?:ö|oe|o|Ã¶|\ufffd|\?|.{1,2})ffentliche?[rn]?\s*"
    r"(?:Sitzung|Teil|Sitzungsteil|Beratung|Tagesordnung|Sitzungsabschnitt)?\s*:?$",
    re.IGNORECASE,
)
# A non-public agenda item ("TOP N 1", "Zu Punkt N 2.1", "N 3 ...") starts the non-public part as well.
NONPUBLIC_ITEM = re.compile(r"^(?:(?:zu\s+)?(?:top|punkt|tagesordnungspunkt)\s*)?N\s?\d{1,3}(?:\.\d{1,3})*\.?(?:\s|:|$)", re.I)
_ATTENDANCE_START = re.compile(r"^(?:Anwesend|Anwesende|Anwesenheit|Teilnehmende|Teilnehmer(?:innen)?)\b", re.I)
_PUBLIC_START = re.compile(r"^(?:Öffentliche\s+Sitzung|Öffentlicher\s+Teil|Tagesordnung|Vor\s+Eintritt\s+in\s+die\s+Tagesordnung)\b", re.I)
_SIGNATURE = re.compile(
    r"^(?:gez\.?\s.*|[-–_.* ]+|(?:Der\s+|Die\s+)?(?:Ausschuss|Ausschuß)?[Vv]orsitzende[r]?|Schriftführer(?:in)?"
    r"|Bezirksbürgermeister(?:in)?|Oberbürgermeister(?:in)?|Protokollführer(?:in)?)$"
)


def nonpublic_cut(lines: list[Line]) -> int | None:
    """Index of the first line of a non-public part, or None."""
    for i, line in enumerate(lines):
        if line.text and len(line.text) < 90 and NONPUBLIC.match(line.text):
            return i
        if line.text and len(line.text) < 300 and NONPUBLIC_ITEM.match(line.text) and not line.text.startswith("n"):
            return i
    return None


def _signature_start(body: list[Line]) -> int:
    i = len(body)
    while i > 0:
        t = body[i - 1].text
        if not t or _SIGNATURE.match(t) or header.signed_date([body[i - 1]]) or (
                len(t) < 60 and not t.endswith(".") and parse_name(t) is not None):
            i -= 1
            continue
        break
    return i


def _paragraph_with(lines: list[Line], rx: re.Pattern) -> str:
    """The text of the first paragraph (lines up to a blank line) in which ``rx`` matches."""
    for i, line in enumerate(lines):
        if line.text and rx.search(line.text):
            a = i
            while a > 0 and lines[a - 1].text:
                a -= 1
            b = i
            while b + 1 < len(lines) and lines[b + 1].text:
                b += 1
            return " ".join(ln.text for ln in lines[a:b + 1])
    return ""


def _find(lines: list[Line], rx: re.Pattern, start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].text and rx.match(lines[i].text)), None)


def parse_minutes(doc: ParsedDocument, lines: list[Line]) -> None:
    """Fill ``doc`` from the lines of a Niederschrift (doc_type already set)."""
    warn = doc.warnings.append
    cut = nonpublic_cut(lines)
    public = lines if cut is None else lines[:cut]

    att_start = _find(public, _ATTENDANCE_START)
    pub_start = _find(public, _PUBLIC_START, (att_start or 0) + 1)
    if pub_start is None:
        first_item = next((i for i in range((att_start or 0) + 1, len(public))
                           if public[i].text and agenda.HEADING.match(public[i].text)), None)
        pub_start = first_item if first_item is not None else len(public)
    head = public[: att_start if att_start is not None else pub_start]
    attendance_lines = public[att_start + 1: pub_start] if att_start is not None else []
    body = public[pub_start:]
    sig = _signature_start(body)
    closing, body = body[sig:], body[:sig]

    committee, date = header.committee_and_date(" ".join(ln.text for ln in head[:12]))
    if date is None:
        raise DocumentRejected("the minutes state no session date: expected 'am DD.MM.YYYY' in the heading")
    if committee is None:
        raise DocumentRejected("the minutes name no committee: expected 'Sitzung des/der <Gremium> am ...' in the heading")
    if att_start is None:
        warn(ParseWarning(0, "no attendance list ('Anwesend:') found"))

    attendees, att_warnings = parse_attendance(attendance_lines)
    doc.warnings.extend(att_warnings)
    doc.attendees = attendees

    opening = " ".join(ln.text for ln in body[:40])
    # The number and term are read from the heading and the chair's welcome only: items often cite earlier sessions.
    welcome = _paragraph_with(body[:60], re.compile(r"\bbegrüßt\b|\beröffnet\b"))
    number, term = header.session_number_and_term(" ".join(ln.text for ln in head) + " " + welcome)
    session = Session(
        committee=committee, session_date=date, span=Span(1, public[-1].no if public else 1),
        session_number=number, legislative_term=term, has_nonpublic_part=cut is not None,
        minutes_date=header.signed_date(closing), **header.times_and_place(head),
    )
    session.chair = _chair(opening, closing, attendees)
    recorders = [a for a in attendees if a.group_type == "recorder"]
    session.recorder = " ".join(p for p in (recorders[0].given_name, recorders[0].family_name) if p) if recorders else None
    doc.session = session

    blocks = agenda.split_items(body)
    for n, block in enumerate(blocks):
        if block.nonpublic:
            session.has_nonpublic_part = True
            blocks = blocks[:n]
            break
    if not blocks:
        warn(ParseWarning(body[0].no if body else 0, "no agenda items ('Zu Punkt N' / 'TOP N') found"))
    if not any(ln.text for ln in closing):
        last = (body[-1].no if body else len(lines))
        warn(ParseWarning(last, "no closing signatures found: the document may be truncated"))

    numbers = {b.item.item_number for b in blocks}
    types: dict[str, str] = {}
    for block in blocks:
        item = block.item
        parent = item.parent_number
        if parent and parent not in numbers:
            warn(ParseWarning(item.span.start, f"item {item.item_number} has no parent item {parent}"))
        item.paper_reference = agenda.paper_reference(block.lines)
        item.item_type = agenda.item_type(item.title, types.get(parent or ""), item.paper_reference is not None)
        types[item.item_number] = item.item_type
        decisions = find_decisions(item.item_number, block.lines)
        item.outcome, item.replaced_by = item_outcome(block.lines, decisions)
        doc.agenda_items.append(item)
        doc.decisions.extend(decisions)
        has_children = any(n.startswith(item.item_number + ".") for n in numbers)
        if item.item_type == "Anfrage" and not has_children:
            doc.anfragen.append(parse_anfrage(item, block.lines))
        if item.paper_reference:
            doc.papers.append(_paper_of(item))


def _chair(opening: str, closing: list[Line], attendees) -> str | None:
    family = header.chair_family_name(opening)
    if family is None:
        for prev, line in zip(closing, closing[1:]):
            if re.match(r"^(?:Ausschuss)?[Vv]orsitzende", line.text) and prev.text:
                name = parse_name(prev.text)
                family = name.family_name if name else None
    if family is None:
        return None
    matches = {" ".join(p for p in (a.given_name, a.family_name) if p) for a in attendees if a.family_name == family}
    return matches.pop() if len(matches) == 1 else family


_PAPER_TYPES = {"Anfrage": "Anfrage", "Antrag": "Antrag", "Änderungsantrag": "Änderungsantrag",
                "Vorlage": "Vorlage", "Mitteilung": "Mitteilung", "Bericht": "Bericht"}


def _paper_of(item) -> Paper:
    kind = _PAPER_TYPES.get(item.item_type, "other")
    originator = factions.mentioned(item.title or "") if kind in ("Anfrage", "Antrag", "Änderungsantrag") else []
    if kind == "Vorlage":
        originator = ["Verwaltung"]
    return Paper(span=item.span, paper_type=kind, title=item.title, paper_reference=item.paper_reference,
                 originator=originator)


__all__ = ["parse_minutes", "nonpublic_cut", "text_of"]
