"""Council layouts: what differs between the minutes of one system or council and the next.

The reading logic exists once (``transforms.minutes``); a layout is data: the patterns that
recognise it, with a weight each (its detection score), and the few patterns and switches that
its documents need beyond the generic ones. :func:`detect` picks the layout whose patterns
score highest on a document; the generic layout reads whatever no specific one claims.

Adding a council's layout is a new module in this package that defines ``LAYOUT``, plus a
fixture and a test: nothing else changes.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    # (pattern, weight): a pattern found anywhere in the document's first lines adds its weight.
    detect: tuple[tuple[str, float], ...] = ()
    # Words of which the first lines hold at least one when this layout is theirs: the patterns run only then.
    keywords: tuple[str, ...] = ()
    # Regexes with a named group "body" that name the Gremium in this layout's header.
    body_patterns: tuple[str, ...] = ()
    # Regexes with named groups "num" and "title" (optional "prefix") for agenda item headings.
    item_headings: tuple[str, ...] = ()
    # (pattern, outcome): result phrases of this layout, e.g. a RIS's "Beschlussart" values.
    results: tuple[tuple[str, str], ...] = ()
    # The attendance list is a table of fixed-width columns (pdftotext -layout).
    attendance_columns: bool = False
    # The document is one agenda item (a RIS "Auszug" or single-item page).
    single_item: bool = False
    # A regex whose group "num" is the item number of a single-item page.
    item_number: str | None = None
    # Lower bound of the score at which this layout is chosen.
    threshold: float = 2.0
    compiled: dict = field(default_factory=dict, compare=False, repr=False)

    def patterns(self, name: str) -> tuple[re.Pattern, ...]:
        if name not in self.compiled:
            self.compiled[name] = tuple(re.compile(p, re.M) for p in getattr(self, name))
        return self.compiled[name]

    def score(self, head: str) -> float:
        if self.keywords and not any(k in head for k in self.keywords):
            return 0.0
        if "detect" not in self.compiled:
            self.compiled["detect"] = tuple((re.compile(p, re.M), w) for p, w in self.detect)
        return sum(w for rx, w in self.compiled["detect"] if rx.search(head))


GENERIC = Layout(name="generic", description="Any German council's minutes: the generic reader alone.")


@lru_cache(maxsize=1)
def registered() -> tuple[Layout, ...]:
    """Every layout module of this package, in name order (deterministic ties)."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if isinstance(getattr(module, "LAYOUT", None), Layout):
            found.append(module.LAYOUT)
    return tuple(found)


def detect(head: str) -> Layout:
    """The layout that claims ``head`` (the document's first lines) most strongly, else the generic one."""
    best, best_score = GENERIC, 0.0
    for layout in registered():
        s = layout.score(head)
        if s >= layout.threshold and s > best_score:
            best, best_score = layout, s
    return best
