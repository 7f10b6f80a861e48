"""Beschlüsse and votes: the result lines and count blocks of an agenda item.

A vote is found where the minutes state a result: a line framed by dashes ("- einstimmig
beschlossen -"), an unframed result line ("Einstimmig bei 2 Enthaltungen"), a labelled result
("Abstimmungsergebnis: 14 : 2", "Beschluss: Mehrheitlich abgelehnt"), a block of counts
("Ja-Stimmen: 11 / Nein-Stimmen: 0 / Enthaltungen: 0 / Befangen: 0"), a table row ("|
Einstimmig beschlossen | Ja 15 Nein 0 Anwesend 15 |"), a RIS table's "Beschlussart", or a
sentence in which the body decides ("Der Gemeinderat lehnt den Antrag mit 4 Ja-Stimmen und 9
Nein-Stimmen ab"). Counts and the result that belong together are joined into one vote; a
sentence that repeats a result already stated is not a second vote.
"""
from __future__ import annotations

import re

from transforms import factions
from transforms.keys import folded
from transforms.layouts import Layout
from transforms.minutes.lines import Line, lines_with, sentences_of, table_cells, text_of
from transforms.model import Attendee, Decision, ParseWarning, Span, VoteCount

NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "keine": 0, "keiner": 0,
}
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_BESCHLUSS = re.compile(r"^Beschluss(?:empfehlung|vorschlag)?\s*(?:zum\s+Antrag\s+.*|\([^)]*\))?\s*:?\s*(.*)$", re.I)
_BESCHLUSS_NO = re.compile(r"^Beschluss-?\s?(?:Nr\.?|Nummer)\s*:?\s*\S+$", re.I)
_FRAMED = re.compile(r"^[-–—]\s*(.*?[A-Za-zäöü].*?)\s*[-–—]$")
_RESULT_WORDS = re.compile(
    r"\b(beschlossen|abgelehnt|angenommen|zugestimmt|zurückgezogen|vertagt|genehmigt|verwiesen|zurückgestellt"
    r"|abgesetzt|empfohlen|bestätigt|gebilligt|gefasst|einstimmig|mehrheitlich|Kenntnis\s+genommen)\b", re.I)
_UNFRAMED_START = re.compile(r"^(?:einstimmig|mehrheitlich|mit\s|bei\s|abweichend|ja\b|ungeändert|geändert|zur\s+Kenntnis)", re.I)
_UNFRAMED_FIRST = frozenset("EeMmBbAaJjUuGgZz")   # how _UNFRAMED_START can begin
# "Einstimmiger Beschluss.", "Beschluss mit 10 Ja-Stimmen bei 2 Gegenstimmen." (an Amtsblatt's report, Baden-Württemberg)
# "Abstimmung einstimmig." (a Baden-Württemberg Ortschaftsrat's report: the label without its colon)
_RESULT_SENTENCE = re.compile(r"^(?:(?:Einstimmige[rn]?|Mehrheitliche[rn]?)\s+Beschluss(?:fassung)?\.?$|Beschluss(?:fassung)?\s+"
                              r"(?:mit|bei)\s+\d{1,3}\s|Abstimmung(?:sergebnis)?\s+(?:einstimmig|mehrheitlich)\.?$)")
_VOTE_LABEL = re.compile(r"^(?:Abstimmungs?ergebnis(?:se)?|Stimm(?:en)?ergebnis|Abstimmung(?:\s+[IVX]{1,4})?|Ergebnis|Votum|Abst\.?\s?-?\s?Erg(?:ebnis|\.)?)\s*:\s*(.*)$", re.I)
_BREAKDOWN = r"(?:\s*\(([^()]*)\))?"
# "Für die Vertagung: 9 Stimmen" / "Gegen die Vertagung: 6 Stimmen" (Lübeck)
_FOR_THE, _AGAINST_THE = r"Für\s+(?:die|den|das)\s+[\wäöüß-]+", r"Gegen\s+(?:die|den|das)\s+[\wäöüß-]+"
_TIMES = r"(?:\s*[x×])?\s+"   # "3 x Ja-Stimmen, 1 x Enthaltung" (Mecklenburg-Vorpommern)
# Label first ("Ja: 4", "Ja 2  Nein 6"), then number first ("mit 12 Ja-Stimmen"): in "Ja-Stimmen: 11
# Nein-Stimmen: 0" the 11 must not be read as the number of no votes.
_YES = (re.compile(r"\b(?:Ja(?:-?Stimmen)?\s*:?|Dafür\s*:)\s*(\d+)" + _BREAKDOWN + r"|\b(?:Zustimmung(?:en)?|" + _FOR_THE + r")\s*:\s*(\d+)", re.I),
        re.compile(_NUM + _TIMES + r"(?:Ja-?\s?Stimmen?|Ja\b(?!-)|Ja-(?=\s+(?:und|sowie)\b)|Stimmen\s+dafür|dafür|Für-?Stimmen)"
                   + _BREAKDOWN, re.I))
_NO = (re.compile(r"\b(?:(?:Nein(?:-?Stimmen)?|Gegenstimmen?)\s*:?|Dagegen\s*:)\s*(\d+)" + _BREAKDOWN + r"|\b(?:Ablehnung(?:en)?|" + _AGAINST_THE + r")\s*:\s*(\d+)", re.I),
       re.compile(_NUM + _TIMES + r"(?:Nein-?\s?Stimmen?|Nein\b(?!-)|Gegenstimmen?|Stimmen\s+dagegen|dagegen)" + _BREAKDOWN, re.I))
_ABST = (re.compile(r"\b(?:(?:Stimm)?[Ee]nthaltung(?:en)?|Enth\.)\s*:?\s*(\d+)" + _BREAKDOWN, re.I),
         re.compile(_NUM + _TIMES + r"(?:Stimmenthaltung(?:en)?|Enthaltung(?:en)?)" + _BREAKDOWN, re.I))
