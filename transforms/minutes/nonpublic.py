"""Where the non-public part of a session begins: nothing from that line on is read.

Markers: a heading ("Nichtöffentliche Sitzung:", "II. NICHTÖFFENTLICHER TEIL", "Teil B:
nicht öffentlich", "Vertraulicher Teil", one with its date or time, one a page broke over two
lines, one that names the part among other words: "Protokoll - nichtöffentlicher Teil"), the
public part's end told as such ("Ende des öffentlichen Teils"; after a sentence saying the session
goes on in private: "Die Sitzung wird nichtöffentlich fortgesetzt."), a non-public agenda item ("TOP N
1", "N 3 Grundstücksangelegenheiten", "Zu Punkt N 2", "TOP 3 (nichtöffentlich) ...", "3. ... (nö)"),
or a header saying the whole page is non-public ("Sitzungsart: nichtöffentlich"). A mis-decoded umlaut must not let a non-public part through, so the
pattern tolerates mangled "ö". A heading is only a navigation label when the public part's
own heading follows it at once (RIS pages list both parts at the top); anything else that
looks like a marker cuts, because a cut too early loses public text while a cut too late
publishes what must never be public.
"""
from __future__ import annotations

import re

from transforms.minutes.lines import TIME_RANGE, Line, next_text, title_words

_OE = r"(?:ö|oe|o|Ã¶|\ufffd|\?|.{1,2})"
NONPUBLIC = re.compile(
    r"^[-–(]*\s*(?:[IVX]+\.\s*|[A-Z][.)]\s*|Teil\s+\w+\s*[:–-]?\s*\(?|\d\.\s*(?:Teil\s*[:–-]?\s*)?)?(?:Sitzung\s*,?\s*)?(?:nicht[\s-]*" + _OE
    + r"ffentliche?[rns]?|vertrauliche?[rns]?)\s*(?:Sitzung|Teil|Sitzungsteil|Beratung|Tagesordnung|Tagesordnungspunkte|Sitzungsabschnitt"
    r"|Teil\s+der\s+Sitzung|(?:zu\s+)?(?:behandelnde|beratende)\s+(?:Tagesordnungspunkte|Punkte|Angelegenheiten|Gegenstände))?"
    # "Nichtöffentliche Sitzung des Bauausschusses", "Nichtöffentliche Sitzung (Teil B)"
    r"(?:\s+(?:des|der)\s+[\w-]+(?:\s+[\w-]+)?)?"
    # "Nichtöffentliche Sitzung am 01.11.2017", "Nichtöffentlicher Teil, 20:15 Uhr"
    r"(?:\s*,?\s*(?:am|vom)\s+(?:\w+,?\s+)?(?:den\s+)?\d{1,2}\.\s?(?:\d{1,2}\.|[A-Za-zäÄ]+)\s?\d{2,4})?"
    r"(?:\s*[,–-]?\s*(?:ab|um|von|Beginn\s*:?)?\s*\d{1,2}[:.]\d{2}\s*Uhr)?(?:\s*\([^()]{1,40}\))?"
    r"\s*[:)–-]*$",
    re.IGNORECASE,
)
_WORD_BREAK = re.compile(r"(?<=[a-zäöüßA-ZÄÖÜ])- (?=[a-zäöüß]|[A-ZÄÖÜ]{2})")
# The public part's end, told where it ends ("Ende des öffentlichen Teils", "Der öffentliche Teil der Sitzung endet
# um 20:15 Uhr."): what follows is the non-public part.
_PUBLIC_ENDS = re.compile(r"^(?:(?:Ende|Schluss)\s+des\s+" + _OE + r"ffentlichen\s+(?:Teils|Teiles|Sitzungsteils|Teils\s+der\s+Sitzung)"
                          r"|Der\s+" + _OE + r"ffentliche\s+(?:Teil|Sitzungsteil)(?:\s+der\s+Sitzung)?\s+(?:endet|ist\s+beendet"
                          r"|wird\s+(?:um\s+[\d.:]+\s+Uhr\s+)?(?:geschlossen|beendet)))\b", re.I)
