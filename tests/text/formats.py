"""Build PDF, DOCX and HTML versions of a seed text in memory, so no binaries are committed.

Each builder renders the text the way a council system would publish it, so that the
extracted text can be compared with the seed:

- ``make_pdf``: one seed line per PDF line (long lines wrapped at spaces, as a word
  processor does), blank lines as empty lines, tab-separated lines as cells at column
  positions. An empty line that falls on a page break goes to the top of the next page,
  as an empty paragraph in Word does.
- ``make_docx``: one Word paragraph per block of lines (lines inside it as line breaks),
  runs of tab-separated lines as a Word table.
- ``make_html``: a SessionNet-like page (navigation and scripts to ignore) with ``##``
  headings as <h2>, ``**bold**`` as <strong>, blocks as <p> with <br>, tab lines as <table>.
"""
from __future__ import annotations

import html
import io
import re

import docx
from fpdf import FPDF

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_FONT_SIZE = 10          # pt
_LINE_HEIGHT = 5.0       # mm
_MARGIN = 20.0           # mm
_CELL_GAP = 6.0          # mm between the cells of a tab-separated line


def _blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines (trailing Markdown line-break spaces removed)."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        line = line.rstrip(" ")
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _segments(block: list[str]) -> list[tuple[bool, list[str]]]:
    """Split a block into runs of tab-separated lines (True) and other lines (False)."""
    segments: list[tuple[bool, list[str]]] = []
    for line in block:
        is_row = "\t" in line
        if segments and segments[-1][0] == is_row:
            segments[-1][1].append(line)
        else:
            segments.append((is_row, [line]))
    return segments


# --- PDF -------------------------------------------------------------------------------

def _layout_row(pdf: FPDF, cells: list[str], width: float) -> list[list[tuple[float, str]]]:
    """Place the cells' words on physical lines: ``[[(x offset, text run), ...], ...]``."""
    rows: list[list[tuple[float, str]]] = [[]]
    x = 0.0
    for index, cell in enumerate(cells):
        if index:
            x += _CELL_GAP
        run_start, run = x, ""
        for word in cell.split(" "):
            piece = word if not run else " " + word
            piece_width = pdf.get_string_width(piece)
            if run and x + piece_width > width:
                rows[-1].append((run_start, run))
                rows.append([])
                x, run_start, run = 0.0, 0.0, word
                x += pdf.get_string_width(word)
            else:
                run += piece
                x += piece_width
        if run:
            rows[-1].append((run_start, run))
    return rows


def make_pdf(text: str) -> bytes:
    """A4 PDF in DejaVu Sans (so „“–ü render), one seed line per line, long lines wrapped."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=_FONT_SIZE)
    pdf.set_auto_page_break(False)
    width = pdf.w - 2 * _MARGIN
    bottom = pdf.h - _MARGIN
    pdf.add_page()
    y = _MARGIN
    for line in text.split("\n"):
        line = line.rstrip(" ")
        rows = _layout_row(pdf, line.split("\t"), width) if line.strip() else [[]]
        for runs in rows:
            if y + _LINE_HEIGHT > bottom:
                pdf.add_page()
                y = _MARGIN
            for x, run in runs:
                pdf.text(_MARGIN + x, y + _LINE_HEIGHT * 0.8, run)
            y += _LINE_HEIGHT
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    """A page with a drawn rectangle and no text: what a scan without OCR looks like."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


# --- DOCX ------------------------------------------------------------------------------

def make_docx(text: str) -> bytes:
    document = docx.Document()
    for block in _blocks(text):
        for is_table, lines in _segments(block):
            if is_table:
                rows = [line.split("\t") for line in lines]
                table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
                for row, cells in zip(table.rows, rows):
                    for cell, value in zip(row.cells, cells):
                        cell.text = value
            else:
                # "\n" in a run becomes <w:br/>: a line break inside the paragraph.
                document.add_paragraph().add_run("\n".join(lines))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- HTML ------------------------------------------------------------------------------

_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)

