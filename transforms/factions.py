"""Party and group names, whatever the spelling in a document.

The names come from data (``transforms/data/groups.csv``: every party and list that sits in
German councils, with the spellings seen in minutes), not from code: a council with a group
that is missing adds a line there. "BÜNDNIS 90/ DIE GRÜNEN", "Bündnis90/Die Grünen" and
"GRÜNE-Fraktion" are one party. A label that is no known spelling (a local
Wählergemeinschaft, "CDU Rebenheim", "Gruppe Volt und PIRATEN") is kept as written; its
:func:`group_key` is still stable across spellings of case, spacing and punctuation.
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

from transforms.keys import single_spaced, slug


def _load() -> list[tuple[str, str, tuple[str, ...]]]:
    # Package data read once at import, like a compiled-in table: parsing itself does no I/O.
    text = resources.files("transforms").joinpath("data/groups.csv").read_text(encoding="utf-8")
    return [(row["name"], row["kind"], tuple(s for s in row["spellings"].split("|") if s))
            for row in csv.DictReader(io.StringIO(text))]


GROUPS: list[tuple[str, str, tuple[str, ...]]] = _load()
PARTIES: frozenset[str] = frozenset(name for name, kind, _ in GROUPS if kind in ("party", "list"))
NO_GROUP = "fraktionslos"

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# ("Fraktion der CDU", a Brandenburg council's list: the group's article is no part of its name)
_NOISE = re.compile(r"(?:stadtrats|kreistags|stadt|rats|bezirks)?fraktion(?:en)?(?:\s+de[rs]\b)?|\bgruppe\b|[^a-z0-9]")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Spelling-independent key of a group name (case, spacing, punctuation, umlauts, "Fraktion")."""
    return _NOISE.sub("", name.lower().translate(_TRANSLIT))


_BY_KEY: dict[str, str] = {}
for _name, _kind, _spellings in GROUPS:
    for _s in (_name, *_spellings):
        _BY_KEY.setdefault(key(_s), _name)


@lru_cache(maxsize=65536)
def canonical(name: str) -> str | None:
    """The canonical name for ``name``, or None if it is not a known spelling of a party or list."""
    k = key(name)
    return _BY_KEY.get(k) if k else None


def _pattern(spelling: str) -> str:
    # Any spacing around "/" and "-" and between words.
    parts = [re.escape(p) for p in re.split(r"\s*/\s*|\s+", spelling.strip())]
    seps = re.split(r"[^\s/]+", spelling.strip())[1:-1]
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += (r"\s*/\s*" if "/" in sep else r"\s*") + part
    return out


# Case-sensitive with an upper-case twin of each spelling: "die linke Spur" names no party.
_MENTION = re.compile(
    r"(?<![\w/])("
    + "|".join(sorted({_pattern(v) for name, _, ss in GROUPS for s in (name, *ss) if len(s) > 2
                       for v in (s, s.upper())}, key=len, reverse=True))
    + r")(?![\w])",
)


def mentioned(text: str) -> list[str]:
    """Canonical groups named in ``text``, in order of first mention, without repeats."""
    out: list[str] = []
    for m in _MENTION.finditer(text or ""):
        canon = canonical(m.group(1))
        if canon and canon not in out:
            out.append(canon)
    return out


_SPLIT_FRAKTION = re.compile(r"(\w)- (Fraktion)\b")


def clean_label(text: str) -> str:
    """A group label as printed, without list decoration: "(SPD)", "SPD:", "GRÜNE- Fraktion"."""
    s = single_spaced(text)   # (asked of every short line of a list)
    s = s.strip().strip(":;,").strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    return _SPLIT_FRAKTION.sub(r"\1-\2", s) if "- Fraktion" in s else s


def group_name(label: str) -> str:
    """The group column's value: the canonical name of a known party or list, else the label as written."""
    s = clean_label(label)
    return canonical(s) or s


def group_key(name: str | None) -> str | None:
    """Stable, normalised key of a group: "buendnis-90-die-gruenen", "cdu-rebenheim"."""
    if not name:
        return None
    canon = canonical(name)
    return slug(canon or name) or None


def party_of(name: str | None) -> str | None:
    """The party a group belongs to: itself when known, else the one party its label names
    ("CDU Rebenheim" -> CDU); None for joint groups ("Gruppe Volt und PIRATEN") and non-party labels."""
    if not name:
        return None
    canon = canonical(name)
    if canon:
        return canon if canon in PARTIES else None
    found = [p for p in mentioned(name) if p in PARTIES]
    return found[0] if len(found) == 1 else None


_GROUP_WORDS = re.compile(r"^(?:Gruppe|Fraktion|Liste|Wählergemeinschaft|Wählervereinigung)(?:\s+de[rs])?\b", re.I)
# One word that names a local voters' group by what it is: "BürgerBündnis", "Bürgerliste", "Wählergemeinschaft".
_PRO_PLACE = re.compile(r"^(?:Pro|PRO)\s+[A-ZÄÖÜ][\wäöüß-]+$")   # "PRO Tambach-Dietharz": a local list
_LOCAL_GROUP_WORD = re.compile(r"^(?=[A-ZÄÖÜ])[\wäöüß-]*?(?:[Bb]ündnis|[Ww]ähler\w*|[Bb]ürger(?:liste|forum|initiative"
                               r"|gemeinschaft|bewegung|block|union))$")


# A Fraktion named by its own words, perhaps with where it sits: "Unabhängige Fraktion in der BV Lütgendortmund"
_ACRONYM = re.compile(r"^(?=(?:[^A-ZÄÖÜ]*[A-ZÄÖÜ]){2})[A-ZÄÖÜ][A-Za-zÄÖÜäöü./&]{1,9}$")   # two capitals at least
_NAMED_FRAKTION = re.compile(r"^(?!(?:Die|Der|Das|Jede|Eine|Herrn?|Frau)\s)[A-ZÄÖÜ][\wäöüß-]*(?:\s+[\wäöüß&-]+){0,2}\s+Fraktion"
                             r"(?:\s+(?:in|im)\s+(?:der|dem|den)?\s*[\wäöüß. -]{2,40})?$")


@lru_cache(maxsize=65536)
def looks_like_group(text: str) -> bool:
    """Whether a short text is a group's name: a known spelling, or a label that starts with a party
    ("CDU Rebenheim", "FDP/Bürgerforum", "Gruppe Volt und PIRATEN", "Die Linke im Rat")."""
    s = clean_label(text)
    if not s or len(s) > 60 or "(" in s or any(c.isdigit() for c in s if c not in "90"):
        return False
    if canonical(s) is not None:
        return True
    if _NAMED_FRAKTION.match(s):
        return True   # "Unabhängige Fraktion in der BV Lütgendortmund"
    if s.endswith("-Fraktion") and _ACRONYM.match(s[:-9]):
        return True   # "WGH-Fraktion": a local list's short name (a Hessian Stadtverordnetenversammlung)
    if len(s.split()) > 5:
        return False
    if _LOCAL_GROUP_WORD.match(s) or _PRO_PLACE.match(s):
        return True
    rest = _GROUP_WORDS.sub("", s).strip(" -")
    if rest[:1].isupper() and _GROUP_WORDS.match(s):
        return True   # "Gruppe Die LINKE und PIRATEN", "Fraktion Bürger für Bielefeld": named as a group
    m = _MENTION.match(rest)
    return m is not None
