"""Agenda items: "Zu Punkt 3.1", "TOP 3", "Zu TOP Ö 4.1", or bare numbered headings.

An item runs from its heading to the next heading. Its title is on the heading
line, or on the next line(s) when the heading only carries the number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.minutes.lines import Line, join_text
from transforms.model import AgendaItem, Span

HEADING = re.compile(
    r"^(?:zu\s+)?(?:punkt|top|tagesordnungspunkt)\s*(?P<prefix>[nö](?=\s?\d)\s?)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?(?=[\s:]|$)[\s:]*(?P<title>.*)$",
    re.IGNORECASE,
)
# Fallback for minutes without "Zu Punkt"/"TOP": "Ö 4.1 Title" or "4.1 Title" on a heading line.
NUMBERED = re.compile(r"^(?P<prefix>[ÖN]\s?)?(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?P<title>[A-ZÄÖÜ„\"].*)$")
PAPER_LINE = re.compile(r"^Drucksache\w*(?:\s*-?\s*Nr\.?|nummer)?\s*:?\s*(?P<ref>\d+\s*/\s*\d{4}\s*[-–]\s*\d{4})?\s*$", re.I)
LABEL = re.compile(r"^(?:Beratungsgrundlage|Beschluss\s*:|Drucksache\w*(?:\s*-?\s*Nr\.?|nummer)?\s*:|Die Mitteilung|Text der Anfrage)", re.I)
PRE_AGENDA = re.compile(r"^Vor Eintritt in die Tagesordnung", re.I)
SEPARATOR = re.compile(r"^[-.*_ ]+$")


@dataclass
class ItemBlock:
    item: AgendaItem
    lines: list[Line]        # the item's own lines after its heading and title
    nonpublic: bool = False


def _key(num: str) -> tuple[int, ...]:
    return tuple(int(p) for p in num.split("."))


def _headings(body: list[Line], rx: re.Pattern, need_mark: bool) -> list[tuple[int, re.Match]]:
    found: list[tuple[int, re.Match]] = []
    last: tuple[int, ...] = ()
    for i, line in enumerate(body):
        if not line.text or len(line.text) > 300:
            continue
        m = rx.match(line.text)
        if not m or (need_mark and not line.marked):
            continue
        key = _key(m.group("num"))
        if key <= last:
            continue  # a reference in prose, or a list inside an item: numbers only go up
        found.append((i, m))
        last = key
    return found


def _continues(prev: Line, nxt: Line) -> bool:
    """Whether ``nxt`` carries on the title paragraph ending in ``prev``.

    A bold span left open, a word broken by a hyphen, a long line wrapped by
    the layout (PDF pages wrap titles) or a short fragment that is no sentence
    continue; a short title followed by a sentence does not.
    """
    if nxt.blank or LABEL.match(nxt.text) or HEADING.match(nxt.text) or SEPARATOR.match(nxt.text):
        return False
    if prev.text.endswith("-") or (len(prev.text) >= 60 and not prev.text.endswith((".", ":"))):
        return True
    # a short line that is not a sentence of its own: "2023 - 2027", the rest of a name
    return len(nxt.text) < 120 and not nxt.text.endswith((".", "!", "?", ":"))


def _paragraph(body: list[Line], j: int, end: int, first: str) -> tuple[str | None, int]:
    parts, k = [first], j + 1
    bold_open = body[j].raw.count("**") % 2 == 1
    while k < end and len(parts) < 4 and (bold_open and not body[k].blank or _continues(body[k - 1], body[k])):
        bold_open ^= body[k].raw.count("**") % 2 == 1
        parts.append(body[k].text)
        k += 1
    return join_text(parts), k


def _title(body: list[Line], i: int, end: int, inline: str) -> tuple[str | None, int]:
    """Title text and the index of the first line after it."""
    if inline:
        return _paragraph(body, i, end, inline)
    j = i + 1
    while j < end and body[j].blank:
        j += 1
    if j < end and PRE_AGENDA.match(body[j].text):
        # "Zu Punkt 1 / Vor Eintritt in die Tagesordnung / ... / **Genehmigung ...**": the title is the next heading.
        k = next((k for k in range(j + 1, end) if body[k].marked and not LABEL.match(body[k].text)), None)
        return (_paragraph(body, k, end, body[k].text)[0], j) if k is not None else (None, j)
    if j < end and not LABEL.match(body[j].text) and len(body[j].text) < 300 and not SEPARATOR.match(body[j].text):
        return _paragraph(body, j, end, body[j].text)
    return None, i + 1


def split_items(body: list[Line]) -> list[ItemBlock]:
    """Agenda items of the body, in document order, with their own lines."""
    found = _headings(body, HEADING, need_mark=False)
    if not found:
        found = _headings(body, NUMBERED, need_mark=True) or _headings(body, NUMBERED, need_mark=False)
    out: list[ItemBlock] = []
    for n, (i, m) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(body)
        prefix = (m.group("prefix") or "").strip().upper()
        title, after = _title(body, i, end, m.group("title").strip())
        last = end - 1
        while last > i and body[last].blank:
            last -= 1
        item = AgendaItem(item_number=m.group("num"), span=Span(body[i].no, body[last].no), title=title)
        out.append(ItemBlock(item, body[after:end], nonpublic=prefix == "N"))
    return out


def paper_reference(lines: list[Line]) -> str | None:
    for line in lines:
        if m := PAPER_LINE.match(line.text):
            ref = m.group("ref")
            return re.sub(r"\s+", "", ref).replace("–", "-") if ref else None
    return None


_TYPES_BY_START = (
    (re.compile(r"^(?:Genehmigung|Feststellung)\b.*\bNiederschrift", re.I), "Genehmigung der Niederschrift"),
    (re.compile(r"^Mitteilung", re.I), "Mitteilung"),
    (re.compile(r"^Anfrage", re.I), "Anfrage"),
    (re.compile(r"^(?:gemeinsamer\s+)?(?:Änderungs|Ergänzungs|Erweiterungs|Zusatz)antr", re.I), "Änderungsantrag"),
    (re.compile(r"^(?:gemeinsamer\s+)?Antr(?:ag|äge)\b", re.I), "Antrag"),
    (re.compile(r"^Präsentation", re.I), "Präsentation"),
    (re.compile(r"^(?:Informations|Beschluss|Mitteilungs)?vorlage", re.I), "Vorlage"),
)
_TYPES_BY_WORD = (
    (re.compile(r"\b(?:Änderungs|Ergänzungs|Erweiterungs)antrag", re.I), "Änderungsantrag"),
    (re.compile(r"\bAntrag\b", re.I), "Antrag"),
    (re.compile(r"\bAnfrage\b", re.I), "Anfrage"),
    (re.compile(r"\bPräsentation\b", re.I), "Präsentation"),
    (re.compile(r"\b(?:Informations|Beschluss)vorlage\b", re.I), "Vorlage"),
    (re.compile(r"bericht\b", re.I), "Bericht"),
)
_CHILD_TYPES = {"Mitteilung": "Mitteilung", "Anfrage": "Anfrage", "Antrag": "Antrag"}


def item_type(title: str | None, parent_type: str | None, has_paper: bool) -> str:
    t = title or ""
    for rx, kind in _TYPES_BY_START:
        if rx.search(t):
            return kind
    for rx, kind in _TYPES_BY_WORD:
        if rx.search(t):
            return kind
    if parent_type in _CHILD_TYPES:
        return _CHILD_TYPES[parent_type]
    return "Vorlage" if has_paper else "other"
