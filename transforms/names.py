"""Person names as printed in attendance lists, and stable person ids."""
from __future__ import annotations

import re
from dataclasses import dataclass

FORMS = {"herr": "Herr", "herrn": "Herr", "hr.": "Herr", "frau": "Frau", "fr.": "Frau"}
MEMBER_ROLES = {"rm": "Rm", "rf": "Rm", "sb": "sB", "se": "sE", "bv": "BV"}
# Offices printed between form of address and name ("Herr Stadtkämmerer Kaschel").
POSITIONS = (
    "Oberbürgermeisterin", "Oberbürgermeister", "Bürgermeisterin", "Bürgermeister",
    "Bezirksbürgermeisterin", "Bezirksbürgermeister", "Stadtkämmerin", "Stadtkämmerer",
    "Erste Beigeordnete", "Erster Beigeordneter", "Beigeordnete", "Beigeordneter",
    "Stadtdirektorin", "Stadtdirektor", "Stadtbaurätin", "Stadtbaurat", "Stadträtin", "Stadtrat",
    "Dezernentin", "Dezernent", "Amtsleiterin", "Amtsleiter",
)
_POSITION_RE = re.compile(r"^(" + "|".join(re.escape(p) for p in POSITIONS) + r")\b\s*")
_TITLE_RE = re.compile(r"^((?:Prof\.|Dr\.(?:[ -]?(?:Ing|med|phil|rer\. ?nat|jur)\.)?|Dipl\.-\w+\.)\s*)+")
_PARTICLES = {"von", "van", "de", "der", "den", "zu", "zur", "vom", "ter", "ten", "di", "da", "le", "la", "du"}
_NAME_TOKEN = re.compile(r"^[A-ZÄÖÜ][\wÄÖÜäöüßéèáàçñ'’.-]*$")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a",
                           "ç": "c", "ñ": "n", "ø": "o", "å": "a"})


@dataclass
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
    if m := _POSITION_RE.match(s):
        position, s = m.group(1), s[m.end():]
    if m := _TITLE_RE.match(s):
        title, s = m.group(0).strip(), s[m.end():]
    if "," in s:  # "Nachname, Vorname"
        family, _, given = (p.strip() for p in s.partition(","))
        tokens = family.split() + given.split()
    else:
        tokens = s.split()
        family = given = None
    if not tokens or len(tokens) > 5 or not all(_NAME_TOKEN.match(t) or t in _PARTICLES for t in tokens):
        return None
    if family is None:
        i = len(tokens) - 1
        while i > 0 and tokens[i - 1].lower() in _PARTICLES:
            i -= 1
        family, given = " ".join(tokens[i:]), " ".join(tokens[:i]) or None
    if form is None and role is None and (given is None or any(t.isupper() and len(t) > 1 for t in tokens)):
        return None  # "Verwaltung", "Digitalbüro OWL": a heading or an organisation, not a person
    return Name(family, given or None, form, title, position, role)


def slug(text: str) -> str:
    s = text.lower().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def person_id(family_name: str, given_name: str | None) -> str:
    """Stable id from the printed name: the same name gives the same id in every session and run."""
    return slug(f"{family_name} {given_name or ''}")
