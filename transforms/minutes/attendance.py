"""The attendance list of a Niederschrift, in the layouts councils use.

A list is read line by line. A line is a section heading (a group: "SPD:", "CDU Rebenheim",
"BÜNDNIS 90/DIE GRÜNEN"; a role: "Vorsitz", "Stimmberechtigte Mitglieder", "Beratende
Mitglieder", "Von der Verwaltung", "Schriftführung", "Gäste"; an absence: "Entschuldigt:",
"Es fehlen:", "Nicht anwesend waren:"), a heading with its first entries ("Entschuldigt:
Marktgemeinderätin Anja Grimm"), one or several people, or what belongs to the person above
(a department, a position, a group label). People carry their own marks: a party in
parentheses or after a dash, "i. V. f. RM X" / "in Vertretung für" / "für Frau X" (a
substitute), "wurde vertreten durch" (the one substituted), "ab 15.40 Uhr" / "ab TOP 4"
(partial), "(entschuldigt)", "(e)", trailing "abwesend" (absent).

Three layouts need more than one line at a time: lists of names followed by lists of groups
or departments in the same order (PDF text extracted column by column), which pair up by
position; and fixed-width tables (pdftotext -layout) whose cells wrap over several lines.
A person who is only named as the one substituted is not an attendee: they get a row with
status "represented".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from transforms import factions
from transforms.layouts import Layout
from transforms.minutes.header import MEMBERS
from transforms.minutes.lines import Line, clean, join_text, letter_spaced, sentences_of, table_cells
from transforms.model import Attendee, ParseWarning, Span
from transforms.keys import folded, single_spaced
from transforms.names import PARTICLES, Name, could_end_name, is_office, parse_name

# (pattern, role, group_type, group) of a section heading; group None keeps the current one.
_SECTIONS = (
    (r"(?:vorsitz|vorsitzende[r]?|ausschussvorsitz\w*|sitzungsleitung|leitung)", "chair", "other", None),
    (r"(?:beratende|nicht\s+stimmberechtigte|stellvertretende|beratendes)\s+mitglied\w*|beratend|nicht\s+stimmberechtigte?"
     r"|mitglieder\s+ohne\s+stimmrecht|grundmandat\w*", "advisory_member", "advisory_member", "Beratende Mitglieder"),
    (r"(?:stimmberechtigte|ordentliche|reguläre|gewählte)\s+mitglieder|stimmberechtigte?|mitglieder|\w*mitglieder|\w*räte"
     r"|\w*rätinnen\s+und\s+\w*räte|stadtverordnete|gemeindevertreter(?:innen)?|bezirksvertreter(?:innen)?"
     r"|ständige\s+vertretung|mitglieder\s+(?:des|der)\s+\w+"
     r"|von\s+der\s+(?:gemeindevertretung|stadtverordnetenversammlung|stadtvertretung)|vom\s+(?:orts)?beirat", "member", "faction", ""),
    (r"(?:von\s+der\s+|seitens\s+der\s+|aus\s+der\s+|vertreter(?:innen)?\s+der\s+)?(?:stadt|gemeinde|kreis)?verwaltung"
     r"|verwaltung\s*/\s*protokollf\w+|bezirksamt|magistrat|gemeindevorstand|bürgermeisteramt|vom\s+magistrat"
     r"|vom\s+(?:gemeindevorstand|kreisausschuss)|(?:[\w]+-)?geschäftsstelle",
     "administration", "administration", "Verwaltung"),
    (r"schr\w{0,3}f?t?führ(?:ung|er|erin)|protokollführ\w*|protokoll|niederschrift", "recorder", "recorder",
     "Schriftführung"),
    (r"g(?:a|ä)st(?:e)?|als\s+g(?:a|ä)st(?:e)?|referent(?:/?in|innen)?(?:/in)?|berichterstatt\w*|sachverständige\w*"
     r"|zuhörer\w*|presse|sonstige\s+teilnehmende", "guest", "guest", "Gäste"),
    (r"(?:außerdem|ferner|weiterhin|zusätzlich)(?:\s+(?:sind|waren))?(?:\s+anwesend)?|weitere\s+teilnehm(?:ende|er(?:innen)?)"
     r"|(?:außerdem|ferner|weiterhin)\s+(?:nehmen|nahmen)\s+(?:an\s+der\s+sitzung\s+)?teil", "other",
     "other", None),
    (r"beigeordnete[rn]?", "other", "other", None),
)
# ("Der Vorsitzende:", "Die Ratsmitglieder:", "Erster Beigeordneter:" in Rhineland-Palatinate minutes; "B. Von der
# Verwaltung:" in Lower Saxony's)
_SECTION_START = r"^(?:\d\.\s*|[a-z]\)\s*|[IVX]+\.\s*|[A-H]\.\s+)?(?:als\s+)?(?:(?:der|die)\s+)?(?:(?:erste|zweite|dritte)[rn]?\s+)?"
# All of them as one pattern, tried in their order (one call per line instead of one per heading), their common
# start once (tried again for each heading, it cost two fifths of the pattern's time).
_SECTION_ANY = re.compile(_SECTION_START + "(?:" + "|".join(f"(?P<s{i}>{p})" for i, (p, *_) in enumerate(_SECTIONS))
                          + r")\s*:?$", re.I)
# (whole words: "Anwesende Mitglieder: A, B" must not read as "Anwesend" and "e Mitglieder: A")
_PRESENT = re.compile(r"^(?:anwesende(?:\s+mitglieder)?|anwesend(?:\s+(?:sind|waren))?|es\s+(?:waren|sind)\s+anwesend|anwesenheitsliste|anwesenheit|teilnehmende|teilnehmer(?:innen)?"
                      r"|teilgenommen\s+haben|(?:an\s+der\s+sitzung\s+)?(?:nahmen|nehmen)\s+teil|es\s+nahmen\s+teil"
                      r"|sitzungsteilnehmer\w*|(?:als\s+)?stimmberechtigt\s+(?:sind|waren)\s+anwesend)\b\s*:?", re.I)
# "Vom Magistrat waren anwesend:": a section's heading and that those listed under it were there
_SECTION_PRESENT = re.compile(r"^(?P<who>(?:vom|von\s+der|von\s+den|aus\s+der)\s+.{2,40}?)\s+(?:sind|waren)\s+anwesend\s*:$", re.I)
_ABSENT_HEAD = re.compile(
    r"^(?:(?:abwesend|fehlend)\s+(?:und\s+)?(?:un)?entschuldigt|(?:un)?entschuldigt\s+(?:und\s+)?abwesend"
    r"|(?:es\s+)?fehl(?:t|en|ten)(?:\s+entschuldigt)?|entschuldigt(?:\s+(?:fehlten|fehlen|waren|sind|abwesend))?"
    r"|abwesend(?:\s+(?:sind|waren))?|nicht\s+anwesend(?:\s+(?:sind|waren))?|verhindert(?:\s+(?:waren|sind))?"
    r"|nicht\s+teilgenommen(?:\s+(?:haben|hat))?"
    r"|unentschuldigt(?:\s+fehlten)?|(?:abwesende|fehlende)(?:\s+mitglieder)?(?:\s*\((?:un)?entschuldigt\))?"
    r"|entschuldigungen|entschuldigte(?:\s+mitglieder)?)(?![\w-])\s*:?", re.I)
_COUNT = re.compile(r"\b(?:anwesend(?:\s+sind)?\s*:?\s*(\d{1,3})\s+(?:Mitglieder|Personen|von)|(?:sind|waren)\s+(\d{1,3})\s+anwesend)", re.I)
# "Anwesend: Bürgermeister Hofer und 12 Gemeinderäte": the chair by name, the members by number
_AND_COUNT = re.compile(r"\s+und\s+(\d{1,3})(?P<range>\s*-\s*\d{1,3})?\s+" + MEMBERS + r"[^,;]*$")
_EXCEPTIONS = re.compile(r"^Von\s+den\s+(?:\d+|\w+)\s+\w+\s+sind\s+(?:\d+|\w+)\s+anwesend\s*(?:\((?P<list>.*)\))?", re.I)
_GIVEN_NAME = re.compile(r"[A-ZÄÖÜ][a-zäöüßéè]+(?:[ -][A-ZÄÖÜ][a-zäöüßéè]+)?")
_TRAILING_STATUS = re.compile(r"[\s,]+[-–]?\s*(entschuldigt|unentschuldigt|abwesend|nicht\s+anwesend)\s*[-–]?\s*$", re.I)
# "Lübke, Dominic (SPD)anwesend": a status column glued to the party's parenthesis (RIS lists as PDF text)
_STATUS_AFTER_PARENS = re.compile(r"\)\s*(anwesend|entschuldigt|unentschuldigt|abwesend|nicht\s+anwesend)\s*$", re.I)
_GIVEN_THEN_FUNCTION = re.compile(
    r"^(?P<given>[A-ZÄÖÜ][a-zäöüßéè]+(?:[ -][A-ZÄÖÜ][a-zäöüßéè]+)?(?:\s[A-ZÄÖÜ]\.)?)\s+(?P<function>(?:\d\.\s*)?\S.*)$")
# "Fibitz, Hans-Ulrich", "Tücking, Bernd F. 2. stellv. Bezirksbürgermeister": a list of such lines is one
# of names written family name first, not of pairs of family names.
_INVERTED = re.compile(r"^[A-ZÄÖÜ][\w'-]+(?:\s[\w'-]+)?,\s[A-ZÄÖÜ][a-zäöüßéè]+(?:[ -][A-ZÄÖÜ][a-zäöüßéè]+)?(?:\s|$)")
_INVERTED_LINES = 3
_AS_ROLE = re.compile(r"^als\s+(?P<role>(?:stellv\.\s+|stellvertretende[r]?\s+)?(?:Ausschuss)?[Vv]orsitzende[r]?"
                      r"|(?:Ausschuss)?[Mm]itglied(?:er)?|Schriftführer(?:in)?|Protokollführer(?:in)?)\s+(?P<who>\S.*)$")
_DEPARTMENT_THEN_PERSONS = re.compile(r"^(?P<department>[A-ZÄÖÜ][\w./&-]*(?:\s+[\w./&-]+){0,3}?)\s+"
                                      r"(?P<people>(?:Herren|Frauen|Herr|Frau)\s+[A-ZÄÖÜ].*)$")
_THE_MEMBERS = re.compile(r"^(?:die|der)\s+[A-ZÄÖÜ][\wäöüß]*(?:/(?:in|innen))?\s+(?=[A-ZÄÖÜ])")
_ADDRESSED = re.compile(r"^(?:Herrn?|Frau|Dr\.|Prof\.)\s+[A-ZÄÖÜ]")
_TOP_NUMBER = re.compile(r"^(\d{1,2})\.\s+\S")
# "1. Bürgermeister Jens Meyer 2. Armin Bock 3. Herbert Bredthauer": a numbered list whose line breaks the text
# lost (a Lower Saxony council's minutes as web text)
_NEXT_NUMBERED = re.compile(r"\s+(?=\d{1,2}\.\s+[A-ZÄÖÜ])")


def _numbered_run(text: str) -> list[str] | None:
    """The entries of a numbered list run together on one line, when they are numbered 1, 2, 3, ... in turn."""
    parts = _NEXT_NUMBERED.split(text)
    if len(parts) < 3 or not all(p.startswith(f"{k}.") for k, p in enumerate(parts, 1)):
        return None
    return parts


_ENUMERATED = re.compile(r"^(?:\d\.|[a-z]\)|[IVX]+\.)\s*\S")
_AND = re.compile(r"^(?:und|sowie|,)\s+(?=\S)")
_FAMILY_ONLY = re.compile(r"[A-ZÄÖÜ][a-zäöüßéè]+(?:-[A-ZÄÖÜ][a-zäöüßéè]+)?")
# A group's short name: "BfE", "EA", "FW/UB" (two capitals at least)
_SHORT_GROUP = re.compile(r"(?=(?:[^A-ZÄÖÜ]*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü./-]{1,9}")
_OFFICE_THEN_PERSON = re.compile(r"^(?P<office>[A-ZÄÖÜ][^,()]{2,80}?),\s+(?P<who>(?:Herr|Frau)\s+\S.*)$")
_FAMILY_PART = re.compile(r"(?P<title>(?:Prof\.\s*)?Dr\.\s*)?(?P<family>" + _FAMILY_ONLY.pattern + r")(?:\s*\((?P<note>[^()]*)\))?")
_PAREN_LEGEND = re.compile(r"^\((?:verhindert|entschuldigt|abwesend|fehlend)(?:\s+(?:waren|sind))?\)$", re.I)

_PARENS = re.compile(r"\(([^()]*)\)?")
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*Uhr)?"
_PARTIAL = re.compile(r"\b(?:ab|bis(?:\s+einschließlich)?|von)\s+(?:" + _TIME + r"|(?:TOP|Punkt|Tagesordnungspunkt)\s*[ÖN]?\s*\d[\w.]*)"
                      r"(?:\s*\(?" + _TIME + r"\)?)?(?:\s*(?:bis|-)\s*(?:" + _TIME + r"|TOP\s*\d[\w.]*))?"
                      # "Bezirksratsherr Busse 18.55 - 19.36 Uhr": the time attended, without a preposition
                      r"|(?<![\d.:])\d{1,2}[:.]\d{2}\s*(?:Uhr)?\s*[-–]\s*\d{1,2}[:.]\d{2}\s*Uhr", re.I)
_FOR_ITEMS = re.compile(r"\b(?:zu|bei|für)\s+(?:TOP|Punkt|Tagesordnungspunkt(?:en)?)\s*[ÖN]?\s*[\d.,\sbisund]+\d\.?", re.I)
_SUBSTITUTE = re.compile(
    r"\b(?:i\.\s?V\.(?:\s?f\.|\s+für|\s+von)?|in\s+Vertretung\s+(?:für|von)|Vertretung\s+für|vertritt|als\s+Vertret\w+\s+(?:für|von))"
    r"\s+(?P<who>.+)$", re.I)
_FOR = re.compile(r"(?:^|\s)für\s+(?P<who>(?:Herrn?|Frau|RM|Rm|sB|sE)\s+.+)$")
_REPRESENTED_BY = re.compile(r",?\s*(?:wurde|wird)?\s*vertreten\s+durch\s+(?P<who>.+)$", re.I)
_EXCUSED_WORD = re.compile(r"[,\s]\s*(?:\(\s*)?(?:entschuldigt|e|entsch\.)\s*\)?\s*$", re.I)
_UNEXCUSED_WORD = re.compile(r"[,\s]\s*(?:\(\s*)?unentschuldigt\s*\)?\s*$", re.I)
_ABSENT_WORD = re.compile(r"[,\s]\s*(?:\(\s*)?(?:abwesend|fehlt|fehlend)\s*\)?\s*$", re.I)
_CHAIR_MARK = re.compile(r",?\s*(?:als\s+)?(?:Vorsitzende[r]?|Vorsitz|Ausschussvorsitzende[r]?|Sitzungsleitung)\b", re.I)
# The session's chair by office: "Vorsitzender", "Ausschussvorsitzende", "Vorsitzende des Ausschusses";
# not "Vorsitzender Jugendbeirat" (a guest who chairs another body).
# Offices that chair only the council itself: "Stadtverordnetenvorsteherin" (Hessen), "Bürgervorsteher",
# "Stadtpräsident", "Kreispräsident" (Schleswig-Holstein); an "Ortsvorsteher" may attend a Gemeinderat as a guest.
_CHAIR_POSITION = re.compile(r"(?:\b|[Aa]usschuss|[Rr]ats)[Vv]orsitz\w*(?:\s+(?:des|der)\s+(?!\w*[Bb]eirat)\S+)?$"
                             r"|^(?:Stadtverordnetenvorsteher|Bürgervorsteher|Stadtpräsident|Kreispräsident)(?:in)?$")
# A deputy's office ends here: "stellvertr. Ausschussvorsitzender" is the deputy, not the chair.
_DEPUTY = re.compile(r"(?:stellv\.|stellvertr\.|stv\.|stellvertretende[r]?)\s*$", re.I)
_FACT_LABELS = ("beginn", "ende", "sitzungsbeginn", "sitzungsende", "ort", "raum", "sitzungsort", "gesetzliche mitglieder",
                "presse", "zuhörer", "sitzungsdauer", "termin", "datum")
_FACT_LABEL = re.compile(r"^(?:" + "|".join(_FACT_LABELS) + r")\b")
_UNIT_LABEL = re.compile(r"^(?:(?P<office>Ortsamt|Bezirksamt|Amt|Stadtamt)|(?:Orts|Jugend|Senioren)?[Bb]eirat)$")
_RECORDER_AFTER = re.compile(r",\s*(?:Protokoll|Protokollführung|Schriftführung)$")
_RECORDER_MARK = re.compile(r"(?<=[\s,])(?:zugleich\s+)?(?:als\s+)?(?:Schriftführer(?:in)?|Protokollführer(?:in)?)\b", re.I)
_DELEGATE = re.compile(r"^Beauftragte[r]?\s+(?:von|des|der)\s+(?P<of>(?:\S+\s+){1,4}?)(?P<who>[A-ZÄÖÜ][\w-]+\s+[A-ZÄÖÜ][\w-]+)$")
# "Frau Hansen vom Amt Geestrand", "Dipl.-Ing. Kruse vom Planungsbüro Nordwest": where the person comes from.
_FROM_ORG = re.compile(r"\s+(?:vom|von\s+der|von\s+den|von\s+der\s+Firma|der\s+Firma)\s+(?=(?:[A-ZÄÖÜ][\w-]*)?(?:[Aa]mt|[Bb]üro|[Vv]erwaltung"
                       r"|[Bb]ehörde|[Ww]erk|[Bb]etrieb|[Ii]ngenieurbüro|[Ll]andratsamt|[Kk]reis|[Ff]irma|[Gg]esellschaft)\b)")
_DASH = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*")
# (a number before a name, also a double given name: "3. Klaus-Friedrich Jordan")
_LIST_MARK = re.compile(r"^(?:[-•*·]\s+|\d{1,2}\.\s+(?=[A-ZÄÖÜ][a-zäöüß-]+(?:[A-ZÄÖÜ][a-zäöüß-]+)*,?\s+[A-ZÄÖÜ])|[a-z]\)\s+)")
_COLUMNS = re.compile(r"\t+|\s{3,}")
_FRAMED_OFFICE = re.compile(r"\s+-\s*([A-ZÄÖÜ][\w.]*(?:\s+[\w.]+)?)\s*-$")
_DIGIT = re.compile(r"\d")
_STATUS_ENDINGS = ("entschuldigt", "entsch.", "abwesend", "fehlt", "fehlend")


def _may_end_in_status(text: str) -> bool:
    """Whether ``text`` can end in a status word (_EXCUSED_WORD and the like): their cheap precondition."""
    tail = text.rstrip()
    tail = folded((tail[:-1] if tail.endswith(")") else tail).rstrip())
    return tail.endswith(_STATUS_ENDINGS) or tail[-1:] == "e" and (tail[-2:-1].isspace() or tail[-2:-1] in (",", "("))


_STATUS_IN_PARENS = {"e": "excused", "entschuldigt": "excused", "entsch.": "excused", "unentschuldigt": "absent",
                     "abwesend": "absent", "fehlt": "absent", "nicht anwesend": "absent"}
_VERWALTUNG = {"verwaltung", "stadtverwaltung", "gemeindeverwaltung"}
# A presence column's cells: present or not
_PRESENCE_CELL = {"ja": True, "x": True, "✓": True, "✔": True, "anwesend": True, "nein": False, "-": False, "–": False,
                  "nicht anwesend": False}


_FROM_UNIT = re.compile(r"^(?:vom|von\s+der|aus\s+dem|aus\s+der)\s+(?P<unit>(?:Fachbereich|Bereich|Amt|Referat|Dezernat"
                        r"|Fachdienst|Abteilung|Stadtamt|Geschäftsbereich|Stabsstelle|Ortsamt|Bezirksamt)\b[^:]{0,60})$", re.I)
_RECORD_LABEL = re.compile(r"^(?:Protokoll|Niederschrift)\s*:?\s+(?=(?:Herr|Frau)\s)")
_SECOND_PERSON = re.compile(r"(?<=[a-zäöüß.)])\s+(?=(?:Herr|Frau)\s+(?:Dr\.\s+)?[A-ZÄÖÜ][a-zäöüß]+\s+[A-ZÄÖÜ])")
_SECOND_ROLE = re.compile(r"\s+(?=(?:Protokoll(?:führer(?:in)?)?|Schriftführer(?:in)?|Vorsitz(?:ende[r]?)?)\s*:?\s+(?:Herr|Frau)\s)")
_INITIALLED = re.compile(r"(?:[A-ZÄÖÜ]\.-?\s*){1,3}[A-ZÄÖÜ][\wäöüß'’-]+")


def _initialled_list(text: str) -> list[str] | None:
    """The names of a line of them given by initials, the groups parted by dashes ("M. Wolter, N. Heide –
    E. Friesen, B. Punkenburg –"); None for any other line."""
    parts = [p.strip() for p in re.split(r",\s*|\s+und\s+|\s*(?:–|—|\s-{1,2})(?:\s+|$)", text) if p and p.strip()]
    return parts if len(parts) >= 2 and all(_INITIALLED.fullmatch(p) for p in parts) else None


@dataclass
class _Section:
    role: str = "member"
    group_type: str = "other"
    group: str | None = None
    status: str = "present"
    paren_absent: bool = False
    persons: list[Attendee] = field(default_factory=list)
    trailing: list[Line] = field(default_factory=list)   # lines after the names: departments, positions, labels
    header_line: int = 0
    department: str | None = None   # "vom Fachbereich 2": the unit of the staff listed below


# ---------------------------------------------------------------------------------------------
# One entry


# How one took part from afar: "(CDU, per Video)", "(online)" (hybrid sessions since 2020)
_REMOTE = re.compile(r"(?:online|digital|virtuell|hybrid|telefonisch|(?:digital\s+)?zugeschaltet|per\s+(?:Video(?:konferenz)?|Telefon))",
                     re.I)
_REMOTE_AFTER = re.compile(r",\s*(" + _REMOTE.pattern + r")$", re.I)


def _classify_paren(inner: str, entry: dict, section: _Section) -> None:
    s = inner.strip().strip(",").strip()
    low = s.lower()
    if not s:
        return
    if "," in s and (m := _REMOTE_AFTER.search(s)):
        entry["note"] = m.group(1)   # "(CDU, per Video)": the group, and how the member took part
        s, low = s[: m.start()].strip(), s[: m.start()].strip().lower()
    if low in _STATUS_IN_PARENS:
        entry["status"] = _STATUS_IN_PARENS[low]
    elif _REMOTE.fullmatch(s):
        entry["note"] = s
    elif m := _SUBSTITUTE.search(s):
        entry["substitute_for"] = m.group("who")
    elif low.startswith("für ") and (parse_name(s[4:].strip()) is not None or _FAMILY_ONLY.fullmatch(s[4:].strip())):
        entry["substitute_for"] = s[4:].strip()   # "Lang (für Krause)"
    elif _PARTIAL.search(s):
        entry["note"] = s
        entry["partial"] = True
    elif _FOR_ITEMS.search(s) or re.fullmatch(_TIME, s):
        entry["note"] = s
    elif low in ("rm", "sb", "se"):
        entry["member_role"] = {"rm": "Rm", "sb": "sB", "se": "sE"}[low]
    elif low in _VERWALTUNG:
        entry["admin"] = True
    elif re.fullmatch(r"(?:als\s+)?(?:schrift|protokoll)führer(?:in)?", low):
        entry["recorder"] = True   # "Jan-Hendrik Clasen (Protokollführer)"
    elif factions.looks_like_group(s) or factions.canonical(s):
        entry["group"] = s
    elif section.group_type in ("administration", "guest", "recorder"):
        entry["department"] = s
    elif is_office(s):
        entry["position"] = s   # "Mücke, Markus (Bürgermeister)"
    else:
        entry["note"] = s


# Words that follow a name as its function ("Karl-Walter Hollmann Geschäftsführer Bezirksvertretung"),
# never a family name themselves (unlike "Baumeister" or "Leiter").
_FUNCTION_AFTER_NAME = frozenset({"Geschäftsführer", "Geschäftsführerin", "Sachbearbeiter", "Sachbearbeiterin",
                                  "Referent", "Referentin", "Protokollführer", "Protokollführerin", "Schriftführer",
                                  "Schriftführerin", "Fachbereichsleiter", "Fachbereichsleiterin", "Amtsleiter",
                                  "Amtsleiterin", "Bezirksbürgermeister", "Bezirksbürgermeisterin"})


@lru_cache(maxsize=1 << 14)
def _name_and_rest(text: str) -> tuple[Name | None, str]:
    """The longest start of ``text`` that reads as a person's name, and what follows it."""
    tokens = text.split()
    for n in range(min(len(tokens), 8), 0, -1):
        if not could_end_name(tokens[n - 1]) or n > 1 and tokens[n - 1] in _FUNCTION_AFTER_NAME:
            continue
        name = parse_name(" ".join(tokens[:n]))
        if name is not None:
            return name, " ".join(tokens[n:])
    return None, text


_GROUP_WORD = re.compile(r"(?<=\S)\s+([\w/-]+)$")
_NAME_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüßéè]+(?:-[A-ZÄÖÜ][a-zäöüßéè]+)?")
# A local list's short name after a name, where no known party is: "BOS", "B.I.S. / FBM" (not "SCHMIDT", nor a
# typist's initials: "Frau Heike Brandt EC")
_ACRONYMS = re.compile(r"(?:[A-ZÄÖÜ]{3,4}|(?:[A-ZÄÖÜ]\.){2,5})(?:\s*/\s*(?:[A-ZÄÖÜ]{2,4}|(?:[A-ZÄÖÜ]\.){2,5}))?")


