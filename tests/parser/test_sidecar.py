"""Metadata beside a document (<file>.meta.json): it fills what the text lacks; the text wins on conflict."""
from __future__ import annotations

import json

import transforms

PAGE = "Beschluss: einstimmig beschlossen\n\nDer Rat stimmt der Vorlage zu.\n".encode()


def _sidecar(**values) -> bytes:
    return json.dumps(values).encode()


def test_sidecar_fills_what_the_text_lacks():
    side = _sidecar(gremium="Rat der Stadt Beispielheim", session_date="2025-06-30", start_time="15:00",
                    source_url="https://ris.example.net/file/7.pdf", meeting_url="https://ris.example.net/meeting/3")
    doc = transforms.parse_document(PAGE, "top7.txt", sidecar=side)
    s = doc.session
    assert (s.committee, s.session_date, s.start_time, s.source_url, s.meeting_url) == (
        "Rat der Stadt Beispielheim", "2025-06-30", "15:00", "https://ris.example.net/file/7.pdf",
        "https://ris.example.net/meeting/3")
    tables = transforms.build_tables([doc])
    row = tables["sessions"].iloc[0]
    assert row.session_id == "rat-der-stadt-beispielheim-2025-06-30"
    assert row.source_url == "https://ris.example.net/file/7.pdf"


def test_text_wins_and_a_warning_says_so():
    text = "Niederschrift über die Sitzung des Bauausschusses am 02.06.2025\n\nAnwesend:\nHerr Max Bauer\n"
    doc = transforms.parse_document(text.encode(), "n.txt", sidecar=_sidecar(gremium="Hauptausschuss",
                                                                            session_date="2025-06-02"))
    assert doc.session.committee == "Bauausschuss"
    assert any("sidecar 'Hauptausschuss'" in w.message and "text's value is kept" in w.message for w in doc.warnings)
    assert not any("session_date" in w.message for w in doc.warnings)  # same value: no conflict


def test_a_bad_sidecar_is_a_warning_not_a_rejection():
    doc = transforms.parse_document(PAGE, "top7.txt", sidecar=b"{not json")
    assert doc.session is not None
    assert any("not valid JSON" in w.message for w in doc.warnings)
    doc = transforms.parse_document(PAGE, "top7.txt", sidecar=_sidecar(gremium="Rat", colour="blue"))
    assert any("unknown key 'colour'" in w.message for w in doc.warnings)


def test_the_sidecar_is_part_of_the_document_identity():
    a = transforms.parse_document(PAGE, "x.txt")
    b = transforms.parse_document(PAGE, "x.txt", sidecar=_sidecar(gremium="Rat"))
    c = transforms.parse_document(PAGE, "x.txt", sidecar=_sidecar(gremium="Kreistag"))
    assert len({a.document_id, b.document_id, c.document_id}) == 3
    assert a.document_id == transforms.document_id(PAGE)


def test_pipeline_and_parser_compute_the_same_document_id():
    from flows.pipeline import _document_id

    side = _sidecar(gremium="Rat")
    assert _document_id(PAGE, None) == transforms.document_id(PAGE)
    assert _document_id(PAGE, side) == transforms.document_id(PAGE, side)
