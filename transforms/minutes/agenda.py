"""Agenda items: "Zu Punkt 3.1", "TOP 3", "Zu TOP Ö 4.1", or bare numbered headings.

An item runs from its heading to the next heading. Its title is on the heading
line, or on the next line(s) when the heading only carries the number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.keys import single_spaced
from transforms.layouts import Layout
from transforms.minutes.decisions import is_count_line, result_line, vote_label
from transforms.minutes.header import DATED_TITLE
from transforms.minutes.lines import Line, join_text, next_text, table_cells, title_words
from transforms.minutes.nonpublic import AGENDA_HEADING, PUBLIC_HEADING
from transforms.model import AgendaItem, Span

_NUM = r"\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*"
HEADING = re.compile(
    r"^(?:zu\s+)?(?:punkt|top|tagesordnungspunkt)\s*(?P<prefix>[nö](?=\s?\d)\s?)?"
    r"(?P<num>" + _NUM + r")\.?(?=[\s:]|$)[\s:]*(?:[-–]\s+)?(?P<title>.*)$",
    re.IGNORECASE,
)
HEADING_FIRST = "ZzPpTt"   # how HEADING can start
# Fallback for minutes without "Zu Punkt"/"TOP": "Ö 4.1 Title", "4.1 Title", "| 3. | Title |".
# (a title may begin with an ordinal: "1.1. 22. Änderung des Flächennutzungsplanes")
NUMBERED = re.compile(r"^(?P<prefix>[ÖN]\s?)?(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+"
                      r"(?P<title>(?:[A-ZÄÖÜ„\"]|(?:der|des|die)\s|\d{1,3}\.\s+[A-ZÄÖÜ]).*)$")
ZU_NUMBER = re.compile(r"^zu\s+(?P<num>\d{1,3}(?:\.\d{1,3})*)\.\s+(?P<title>[A-ZÄÖÜ„\"].*)$", re.I)
# "Ö 3 Title": numbered with the public/non-public prefix that RIS exports print.
PREFIXED = re.compile(r"^(?P<prefix>[ÖN])\s?(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>\S.*)$")
# "1.Ö Bürgerfragestunde", "5.N Grundstücksangelegenheit": the mark after the number (a Baden-Württemberg council's reports)
SUFFIXED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.(?P<prefix>[ÖN])\s+(?P<title>\S.*)$")
_PART_MARK = re.compile(r"^(?:[IVX]{1,4}|[A-H])\.\s+[A-ZÄÖÜ]")
# "I.1. Umrüstung der Straßenbeleuchtung": numbered within the part ("I. ÖFFENTLICHE SITZUNG"); the part's
# numeral is a prefix, as "Ö" is (Bavaria)
PART_NUMBERED = re.compile(r"^(?P<prefix>[IVX]{1,4})\.\s?(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>[A-ZÄÖÜ„\"].*)$")
# After a number, no item's title: a part's heading ("1. ÖFFENTLICHE SITZUNG" over items 1.1, 1.2, ...), and
# Bavaria's "1. Bürgermeister" (the first mayor) opening a sentence ("1. Bürgermeister Wagner eröffnet die Sitzung").
_NOT_A_TITLE = re.compile(r"(?i:Öffentliche\s*(?:Sitzung|Teil)|Öffentlicher\s*Teil)\s*:?$"
                          r"|(?:Bürgermeister(?:in)?|Vorsitzende[r]?)\s+(?:[A-ZÄÖÜ][\w-]+\s+){1,2}"
                          r"(?:eröffnet|begrüßt|stellt|gibt|informiert|berichtet|teilt|schließt|erläutert)\b")
# "1." / "Kurzbericht des Bürgermeisters": a number alone on its line, the title on the next (a PDF's table
# of number and title columns). The dot is required: a bare "2" is as often a page number.
BARE_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.(?P<title>)$")
ROW = re.compile(r"^\|\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s*\|\s*(?P<title>[^|]+?)\s*\|?\s*$")
_PAPER_LABEL = r"(?:Drucksache\w*|Drucks\.|Drs\.?|Ds\.|DS|Vorlage|(?:Beschluss|Informations|Mitteilungs)vorlage(?=\s*(?:-|:|Nr)))" \
               r"(?:\s*-?\s*Nr\.?|nummer)?\s*[:-]?\s*"
# (Hamburg's "21-0789", a two-digit year "0815/24" after a label only)
_PAPER_REF = (r"(?P<ref>\d+\s*/\s*\d{4}\s*[-–]\s*\d{4}|\d{1,5}-\d{4}/\d{4}|\d{1,5}-\d{1,3}/\d{4}|\d{3,6}-\d{2}|\d{2}-\d{4}\b"
              r"|\d{1,5}/\d{4}|\d{3,5}/\d{2}\b|[A-Z]{1,4}/\d{4}/\d{2,5}|\d{1,5}/[IVXLC]{1,6})")
PAPER_LINE = re.compile(r"^\(?" + _PAPER_LABEL + _PAPER_REF + r"?\s*\)?\s*$", re.I)
# "Berufung einer Wahlleiterin (DS-Nr.: 117/2014)": the item's paper at the end of its title
_TITLE_PAPER = re.compile(r"\s*\(" + _PAPER_LABEL + _PAPER_REF + r"\s*\)$"
                          # "..., Drucksache 1234/2024", "Mündliche Anfrage der FDP-Fraktion - Ds. 0815/24 - Parkgebühren"
                          r"|(?:\s*,\s*|\s+[-–]\s+)(?=D(?:rucks|rs\b|rs\.|s\.|S\b))" + _PAPER_LABEL
                          + _PAPER_REF.replace("?P<ref>", "?P<ref2>") + r"(?:\s*$|\s+[-–]\s+(?=\S))")
LABEL = re.compile(r"^(?:\(?(?:Drucksache\w*|Drucks\.)\s*(?:Nr\.?\s*)?:?\s*\d|Beratungsgrundlage|Beschluss\s*:|Beschluss-?\s?Nr\.?\s*:?|Drucksache\w*(?:\s*-?\s*Nr\.?|nummer)?\s*:|Die Mitteilung|Text der Anfrage"
                   r"|Protokoll\s*:|Vorlage\s*:|(?:Beschluss|Informations|Mitteilungs)vorlage\s*(?:-|:|Nr\.?)\s*\d)", re.I)
_REPORTING = re.compile(r"\bdass\b|\b(?:teilt|berichtet|erläutert|informiert|begrüßt|eröffnet|erklärt|bittet|fragt)\b")
PRE_AGENDA = re.compile(r"^Vor Eintritt in die Tagesordnung", re.I)
SEPARATOR = re.compile(r"^[-.*_ ]+$")
_SINGLE_NUMBER = re.compile(r"^(?:TOP|Tagesordnungspunkt|TOP-Nr\.?)\s*[:\t]\s*(?:[ÖN]\s?)?(?P<num>" + _NUM + r")\b", re.I)
SINGLE_TITLE = re.compile(r"^(?:#\s*)?(?:Auszug\s*-\s*|Betreff\s*:\s*)(?P<title>.+)$", re.I)


@dataclass
class ItemBlock:
    item: AgendaItem
    lines: list[Line]        # the item's own lines after its heading and title
    nonpublic: bool = False
    result: str | None = None   # a result stated in the heading row of a RIS table ("ungeändert beschlossen")


_KEY_PART = re.compile(r"(\d*)(.*)")


def item_key(num: str) -> tuple:
    """Sort key of an item number: "4" < "4.1" < "4b" < "10"."""
    out: list = []
    for part in num.split("."):
        m = _KEY_PART.match(part)
        assert m is not None   # (the pattern matches any text)
        out.append((int(m.group(1)) if m.group(1) else -1, m.group(2)))
    return tuple(out)


def _patterns(layout: Layout) -> list[tuple[re.Pattern, bool]]:
    """(pattern, needs a layout mark): the layout's own headings first, then the generic ones."""
    return [*((rx, False) for rx in layout.patterns("item_headings")), (HEADING, False)]