def _group_tail(s: str) -> tuple[str, str] | None:
    """A Fraktion written after a person's full name without brackets: (the group, the name before it)."""
    tokens = s.split()
    for k in (4, 3, 2, 1):
        head = tokens[:-k]
        if len(head) < 3 or not _NAME_WORD.fullmatch(head[-1]):   # "Herr", a given name and a family name at least
            continue
        tail = " ".join(tokens[-k:])
        if factions.canonical(tail) or factions.looks_like_group(tail) or _ACRONYMS.fullmatch(tail):
            return tail, " ".join(head)
    return None


def parse_entry(text: str, line: Line, section: _Section) -> Attendee | None:
    """One person from one entry of the list, or None when the text is not a person."""
    entry: dict = {}
    s = _LIST_MARK.sub("", text.strip()).strip()
    if s.endswith(("-", "–", "anwesend")) and (m := _TRAILING_STATUS.search(s)):
        # "Petra Kamolla, stellv. Bezirksbürgermeisterin - entschuldigt -", "Bernhard Klösel nicht anwesend"
        s = s[: m.start()].rstrip(" ,-–")
        entry["status"] = "absent" if m.group(1).lower().startswith(("nicht", "unent", "abw")) else "excused"
    if s.endswith(("anwesend", "entschuldigt", "abwesend")) and (m := _STATUS_AFTER_PARENS.search(s)):
        s, word = s[: m.start() + 1], folded(m.group(1))
        if word != "anwesend":
            entry["status"] = "absent" if word.startswith(("nicht", "unent", "abw")) else "excused"
    s = s.replace("‚", "").replace("\u201a", "").strip()
    if not s or len(s) > 200:
        return None
    if s[:4] == "als " and (m := _AS_ROLE.match(s)):
        # "als Vorsitzender Herr Schindler", "als Ausschussmitglieder Herr Dr. Brock" (the role heads the first name)
        role, s = m.group("role").lower(), m.group("who")
        if "vorsitz" in role and not role.startswith(("stellv", "stv")):
            entry["chair"] = True
        elif "führer" in role:
            entry["recorder"] = True
    if s[:1] in "PN" and (m := _RECORD_LABEL.match(s)):   # "Protokoll Frau Tietjen vom Ortsamt"
        entry["recorder"], s = True, s[m.end():]
    elif s[:11] == "Verwaltung " and parse_name(s[11:]) is not None:
        entry["admin"], s = True, s[11:]   # "Verwaltung Christoph Thordsen" (a Schleswig-Holstein Amt's minutes)
    if (", Herr" in s or ", Frau" in s) and (m := _OFFICE_THEN_PERSON.match(s)) and parse_name(m.group("office")) is None:
        entry["position"], s = m.group("office"), m.group("who")   # "Oberbürgermeister, Herr Schneider"
    if section.paren_absent and s.startswith("(") and ")" in s and parse_name(s[1:s.index(")")]):
        entry["status"] = "excused"
        s = s[1:s.index(")")] + " " + s[s.index(")") + 1:]
    # (each pattern below only where the words it needs occur: this runs on every entry of every list)
    if "vertreten" in folded(s) and (m := _REPRESENTED_BY.search(s)):
        entry["represented_by"], s = m.group("who").strip(" ,.;"), s[: m.start()].strip(" ,")
    statused = _may_end_in_status(s)
    for pattern, status in ((_UNEXCUSED_WORD, "absent"), (_EXCUSED_WORD, "excused"), (_ABSENT_WORD, "absent")):
        if statused and (m := pattern.search(s)):
            entry["status"], s = status, s[: m.start()].strip(" ,")
            break
    low = folded(s)
    if ("i." in low or "vertr" in low) and (m := _SUBSTITUTE.search(s)):
        # (also inside parentheses: "Frau Kurz, Grüne (Vertretung für Herrn Vogel)")
        entry["substitute_for"], s = m.group("who").rstrip(" )"), s[: m.start()].rstrip(" (").strip(" ,")
    elif "für" in s and (m := _FOR.search(s)):
        entry["substitute_for"], s = m.group("who"), s[: m.start()].strip(" ,")
    if "(" in s:
        for inner in _PARENS.findall(s):
            _classify_paren(inner, entry, section)
        s = _PARENS.sub(" ", s)
    s = s.strip(" ,")
    numbered = _DIGIT.search(s) is not None
    if numbered and (m := _PARTIAL.search(s)):
        entry["note"], entry["partial"], s = m.group(0), True, (s[: m.start()] + " " + s[m.end():]).strip(" ,")
    if numbered and (m := _FOR_ITEMS.search(s)):
        entry["note"], s = m.group(0).strip(), (s[: m.start()] + " " + s[m.end():]).strip(" ,")
    low = folded(s)
    if ("vorsitz" in low or "sitzungsleitung" in low) and (m := _CHAIR_MARK.search(s)):
        if m.start() > 0 and not _DEPUTY.search(s[: m.start()]):   # "stellv. Vorsitzender X" is an office
            entry["chair"], s = True, (s[: m.start()] + s[m.end():]).strip(" ,-–")   # "Wolfgang Krüger - Vorsitzender"
    if "führer" in folded(s) and (m := _RECORDER_MARK.search(s)):
        if m.start() > 0:
            entry["recorder"], s = True, (s[: m.start()] + s[m.end():]).strip(" ,-–")
    elif s.endswith(("Protokoll", "führung")) and (m := _RECORDER_AFTER.search(s)):
        entry["recorder"], s = True, s[: m.start()].strip(" ,-–")   # "Verwaltungsbeamter Thomas Backhaus, Protokoll"
    s = single_spaced(s).strip(" ,;")
    if s.startswith("Beauftragte") and (m := _DELEGATE.match(s)):
        s = m.group("who")  # "Beauftragte von Bürgermeister Andreas Wirtz Lisa Molitor": the delegate attends
        entry.setdefault("department", m.group("of").strip())
        entry["admin"] = True
    if ("vo" in s or "Firma" in s) and (m := _FROM_ORG.search(s)):
        entry.setdefault("department", s[m.end():].strip(" ,") or None)
        entry["external"] = True
        s = s[: m.start()].strip(" ,")
    if s.endswith("-") and (m := _FRAMED_OFFICE.search(s)) and is_office(m.group(1).split()[0]):
        entry["position"], s = m.group(1), s[: m.start()]   # "Dr. Bernhard Hertel -Bürgermeister-"
    parts = _DASH.split(s, maxsplit=1)
    if len(parts) == 2 and parts[1].strip():
        s, after = parts[0].strip(), parts[1].strip()
        if factions.looks_like_group(after):
            entry["group"] = after
        elif after.lower() in _VERWALTUNG:
            entry["admin"] = True
        else:
            entry["department"] = after
    function = None
    if ", " in s:
        head, _, tail = s.partition(", ")
        # "Müller, Hans" is a name; "Heinz Fiedler, Bezirksbürgermeister" is a name and a function.
        given = _GIVEN_NAME.fullmatch(tail)
        if given and head[:5] in ("Herr ", "Frau ") and factions.canonical(tail):
            given = None   # "Frau Kurz, Grüne": after a form of address, a party, not a given name
        if (g := _GIVEN_THEN_FUNCTION.match(tail)) and len(_strip_prefixes(head).split()) == 1 \
                and any(is_office(w) for w in g.group("function").split()):
            # "Krüger, Hans-Ulrich 1. stellv. Bezirksbürgermeister": family name, given name, function
            head, tail = f"{head}, {g.group('given')}", g.group("function")
            given = None
        other = parse_name(tail)
        if other is not None and not is_office(other.family_name) and (
                other.form_of_address or other.position or other.member_role):
            return None  # "Stadtrat Huber, Stadträtin Maier": two people; the caller splits the line
        family = _strip_prefixes(head).split()
        if given and len(family) >= 2 and is_office(family[0]) and parse_name(f"{family[-1]}, {tail}") and (
                len(family) == 2 or all(w in PARTICLES for w in family[1:-1])):
            # "Ortsvorsteher Hofmann, Dirk" (an HTML table's name cell): the office, then the name inverted
            entry["position"] = family[0]
            head, family = " ".join(family[1:]), family[1:]
            s = f"{head}, {tail}"
        inverted = len(family) == 1 or len(family) >= 2 and all(w in PARTICLES for w in family[:-1])
        if inverted and section.group_type in ("guest", "administration", "recorder") and re.match(r"(?:Herrn?|Frau)\s", head):
            inverted = False   # a guest's "Herr Lembrecht, Amt Bordesholm": where they come from, not a given name
        if not (given and inverted and not any(is_office(w) for w in tail.split())):
            s, function = head, tail
    if "group" not in entry and s[:5] in ("Herr ", "Frau ") and (grouped := _group_tail(s)):
        entry["group"], s = grouped   # "Herr Holger Hüttel DIE LINKE.", "Herr Mike Bösel B.I.S. / FBM"
    if "group" not in entry and (m := _GROUP_WORD.search(s)) and (
            "raktion" in m.group(1) or not _FAMILY_ONLY.fullmatch(m.group(1)) and factions.canonical(m.group(1))):
        # "Herr Melters Bürgerfraktion", "Herr Osterkamp CDU": a word naming a Fraktion (not one that is also
        # a family name, as "Linke") after the name
        entry["group"], s = m.group(1), s[: m.start()]
    name, rest = _name_and_rest(s)
    if name is None:
        return None
    if rest and (m := _AND.match(rest)) and _name_and_rest(rest[m.end():])[0]:
        return None  # two people: the caller splits the line
    if rest:
        if factions.looks_like_group(rest) and "group" not in entry:
            entry["group"] = rest
        elif rest.lower() in ("sb", "eb", "rb"):
            pass  # a typist's initials after the recorder's name
        elif "department" not in entry:
            entry["department"] = rest
    if factions.canonical(s) and not name.form_of_address and not name.position:
        return None
    if section.group_type in ("administration", "guest") and not (
            name.form_of_address or name.member_role or name.position or name.given_name):
        return None  # an unprefixed single word here is a department of the list above
    if function:
        if factions.looks_like_group(function):
            entry.setdefault("group", function)
        elif "department" not in entry and section.group_type in ("administration", "guest", "recorder") and not re.search(
                r"(?:meister|führer|leiter|sprecher|vorsitzende)(?:in)?\b", function, re.I):
            entry["department"] = function
        elif name.position is None:
            name = replace(name, position=function)
    return _attendee(name, entry, line, section)


