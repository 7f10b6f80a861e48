"""The benchmark's CPU probe times the parser on the corpus's first documents, in name order, and counts
what the parser rejects instead of stopping."""
from __future__ import annotations

import pytest

from bench.__main__ import CPU_PROBE_WARM, _cpu_probe
from bench.generate import generate


def test_the_cpu_probe_times_the_parser_on_the_first_documents_after_the_warm_ones(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, CPU_PROBE_WARM + 12, seed=3)
    (corpus / ".complete").write_text("ok\n")   # the cache's marker: not a document
    # named to come last: outside the timed documents, so not counted
    (corpus / "zzzz_not_a_minute.txt").write_bytes(b"")

    figures = _cpu_probe(corpus, documents=8)

    assert figures["documents"] == 8 and figures["rejected"] == 0
    assert figures["cpu_s"] > 0
    # (cpu_s is rounded to the millisecond, the time a document to the microsecond)
    assert figures["ms_per_document"] == pytest.approx(figures["cpu_s"] / 8 * 1000, abs=0.5 / 8)


def test_a_document_the_parser_rejects_is_counted_and_the_probe_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, CPU_PROBE_WARM + 3, seed=4)
    (corpus / "99999_empty.txt").write_bytes(b"")          # sorts after the generated names
    (corpus / "99999_binary.txt").write_bytes(bytes(range(256)) * 4)

    figures = _cpu_probe(corpus, documents=10)

    assert figures["documents"] == 5   # what there is after the warm ones: 3 generated, 2 bad
    assert figures["rejected"] == 2
    assert figures["cpu_s"] > 0


def test_a_corpus_of_no_more_than_the_warm_documents_is_timed_on_those(tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 4, seed=5)

    figures = _cpu_probe(corpus, documents=10)

    assert figures["documents"] == 4 and figures["rejected"] == 0 and figures["cpu_s"] > 0

    empty = tmp_path / "empty"
    empty.mkdir()
    assert _cpu_probe(empty) == {"documents": 0, "rejected": 0, "cpu_s": 0.0, "ms_per_document": 0.0}