# "Stimmen dafür 9  Stimmen dagegen 23": label first when a text begins so ("21 Stimmen dafür 10 Stimmen
# dagegen" is number first)
_STIMMEN_LABEL_FIRST = re.compile(r"Stimmen\s+(dafür|dagegen)\s*:?\s*(\d+)", re.I)
_RECUSED = re.compile(r"\bBefangen(?:e|heit)?\s*:?\s*(\d+)|\b(\d+)\s+(?:Mitglied(?:er)?\s+)?befangen(?:e)?\b", re.I)
_PRESENT = re.compile(r"\b(?:Anwesend|Stimmberechtigt(?:e)?|Anzahl\s+der\s+Stimmberechtigten|Mitglieder)\s*:?\s*(\d+)", re.I)
_PRESENT_WORDS = ("anwesend", "stimmberechtigt", "anzahl", "mitglieder")
_ATTENDING = re.compile(r"\banwesend\s*:?\s*(\d+)", re.I)


def _members_present(text: str, fold: str) -> int | None:
    """"Gesetzl. Anzahl der Mitglieder: 11, davon anwesend: 9" (Mecklenburg-Vorpommern): those present, not the
    body's statutory size."""
    if "anwesend" in fold and (m := _ATTENDING.search(text)):
        return int(m.group(1))
    for m in _PRESENT.finditer(text):
        if "gesetzl" not in text[max(0, m.start() - 30): m.start()].lower():
            return int(m.group(1))
    return None


_RATIO = re.compile(r"(?<![\d.:])(\d{1,3})\s?:\s?(\d{1,3})(?:\s?:\s?(\d{1,3}))?(?![\d:])(?!\s*Uhr)")
_ZU_VOTES = re.compile(r"\b(\d{1,3})\s+(zu|gegen)\s+(\d{1,3})\s+Stimmen\b", re.I)
_SLASH_RATIO = re.compile(r"\((\d{1,3})\s*/\s*(\d{1,3})(?:\s*/\s*(\d{1,3}))?\)")
_NO_NAYS = re.compile(r"\bohne\s+Gegenstimmen?\b", re.I)
_AGAINST_GROUPS = re.compile(r"\bgegen\s+(?:die\s+)?(?:Stimmen?\s+(?:der|des|von)\s+)?(.+?)(?=\s+(?:bei|und\s+bei|mehrheitlich|beschlossen|abgelehnt|zugestimmt|angenommen)\b|[.;]|$)", re.I)
_ABSTAIN_GROUPS = re.compile(r"\bbei\s+(?:Stimm)?[Ee]nthaltung(?:en)?\s+(?:der|des|von)\s+(.+?)(?=\s+(?:mehrheitlich|einstimmig|beschlossen|abgelehnt|zugestimmt|angenommen|gegen)\b|[.;]|$)", re.I)
_UNKNOWN_ABSTENTIONS = re.compile(r"\b(?:einigen|mehreren|wenigen|vereinzelten)\s+(?:Stimm)?[Ee]nthaltungen\b")
_NO_ABSTENTIONS = re.compile(r"\bohne\s+(?:Stimm)?[Ee]nthaltung(?:en)?\b", re.I)
# A body deciding in a sentence: present tense or "wird ... abgelehnt", never "hat ... beschlossen" (reported).
# A body as the subject of a sentence: "Der Rat", "Die Bezirksversammlung", "Der Sozial- und Gesundheitsausschuss",
# "Der Ausschuss für Wirtschaft und Wohnen", with its short name: "Die Gemeindevertretung (Gv)", "Der Bauausschuss (BUA)".
_BODY_NP = (r"(?:Der|Die|Das)\s+(?:[A-ZÄÖÜ][\w]*-\s+und\s+)?(?:[A-ZÄÖÜ][\w-]*(?:rat|ausschuss|vertretung|versammlung|tag"
            r"|beirat|kommission|gremium)|Rat|Ausschuss|Gremium|Magistrat|Kreistag|Beirat|Kommission)"
            r"(?:\s+(?:für|und|der|des|[A-ZÄÖÜ][\w-]*)){0,6}(?:\s+\([A-ZÄÖÜ][\w.-]{0,11}\))?")
# The verbs of a body deciding and of a decision in the passive: the patterns below and _deciding's
# pre-test read the same words.
_BODY_VERBS = ("lehnt", "beschließt", "stimmt", "nimmt", "vertagt", "genehmigt", "billigt", "fasst")   # ("fasste" too)
_PASSIVE_VERBS = ("abgelehnt", "angenommen", "beschlossen", "zugestimmt", "genehmigt", "vertagt", "zurückgestellt",
                  "festgestellt", "überwiesen", "verwiesen")