# A sentence saying the session goes on in private ("Die Sitzung wird nichtöffentlich fortgesetzt.", "Es folgt der
# nichtöffentliche Teil.", "Der Vorsitzende schließt den öffentlichen Teil der Sitzung um 20:15 Uhr."): what follows
# it is not public. Not one that announces it for a later item ("nach TOP 5").
_NOT_AN_ITEM = r"(?!.*\b(?:TOP|Punkt|Tagesordnungspunkte?s?)\b)(?:.*[.!]\s+)?"
_GOES_ON_PRIVATE = (   # (each form tested alone, and only where its words occur: see goes_on_private)
    re.compile(_NOT_AN_ITEM + r"(?:[^.]{0,60}\bwird\s+die\s+Sitzung|Die\s+Sitzung\s+wird)\s+(?:[\w\s]{0,40}?\s)?"
               r"(?:nicht[\s-]*" + _OE + r"ffentlich|als\s+nicht[\s-]*" + _OE + r"ffentliche\s+Sitzung"
               r"|in\s+nicht[\s-]*" + _OE + r"ffentlicher\s+Sitzung)\s+fortgesetzt", re.I),
    re.compile(_NOT_AN_ITEM + r"(?:Es\s+folgt|Anschließend\s+folgt)\s+(?:der|die)\s+nicht[\s-]*" + _OE
               + r"ffentliche\s+(?:Teil|Sitzung|Beratung)", re.I),
    re.compile(r"\b(?:schließt|schloss|beendet)\s+den\s+" + _OE + r"ffentlichen\s+(?:Teil|Sitzungsteil)", re.I),
    re.compile(r"(?:^|[.!]\s+)Ende\s+" + _OE + r"ffentliche[rn]?\s+(?:Teil|Sitzung)\b", re.I),
)


def goes_on_private(text: str) -> bool:
    """Whether a sentence says the session goes on in private. Each form is looked for only where its
    words occur: most lines with "öffentlich" have none of them, and one pattern of all four forms,
    tried at every position, was the costliest test of the parser (6 % of its time)."""
    low = text.lower()
    resumed, follows, private_ends, public_ends = _GOES_ON_PRIVATE
    return ("fortgesetzt" in low and "nicht" in low and resumed.match(text) is not None
            or "folgt" in low and "nicht" in low and follows.match(text) is not None
            or ("schließt" in low or "schloss" in low or "beendet" in low) and private_ends.search(text) is not None
            or "ende" in low and public_ends.search(text) is not None)


# A heading that names the non-public part amid other words ("Sitzung - nichtöffentlich", "Protokoll - nichtöffentlicher
# Teil", "Niederschrift über die nichtöffentliche Sitzung des Bauausschusses", "Nichtöffentliche Angelegenheiten");
# not a reference to one ("Beschlüsse aus nichtöffentlicher Sitzung", "der in nichtöffentlicher Sitzung gefassten"), nor
# a session of both parts ("öffentliche und nichtöffentliche Sitzung").
_NONPUBLIC_NAMED = re.compile(
    r"(?<![\w/])(?<!\bin\s)(?<!\baus\s)(?<!\bder\s)(?<!\bim\s)(?<!\bvon\s)(?<!\bund\s)(?<!\bbzw\.\s)(?<!\bsowie\s)(?<!\boder\s)"
    r"nicht[\s-]*" + _OE + r"ffentliche?[rns]?\s+(?:Teil|Teils|Sitzung|Sitzungsteil|Punkte|Beratungspunkte|Angelegenheiten"
    r"|Tagesordnungspunkte|Beratung|Tagesordnung)\b"
    r"|[-–:]\s*nicht[\s-]*" + _OE + r"ffentliche?[rns]?(?:\s+(?:Teil|Sitzung|Sitzungsteil))?\s*$"
    r"|^N" + _OE + r"-?Teil\b", re.I)
_REFERENCE = re.compile(r"\b(?:Bekanntgabe|Beschlüsse|Beschlüssen|gefasst\w*|Bericht|Mitteilung\w*|Antrag|Ausschluss)\b", re.I)
# A header that makes the whole page non-public; "öffentlich/nichtöffentlich" (the session has both) does not.
# Also inside a header table flattened to one line: "Datum: Do, 26.04.2012 Status: nichtöffentlich".
NONPUBLIC_PAGE = re.compile(
    r"^(?:[^\n]{0,60}?\s)?(?:Sitzungsart|Status|Öffentlichkeitsstatus|Öffentlichkeit|Sitzungsstatus)\s*[:\t]\s*nicht[\s-]*"
    + _OE + r"ffentlich(?=\s*$|\s+[A-ZÄÖÜ][\w-]*\s*:)", re.I)
# A non-public agenda item ("TOP N 1", "Zu Punkt N 2.1", "N 3 ..."; "NÖ 2" in some systems).
_ITEM_MARK = (r"(?:nicht[\s-]*" + _OE + r"ffentlich(?:e[rns]?)?(?:\s+(?:Tagesordnungspunkt|Punkt|Teil|Sitzung|Beratung))?"
              r"|vertraulich(?:e[rns]?)?)")
