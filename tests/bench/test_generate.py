"""The benchmark corpus generator: same N and seed, same bytes; every layout of ../shared/corpus is in the
mix, and the parser reads each family's documents (a session; the attendance list where the layout has one;
the votes where it has them; nothing of a non-public part)."""
from __future__ import annotations

import datetime as dt
import random
import warnings
from collections import Counter

import pytest

import transforms
from bench import fidelity
from bench.corpus import FAMILIES
from bench.generate import documents, generate, parse_mix, plan, render

# per family and variant, documents from these seeds (each a different draw of people, items and votes)
SEEDS = (11, 12)


def _parse(g):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # library chatter is not the parser's result
        return transforms.parse_document(g.data, g.name)


def test_generator_is_deterministic_and_parses(tmp_path):
    a = generate(tmp_path / "a", 40, seed=7, pdf_share=0.1, cp1252_share=0.2)
    b = generate(tmp_path / "b", 40, seed=7, pdf_share=0.1, cp1252_share=0.2)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    assert {p.suffix for p in a} == {".txt", ".pdf", ".html"}
    docs = [transforms.parse_document(p.read_bytes(), p.name) for p in a]
    assert all(d.doc_type == "Niederschrift" and d.session for d in docs)
    assert {d.encoding for d in docs} >= {"utf-8", "cp1252", "pdf"}
    tables = transforms.build_tables(docs)
    assert len(tables["votes"]) > 0 and len(tables["anfragen"]) > 0 and len(tables["attendance"]) > 0


def test_an_archive_goes_on_with_the_next_sessions_minutes():
    """documents(n + k, start=n): the minutes the archive of n documents gets next (the benchmark's
    nightly run with new minutes), the same as the last k of an archive of n + k."""
    from bench.generate import documents

    later = [(g.name, g.data) for g in documents(25, seed=3, start=20)]
    assert later == [(g.name, g.data) for g in documents(25, seed=3)][20:] and len(later) == 5
    dates = sorted(name.rsplit("_", 1)[1] for name, _ in later)
    assert dates[0] > max(g.name.rsplit("_", 1)[1] for g in documents(20, seed=3))


def test_every_family_and_variant_is_in_the_default_mix_and_pdfs_keep_their_share():
    got = list(plan(3000, seed=3))
    assert {(d.family, d.variant) for d in got} == set(_variants())
    shares = Counter(d.family for d in got)
    assert all(abs(shares[f] / 3000 - FAMILIES[f].share) < 0.02 for f in FAMILIES)
    assert 40 <= sum(d.as_pdf for d in got) <= 80             # 2 % of 3000, drawn
    assert 240 <= sum(d.as_cp1252 for d in got) <= 360        # 10 %
    assert not any(d.as_pdf and FAMILIES[d.family].html for d in got)


def test_mix_option():
    assert parse_mix("hamburg=1,bielefeld=0")["bielefeld"] == 0
    only_ksd = parse_mix(",".join(f"{f}=0" for f in FAMILIES if f != "ksd") + ",ksd=1")
    assert {d.family for d in plan(50, mix=only_ksd)} == {"ksd"}
    assert [g.family for g in documents(2, mix=only_ksd)] == ["ksd", "ksd"]
    for bad in ("nowhere=1", "hamburg", "hamburg=x", "hamburg=-1", ",".join(f"{f}=0" for f in FAMILIES)):
        with pytest.raises(ValueError):
            parse_mix(bad)


def _variants():
    return [(family, variant) for family, f in FAMILIES.items() for variant in dict.fromkeys(f.module.VARIANTS)]


@pytest.mark.parametrize("family,variant", _variants())
def test_each_layout_reads_as_its_gold_says(family, variant):
    """Per layout: a session; the listed attendees (most of them, by family name); the votes it states;
    no text of a non-public part in any table. (Known misreadings lower some families' other facts; the
    floors here are what any layout must keep.)"""
    for k, seed in enumerate(SEEDS):
        r = random.Random(seed)
        g = render(family, variant, r, dt.date(2001, 1, 1) + dt.timedelta(days=k), k, as_cp1252=k == 1)
        doc = _parse(g)
        assert doc.session is not None, g.name
        tables = fidelity.document_tables(doc)
        score = fidelity.score_document(g.gold, tables)
        fig = fidelity.figures(score.counts)
        assert fig["sessions"]["found"] == 1, g.name
        if g.gold.get("present"):
            assert doc.attendees, f"{g.name}: no attendees"
            assert fig["names"]["recall"] >= 0.8 and fig["names"]["precision"] >= 0.8, (g.name, score.misses)
        if g.gold.get("votes"):
            assert doc.decisions or any(i.outcome for i in doc.agenda_items), f"{g.name}: no votes"
            assert score.counts["vote_outcomes_stated"] and score.counts["vote_outcomes_right"], (g.name, score.misses)
        if g.gold.get("nonpublic_marker"):
            text = fidelity.source_text(g.data, g.name)
            assert fidelity.find_leaks(g.gold["nonpublic_marker"], text, tables) == [], g.name
            assert doc.session.has_nonpublic_part


def test_text_layouts_set_as_pdf_still_read():
    for family, f in FAMILIES.items():
        if f.html:
            continue
        g = render(family, f.module.VARIANTS[0], random.Random(5), dt.date(2002, 2, 2), 0, as_pdf=True)
        assert g.name.endswith(".pdf")
        doc = _parse(g)
        assert doc.encoding == "pdf" and doc.session is not None, g.name
        if g.gold.get("present"):
            assert doc.attendees, g.name
