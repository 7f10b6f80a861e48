"""Person names as printed in attendance lists, and stable person ids."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms import factions
from transforms.keys import folded, slug

FORMS = {"herr": "Herr", "herrn": "Herr", "hr.": "Herr", "frau": "Frau", "fr.": "Frau"}
MEMBER_ROLES = {"rm": "Rm", "rf": "Rm", "sb": "sB", "se": "sE", "bv": "BV", "(rm)": "Rm"}
# Offices printed between form of address and name ("Herr Stadtkämmerer Kaschel").
POSITIONS = (
    "Oberbürgermeisterin", "Oberbürgermeister", "Bürgermeisterin", "Bürgermeister",
    "Bezirksbürgermeisterin", "Bezirksbürgermeister", "Stadtkämmerin", "Stadtkämmerer",
    "Erste Beigeordnete", "Erster Beigeordneter", "Beigeordnete", "Beigeordneter",
    "Stadtdirektorin", "Stadtdirektor", "Stadtbaurätin", "Stadtbaurat", "Stadträtin", "Stadtrat",
    "Dezernentin", "Dezernent", "Amtsleiterin", "Amtsleiter",
)
_POSITION_RE = re.compile(r"^(" + "|".join(re.escape(p) for p in POSITIONS) + r")\b\s*")
# Offices and titles printed before a name in minutes of every state: "2. stellv. Bürgermeisterin",
# "Gemeindevertreter", "Bezirksratsfrau", "Kämmerin", "Leiter Bauhof", "StRin", "OB". A compound noun
# ending in one of these words is an office too ("Bauamtsleiterin", "Marktgemeinderätin").
_OFFICE_WORD = (
    r"(?:(?:[A-ZÄÖÜ][a-zäöüß]+/|[A-ZÄÖÜ]{1,4}-)?[A-ZÄÖÜ][a-zäöüß]*(?:bürgermeister(?:in)?|meister(?:in)?|rat|rätin|räte|ratsherr|ratsher|ratsfrau|mitglied"
    r"|vertreter(?:in)?|verordnete[rn]?|beigeordnete[rn]?|vorsteher(?:in)?|vorsitzende[rn]?|kämmerer|kämmerin"
    r"|leiter(?:in)?|angestellte[rn]?|fachwirt(?:in)?|sachbearbeiter(?:in)?|führer(?:in)?|dezernent(?:in)?"
    r"|direktor(?:in)?|referent(?:in)?|sekretär(?:in)?|präsident(?:in)?|sprecher(?:in)?|abgeordnete[rn]?"
    r"|inspektor(?:in)?|amtmann|amtfrau|beauftragte[rn]?|planer(?:in)?|praktikant(?:in)?|beamte[rn]?|beamtin"
    r"|architekt(?:in)?|ingenieur(?:in)?|gutachter(?:in)?|anwalt|anwältin|notar(?:in)?|berater(?:in)?)"
    r"|Bürgermeister(?:in)?|Ratsherr|Ratsfrau|Mitglied|Vorsitzende[rn]?|Kämmerer|Kämmerin|Leiter(?:in)?"
    r"|Architekt(?:in)?|Ingenieur(?:in)?|Gutachter(?:in)?|Rechtsanwalt|Rechtsanwältin|Notar(?:in)?"
    r"|Angestellte[rn]?|Sachbearbeiter(?:in)?|Verw\."   # ("Verw. Angestellter Burkhard Holland", Lower Saxony)
    r"|OB|BM|StR|StRin|SGB|Bgm\.|Bgmin\.|GR|GRin|GV|GV[’']in|GVin|LVB|VOI|VOIin|VAR|VARin|VOAR|VOR|VR|Stv\.|stellv\.|Stellv\.|stellvertr\.|Stellvertr\.|stellvertretende[rn]?"
    # citizens who sit on a committee: "sachkundige Bürgerin" (NRW), "wählbarer Bürger", "bürgerliches Mitglied" (SH)
    r"|(?:[Ss]achkundige[rn]?|[Ww]ählbare[rn]?|[Bb]ürgerliche[sn]?|[Hh]inzugewählte[sn]?)\s+(?:Bürger(?:in)?|Einwohner(?:in)?|Mitglied))"
)
# What an office is of: "der Stadt", "für Finanzen"; a municipality is named by its place ("Bürgermeister der
# Verbandsgemeinde Loreley Werner Groß") where a given and a family name still follow.
_MUNICIPALITY = r"(?:der|des)\s+(?:Verbandsgemeinde|Samtgemeinde|Ortsgemeinde|Gemeinde|Stadt|VG|Amtes|Amt)"
_OF_BODY = (r"(?:" + _MUNICIPALITY + r"\s+(?:Bad\s+)?[A-ZÄÖÜ][\w-]+(?=\s+[A-ZÄÖÜ][\w-]+\s+[A-ZÄÖÜ])"
            r"|(?:der|des|für)\s+[A-ZÄÖÜ][\w-]+)")
_OF_BODY_RE = re.compile(r"^(" + _OF_BODY + r")\s+(?=\S)")
# An office's qualifier before it, with its article: "der geschäftsführende Beigeordnete" (a Rhineland-Palatinate list)
# (a list's number before the article is no part of the office: "2. der geschäftsführende Beigeordnete")
_QUALIFIER = re.compile(r"^(?:\d{1,2}\.\s*(?=(?:der|die)\s))?((?:(?:der|die)\s+)?(?:geschäftsführende|ehrenamtliche|hauptamtliche)"
                        r"[rn]?\s+)(?=[A-ZÄÖÜ])", re.I)
_OF_MUNICIPALITY = re.compile(r"\b" + _MUNICIPALITY + r"$")
_OFFICE_RE = re.compile(
    r"^((?:(?:\d\.|Erste[rn]?|Zweite[rn]?|Dritte[rn]?|stellv\.|Stv\.|Stellv\.|stellvertr\.|Stellvertr\.|stellvertretende[rn]?)\s*)*"
    + _OFFICE_WORD + r"(?:\s+" + _OF_BODY + r")?(?:\s+Bauhof)?)\s+(?=\S)"
)
# Words that end an organisation's name, never a person's: "Umweltamt", "Planungsbüro", "steg Hamburg mbH".
_ORG_WORD = re.compile(r"(?:amt|ämter|büro|bereich|verwaltung|partner|stelle|referat|dezernat|werke?|betrieb|behörde"
                       r"|verband|verein|gesellschaft|institut|ministerium|revier|wache|schule|feuerwehr|\w{5,}rat|\w{6,}ung"
                       r"|\w{4,}(?:heit|keit|schaft|wesen))$"
                       r"|^(?:AG|GmbH|mbH|mbh|e\.V\.|KG|eG|Hamburg)$",
                       re.I)
# The endings and words _ORG_WORD can match (lower case): its cheap precondition.
_ORG_ENDINGS = ("amt", "ämter", "büro", "bereich", "verwaltung", "partner", "stelle", "referat", "dezernat", "werk",
                "werke", "betrieb", "behörde", "verband", "verein", "gesellschaft", "institut", "ministerium", "rat",
                "ung", "heit", "keit", "schaft", "wesen", "revier", "wache", "schule", "feuerwehr")
_ORG_WHOLE = frozenset({"ag", "gmbh", "mbh", "e.v.", "kg", "eg", "hamburg"})


def _is_org_word(token: str) -> bool:
    low = folded(token)
    return (low.endswith(_ORG_ENDINGS) or low in _ORG_WHOLE) and _ORG_WORD.search(token) is not None


_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")
_LOWER = re.compile(r"[a-zäöüß]")
_TRAILING_INITIALS = re.compile(r"(?:\s+[A-ZÄÖÜ]{1,3})+$")
_TITLE_RE = re.compile(r"^((?:Prof\.|Dr\.(?:[ -]?(?:Ing|med|phil|rer\. ?nat|jur)\.)?|Dipl\.-\w+\.)\s*)+")
# Words that start sentences or name things in minutes, never a person's first or last name.
_NOT_NAMES = frozenset({"Die", "Der", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Eines", "Sie", "Er", "Es",
                        "Wir", "Ihr", "Und", "Im", "Am", "Zum", "Zur", "Vom", "Mit", "Bei", "Nach", "Für", "Auf", "Aus",
                        "Sitzung", "Tagesordnung", "Beschluss", "Antrag", "Anfrage", "Vorlage", "Niederschrift",
                        "Protokoll", "Verwaltung", "Fraktion", "Ausschuss", "Rat", "Gemeinderat", "Stadtrat", "Anlage",
                        "Seite", "Uhr", "Mitglieder", "Gäste", "Presse", "Öffentlichkeit"})
PARTICLES = {"von", "van", "de", "der", "den", "zu", "zur", "vom", "ter", "ten", "di", "da", "le", "la", "du"}
_INITIALS = re.compile(r"^(?:[A-ZÄÖÜ]\.-?)+$")   # "M.", "H.-J.": a given name's initials, not an acronym
_NAME_TOKEN = re.compile(r"^[A-ZÄÖÜ][\wÄÖÜäöüßéèáàçñ'’.-]*$")


@dataclass(frozen=True)   # parse_name's results are shared (memoised)
class Name:
    family_name: str
    given_name: str | None = None
    form_of_address: str | None = None
    academic_title: str | None = None
    position: str | None = None
    member_role: str | None = None

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


def _abbreviation(token: str) -> bool:
    return len(token) == 2 and token.isalpha() and token.isupper()   # "VG", "KV"; not "K." of "K. Dombrowski"


@lru_cache(maxsize=1 << 14)   # the same members on every list of a committee, and every start of an entry tried
def parse_name(text: str) -> Name | None:
    """Split "Herr Dr. Simon Lange", "Rm Müller, Hans", "Herr Stadtkämmerer Kaschel".

    Returns None when the text does not look like a person's name.
    """
    s = text.strip().strip(",;")
    form = role = position = title = None
    while True:
        head, _, rest = s.partition(" ")
        low = head.lower()
        if form is None and low in FORMS and rest:
            form, s = FORMS[low], rest.strip()
        elif role is None and low.rstrip(".") in MEMBER_ROLES and rest:
            role, s = MEMBER_ROLES[low.rstrip(".")], rest.strip()
        else:
            break
    qualifier = ""
    if s[:1] in "dgehDGEH123456789" and (m := _QUALIFIER.match(s)):
        qualifier, s = m.group(1), s[m.end():]   # "der geschäftsführende Beigeordnete Wilfried Schmelzeisen"
    if m := _POSITION_RE.match(s):
        position, s = m.group(1), s[m.end():]
        if s[:1] in "dfD" and (m := _OF_BODY_RE.match(s)):   # "Bürgermeister der Stadt Ralf Seemann"
            position, s = f"{position} {m.group(1)}", s[m.end():]
    elif (m := _OFFICE_RE.match(s)) and len(s[m.end():].split()) >= 1 and _NAME_TOKEN.match(s[m.end():].split()[0]):
        position, s = m.group(1).strip(), s[m.end():]
        while (m := _OFFICE_RE.match(s)) and len(s[m.end():].split()) >= 1:  # "Verwaltung/Protokollführer", "2. Bürgermeister"
            position, s = f"{position} {m.group(1).strip()}", s[m.end():]
    if qualifier:
        if position is None:
            return None
        position = f"{qualifier}{position}"
    if position is not None and form is None:   # "Vorsitzender Herr Boehlke": the form after the office
        head, _, rest = s.partition(" ")
        if head.lower() in FORMS and rest:
            form, s = FORMS[head.lower()], rest.strip()
    if m := _TITLE_RE.match(s):
        title, s = m.group(0).strip(), s[m.end():]
    if s[-1:] in _CAPITALS and _LOWER.search(s):
        s = _TRAILING_INITIALS.sub("", s)  # "Heike Brandt EC"
    family: str | None
    given: str | None
    if "," in s:  # "Nachname, Vorname"
        family, _, given = (p.strip() for p in s.partition(","))
        tokens = family.split() + given.split()
    else:
        tokens = s.split()
        family = given = None
    if not tokens or len(tokens) > 5 or not all(_NAME_TOKEN.match(t) or t in PARTICLES for t in tokens):
        return None
    if tokens[0] in _NOT_NAMES or tokens[-1] in _NOT_NAMES:
        return None  # "Die Sitzung endet ...": a sentence, not a person
    if form is None and role is None and position is None and _is_party(tokens[0]):
        return None  # "Grüne Lindenau": a local list's heading
    if any(_is_org_word(t) for t in tokens if len(t) > 3):
        return None
    if family is None:
        i = len(tokens) - 1
        while i > 0 and tokens[i - 1].lower() in PARTICLES:
            i -= 1
        family, given = " ".join(tokens[i:]), " ".join(tokens[:i]) or None
    if all(t.lower() in PARTICLES for t in family.split()):
        return None   # "Mitarbeiter der (Stadtverwaltung)": a name needs more than its particles
    if form is None and role is None and position is None and (
            given is None or any(t.isupper() and len(t) > 1 and not _INITIALS.match(t) for t in tokens)):
        return None  # "Verwaltung", "Digitalbüro OWL": a heading or an organisation, not a person
    if given is None and (family.split()[0] in ("der", "des", "dem", "für") or position and _OF_MUNICIPALITY.search(position)):
        return None  # "Bürgermeister der Verbandsgemeinde", "Bürgermeister der VG Bodenheim": an office, no person
    if given and (given.split()[0] in ("der", "des", "dem") or any(_abbreviation(t) for t in given.split())) \
            or _abbreviation(family):
        return None  # "Beigeordneter VG Bodenheim", "Bürgermeister der VG Bodenheim": an office of a body, no person
    return Name(family, given or None, form, title, position, role)


def could_end_name(token: str) -> bool:
    """Whether a name that parse_name accepts can end in this token: a cheap test that saves trying
    every start of an attendance entry ("Herr Dr. Simon Lange (SPD), ab TOP 4") as a name."""
    last = token.rstrip(",;")
    if last[-1:].isupper() and last[-2:-1].islower():
        return False   # an abbreviation ("StA 66/S-2", "BzStR"): no name ends so
    return not last or "," in last or last in PARTICLES or bool(_NAME_TOKEN.match(last))


_OFFICE_ALONE = re.compile(r"^" + _OFFICE_WORD + r"$")


def is_office(word: str) -> bool:
    """Whether a word is an office or title ("Bezirksbürgermeister", "Schriftführerin"), not a name."""
    return bool(_OFFICE_ALONE.match(word.strip()))


def _is_party(token: str) -> bool:
    return factions.canonical(token) is not None


def person_id(family_name: str, given_name: str | None) -> str:
    """Stable id from the printed name: the same name gives the same id in every session and run."""
    return slug(f"{family_name} {given_name or ''}")
