"""Canonical faction names, whatever the spelling in a document.

"BÜNDNIS 90/ DIE GRÜNEN", "Bündnis90/Die Grünen" and "GRÜNE" are one faction.
A name is canonicalised by a key that ignores case, spacing, punctuation,
umlaut spelling and words such as "Fraktion".
"""
from __future__ import annotations

import re

# canonical name -> spellings seen in German council documents
FACTIONS: dict[str, tuple[str, ...]] = {
    "CDU": ("CDU", "CDU-Fraktion", "CDU-Ratsfraktion", "Ratsfraktion CDU"),
    "SPD": ("SPD", "SPD-Fraktion", "SPD-Ratsfraktion"),
    "Bündnis 90/Die Grünen": (
        "Bündnis 90/Die Grünen", "Bündnis 90 / Die Grünen", "BÜNDNIS 90/DIE GRÜNEN", "Bündnis90/Die Grünen",
        "Grüne", "Die Grünen", "B90/Grüne", "Bündnis 90/Grüne",
    ),
    "FDP": ("FDP", "FDP-Fraktion"),
    "AfD": ("AfD", "AfD-Fraktion"),
    "Die Linke": ("Die Linke", "DIE LINKE", "Linke", "Die Linke.", "Linksfraktion"),
    "Die PARTEI": ("Die PARTEI", "Die Partei", "PARTEI"),
    "BfB": ("BfB", "Bürgerinnen und Bürger für Bielefeld", "Bürger für Bielefeld"),
    "Bürgernähe": ("Bürgernähe", "Bürgernähe/Piraten"),
    "LiB": ("LiB", "Lokaldemokratie in Bielefeld"),
    "Freie Wähler": ("Freie Wähler", "FW", "Freie Wählergemeinschaft"),
    "Volt": ("Volt",),
    "ÖDP": ("ÖDP",),
    "Piraten": ("Piraten", "Piratenpartei"),
    "UWG": ("UWG",),
}

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOISE = re.compile(r"ratsfraktion|fraktion(en)?|gruppe|[^a-z0-9]")


def key(name: str) -> str:
    """Spelling-independent key of a group name."""
    return _NOISE.sub("", name.lower().translate(_TRANSLIT))


_BY_KEY: dict[str, str] = {}
for _canon, _spellings in FACTIONS.items():
    for _s in (_canon, *_spellings):
        _BY_KEY[key(_s)] = _canon


def canonical(name: str) -> str | None:
    """The canonical faction for ``name``, or None if it is not a known faction."""
    k = key(name)
    return _BY_KEY.get(k) if k else None


def _pattern(spelling: str) -> str:
    # Allow any spacing around "/" and between words; case is ignored.
    parts = [re.escape(p) for p in re.split(r"\s*/\s*|\s+", spelling.strip())]
    seps = re.split(r"[^\s/]+", spelling.strip())[1:-1]
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += (r"\s*/\s*" if "/" in sep else r"\s*") + part
    return out


_MENTION = re.compile(
    r"(?<![\w])("
    + "|".join(sorted({_pattern(s) for c, ss in FACTIONS.items() for s in (c, *ss) if len(s) > 2},
                      key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)


def mentioned(text: str) -> list[str]:
    """Canonical factions named in ``text``, in order of first mention, without repeats."""
    out: list[str] = []
    for m in _MENTION.finditer(text or ""):
        canon = canonical(m.group(1))
        if canon and canon not in out:
            out.append(canon)
    return out
