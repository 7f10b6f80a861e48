"""The benchmark corpus generator: same N and seed, same bytes; every document parses."""
from __future__ import annotations

from bench.generate import generate

import transforms


def test_generator_is_deterministic_and_parses(tmp_path):
    a = generate(tmp_path / "a", 30, seed=7, pdf_share=0.1, cp1252_share=0.2)
    b = generate(tmp_path / "b", 30, seed=7, pdf_share=0.1, cp1252_share=0.2)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    assert {p.suffix for p in a} == {".txt", ".pdf"}
    docs = [transforms.parse_document(p.read_bytes(), p.name) for p in a]
    assert all(d.doc_type == "Niederschrift" and d.session and d.agenda_items and d.attendees for d in docs)
    assert {d.encoding for d in docs} >= {"utf-8", "cp1252", "pdf"}
    tables = transforms.build_tables(docs)
    assert len(tables["sessions"]) == 30 and len(tables["votes"]) > 0 and len(tables["anfragen"]) > 0