_ADMIN_TITLE = re.compile(
    r"(?:kämmerer|kämmerin|amtsleiter(?:in)?|Leiter(?:in)?\b|verwaltungs\w*|sachbearbeiter(?:in)?|dezernent(?:in)?"
    r"|beigeordnete[r]?\b(?<!Orts\w{11})|fachbereichsleiter(?:in)?|stadtbaurat|stadtbaurätin|stadtdirektor(?:in)?"
    r"|bezirksamtsleiter(?:in)?|geschäftsführer(?:in)?|^Erster?\s+Stadtrat|^StR\b|^BM\b|^OB\b|^LVB\b|Oberbürgermeister(?:in)?)", re.I)


_CHAIR_NOTES = frozenset({"vorsitz", "sitzungsleitung", "leitung der sitzung"})


def _attendee(name, entry: dict, line: Line, section: _Section) -> Attendee:
    if entry.get("position") and not name.position:
        name = replace(name, position=entry["position"])
    role = section.role
    group_type = section.group_type
    group = section.group
    if (name.position and _ADMIN_TITLE.search(name.position) and not entry.get("group") and section.group is None
            and role in ("member", "other") and section.group_type in ("other", "faction")
            and not re.match(r"^Orts", name.position)):
        role, group_type, group = "administration", "administration", "Verwaltung"
    if entry.get("group"):
        group = factions.group_name(entry["group"])
        if group_type == "other":
            group_type = "faction"
    if entry.get("admin"):
        role, group_type, group = "administration", "administration", "Verwaltung"
    if (entry.get("note") or "").strip(" .").lower() in _CHAIR_NOTES:
        entry = {**entry, "chair": True, "note": None}   # "Herr Andersen (Vorsitz)" (Hamburg's Bezirksversammlungen)
    if entry.get("chair") or (name.position and _CHAIR_POSITION.search(name.position)
                              and not re.match(r"(?:\d\.\s*)?(?:stellv|stv\.)", name.position, re.I)):
        role = "chair"
    if entry.get("recorder") or (name.position and re.search(r"(?:Schrift|Protokoll)führ", name.position)):
        role = "recorder"
        if group_type not in ("administration",):
            group_type, group = "recorder", group if entry.get("group") else "Schriftführung"
    if role == "chair" and group_type == "other" and not entry.get("group"):
        group = None
    status = entry.get("status") or section.status
    if entry.get("represented_by") and status == "present":
        status = "represented"
    substitute = entry.get("substitute_for")
    if substitute:
        substitute = _strip_name(substitute)
        if status == "present":
            status = "substitute"
    if entry.get("partial") and status == "present":
        status = "partial"
    if role == "other" and (entry.get("external") or entry.get("note") and _FOR_ITEMS.search(entry["note"] or "")):
        role, group_type, group = "guest", "guest", "Gäste"  # "zu TOP 2", "vom Planungsbüro": a guest of the session
    note = entry.get("note")
    if entry.get("represented_by"):
        note = f"vertreten durch {entry['represented_by']}"
    return Attendee(
        family_name=name.family_name, given_name=name.given_name, form_of_address=name.form_of_address,
        academic_title=name.academic_title, position=name.position, member_role=name.member_role,
        span=Span(line.no, line.no), group=group, group_type=group_type, status=status, role=role,
        department=entry.get("department"), substitute_for=substitute, note=note,
    )