_ITEM_NUMBER = r"^(?:(?:zu\s+)?(?:top|punkt|tagesordnungspunkt)\s*:?\s*)?"
NONPUBLIC_ITEM = re.compile(
    _ITEM_NUMBER + r"(?:N|NÖ|NOE)[\s-]?\d{1,3}(?:\.\d{1,3})*\.?(?:\s|:|$)"
    # "5.N Grundstücksangelegenheit": the mark after the number (agenda.SUFFIXED)
    r"|^\d{1,3}(?:\.\d{1,3})*\.N(?:\s|$)"
    # "TOP 12 Grundstücksangelegenheit (nichtöffentlich)", "12. Personalsache - nicht öffentlich -", "3. Verkauf (NÖ)",
    # "TOP 3 Personalsache [vertraulich]"
    r"|" + _ITEM_NUMBER + r"(?:Ö\s?)?\d{1,3}(?:\.\d{1,3})*\.?\s.{0,250}?"
    r"(?:\(\s*(?:" + _ITEM_MARK + r"|nö)\s*\)|\[\s*" + _ITEM_MARK + r"\s*\]|[-–]\s*" + _ITEM_MARK + r"\s*[-–]?)\s*$"
    # the mark before the title: "TOP 3 (nichtöffentlich) Personalsache", "TOP 3 – nicht öffentlicher Tagesordnungspunkt –
    # Verkauf", "3. nichtöffentlich: Verkauf"
    r"|" + _ITEM_NUMBER + r"\d{1,3}(?:\.\d{1,3})*\.?\s*(?:\(\s*" + _ITEM_MARK + r"\s*\)|\[\s*" + _ITEM_MARK + r"\s*\]"
    r"|[-–:]\s*" + _ITEM_MARK + r"\s*[-–:]|" + _ITEM_MARK + r"\s*:)", re.I)
# A schedule's entry of a non-public part on one line ("Nichtöffentliche Sitzung, 21:20 Uhr bis 21:46 Uhr"):
# such a part took place, and nothing follows it here.
_SCHEDULED = re.compile(r"^nicht[\s-]*" + _OE + r"ffentliche?[rns]?\s*(?:Sitzung|Teil|Sitzungsteil)\s*[,:]?\s*"
                        + TIME_RANGE.pattern.removeprefix("^"), re.I)
# The public part's heading: "Öffentliche Sitzung", "III. Öffentlicher Teil" (the part after the
# non-public one, in the agenda printed before the items), "Teil A: öffentlich".
PUBLIC_HEADING = re.compile(
    r"^(?:[IVX]+\.\s*)?Öffentliche\s*(?:Sitzung|Teil)|^Öffentlicher\s*Teil"
    r"|^[-–(]*\s*(?:[IVX]+\.\s*|[A-Z]\)\s*|Teil\s+\w+\s*:?\s*)?Öffentliche?[rn]?\s*(?:Sitzung|Teil|Sitzungsteil|Sitzungsabschnitt"
    r"|Tagesordnungspunkte|(?:zu\s+)?(?:behandelnde|beratende)\s+(?:Tagesordnungspunkte|Punkte|Angelegenheiten|Gegenstände))\s*[:)–-]*$"
    r"|^Teil\s+\w+\s*:?\s*öffentlich\s*$", re.I)


def _is_label(lines: list[Line], i: int) -> bool:
    """A non-public heading directly followed by the public part's heading only names the parts (a part's
    times between them, as in a schedule of the session's parts, change nothing)."""
    seen = 0
    for ln in lines[i + 1: i + 8]:
        if not ln.text or TIME_RANGE.match(ln.text):
            continue
        seen += 1
        if PUBLIC_HEADING.match(ln.text):
            return True
        if seen >= 2:
            return False
    return False


# An agenda entry or item heading: "1. Eröffnung", "TOP Ö 2 Title", "zu TOP 4. Title", "Zu Punkt 3.1".
_ENTRY = re.compile(r"^(?:zu\s+)?(?:(?:TOP|Punkt|Tagesordnungspunkt)\s*)?(?:[ÖN]\s?)?(?P<num>\d{1,3}(?:\.\d{1,3})*)"
                    r"(?:\.|\s*:)?\s+(?P<title>\S.*)$|^(?:zu\s+)?(?:TOP|Punkt|Tagesordnungspunkt)\s*(?:[ÖN]\s?)?"
                    r"(?P<bare>\d{1,3}(?:\.\d{1,3})*)\.?\s*:?$", re.I)