def is_heading(text: str, layout: Layout) -> bool:
    text = heading_row(text)
    return len(text) < 300 and any(rx.match(text) for rx, _ in _patterns(layout))


_TOP_CELL = re.compile(r"^\|\s*(?:TOP|Punkt|Tagesordnungspunkt)\b", re.I)


def heading_row(text: str) -> str:
    """An item's heading as a table row, "| TOP 1: | Eröffnung und Begrüßung |" (a Hessian Stadtverordneten-
    versammlung's minutes in an Amtsblatt), as the heading's text; any other text as it is."""
    if text[:1] != "|" or not _TOP_CELL.match(text):
        return text
    return " ".join(table_cells(text))


def _headings(body: list[Line], rx: re.Pattern, need_mark: bool, text_of_line=None,
              standalone: bool = False, first: str | None = None, accept=None) -> list[tuple[int, re.Match]]:
    """Heading lines whose numbers go up; ``standalone``: only at a paragraph's start (a wrapped prose line
    may begin with a number: "24 Stellungnahmen gingen ein").

    Of the candidates, the longest run of rising numbers is kept: a numbered line in prose or a list inside
    an item ("Ö9 - Wird der Code ...", "3. Wie viele ...") falls out of the sequence the real items make.
    """
    candidates: list[tuple[int, re.Match, tuple]] = []
    for i, line in enumerate(body):
        if standalone and i > 0 and (prev := body[i - 1].text) and not prev.endswith((".", ":", "!", "?")) \
                and not rx.match(prev) and not _PART_MARK.match(prev) and not _under_list_heading(body, i):
            continue   # (after another heading, a part's "B. Beratung" or "Tagesordnung (öffentlich)" a numbered line starts an item too)
        t = heading_row(line.text) if text_of_line is None else text_of_line(line)
        if not t or len(t) > 300 or first is not None and t[0] not in first:
            continue
        m = rx.match(t)
        if not m or (need_mark and not line.marked) or t[0].isdigit() and is_count_line(t):   # "5 Ja-Stimmen"
            continue
        if accept is not None and not accept(m):
            continue
        if _NOT_A_TITLE.match(_group(m, "title") or ""):
            continue
        candidates.append((i, m, item_key(m.group("num"))))
    return [(i, m) for i, m, _ in _longest_rising(_after_overview(body, candidates))]