def _strip_prefixes(text: str) -> str:
    """A name without form of address, member role and title: "Rm Dr. Müller" -> "Müller"."""
    return re.sub(r"^(?:(?:Herrn?|Frau|Rm|RM|sB|sE|Dr\.|Prof\.)\s+)+", "", text.strip())


def _strip_name(text: str) -> str:
    """"Herr RM Pasternak" -> "Pasternak"; "Frau Rosemarie Schlüter" -> "Rosemarie Schlüter"."""
    s = _PARENS.sub("", text).strip(" ,.;")
    name = parse_name(s)
    if name is None:
        name, _ = _name_and_rest(s)
    return name.full if name else s


# ---------------------------------------------------------------------------------------------
# Headings


def _heading(text: str) -> tuple[str, str, str | None] | None:
    """(role, group_type, group) of a section heading line, or None."""
    m = _SECTION_ANY.match(text.strip().rstrip(":").strip())
    return _SECTIONS[int(m.lastgroup[1:])][1:] if m and m.lastgroup else None


def _addressed_each(people: str) -> str:
    """"Herren Schnabel, Schünemann, Frau Drochner" -> "Herr Schnabel, Herr Schünemann, Frau Drochner"."""
    out, form = [], None
    for part in (p.strip() for p in re.split(r",\s*|\s+und\s+", people) if p.strip()):
        if m := re.match(r"(Herren|Frauen|Herrn?|Frau)\s+(.+)$", part):
            form = {"Herren": "Herr", "Frauen": "Frau", "Herrn": "Herr"}.get(m.group(1), m.group(1))
            part = f"{form} {m.group(2)}"
        elif form:
            part = f"{form} {part}"
        out.append(part)
    return ", ".join(out)


def _group_heading(text: str) -> str | None:
    t = _LIST_MARK.sub("", text.strip()).rstrip(":").strip()
    t = _FROM_GROUP.sub("", t)   # "von der CDU-Fraktion:"
    if t.startswith("(") and t.endswith(")"):
        return None  # a label in parentheses belongs to a name above
    if ":" in t:
        return None  # "Die Grünen: Rexrodt, Schultz": a group with its members on the line (Reader.line's colon case)
    if len(t) < 60 and (factions.canonical(t) or factions.looks_like_group(t) and parse_name(t) is None):
        return t
    return None


