"""Read a Niederschrift, a RIS session page or a single-item page: session, attendance, items, Beschlüsse, Anfragen.

The document is cut into regions first (head, attendance list, public body, closing
signatures); everything from a non-public marker on is dropped before any part of the body
is read, so nothing of it can reach a table. What the document does not state stays empty and
is named in a parse warning: a document that is minutes is never rejected for a missing field.
"""
from __future__ import annotations

import re

from transforms import factions
from transforms.layouts import Layout
from transforms.minutes import agenda, header
from transforms.minutes.anfragen import parse_anfrage
from transforms.minutes.attendance import apply_substitutions, parse_attendance, people_in_text, substitutions_in_text
from transforms.minutes.decisions import check_counts, find_decisions
from transforms.minutes.lines import Line, sentences_of, text_of
from transforms.minutes.nonpublic import public_lines
from transforms.minutes.outcomes import item_outcome
from transforms.model import ParsedDocument, ParseWarning, Paper, Session, Span
from transforms.names import is_office, parse_name

_ATTENDANCE_START = re.compile(
    # ("Von den geladenen Mitgliedern sind anwesend:", Rhineland-Palatinate)
    r"^(?:Von\s+den\s+(?:geladenen\s+)?Mitgliedern\s+(?:sind|waren)\s+anwesend(?=\s*:)"
    r"|(?:Teilgenommen\s+haben|(?:An\s+der\s+Sitzung\s+)?(?:nahmen|nehmen)\s+teil|Es\s+nahmen\s+teil)(?=\s*:)|Anwesend|Anwesende|Anwesenheit|Anwesenheitsliste|Teilnehmende|Teilnehmer(?:innen)?|Sitzungsteilnehmer\w*|Vorsitz|Vorsitzende[r]?(?=\s*:)"
    r"|(?:\d\.\s*|[a-z]\)\s*)?Stimmberechtigte\s+Mitglieder|Anwesend\s+(?:sind|waren)|Es\s+(?:waren|sind)\s+anwesend(?=\s*:)"
    # ("Als stimmberechtigt waren anwesend:", "Vom Magistrat waren anwesend:", a Hessian Stadtverordnetenversammlung)
    r"|(?:Als\s+)?[Ss]timmberechtigt\s+(?:sind|waren)\s+anwesend(?=\s*:)|(?:Vom|Von\s+der)\s+\w+\s+(?:sind|waren)\s+anwesend(?=\s*:))\b", re.I)
# A list of only those missing ("Entschuldigt: Fraktion:" / "Herr X SPD"): everyone else was there.
_ABSENCE_START = re.compile(r"^(?:Entschuldigt|Entschuldigungen|Entschuldigte(?:\s+Mitglieder)?|Es\s+fehl(?:t|en|ten)|Abwesend|Nicht\s+anwesend|Verhindert|Unentschuldigt)"
                            r"(?:\s+(?:sind|waren|fehlten|entschuldigt|abwesend))?\s*:", re.I)
_PUBLIC_START = re.compile(
    r"^(?:[IVX]+\.\s*)?(?:Öffentliche\s*Sitzung|Öffentlicher\s*Teil|Öffentlicherteil|ÖffentlicheSitzung|Tagesordnung"
    r"|Veröffentlichte\s+Tagesordnung|Öffentlich\s+zu\s+behandelnde|Vor\s+Eintritt\s+in\s+die\s+Tagesordnung"
    r"|Tagesordnung\s+der\s+öffentlichen)\b(?:\s+[^\s\d]+){0,4}\s*:?$", re.I)
# "Ö 1 Eröffnung ...": an agenda item with the public/non-public prefix, never a name in a list.
# The Ö/N prefix marks an item on its own: its title may begin in lower case ("Ö 7.7 ländlicher Wegebau").
_PREFIXED_ITEM = re.compile(r"^[ÖN]\s?\d{1,3}(?:\.\d{1,3})*\.?\s+[A-ZÄÖÜa-zäöü„\"]")
_OPEN_CLAUSE = re.compile(r"\b(?:des|der|die|das|dem|den|und|oder|von|zu|zur|zum|im|in|am|an|auf|für|mit|bei|um|nach|über"
                          r"|eine?|einen|einer|sowie)$")
