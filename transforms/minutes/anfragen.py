"""Anfragen: the question as printed, the first answer, supplementary questions, status."""
from __future__ import annotations

import re

from transforms import factions
from transforms.minutes.lines import Line, strip_quotes, text_of
from transforms.model import Anfrage, AgendaItem

_QUESTION = re.compile(
    r"^(?:Der\s+)?Text\s+der\s+Anfrage(?:\s+lautet)?\s*:?$|^Die\s+Anfrage(?:\s+\S+){0,4}\s+lautet\s*:?$"
    r"|^(?:zu\s+)?Frage(?:\s*\d+)?\s*:?$",
    re.I,
)
_SUPPLEMENTARY = re.compile(r"^(?:Schriftliche\s+)?(?:Zusatzfrage|Nachfrage)\b[^.?!]{0,100}:?$", re.I)
_ANSWER = re.compile(r"^(?:Die\s+)?Antwort(?:\s+(?:der|des|von)\s+(?P<who>.+?))?\s*:?$", re.I)
_LATER = re.compile(r"im Rahmen der Niederschrift|nachgereicht|im Nachgang", re.I)
_LABELS = re.compile(r"^(?:Beratungsgrundlage|Drucksache\w*)\b", re.I)
# A speaker paragraph ("Herr Knauf, FDP, fragt nach, ...") ends the answer: discussion is not the answer.
_SPEAKER = re.compile(r"^(?:Herr|Frau)\s+(?:Dr\.\s+)?[A-ZÄÖÜ][\wäöüß-]+(?:,\s*[^,]{1,60},)?\s+[a-zäöüß]+\b")
_COMMITTEE_NOTE = re.compile(r"\b(?:nimmt|nehmen)\b.*\bKenntnis\b|^Kenntnisnahme$|^[-.]+$")
# How the three markers can start (re.I folds "ſ" to "s").
_MARKER_FIRST = frozenset("SsſZzNnDdAaTtFf")
_POSTPONED = re.compile(r"\bvertagt\b", re.I)


def _ends_answer(t: str) -> bool:
    """A speaker's paragraph or the committee's note (substring tests first: most lines are neither)."""
    return (t[:4] in ("Herr", "Frau") and bool(_SPEAKER.match(t))) or (
        ("Kenntnis" in t or t[:1] in "-.") and bool(_COMMITTEE_NOTE.search(t)))


def _marker(line: Line) -> str | None:
    t = strip_quotes(line.text)
    if len(t) > 160 or t[:1] not in _MARKER_FIRST:
        return None
    if _SUPPLEMENTARY.match(t):
        return "supplementary"
    if _ANSWER.match(t):
        return "answer"
    if _QUESTION.match(t):
        return "question"
    return None


def _answered_by(line: Line) -> str:
    m = _ANSWER.match(strip_quotes(line.text))
    who = (m.group("who") or "").strip() if m else ""
    who = _LATER.split(who)[0].strip()
    who = re.split(r"\s+(?:zu[rm]?|im)\s+", who)[0].strip(" :")
    return "Verwaltung" if not who or who.lower().startswith("verwaltung") else who


def parse_anfrage(item: AgendaItem, lines: list[Line], parent_title: str | None = None) -> Anfrage:
    question: list[Line] = []
    answer: list[Line] = []
    answer_line: Line | None = None
    supplementary = 0
    state = "start"  # start -> question -> answer -> done
    postponed = False
    for line in lines:
        if line.blank or _LABELS.match(line.text):
            continue
        kind = _marker(line)
        if kind == "supplementary":
            supplementary += 1
            state = "done" if state != "start" else "done"
            continue
        if kind == "answer":
            if answer_line is None:
                answer_line, state = line, "answer"
            else:
                state = "done"
            continue
        if kind == "question":
            if state == "start":
                state = "question"
            elif state == "answer":
                state = "done"
            continue
        if len(line.text) < 200 and _POSTPONED.search(line.text):
            postponed = True
        if state in ("start", "question") and answer_line is None:
            if _ends_answer(line.text):
                state = "done" if state == "question" else state
                continue
            if state == "question":
                question.append(line)
        elif state == "answer":
            if _ends_answer(line.text):
                state = "done"
                continue
            answer.append(line)
    if answer_line is not None:
        status = "answered in writing after the session" if _LATER.search(answer_line.text) else "answered"
    elif postponed:
        status = "postponed"
    else:
        status = None
    return Anfrage(
        item_number=item.item_number, span=item.span, title=item.title, paper_reference=item.paper_reference,
        factions=factions.mentioned(item.title or "") or factions.mentioned(parent_title or ""), question_text=text_of(question),
        answer_text=text_of(answer), answered_by=_answered_by(answer_line) if answer_line else None,
        supplementary_questions=supplementary, status=status,
    )