# ("Stadtverordnete SPD-Fraktion", a Hessian SessionNet list's group heading)
_FROM_GROUP = re.compile(r"^(?:von\s+der|aus\s+der|für\s+die|(?:Stadtverordnete|Gemeindevertreter(?:innen)?|Ratsmitglieder"
                         r"|Kreistagsabgeordnete|Bezirksverordnete|Mitglieder)(?:\s+der)?)\s+(?=\S*[Ff]raktion\b|Fraktion\b|Gruppe\b)")


def _label(text: str) -> str | None:
    """A group label on its own line, as lists extracted column by column print it: "(SPD)", "CDU", "fraktionslos"."""
    t = text.strip().rstrip(":").strip()
    inner = t[1:-1].strip() if t.startswith("(") and t.endswith(")") else t
    if not inner or len(inner) > 60 or ":" in inner:
        return None
    if factions.looks_like_group(inner) or factions.canonical(inner) or inner.lower() in _VERWALTUNG:
        return inner
    return None


# ---------------------------------------------------------------------------------------------
# The list


def _each(people: list[Attendee | None]) -> list[Attendee] | None:
    """``people`` if each of them was read, else None."""
    read = [p for p in people if p is not None]
    return read if len(read) == len(people) else None


class _Reader:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.out: list[Attendee] = []
        self.warnings: list[ParseWarning] = []
        self.section = _Section()
        self.declared: int | None = None
        self.pending_labels: list[tuple[Line, str]] = []
        self.inverted = False   # the list writes "Nachname, Vorname", one person a line
        # A list whose first entry is "1. ...": the last number of its entries while they list those present
        # ("1. Vorsitzender X", "2. ..."); None when the list is not numbered from its first line ("3. Ortsbeigeordneter
        # Y" in an unnumbered list is an office's rank)
        self.outer_number: int | None = None

    # -- sections
    def new_section(self, line: Line, role: str, group_type: str, group: str | None, status: str | None = None) -> None:
        old = self.section
        self.flush()
        # A role's own list ("Schriftführer:", "Außerdem anwesend:") ends an absence list; a members' heading does
        # not, unless it is numbered like the list's other parts ("II. Mitglieder des Rates").
        numbered = bool(_ENUMERATED.match(line.text.strip()))
        status = status or (old.status if role == "member" and not numbered else "present")
        if group == "":  # a members' heading: members of no group yet
            group = None
        elif group is None and role == "other":
            group = None
        elif group is None:
            group = old.group if old.group_type == "faction" else None
        self.section = _Section(role, group_type, group, status, old.paren_absent, header_line=line.no)

    def flush(self) -> None:
        self.pair_labels()
        section = self.section
        listed = section.group_type in ("administration", "guest", "recorder")
        unpaired = [p for p in section.persons if p.department is None and (listed or p.position is None)]
        depts = section.trailing
        if depts and len(unpaired) == len(depts):
            for person, dept in zip(unpaired, depts):
                if section.group_type in ("administration", "guest", "recorder"):
                    person.department = dept.text
                else:
                    person.position = dept.text
                person.span = Span(person.span.start, max(person.span.end, dept.no))
        elif depts and section.group_type in ("administration", "guest", "recorder"):
            self.warnings.append(ParseWarning(
                section.header_line or depts[0].no,
                f"{len(unpaired)} names and {len(depts)} departments under '{section.group}' "
                f"(lines {depts[0].no}-{depts[-1].no}) do not pair up; departments left empty",
            ))
        self.out.extend(section.persons)
        section.persons = []
        section.trailing = []

    def pair_labels(self) -> None:
        """Group labels printed after the names they belong to, in the same order."""
        labels = self.pending_labels
        if not labels:
            return
        self.pending_labels = []
        candidates = [p for p in self.section.persons if p.group is None or p.group_type in ("other", "chair")]
        if len(labels) == 1:
            candidates = (candidates or self.out[-1:])[-1:]
        if len(candidates) < len(labels):
            candidates = [p for p in (self.out + self.section.persons) if p.group is None][-len(labels):]
        if len(candidates) < len(labels):
            self.warnings.append(ParseWarning(labels[0][0].no, f"{len(labels)} group labels but only {len(candidates)} "
                                                               "names before them; labels left unassigned"))
            return
        for person, (line, label) in zip(candidates[-len(labels):], labels):
            self._set_group(person, label)
            person.span = Span(person.span.start, max(person.span.end, line.no))

    @staticmethod
    def _set_group(person: Attendee, label: str) -> None:
        if label.lower() in _VERWALTUNG:
            person.group, person.group_type = "Verwaltung", "administration"
            if person.role == "member":
                person.role = "administration"
            return
        person.group = factions.group_name(label)
        if person.group_type in ("other", "faction"):
            person.group_type = "faction"

    # -- lines
    def add_person(self, person: Attendee) -> None:
        if self.pending_labels:
            self.pair_labels()
        if self.section.department and person.department is None:
            person.department = self.section.department
        self.section.persons.append(person)

    def line(self, line: Line, following: str = "") -> None:
        text = line.text.strip()
        if not text or set(text) <= set("-.*_ |\u00a0"):
            return
        if text[:2] == "1." and (run := _numbered_run(text)):
            for part in run:
                self.line(replace(line, text=part, raw=part), following)
            return
        low = text.lower()
        if text[0] == "(" and _PAREN_LEGEND.match(text):
            self.section.paren_absent = True
            return
        m = _TOP_NUMBER.match(text) if text[0].isdigit() else None
        if m and m.group(1) == "1" and not self.out and not self.section.persons:
            self.outer_number = 0
        if m and self.outer_number is not None:
            number = int(m.group(1))
            if self.section.status != "present" and number == self.outer_number + 1 and self.section.persons:
                # "3. die Ratsmitglieder ... / Entschuldigt hat gefehlt: / X / 4. Bürgermeister der VG Y": the list
                # of those present goes on with its next number; the excused were a list inside it
                self.flush()
                self.section = _Section(paren_absent=self.section.paren_absent, header_line=line.no)
            if self.section.status == "present":
                self.outer_number = number
        if "anwesend" in folded(text) and (m := _COUNT.search(text)):
            self.declared = int(m.group(1) or m.group(2))
        if low.startswith("von") and (m := _EXCEPTIONS.match(text)):
            before = len(self.section.persons)
            for part in re.split(r",\s*|\s+und\s+", m.group("list") or ""):
                self.entry(part, line)
            self._binding_notes(before)
            return
        if low.startswith(_FACT_LABELS) and _FACT_LABEL.match(low):   # (the whole word: "Ortsamt: ..." lists people)
            if (":" in text[:30] and text.rstrip(" :") != text.split(":")[0].rstrip()) or re.search(r"\d", text):
                return   # "Presse: 0", "Beginn: 18:00 Uhr"; a bare "Presse:" heads a list
        if low[:3] in ("vom", "von", "aus") and (m := _FROM_UNIT.match(text)):
            self.new_section(line, "administration", "administration", "Verwaltung")
            self.section.department = m.group("unit")   # the department of each person listed below it
            return
        label = _label(text)
        parenthesised = text.startswith("(") and text.endswith(")")
        if label is not None and (parenthesised or (not text.endswith(":") and _heading(text) is None and (
                self.pending_labels or self._wants_label() and (_label(following) is not None or not following)))):
            # A label after names: a run of labels (names and groups extracted column by column) or one in parentheses.
            self.pending_labels.append((line, label))
            return
        if low[:2] in ("vo", "au") and (m := _SECTION_PRESENT.match(text)) and (heading := _heading(m.group("who"))):
            self.new_section(line, *heading, status="present")
            return
        if (m := _PRESENT.match(text)) and (":" in m.group(0) or not parse_name(text[m.end():].strip() or "x")):
            rest = text[m.end():].strip(" :")
            if rest and (c := _AND_COUNT.search(rest)):
                if self.declared is None and not c.group("range"):   # ("12-13": some came later)
                    self.declared = int(c.group(1))
                rest = rest[: c.start()]
            self.flush()
            if self.section.role in ("chair", "recorder"):
                # "Vorsitzender: X / Schriftführer: Y / Anwesende Mitglieder: A, B": the list of members begins
                self.section = _Section(paren_absent=self.section.paren_absent, header_line=line.no)
            self.section.status = "present"
            head, colon, _ = rest.partition(":")
            if colon and len(head) < 40 and _group_heading(head):
                self.line(replace(line, text=rest, raw=rest), following)   # "Anwesenheit: CDU: Köckert, Adam, ..."
            elif rest and not _COUNT.search(text):
                self.inline(rest, line)
            return
        if m := _ABSENT_HEAD.match(text):
            # ("Entschuldigt fehlten die Gemeindevertreter/in Isabel Burggraf, ... und Klaus Reusch.")
            rest = _THE_MEMBERS.sub("", text[m.end():].strip(" :").rstrip("."))
            if not rest or not parse_name(text):
                self.flush()
                status = "absent" if re.match(r"^(?:unentschuldigt|abwesend|nicht\s+anwesend|nicht\s+teilgenommen|es\s+fehl)", low) \
                    else "excused"
                if "entschuldigt" in low and not low.startswith("unentschuldigt"):
                    status = "excused"
                if "(e)" in text:
                    status = "excused"
                self.section = _Section("member", "other", None, status, header_line=line.no)
                if rest:
                    self.inline(rest, line)
                return
        head, colon, rest = text.partition(":")
        heading = _heading(text) or (_heading(head) if colon and len(head) < 50 else None)
        if heading:
            role, group_type, group = heading
            self.new_section(line, role, group_type, group)
            if colon and rest.strip() and not _heading(text):
                self.inline(rest.strip(), line)
            return
        if colon and head[:1].isupper() and rest.strip() and (unit := _UNIT_LABEL.match(head)):
            # "Ortsamt: Inga Köstner, Vorsitzende", "Beirat: Barnabás Adam, Gerhard Amenda, ..." (a Bremen Beirat's
            # list): where the names on the line come from
            if unit.group("office"):
                self.new_section(line, "administration", "administration", "Verwaltung")
                self.section.department = head
            else:
                self.new_section(line, "member", "faction", "")
            self.inline(rest.strip(), line)
            return
        if colon and head[:1].isupper() and len(head) < 40 and is_office(head.split()[-1]) and rest.strip() \
                and (person := parse_entry(f"{head} {rest.strip()}", line, self.section)) is not None:
            self.add_person(person)   # "Ortsbürgermeister: Hans Meier": an office as the label of its holder
            return
        group = _group_heading(text)
        if group:
            self.flush()
            role = "member" if self.section.role in ("chair", "other", "member") else self.section.role
            if self.section.group_type in ("administration", "guest", "recorder"):
                role = "member"
            self.section = _Section(role if role != "advisory_member" else role,
                                    "faction" if role != "advisory_member" else "advisory_member",
                                    factions.group_name(group), self.section.status, self.section.paren_absent,
                                    header_line=line.no)
            return
        if colon and len(head) < 40 and parse_name(head) is None and (g := _group_heading(head) or self._local_group(head, rest)):
            self.flush()
            self.section = _Section("member", "faction", factions.group_name(g), self.section.status,
                                    self.section.paren_absent, header_line=line.no)
            self.inline(rest.strip(), line, group_list=True)
            return
        # (wide gaps around a letter-spaced name are no columns: "Frau Helga  L i e t z k e   (Vorsitzende)")
        tabular = ("\t" in line.raw or "   " in line.raw.strip()) and not letter_spaced(line.raw)
        if tabular and self.table_row(line, [c for c in map(clean, _COLUMNS.split(line.raw.strip())) if c]):
            return
        if text[0] == "|" and self.table_row(line, table_cells(text)):
            return   # "| Jannik Bettinger | entschuldigt |": a table as web text writes it (a Saarland council's minutes)
        if ", " in text and not (self.inverted and text.count(",") == 1) and self._family_list(text, line):
            return
        columns = [clean(c) for c in _COLUMNS.split(line.raw.strip()) if clean(c)] \
            if "  " not in line.raw or not letter_spaced(line.raw) else [text]
        if len(columns) > 1:
            if entries := _each([parse_entry(c, line, self.section) for c in columns]):
                for e in entries:
                    self.add_person(e)
                return
        if (" Herr" in text or " Frau" in text) and (m := _DEPARTMENT_THEN_PERSONS.match(text)) \
                and parse_name(m.group("department")) is None and (
                    not is_office(first := m.group("department").split()[0]) or first.endswith("beirat")):
            # "Stadtplanung Herren Schnabel, Schünemann, Frau Drochner", "Verkehr Herr Dr. Klotz": where they come from
            before = len(self.section.persons)
            self.inline(_addressed_each(m.group("people")), line)
            for person in self.section.persons[before:]:
                person.department = person.department or m.group("department")
            return
        if ", " in text and all(_ADDRESSED.match(p.strip()) for p in text.split(",")):
            self.inline(text, line)   # "Herr Basson, Dr. Eymer, Frau Scheel, Herr Schultz": persons, each addressed
            return
        if self.entry(text, line):
            return
        self.section.trailing.append(line)

    def _wants_label(self) -> bool:
        persons = self.section.persons
        if self.section.group is not None:
            return False
        if persons:
            return persons[-1].group is None and self.section.group_type in ("other", "faction", "chair")
        return bool(self.out) and self.out[-1].group is None

    def inline(self, rest: str, line: Line, group_list: bool = False) -> None:
        """Entries written on the heading's line: "Entschuldigt: Frau A, Herr B", "Gemeinderäte: Bauer, Fischer, Huber".
        ``group_list``: the heading is a group's name ("SPD: Meier, Schulz"), whose members are family names."""
        parts = [p.strip() for p in re.split(r",\s*|;\s*|\s+und\s+", rest) if p.strip()]
        if group_list and not self.inverted and parts and len(parts) <= 12 and all(_FAMILY_PART.fullmatch(p) for p in parts) \
                and (members := _each([self._family_entry(p, line) for p in parts])):
            for member in members:
                self.add_person(member)
            return
        people = [parse_entry(p, line, self.section) for p in parts] if len(parts) > 1 else []
        if sum(1 for p in people if p) >= 2 or len(parts) >= 3 and people[0] is not None:
            last, last_part = None, ""
            for part, p in zip(parts, people):
                if p is None and _ADDRESSED.match(part):
                    p = self._family_entry(part, line)   # "Dr. Eymer": a family name with a title only
                if p:
                    self.add_person(p)
                    last, last_part = p, part
                elif last is not None and part[:1].isupper() and last.position is None and last.department is None \
                        and not _ADDRESSED.match(part):
                    # "Außerdem anwesend: Wolfgang Böttger, Beigeordneter VG Bodenheim, Margit Dörr, Presse": what
                    # follows a name and is no person is that person's function, read as "Name, Function" is
                    with_function = parse_entry(f"{last_part}, {part}", line, self.section)
                    if with_function is not None and with_function.family_name == last.family_name:
                        self.section.persons[self.section.persons.index(last)] = with_function
                    else:
                        last.department = part
                    last = None
            return
        recent = self.out[-3:] + self.section.persons[-3:]
        if recent and all(p.given_name is None for p in recent) and self._family_list(rest, line):
            return   # "Die Grünen: Rexrodt, Schultz" after lists of family names: two of them, not "Schultz Rexrodt"
        if self.entry(rest, line):
            return
        bare = [p for p in parts if _FAMILY_ONLY.fullmatch(p)]
        for part in parts:
            if self.entry(part, line):
                continue
            if len(parts) >= 3 and len(bare) * 2 >= len(parts) and (person := self._family_entry(part, line)):
                # A list of family names only: a name by its place in the list, not by its shape.
                self.add_person(person)

    def _bare_names_so_far(self) -> bool:
        """The list so far names its people by family name only."""
        recent = self.out[-3:] + self.section.persons[-3:]
        return bool(recent) and all(p.given_name is None and p.form_of_address is None for p in recent)

    def _local_group(self, head: str, rest: str) -> str | None:
        """"BfE: Gottstein, Apel, Rabe" among the factions' lists: a local group's short name before its members."""
        if self.section.group_type != "faction" or not _SHORT_GROUP.fullmatch(head.strip()):
            return None
        parts = [p.strip() for p in rest.strip(" ,").split(",") if p.strip()]
        return head.strip() if len(parts) >= 2 and all(_FAMILY_PART.fullmatch(p) for p in parts) else None

    def _family_entry(self, part: str, line: Line) -> Attendee | None:
        """One family name of a list of them, with a title before it or a note after it: "Dr. Oefner",
        "Gentzel (bis 18.50 Uhr)"."""
        m = _FAMILY_PART.fullmatch(part)
        if not m or is_office(m.group("family")) or factions.canonical(m.group("family")):
            return None
        entry: dict = {}
        if m.group("note"):
            _classify_paren(m.group("note"), entry, self.section)
        title = m.group("title").strip() if m.group("title") else None
        return _attendee(Name(m.group("family"), academic_title=title), entry, line, self.section)

    def _family_list(self, text: str, line: Line) -> bool:
        """A list of family names wrapped onto its own line ("Lang, Moser, Reiter, Steiner")."""
        parts = [p.strip() for p in re.split(r",\s*|\s+und\s+", text.strip(" ,")) if p.strip()]
        if len(parts) == 2 and "(" not in parts[0] and parts[1].endswith(")") and "(" in parts[1] and (
                factions.looks_like_group(parts[1][parts[1].rindex("(") + 1:-1])):
            return False   # "Schulz, Eva (CDU)": one person, inverted, with the group
        every = _each([self._family_entry(p, line) for p in parts]) if len(parts) >= 2 else None
        if not every:
            return False
        for person in every:
            self.add_person(person)
        return True

    def table_row(self, line: Line, cells: list[str]) -> bool:
        """A row of an HTML or tab-separated table, given as its cells: name | group | note."""
        if len(cells) < 2 or parse_entry(cells[0], line, self.section) is None:
            return False
        if all(parse_entry(c, line, self.section) for c in cells[1:]):
            return False  # a person in every cell: a list in columns, not one person's row
        person = parse_entry(_table_entry(cells), line, self.section)
        if person is None:
            return False
        _row_fields(person, cells[1:], self.section)
        self.add_person(person)
        return True

    def entry(self, text: str, line: Line) -> bool:
        if text[:1].isupper() and len(text) < 60 and (m := _FAMILY_PART.fullmatch(text)) and m.group("note") \
                and factions.looks_like_group(m.group("note")) and self._bare_names_so_far() \
                and (person := self._family_entry(text, line)):
            self.add_person(person)   # "Vogel (CDU)" among a list of family names
            return True
        if ", " in text and len(text) < 160 and (full := _full_names(text)):
            for part in full:   # "Hans Meier, Eva Schulz": people by given and family name, one after the other
                self.entry(part, line)
            return True
        if (", " in text or "–" in text or " -" in text) and (initialled := _initialled_list(text)):
            for part in initialled:   # "M. Wolter, N. Heide, U. Appel –": a faction's members, by initials
                if person := parse_entry(part, line, self.section):
                    self.add_person(person)
            return True
        if " Herr " in text or " Frau " in text:
            # "Vorsitzender Herr Boehlke vom Ortsamt X Protokoll Frau Tietjen vom Ortsamt X": two roles on a line
            # "Herr Udo Stoessel, Senatorin für Bildung Herr Jan Frers, Immobilien Bremen": two guests run together
            halves = _SECOND_ROLE.split(text, maxsplit=1)
            if len(halves) < 2 and "," in text.split(" Herr ")[0].split(" Frau ")[0]:
                halves = _SECOND_PERSON.split(text, maxsplit=1)
            if len(halves) == 2 and all(halves) and parse_entry(halves[0], line, self.section) \
                    and parse_entry(halves[1], line, self.section):
                return self.entry(halves[0], line) and self.entry(halves[1], line)
        person = parse_entry(text, line, self.section)
        if person is None and (" und " in text or ", " in text) and len(text) < 160:
            parts = [p for p in re.split(r"\s+und\s+|,\s+(?=[A-ZÄÖÜ])", text) if p.strip()]
            people = [parse_entry(p, line, self.section) for p in parts]
            if len(parts) > 1 and sum(1 for p in people if p) >= 2:
                trailing_status = parse_entry(parts[-1], line, self.section)
                for p in people:
                    if p:
                        if trailing_status is not None and trailing_status.status != "present":
                            p.status = trailing_status.status
                        self.add_person(p)
                return True
        if person is None:
            return False
        if self.section.trailing and self.section.persons and self.section.group_type not in (
                "administration", "guest", "recorder"):
            self.flush_trailing_into_last()
        self.add_person(person)
        return True

    def flush_trailing_into_last(self) -> None:
        """A line after a person that is no person: the person's position ("Oberbürgermeister")."""
        last = self.section.persons[-1]
        text = join_text([ln.text for ln in self.section.trailing])
        if last.position is None and text and len(text) < 80:
            last.position = text
        self.section.trailing = []

    def _binding_notes(self, first: int) -> None:
        """"Gemeinderäte A, B ab TOP 3": a note at the end of a plural group applies to all before it in
        the same list (from ``first`` on), not to the people listed above it ("Bürgermeister X als Vorsitzender")."""
        persons = self.section.persons
        for i in range(len(persons) - 1, first, -1):
            if persons[i].note and persons[i - 1].note is None and persons[i].status == "partial":
                persons[i - 1].note, persons[i - 1].status = persons[i].note, "partial"

    def finish(self) -> list[Attendee]:
        self.flush()
        for p in self.out:
            # A chair who heads the administration ("Herr Frank Seidel / Oberbürgermeister") sits for it.
            if p.role == "chair" and p.group is None and p.position and re.match(r"^Oberbürgermeister", p.position):
                p.group, p.group_type = "Verwaltung", "administration"
        return self.out