def _under_list_heading(body: list[Line], i: int) -> bool:
    """Line ``i`` is the first below an agenda's or a part's heading ("Tagesordnung (öffentlich)", "Öffentliche
    Sitzung", often without a colon), or below the session, date and place lines printed under it."""
    for k in range(i - 1, max(-1, i - 5), -1):
        t = body[k].text
        if not t:
            continue
        if len(t) < 60 and (AGENDA_HEADING.match(t) or PUBLIC_HEADING.match(t)):
            return True
        if len(t) > 120 or t.endswith((".", "!", "?")):
            return False
    return False


def _bare_headings(body: list[Line]) -> list[tuple[int, re.Match]]:
    """Numbers alone on their lines, each followed by a title (not a sentence, not another number)."""
    found = _headings(body, BARE_NUMBER, need_mark=False, first="0123456789")
    return [(i, m) for i, m in found if (t := next_text(body, i))[:1].isupper() and not BARE_NUMBER.match(t)
            and not is_count_line(t)] if len(found) >= 2 else []


def _after_overview(body: list[Line], candidates: list) -> list:
    """The candidates from where the first one comes again with the same title: an agenda printed in the
    same form as the items above them ("1. Bauleitplanungen ... 2. ..." and then "1. Bauleitplanungen" with
    its text) is an overview, and the items are the second run, not the first. An overview is dense (an
    entry, a wrapped title or paper line, a part's heading); items with text between them are no overview."""
    if len(candidates) < 4:
        return candidates
    def words_at(i: int, m: re.Match) -> tuple[str, ...]:
        return title_words(m.group("title") or next_text(body, i))

    key, words = candidates[0][2], words_at(candidates[0][0], candidates[0][1])
    if not words:
        return candidates
    for n in range(2, len(candidates)):
        i, m, k = candidates[n]
        if k == key and words_at(i, m) == words:
            other = sum(1 for ln in body[candidates[0][0]: candidates[n][0]] if ln.text) - n
            if other > 2 * n + 3:   # (a title line under a bare number)
                return candidates
            # the items begin where the numbers fall back, which may be before the first one comes again:
            # an overview's first entry under a table's header line is no candidate ("TOP-Nr. Bezeichnung")
            restart = next(j for j in range(1, n + 1) if candidates[j][2] <= candidates[j - 1][2])
            return candidates[restart:]
    return candidates


def _longest_rising(candidates: list) -> list:
    """The longest subsequence with strictly rising keys (the earliest of equally long ones)."""
    if len(candidates) < 2:
        return candidates
    if len(candidates) > 400:   # a document of numbered lines: quadratic search would cost seconds, go greedy
        out, last = [], ()
        for c in candidates:
            if c[2] > last:
                out.append(c)
                last = c[2]
        return out
    best_len = [1] * len(candidates)
    prev = [-1] * len(candidates)
    for j in range(len(candidates)):
        kj = candidates[j][2]
        for i in range(j):
            if candidates[i][2] < kj and best_len[i] + 1 > best_len[j]:
                best_len[j], prev[j] = best_len[i] + 1, i
    end = max(range(len(candidates)), key=lambda j: (best_len[j], -j))
    out = []
    while end != -1:
        out.append(candidates[end])
        end = prev[end]
    return out[::-1]


