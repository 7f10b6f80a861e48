"""Where the non-public part of a session begins: nothing from that line on is read.

Markers: a heading ("Nichtöffentliche Sitzung:", "II. NICHTÖFFENTLICHER TEIL", "Teil B:
nicht öffentlich"), a non-public agenda item ("TOP N 1", "N 3 Grundstücksangelegenheiten",
"Zu Punkt N 2"), or a header saying the whole page is non-public ("Sitzungsart:
nichtöffentlich"). A mis-decoded umlaut must not let a non-public part through, so the
pattern tolerates mangled "ö". A heading is only a navigation label when the public part's
own heading follows it at once (RIS pages list both parts at the top); anything else that
looks like a marker cuts, because a cut too early loses public text while a cut too late
publishes what must never be public.
"""
from __future__ import annotations

import re

from transforms.minutes.lines import Line

_OE = r"(?:ö|oe|o|Ã¶|\ufffd|\?|.{1,2})"
NONPUBLIC = re.compile(
    r"^[-–(]*\s*(?:[IVX]+\.\s*|[A-Z]\)\s*|Teil\s+\w+\s*:?\s*|\d\.\s*)?(?:Sitzung\s*,?\s*)?nicht[\s-]*" + _OE
    + r"ffentliche?[rns]?\s*(?:Sitzung|Teil|Sitzungsteil|Beratung|Tagesordnung|Sitzungsabschnitt|Teil\s+der\s+Sitzung)?"
    r"\s*[:)–-]*$",
    re.IGNORECASE,
)
# A header that makes the whole page non-public; "öffentlich/nichtöffentlich" (the session has both) does not.
NONPUBLIC_PAGE = re.compile(
    r"^(?:Sitzungsart|Status|Öffentlichkeitsstatus|Öffentlichkeit|Sitzungsstatus)\s*[:\t]\s*nicht[\s-]*" + _OE
    + r"ffentlich\s*$", re.I)
# A non-public agenda item ("TOP N 1", "Zu Punkt N 2.1", "N 3 ..."; "NÖ 2" in some systems).
NONPUBLIC_ITEM = re.compile(
    r"^(?:(?:zu\s+)?(?:top|punkt|tagesordnungspunkt)\s*)?(?:N|NÖ|NOE)\s?\d{1,3}(?:\.\d{1,3})*\.?(?:\s|:|$)", re.I)
_PUBLIC_HEADING = re.compile(r"^(?:[IVX]+\.\s*)?Öffentliche\s*(?:Sitzung|Teil)|^Öffentlicher\s*Teil", re.I)


def _is_label(lines: list[Line], i: int) -> bool:
    """A non-public heading directly followed by the public part's heading only names the parts."""
    seen = 0
    for ln in lines[i + 1: i + 8]:
        if not ln.text:
            continue
        seen += 1
        if _PUBLIC_HEADING.match(ln.text):
            return True
        if seen >= 2:
            return False
    return False


def nonpublic_cut(lines: list[Line]) -> int | None:
    """Index of the first line of a non-public part, or None."""
    for i, line in enumerate(lines):
        t = line.text
        if not t:
            continue
        if len(t) < 90 and (NONPUBLIC.match(t) or NONPUBLIC_PAGE.match(t)):
            if NONPUBLIC.match(t) and _is_label(lines, i):
                continue
            return i
        if len(t) < 300 and t[:1] in "NnZzTt" and NONPUBLIC_ITEM.match(t) and not t.startswith("n"):
            return i
    return None
