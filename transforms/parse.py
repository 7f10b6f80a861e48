"""One document's bytes → a :class:`ParsedDocument`, or :class:`DocumentRejected` with a reason."""
from __future__ import annotations

import hashlib
import json
import re

from transforms import factions, layouts, papers
from transforms.minutes import parse_minutes
from transforms.minutes.agenda import SINGLE_TITLE
from transforms.minutes.header import DATED_TITLE
from transforms.minutes.nonpublic import NONPUBLIC_ITEM, NONPUBLIC_PAGE, nonpublic_parts, without_parts
from transforms.keys import folded
from transforms.minutes.lines import Line, split_lines
from transforms.model import DocType, DocumentRejected, ParsedDocument, ParseWarning
from transforms.text import extract_text

# Between a document's bytes and its sidecar's in the document's identity (see document_id).
_SIDECAR_SEPARATOR = b"\n\x00ratsdaten-sidecar\x00\n"


def document_id(data: bytes, sidecar: bytes | None = None) -> str:
    """The document's id: the sha256 of its bytes, and of its sidecar's when it has one.

    A changed sidecar changes what is read from the document, so it changes the id as a changed
    byte of the document would: the document is parsed again and its rows replaced.
    """
    h = hashlib.sha256(data)
    if sidecar is not None:
        h.update(_SIDECAR_SEPARATOR)
        h.update(sidecar)
    return h.hexdigest()