def _continues(prev: Line, nxt: Line) -> bool:
    """Whether ``nxt`` carries on the title paragraph ending in ``prev``.

    A bold span left open, a word broken by a hyphen, a long line wrapped by
    the layout (PDF pages wrap titles) or a short fragment that is no sentence
    continue; a short title followed by a sentence does not.
    """
    if nxt.blank or LABEL.match(nxt.text) or HEADING.match(nxt.text) or SEPARATOR.match(nxt.text) \
            or nxt.text.startswith("|") or result_line(nxt) is not None or vote_label(nxt.text):
        return False
    if prev.text.endswith("-") and not prev.text.endswith((" -", " –")):
        return True   # a word broken at the line's end; "- Aufstellungsbeschluss -" is a closed dash pair
    if prev.text.endswith(")") and _TITLE_PAPER.search(prev.text) and not nxt.text[:4].lower().startswith(("hier", "-", "–")):
        return False  # "... Prenzlau (DS-Nr.: 117/2014)": a title ends with its paper (a "hier: ..." line still follows it)
    if len(nxt.text.split()) >= 6 and nxt.text.endswith((".", "!", "?")) and nxt.text[:1].isupper():
        return False  # a sentence of its own: the item's text begins
    if nxt.text[:1].isupper() and nxt.text.count(" ") >= 5 and _REPORTING.search(nxt.text):
        return False  # "Bürgermeister Bork teilt mit, dass ...": the item's text, wrapped by the page
    if len(prev.text) >= 60 and not prev.text.endswith((".", ":")):
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


