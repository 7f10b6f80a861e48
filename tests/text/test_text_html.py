"""HTML pages as SessionNet and ALLRIS serve them: charsets, chrome to drop, tables."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, SEED_NAMES
from tests.text.formats import canonical, make_html
from transforms.model import DocumentRejected
from transforms.text import extract_text


def page(body: str, head: str = '<meta charset="utf-8">', charset: str = "utf-8") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>SessionNet</title></head><body>{body}</body></html>".encode(charset)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_page_reads_back_line_for_line(name):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    result = extract_text(make_html(text), name.replace(".txt", ".html"))
    assert result.encoding == "html"
    assert result.warnings == []
    # The seed's lines without their bold markers (which became <strong>); headings come back as "#" marks.
    assert canonical(result.text, strip_markdown=True) == canonical(text, strip_markdown=True)
    assert any(line.startswith("#") for line in result.text.split("\n")) == ("#" in text)


def test_navigation_scripts_styles_and_head_are_dropped():
    text = extract_text(make_html("Zu Punkt 1\n\nEröffnung"), "a.htm").text
    assert text == "Zu Punkt 1\n\nEröffnung"


@pytest.mark.parametrize("charset, http_equiv", [("windows-1252", True), ("windows-1252", False),
                                                  ("utf-8", True)])
def test_declared_charset_is_used(charset, http_equiv):
    text = "Antrag „Digitaler Kummerkasten“ – einstimmig beschlossen; Gebühr 5 €"
    result = extract_text(make_html(text, charset=charset, http_equiv=http_equiv), "a.html")
    assert (result.text, result.warnings) == (text, [])


def test_page_labelled_latin1_is_read_as_windows_1252():
    # As browsers do: „“ and – are bytes 0x84/0x93/0x96, which only windows-1252 defines.
    text = "Antrag „Digitaler Kummerkasten“ – einstimmig beschlossen"
    data = make_html(text, charset="windows-1252").replace(b'charset="windows-1252"',
                                                           b'charset="ISO-8859-1"')
    result = extract_text(data, "a.html")
    assert (result.text, result.warnings) == (text, [])


def test_latin9_page_gets_its_euro_sign():
    data = page("<p>Kosten: 500 \xa4</p>", head='<meta charset="iso-8859-15">', charset="latin-1")
    assert extract_text(data, "a.html").text == "Kosten: 500 €"


def test_page_declaring_latin1_but_sending_utf8_is_read_as_utf8():
    data = page("<p>Bürgerbüro</p>", head='<meta charset="iso-8859-1">')
    result = extract_text(data, "a.html")
    assert result.text == "Bürgerbüro"
    assert "declares charset cp1252 but is utf-8" in result.warnings[0].message


def test_page_declaring_utf8_but_sending_cp1252_is_read_as_cp1252():
    result = extract_text(page("<p>Bürgerbüro „neu“</p>", charset="cp1252"), "a.html")
    assert result.text == "Bürgerbüro „neu“"
    assert "declares charset utf-8 but is cp1252" in result.warnings[0].message


def test_page_without_declaration_falls_back_like_text():
    body = "<html><body><p>Straße</p></body></html>"
    assert extract_text(body.encode("cp1252"), "a.html").text == "Straße"
    assert extract_text(body.encode("utf-8"), "a.html").text == "Straße"


def test_entities_and_nbsp():
    data = page("<p>Gr&uuml;&szlig;e&nbsp;aus&#160;Bielefeld &amp; &#8222;OWL&#8220;</p>")
    assert extract_text(data, "a.html").text == "Grüße\u00a0aus\u00a0Bielefeld & „OWL“"


def test_blocks_lines_and_inline_whitespace():
    data = page("""
      <div class="smc-toolbar"><a href="#">Drucken</a></div>
      <h1>Niederschrift</h1>
      <p>über die Sitzung
         des   Ausschusses<br>am <b>30.11.2023</b></p>
      <p>&nbsp;</p><p></p><p>&nbsp;</p>
      <ul><li>Punkt eins</li><li>Punkt <i>zwei</i></li></ul>
      <pre>Zeile  mit\tAbstand
zweite Zeile</pre>
    """)
    assert extract_text(data, "a.html").text == (
        "Drucken\n\n# Niederschrift\n\nüber die Sitzung des Ausschusses\nam 30.11.2023\n\n"
        "Punkt eins\nPunkt zwei\n\nZeile  mit\tAbstand\nzweite Zeile"
    )


def test_agenda_table_rows_are_tab_separated():
    # The agenda table of a SessionNet session page (si0057), cells with &nbsp; placeholders.
    data = page("""
      <table class="smc-table"><thead><tr><th>TOP</th><th>Betreff</th><th>Vorlage</th></tr></thead>
      <tbody>
        <tr><td>Ö 1</td><td><a href="to0050.asp?__ktonr=1">Eröffnung der Sitzung</a></td><td>&nbsp;</td></tr>
        <tr><td>Ö 4.1</td><td>Antrag „Kummerkasten“</td><td><a href="vo0050.asp">6978/2020-2025</a></td></tr>
      </tbody></table>
    """)
    assert extract_text(data, "a.html").text == (
        "TOP\tBetreff\tVorlage\nÖ 1\tEröffnung der Sitzung\t\nÖ 4.1\tAntrag „Kummerkasten“\t6978/2020-2025"
    )


def test_layout_table_cells_keep_their_paragraphs():
    # ALLRIS lays pages out in tables; a cell holding whole paragraphs is not a data cell.
    data = page("""
      <table><tr>
        <td class="menu">Inhalt</td>
        <td><p>Zu Punkt 1</p><p>Der Ausschuss nimmt Kenntnis.<br>- einstimmig -</p></td>
      </tr></table>
    """)
    assert extract_text(data, "a.html").text == (
        "Inhalt\n\nZu Punkt 1\n\nDer Ausschuss nimmt Kenntnis.\n- einstimmig -"
    )


def test_html_fragment_without_doctype_is_read():
    assert extract_text("<p>Zu Punkt 1</p><p>Eröffnung</p>".encode(), "a.htm").text == \
        "Zu Punkt 1\n\nEröffnung"


def test_page_with_only_navigation_is_rejected():
    data = page('<nav><a href="si0040.asp">Sitzungen</a></nav><script>x()</script>')
    with pytest.raises(DocumentRejected, match="the HTML page has no text outside navigation"):
        extract_text(data, "a.html")


def test_xhtml_page_with_an_xml_declaration_is_read_in_its_encoding():
    data = ('<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
            'Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/'
            'xhtml"><head><title>SessionNet</title></head><body><p>Grüße aus dem Ausschuss</p></body></html>')
    assert extract_text(data.encode("iso-8859-1"), "a.html").text == "Grüße aus dem Ausschuss"


def test_comments_hidden_parts_and_nested_navigation_leave_the_text_around_them():
    data = page("<p>eins<!-- Kommentar -->zwei<div hidden>versteckt</div>drei<span role='navigation'>Menü</span>"
                "vier</p><div><nav><p>Menü <nav>tief</nav></p></nav>danach</div>")
    # (a <div> closes the open <p>, as in a browser: "drei" starts a new paragraph)
    assert extract_text(data, "a.html").text == "einszwei\n\ndreivier\ndanach"


def test_page_of_nothing_but_a_comment_is_rejected():
    with pytest.raises(DocumentRejected, match="no text outside navigation"):
        extract_text(b"<!-- nur ein Kommentar -->", "a.html")