_BODY_NOUNS = ("rat", "ausschuss", "vertretung", "versammlung", "tag", "kommission", "gremium")   # (_BODY_NP's nouns)
_DECIDING = (   # (each form tested alone, and only where its words occur: see _deciding)
    re.compile(r"\b" + _BODY_NP + r"\s+(?:" + "|".join(_BODY_VERBS) + ")", re.I),
    re.compile(r"\bwird\b[^.]{0,120}\b(?:" + "|".join(_PASSIVE_VERBS) + ")", re.I),
    re.compile(r"\bist\b[^.]{0,80}\b(?:mehrheitlich|einstimmig)\s+(?:angenommen|abgelehnt|beschlossen)", re.I),
    re.compile(r"\berhält\s+\d+\s+Ja-Stimmen", re.I),
    # the verb before its body, in the past as Amtsblatt reports write: "Nach Beratung beschloss der Ortsgemeinderat
    # einstimmig ...", "Dem Antrag stimmte der Rat mehrheitlich zu" (with its result only: "Im Mai beschloss der
    # Rat ..." may tell of another session)
    re.compile(r"\b(?:beschlo(?:ss|ß)|stimmte|lehnte|billigte|genehmigte|fasste)\s+(?:der|die|das)\s+(?:[A-ZÄÖÜ][\w-]*"
               r"(?:rat|ausschuss|vertretung|versammlung|tag|beirat|kommission|gremium)|Rat|Ausschuss|Gremium|Kreistag)\b"
               r".*\b(?:einstimmig|mehrheitlich|Ja-Stimmen|Gegenstimmen?|Enthaltungen?)\b"),
    # and after its body: "Der Gemeinderat beschloss einstimmig ...", "Der Gemeinderat bestätigte einstimmig die Wahl"
    # (a Baden-Württemberg council's report; with its result only, as above)
    re.compile(r"\b" + _BODY_NP + r"\s+(?:beschlo(?:ss|ß)|bestätigte?)\b"
               r".*\b(?:einstimmig|mehrheitlich|Ja-Stimmen|Gegenstimmen?|Enthaltungen?)\b"),
)
_PAST_VERBS = ("beschlo", "stimmte", "lehnte", "billigte", "genehmigte", "fasste")


def _deciding(text: str) -> bool:
    """Whether a sentence says a body decided ("Der Ausschuss beschließt", "Der Antrag wird ... abgelehnt").
    Each form is looked for only where its words occur (one pattern of all of them, tried at every
    position, cost 4 % of the parser's time)."""
    low = text.lower()
    by_body, passive, counted, votes, past, past_after_body = _DECIDING
    return (any(v in low for v in _BODY_VERBS) and any(b in low for b in _BODY_NOUNS) and by_body.search(text) is not None
            or "wird" in low and any(v in low for v in _PASSIVE_VERBS) and passive.search(text) is not None
            or "ist" in low and ("mehrheitlich" in low or "einstimmig" in low) and counted.search(text) is not None
            or "erhält" in low and votes.search(text) is not None
            or any(v in low for v in _PAST_VERBS) and any(b in low for b in _BODY_NOUNS) and past.search(text) is not None
            or ("beschlo" in low or "bestätigt" in low) and past_after_body.search(text) is not None)


# An election with its result: "Gewählt wird Herr X mit 14 Ja-Stimmen", "Der Rat wählt Frau Y einstimmig zur
# Schiedsperson", "Herr Z wird mit 12 Stimmen zum Ortsvorsteher gewählt" (without a result it may be news:
# "Der Ortsbeirat wird im Mai gewählt").
_ELECTED = re.compile(r"\bgewählt\b|\b" + _BODY_NP + r"\s+wählt\b", re.I)
_ELECTION_RESULT = re.compile(r"\b(?:einstimmig|mehrheitlich)\b|\bmit\s+(?:\d+|\w+)\s+(?:Ja-)?Stimmen\b|\bJa-Stimmen\b", re.I)


def _election(text: str) -> bool:
    return "ählt" in text and bool(_ELECTED.search(text)) and bool(_ELECTION_RESULT.search(text)) \
        and not re.search(r"\bgewählt\s+werden\b|\bzu\s+wählen\b", text)


# "Der Gemeinderat hat von der GRDrs 811/2021 Kenntnis genommen": a Kenntnisnahme is recorded in the perfect.
_NOTED_BY_BODY = re.compile(r"(?:^|(?<=[.!?]\s))" + _BODY_NP + r"\s+(?:hat|haben)\b.{0,120}\bKenntnis\s+genommen")
# Words without which no sentence decides anything: a cheap test before the regexes.
# (Substring tests: Python's re tries every alternative at every position, ``in`` is a C loop.)
_DECIDING_CUES = ("lehnt", "beschließt", "beschloss", "beschloß", "bestätigt", "stimmt", "nimmt", "vertagt", "genehmigt", "billigt", "abgelehnt", "angenommen",
                  "beschlossen", "zugestimmt", "zurückgestellt", "erhält", "Kenntnis", "fasst", "festgestellt", "wiesen", "ählt")


# (a line with "abgelehnt" has "lehnt": the cues that hold another are not looked for again)
_CUES_ALONE = tuple(c for c in _DECIDING_CUES if not any(o != c and o in c for o in _DECIDING_CUES))


def _has_cue(text: str) -> bool:
    return any(cue in text for cue in _DECIDING_CUES)


def _cued(lines: list[Line]) -> list[Line]:
    """The lines with a cue, in order."""
    texts = [line.text for line in lines]
    return [lines[n] for n in lines_with(texts, "\n".join(texts), _CUES_ALONE)]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
_COUNTED = re.compile(r"\d")
_REPORTED = re.compile(r"\b(?:hat|hatte|hätten|habe|wurde\s+am|vom\s+\d)\b", re.I)
_COMPETING = re.compile(r"(?P<what>[^,.;]*?)\s+erhält\s+(?P<yes>\d+)\s+Ja-Stimmen")


