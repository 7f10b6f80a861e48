"""PDF text layers: the seeds rendered as PDF read back with their words and paragraphs."""
from __future__ import annotations

import io
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from fpdf import FPDF
import pypdfium2 as pdfium
from pypdf import PdfReader, PdfWriter  # a test dependency: it writes the encrypted PDFs

from tests.conftest import SEED_NAMES
from tests.text.formats import DEJAVU, make_image_only_pdf, make_pdf, missing_words, paragraphs
from transforms.model import DocumentRejected
from transforms.text import extract_text


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_pdf_has_the_seed_paragraphs(seed_file, name):
    text, pdf = seed_file(name, "pdf")
    result = extract_text(pdf, name.replace(".txt", ".pdf"))
    assert result.encoding == "pdf"
    assert result.warnings == []
    # Same blocks, same words: only the wrapping of long lines differs.
    assert paragraphs(result.text) == paragraphs(text)
    assert missing_words(text, result.text) is None


def test_umlauts_quotes_dashes_and_nbsp_survive(seed_file):
    text, pdf = seed_file(SEED_NAMES[0], "pdf")
    extracted = extract_text(pdf, "a.pdf").text
    for probe in ("„Digitaler Zwilling", "Krumhöfner", "Schritführung", "Möller", "Bielefeld – Statusbericht",
                  "**Zu Punkt 6** \u00a0"):
        assert probe in text and probe in extracted


def test_a_page_break_inside_a_paragraph_does_not_split_it():
    long_paragraph = " ".join(["Der Ausschuss berät über die Digitalstrategie der Stadt."] * 120)
    text = "Erster Absatz.\n\n" + long_paragraph + "\n\nLetzter Absatz."
    extracted = extract_text(make_pdf(text), "a.pdf").text
    assert len(pdfium.PdfDocument(make_pdf(text))) > 1
    assert paragraphs(extracted) == paragraphs(text)


@pytest.mark.parametrize("filler", range(48, 55))
def test_a_blank_line_at_a_page_break_still_separates_paragraphs(filler):
    # 51 lines fill a page of make_pdf: the blank line falls at the end of page 2, at the top
    # of page 3, or near them. A full first page shows where the text of a page normally ends.
    first_page = "\n".join(f"Vorlauf {n}" for n in range(51))
    text = (first_page + "\n" + "\n".join(f"Zeile {n}" for n in range(filler))
            + "\n\nNeuer Absatz\nzweite Zeile\n\nSchluss")
    extracted = extract_text(make_pdf(text), "a.pdf").text
    assert paragraphs(extracted) == paragraphs(text)