_MARKED_ITEM_FIRST = frozenset("0123456789TtPpZzÖ")   # how an item marked "(nichtöffentlich)" can start
_ENTRY_FIRST = frozenset("0123456789ZzTtPp")   # how _ENTRY can start
AGENDA_HEADING = re.compile(r"^(?:Tagesordnung|T\s?a\s?g\s?e\s?s\s?o\s?r\s?d\s?n\s?u\s?n\s?g)\b", re.I)
_OVERVIEW_REACH = 80   # lines an agenda printed before the items is looked for above a non-public heading


def _entry(text: str) -> tuple[str, str] | None:
    """(number, title) of an agenda entry or item heading ("" when the title is on the next line)."""
    if len(text) > 300 or not (m := _ENTRY.match(text)):
        return None
    return (m.group("num"), m.group("title")) if m.group("num") else (m.group("bare"), "")


def _public_entries(lines: list[Line], i: int) -> dict[str, tuple[str, ...]]:
    """Number -> title words of the agenda entries above the non-public heading at ``i`` (the public ones)."""
    out: dict[str, tuple[str, ...]] = {}
    for k in range(i - 1, max(-1, i - _OVERVIEW_REACH), -1):
        t = lines[k].text
        if not t:
            continue
        if (e := _entry(t)) is not None and e[1]:
            out.setdefault(e[0], title_words(e[1]))
        elif AGENDA_HEADING.match(t):
            break
    return out


def _body_start(lines: list[Line], i: int) -> int | None:
    """Where the items begin again below an agenda printed before them, when the non-public heading at
    ``i`` is in that agenda: its first entry (number and title) comes back as an item heading.

    Above ``i`` the agenda is entries, blank lines, lines that go on an entry (a paper number, a wrapped
    title) and the headings of its parts, up to its own heading; any other line ends it (the text of an
    item is not an agenda).
    """
    first = None
    entries = 0
    for k in range(i - 1, max(-1, i - _OVERVIEW_REACH), -1):
        t = lines[k].text
        if not t:
            continue
        if (e := _entry(t)) is not None and e[1]:
            first, entries = e, entries + 1
        elif PUBLIC_HEADING.match(t) or AGENDA_HEADING.match(t):
            break
        elif k == 0 or not lines[k - 1].text:
            if first is None:
                return None
            break
    if first is None or entries < 2:
        return None
    want = title_words(first[1])
    for k in range(i + 1, len(lines)):
        e = _entry(lines[k].text) if lines[k].text else None
        if e is None or e[0] != first[0]:
            continue
        if want and title_words(e[1] or next_text(lines, k)) == want:
            return k
    return None