def _int(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


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


# Words each option's patterns need (lower case): a text without them is not searched at every position.
_YES_WORDS, _NO_WORDS, _ABST_WORDS = ("ja", "für", "zustimmung"), ("nein", "gegen", "ablehnung"), ("enthaltung", "enth.")


def _count(patterns, option: str, text: str, fold: str, words: tuple[str, ...]) -> tuple[int | None, list[VoteCount]]:
    if not any(w in fold for w in words):
        return None, []
    for rx in patterns:
        if m := rx.search(text):
            if m.group(1) is None:  # the alternative without a breakdown ("Zustimmung: 9")
                return _int(m.group(3)), []
            return _int(m.group(1)), _breakdown(option, m.group(2))
    return None, []


def outcome_of(text: str, layout: Layout | None = None) -> str | None:
    """The outcome a result phrase states, or None when it states none."""
    if layout is not None:
        for rx, outcome in _layout_results(layout):
            if rx.search(text):
                return outcome
    low = text.lower()
    if "abgelehnt" in low or "nicht erreicht" in low or "keine mehrheit" in low or "lehnt" in low and " ab" in low \
            or "dagegen" in low and re.search(r"\b(?:einstimmig|mehrheitlich)\s+dagegen\b", low):
        return "rejected"
    if "zurückgezogen" in low:
        return "withdrawn"
    if "vertagt" in low or "zurückgestellt" in low or "abgesetzt" in low:
        return "postponed"
    if "verwiesen" in low or "überwiesen" in low:
        return "referred"
    if "kenntnis" in low and not any(w in low for w in ("beschlossen", "zugestimmt", "angenommen", "genehmigt")):
        return "noted"
    if "nderung" in low or "geändert" in low:
        if _AMENDED.search(text) and "ungeändert" not in low:
            return "amended"
    if "gewählt" in low and _NOT_ELECTED.search(low):
        return "rejected"
    # (the words as substrings first: an alternation of them is tried at every position of a long result)
    if any(w in low for w in _ACCEPTED_WORDS) or "gewählt" in low and _ELECTED_WORD.search(low) \
            or "stimmt" in low and _AGREES.search(low) or "beschließt" in low and _DECIDES.search(low):
        return "accepted"
    return None


_AMENDED = re.compile(r"\bgeändert\s+beschlossen|mit\s+Änderungen?\s+(?:beschlossen|angenommen)", re.I)
_NOT_ELECTED = re.compile(r"\bnicht\s+gewählt\b")
_ACCEPTED_WORDS = ("beschlossen", "angenommen", "zugestimmt", "genehmigt", "gebilligt", "bestätigt", "empfohlen", "gefasst",
                   "einstimmig", "mehrheitlich")
_ELECTED_WORD = re.compile(r"\bgewählt\b")
_AGREES = re.compile(r"\bstimmt\b.*\bzu\b")
_DECIDES = re.compile(r"\bbeschließt\b")


def _layout_results(layout: Layout) -> list[tuple[re.Pattern, str]]:
    key = "results_compiled"
    if key not in layout.compiled:
        layout.compiled[key] = [(re.compile(p, re.I), o) for p, o in layout.results]
    return layout.compiled[key]


def parse_result(text: str, layout: Layout | None = None) -> dict:
    """Outcome, unanimity and counts stated in a result text; unknown values stay None."""
    if " - " in text or "keine" in text:
        text = _count_spelling(text)
    low = text.lower()
    fold = folded(text)   # (for the word tests before patterns)
    yes, yes_groups = _count(_YES, "yes", text, fold, _YES_WORDS)
    no, no_groups = _count(_NO, "no", text, fold, _NO_WORDS)
    abst, abst_groups = _count(_ABST, "abstention", text, fold, _ABST_WORDS)
    if fold.startswith("stimmen"):
        for word, n in _STIMMEN_LABEL_FIRST.findall(text):
            if word.lower() == "dafür":
                yes = int(n)
            else:
                no = int(n)
    if yes is None and no is None and ":" in text and (m := _RATIO.search(text)) and not re.search(
            r"\d{1,2}[:.]\d{2}\s*Uhr", text):
        yes, no = int(m.group(1)), int(m.group(2))
        abst = int(m.group(3)) if m.group(3) else abst
    elif yes is None and no is None and "/" in text and (m := _SLASH_RATIO.search(text)):
        yes, no = int(m.group(1)), int(m.group(2))   # "angenommen (10/2/1)"
        abst = int(m.group(3)) if m.group(3) else abst
    elif yes is None and no is None and (" zu " in text or " gegen " in text) and (m := _ZU_VOTES.search(text)):
        yes, no = int(m.group(1)), int(m.group(3))   # "mit 5 zu 8 Stimmen abgelehnt"
        if m.group(2).lower() == "gegen" and (outcome_of(text, layout) == "rejected") == (yes > no):
            yes, no = no, yes   # "mit 10 gegen 5 Stimmen abgelehnt": the majority's number first
    if no is None and "egenstimm" in fold and _NO_NAYS.search(text):
        no = 0   # "ohne Gegenstimmen bei 2 Enthaltungen"
    recused = next((int(g) for m in [_RECUSED.search(text)] if m for g in m.groups() if g), None) \
        if "befangen" in fold else None
    present = _members_present(text, fold) if any(w in fold for w in _PRESENT_WORDS) else None
    abstaining = "enthaltung" in fold
    if abst is None and abstaining and _NO_ABSTENTIONS.search(text):
        abst = 0
    if abst is not None and abstaining and _UNKNOWN_ABSTENTIONS.search(text):
        abst = None
    counts = yes_groups + no_groups + abst_groups
    for rx, option, word in ((_AGAINST_GROUPS, "no", "gegen"), (_ABSTAIN_GROUPS, "abstention", "enthaltung")):
        if word in fold and (m := rx.search(text)):
            counts += [VoteCount(option, None, g) for g in factions.mentioned(m.group(1))]
    outcome = outcome_of(text, layout)
    if outcome is None and yes is not None and no is not None:
        outcome = "accepted" if yes > no else "rejected"
    unanimous = None
    if "einstimmig" in low:
        unanimous = True
        no = 0 if no is None else no
    elif "mehrheit" in low and "nicht erreicht" not in low or (no or 0) > 0 or any(c.option == "no" for c in counts):
        unanimous = False
    elif yes is not None and no == 0 and outcome in ("accepted", None):
        unanimous = True
    elif no == 0 and outcome == "accepted" and "egenstimm" in fold and _NO_NAYS.search(text):
        unanimous = True   # "ohne Gegenstimmen bei 2 Enthaltungen angenommen", as "einstimmig bei 2 Enthaltungen"
    return {
        "outcome": outcome, "unanimous": unanimous, "yes": yes, "no": no, "abstentions": abst, "recused": recused,
        "members_present": present, "deviates_from_proposal": "abweichend" in low or outcome == "amended",
        "counts": counts,
    }


def result_line(line: Line) -> str | None:
    """The result text of a line like "- einstimmig beschlossen -", or None."""
    t = line.text
    if len(t) > 300:
        return None  # result lines are short; the regexes below would only backtrack through prose
    if t[:2] in ("->", "–>", "=>") or t[:1] == "→":
        # "–> Antrag wird mehrheitlich abgelehnt": a result pointed at
        rest = t.lstrip("-–=>→ ")
        return rest.rstrip(".").strip() if len(rest) < 160 and _RESULT_WORDS.search(rest) and outcome_of(rest) else None
    if t[:1] in "-–—" and t[-1:] in "-–—":
        m = _FRAMED.match(t)
        if m and _RESULT_WORDS.search(m.group(1)):
            return m.group(1).strip()
    if t[:1] == "|" and _RESULT_WORDS.search(t):
        return " ".join(table_cells(t))
    if len(t) < 160 and t[:1] in _UNFRAMED_FIRST and _UNFRAMED_START.match(t) and _RESULT_WORDS.search(t):
        return t.rstrip(".").strip()
    if len(t) < 160 and t[:1] in "EMBA" and _RESULT_SENTENCE.match(t):
        return t.rstrip(".").strip()
    return None


# "Ja: 8", "Enth.: 1", and number first: "18 Ja-Stimmen (13 CDU, 5 FW)", "1 Enthaltung", "4 Ja / 14 Nein / 0 Enthaltungen".
_NUMBER_FIRST = (r"\d{1,3}\s+(?:Ja-?\s?Stimmen?|Ja|Nein-?\s?Stimmen?|Nein|Gegenstimmen?|(?:Stimm)?[Ee]nthaltung(?:en)?"
                 r"|Stimmen\s+dafür|Stimmen\s+dagegen)\b\s*(?:\([^()]*\))?")
# The options a vote's counts are labelled with (a count line's labels, a table's header row of options)
_OPTION = (r"Ja(?:-?Stimmen)?|Nein(?:-?Stimmen)?|(?:Stimm)?[Ee]nthaltung(?:en)?|Befangen(?:e|heit)?|Stimmberechtigte|Anwesend"
           r"|Dafür|Dagegen|Gegenstimmen")
_COUNT_LINE = re.compile(
    r"^(?:" + _OPTION + r"|Enth\.|davon\s+anwesend|Stimmen\s+dafür|Stimmen\s+dagegen|Zustimmung(?:en)?|Ablehnung(?:en)?|"
    + _FOR_THE + "|" + _AGAINST_THE + r")\s*:?\s*\d"
    r"|^" + _NUMBER_FIRST + r"(?:\s*[,;/]?\s*" + _NUMBER_FIRST + r")*\s*[,;]?$", re.I)


def vote_label(text: str) -> re.Match | None:
    """"Abstimmungsergebnis: einstimmig", "Abstimmung I: 3 x Ja-Stimmen": the label and what follows it."""
    return _VOTE_LABEL.match(text) if len(text) < 200 and text[:1] in "AaEeSsVv" and ":" in text else None


# "Ja - Stimmen: 19", "Nein-Stimmen: keine" (a Thuringian council's votes): the label as the count forms spell it,
# and "keine" as the count it says
_SPACED_OPTION = re.compile(r"\b(Ja|Nein|JA|NEIN)\s+-\s+(Stimmen|STIMMEN)\b")
_NONE_COUNTED = re.compile(r"\b((?:Ja|Nein)-?\s?Stimmen?|Gegenstimmen?|(?:Stimm)?[Ee]nthaltung(?:en)?|Befangen\w*)\s*:\s*keine\b", re.I)


def _count_spelling(text: str) -> str:
    text = _SPACED_OPTION.sub(r"\1-\2", text)
    return _NONE_COUNTED.sub(r"\1: 0", text)


def is_count_line(text: str) -> bool:
    if len(text) >= 120 or text[:1] not in _COUNT_FIRST:
        return False
    if " - " in text or "keine" in text:
        text = _count_spelling(text)
    if text[-1].isdigit() and (m := _BARE_TALLY.match(text)):
        return _plausible_tally(m)
    if text[0].isdigit() and not any(w in text for w in _COUNT_WORDS):   # most numbered lines are no count
        return False
    return bool(_COUNT_LINE.match(text))


_COUNT_FIRST = frozenset("JjNnEeSsBbAaDdGgZzFf0123456789")
_COUNT_WORDS = ("timm", "Ja", "ja", "Nein", "nein", "nthalt", "dafür", "dagegen")
# A tally alone on its line, for : against ("13 : 0" under a decision, Bavaria).
_BARE_TALLY = re.compile(r"^(\d{1,3})(\s*):(\s*)(\d{1,3})$")


def _plausible_tally(m: re.Match) -> bool:
    """Not a time ("12:30") nor a plan's scale ("1 : 500"): a council has fewer members."""
    time_like = not (m.group(2) or m.group(3)) and len(m.group(4)) == 2
    return not time_like and int(m.group(1)) + int(m.group(4)) <= 150


class _Vote:
    """A vote being assembled from a result and the counts around it."""

    def __init__(self, start: Line, decision_text: str | None):
        self.start = start
        self.end = start
        self.decision_text = decision_text
        self.texts: list[str] = []
        self.adjacent = True   # nothing but blank lines since the last part

    def add(self, line: Line, text: str) -> None:
        self.texts.append(text)
        self.end = line
        self.adjacent = True

    def has_outcome(self) -> bool:
        return any(outcome_of(t) for t in self.texts)


def find_decisions(item_number: str, lines: list[Line], layout: Layout, row_result: str | None = None,
                   heading: Span | None = None, prose: list[Line] | None = None) -> list[Decision]:
    """Each vote in an item's own lines, with its Beschluss text where one precedes it.

    ``row_result`` is a result stated in the item's heading row (a RIS table's "Beschlussart"),
    ``heading`` where that row stands.
    """
    out: list[Decision] = []
    if row_result and outcome_of(row_result, layout) in ("accepted", "amended", "rejected", "referred"):
        parsed = parse_result(row_result, layout)
        counts = parsed.pop("counts")
        at = heading.start if heading else (lines[0].no if lines else 1)
        out.append(Decision(item_number=item_number, span=Span(at, at), decision_text=None,
                            result_text=row_result, counts=counts, **parsed))
    start: int | None = None      # index of the "Beschluss:" line
    body: list[Line] = []
    vote: _Vote | None = None

    def close() -> None:
        nonlocal vote
        if vote is None:
            return
        text = "; ".join(vote.texts)
        parsed = parse_result(text, layout)
        if parsed["outcome"] is None and parsed["yes"] is None and parsed["no"] is None:
            vote = None
            return
        counts = parsed.pop("counts")
        recommendation = bool(vote.decision_text and re.search(r"\bempfiehlt\b", vote.decision_text))
        if out and _same_vote(out[-1], parsed):
            _merge(out[-1], parsed, counts, vote, text, recommendation)
            vote = None
            return
        if out and _restates_top(out[0], parsed, text):
            _merge(out[0], parsed, counts, vote, text, recommendation)
            vote = None
            return
        out.append(Decision(item_number=item_number, span=Span(vote.start.no, vote.end.no),
                            decision_text=vote.decision_text, result_text=text, recommendation=recommendation,
                            counts=counts, **parsed))
        vote = None

    lines = _inline_labels(_option_rows(_label_value_lines(lines)))
    for i, line in enumerate(lines):
        t = line.text
        if not t:
            continue
        if t[0] == "(" and t[-1] == ")" and is_count_line(t[1:-1].strip()):
            t = t[1:-1].strip()   # "(10 Ja, 2 Nein, 1 Enthaltung)" under the Beschluss
            line = Line(line.no, line.raw, t, line.marked)
        if t[0] == "|" and not _RESULT_WORDS.search(t) and (cells := table_cells(t)):
            # "| 14 Ja-Stimmen | 0 Gegenstimmen | 0 Enthaltungen |": a table row of counts, read as its cells (a row
            # with a result in it is result_line's)
            # ("| Ja - Stimmen: | 19 |": a label's cell and its value's, one row per option)
            t = f"{cells[0]} {cells[1]}" if len(cells) == 2 and cells[0].endswith(":") else ", ".join(cells)
            line = Line(line.no, line.raw, t, line.marked)
        m = _BESCHLUSS.match(t) if len(t) < 200 and t[0] in "Bb" else None
        if m and _BESCHLUSS_NO.match(t):   # "Beschluss-Nr.: SR/045/2024": the Beschluss follows
            close()
            start, body = i, []
            continue
        if m and (line.marked or t.rstrip().endswith(":") or not m.group(1) or outcome_of(m.group(1)) and len(m.group(1)) < 60):
            close()
            rest = m.group(1).strip()
            if rest and len(rest) < 60 and outcome_of(rest, layout):
                # "Beschluss: einstimmig beschlossen": the result itself, counts may follow
                vote = _Vote(line, None)
                vote.add(line, rest)
                start, body = None, []
                continue
            start, body = i, []
            if rest:
                body.append(Line(line.no, line.raw, rest, False))
            continue
        lm = vote_label(t)
        if lm:
            rest = lm.group(1).strip()
            if vote is not None and (not vote.has_outcome() or not rest or vote.adjacent and len(vote.texts) == 1 or (
                    is_count_line(rest) and not any(is_count_line(x) for x in vote.texts))):
                if rest:
                    vote.add(line, rest)
                vote.adjacent = True   # the label goes on the vote: what follows it is its result
                continue
            close()
            vote = _Vote(lines[start] if start is not None else line, text_of(body) if start is not None else None)
            start, body = None, []
            if rest:
                vote.add(line, rest)
            continue
        if is_count_line(t):
            if vote is None:
                vote = _Vote(lines[start] if start is not None else line, text_of(body) if start is not None else None)
                start, body = None, []
            vote.add(line, t)
            continue
        if vote is not None and vote.adjacent and not vote.has_outcome() and len(t) < 160 and (
                (p := parse_result(t, layout))["yes"] is not None or p["no"] is not None):
            vote.add(line, t)   # "Stimmergebnis:" / "14 Ja-Stimmen, 0 Gegenstimmen, 0 Enthaltungen": all options on one line
            continue
        # (result_line's own first tests, here: most lines are prose)
        result = result_line(line) if t[0] in "-–—|" or len(t) < 160 and t[0] in _UNFRAMED_FIRST else None
        if result is None and vote is not None and not vote.has_outcome() and len(t) < 160 and _RESULT_WORDS.search(t) \
                and outcome_of(t, layout):
            result = t  # "Der Tagesordnungspunkt wurde mehrheitlich vertagt." after the counts
        if result is not None:
            if vote is not None and not vote.has_outcome():
                vote.add(line, result)
                continue
            close()
            vote = _Vote(lines[start] if start is not None else line, text_of(body) if start is not None else None)
            vote.add(line, result)
            start, body = None, []
            continue
        if vote is not None and (vote.has_outcome() or len(t) > 60):
            close()
        elif vote is not None:
            vote.adjacent = False
        if start is not None:
            body.append(line)
    close()
    if start is not None and out and out[-1].decision_text is None and out[-1].span.start < lines[start].no:
        # A RIS item page states the result at its top and the Beschluss below it ("Beschluss: Mehrheitlich
        # beschlossen / Abstimmung: Ja: 22, Nein: 3 / Beschluss: Der Stadtrat beschließt, ...").
        out[-1].decision_text = text_of(body) or None
    sentences = _sentence_decisions(item_number, prose if prose is not None else sentences_of(lines), layout)
    if out:
        # Beside stated results, only counted votes of their own (a motion voted on in the text).
        stated = {(d.yes, d.no) for d in out}
        sentences = [d for d in sentences if (d.yes is not None or (d.no or 0) > 0) and (d.yes, d.no) not in stated]
        if sentences:
            # A page's bare "Beschluss: beschlossen" beside counted votes in its text is the item's state, not a vote.
            out = [d for d in out if d.yes is not None or d.no is not None or d.decision_text or d.result_text
                   and len(d.result_text) > 30]
    out.extend(_without_restatements(sentences))
    return out


_OPTION_CELL = re.compile(r"^(?:" + _OPTION + r")$", re.I)
# "Sodann beschließt die GV, der Tagesordnung zuzustimmen. Abstimmungsergebnis: Einstimmig" (a Schleswig-
# Holstein Gemeindevertretung's minutes, one paragraph per item): a result label after a sentence, on its line.
_LABEL_AFTER_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=(?:Abstimmungs?ergebnis(?:se)?|Stimm(?:en)?ergebnis)\s*:)", re.I)