# ---------------------------------------------------------------------------------------------
# Fixed-width tables (pdftotext -layout)

_ROW_START = re.compile(r"^\s{0,3}(?:Herr|Frau|Hr\.|Fr\.)\s+\S")


def _cells(raw: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0).strip()) for m in re.finditer(r"\S+(?: \S+)*", raw)]


def _table_rows(lines: list[Line]) -> list[tuple[Line, list[str]]] | None:
    """Rows of a fixed-width table, continuation lines merged into the cell above them."""
    rows: list[tuple[Line, list[tuple[int, list[str]]]]] = []
    for line in lines:
        raw = line.raw.replace("\f", "").rstrip()
        if not raw.strip():
            continue
        if _ROW_START.match(raw):
            rows.append((line, [(pos, [text]) for pos, text in _cells(raw)]))
        elif rows and rows[-1][1] and raw.startswith("  ") and len(raw) - len(raw.lstrip()) > 12:
            cells = rows[-1][1]
            for pos, text in _cells(raw):
                target = min(range(len(cells)), key=lambda k: abs(cells[k][0] - pos) if cells[k][0] <= pos + 3 else 999)
                cells[target][1].append(text)
        else:
            rows.append((line, []))  # a heading or other line: kept in order, read by the line reader
    return [(line, [join_text(parts) or "" for _, parts in cells]) for line, cells in rows]


