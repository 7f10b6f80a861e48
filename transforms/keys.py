"""Stable keys from printed names: lower case, umlauts spelt out, words joined by hyphens; and the
lower case that ignore-case patterns see; text with single spaces."""
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


# What re.IGNORECASE matches beyond str.lower() for the letters of German words: dotless i and long s
# (lower() keeps them), dotted capital I (lower() makes it "i" and a combining dot above); the Kelvin
# sign lower() already makes "k".
_REGEX_FOLDS = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


def folded(text: str) -> str:
    """``text`` in lower case as an ignore-case pattern sees it: a word of such a pattern can only
    match where it occurs in this (a cheap test before the pattern)."""
    low = text.lower()
    # (str.translate looks up every character: only where one of those letters is there at all)
    if low.isascii() or ("ı" not in low and "ſ" not in low and "\u0307" not in low):
        return low
    return low.translate(_REGEX_FOLDS)


_WHITESPACE = re.compile(r"\s+")


def single_spaced(text: str) -> str:
    """Every run of whitespace as one space. Only where there is more than a single space: any other
    whitespace character is unprintable, and rewriting every space costs more than the rest of a line."""
    return _WHITESPACE.sub(" ", text) if "  " in text or not text.isprintable() else text