def _inline_labels(lines: list[Line]) -> list[Line]:
    """A line with a result label after its prose, as two lines: the prose, then the label and the result."""
    out: list[Line] = []
    for line in lines:
        t = line.text
        if "rgebnis" in t and len(t) < 2000 and (m := _LABEL_AFTER_SENTENCE.search(t)):
            out += [Line(line.no, line.raw, t[:m.start()], line.marked), Line(line.no, line.raw, t[m.end():], False)]
        else:
            out.append(line)
    return out


def _row_cells(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"\t|\s*\|\s*|\s{3,}", text.strip().strip("|")) if c.strip()]


def _option_rows(lines: list[Line]) -> list[Line]:
    """A table's row of options over its row of numbers ("| Ja | Nein | Enthaltung |" / "| 10 | 2 | 1 |") as one
    count line ("Ja: 10, Nein: 2, Enthaltung: 1"); other lines as they are."""
    out: list[Line] = []
    skip = -1
    for i, line in enumerate(lines):
        if i == skip:
            continue
        t = line.text
        if t and len(t) < 120 and ("Nein" in t or "nein" in t or "NEIN" in t) and t[:1] in "|JjNnEeSsBbAaDdGg" \
                and (cells := _row_cells(line.raw if "\t" in line.raw else t)) \
                and len(cells) >= 2 and all(_OPTION_CELL.match(c) for c in cells):
            j = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k].text), None)
            values = _row_cells(lines[j].raw if "\t" in lines[j].raw else lines[j].text) if j is not None else []
            if j is not None and len(values) == len(cells) and all(v.isdigit() for v in values):
                text = ", ".join(f"{c}: {v}" for c, v in zip(cells, values))
                out.append(Line(line.no, line.raw, text, line.marked))
                skip = j
                continue
        out.append(line)
    return out