def _is_position(cell: str) -> bool:
    """A table cell that is an office ("Ortsbeiratsmitglied", "Erster Beigeordneter", "Stellv. Ortsvorsteher")."""
    if len(cell) > 60 or not cell[:1].isupper():
        return False
    name = parse_name(f"{cell} Muster")
    return name is not None and name.position == cell


# A local list's name in a table's group column ("Offensive", "Bürger für Calden"): a few words, no office
_LIST_NAME = re.compile(r"[A-ZÄÖÜ][\wäöüß.&/-]+(?:\s+[\wäöüß.&/-]+){0,3}")


def _row_fields(person: Attendee, cells: list[str], section: _Section) -> None:
    """What a table row's other cells say beside its name: an office cell is the person's position; where the
    group column holds a local list's name (no known party), the row's last cell after an office is its group
    ("Koch, Manfred | Ortsbeiratsmitglied | Offensive")."""
    offices = [c for c in cells if _is_position(c)]
    misread = person.department is not None and person.department == ", ".join(cells)   # (cells taken as a unit)
    if not offices or not misread and person.group is not None:
        return
    if person.position is None:
        person.position = offices[0]
    rest = [c for c in cells if c not in offices]
    if misread:
        person.department = ", ".join(rest) or None
    if person.group is None and section.group_type not in ("administration", "guest", "recorder") and rest \
            and cells[-1] == rest[-1] and len(rest[-1]) > 1 and _LIST_NAME.fullmatch(rest[-1]):
        person.group, person.group_type = rest[-1], "faction"
        if person.department == ", ".join(rest):
            person.department = None


# (a name may have a capital inside: "JeanLuc Meier", "Ina McAllister")
_FULL_NAME = re.compile(r"(?:(?:Herr|Frau)\s+)?(?!(?:Herrn?|Frau)\b)(?:Dr\.\s+)?[A-ZÄÖÜ][a-zäöüßéè]+(?:-?[A-ZÄÖÜ][a-zäöüßéè]+)?\s+"
                        r"(?:(?:von|van|de|zu)\s+)?[A-ZÄÖÜ][a-zäöüßéè]+(?:-?[A-ZÄÖÜ][a-zäöüßéè]+)?(?:\s*\([^()]{1,40}\))?")


def _full_names(text: str) -> list[str] | None:
    """The parts of a line of several people each written "Given Family", or None: "Hans Meier, Eva Schulz" (not
    "Meier, Hans", nor "Heinz Fiedler, Bezirksbürgermeister")."""
    parts = [p.strip() for p in text.strip(" ,").split(", ")]
    if " und " in parts[-1]:
        parts[-1:] = parts[-1].split(" und ", 1)   # "..., Matthias Remus und Jörg Zietemann"
    if len(parts) < 2 or not all(_FULL_NAME.fullmatch(p) and parse_name(p) is not None for p in parts):
        return None   # (nor "Hartmut Cassens, Polizeirevier Blumenthal": a person and where he comes from)
    if len({p.startswith(("Herr ", "Frau ")) for p in parts}) > 1:
        return None   # "Herr Jan Frers, Immobilien Bremen": a person and where he comes from
    if any(is_office(w) for p in parts for w in p.split()):
        return None
    return parts


def _table_entry(cells: list[str]) -> str:
    """A row's cells as one entry the line reader understands: "Frau Elster – GRÜNE-Fraktion i. V. f. X"."""
    name, *rest = cells
    group = substitute = None
    others: list[str] = []
    marks: list[str] = []
    for cell in rest:
        m = re.search(r"\b(?:(?:Vertretung\s+für|in\s+Vertretung\s+(?:für|von)|i\.\s?V\.\s?f\.)\s+((?:Herrn?|Frau|RM|Rm)?\s*[A-ZÄÖÜ].+)"
                      r"|für\s+((?:Herrn?|Frau|RM|Rm)\s+[A-ZÄÖÜ].+))$", cell)
        if m:
            substitute = m.group(1) or m.group(2)
            cell = cell[: m.start()].strip()
        if not cell:
            continue
        if group is None and (factions.looks_like_group(cell) or factions.canonical(cell)):
            group = cell
        elif _PARTIAL.search(cell) or cell.lower() in _STATUS_IN_PARENS or re.fullmatch(r"\(?(?:un)?entschuldigt\)?", cell, re.I):
            marks.append(f"({cell.strip('()')})")
        elif cell.lower() in _PRESENCE_CELL:   # a presence column: "ja" / "x", "nein" / "-"
            if not _PRESENCE_CELL[cell.lower()]:
                marks.append("(abwesend)")
        else:
            others.append(cell)
    text = name
    if group:
        text += f" ({group})"
    text += "".join(f" {m}" for m in marks)
    if others and not group:
        text += " – " + ", ".join(others)
    if substitute:
        text += f" i. V. f. {substitute}"
    return text


def parse_attendance(lines: list[Line], layout: Layout) -> tuple[list[Attendee], list[ParseWarning], int | None]:
    """Attendees from the attendance region; the warnings; a stated number of members present."""
    reader = _Reader(layout)
    rows = _table_rows(lines) if layout.attendance_columns else None
    if rows:
        for line, cells in rows:
            if len(cells) >= 2:
                person = parse_entry(_table_entry(cells), line, reader.section)
                if person is not None:
                    _row_fields(person, cells[1:], reader.section)
                    if reader.section.group_type in ("administration", "recorder") and person.group_type == "faction":
                        person.group, person.group_type = reader.section.group, reader.section.group_type
                    reader.add_person(person)
                    continue
            reader.line(line)
    else:
        lines = _rejoin(lines)
        texts = [ln.text.strip() for ln in lines]
        reader.inverted = sum(1 for t in texts if t.count(",") == 1 and _INVERTED.match(t)) >= _INVERTED_LINES
        nxt = [""] * len(lines)
        following = ""
        for i in range(len(lines) - 1, -1, -1):
            nxt[i] = following
            if texts[i]:
                following = texts[i]
        for line, after in zip(lines, nxt):
            reader.line(line, after)
    attendees = reader.finish()
    return _with_represented(attendees), reader.warnings, reader.declared


# (and "Fraktion der FDP/" / "Pro Rathenow:": a group's name broken at its slash)
_WRAPPED_END = re.compile(r"(?:,|\bund|\beinschließlich|\bbis|\bab|\bvon|\bzu|\w/)$")
_CONTINUED = re.compile(r"(?:[a-z0-9]|TOP\b|Punkt\b)(?!(?:B|E|b|e|m)\b)")
_ROLE_START = re.compile(r"(?:sB|sE|sb|se|rm|i\.\s?V)\b")