def nonpublic_parts(lines: list[Line]) -> tuple[list[tuple[int, int]], bool]:
    """(first, end) index ranges of the lines that are not public, in order; and whether the session
    had a non-public part (a part of the minutes, or items an agenda lists as non-public).

    A non-public part runs to the end of the document. The exception is an agenda printed before the
    items: its list of non-public items is left out up to the public part's heading or the first item,
    and the items those entries number are where the non-public part of the minutes begins.
    """
    parts: list[tuple[int, int]] = []
    listed: set[str] = set()   # item numbers the agenda lists as non-public
    # Public entries of that agenda whose numbers the non-public list uses again ("A) Öffentliche Sitzung: 1. ...
    # 2. ... B) Nichtöffentliche Sitzung: 1. ..."): such a number marks a non-public item only without the
    # public entry's title.
    reused: dict[str, tuple[str, ...]] = {}
    body: int | None = None    # where the items begin below the agenda
    scheduled = False
    i, n = 0, len(lines)
    while i < n:
        t = lines[i].text
        if not t or not listed and t[0] not in "NnZzTt" and t[-1] != ")" and "- " not in t and "ffentlich" not in t \
                and "FFENTLICH" not in t and "ertraulich" not in t and "ERTRAULICH" not in t and ".N" not in t[:8]:
            i += 1   # (most lines: none of the marks below can be in them)
            continue
        if "- " in t and ("icht" in t or "ICHT" in t):
            t = _WORD_BREAK.sub("", t)   # "Nichtöffent- licher Teil": a word broken at a line's end, joined with a space
        # (every marker but an "N 3" item has "ffentlich" in it, whatever became of its "ö": most lines are
        # tested for that word only)
        word = "ffentlich" in t or "FFENTLICH" in t or "ertraulich" in t or "ERTRAULICH" in t \
            or t[-1] == ")" and t[-4:].lower() == "(nö)"
        if word and _SCHEDULED.match(t):
            scheduled = True
            i += 1
            continue
        heading = word and len(t) < 90 and (NONPUBLIC.match(t) or NONPUBLIC_PAGE.match(t)) \
            or word and len(t) < 160 and _PUBLIC_ENDS.match(t) \
            or t[0] in "Nn" and len(t) < 16 and t[:5].lower() == "nicht" and _broken_heading(lines, i) \
            or (word or t[0] in "Nn" and ("icht" in t or "ICHT" in t or "Teil" in t or "TEIL" in t)) and len(t) < 90 \
            and t[-1] not in ".?!" and t[0] not in "0123456789" and _NONPUBLIC_NAMED.search(t) is not None \
            and not _REFERENCE.search(t)
        if heading and _schedule_entry(lines, i):
            scheduled = True
            i += 1
            continue
        item = not heading and len(t) < 300 and (
            t[:1] in "NnZzTt" and not t.startswith("n") and NONPUBLIC_ITEM.match(t)
            or word and t[:1] in _MARKED_ITEM_FIRST and NONPUBLIC_ITEM.match(t)
            or t[:1].isdigit() and ".N" in t[:8] and NONPUBLIC_ITEM.match(t))
        if word and not heading and not item and len(t) < 600 and goes_on_private(t):
            parts.append((i + 1, n))   # (the sentence itself, and what its paragraph said before it, are public)
            break
        label = heading and NONPUBLIC.match(t) and _is_label(lines, i)
        in_agenda = (heading or item) and not NONPUBLIC_PAGE.match(t) and (body is None or i < body)
        if label or in_agenda:
            if in_agenda and body is None:
                body = _body_start(lines, i)
            if label or body is not None:
                # to the public part's heading (a label: within two lines), else to the first item
                stop = n if label or body is None else body
                end = next((k for k in range(i + 1, stop) if PUBLIC_HEADING.match(lines[k].text)), stop)
                numbers = {e[0] for ln in lines[i:end] if ln.text and (e := _entry(ln.text)) is not None}
                public = _public_entries(lines, i)
                reused.update({num: public[num] for num in numbers if num in public})
                listed |= numbers
                parts.append((i, end))
                # a part with its own times in a schedule of the parts took place
                scheduled = scheduled or bool(label) and bool(TIME_RANGE.match(next((ln.text for ln in lines[i + 1:end] if ln.text), "")))
                i = end
                continue
        if heading or item or (listed and t[0] in _ENTRY_FIRST and (body is None or i >= body)
                               and (e := _entry(t)) is not None and e[0] in listed
                               and not (e[0] in reused and title_words(e[1] or next_text(lines, i)) == reused[e[0]])):
            parts.append((i, n))
            break
        i += 1
    return parts, scheduled or bool(listed) or bool(parts) and parts[-1][1] == n


def _schedule_entry(lines: list[Line], i: int) -> bool:
    """"Öffentlicher Teil:" / "von 19:30 Uhr bis 21:41 Uhr" / "Nichtöffentlicher Teil:" / "von 21:42 Uhr bis 21:47 Uhr"
    (a schedule of the session's parts above its attendance list, Rhineland-Palatinate): the non-public part's
    entry with its times right after the public part's, and no item after it. Such a part took place, and
    nothing of it follows here; a heading with an item after its times starts the part itself."""
    window = range(max(0, i - 5), min(len(lines), i + 6))
    before = [lines[k].text for k in window if k < i and lines[k].text][-2:]
    after = [lines[k].text for k in window if k > i and lines[k].text][:2]
    return len(before) == 2 and len(after) == 2 and PUBLIC_HEADING.match(before[0]) is not None \
        and TIME_RANGE.match(before[1]) is not None and TIME_RANGE.match(after[0]) is not None \
        and _ENTRY.match(after[1]) is None


def _broken_heading(lines: list[Line], i: int) -> bool:
    """A heading a page broke over two lines: "Nicht-" / "öffentlicher Teil", "Nichtöffent-" / "licher Teil"."""
    t, after = lines[i].text, next_text(lines, i)
    if not t.endswith("-"):
        joined = f"{t} {after}"
    else:   # "Nicht-" keeps its hyphen, a broken word ("Nichtöffent-") does not
        joined = t + after if t.lower().rstrip("-").strip() == "nicht" else t[:-1] + after
    return len(joined) < 90 and bool(NONPUBLIC.match(joined))


def without_parts(lines: list[Line], parts: list[tuple[int, int]]) -> list[Line]:
    """``lines`` without the ranges ``parts`` (as :func:`nonpublic_parts` gives them)."""
    out, at = [], 0
    for first, end in parts:
        out += lines[at:first]
        at = end
    return out + lines[at:] if parts else lines


def public_lines(lines: list[Line]) -> tuple[list[Line], bool]:
    """The lines of the public parts, and whether the session had a non-public part."""
    parts, had = nonpublic_parts(lines)
    return without_parts(lines, parts), had