def _label_value_lines(lines: list[Line]) -> list[Line]:
    """A table of options and counts flattened to one cell per line ("JA-Stimmen" / "15" / "NEIN-Stimmen" / "7"
    / "Enthaltungen" / "0", a Saxon town's RIS pages) as one count line ("JA-Stimmen: 15, NEIN-Stimmen: 7, ...")."""
    if not any(ln.text.isdigit() for ln in lines):   # (most items: no number stands alone on a line)
        return lines
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        pairs, k, last = [], i, i
        while k < n:
            t = lines[k].text
            if not t:
                k += 1
                continue
            if not (len(t) < 25 and t[0] in "JjNnEeSsBbAaDdGg" and _OPTION_CELL.match(t)):
                break
            j = next((j for j in range(k + 1, min(k + 3, n)) if lines[j].text), None)
            if j is None or not lines[j].text.isdigit():
                break
            pairs.append(f"{t}: {lines[j].text}")
            k = last = j + 1
        if len(pairs) >= 2:
            first = lines[i] if lines[i].text else next(ln for ln in lines[i:] if ln.text)
            out.append(Line(first.no, first.raw, ", ".join(pairs), False))
            i = last
            continue
        out.append(lines[i])
        i += 1
    return out


_COUNTED_FIELDS = ("yes", "no", "abstentions", "recused", "members_present")


