"""Beschlüsse and their result lines ("- bei einer Enthaltung einstimmig beschlossen -")."""
from __future__ import annotations

import re

from transforms import factions
from transforms.minutes.lines import Line, text_of
from transforms.model import Decision, Span, VoteCount

NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
}
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_BESCHLUSS = re.compile(r"^Beschluss(?:empfehlung)?\s*:?\s*(.*)$", re.I)
_FRAMED = re.compile(r"^[-–—]\s*(.*?[A-Za-zäöü].*?)\s*[-–—]$")
_RESULT_WORDS = re.compile(r"\b(beschlossen|abgelehnt|angenommen|zugestimmt|zurückgezogen|vertagt)\b", re.I)
_UNFRAMED_START = re.compile(r"^(?:einstimmig|mehrheitlich|mit\s|bei\s|abweichend|Abstimmungsergebnis|ja\b)", re.I)
_BREAKDOWN = r"(?:\s*\(([^()]*)\))?"
_YES = (re.compile(_NUM + r"\s+(?:Ja-?\s?Stimmen?|Stimmen\s+dafür|dafür)" + _BREAKDOWN, re.I),
        re.compile(r"\bJa(?:-Stimmen)?\s*:?\s*(\d+)" + _BREAKDOWN, re.I))
_NO = (re.compile(_NUM + r"\s+(?:Nein-?\s?Stimmen?|Gegenstimmen?|Stimmen\s+dagegen|dagegen)" + _BREAKDOWN, re.I),
       re.compile(r"\bNein(?:-Stimmen)?\s*:?\s*(\d+)" + _BREAKDOWN, re.I))
_ABST = (re.compile(_NUM + r"\s+(?:Stimmenthaltung(?:en)?|Enthaltung(?:en)?)" + _BREAKDOWN, re.I),
         re.compile(r"\bEnthaltung(?:en)?\s*:?\s*(\d+)" + _BREAKDOWN, re.I))
_AGAINST_GROUPS = re.compile(r"\bgegen\s+(?:die\s+)?Stimmen?\s+(?:der|des|von)\s+(.+?)(?=\s+(?:bei|und|mehrheitlich|beschlossen|abgelehnt)\b|$)", re.I)
_ABSTAIN_GROUPS = re.compile(r"\bbei\s+(?:Stimm)?[Ee]nthaltung\s+(?:der|des|von)\s+(.+?)(?=\s+(?:und|mehrheitlich|einstimmig|beschlossen|abgelehnt|gegen)\b|$)", re.I)
_UNKNOWN_ABSTENTIONS = re.compile(r"\b(?:einigen|mehreren|wenigen|vereinzelten)\s+(?:Stimm)?[Ee]nthaltungen\b")
_NO_ABSTENTIONS = re.compile(r"\bohne\s+(?:Stimm)?[Ee]nthaltung(?:en)?\b", re.I)


def _int(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def result_line(line: Line) -> str | None:
    """The result text of a line like "- einstimmig beschlossen -", or None."""
    t = line.text
    if len(t) > 300:
        return None  # result lines are short; the regexes below would only backtrack through prose
    if t[:1] in "-–—" and t[-1:] in "-–—":
        m = _FRAMED.match(t)
        if m and _RESULT_WORDS.search(m.group(1)):
            return m.group(1).strip()
    if len(t) < 160 and _UNFRAMED_START.match(t) and _RESULT_WORDS.search(t):
        return t.rstrip(".").strip()
    return None


def _breakdown(option: str, inner: str | None) -> list[VoteCount]:
    out = []
    for part in re.split(r"[,;]|\s+und\s+", inner or ""):
        part = part.strip()
        if not part:
            continue
        num = re.search(r"\d+", part)
        name = re.sub(r"[:\d]+", "", part).strip()
        group = factions.canonical(name) or (name if name else None)
        if group:
            out.append(VoteCount(option, int(num.group()) if num else None, group))
    return out


def _count(patterns, option: str, text: str) -> tuple[int | None, list[VoteCount]]:
    for rx in patterns:
        if m := rx.search(text):
            return _int(m.group(1)), _breakdown(option, m.group(2))
    return None, []


def parse_result(text: str) -> dict:
    """Outcome, unanimity and counts stated in a result text; unknown values stay None."""
    low = text.lower()
    if "abgelehnt" in low:
        outcome = "rejected"
    elif "zurückgezogen" in low:
        outcome = "withdrawn"
    elif "vertagt" in low:
        outcome = "postponed"
    else:
        outcome = "accepted"
    yes, yes_groups = _count(_YES, "yes", text)
    no, no_groups = _count(_NO, "no", text)
    abst, abst_groups = _count(_ABST, "abstention", text)
    if abst is None and _NO_ABSTENTIONS.search(text):
        abst = 0
    if abst is not None and _UNKNOWN_ABSTENTIONS.search(text):
        abst = None
    counts = yes_groups + no_groups + abst_groups
    for rx, option in ((_AGAINST_GROUPS, "no"), (_ABSTAIN_GROUPS, "abstention")):
        if m := rx.search(text):
            counts += [VoteCount(option, None, g) for g in factions.mentioned(m.group(1))]
    unanimous = None
    if "einstimmig" in low:
        unanimous = True
        no = 0 if no is None else no
    elif "mehrheit" in low or (no or 0) > 0 or any(c.option == "no" for c in counts):
        unanimous = False
    return {
        "outcome": outcome, "unanimous": unanimous, "yes": yes, "no": no, "abstentions": abst,
        "deviates_from_proposal": "abweichend" in low, "counts": counts,
    }


def find_decisions(item_number: str, lines: list[Line]) -> list[Decision]:
    """Each Beschluss in an item's own lines, paired with the result line that closes it."""
    out: list[Decision] = []
    start: int | None = None      # index of the "Beschluss:" line
    body: list[Line] = []
    for i, line in enumerate(lines):
        m = _BESCHLUSS.match(line.text) if len(line.text) < 200 else None
        if m and (line.marked or line.text.rstrip().endswith(":") or not m.group(1)):
            start, body = i, []
            if m.group(1):
                body.append(Line(line.no, line.raw, m.group(1), False))
            continue
        result = result_line(line)
        if result is None:
            if start is not None:
                body.append(line)
            continue
        first = lines[start] if start is not None else line
        decision_text = text_of(body) if start is not None else None
        parsed = parse_result(result)
        counts = parsed.pop("counts")
        recommendation = bool(decision_text and re.search(r"\bempfiehlt\b", decision_text))
        out.append(Decision(
            item_number=item_number, span=Span(first.no, line.no), decision_text=decision_text,
            result_text=result, recommendation=recommendation, counts=counts, **parsed,
        ))
        start, body = None, []
    return out
