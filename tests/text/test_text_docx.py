"""Word documents: paragraphs, line breaks, tables, headings, tracked changes."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from tests.conftest import SAMPLES, SEED_NAMES
from tests.text.formats import canonical, make_docx
from transforms.model import DocumentRejected
from transforms.text import extract_text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_docx_reads_back_line_for_line(name):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    result = extract_text(make_docx(text), name.replace(".txt", ".docx"))
    assert result.encoding == "docx"
    assert result.warnings == []
    # Exactly the seed's lines: only trailing spaces and runs of blank lines differ.
    assert canonical(result.text) == canonical(text)


def test_headings_are_their_text_and_paragraphs_are_separated_by_a_blank_line():
    document = docx.Document()
    document.add_heading("Zu Punkt 4 Anträge", level=2)
    document.add_paragraph("Der Ausschuss empfiehlt dem Rat, wie folgt zu beschließen:")
    document.add_paragraph("")  # an empty paragraph used as spacing
    document.add_paragraph("")
    paragraph = document.add_paragraph("- einstimmig beschlossen -")
    paragraph.add_run().add_break()
    paragraph.add_run("Drucksachennummer:\t6978/2020-2025")
    assert extract_text(_save(document), "a.docx").text == (
        "Zu Punkt 4 Anträge\n\n"
        "Der Ausschuss empfiehlt dem Rat, wie folgt zu beschließen:\n\n"
        "- einstimmig beschlossen -\nDrucksachennummer:\t6978/2020-2025"
    )


def test_table_rows_are_tab_separated_and_merged_cells_appear_once():
    document = docx.Document()
    document.add_paragraph("Abstimmung:")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [("Fraktion", "Ja", "Nein"), ("CDU", "4", "0"), ("", "", "")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "Gesamt: einstimmig"
    table.cell(1, 0).add_paragraph("(Rm)")  # two paragraphs in one cell stay on one line
    document.add_paragraph("Ende der Sitzung")
    assert extract_text(_save(document), "a.docx").text == (
        "Abstimmung:\n\n"
        "Fraktion\tJa\tNein\nCDU (Rm)\t4\t0\nGesamt: einstimmig\n\n"
        "Ende der Sitzung"
    )


def test_tracked_insertions_count_and_deletions_do_not():
    document = docx.Document()
    paragraph = document.add_paragraph("Der Antrag wird ")
    paragraph._p.append(parse_xml(
        f'<w:del {W} w:id="1" w:author="A"><w:r><w:delText>abgelehnt</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {W} w:id="2" w:author="A"><w:r><w:t>angenommen</w:t></w:r></w:ins>'))
    assert extract_text(_save(document), "a.docx").text == "Der Antrag wird angenommen"


def test_content_controls_are_read():
    document = docx.Document()
    document.add_paragraph("Niederschrift")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Sitzung am 30.11.2023</w:t></w:r></w:p>'
        f'</w:sdtContent></w:sdt>'))
    assert extract_text(_save(document), "a.docx").text == "Niederschrift\n\nSitzung am 30.11.2023"


def test_docx_without_text_is_rejected():
    with pytest.raises(DocumentRejected, match="the Word document contains no text"):
        extract_text(_save(docx.Document()), "a.docx")


def test_damaged_docx_is_rejected():
    data = make_docx("Niederschrift")
    with pytest.raises(DocumentRejected, match="damaged"):
        extract_text(data[: len(data) // 2], "a.docx")