def _same_vote(previous: Decision, parsed: dict) -> bool:
    """Whether a vote read after ``previous`` in the same item states the same vote again: its counts
    with their groups after a result that had them ("dafür: 10 (4 SPD, 3 CDU, ...)" under
    "Abstimmung: dafür: 10, Enth.: 1"), or the counts of a bare result at the item's top
    ("Beschluss: mehrheitlich abgelehnt" and then "dafür: 2 / dagegen: 13")."""
    if any(getattr(previous, f) is not None and parsed[f] is not None and getattr(previous, f) != parsed[f]
           for f in _COUNTED_FIELDS):
        return False
    if parsed["outcome"] is None:
        return any(parsed[f] is not None for f in ("yes", "no", "abstentions"))
    bare = previous.decision_text is None and previous.yes is None and previous.no is None
    return bare and _same_outcome(previous.outcome, parsed["outcome"]) and not (previous.unanimous and (parsed["no"] or 0) > 0)


def _same_outcome(first: str | None, second: str | None) -> bool:
    """A RIS page's state "Beschluss: geändert beschlossen" and the result below it, "Abstimmungsergebnis:
    Einstimmig zugestimmt", tell one vote: an amended Beschluss is an accepted one."""
    return first == second or {first, second} == {"amended", "accepted"}