def _group(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def split_items(body: list[Line], layout: Layout) -> list[ItemBlock]:
    """Agenda items of the body, in document order, with their own lines."""
    # Item sections ("Zu TOP 4", "TOP 4") win over an agenda table printed before them; among a layout's own
    # patterns the one that finds most items (an overview and sections).
    found = _headings(body, HEADING, need_mark=False, first=HEADING_FIRST)
    if len(found) < 2:
        for rx, _ in _patterns(layout):
            candidate = _headings(body, rx, need_mark=False, text_of_line=_raw_row if "\\t" in rx.pattern else None)
            if len(candidate) > len(found):
                found = candidate
    if len(found) < 2 and (listed := _agenda_entries(body)):
        # "zu 2. Beschluss zur Haushaltssatzung 2025": an item the agenda above lists by number and title
        # (a bare "Zu 2." also answers the second question of an Anfrage)
        answered = _headings(body, ZU_NUMBER, need_mark=False, first="Zz",
                             accept=lambda m: title_words(m.group("title")) == listed.get(m.group("num")))
        if len(answered) > len(found):
            found = answered
    if not found:
        found = (_headings(body, ROW, need_mark=False) or _headings(body, PREFIXED, need_mark=False)
                 or _headings(body, SUFFIXED, need_mark=False, first="0123456789")
                 or _headings(body, NUMBERED, need_mark=True)
                 or _headings(body, NUMBERED, need_mark=False, standalone=True)
                 or _bare_headings(body)
                 or _headings(body, PART_NUMBERED, need_mark=False, first="IVX"))
    out: list[ItemBlock] = []
    for n, (i, m) in enumerate(found):
        end = found[n + 1][0] if n + 1 < len(found) else len(body)
        prefix = (_group(m, "prefix") or "").strip().upper()
        inline = single_spaced(m.group("title") or "").strip()
        title, after = _title(body, i, end, inline) if _group(m, "result") is None else (inline or None, i + 1)
        last = end - 1
        while last > i and body[last].blank:
            last -= 1
        item = AgendaItem(item_number=m.group("num"), span=Span(body[i].no, body[last].no), title=title)
        ref = (_group(m, "ref") or "").strip()
        item.paper_reference = ref or None
        result = (_group(m, "result") or "").strip() or None
        out.append(ItemBlock(item, body[after:end], nonpublic=prefix.startswith("N"), result=result))
    return out


def _agenda_entries(body: list[Line]) -> dict[str, tuple[str, ...]]:
    """Number -> first words of the title, for an agenda printed as "1. Title" lines."""
    out: dict[str, tuple[str, ...]] = {}
    for line in body:
        t = line.text
        if t and t[0].isdigit() and (m := NUMBERED.match(t)):
            out.setdefault(m.group("num"), title_words(m.group("title")))
    return out


def _raw_row(line: Line) -> str:
    """A table row as the HTML reader wrote it: cells separated by tabs."""
    return line.raw.strip(" \u00a0") if "\t" in line.raw else line.text


def single_block(public: list[Line], head_end: int, layout: Layout) -> ItemBlock:
    """A page that is one agenda item: its number and title from the page's header, if it states them."""
    number = title = None
    head = public[: max(head_end, 0) + 5]
    if layout.item_number and (m := re.search(layout.item_number, "\n".join(ln.text for ln in head if ln.text), re.M)):
        number = m.group("num")
    for ln in head:
        t = ln.text
        if not t:
            continue
        if number is None and (m := _SINGLE_NUMBER.match(t)):
            number = m.group("num")
        if title is None and (m := SINGLE_TITLE.match(t)):
            title = m.group("title").strip() or None
        if number is None and title is None and t[:1].isdigit() and (m := DATED_TITLE.match(t)):
            number, title = m.group("num"), m.group("title").strip()
    first = public[head_end].no if head_end < len(public) else (public[-1].no if public else 1)
    last = public[-1].no if public else 1
    item = AgendaItem(item_number=number or UNNUMBERED, span=Span(first, max(first, last)), title=title)
    return ItemBlock(item, public[head_end:])


# The item number of a page that is one agenda item and does not state its number.
UNNUMBERED = "?"


_NAMES_PAPER = re.compile(r"\)$|\bD(?:rucks|rs|s\.|S)")


def title_paper(title: str | None) -> tuple[str | None, str | None]:
    """The title without a paper it names (at its end, or between dashes), and that paper's reference (None: the
    title names none)."""
    if not title or not _NAMES_PAPER.search(title) or not (m := _TITLE_PAPER.search(title)):
        return title, None
    rest = f"{title[: m.start()]} – {title[m.end():]}" if m.end() < len(title) else title[: m.start()]
    return rest or title, _normal_ref(m.group("ref") or m.group("ref2"))


_WHITESPACE = re.compile(r"\s+")


def _normal_ref(ref: str) -> str:
    return _WHITESPACE.sub("", ref).replace("–", "-")


def paper_reference(lines: list[Line]) -> str | None:
    for line in lines:
        if m := PAPER_LINE.match(line.text):
            ref = m.group("ref")
            return _normal_ref(ref) if ref else None
    return None


_NOT_PROCEDURAL = r"(?!.*\b(?:Tagesordnung|Sitzungsniederschrift|Niederschrift)\b)"
_TYPES_BY_START = (
    (re.compile(r"^(?:Genehmigung|Feststellung|Bestätigung)\b.*\b(?:Niederschrift|Protokoll|Sitzungsniederschrift)", re.I),
     "minutes_approval"),
    (re.compile(r"^Mitteilung", re.I), "notice"),
    (re.compile(r"^Anfrage", re.I), "inquiry"),
    # (not "Änderungsanträge zur Tagesordnung", "Anträge auf Änderung der Tagesordnung": procedural items)
    (re.compile(r"^(?:gemeinsamer\s+)?(?:Änderungs|Ergänzungs|Erweiterungs|Zusatz)antr" + _NOT_PROCEDURAL, re.I), "amendment"),
    (re.compile(r"^(?:gemeinsamer\s+)?Antr(?:ag|äge)\b" + _NOT_PROCEDURAL, re.I), "motion"),
    (re.compile(r"^Präsentation", re.I), "presentation"),
    (re.compile(r"^(?:Informations|Beschluss|Mitteilungs)?vorlage", re.I), "proposal"),
)
_TYPES_BY_WORD = (
    (re.compile(r"\b(?:Änderungs|Ergänzungs|Erweiterungs)antrag", re.I), "amendment"),
    (re.compile(r"\bAntrag\b", re.I), "motion"),
    (re.compile(r"\bAnfrage\b", re.I), "inquiry"),
    (re.compile(r"\bPräsentation\b", re.I), "presentation"),
    (re.compile(r"\b(?:Informations|Beschluss)vorlage\b", re.I), "proposal"),
    (re.compile(r"bericht\b", re.I), "report"),
)
_CHILD_TYPES = {"notice": "notice", "inquiry": "inquiry", "motion": "motion"}


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
    return "proposal" if has_paper else "other"