_OPENING = re.compile(r"\b(?:eröffne(?:t|te)|begrüß(?:t|te))\b", re.I)
_SIGNATURE = re.compile(
    r"^(?:gez\.?\s.*|[-–_.* ]+|(?:Der\s+|Die\s+)?(?:Ausschuss|Ausschuß)?[Vv]orsitzende[r]?|Schriftführer(?:in)?"
    r"|Bezirksbürgermeister(?:in)?|Oberbürgermeister(?:in)?|Protokollführer(?:in)?|Bürgermeister(?:in)?"
    r"|Mitunterzeichner(?:in)?)$"
)
_SIGNATURE_ROW = re.compile(r"^(?:[A-ZÄÖÜ][\w.-]+(?:\s[A-ZÄÖÜ][\w.-]+){0,3})(?:\s{3,}[A-ZÄÖÜ][\w.-]+(?:\s[A-ZÄÖÜ][\w.-]+){0,3})+$")
_DECISION_EVIDENCE = re.compile(
    r"^(?:Beschluss(?:empfehlung)?\s*:|Abstimmung(?:sergebnis)?\s*:|Ja(?:-Stimmen)?\s*:?\s*\d|Stimmberechtigte\s*:)", re.I)


def _find(lines: list[Line], rx: re.Pattern, start: int = 0, stop: int | None = None) -> int | None:
    end = len(lines) if stop is None else min(stop, len(lines))
    return next((i for i in range(start, end) if lines[i].text and rx.match(lines[i].text)), None)


def _signature_start(body: list[Line]) -> int:
    i = len(body)
    while i > 0:
        t = body[i - 1].text
        if not t or _SIGNATURE.match(t) or header.signed_date([body[i - 1]]) or _SIGNATURE_ROW.match(body[i - 1].raw.strip()) or (
                len(t) < 60 and not t.endswith(".") and parse_name(t) is not None):
            i -= 1
            continue
        break
    return i


_QUORUM = re.compile(r"beschlussfähig", re.I)   # (Beschlussfähigkeit too)


def _paragraphs(lines: list[Line]) -> list[str]:
    """The texts of the paragraphs (lines up to a blank line) of ``lines``."""
    out, current = [], []
    for line in lines:
        if line.text:
            current.append(line.text)
        elif current:
            out.append(" ".join(current))
            current = []
    return out + [" ".join(current)] if current else out


def _paragraph_with(lines: list[Line], rx: re.Pattern) -> str:
    """The text of the first paragraph (lines up to a blank line) in which ``rx`` matches."""
    return next((p for p in _paragraphs(lines) if rx.search(p)), "")


_LIST_PART = re.compile(r"mitglied|anwesend|verwaltung|gäste|entschuldigt|fraktion|vorsitz", re.I)
_FIRST_ITEM = re.compile(r"^1\.?\s+(?P<title>[A-ZÄÖÜ][\w-]*)")


def _first_numbered_item(public: list[Line], i: int) -> bool:
    """"1. Einwohnerfragestunde" after a blank line, with text below, or "1." with the title on the next line:
    the first item of minutes that number their items plainly; not "1. Bürgermeister X" or "1.) Herr Y" of a
    numbered attendance list."""
    t = public[i].text
    if t == "1." and i + 1 < len(public) and public[i + 1].text:
        t = f"1. {public[i + 1].text}"   # "1." / "Eröffnung der Sitzung, ...": number and title columns of PDF text
    elif i == 0 or public[i - 1].text:
        return False
    if t[:1] != "1" or not (m := _FIRST_ITEM.match(t)) or t.endswith(":"):
        return False
    if _LIST_PART.search(t) and not _prose_after(public, i):
        return False   # "1. Stimmberechtigte Mitglieder" over names: a part of the attendance list
    word, words = m.group("title"), t[m.start("title"):].split()
    return not (is_office(word) or word in ("Herr", "Frau")
                or any(parse_name(" ".join(words[:n]).strip(",;")) is not None for n in (2, 3, len(words))))


def _prose_after(public: list[Line], i: int) -> bool:
    """Whether a sentence follows line ``i`` ("1. Verpflichtung der Ratsmitglieder" / "Ortsbürgermeister X
    verpflichtete die neu gewählten Ratsmitglieder ...": an item, though its title names members)."""
    after = next((ln.text for ln in public[i + 1: i + 4] if ln.text), "")
    # (a sentence: its end, and words in lower case; not "RM Wiebke Hofmann (GRÜNE) i. V. f. RM Heike Weber")
    return after.endswith(".") and sum(1 for w in after.split() if w[:1].islower() and not w.endswith(".")) >= 4