def _restates_top(top: Decision, parsed: dict, text: str) -> bool:
    """Counts alone further down an item that are those of the result at its top (a RIS page's "Beschluss:
    mehrheitlich beschlossen / Abstimmung: Ja: 21, Nein: 10, Enthaltungen: 1", and after the debate "21
    Stimmen dafür / 10 Stimmen dagegen / 1 Enthaltung"): the same vote told again. A split vote only:
    "12 Ja, 0 Nein" twice may well be two votes."""
    if top.decision_text is not None or parsed["yes"] is None or parsed["no"] is None or outcome_of(text) is not None:
        return False
    return (top.yes, top.no, top.abstentions) == (parsed["yes"], parsed["no"], parsed["abstentions"]) \
        and bool(parsed["no"] or parsed["abstentions"])


def _merge(previous: Decision, parsed: dict, counts: list[VoteCount], vote: "_Vote", text: str,
           recommendation: bool) -> None:
    for f in _COUNTED_FIELDS:
        if getattr(previous, f) is None:
            setattr(previous, f, parsed[f])
    if parsed["outcome"] == "amended":
        previous.outcome = "amended"
    if previous.unanimous is None:
        previous.unanimous = parsed["unanimous"]
    previous.decision_text = previous.decision_text or vote.decision_text
    previous.recommendation = previous.recommendation or recommendation
    previous.result_text = f"{previous.result_text}; {text}" if previous.result_text else text
    previous.span = Span(previous.span.start, max(previous.span.end, vote.end.no))
    known = {(c.option, c.group) for c in previous.counts}
    previous.counts += [c for c in counts if (c.option, c.group) not in known]


def _without_restatements(decisions: list[Decision]) -> list[Decision]:
    """"Der Gemeinderat fasst einstimmig folgenden Beschluss:" / "Der Vorlage wird zugestimmt.": one vote told twice.
    Uncounted sentences with the outcome of an earlier one in the item restate it (counted ones are votes of their own)."""
    out: list[Decision] = []
    for d in decisions:
        counted = d.yes is not None or (d.no or 0) > 0
        earlier = next((e for e in out if e.outcome == d.outcome), None)
        if not counted and earlier is not None:
            if earlier.unanimous is None:
                earlier.unanimous = d.unanimous
            continue
        out.append(d)
    return out


def _sentence_decisions(item_number: str, lines: list[Line], layout: Layout) -> list[Decision]:
    """Votes stated in running text (``lines`` are logical lines: see sentences_of)."""
    out: list[Decision] = []
    for line in _cued(lines):
        t = line.text
        if len(t) > 1200:
            continue
        if not (_deciding(t) or "Kenntnis genommen" in t and _NOTED_BY_BODY.search(t) or _election(t)):
            continue
        for sentence in _SENTENCE_END.split(t):
            if not _has_cue(sentence):
                continue
            noted = "Kenntnis genommen" in sentence and _NOTED_BY_BODY.search(sentence)
            if not noted and (not (_deciding(sentence) or _election(sentence)) or _REPORTED.search(sentence)):
                continue
            if "Kenntnis" in sentence and not noted and not _COUNTED.search(sentence) and not re.search(
                    r"beschlossen|zugestimmt|angenommen|abgelehnt|genehmigt|beschließt|einstimmig|mehrheitlich", sentence):
                continue  # "Der Ausschuss nimmt Kenntnis": the item's outcome, not a vote
            competing = list(_COMPETING.finditer(sentence)) if "erhält" in sentence else []
            if len(competing) >= 2:
                top = max(int(c.group("yes")) for c in competing)
                for c in competing:
                    y = int(c.group("yes"))
                    out.append(Decision(item_number=item_number, span=Span(line.no, line.no), decision_text=c.group("what").strip(),
                                        result_text=c.group(0).strip(), outcome="accepted" if y == top else "rejected",
                                        unanimous=False, yes=y))
                continue
            parsed = parse_result(sentence, layout)
            if parsed["outcome"] is None:
                continue
            if parsed["outcome"] in ("postponed", "withdrawn", "referred") and parsed["yes"] is None:
                continue  # the item's outcome, not a vote
            if parsed["outcome"] == "noted" and not re.search(r"Kenntnis\s+genommen", sentence):
                continue
            if out and re.search(r"\bDamit\b", sentence) and out[-1].span.start == line.no:
                continue  # "Damit ist ... angenommen" restates the competing votes just read
            counts = parsed.pop("counts")
            out.append(Decision(item_number=item_number, span=Span(line.no, line.no), decision_text=None,
                                result_text=sentence.strip(), counts=counts, **parsed))
    return out


def check_counts(decisions: list[Decision], attendees: list[Attendee], members_present: int | None) -> list[ParseWarning]:
    """Counts that cannot be right given who was there (as OpenStates' check_counts does for votes)."""
    warnings: list[ParseWarning] = []
    voting = sum(1 for a in attendees if a.status in ("present", "partial", "substitute")
                 and a.role in ("chair", "member") and a.group_type not in ("administration", "guest", "recorder"))
    for d in decisions:
        total = sum(v for v in (d.yes, d.no, d.abstentions) if v is not None)
        if d.yes is None and d.no is None:
            continue
        limit = d.members_present or members_present or (voting if voting >= 3 else None)
        if limit is not None and total > limit:
            warnings.append(ParseWarning(d.span.start, f"item {d.item_number}: {total} votes counted but only {limit} "
                                                       "members present: check the counts"))
        if d.members_present is not None and d.abstentions is not None and d.yes is not None and d.no is not None \
                and total + (d.recused or 0) != d.members_present:
            warnings.append(ParseWarning(d.span.start, f"item {d.item_number}: yes + no + abstentions = {total}, "
                                                       f"but {d.members_present} present: check the counts"))
        if d.unanimous and d.no:
            warnings.append(ParseWarning(d.span.start, f"item {d.item_number}: 'einstimmig' with {d.no} no votes"))
    return warnings
