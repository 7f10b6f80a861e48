"""Layout families of the benchmark corpus: one module each, with its share of the default mix.

A family module defines ``VARIANTS`` (the layouts it writes; a variant listed twice is drawn twice as
often) and ``make(r, date, variant) -> Doc``. ``html`` families write HTML pages, never set as PDF;
the others write text that the generator may set as PDF or encode as Windows-1252.

The default shares: the seed layouts stay the largest family; full minutes (which carry most of
the bytes and most of the parsing) make up about three quarters of the documents, RIS pages of one
session or one item the rest, roughly as a city's archive of minutes and RIS pages mixes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from bench.corpus import (allris, baden_wuerttemberg, bavaria, bielefeld, gazette, hamburg, ksd, lower_saxony, nrw,
                          saxony, schleswig_holstein, sdnet, sessionnet_item, sessionnet_session)


@dataclass(frozen=True)
class Family:
    module: ModuleType
    share: float          # of the default mix
    html: bool = False
    about: str = ""


FAMILIES: dict[str, Family] = {
    "bielefeld": Family(bielefeld, 0.25, about="the three seed layouts (NRW SessionNet text)"),
    "nrw": Family(nrw, 0.12, about="NRW Niederschriften: RM lists, party blocks, Bezirksvertretung with Anfragen"),
    "hamburg": Family(hamburg, 0.08, about="Hamburg pdftotext -layout Niederschrift, attendance table"),
    "bavaria": Family(bavaria, 0.07, about="Bavarian Sitzungsniederschrift (Abstimmungsergebnis 14 : 2), ePaper mirror text"),
    "schleswig-holstein": Family(schleswig_holstein, 0.05,
                                 about="SH Gemeindevertretung: letter-spaced titles, (entschuldigt ), PDF text"),
    "saxony": Family(saxony, 0.05, about="Saxon PDF text: names column, then parties column"),
    "lower-saxony": Family(lower_saxony, 0.05, about="Lower Saxony: (verhindert waren), letter-spaced headings, TYPO3 view"),
    "gazette": Family(gazette, 0.06, about="Mitteilungsblatt reports: RP list blocks and | 1. | rows, Bavarian vote rows"),
    "baden-wuerttemberg": Family(baden_wuerttemberg, 0.02, about="BW Gemeinderat page counting members, staff by job title"),
    "sessionnet-item": Family(sessionnet_item, 0.09, about="SessionNet to0050 single-item pages (text)"),
    "sessionnet-session": Family(sessionnet_session, 0.05, html=True, about="SessionNet si0057 session page (HTML)"),
    "allris-auszug": Family(allris, 0.06, html=True, about="ALLRIS to020 Auszug page (HTML, ISO-8859-1, CRLF)"),
    "ksd": Family(ksd, 0.03, about="KSD (Lotus Domino) one-item protocols, some non-public"),
    "sdnet": Family(sdnet, 0.02, about="SD.NET RIM session page with items (text)"),
}