def _body_start(public: list[Line], after: int, layout: Layout) -> int:
    """First line of the body: the public part's heading, the agenda, the first item or the chair's opening."""
    for i in range(after, len(public)):
        t = public[i].text
        if not t:
            continue
        if _PUBLIC_START.match(t):
            return i
        if agenda.is_heading(t, layout) or _PREFIXED_ITEM.match(t) or _first_numbered_item(public, i):
            prev = next((public[j].text for j in range(i - 1, max(after - 1, i - 4), -1) if public[j].text), "")
            # "3. Bürgermeisterin Kolbinger, bis einschließlich" / "TOP 6 (21.20 Uhr)": a note wrapped, not an item
            if not re.search(r"(?:einschließlich|\bbis|\bab|\bzu|,)$", prev):
                return i
        prev = public[i - 1].text if i > 0 else ""
        # "... die öffentliche Sitzung des" / "Marktgemeinderates. Er begrüßt ...": the sentence began a line above
        wrapped = len(prev) >= 45 and bool(_OPEN_CLAUSE.search(prev))
        if i > after and len(t.split()) >= 6 and _OPENING.search(t) and not t.endswith(":") and not wrapped:
            return i  # the chair opens the session: the list is over
    return len(public)


def parse_minutes(doc: ParsedDocument, lines: list[Line], layout: Layout, sidecar: dict | None = None,
                  split: tuple[list[Line], bool] | None = None) -> None:
    """Fill ``doc`` from the lines of a Niederschrift or council page (doc_type already set); ``split`` is
    :func:`public_lines` of ``lines`` when the caller has it already."""
    warn = doc.warnings.append
    public, has_nonpublic = split if split is not None else public_lines(lines)

    att_start = _find(public, _ATTENDANCE_START, 0, 200)
    if att_start is not None and _PUBLIC_START.match(public[att_start].text or ""):
        att_start = None
    if att_start is None and not layout.single_item and (absent := _find(public, _ABSENCE_START, 0, 200)) is not None \
            and absent < _body_start(public, 0, layout):
        att_start = absent
    single = layout.single_item or doc.kind == "item_page"
    if single:
        pub_start = att_start + 1 if att_start is not None else 0
        head_end = _first_content(public)
    else:
        pub_start = _body_start(public, (att_start + 1) if att_start is not None else 0, layout)
        head_end = att_start if att_start is not None else pub_start
    head = public[:head_end]
    attendance_lines = public[att_start: pub_start] if att_start is not None and not single else []
    body = public[pub_start:] if not single else public[head_end:]
    sig = _signature_start(body) if not single else len(body)
    closing, body = body[sig:], body[:sig]
    pre_body = public[: pub_start if not single else head_end + 60]
    opening = body[:40]

    # --- attendance
    attendees, att_warnings, declared = parse_attendance(attendance_lines, layout)
    doc.warnings.extend(att_warnings)
    if not attendees:
        attendees = people_in_text(public, layout)
    doc.attendees = attendees

    # --- session facts
    head_logical = sentences_of(public[:max(head_end, 1)])
    # A page of one item names its session in its first lines, if at all; its text tells of other sessions.
    committee, body_line = header.body_name(
        head_logical + public[max(head_end, 1):] if not single else sentences_of(public[:max(head_end, 15)]),
        len(head_logical) if not single else max(head_end, 15), layout.patterns("body_patterns"))
    if committee is None:
        committee = header.body_in_text(" ".join(ln.text for ln in public[:200] if ln.text))
    # A page without a head names dates only in its text: only a labelled or titled date is the session's.
    pre_logical = sentences_of(pre_body if not single else public[:80])
    date, _ = (header.session_date(pre_logical, _index_of(pre_logical, pre_body, head_end)) if not single
               else header.session_date(pre_logical, 0, min_score=5))
    found_times = header.times(pre_body if not single else public[:60], head_end,
                               sentences_of(head[-3:]) + sentences_of(opening))
    end_time = (found_times.end_time or header.end_from_closing(sentences_of(body[-30:] + closing))
                or header.end_from_closing(pre_logical))
    welcome = _paragraph_with(body[:60], re.compile(r"\bbegrüßt\b|\beröffnet\b"))
    # The number is read from the head and the chair's welcome only: items often cite earlier sessions.
    numbers_text = [ln.text for ln in head] + [ln.text for ln in public[:60] if ln.text and "Sitzung" in ln.text] + [welcome]
    session = Session(
        committee=committee, session_date=date, span=Span(1, public[-1].no if public else 1),
        session_number=header.session_number(numbers_text),
        legislative_term=header.legislative_term(" ".join(ln.text for ln in head) + " " + welcome),
        has_nonpublic_part=has_nonpublic, minutes_date=header.signed_date(closing),
        start_time=found_times.start_time, end_time=end_time, location=header.place(pre_body),
        members_present=declared if declared is not None else header.members_stated(
            [*_paragraphs(head), welcome, *(p for p in _paragraphs(body[:60]) if _QUORUM.search(p))]),
    )
    _apply_sidecar(session, sidecar or {}, warn)
    # Substitutes the opening names in its text ("Frau A wird von Herrn B vertreten")
    substitutions = substitutions_in_text([*_paragraphs(head), *(p for p in _paragraphs(body[:60]) if "vertr" in p or "Für " in p)])
    apply_substitutions(attendees, substitutions, Span(opening[0].no, opening[0].no) if opening else Span(1, 1))
    session.chair = _chair(" ".join(ln.text for ln in opening), closing, attendees, session.committee)
    recorders = [a for a in attendees if a.role == "recorder"]
    session.recorder = " ".join(p for p in (recorders[0].given_name, recorders[0].family_name) if p) if recorders else None
    doc.session = session
    _warn_missing(doc, session, att_start, layout)

    # --- agenda items and what became of them
    if single:
        blocks = [agenda.single_block(public, head_end, layout)]
    else:
        blocks = agenda.split_items(body, layout)
    for n, block in enumerate(blocks):
        if block.nonpublic:
            session.has_nonpublic_part = True
            blocks = blocks[:n]
            break
    if not blocks and not single:
        warn(ParseWarning(body[0].no if body else 0, "no agenda items ('Zu Punkt N' / 'TOP N') found"))
    if not single and doc.kind == "minutes" and body and not any(ln.text for ln in closing):
        warn(ParseWarning(body[-1].no, "no closing signatures found: the document may be truncated"))

    numbers = {b.item.item_number for b in blocks}
    parents = {n[:i] for n in numbers for i, c in enumerate(n) if c == "."}   # numbers of items with sub-items
    types: dict[str, str] = {}
    for block in blocks:
        item = block.item
        parent = item.parent_number
        if parent and parent not in numbers:
            warn(ParseWarning(item.span.start, f"item {item.item_number} has no parent item {parent}"))
        if item.paper_reference is None:
            item.title, item.paper_reference = agenda.title_paper(item.title)
        item.paper_reference = item.paper_reference or agenda.paper_reference(block.lines)
        item.item_type = agenda.item_type(item.title, types.get(parent or ""), item.paper_reference is not None)
        types[item.item_number] = item.item_type
        prose = sentences_of(block.lines)
        decisions = find_decisions(item.item_number, block.lines, layout, block.result, item.span, prose)
        item.outcome, item.replaced_by = item_outcome(prose, decisions, block.result, layout)
        doc.agenda_items.append(item)
        doc.decisions.extend(decisions)
        if item.item_type == "inquiry" and item.item_number not in parents:
            parent_title = next((b.item.title for b in blocks if b.item.item_number == parent), None)
            anfrage = parse_anfrage(item, block.lines, parent_title)
            if anfrage.factions or anfrage.paper_reference or anfrage.question_text or anfrage.answer_text:
                doc.anfragen.append(anfrage)
        if item.paper_reference:
            doc.papers.append(_paper_of(item))
    doc.warnings.extend(check_counts(doc.decisions, attendees, session.members_present))


