"""Stable keys from printed names: lower case, umlauts spelt out, words joined by hyphens."""
from __future__ import annotations

import re

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a",
                           "ç": "c", "ñ": "n", "ø": "o", "å": "a"})


def slug(text: str) -> str:
    """"Bündnis 90/Die Grünen" -> "buendnis-90-die-gruenen"; the same text always gives the same key."""
    s = text.lower().translate(_TRANSLIT)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")
