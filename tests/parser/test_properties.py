"""Property tests over mutated seeds: never an unhandled exception; non-public text never reaches a table."""
from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transforms
from transforms.text import extract_text
from tests.conftest import SAMPLES

SEEDS = {p.name: p.read_bytes() for p in sorted(SAMPLES.glob("*.txt"))}
MINUTES = [n for n in SEEDS if n[:3] in ("000", "001", "002")]
NONPUBLIC_HEADINGS = ["Nichtöffentliche Sitzung:", "## Nicht öffentlicher Teil", "**Nichtöffentlicher Teil**",
                      "NICHTÖFFENTLICHE SITZUNG", "Nicht-öffentliche Sitzung", "Nichtöffentliche Sitzung (Teil B)",
                      "B. Nichtöffentlicher Teil", "Teil B - nichtöffentlich", "Nichtöffentliche Sitzung des Bauausschusses",
                      "N I C H T Ö F F E N T L I C H E R   T E I L"]


def _truncate(data: bytes, r: random.Random) -> bytes:
    return data[: r.randrange(0, len(data) + 1)]


def _shuffle(data: bytes, r: random.Random) -> bytes:
    lines = data.split(b"\n")
    r.shuffle(lines)
    return b"\n".join(lines)


def _flip(data: bytes, r: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(r.randrange(1, 30)):
        if buf:
            buf[r.randrange(len(buf))] = r.randrange(256)
    return bytes(buf)


def _reencode(data: bytes, r: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")  # earlier mutations may have broken the UTF-8
    enc = r.choice(["cp1252", "latin-1", "utf-8-sig", "utf-16"])
    return text.encode(enc, errors="replace")


MUTATIONS = {"truncate": _truncate, "shuffle": _shuffle, "flip": _flip, "reencode": _reencode}


def _all_text(tables: dict[str, pd.DataFrame]) -> str:
    return "\n".join(df.astype("string").fillna("").to_csv(index=False) for df in tables.values())


def _parse(data: bytes, name: str):
    """Parse; a rejection is a handled outcome (and must carry a reason)."""
    try:
        return transforms.parse_document(data, name)
    except transforms.DocumentRejected as e:
        assert e.reason and "\n" not in e.reason
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(SEEDS)), ops=st.lists(st.sampled_from(sorted(MUTATIONS)), max_size=3),
       seed=st.integers(0, 2**32 - 1))
def test_mutated_seeds_never_crash(name, ops, seed):
    r = random.Random(seed)
    data = SEEDS[name]
    for op in ops:
        data = MUTATIONS[op](data, r)
    doc = _parse(data, name)
    if doc is not None:
        transforms.build_tables([doc])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(MINUTES), ops=st.lists(st.sampled_from(["truncate", "flip", "reencode"]), max_size=2),
       heading=st.sampled_from(NONPUBLIC_HEADINGS), seed=st.integers(0, 2**32 - 1),
       encoding=st.sampled_from(["utf-8", "cp1252", "latin-1"]))