def _pdf_with_footer(pages: int) -> bytes:
    """Pages with a running head and a "Seite N von M" footer around one continuing text."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.text(20, 12, "Niederschrift Digitalisierungsausschuss 30.11.2023")
        for line in range(50):
            pdf.text(20, 30 + line * 5, f"Satz {page}.{line} der Beratung über die Glasfaser")
        pdf.text(90, 287, f"Seite {page} von {pages}")
    return bytes(pdf.output())


def test_running_heads_and_page_numbers_are_dropped():
    extracted = extract_text(_pdf_with_footer(4), "a.pdf").text
    assert "Seite" not in extracted
    assert "Niederschrift Digitalisierungsausschuss" not in extracted
    lines = extracted.split("\n")
    assert len(lines) == 200 and all(line.startswith("Satz ") for line in lines)


def test_a_scanned_page_among_text_pages_is_named_in_a_warning():
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    pdf.text(20, 20, "Seite mit Text")
    pdf.add_page()
    pdf.rect(20, 20, 170, 250, style="F")  # a scan without OCR
    pdf.add_page()
    pdf.text(20, 20, "Noch mehr Text")
    result = extract_text(bytes(pdf.output()), "a.pdf")
    assert "Seite mit Text" in result.text and "Noch mehr Text" in result.text
    [warning] = result.warnings
    assert warning.message.startswith("page 2 has no text layer (scanned?)")


# --- rejections ------------------------------------------------------------------------

def test_image_only_pdf_is_rejected():
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(make_image_only_pdf(), "scan.pdf")
    assert excinfo.value.reason == "the PDF has no text layer (scanned?): run OCR first"


@pytest.mark.parametrize("cut", [0.9, 0.5, 0.02])
def test_truncated_pdf_is_rejected(seed_file, cut):
    _, pdf = seed_file(SEED_NAMES[0], "pdf")
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(pdf[: int(len(pdf) * cut)], "a.pdf")
    assert excinfo.value.reason.startswith("the PDF is damaged or truncated and cannot be opened (")
    assert excinfo.value.reason.endswith("download it again")


def test_garbage_after_the_header_is_rejected():
    with pytest.raises(DocumentRejected, match="damaged or truncated"):
        extract_text(b"%PDF-1.4\n" + bytes(range(256)) * 10, "a.pdf")


def _encrypted(pdf: bytes, user: str, owner: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_is_rejected():
    pdf = _encrypted(make_pdf("Geheime Niederschrift"), user="secret")
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(pdf, "a.pdf")
    assert excinfo.value.reason == ("the PDF is password-protected; ask the publisher for an "
                                    "unprotected copy")


def test_pdf_encrypted_only_for_permissions_is_read():
    pdf = _encrypted(make_pdf("Öffentliche Niederschrift"), user="", owner="owner")
    assert extract_text(pdf, "a.pdf").text == "Öffentliche Niederschrift"


def test_a_wrong_cross_reference_offset_is_repaired_without_log_noise(caplog):
    pdf = make_pdf("Hallo Bielefeld\n\nZweiter Absatz")
    broken = pdf[: pdf.rfind(b"startxref")] + b"startxref\n12345\n%%EOF\n"
    with caplog.at_level(logging.DEBUG):
        assert extract_text(broken, "a.pdf").text == "Hallo Bielefeld\n\nZweiter Absatz"
    assert caplog.records == []


# --- what PDFium's text needs so that the parser reads it as before -----------------------

def _pdf_of_lines(lines: list[str], align: str = "L") -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=9)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 4.5, line, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_column_gaps_typed_with_spaces_are_kept():
    # pdftotext -layout text set as PDF: PDFium keeps one space of each run, we measure the rest
    lines = ["Frau Dr. Feddersen          GRÜNE-Fraktion     Stellvertr. Vorsitz",
             "Termin:       Samstag, 06.01.1990",
             "Herr Becker  FDP  Mitglied"]
    assert extract_text(_pdf_of_lines(lines), "a.pdf").text == "\n".join(lines)


def test_justified_lines_keep_single_spaces():
    words = "Die Verwaltung wird beauftragt, die Genehmigung des öffentlichen Teils der Niederschrift".split()
    paragraph = " ".join(words * 4)
    extracted = extract_text(_pdf_of_lines([paragraph], align="J"), "a.pdf").text
    assert len(extracted.split("\n")) > 2  # wrapped, and every line but the last widened
    assert "  " not in extracted and extracted.split() == paragraph.split()


def test_a_hyphen_at_the_end_of_a_line_stays_there():
    lines = ["unterstützt die Kommunikations-, Organisations-, Dokumentations-", "und Verwaltungsprozesse"]
    assert extract_text(_pdf_of_lines(lines), "a.pdf").text == "\n".join(lines)


def test_extractions_in_threads_take_turns_and_agree(seed_file):
    pdfs = [seed_file(name, "pdf")[1] for name in SEED_NAMES]
    expected = [extract_text(pdf, "a.pdf").text for pdf in pdfs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda pdf: extract_text(pdf, "a.pdf").text, pdfs * 4))
    assert got == expected * 4


def test_the_unconverted_calls_read_what_pypdfium2s_bindings_read():
    # the reader calls four PDFium functions without ctypes' argument types (speed): a pypdfium2 whose
    # functions took other arguments would read garbage silently, so every character is compared
    import ctypes

    import pypdfium2.raw as raw

    from transforms.text import pdf as reader

    lines = ["Frau Dr. Feddersen          GRÜNE-Fraktion     Stellvertr. Vorsitz", "„Zu Punkt 3“ – ß"]
    document = pdfium.PdfDocument(_pdf_of_lines(lines))
    page = document[0]
    textpage = page.get_textpage()
    try:
        chars = reader._Chars(textpage, textpage.get_text_range())
        assert textpage.count_chars() > 40
        for i in range(textpage.count_chars()):
            x, y, left, right, bottom, top = (ctypes.c_double() for _ in range(6))
            assert raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
            values = chars.cleared()
            assert reader._char_origin(chars.handle, i, *chars.refs[:2])
            reader._char_box(chars.handle, i, *chars.refs[2:])
            assert [v.value for v in values] == [x.value, y.value, left.value, right.value, bottom.value, top.value]
            matrix, unconverted = raw.FS_MATRIX(), raw.FS_MATRIX()
            assert raw.FPDFText_GetMatrix(textpage, i, matrix)
            assert reader._char_matrix(chars.handle, i, ctypes.byref(unconverted))
            assert bytes(unconverted) == bytes(matrix)
            assert reader._font_size(chars.handle, i) == raw.FPDFText_GetFontSize(textpage, i) > 0
        assert not reader._char_origin(chars.handle, textpage.count_chars() + 5, *chars.refs[:2])
    finally:
        textpage.close()
        page.close()
        document.close()