def _rejoin(lines: list[Line]) -> list[Line]:
    """An entry the layout wrapped: a trailing comma, "und", "bis einschließlich"."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.text and line.text and (
                _WRAPPED_END.search(prev.text)
                or prev.text.count("(") > prev.text.count(")") and _CONTINUED.match(line.text)
                and not _ROLE_START.match(line.text)):
            out[-1] = Line(prev.no, prev.raw, join_text([prev.text, line.text]) or prev.text, prev.marked)
            continue
        if prev is not None and ", " in prev.text and line.text[:1].isupper() and _name_cut(prev.text, line.text):
            out[-1] = Line(prev.no, prev.raw, f"{prev.text} {line.text}", prev.marked)
            continue
        out.append(line)
    return out


_GIVEN_LAST = re.compile(r"(?:,|\sund)\s(" + _NAME_WORD.pattern + r")$")
_FAMILY_FIRST = re.compile(r"^" + _NAME_WORD.pattern + r"(?=,|$)")


def _name_cut(text: str, after: str) -> bool:
    """A list of "Given Family" names that the layout broke inside its last name: "Corrado Gursch, René" /
    "Hill, Jörg Rakow", "Matthias Remus und Jörg" / "Zietemann" (a Brandenburg council's minutes as PDF text).
    Not a list of family names alone."""
    m = _GIVEN_LAST.search(text)
    return m is not None and _FAMILY_FIRST.match(after) is not None \
        and all(_FULL_NAME.fullmatch(p.strip()) for p in text[: m.start()].split(", "))


def _with_represented(attendees: list[Attendee]) -> list[Attendee]:
    """A member named only as the one a substitute stands in for: a row with status "represented"."""
    named = {(a.family_name, a.given_name) for a in attendees} | {(a.family_name, None) for a in attendees}
    out = list(attendees)
    for a in attendees:
        if not a.substitute_for:
            continue
        name = parse_name(a.substitute_for) or _name_and_rest(a.substitute_for)[0]
        if name is None and re.fullmatch(r"[A-ZÄÖÜ][\w'’-]+(?:-[A-ZÄÖÜ][\w'’-]+)?", a.substitute_for):
            name = Name(a.substitute_for)  # printed with the family name only ("für Frau Platz")
        if name is None or (name.family_name, name.given_name) in named or (name.family_name, None) in named and not name.given_name:
            continue
        named.add((name.family_name, name.given_name))
        out.append(Attendee(family_name=name.family_name, given_name=name.given_name,
                            form_of_address=name.form_of_address, academic_title=name.academic_title,
                            member_role=name.member_role, span=a.span, group=None, group_type="other",
                            status="represented", role="member", note=f"vertreten durch {a.given_name + ' ' if a.given_name else ''}{a.family_name}"))
    return out


# ---------------------------------------------------------------------------------------------
# People named in running text (pages without a list)

_VERBS = (r"eröffnet|berichtet|erläutert|stellt|lässt|weist|gibt|schlägt|verweist|bittet|erklärt|informiert|begrüßt|"
          r"beantwortet|teilt|fragt|führt|dankt|spricht|fehlt|schließt|hei(?:ß|ss)t|antwortet|ergänzt|betont")
_ACTOR = re.compile(
    r"(?:^|[.:;]\s+|\b(?:von|durch|dass|(?:" + _VERBS + r"))\s+(?:(?:den|die|der|dem)\s+)?)(?P<office>(?:Erste[r]?\s+|Zweite[r]?\s+)?(?:Bürgermeister(?:in)?|Oberbürgermeister(?:in)?"
    r"|Ratsvorsitzende[r]?|Vorsitzende[r]?|Ausschussvorsitzende[r]?|Ortsbürgermeister(?:in)?|Bezirksbürgermeister(?:in)?"
    r"|Mitglied|Ratsmitglied|Stadtrat|Stadträtin|StR|StRin|BM|OB|SGB|Fraktionsvorsitzende[nr]?|Stadtverordnete[r]?|"
    r"Gemeinderat|Gemeinderätin|Beigeordnete[r]?|Kämmerer|Kämmerin))\s+(?P<name>(?:Dr\.\s+)?(?:[A-ZÄÖÜ][\wäöüß-]+\s+){0,2}[A-ZÄÖÜ][\wäöüß-]+)"
    r"(?:\s+\((?P<group>[^)]{2,40})\))?"
    r"(?=\s+(?:" + _VERBS + r"|über|die|den|das|zu|mit)\b|,\s|\s+\()",
)
_ADMIN_OFFICE = re.compile(r"^(?:BM|OB|Erster?\s+Stadtrat|Kämmer|Beigeordnete|Stadtbaurat)")
_NOT_PRESENT = re.compile(r"\((?:Nicht\s+anwesend|Entschuldigt|Abwesend)\s*:\s*(?P<who>[^)]+)\)", re.I)
_KEY_PERSON = re.compile(r"^(?P<key>Vorsitz|Protokollführung|Schriftführung|Protokoll)\s*:\s*(?P<who>.+)$")


def people_in_text(lines: list[Line], layout: Layout) -> list[Attendee]:
    """People the text shows acting in the session ("Bürgermeisterin Ketelsen berichtet"), when there is no list."""
    out: list[Attendee] = []
    seen: set[str] = set()

    def add(name, line: Line, group: str | None, role: str, status: str = "present", admin: bool = False) -> None:
        if name is None or name.family_name in seen:
            return
        seen.add(name.family_name)
        gt = "administration" if admin else ("faction" if group else "other")
        out.append(Attendee(family_name=name.family_name, given_name=name.given_name,
                            form_of_address=name.form_of_address, academic_title=name.academic_title,
                            position=name.position, span=Span(line.no, line.no),
                            group="Verwaltung" if admin else (factions.group_name(group) if group else None),
                            group_type=gt, status=status, role="administration" if admin and role == "member" else role))

    for line in sentences_of(lines[:400]):
        t = line.text
        if not t:
            continue
        if m := _KEY_PERSON.match(t):
            role = "chair" if m.group("key") == "Vorsitz" else "recorder"
            for part in re.split(r",\s*(?=(?:Herr|Frau|BM|OB|StR|Dr)\b)", m.group("who")):
                name, _ = _name_and_rest(part.strip())
                add(name, line, None, role, admin=True)
            continue
        for m in _NOT_PRESENT.finditer(t):
            for part in re.split(r",\s*|\s+und\s+", m.group("who")):
                name, _ = _name_and_rest(part.strip())
                if name:
                    seen.discard(name.family_name)
                    add(name, line, None, "member", status="absent")
        for m in _ACTOR.finditer(t):
            name = parse_name(f"{m.group('office')} {m.group('name')}")
            if name is None:
                continue
            office = m.group("office")
            group = m.group("group")
            if group and not factions.looks_like_group(group):
                group = None
            if re.search(r"\bfehlt\b", t[m.end(): m.end() + 10]):
                add(name, line, group, "member", status="absent")
                continue
            role = "chair" if re.search(r"vorsitz", office, re.I) else "member"
            add(name, line, group or _faction_after(t, m.end()), role, admin=bool(_ADMIN_OFFICE.match(office)))
    return out


def _faction_after(text: str, pos: int) -> str | None:
    """"Mitglied Brehmer stellt für die Fraktion DIE LINKE den Antrag": the group the person acts for."""
    m = re.match(r"\s+\w+\s+(?:für\s+die\s+)?(?:Fraktion\s+)?(?P<g>[^,.;]{2,40}?)(?:-Fraktion)?\s+(?:den|einen|die)\b", text[pos:])
    if m and "Fraktion" in text[pos: pos + 60] and factions.looks_like_group(m.group("g")):
        return m.group("g")
    m = re.search(r"\bder\s+(?P<g>[\w/ ]{2,30}?)-Fraktion\b", text[pos: pos + 120])
    if m and "Fraktionsvorsitzend" in text[max(0, pos - 80): pos]:
        return m.group("g") + "-Fraktion"
    return None


# A person in a sentence about a substitution: an office or form of address before a name, or a given and a family
# name ("Ausschussmitglied Katharina Dierks", "Herrn Hartmann", "Bernd Kossendey"); not "Die Stadt".
_TEXT_OFFICE = (r"(?:Herrn?|Frau|Ratsherrn?|Ratsfrau|Ratsmitglied|Ausschussmitglied|Mitglied|Stadtr(?:at|ätin)"
                r"|Gemeinder(?:at|ätin)|Ortsr(?:at|ätin)|Stadtverordnete[rn]?|Gemeindevertreter(?:in)?|Kreistagsabgeordnete[rn]?"
                r"|Kreisr(?:at|ätin)|Bezirksverordnete[rn]?|Ratsvertreter(?:in)?|sachkundige[rn]?\s+(?:Bürger(?:in)?|Einwohner(?:in)?))")
_CAPITAL_WORD = r"(?!(?:Der|Die|Das|Er|Sie|Es|Dieser|Diese|Für|Von|Vom|Zur|Zum)\b)[A-ZÄÖÜ][\wäöüß-]+"
_TEXT_NAME = (r"(?<![\wäöüß-])(?<!Die )(?<!Der )(?<!Das )(?:" + _TEXT_OFFICE + r"\s+(?:Dr\.\s+)?" + _CAPITAL_WORD
              + r"(?:\s+(?:von\s+|van\s+|de\s+)?" + _CAPITAL_WORD + r")?|(?:Dr\.\s+)?" + _CAPITAL_WORD
              + r"\s+(?:von\s+|van\s+|de\s+)?" + _CAPITAL_WORD + r")")
_VERTRETEN = re.compile(r"(?P<absent>" + _TEXT_NAME + r")\s+(?:(?:wird|wurde|ist|war)\s+)?(?:von|durch)\s+(?P<sub>"
                        + _TEXT_NAME + r")(?:\s*\([^()]{1,40}\))?(?=\s*(?:,|und\b|vertreten\b))")
_FOR_PRESENT = re.compile(r"\bFür\s+(?P<absent>" + _TEXT_NAME + r")\s+(?:ist|war|nimmt|nahm|sitzt|saß)\s+(?P<sub>"
                          + _TEXT_NAME + r")\s+(?:stellvertretend\s+|vertretungsweise\s+|als\s+Vertret\w+\s+)?(?:anwesend|teil)\b")
_VERTRITT = re.compile(r"(?P<sub>" + _TEXT_NAME + r")\s+(?:vertritt|vertrat)\s+(?P<absent>" + _TEXT_NAME + r")")


def substitutions_in_text(paragraphs: list[str]) -> list[tuple[str, str]]:
    """(substitute, the member substituted) named in sentences of the opening ("Ausschussmitglied Katharina
    Dierks wird von Bernd Kossendey und Ausschussmitglied Johann Klarmann von Jan-Dirk Schröder vertreten",
    "Für Herrn Hartmann ist Herr Kruse stellvertretend anwesend", "Ratsfrau Eck vertritt Ratsherrn Bohm")."""
    out: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        if not re.search(r"vertr|Für\s", paragraph):
            continue
        for sentence in re.split(r"(?<=[a-zäöüß)]{3}[.;!?])\s+", paragraph):   # (not after "Dr.")
            if re.search(r"\bvertreten\b", sentence):
                out += [(m.group("sub"), m.group("absent")) for m in _VERTRETEN.finditer(sentence)]
            out += [(m.group("sub"), m.group("absent")) for m in _FOR_PRESENT.finditer(sentence)]
            out += [(m.group("sub"), m.group("absent")) for m in _VERTRITT.finditer(sentence)]
    return [(_strip_name(_TEXT_OFFICE_AT.sub("", sub)), _strip_name(_TEXT_OFFICE_AT.sub("", absent))) for sub, absent in out]


_TEXT_OFFICE_AT = re.compile(r"^" + _TEXT_OFFICE + r"\s+")


def apply_substitutions(attendees: list[Attendee], pairs: list[tuple[str, str]], span: Span) -> None:
    """Mark the substitutes the text names: the listed person becomes a substitute for the member named (a
    substitute not on the list is added as one)."""
    for sub, absent in pairs:
        family = sub.split(" ")[-1]
        person = next((a for a in attendees if a.family_name == family and a.status in ("present", "substitute")), None)
        if person is None:
            name = parse_name(sub)
            if name is None:
                continue
            person = Attendee(family_name=name.family_name, given_name=name.given_name,
                              form_of_address=name.form_of_address, academic_title=name.academic_title,
                              span=span, group=None, group_type="other")
            attendees.append(person)
        if person.substitute_for is None:
            person.status, person.substitute_for = "substitute", absent