def _index_of(logical: list[Line], lines: list[Line], end: int) -> int:
    """Index in ``logical`` (sentences_of(lines)) of the logical line that holds ``lines[end]``."""
    if end >= len(lines):
        return len(logical)
    no = lines[end].no
    return sum(1 for ln in logical if ln.no < no)


def _first_content(public: list[Line]) -> int:
    """End of a single-item page's head: the first decision, vote or protocol line."""
    for i, ln in enumerate(public):
        t = ln.text
        if t and (_DECISION_EVIDENCE.match(t) or t.rstrip(":").lower() in ("protokoll", "beschluss", "sachverhalt")
                  or len(t) > 80):
            return i
    return len(public)


_SIDECAR_FIELDS = {"gremium": "committee", "session_date": "session_date", "start_time": "start_time",
                   "end_time": "end_time", "session_number": "session_number", "location": "location"}
_SIDECAR_ONLY = {"source_url": "source_url", "meeting_url": "meeting_url"}
SIDECAR_KEYS = frozenset(_SIDECAR_FIELDS) | frozenset(_SIDECAR_ONLY) | {"session_id", "city"}


def _apply_sidecar(session: Session, sidecar: dict, warn) -> None:
    """Sidecar values fill what the text lacks; where both exist and disagree, the text wins."""
    for key in sorted(set(sidecar) - SIDECAR_KEYS):
        warn(ParseWarning(0, f"the sidecar has an unknown key '{key}': ignored"))
    for key, attr in _SIDECAR_FIELDS.items():
        value = sidecar.get(key)
        if value in (None, ""):
            continue
        if key == "session_number":
            try:
                value = int(value)
            except (TypeError, ValueError):
                warn(ParseWarning(0, f"the sidecar's session_number '{value}' is not a number: ignored"))
                continue
        current = getattr(session, attr)
        if current is None:
            setattr(session, attr, value)
        elif str(current).casefold() != str(value).casefold():
            warn(ParseWarning(0, f"the text gives {key} '{current}', the sidecar '{value}': the text's value is kept"))
    for key, attr in _SIDECAR_ONLY.items():
        if sidecar.get(key):
            setattr(session, attr, str(sidecar[key]))
    if not session.meeting_url and str(sidecar.get("session_id") or "").startswith(("http://", "https://")):
        session.meeting_url = str(sidecar["session_id"])


