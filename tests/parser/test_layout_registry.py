"""Every council layout in transforms/layouts has a fixture here, is detected on it, and reads its facts.

A layout is a module with a LAYOUT; its fixture is tests/parser/layouts/<layout name>.<ext> (invented
content written in that system's layout). Adding a council is that pair plus an entry below.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import transforms
from transforms import layouts

FIXTURES = Path(__file__).parent / "layouts"


def _fixture(name: str) -> Path:
    found = sorted(FIXTURES.glob(f"{name}.*"))
    assert found, f"layout {name!r} has no fixture tests/parser/layouts/{name}.*"
    return found[0]


def _parse(name: str):
    path = _fixture(name)
    return transforms.parse_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("layout", [lay.name for lay in layouts.registered()])
def test_each_layout_has_a_fixture_that_it_claims(layout):
    doc = _parse(layout)
    assert doc.layout == layout
    assert doc.session is not None


def test_the_generic_layout_reads_what_no_layout_claims():
    seeds = sorted((Path(__file__).parents[2] / "samples" / "bielefeld-da").glob("00[0-2]_*.txt"))
    assert {transforms.parse_document(p.read_bytes(), p.name).layout for p in seeds} == {"generic"}


def _votes(doc):
    return [(d.item_number, d.outcome, d.unanimous, d.yes, d.no, d.abstentions, d.recused) for d in doc.decisions]


def test_sessionnet_session_page():
    doc = _parse("sessionnet-session")
    s = doc.session
    assert (s.committee, s.session_date, s.start_time, s.end_time, s.session_number) == (
        "Ausschuss für Umwelt und Klima", "2025-06-03", "16:30", "18:05", 7)
    assert doc.kind == "session_page"
    items = {i.item_number: (i.title, i.paper_reference, i.outcome) for i in doc.agenda_items}
    assert items == {"1": ("Eröffnung der Sitzung", None, None),
                     "2": ("Baumschutzsatzung - Neufassung", "0101/2025", "decided"),
                     "3": ("Bericht Luftreinhalteplan", "0102/2025", "noted")}
    assert _votes(doc) == [("2", "amended", None, None, None, None, None)]
    assert s.has_nonpublic_part  # the "N 1" row and everything after it are cut


def test_sessionnet_item_page():
    doc = _parse("sessionnet-item")
    assert doc.kind == "item_page" and doc.session.committee is None
    assert _votes(doc) == [("?", "accepted", False, 8, 3, 1, 1)]
    assert any("no session date" in w.message for w in doc.warnings)


def test_allris_auszug():
    doc = _parse("allris-auszug")
    s = doc.session
    assert (s.committee, s.session_date, s.start_time, s.end_time) == ("Verkehrsausschuss", "2025-06-12", "17:00", "19:10")
    assert doc.encoding in ("cp1252", "iso8859-1", "latin-1") or doc.encoding == "html"
    # "Beschlussart: (offen)" is not a result; the protocol text is.
    assert _votes(doc) == [("3", "accepted", True, None, 0, None, None)]


def test_hamburg_table_with_wrapped_cells():
    doc = _parse("hamburg-allris-pdf")
    got = [(a.family_name, a.group, a.status, a.role, a.substitute_for) for a in doc.attendees]
    assert got == [
        ("Abel", "SPD", "present", "chair", None),
        ("Brandt", "Bündnis 90/Die Grünen", "substitute", "member", "Claußen"),
        ("Dorn", "CDU", "present", "member", None),
        ("Esch", "Die Linke", "present", "member", None),
        ("Fink", "Verwaltung", "present", "administration", None),
        ("Claußen", None, "represented", "member", None),
    ]
    assert (doc.session.committee, doc.session.session_date) == ("Jugendhilfeausschuss", "2025-06-02")


def test_ksd_protocol():
    doc = _parse("ksd-protocol")
    assert (doc.session.committee, doc.session.session_date) == ("Ausschuss für Kultur und Medien", "2025-05-14")
    assert [(a.family_name, a.group, a.role) for a in doc.attendees] == [
        ("Albrecht", "Verwaltung", "chair"), ("Berger", "Verwaltung", "recorder")]
    # "TOP:" / "45" (protocol number) / "2a" (the item)
    assert _votes(doc) == [("2a", "accepted", None, 12, None, 2, None)]


def test_sdnet_rim_navigation_label_does_not_cut():
    doc = _parse("sdnet-rim")
    s = doc.session
    assert (s.committee, s.session_date, s.start_time, s.end_time, s.session_number) == (
        "Stadtrat (Plenum)", "2025-05-20", "18:00", "20:30", 4)
    assert not s.has_nonpublic_part
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Haushaltssatzung 2025"), ("2", 'Bebauungsplan "Am Weiher"')]


def test_mitteilungsblatt_report():
    doc = _parse("mitteilungsblatt")
    s = doc.session
    # "mit Einladung vom 02.05.2025 ... auf den 12.05.2025, 19:30 Uhr ... geladen": the scheduled time is no start
    assert (s.committee, s.session_date, s.start_time, s.end_time) == ("Gemeinderat Beispieldorf", "2025-05-12", None, "21:15")
    assert [(a.family_name, a.group, a.status) for a in doc.attendees] == [
        ("Lehnen", None, "present"), ("Roth", "CDU Beispieldorf", "present"), ("Kies", "CDU Beispieldorf", "present"),
        ("Mohr", "FWG Beispieldorf", "present"), ("Haas", None, "excused")]
    assert _votes(doc) == [("1", "accepted", True, 4, 0, None, None), ("2", "accepted", False, 3, 1, None, None)]
