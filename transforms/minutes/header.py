"""The facts of a session as its minutes state them: Gremium, date, times, place, number.

Every finder looks at candidate places and scores them by the words around them, because
the same document names many dates and bodies: the date the minutes were signed, the
previous session whose minutes were approved, the invitation, a birthday. The session's own
date stands in the title ("Sitzung des Rates am ..."), under a label ("Termin:", "Datum:"),
after a weekday, or in the convening sentence; the others are recognised by their context
and never win.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.minutes.lines import TIME_RANGE, Line, join_text, sentences_of

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "jan": 1, "feb": 2, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dez": 12,
}
_DATE = (r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d])"
         r"|(?<![\d.])(\d{1,2})\.\s*([A-Za-zäÄ]{3,9})\.?\s+(\d{4})")
_DATE_RE = re.compile(_DATE)
_DIGIT = re.compile(r"\d")
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So)\.?"

# Words for bodies, in the nominative; the genitive forms are derived by :func:`nominative`.
BODY_WORDS = (
    r"(?:Stadt|Gemeinde|Markt|Orts|Ortsgemeinde|Ortschafts|Samtgemeinde|Verbandsgemeinde|Stadtbezirks|Bezirks"
    r"|Kreis|Integrations|Jugend|Senioren|Stadtteil|Haupt|Gesamt|Werk|Betriebs|Rats|Landkreis)?"
    r"(?:rat|ausschuss|beirat|tag|vertretung|versammlung|verordnetenversammlung|kommission|konferenz)"
)
_BODY_START = re.compile(
    r"\b(?:Rat|Stadtrat|Gemeinderat|Marktgemeinderat|Ortsgemeinderat|Ortschaftsrat|Ortsbeirat|Stadtbezirksrat"
    r"|Bezirksrat|Samtgemeinderat|Verbandsgemeinderat|Kreistag|Bezirkstag|Gemeindevertretung|Stadtvertretung"
    r"|Stadtverordnetenversammlung|Bezirksvertretung|Bezirksversammlung|Bezirksverordnetenversammlung|BVV"
    r"|Ratsversammlung|Bürgerschaft|Magistrat|Kreisausschuss|Gemeindeversammlung|\w*[Aa]usschuss|\w*[Bb]eirat"
    r"|\w*[Kk]ommission|\w*rat|BA(?=\s+\d{1,2}\b))\b"   # (Munich's "BA 13 Bogenhausen": a Bezirksausschuss)
)
# Bodies that are a name by themselves ("der Gemeinderat"), as opposed to "der Ausschuss".
_BODIES = (r"(Stadtrat|Gemeinderat|Marktgemeinderat|Ortsgemeinderat|Ortschaftsrat|Stadtbezirksrat|Samtgemeinderat"
           r"|Verbandsgemeinderat|Kreistag|Gemeindevertretung|Stadtvertretung|Stadtverordnetenversammlung"
           r"|Bezirksvertretung|Bezirksversammlung|Ratsversammlung)")
# A body acting in the session: "stellt die Beschlussfähigkeit des Gemeinderates fest", "Der Gemeinderat lehnt ... ab".
_NAMED_BODY = re.compile(
    r"\b(?:Beschlussfähigkeit|Sitzungen?|Mitglieder)\s+(?:des|der)\s+" + _BODIES + r"(?:e?s)?\b"
    r"|\b(?:Der|Die|Das)\s+" + _BODIES + r"\s+(?:beschließt|lehnt|stimmt|nimmt|ist\s+beschlussfähig|billigt|genehmigt|vertagt)\b"
)


def _valid(d: int, mo: int, y: int) -> str | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    if 1 <= d <= 31 and 1 <= mo <= 12 and 1900 < y < 2200:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _iso(m: re.Match) -> str | None:
    if m.group(1):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    mo = MONTHS.get(m.group(5).lower())
    return _valid(int(m.group(4)), mo, int(m.group(6))) if mo else None


def iso_date(text: str) -> str | None:
    """First date in ``text`` as ISO, or None: "30.11.2023", "30.11.23", "30. November 2023"."""
    for m in _DATE_RE.finditer(text):
        if iso := _iso(m):
            return iso
    return None


# ---------------------------------------------------------------------------------------------
# Date: scored candidates

_DATE_LABEL = re.compile(r"(?:^|\t|\|)\s*(?:Sitzungs)?(?:termin|datum|tag)\s*:?\s*(?:" + _WEEKDAY + r",?\s*)?(?:den\s+)?$", re.I)
_SESSION_BEFORE = re.compile(r"\b(?:Sitzung|sitzung|SITZUNG)\b[^.;]{0,160}?\b(?:am|vom)\s+(?:" + _WEEKDAY + r",?\s*)?(?:(?:den|dem)\s+)?$")
_TITLE_SESSION = re.compile(r"^(?:Protokoll|Niederschrift|Sitzungsniederschrift|Ergebnisprotokoll)\s+(?:über\s+)?(?:die|der|zur)\s+"
                            r"(?:\d{1,3}\.\s*)?(?:öffentlichen?\s+)?[\w-]*[Ss]itzung\b[^.;]{0,120}?\b(?:am|vom)\s+(?:"
                            + _WEEKDAY + r",?\s*)?(?:(?:den|dem)\s+)?$")
# "Protokoll Ortschaftsrat Ebersweier 12.03.2024", "Protokoll Gemeinderatssitzung 12.03.2024": a title without "über die"
_TITLE_BODY = re.compile(r"^(?:Protokoll|Niederschrift|Sitzungsniederschrift|Ergebnisprotokoll)\s+(?:des\s+|der\s+)?"
                         r"(?P<body>[A-ZÄÖÜ][\w-]*(?:rat|ausschuss|tag|vertretung|versammlung|beirat|kommission)(?:e?s(?=\s))?(?:s?sitzung)?"
                         r"(?:\s+(?!am\b|vom\b|" + _WEEKDAY + r")[A-ZÄÖÜ][\w-]+){0,2})\s+(?:(?:am|vom)\s+)?(?:" + _WEEKDAY + r",?\s*)?"
                         r"(?:(?:den|dem)\s+)?$")
# "Bericht über die öffentliche Sitzung des Gemeinderats am 16.05.2019": an Amtsblatt's report as the document's
# title (in the head only: among the items such a line reports another session)
# ("Sitzungsbericht aus der öffentlichen Sitzung des Gemeinderats am 17.06.2010", Baden-Württemberg)
_REPORT_TITLE = re.compile(r"^(?:Sitzungs)?[Bb]ericht\s+(?:über\s+die|aus\s+der|von\s+der)\s+(?:öffentlichen?\s+)?[\w-]*[Ss]itzung\b"
                           r"[^.;]{0,120}?\b(?:am|vom)\s+(?:" + _WEEKDAY + r",?\s*)?(?:(?:den|dem)\s+)?$")
_AM_BEFORE = re.compile(r"(?:^|\b)(?:am|vom)\s+(?:" + _WEEKDAY + r",?\s*)?(?:(?:den|dem)\s+)?$")
_WEEKDAY_BEFORE = re.compile(r"\b" + _WEEKDAY + r",?\s*(?:(?:den|dem)\s+)?$")
_CONVENED_BEFORE = re.compile(r"\bauf\s+(?:den|" + _WEEKDAY + r",?)\s*(?:den\s+)?$")
# Context that marks a date as not this session's: within the clause before it ...
_NOT_SESSION = re.compile(
    r"(?:Einladung|Schreiben|erschienen|Erstellt|Aktualisiert|Bericht|Stand|geb\.|geboren|Beschlusses|Beschlüsse[n]?|Bekanntgabe|Antrag(?:es)?"
    r"|Genehmigung|Einwendungen|Bestätigung|Protokolls?|Niederschrift(?:en)?\s+(?:vom|über\s+die\s+\d)|Nr\.\s*\d+"
    r"|Frist|Mitteilungsblatt|Amtsblatt|Vorlage|Drucksache)\b[^;!?]{0,80}$", re.I)
# ... or right before it.
_NOT_SESSION_NEAR = re.compile(r"\b(?:bis(?:\s+zum)?|seit|ab|zum|vor|nach)\s+$", re.I)
# An entry of an agenda list ("2. Genehmigung der Niederschrift über die Sitzung am ...") names other sessions.
# "9. Sitzung des Stadtbezirksrates ... am 1. November 2017": the session's number, not an agenda entry.
_SESSION_ORDINAL = re.compile(r"^\d{1,3}\.\s*(?:(?:öffentliche|ordentliche|außerordentliche|gemeinsame|konstituierende)\s+)?Sitzung\b", re.I)
_AGENDA_ENTRY = re.compile(r"^\|?\s*\d{1,2}(?:\.\d{1,2})*\.?\s*\|?\s+[A-ZÄÖÜ][a-zäöüß]")
_PLACE_DATE = re.compile(r"^[A-ZÄÖÜ][\w .()/-]{1,60},\s*(?:den\s+)?(?:" + _DATE + r")\s*$")


_NOT_SESSION_AFTER = re.compile(r"^[^.;]{0,80}\b(?:bekannt\s*gemacht|veröffentlicht|erschienen|zugestellt|versandt|aufgestellt"
                                r"|geprüft|eingegangen|eingereicht|wurden?|hatten?)\b", re.I)
# "In der Sitzung des Ausschusses vom ...", "in der vergangenen Sitzung": another session, reported.
_OTHER_SESSION = re.compile(r"\b(?:[Ii]n\s+der|[Ii]n\s+seiner|[Ii]n\s+ihrer|[Aa]us\s+der)\s+(?:\w+\s+)?Sitzung\b"
                            r"|\b(?:vergangenen|letzten|vorigen|nächsten|kommenden|früheren|vorherigen)\s+Sitzung\b")


# A RIS page of one item titled by its session's date, its number and its title: "23.11.2021 - 4.1 Bebauungsplan
# Nr. 12" (Rostock's KSD; the page's title may be cut short with "...").
# An item numbered "N 4.1" is non-public: such a page is not read (transforms.parse._kind).
DATED_TITLE = re.compile(r"^(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s+[-–]\s+(?P<np>[ÖN]\s?)?(?P<num>\d{1,2}(?:\.\d{1,2})*[a-z]?)\s+"
                         r"(?P<title>[A-ZÄÖÜ\"„].*)$")


def _date_score(line: str, m: re.Match, head: bool) -> int:
    before = line[: m.start()]
    if not before.strip() and DATED_TITLE.match(line.lstrip()):
        return 9   # "23.11.2021 - 4.1 Bebauungsplan Nr. 12": the page's session, its item
    if _PLACE_DATE.match(line) and not _WEEKDAY_BEFORE.search(before) or _NOT_SESSION_AFTER.match(line[m.end():]) or (
            _AGENDA_ENTRY.match(line) and not _SESSION_ORDINAL.match(line)):
        return -1  # "Bielefeld, 30.11.2023": the date the minutes were written
    if _DATE_LABEL.search(before):
        return 10 if len(before.strip()) < 40 else 2   # "Sitzungstermin: 22.03.2022" beats any sentence
    if _TITLE_SESSION.match(before) or head and (_TITLE_BODY.match(before) or _REPORT_TITLE.match(before)):
        return 9   # "Protokoll der Ratssitzung vom 22.08.2017": the document's own title (whatever "aus der Sitzung" says)
    if _OTHER_SESSION.search(before):
        return -1
    if _CONVENED_BEFORE.search(before) and "geladen" in line:
        return 5  # "mit Einladung vom 02.05. ... auf den 12.05.2025, 19:30 Uhr, ... geladen"
    if _NOT_SESSION.search(before[-100:]) or _NOT_SESSION_NEAR.search(before):
        return -1
    if _SESSION_BEFORE.search(before):
        return 9
    if _CONVENED_BEFORE.search(before):
        return 5
    if _AM_BEFORE.search(before):
        return 7 if head else 4
    if _WEEKDAY_BEFORE.search(before):
        return 6
    return 3 if head else 0


def session_date(lines: list[Line], head_end: int, min_score: int = 3) -> tuple[str | None, int]:
    """The session date and the index of its line (-1): the best-scored date of the first lines."""
    best: tuple[int, int, str] | None = None   # (score, -index, iso)
    for i, ln in enumerate(lines):
        t = ln.text
        if not t or not _DIGIT.search(t):
            continue
        for m in _DATE_RE.finditer(t):
            iso = _iso(m)
            if not iso:
                continue
            score = _date_score(t, m, head=i < head_end)
            if score >= min_score and (best is None or (score, -i) > best[:2]):
                best = (score, -i, iso)
    return (best[2], -best[1]) if best else (None, -1)


# ---------------------------------------------------------------------------------------------
# Gremium

_GENITIVE = (
    (re.compile(r"(ausschuss)es\b", re.I), r"\1"),
    (re.compile(r"(ausschuß)es\b", re.I), r"\1"),
    (re.compile(r"\b(\w*rat)e?s\b", re.I), r"\1"),
    (re.compile(r"\b(\w*beirat)e?s\b", re.I), r"\1"),
    (re.compile(r"\b(\w*tag)e?s\b", re.I), r"\1"),
    (re.compile(r"\b(Magistrat)e?s\b"), r"\1"),
)
# ("über die 11. öffentliche Sitzung (10. Wahlperiode) des Rates der Gemeinde Kalefeld": a note before the body)
_SESSION_OF = re.compile(
    r"\b(?:Sitzung|Niederschrift|Protokoll|Beschlussprotokoll|Ergebnisniederschrift)\s+"
    r"(?:über\s+die\s+|zur\s+|für\s+die\s+)?(?:\d{1,3}\.\s*)?(?:(?:öffentliche|gemeinsame|konstituierende|außerordentliche|"
    r"nichtöffentliche|ordentliche)\s+)*(?:Sitzung\s+)?(?:\([^()]{1,40}\)\s+)?(?:des|der)\s+(?P<body>.+)$", re.I)
_BODY_END = re.compile(
    r"\s+(?:am|vom)\s+(?:" + _WEEKDAY + r",?\s*)?(?:(?:den|dem)\s+)?(?=\d{1,2}\.)"
    r"|\s*,?\s+(?:am|vom):?\s+" + _WEEKDAY + r"\b|,?\s+(?=\d{1,2}\.\s?\d{1,2}\.\d{2,4}\b)"
    r"|\s+(?:im|in\s+der|in\s+den|waren|war|wurden?|mit\s+Einladung|unter\s+)\b"
    r"|\s*\((?:öffentlich|nichtöffentlich|öffentlicher Teil|Amtsperiode|Wahlperiode)[^)]*\)|[.;:]\s*$|[.;]\s+(?=[A-ZÄÖÜ])|\s+(?:Beginn|Ort|Raum)\b"
    r"|\s+(?:Niederschrift|Protokoll)\b"
    # the session's number after the name: "des Gemeinderates Lindenhain Nr. 11/2022 vom ..." (Bavaria)
    r"|\s+Nr\.\s*\d{1,3}\s*/\s*(?:\d{4}|\d{2})\b",
)
# "Protokoll der Sitzung der Bezirksversammlung": the first "der" belongs to "Protokoll".
_NESTED_SESSION = re.compile(r"^(?:\d{1,3}\.\s*)?(?:(?:öffentlichen|ordentlichen|gemeinsamen)\s+)?Sitzung\s+(?:des|der)\s+")
# (up to a tab, the line's end or the next label of a table flattened to one line: "Gremium: BVV Treptow-Köpenick
# Beschlussart: erledigt")
_LABELLED_BODY = re.compile(r"^(?:Gremium|Ausschuss|Organ|Körperschaft)\s*[:\t]\s*(?P<body>[^\t]+?)\s*(?:\t|$"
                            r"|\s(?=(?:Beschlussart|Datum|Status|Zeit|Anlass|Raum|Ort|TOP|Sitzung|Vorlage)\s*:))", re.I)
_COMPOUND_SESSION = re.compile(r"^(?:(?:Protokoll|Niederschrift|Bericht)\s+(?:über\s+)?(?:die|der)\s+(?:\d{1,3}\.\s*)?)?(?:[Öö]ffentliche\s+|[Nn]ichtöffentliche\s+|(?:außer)?ordentliche\s+)?(?P<body>[A-ZÄÖÜ]\w*?(?:rat|ausschuss|tag|vertretung|versammlung))s?sitzung\b")
_SUBJECT_BODY = re.compile(r"^(?:Der|Die)\s+(?P<body>(?:Stadtrat|Gemeinderat|Ortsgemeinderat|Marktgemeinderat|Ortschaftsrat|"
                           r"Gemeindevertretung|Stadtvertretung|Samtgemeinderat|Verbandsgemeinderat|Kreistag)(?:\s+[A-ZÄÖÜ][\w-]+)?)"
                           r"\s+(?:war|wurde|ist|tagte)\b")
# A title that breaks before the municipality's name
_PLACE_NEXT = re.compile(r"\b(?:der|des)\s+(?:Stadt|Gemeinde|Samtgemeinde|Verbandsgemeinde|Ortsgemeinde|Hansestadt|Kreisstadt)$")
_COUNCIL_OF = re.compile(r"\b(?P<body>(?:Rat|Kreistag|Gemeinderat|Stadtrat)\s+der\s+(?:Stadt|Gemeinde|Samtgemeinde|Verbandsgemeinde"
                         r"|Ortsgemeinde|Hansestadt|Kreisstadt|Großen\s+Kreisstadt|Universitätsstadt)\s+[A-ZÄÖÜ][\w-]+)")
# "über die 6. Stadtverordnetenversammlung am 25. Februar 2015" (a Brandenburg council's minutes): the session named by
# its body, counted
_NUMBERED_MEETING = re.compile(r"\büber\s+die\s+\d{1,3}\.\s+(?:(?:öffentliche|ordentliche)\s+)?(?P<body>(?:Stadtverordneten|"
                               r"Bezirksverordneten|Rats|Bezirks|Gemeinde)versammlung|(?:Gemeinde|Stadt)vertretung)\s+(?:am|vom)\b")
_BODY_ALONE = re.compile(r"^(?P<body>" + _BODY_START.pattern + r"(?:\s+[A-ZÄÖÜ][\w./-]*){0,4}(?:\s*\([^)]{1,40}\))?)$")


# "Sitzung am 12.03.2024", "12.03.2024", "Dienstag, 12.03.2024" under a body's name alone
_SESSION_LINE = re.compile(r"(?:\d{1,3}\.\s*)?(?:(?:öffentliche|ordentliche)\s+)?Sitzung\s+(?:am|vom)\b|\d{1,2}\.\d{1,2}\.\d{2,4}\b|"
                           + _WEEKDAY + r",?\s+(?:den\s+)?\d", re.I)
_DATE_AT_END = re.compile(r"\d{1,2}\.\s?(?:\d{1,2}\.|[A-Za-zä]+)\s?\d{2,4}\s*$")


def nominative(genitive: str) -> str:
    """'Digitalisierungsausschusses' -> 'Digitalisierungsausschuss' (the body's word; the rest is a name)."""
    words = genitive.split(" ")
    for n, word in enumerate(words[:4]):
        for pattern, repl in _GENITIVE:
            new = pattern.sub(repl, word, count=1)
            if new != word:
                words[n] = new
                return " ".join(words)
    return genitive


def _clean_body(text: str) -> str | None:
    if text[:7] == "Gremium":
        text = re.sub(r"^Gremiums?\s*:\s*", "", text)   # "des Gremiums: Beirat Blumenthal am: Montag, ..." (Bremen)
    s = _BODY_END.split(text, maxsplit=1)[0].strip(" ,;:-–")
    s = nominative(re.sub(r"\s+", " ", s))
    if not s or len(s) > 140 or not _BODY_START.search(s):
        return None
    return s


def body_name(lines: list[Line], head_end: int, layout_patterns: tuple[re.Pattern, ...] = ()) -> tuple[str | None, int]:
    """The Gremium in nominative and the index of the line it was read from (-1)."""
    head = lines[: max(head_end, 0)]
    for rx in layout_patterns:
        for i, ln in enumerate(head):
            if ln.text and (m := rx.search(ln.text)) and (name := _clean_body(m.group("body"))):
                return name, i
    for i, ln in enumerate(lines[:80]):
        if ln.text and (m := _LABELLED_BODY.match(ln.raw.strip() if "\t" in ln.raw else ln.text)):
            return m.group("body").strip(), i
    for i, ln in enumerate(head):
        if ln.text and (m := _COUNCIL_OF.search(ln.text)):
            return m.group("body"), i
    for i, ln in enumerate(head):
        t = ln.text
        if not t or "itzung" not in t and "iederschrift" not in t and "rotokoll" not in t:
            continue
        if t.endswith("Sitzung") and i + 1 < len(head) and head[i + 1].text.startswith(("des ", "der ")):
            t = f"{t} {head[i + 1].text}"   # "Niederschrift über die öffentliche Sitzung" / "der Stadtverordnetenversammlung ..."
        elif _PLACE_NEXT.search(t) and (after := next((ln.text for ln in head[i + 1:i + 3] if ln.text), ""))[:1].isupper():
            t = f"{t} {after}"   # "... der Stadtverordnetenversammlung der Stadt" / "Niddatal am 27.11.2008"
        if (m := _SESSION_OF.search(t)) and not _OTHER_SESSION.search(t[: m.start() + 12]):
            # A title wrapped over lines: "über die Sitzung des Regionalausschusses I (Ottensen / Altona-" / "Nord ...)"
            text = _NESTED_SESSION.sub("", m.group("body"))
            j = i + 1
            while j < len(head) and head[j].text and text.count("(") > text.count(")") and j - i < 3:
                text = join_text([text, head[j].text]) or text
                j += 1
            if name := _clean_body(text):
                return name, i
        if len(t) < 80 and (m := _COMPOUND_SESSION.match(t)):
            return m.group("body"), i
        if len(t) < 100 and (m := _TITLE_BODY.match(_DATE_AT_END.sub("", t) + " ")):
            return nominative(re.sub(r"s?sitzung$", "", m.group("body"))), i
    for i, ln in enumerate(head):
        if ln.text and len(ln.text) > 60 and (m := _SUBJECT_BODY.match(ln.text)):
            return m.group("body"), i
        if ln.text and "über die" in ln.text and (m := _NUMBERED_MEETING.search(ln.text)):
            return m.group("body"), i
    # A title block: "NIEDERSCHRIFT" / "Ratsversammlung" / "am 27.02.2019"
    for i, ln in enumerate(head[:40]):
        t = ln.text
        if t and len(t) < 70 and _BODY_ALONE.match(t) and i + 1 < len(head) and head[i + 1].text and (
                _AM_BEFORE.search(head[i + 1].text.split(" ")[0] + " ") or _SESSION_LINE.match(head[i + 1].text)):
            return t, i
    return None, -1


def body_in_text(text: str) -> str | None:
    """A body named as the actor in running text ("stellt die Beschlussfähigkeit des Gemeinderates fest")."""
    m = _NAMED_BODY.search(text)
    return nominative(m.group(1) or m.group(2)) if m else None


# ---------------------------------------------------------------------------------------------
# Times, place, number

_TIME = r"(\d{1,2})[:.] ?(\d{2})"   # ("17: 00 Uhr" in text extracted from some PDFs)
_UHR = r"\s*(?:Uhr)?"
_SPAN = re.compile(r"\b(?:Sitzungsdauer|Dauer|Zeit|Uhrzeit|Sitzungszeit|Öffentliche\s+Sitzung)\s*[:,\t]?\s*(?:von\s+)?"
                   + _TIME + _UHR + r"\s*(?:-|–|bis)\s*" + _TIME, re.I)
# (also as a table's row: "| Sitzungsende: | 20:07 Uhr |")
_START = re.compile(r"\b(?:Sitzungsbeginn|Beginn(?:\s+der\s+(?:öffentlichen\s+)?Sitzung)?)\s*[:\t]?\s*(?:\|\s*)?(?:um\s+)?" + _TIME, re.I)
_END = re.compile(r"\b(?:Sitzungsende|Ende(?:\s+der\s+(?:öffentlichen\s+)?Sitzung)?|Schluss(?:\s+der\s+Sitzung)?)\s*[:\t]?\s*(?:\|\s*)?"
                  r"(?:um\s+)?" + _TIME, re.I)
# "Beginn: 18 Uhr Ende: 20 Uhr": full hours
_START_HOUR = re.compile(r"\b(?:Sitzungsbeginn|Beginn(?:\s+der\s+(?:öffentlichen\s+)?Sitzung)?)\s*[:\t]?\s*(?:um\s+)?(\d{1,2})\s*Uhr\b", re.I)
_END_HOUR = re.compile(r"\b(?:Sitzungsende|Ende(?:\s+der\s+(?:öffentlichen\s+)?Sitzung)?|Schluss(?:\s+der\s+Sitzung)?)\s*[:\t]?\s*"
                       r"(?:um\s+)?(\d{1,2})\s*Uhr\b", re.I)
_LABEL_ONLY = re.compile(r"^(?:Sitzungsbeginn|Sitzungsende|Beginn|Ende)\s*:?$", re.I)
_OPENED = re.compile(r"\beröffne(?:t|te)\b[^.]{0,80}?\bum\s+" + _TIME + r"|\bum\s+" + _TIME + r"\s*Uhr\s+eröffne", re.I)
_CLOSED = re.compile(r"\b(?:schlie(?:ß|ss)t|schloss|beendet|endet)\b[^.]{0,60}?\bum\s+" + _TIME
                     + r"|\bum\s+" + _TIME + r"\s*Uhr\s+(?:geschlossen|beendet)"
                     + r"|^(?:Ende\s+der\s+Sitzung|Sitzungsende|Schluss\s+der\s+Sitzung)\s*:?\s*(?:um\s+)?" + _TIME, re.I)
# ("..., dem 03. September 2004, 16.00 Uhr bis 20.15 Uhr, im Bürgerhaus": the end follows in the title)
_DATE_THEN_TIME = re.compile(r"(?:\d{4}|" + "|".join(m for m in MONTHS if len(m) > 3) + r"\s+\d{4})(?:\s*,\s*|\s+um\s+)"
                             + _TIME + r"\s*Uhr(?:\s*(?:bis|-|–)\s*" + _TIME + r"\s*Uhr)?", re.I)
# A schedule of the parts: "Öffentlicher Teil:" / "von 19:30 Uhr bis 20:07 Uhr" (the non-public part's lines are gone)
_PART_LABEL = re.compile(r"^(?:Sitzungszeiten?|Öffentlicher\s+Teil|Öffentliche\s+Sitzung)\s*:?$", re.I)
_PLACE = re.compile(r"^(?:Tagungsort|Sitzungsort|Ort|Sitzungsraum|Raum|Raum,\s*Ort|Ort,\s*Raum)\s*[:\t]\s*(.+?)\s*"
                    r"(?=\t|\b(?:Beginn|Ende|Sitzungspause)\b|$)")
_NUMBER = re.compile(r"(?:^|\b(?:über\s+die|zur|der|die|für\s+die)\s+|^Sitzung\s*[:\t-]?\s*)(\d{1,3})\.\s*"
                     r"(?:(?:öffentlichen?|ordentlichen?|gemeinsamen?)\s+)?Sitzung\b", re.I)
_NUMBER_OF = re.compile(r"(?<![\d.])(\d{1,3})\.\s*(?:(?:öffentlichen?|ordentlichen?)\s+)?Sitzung\s+(?:des|der)\b")
_NUMBER_LABEL = re.compile(r"\b(?:Sitzungsnummer|Sitzungs-Nr\.?|Sitzung\s+Nr\.?)\s*:?\s*(\d{1,3})\b", re.I)
_NUMBER_CODE = re.compile(r"^(?:[A-Z][A-Za-z]{1,6}/)(\d{3})/(\d{4})$")
_TERM = re.compile(r"(?:Legislatur|Wahl)periode\s*:?\s*(\d{4})\s*[-–/]\s*(\d{4})", re.I)


def _hm(h: str, m: str) -> str | None:
    return f"{int(h):02d}:{m}" if int(h) < 24 and int(m) < 60 else None


def _first_time(m: re.Match) -> str | None:
    groups = [g for g in m.groups() if g is not None]
    return _hm(groups[0], groups[1]) if len(groups) >= 2 else None


@dataclass
class Times:
    start_time: str | None = None
    end_time: str | None = None
    start_line: int = -1
    end_line: int = -1


def times(lines: list[Line], head_end: int, opening: list[Line]) -> Times:
    """Start and end: a stated duration, labelled start/end, the chair opening and closing, a title time."""
    out = Times()
    spans: list[tuple[int, str, str]] = []
    for i, ln in enumerate(lines):
        t = ln.text
        if not t or not _DIGIT.search(t) and not _LABEL_ONLY.match(t):
            continue
        if m := _SPAN.search(t):
            a, b = _hm(m.group(1), m.group(2)), _hm(m.group(3), m.group(4))
            if a and b:
                spans.append((i, a, b))
        if out.start_time is None and (m := _START.search(t)):
            out.start_time, out.start_line = _hm(m.group(1), m.group(2)), i
        if out.end_time is None and (m := _END.search(t)):
            out.end_time, out.end_line = _hm(m.group(1), m.group(2)), i
        if out.start_time is None and "Uhr" in t and (m := _START_HOUR.search(t)):
            out.start_time, out.start_line = _hm(m.group(1), "00"), i
        if out.end_time is None and "Uhr" in t and (m := _END_HOUR.search(t)):
            out.end_time, out.end_line = _hm(m.group(1), "00"), i
        if _LABEL_ONLY.match(t) and not (i and _LABEL_ONLY.match(lines[i - 1].text)):
            # "Sitzungsbeginn:" / "15:00 Uhr" on the next line; "Beginn:" / "Ende:" / "16:00 Uhr" / "20:18 Uhr" (the
            # labels' column, then the values', as PDF text of a Brandenburg council's minutes has them)
            n = 1
            while i + n < len(lines) and _LABEL_ONLY.match(lines[i + n].text):
                n += 1
            values = [m for ln in lines[i + n: i + 2 * n] if (m := re.match(_TIME, ln.text))]
            for k, m in enumerate(values if len(values) == n else ()):
                label = lines[i + k].text.lower()
                if label.endswith(("beginn", "beginn:")) and out.start_time is None:
                    out.start_time, out.start_line = _hm(m.group(1), m.group(2)), i + k
                elif "ende" in label and out.end_time is None:
                    out.end_time, out.end_line = _hm(m.group(1), m.group(2)), i + k
    if spans:  # a stated duration beats a scheduled "Beginn 16:00 Uhr"
        i, a, b = spans[0]
        out.start_time, out.end_time, out.start_line, out.end_line = a, b, i, i
    elif out.start_time is None and out.end_time is None and (parts := _part_times(lines)):
        (i, a, _), (j, _, b) = parts[0], parts[-1]
        out.start_time, out.end_time, out.start_line, out.end_line = a, b, i, j
    elif out.start_time is None and out.end_time is None and (
            alone := next(((i, m) for i, ln in enumerate(lines[: max(head_end, 0) + 2]) if ln.text
                           and (m := TIME_RANGE.match(ln.text))), None)):
        # "von 18.00 Uhr bis 20.15 Uhr" on a line of its own under the title
        i, m = alone
        out.start_time, out.end_time, out.start_line, out.end_line = _hm(m.group(1), m.group(2)), _hm(m.group(3), m.group(4)), i, i
    text_lines = [(i, ln) for i, ln in enumerate(opening) if ln.text]
    if out.start_time is None:
        for i, ln in text_lines:
            if (m := _OPENED.search(ln.text)) and (hm := _first_time(m)):
                out.start_time, out.start_line = hm, -1
                break
    if out.start_time is None:
        for i, ln in enumerate(sentences_of(lines[: max(head_end, 0)])):
            if ln.text and "geladen" not in ln.text and (m := _DATE_THEN_TIME.search(ln.text)):
                out.start_time, out.start_line = _hm(m.group(1), m.group(2)), i
                if m.group(3) and out.end_time is None:
                    out.end_time, out.end_line = _hm(m.group(3), m.group(4)), i
                break
    return out


def _part_times(lines: list[Line]) -> list[tuple[int, str, str]]:
    """(line, from, to) of each public part in a schedule of the session's parts."""
    out, label = [], False
    for i, ln in enumerate(lines):
        if not ln.text:
            continue
        m = TIME_RANGE.match(ln.text) if label else None
        if m and (a := _hm(m.group(1), m.group(2))) and (b := _hm(m.group(3), m.group(4))):
            out.append((i, a, b))
        label = bool(_PART_LABEL.match(ln.text))
    return out


# The members of a council or committee, as the chair counts them when stating the quorum.
MEMBERS = (r"(?:stimmberechtigten?\s+)?(?:Mitglied(?:er|ern)?|Gemeindevertreter(?:innen|n)?|Stadtverordneten?|Stadträten?"
            r"|Stadträtinnen(?:\s+und\s+Stadträten?)?|Gemeinderäten?|Gemeinderatsmitglieder[n]?|Ratsmitglieder[n]?|Ratsfrauen\s+und\s+Ratsherren"
            r"|Kreistagsabgeordneten?|Kreistagsmitglieder[n]?|Ausschussmitglieder[n]?|Bezirksverordneten?|Ortschaftsräten?"
            r"|Ortsbeiratsmitglieder[n]?|Ortsgemeinderatsmitglieder[n]?)\b(?!\s+(?:der|des)\s+(?:Verwaltung|Presse))")
_STATED_PRESENT = re.compile(
    r"\b(?P<a>\d{1,3})\s*\(?\s*von\s+\d{1,3}\s*\)?\s+(?:anwesenden\s+)?" + MEMBERS        # 6 von 9 Gemeindevertretern; 16 (von 21) anwesenden ...
    + r"|\bvon\s+(?:den\s+)?\d{1,3}\s+" + MEMBERS + r"\s+(?:sind|waren)\s+(?:\w+\s+){0,3}?(?P<b>\d{1,3})\s+anwesend"   # Von 11 ... sind 9 anwesend
    + r"|\b(?P<c>\d{1,3})\s+(?:anwesenden\s+)?" + MEMBERS, re.I)                          # Es sind 6 Gemeindevertreter anwesend
_SENTENCE_END = re.compile(r"(?<![\d\s])[.!?]\s+|;\s+")


def members_stated(paragraphs: list[str]) -> int | None:
    """The number of members present as the chair states it when opening the session ("Es sind 6 von
    9 Gemeindevertretern anwesend", "Beschlussfähigkeit mit 16 (von 21) anwesenden stimmberechtigten
    Mitgliedern"): the first such sentence of ``paragraphs``."""
    for paragraph in paragraphs:
        for sentence in _SENTENCE_END.split(paragraph):
            if "anwesend" in sentence.lower() and (m := _STATED_PRESENT.search(sentence)):
                return int(m.group("a") or m.group("b") or m.group("c"))
    return None


def _may_close(text: str) -> bool:
    """The words every form of _CLOSED has (most lines have none, and the pattern is tried at every position)."""
    low = text.lower()
    return "um" in low and ("schl" in low or "endet" in low) or low.startswith(("ende", "sitzungsende", "schluss"))


def end_from_closing(lines: list[Line]) -> str | None:
    for ln in lines:
        if ln.text and _may_close(ln.text) and (m := _CLOSED.search(ln.text)) and (hm := _first_time(m)):
            return hm
    return None


def place(lines: list[Line]) -> str | None:
    for ln in lines:
        if ln.text and (m := _PLACE.match(ln.text)) and m.group(1):
            value = m.group(1).strip(" ,")
            if value and not re.fullmatch(r"[\d.:\sUhr-]+", value):
                return value
    return None


def session_number(text_lines: list[str]) -> int | None:
    """"27. Sitzung", "Sitzung Nr. 24", "BVMi/019/2022": not "Niederschrift Nr. 84" or a previous session's number."""
    for t in text_lines:
        if not t or re.search(r"Genehmigung|Bestätigung|Einwendungen|Sitzung\s+vom\b", t) or "Protokoll" in t and "Nr" in t:
            continue
        if m := _NUMBER.search(t):
            return int(m.group(1))
        if m := _NUMBER_LABEL.search(t) or _NUMBER_OF.search(t):
            return int(m.group(1))
        if m := _NUMBER_CODE.match(t.strip()):
            return int(m.group(1))
    return None


def legislative_term(text: str) -> str | None:
    t = _TERM.search(text)
    return f"{t.group(1)}-{t.group(2)}" if t else None


_CHAIR_RE = re.compile(
    r"\b(?:Der|Die)\s+(?:Ausschussvorsitzende|Vorsitzende|Ratsvorsitzende|Bezirksbürgermeister(?:in)?|Oberbürgermeister(?:in)?"
    r"|Bürgermeister(?:in)?|Ortsbürgermeister(?:in)?|Präsident(?:in)?|\w*vorsteher(?:in)?)"
    # ("Der Vorsitzende der Stadtverordnetenversammlung, Herr Dr. Theiss, eröffnet ...")
    r"(?:\s+(?:der|des)\s+[A-ZÄÖÜ][\wäöüß-]+)?"
    r"\s*,?\s*(?:Herr|Frau)n?\s+(?:Dr\.\s+)?((?:[A-ZÄÖÜ][\wäöüß-]+\s+)?[A-ZÄÖÜ][\wäöüß-]+)"
)
# Without an article the office must open the session itself: "Bürgermeister Pohl eröffnet die Sitzung".
# ("Bürgermeister Pohl berichtet" is a report, said by whoever holds that office, chairing or not.)
_OPENING_OFFICE = (r"(?:Erste[r]?\s+)?(?:Ausschussvorsitzende[r]?|Vorsitzende[r]?|Kreistagsvorsitzende[r]?|Vors\."
                   r"|Ratsvorsitzende[r]?|Altersvorsitzende[r]?"
                   r"|Bürgermeister(?:in)?|Ortsbürgermeister(?:in)?|Bezirksbürgermeister(?:in)?|Oberbürgermeister(?:in)?"
                   r"|Amtsvorsteher(?:in)?|Bürgervorsteher(?:in)?|Stadtverordnetenvorsteher(?:in)?)"
                   r"\s+(?:(?:Herr|Frau)\s+)?(?:Prof\.\s+)?(?:Dr\.\s+)?((?:[A-ZÄÖÜ][\wäöüß-]+\s+)?[A-ZÄÖÜ][\wäöüß-]+)")
# "Der Vorsitzende, Kreistagsabgeordneter Dr. Vaske, eröffnete ...": the chair's own office between commas
_CHAIR_WITH_OFFICE = (r"\b(?:Der|Die)\s+Vorsitzende[r]?,\s+[A-ZÄÖÜ][\wäöüß-]+\s+(?:Prof\.\s+)?(?:Dr\.\s+)?"
                      r"((?:[A-ZÄÖÜ][\wäöüß-]+\s+)?[A-ZÄÖÜ][\wäöüß-]+),\s+eröffnete?\b")
# ("Um 18:00 Uhr eröffnete Erster Bürgermeister Tobias Roppelt die Sitzung", Bavaria)
_CHAIR_OPENS_RE = re.compile(r"\b" + _OPENING_OFFICE + r"\s+eröffnete?\b|\beröffnete?\s+" + _OPENING_OFFICE
                             + r"\s+die\s+(?:\w+\s+)?Sitzung\b|" + _CHAIR_WITH_OFFICE)
_SIGNED_RE = re.compile(r"^[A-ZÄÖÜ][\wäöüß .-]*,\s*(?:den\s+)?(" + _DATE + r")\s*$")


def chair_family_name(text: str) -> str | None:
    # (the patterns only where their words occur: the opening paragraph can be long)
    m = ("Herr" in text or "Frau" in text) and _CHAIR_RE.search(text) or "eröffnet" in text and _CHAIR_OPENS_RE.search(text)
    return next(g for g in m.groups() if g).split()[-1] if m else None


def signed_date(lines: list[Line]) -> str | None:
    for ln in lines:
        if m := _SIGNED_RE.match(ln.text):
            return iso_date(m.group(1))
    return None
