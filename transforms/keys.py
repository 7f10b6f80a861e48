"""Stable keys from printed names: lower case, umlauts spelt out, words joined by hyphens."""
from __future__ import annotations

import re
from functools import lru_cache

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "á": "a", "à": "a",
                           "ç": "c", "ñ": "n", "ø": "o", "å": "a"})


_NOT_KEY = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)   # the same committees, people and groups on every row of every session
def slug(text: str) -> str:
    """"Bündnis 90/Die Grünen" -> "buendnis-90-die-gruenen"; the same text always gives the same key."""
    s = text.lower().translate(_TRANSLIT)
    return _NOT_KEY.sub("-", s).strip("-")