def _warn_missing(doc: ParsedDocument, s: Session, att_start: int | None, layout: Layout) -> None:
    warn = doc.warnings.append
    if s.session_date is None:
        warn(ParseWarning(0, "no session date found (expected 'am DD.MM.YYYY', 'Datum:' or 'Termin:' in the head); "
                             "the session is identified by its document"))
    if s.committee is None:
        warn(ParseWarning(0, "no Gremium found (expected 'Sitzung des/der <Gremium>' or 'Gremium:' in the head)"))
    if s.start_time is None:
        warn(ParseWarning(0, "no start time found ('Beginn:', 'Sitzungsdauer:', 'Zeit:')"))
    if s.end_time is None:
        warn(ParseWarning(0, "no end time found ('Ende:', 'Sitzungsdauer:', 'Zeit:')"))
    if att_start is None and doc.kind == "minutes":
        warn(ParseWarning(0, "no attendance list ('Anwesend:') found"))


# A local council that its local mayor chairs by law: an Ortsgemeinderat (Rhineland-Palatinate) its
# Ortsbürgermeister, an Ortsrat, Ortschaftsrat or Ortsbeirat its Ortsbürgermeister or Ortsvorsteher.
_LOCAL_COUNCIL = re.compile(r"^(?:Orts(?:gemeinde|chafts|teil)?rat|Ortsbeirat)\b")
_LOCAL_HEAD = re.compile(r"^(?:Orts(?:teil)?bürgermeister(?:in)?|Ortsvorsteher(?:in)?)$")


def _chair(opening: str, closing: list[Line], attendees, committee: str | None = None) -> str | None:
    chairs = [a for a in attendees if a.role == "chair"]
    if len(chairs) == 1:
        return " ".join(p for p in (chairs[0].given_name, chairs[0].family_name) if p)
    family = header.chair_family_name(opening)
    if family is None:
        for prev, line in zip(closing, closing[1:]):
            if re.match(r"^(?:Ausschuss)?[Vv]orsitzende", line.text) and prev.text:
                name = parse_name(prev.text)
                family = name.family_name if name else None
    if family is None and not chairs and committee and _LOCAL_COUNCIL.match(committee):
        # ("Der Vorsitzende eröffnet die Sitzung": unnamed; the list names the local mayor)
        heads = [a for a in attendees if a.position and _LOCAL_HEAD.match(a.position)
                 and a.status not in ("excused", "absent")]
        family = heads[0].family_name if len(heads) == 1 else None
    if family is None:
        return None
    matches = [a for a in attendees if a.family_name == family and a.status not in ("excused", "absent")]
    if len({(a.given_name, a.family_name) for a in matches}) != 1:
        return family
    for a in matches:
        if a.role in ("member", "other"):
            a.role = "chair"   # the one who opened the session chairs it: their row says so too
    return " ".join(p for p in (matches[0].given_name, matches[0].family_name) if p)


_PAPER_TYPES = {"inquiry": "inquiry", "motion": "motion", "amendment": "amendment", "proposal": "proposal",
                "notice": "notice", "report": "report"}


def _paper_of(item) -> Paper:
    kind = _PAPER_TYPES.get(item.item_type, "other")
    originator = factions.mentioned(item.title or "") if kind in ("inquiry", "motion", "amendment") else []
    if kind == "proposal":
        originator = ["Verwaltung"]
    return Paper(span=item.span, paper_type=kind, title=item.title, paper_reference=item.paper_reference,
                 originator=originator)


__all__ = ["parse_minutes", "public_lines", "text_of"]
