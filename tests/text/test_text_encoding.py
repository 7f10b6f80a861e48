"""Plain text in every encoding council exports come in decodes to exactly the seed text."""
from __future__ import annotations

import codecs
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLES, SEED_NAMES
from transforms.model import DocumentRejected
from transforms.text import extract_text
from transforms.text.encoding import decode_text, repair_mojibake

MINUTES = [name for name in SEED_NAMES if name[:3] in ("000", "001", "002")]

# Typographic characters Latin-1 lacks (Windows-1252 has them), with Latin-1 stand-ins.
TO_LATIN1 = str.maketrans({"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-",
                           "—": "-", "…": "...", "€": "EUR"})


def seed(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("codec, bom, expected_label", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("utf-16", b"", "utf-16"),          # Python writes the BOM (little-endian here)
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    ("utf-32", b"", "utf-32"),
    ("cp1252", b"", "cp1252"),
])
def test_seed_reencoded_decodes_to_original(name, codec, bom, expected_label):
    text = seed(name)
    result = extract_text(bom + text.encode(codec), name)
    assert result.text == text
    assert result.encoding == expected_label
    assert result.warnings == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_in_latin1_decodes_to_original(name):
    text = seed(name).translate(TO_LATIN1)
    result = extract_text(text.encode("latin-1"), name)
    assert result.text == text
    # Without C1 bytes Latin-1 and Windows-1252 decode identically; we name the superset.
    assert result.encoding == "cp1252"


def test_latin1_control_bytes_undefined_in_cp1252_decode_as_latin1():
    result = extract_text("Straße \x81 Übersicht".encode("latin-1"), "a.txt")
    assert result.text == "Straße \x81 Übersicht"
    assert result.encoding == "latin-1"


def test_cp1252_typography_comes_out_right():
    text = "„Digitaler Zwilling“ – 5 € … Bürgerbüro"
    assert extract_text(text.encode("cp1252"), "a.md").text == text


def test_utf16_without_bom_is_recognised():
    text = "Niederschrift\nüber die Sitzung des Digitalisierungsausschusses\n"
    for codec in ("utf-16-le", "utf-16-be"):
        result = extract_text(text.encode(codec), "a.txt")
        assert (result.text, result.encoding) == (text, "utf-16")


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_line_endings_become_newline(ending):
    text = seed(MINUTES[0])
    result = extract_text(text.replace("\n", ending).encode("utf-8"), "a.txt")
    assert result.text == text
    assert "\r" not in result.text


def test_nbsp_and_tabs_are_kept():
    text = "Tagungsort:\u00a0\u00a0Großer Saal\nName\tFunktion\n"
    assert extract_text(text.encode("utf-8"), "a.txt").text == text


# --- damaged UTF-8 ---------------------------------------------------------------------

def test_a_few_bad_bytes_in_utf8_are_replaced_and_their_lines_named():
    text = seed(MINUTES[2])
    lines = text.split("\n")
    raw = "\n".join(lines[:99]).encode() + b"\nKl\xfcger\n" + "\n".join(lines[99:]).encode()
    result = extract_text(raw, "a.txt")
    assert result.encoding == "utf-8"
    out = result.text.split("\n")
    assert out[99] == "Kl\ufffdger"
    assert out[:99] == lines[:99] and out[100:] == lines[99:]  # the rest untouched
    assert [w.line for w in result.warnings] == [100]
    assert "U+FFFD" in result.warnings[0].message or "\ufffd" in result.warnings[0].message


def test_many_bad_lines_are_summed_up():
    raw = ("Grüße\n" * 200).encode() + b"x\xff\n" * 30
    result = extract_text(raw, "a.txt")
    assert [w.line for w in result.warnings[:20]] == list(range(201, 221))
    assert "10 more lines" in result.warnings[20].message


# --- double-encoded UTF-8 --------------------------------------------------------------

@pytest.mark.parametrize("name", MINUTES)
def test_double_encoded_seed_is_repaired(name):
    text = seed(name)
    mojibake = text.encode("utf-8").decode("cp1252", errors="strict").encode("utf-8")
    result = extract_text(mojibake, name)
    assert result.text == text
    assert result.warnings and "double-encoded" in result.warnings[0].message


def test_double_encoded_cp1252_file_is_repaired():
    text = "Bürgerbüro „Service“ – Öffnungszeiten"
    mojibake = text.encode("utf-8").decode("cp1252").encode("cp1252")  # written in cp1252
    assert extract_text(mojibake, "a.txt").text == text


def test_triple_encoding_and_nbsp_mojibake_are_repaired():
    text = "Gebühr\u00a0für Änderungen"
    twice = text.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")
    assert repair_mojibake(twice)[0] == text


def test_partly_double_encoded_text_is_repaired_where_broken():
    assert repair_mojibake("Grüße und GrÃ¼ÃŸe")[0] == "Grüße und Grüße"


@pytest.mark.parametrize("legit", [
    "Straße“ endet hier",          # ß + “ is a valid UTF-8 pair in cp1252, but not mojibake
    "ÄŸ sind zwei Buchstaben",      # Ä + Ÿ would repair to ğ: no evidence, left alone
    "Â",
    "Die Abkürzung ÄÄ",
])
def test_correct_text_is_not_repaired(legit):
    assert repair_mojibake(legit) == (legit, 0)


# --- rejections ------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \n",
                                  " \n".encode("utf-16"), "\u00a0\n".encode("utf-8")])
def test_empty_files_are_rejected(data):
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(data, "a.txt")
    assert excinfo.value.reason == "the file is empty"


def test_nul_bytes_mean_binary():
    with pytest.raises(DocumentRejected, match=r"binary, not text \(it contains NUL bytes\)"):
        extract_text(b"Niederschrift\x00\x01\x02 ...", "a.txt")


def test_control_characters_mean_binary():
    junk = bytes(range(1, 32)) * 20 + b"Niederschrift " * 20
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(junk, "a.txt")
    assert excinfo.value.reason.startswith("the file is binary, not text (")
    assert "% control characters); is it a scanned image or an archive?" in excinfo.value.reason


def test_a_few_control_characters_are_fine():
    # Word's manual line break, a page break, a DOS end-of-file marker in ordinary prose.
    text = "Der Ausschuss nimmt Kenntnis.\x0bZeile zwei\x0c\nSeite zwei: Bürgerbüro.\x1a" * 3
    assert extract_text(text.encode("cp1252"), "a.txt").text == text


# --- properties ------------------------------------------------------------------------

GERMAN = st.text(alphabet=st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-()/\n\täöüÄÖÜß")),
    min_size=1).filter(lambda t: not t.isspace())


@given(GERMAN, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
def test_german_text_survives_any_common_encoding(text, codec):
    assert decode_text(text.encode(codec))[0] == text


@given(st.binary(max_size=300))
def test_any_bytes_give_text_or_a_reason(data):
    try:
        text, _, _ = decode_text(data)
    except DocumentRejected as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert "\r" not in text


# --- speed -----------------------------------------------------------------------------

def test_decoding_a_seed_takes_well_under_a_millisecond():
    """Guard against an accidental slow path (a regex over every character, say).

    A loose bound so it never flakes: typical is 0.05-0.3 ms per 40 KB seed.
    """
    blobs = [(SAMPLES / name).read_bytes() for name in MINUTES]
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for data in blobs:
            extract_text(data, "seed.txt")
    per_doc = (time.perf_counter() - start) / (rounds * len(blobs))
    assert per_doc < 0.005, f"{per_doc * 1000:.2f} ms per document"