_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta {charset_meta}>
<title>SessionNet | Niederschrift (öffentlich) - Digitalisierungsausschuss</title>
<link rel="stylesheet" href="/bi/css/smc_styles.css">
<style>.smc-nav a {{ color: #00557f; }} p.smc-hidden {{ display: none; }}</style>
<script>var smcConfig = {{"title": "<p>Sitzungskalender</p>", "lang": "de"}};</script>
</head>
<body class="smc-body">
<nav class="smc-nav" aria-label="Hauptnavigation">
  <ul>
    <li><a href="si0040.asp">Sitzungskalender</a></li>
    <li><a href="gr0040.asp">Gremien</a></li>
    <li><a href="vo0040.asp">Vorlagen</a></li>
  </ul>
</nav>
<div id="smc_page_si0057_contenttable1" class="smc-page">
  <div class="smc-content">
{content}
  </div>
</div>
<script src="/bi/js/smc.js"></script>
<script>document.addEventListener("DOMContentLoaded", function () {{ smc.init("Zu Punkt 99"); }});</script>
</body>
</html>
"""


def _inline(lines: list[str]) -> str:
    markup = "<br>\n".join(html.escape(line, quote=False) for line in lines)
    return _BOLD.sub(r"<strong>\1</strong>", markup)


def _html_segment(lines: list[str]) -> list[str]:
    """<hN> for Markdown headings, the other lines as one <p> per run."""
    parts: list[str] = []
    pending: list[str] = []
    for line in lines:
        heading = _HEADING.fullmatch(line)
        if heading:
            if pending:
                parts.append(f"<p>{_inline(pending)}</p>")
                pending = []
            level = len(heading.group(1))
            parts.append(f"<h{level}>{_inline([heading.group(2)])}</h{level}>")
        else:
            pending.append(line)
    if pending:
        parts.append(f"<p>{_inline(pending)}</p>")
    return parts


def make_html(text: str, *, charset: str = "utf-8", http_equiv: bool = False) -> bytes:
    """The page encoded in ``charset``, declared by <meta charset> or <meta http-equiv>."""
    parts: list[str] = []
    for block in _blocks(text):
        for is_table, lines in _segments(block):
            if is_table:
                rows = "\n".join(
                    "<tr>" + "".join(f"<td>{_inline([cell])}</td>" for cell in line.split("\t")) + "</tr>"
                    for line in lines
                )
                parts.append(f'<table class="smc-table">\n{rows}\n</table>')
            else:
                parts.extend(_html_segment(lines))
    meta = (f'http-equiv="Content-Type" content="text/html; charset={charset}"' if http_equiv
            else f'charset="{charset}"')
    page = _PAGE.format(charset_meta=meta, content="\n".join(parts))
    return page.encode(charset)


# --- comparing extracted text with the seed ---------------------------------------------

_MARKERS = re.compile(r"^\s{0,3}#{1,6}\s+|\*\*")


def words(text: str, strip_markdown: bool = False) -> list[str]:
    """The text's words (any whitespace, NBSP included, separates them)."""
    if strip_markdown:
        text = "\n".join(_MARKERS.sub("", line) for line in text.split("\n"))
    return text.split()


def missing_words(seed: str, extracted: str, strip_markdown: bool = False) -> str | None:
    """The first seed line whose words do not follow, in order, in the extracted text.

    Each non-blank seed line's words must appear as one run, after the previous line's run.
    """
    haystack = words(extracted)
    position = 0
    for number, line in enumerate(seed.split("\n"), 1):
        needle = words(line, strip_markdown)
        if not needle:
            continue
        for start in range(position, len(haystack) - len(needle) + 1):
            if haystack[start:start + len(needle)] == needle:
                position = start + len(needle)
                break
        else:
            return f"seed line {number} not found (in order): {line[:100]!r}"
    return None


def canonical(text: str, strip_markdown: bool = False) -> list[str]:
    """Lines as a reader compares them: no trailing spaces, one blank line between blocks."""
    lines: list[str] = []
    for line in text.split("\n"):
        if strip_markdown:
            line = _MARKERS.sub("", line)
        line = line.rstrip(" ")
        if line.strip():
            lines.append(line)
        elif lines and lines[-1]:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def paragraphs(text: str, strip_markdown: bool = False) -> list[str]:
    """Blank-line-separated blocks, whitespace collapsed: equal however lines were wrapped."""
    blocks = " ".join(line if line else "\x00" for line in canonical(text, strip_markdown)).split("\x00")
    return [" ".join(block.split()) for block in blocks]