def test_nonpublic_marker_never_reaches_a_table(name, ops, heading, seed, encoding):
    r = random.Random(seed)
    data = SEEDS[name]
    for op in ops:
        data = MUTATIONS[op](data, r)
    marker = f"GEHEIM{seed:x}MARKER"
    secret = (f"\n\n{heading}\n\nZu Punkt 11\n\nPersonalangelegenheit {marker}\n\nBeschluss:\n\n"
              f"{marker} wird befördert.\n\n- einstimmig beschlossen -\n\nHerr {marker.title()} Geheim\n")
    try:
        detected = extract_text(data, name).encoding
    except transforms.DocumentRejected:
        detected = ""
    if detected.startswith("utf-16"):  # a UTF-16 document gets a UTF-16 section, or the section is noise
        encoding = "utf-16-be" if detected.endswith("be") or data[:2] == b"\xfe\xff" else "utf-16-le"
        data = data[: len(data) // 2 * 2]
    data = data + secret.encode(encoding)
    doc = _parse(data, name)
    if doc is None:
        return
    tables = transforms.build_tables([doc])
    assert marker.lower() not in _all_text(tables).lower()
    if doc.session is not None:
        assert bool(tables["sessions"]["has_nonpublic_part"].iloc[0])


def test_nonpublic_part_is_flagged_and_dropped():
    name = MINUTES[0]
    data = SEEDS[name] + "\n\nNichtöffentliche Sitzung:\n\nZu Punkt 11 Grundstücksangelegenheit GEHEIM\n".encode()
    tables = transforms.build_tables([transforms.parse_document(data, name)])
    assert bool(tables["sessions"]["has_nonpublic_part"].iloc[0]) is True
    assert "11" not in set(tables["agenda_items"]["item_number"])
    assert "GEHEIM" not in _all_text(tables)


@pytest.mark.parametrize("heading", ["Zu Punkt 11 Personalangelegenheit GEHEIM (nichtöffentlich)",
                                     "TOP 11 Personalangelegenheit GEHEIM - nicht öffentlich -"])
def test_an_item_marked_non_public_in_its_heading_cuts_the_rest(heading):
    name = MINUTES[0]
    data = SEEDS[name] + f"\n\n{heading}\n\nGEHEIM wird befördert.\n".encode()
    tables = transforms.build_tables([transforms.parse_document(data, name)])
    assert bool(tables["sessions"]["has_nonpublic_part"].iloc[0]) is True
    assert "GEHEIM" not in _all_text(tables)


def test_nonpublic_item_prefix_cuts_the_rest():
    text = ("Niederschrift über die Sitzung des Rates am 01.02.2024\n\nAnwesend:\n\nCDU\n\nHerr Hans Muster\n\n"
            "Öffentliche Sitzung\n\nTOP Ö 1 Mitteilungen\n\nDer Rat nimmt Kenntnis.\n\n"
            "TOP N 1 Vertragsangelegenheit GEHEIM\n\nGEHEIM bleibt geheim.\n")
    doc = transforms.parse_document(text.encode(), "rat.txt")
    tables = transforms.build_tables([doc])
    assert tables["agenda_items"]["item_number"].tolist() == ["1"]
    assert bool(tables["sessions"]["has_nonpublic_part"].iloc[0]) is True
    assert "GEHEIM" not in _all_text(tables)


def test_prose_mentioning_a_nonpublic_committee_does_not_cut():
    # seed 002 says "im nicht öffentlichen Teil des Betriebsausschusses ISB beraten" inside item 5
    doc = transforms.parse_document(SEEDS[MINUTES[2]], MINUTES[2])
    assert doc.session.has_nonpublic_part is False
    assert [i.item_number for i in doc.agenda_items][-1] == "10.1"


# Words the parser tests for before its ignore-case patterns (a pattern is skipped where its word is missing).
GUARD_WORDS = ["sitzung", "ffentlich", "vertreten", "führer", "vorsitz", "enthaltung", "befangen", "kenntnis",
               "mehrheitlich", "einstimmig", "erhält", "stimmberechtigt"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(GUARD_WORDS), st.data())
def test_folded_text_holds_every_word_an_ignore_case_pattern_finds(word, data):
    import re

    from transforms.keys import folded

    # each letter as itself, in upper case, or as a character re.IGNORECASE also takes for it
    variants = {"i": "iIıİ", "s": "sSſ", "k": "kK\u212a", "ü": "üÜ", "ä": "äÄ"}
    spelled = "".join(data.draw(st.sampled_from(variants.get(c, c + c.upper()))) for c in word)
    text = data.draw(st.text(max_size=8)) + spelled + data.draw(st.text(max_size=8))
    assert re.search(re.escape(word), text, re.I)
    assert word in folded(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abn \u0130kt", max_size=12), max_size=8),
       st.lists(st.sampled_from(["ab", "bab", "n", "kt", "abn", "\u0130k"]), min_size=1, max_size=3))
def test_lines_with_finds_the_lines_a_test_of_each_line_finds(texts, words):
    from transforms.minutes.lines import lines_with

    expected = [i for i, t in enumerate(texts) if any(w in t for w in words)]
    assert lines_with(texts, "\n".join(texts), tuple(words)) == expected


def test_an_outcome_is_read_on_a_line_whose_lower_case_is_longer():
    """"İ" lower-cased is two characters: the item's text in lower case no longer lines up with its lines."""
    from transforms.minutes.lines import split_lines
    from transforms.minutes.outcomes import item_outcome

    lines = split_lines("İİİİ İİİİ İİ\nVertagt.\nDie Beratung wird in der nächsten Sitzung fortgesetzt.")
    assert item_outcome(lines, []) == ("postponed", None)
    assert item_outcome(split_lines("Herr İnce berichtet.\nDer Bericht wird besprochen."), []) == (None, None)


_FILES = st.sampled_from(["a.txt", "b.txt", "c.pdf", None])
_VOTE_COUNT_ROWS = st.lists(st.fixed_dictionaries({
    "session_id": st.sampled_from(["s-1", "s-2"]), "item_number": st.sampled_from(["1", "2", None]),
    "vote_number": st.integers(1, 2), "option": st.sampled_from(["yes", "no"]),
    "group": st.sampled_from(["SPD", "CDU", None]), "count": st.one_of(st.none(), st.integers(0, 9)),
    "document_id": st.sampled_from(["d1", "d2"]), "source_file": _FILES,
    "line_start": st.one_of(st.none(), st.integers(1, 3)), "line_end": st.integers(1, 3),
}), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_VOTE_COUNT_ROWS)
def test_first_row_per_key_is_that_of_a_stable_sort(rows):
    """The Arrow dedup of table building keeps what pandas' stable sort and drop_duplicates kept:
    the same rows, in the same order, also with ties in file and line and missing values."""
    import pyarrow as pa

    import schemas
    from transforms import tables

    data = pa.Table.from_pylist(rows, schema=schemas.loose_arrow_schema("vote_counts"))
    frame = schemas.to_pandas(data).sort_values(["source_file", "line_start"], kind="stable")
    expected = frame.drop_duplicates(schemas.primary_key("vote_counts"), keep="first")
    got = tables._first_per_key(data, schemas.primary_key("vote_counts"))
    assert got.to_pylist() == tables._to_arrow("vote_counts", expected).to_pylist()