def _read_sidecar(sidecar: bytes | None, warnings: list[ParseWarning]) -> dict:
    if sidecar is None:
        return {}
    try:
        value = json.loads(sidecar.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        warnings.append(ParseWarning(0, f"the sidecar (.meta.json) is not valid JSON ({exc}): ignored"))
        return {}
    if not isinstance(value, dict):
        warnings.append(ParseWarning(0, "the sidecar (.meta.json) is not a JSON object: ignored"))
        return {}
    return value

_MINUTES = re.compile(
    r"^(?:(?:Öffentliche|Nichtöffentliche)\s+)?(?:Niederschrift|Protokoll|Sitzungsniederschrift|Ergebnisniederschrift"
    r"|Beschlussprotokoll|Sitzungsprotokoll|Verhandlungsniederschrift|Wortprotokoll|Kurzprotokoll|Auszug)\b", re.I)
# ("Aus der Gemeinderatssitzung vom 6. November 2014": the session as a compound, an Amtsblatt's report)
_SESSION_TITLE = re.compile(r"(?:\b|\B(?<=rats|ates|huss|tags))(?:Sitzung|sitzung)\b.{0,120}\b(?:am|vom)\s+(?:\w+,?\s+)?"
                            r"(?:den\s+)?\d{1,2}\.", re.I)
_ATTENDANCE = re.compile(r"^(?:Anwesend|Anwesende|Teilnehmende|Entschuldigt|Es fehlen|Abwesend)\b", re.I)
_ITEM = re.compile(r"^(?:Zu\s+)?(?:TOP|Punkt|Tagesordnungspunkt)\s*[ÖN]?\s*\d", re.I)
_DECISION = re.compile(r"^(?:Beschluss\s*:|Abstimmung(?:sergebnis)?\s*:|Ja-Stimmen\s*:|Stimmberechtigte\s*:)|"
                       r"^[-–|]\s*(?:einstimmig|mehrheitlich|mit\s+\d|zur\s+Kenntnis)", re.I)
_DECISION_FIRST = "BbAaJjSsſ-–|"   # (ſ: re.I folds it to s)
_NUMBERED_ITEM = re.compile(r"^\|?\s*\d{1,2}\.?(?:[ÖN](?=\s))?\s*\|?\s+[A-ZÄÖÜ][a-zäöüß]+\s+\S")   # ("2.Ö Feuerwehr ...")
_INVITATION = re.compile(r"^(?:Einladung|Öffentliche\s+Bekanntmachung|Bekanntmachung|Ladung)\b", re.I)
_SESSION_PAGE = re.compile(r"^(?:Gremium|Sitzung|Sitzungstermin|Termin|Datum|Sitzungsort|Raum|Zeit)\s*[:\t]", re.I)


def _kind(lines: list[Line]) -> str:
    """What the document is: minutes, a RIS session or item page, a motion or a paper."""
    texts = [ln.text for ln in lines if ln.text]
    head = texts[:40]
    score = 0
    if any(_MINUTES.match(t) for t in head):
        score += 3
    # ("über die 17. Sitzung der Bezirksvertretung Hörde" / "am 24.05.2016": a title over two lines)
    titled = any("sitzung" in folded(t) and (_SESSION_TITLE.search(t) or _SESSION_TITLE.search(f"{t} {after}"))
                 for t, after in zip(head, head[1:] + [""]))
    score += 2 * titled
    attendance = any(_ATTENDANCE.match(t) for t in texts[:250])
    # (one pass, first-character tests before each pattern: most lines start with none of these)
    items = decisions = numbered = 0
    for t in texts:
        c = t[0]
        if c in "ZzTtPp" and _ITEM.match(t):
            items += 1
        if c in _DECISION_FIRST and _DECISION.match(t):
            decisions += 1
        if (c == "|" or c.isdigit()) and _NUMBERED_ITEM.match(t):
            numbered += 1
    score += 2 * attendance + min(items, 3) + min(decisions, 2) + (numbered >= 2)
    if head and papers.VORLAGE_KIND.match(head[0]):
        return "paper"
    if head and head[0][:1].isdigit() and (m := DATED_TITLE.match(head[0])):
        if (m.group("np") or "").strip() == "N":
            raise DocumentRejected(f"the page is of a non-public item ({head[0][:60]!r}): it is never published")
        return "item_page"   # "23.11.2021 - 1 Eröffnung der Sitzung ...": a RIS page of one item (its text may be a "Wortprotokoll")
    if not attendance and not decisions and not any(_MINUTES.match(t) for t in head) and any(
            _INVITATION.match(t) for t in head[:15]) and any("sitzung" in folded(t) for t in head[:15]):
        raise DocumentRejected("an invitation or announcement of a session (Einladung, Bekanntmachung) with its agenda, "
                               "not its minutes: there is nothing yet to record; use the Niederschrift")
    if score < 3 and ((head and re.match(r"^Antrag\b", head[0])) or _signed_motion(texts)):
        return "motion"
    session_page = sum(1 for t in head if _SESSION_PAGE.match(t)) >= 2
    if score >= 3 and (attendance or items >= 2 or any(_MINUTES.match(t) for t in head[:15])):
        return "minutes"
    if numbered >= 2 and (decisions >= 1 or attendance or titled):
        return "minutes"  # a report with numbered items and results, a list or a session's title, without the usual heading
    if session_page:
        return "session_page"
    if decisions or score >= 3 or session_page:
        return "item_page"
    found = "an attendance list but " if attendance else "no attendance list, "
    raise DocumentRejected(
        f"not a Niederschrift, a paper or a council page: {found}no 'Niederschrift'/'Protokoll' heading or session "
        "title ('Sitzung ... am <date>'), no agenda items and no decision or vote found"
    )


def _signed_motion(texts: list[str]) -> bool:
    """A motion's marks: "beantragt" / "möge beschließen" and faction names above signatures."""
    if not any(papers.MOTION_MARKERS.search(t) for t in texts):
        return False
    return any(len(b.split()) in (2, 3, 4) and len(a) < 60 and factions.canonical(a) for a, b in zip(texts, texts[1:]))


_DOC_TYPES: dict[str, DocType] = {"minutes": "Niederschrift", "session_page": "Niederschrift", "item_page": "Niederschrift",
              "motion": "Antrag", "paper": "Vorlage"}


def _reject_non_public_page(lines: list, kind: str, parts: list[tuple[int, int]]) -> None:
    """A paper marked non-public ("Status: nichtöffentlich"), or a RIS page of one non-public item ("TOP: N 3",
    or marked non-public below its title "Auszug - ..."), is not read at all: the lines above the mark hold
    its title and subject. A page whose mark stands above its subject ("Sitzungsart: nichtöffentlich" before
    "Betreff:") keeps its session facts; everything from the mark on is cut as usual."""
    if not parts or parts[-1][1] != len(lines):
        return
    at = parts[-1][0]
    marker = lines[at].text or ""
    above = [ln.text for ln in lines[:at] if ln.text]
    paper = kind in ("paper", "motion")
    page = NONPUBLIC_PAGE.match(marker) and (paper or any(SINGLE_TITLE.match(t) for t in above))
    item = kind in ("item_page", "paper") and len(above) < 15 and NONPUBLIC_ITEM.match(marker)
    if page or item:
        what = "paper" if paper else "page"
        raise DocumentRejected(f"the {what} is marked non-public ({marker.strip()!r}): it is never published")


def parse_document(data: bytes, filename: str, sidecar: bytes | None = None) -> ParsedDocument:
    """Parse one document. Pure: no I/O; the same bytes (and sidecar) always give the same result.

    ``sidecar`` is the content of the document's ``<file>.meta.json`` (what its source knows beside
    the text: Gremium, date, URLs); it fills what the text does not state.
    """
    extracted = extract_text(data, filename)
    lines = split_lines(extracted.text)
    if not any(ln.text for ln in lines):
        raise DocumentRejected("the document contains no text")
    kind = _kind(lines)
    layout = layouts.detect("\n".join([ln.text for ln in lines[:200] if ln.text][:60]))
    if layout.single_item and kind == "minutes":
        kind = "item_page"
    doc = ParsedDocument(
        document_id=document_id(data, sidecar), source_file=filename, doc_type=_DOC_TYPES[kind],
        encoding=extracted.encoding, line_count=len(lines), warnings=list(extracted.warnings), kind=kind,
        layout=layout.name,
    )
    parts, had = nonpublic_parts(lines)
    _reject_non_public_page(lines, kind, parts)
    public = without_parts(lines, parts)
    if doc.doc_type == "Niederschrift":
        parse_minutes(doc, lines, layout, _read_sidecar(sidecar, doc.warnings), split=(public, had))
    else:
        parse = papers.parse_motion if doc.doc_type == "Antrag" else papers.parse_vorlage
        doc.papers.append(parse(public, doc.warnings))
    return doc
