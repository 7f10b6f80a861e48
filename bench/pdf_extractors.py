"""PDF text extraction: the parser's PDF reader against other extractors, for speed and fidelity (issue 14).

    python -m bench.pdf_extractors [--docs 120] [--generated DIR --gold FILE] [--corpus ../shared/corpus]
                                   [--only pypdf,pypdfium2,...] [--repeat N]

Candidates (one whose library is not installed is skipped with a note; pypdf is a test dependency, pdfminer.six
is not a dependency of the project: ``pip install pdfminer.six==20260107`` into the venv to measure it):

- ``pypdf``: pypdf's ``extract_text`` with ``visitor_text`` for line positions, then the house assembly
  (running heads dropped, blank lines at paragraph gaps): the reader before this benchmark, kept here
  as the baseline.
- ``pypdfium2``: ``transforms.text.pdf.extract_pdf``, the parser's reader: PDFium's lines placed by their
  first character, column gaps measured, then the same house assembly.
- ``pypdfium2-plain``: PDFium's text as it comes, no paragraph recovery (what the assembly is worth).
- ``pdfminer``: pdfminer.six's layout analysis (``LTTextLine`` baselines), then the same house assembly.
- ``pdfminer-plain``: ``pdfminer.high_level.extract_text`` as it comes (its own paragraph guesses).

Two sets of PDFs: the generated corpus with every document set as PDF (``bench.generate`` with
``pdf_share=1``, gold facts from the generator) and the text documents of ``../shared/corpus`` set as PDF by
``tests.text.formats.make_pdf`` (gold from its gold.json, as ``tests/parser/test_fidelity.py`` does).
Speed is CPU time of the extraction alone (one process, one core; the best of ``--repeat`` runs); fidelity
is ``bench.fidelity``'s score of the parser's tables when the PDF text comes from the candidate; "same"
counts the documents whose text is identical to the first candidate's.
"""
from __future__ import annotations

import argparse
import io
import logging
import math
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from bench import fidelity

ROOT = Path(__file__).resolve().parent.parent
Extractor = Callable[[bytes], "tuple[str, list]"]


# --------------------------------------------------------------------------- the candidates
def _house(pages: list) -> tuple[str, list]:
    """The house assembly of positioned lines (as transforms.text.pdf does after reading the pages)."""
    from transforms.model import DocumentRejected
    from transforms.text import pdf as house

    if not any(pages):
        raise DocumentRejected("the PDF has no text layer (scanned?): run OCR first")
    house._drop_running_heads(pages)
    text, _ = house._assemble(pages)
    return text, []


def pypdf_lines(data: bytes) -> tuple[str, list]:
    """pypdf with visitor_text positions (the reader before this benchmark, kept here as the baseline)."""
    from pypdf import PdfReader

    from transforms.text import pdf as house

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on repairs it made
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    pages = [_pypdf_page_lines(page, house._Line) for page in reader.pages]
    return _house(pages)


def _pypdf_page_lines(page, Line) -> list:
    lines = [Line()]

    def visit(text: str, cm: list[float], tm: list[float], _font: object, font_size: float) -> None:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append(Line())
            line = lines[-1]
            if line.y is None and part.strip():
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                line.size = abs(font_size) * math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            line.text += part

    page.extract_text(visitor_text=visit)
    for line in lines:
        line.text = line.text.strip(" ")
    return [line for line in lines if line.text.strip()]


def pdfium_plain(data: bytes) -> tuple[str, list]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return "\n".join(texts).replace("\r\n", "\n"), []


def pdfminer_lines(data: bytes) -> tuple[str, list]:
    """pdfminer.six's text lines, each placed by the baseline of its first character, then the house assembly."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    from transforms.text import pdf as house

    pages = []
    for layout in extract_pages(io.BytesIO(data)):
        lines = []
        for box in layout:
            if not isinstance(box, LTTextContainer):
                continue
            for text_line in (box if not isinstance(box, LTTextLine) else [box]):
                if not isinstance(text_line, LTTextLine):
                    continue
                text = text_line.get_text().strip()
                if not text:
                    continue
                first = next((c for c in text_line if isinstance(c, LTChar)), None)
                line = house._Line(text)
                if first is not None:
                    line.y, line.size = first.matrix[5], first.size
                lines.append(line)
        # pdfminer orders text boxes, not lines: read the page from top to bottom
        lines.sort(key=lambda line: -(line.y or 0.0))
        pages.append(lines)
    return _house(pages)


def pdfminer_plain(data: bytes) -> tuple[str, list]:
    from pdfminer.high_level import extract_text

    return re.sub(r"\n{3,}", "\n\n", extract_text(io.BytesIO(data)).replace("\x0c", "\n")).strip("\n"), []


def current(data: bytes) -> tuple[str, list]:
    from transforms.text.pdf import extract_pdf

    return extract_pdf(data)


CANDIDATES: dict[str, tuple[str, Extractor]] = {
    "pypdf": ("pypdf", pypdf_lines),
    "pypdfium2": ("pypdfium2", current),
    "pypdfium2-plain": ("pypdfium2", pdfium_plain),
    "pdfminer": ("pdfminer", pdfminer_lines),
    "pdfminer-plain": ("pdfminer", pdfminer_plain),
}


def available(names: list[str]) -> dict[str, Extractor]:
    import importlib.util

    out = {}
    for name in names:
        module, function = CANDIDATES[name]
        if importlib.util.find_spec(module) is None:
            print(f"skipped {name}: {module} is not installed (pip install it into the venv to measure it)")
        else:
            out[name] = function
    return out


# --------------------------------------------------------------------------- the two sets of PDFs
@dataclass
class PdfSet:
    label: str
    folder: Path
    gold: dict          # file -> facts
    files: list[Path]

    @property
    def megabytes(self) -> float:
        return sum(p.stat().st_size for p in self.files) / 1e6


def generated_set(folder: Path | None, gold_file: Path | None, docs: int, scratch: Path) -> PdfSet:
    import json

    from bench.generate import generate

    if folder is None:
        folder, gold_file = scratch / "generated", scratch / "generated-gold.json"
        print(f"generating {docs} documents as PDF in {folder} ...", flush=True)
        generate(folder, docs, seed=1, pdf_share=1.0, cp1252_share=0.0, gold=gold_file)
    gold = json.loads(gold_file.read_text(encoding="utf-8")) if gold_file else {}
    files = sorted(folder.glob("*.pdf"))
    return PdfSet("generated", folder, {k: v for k, v in gold.items() if k.endswith(".pdf")}, files)


def corpus_as_pdf_set(corpus: Path, scratch: Path) -> PdfSet:
    sys.path.insert(0, str(ROOT))
    from tests.text.formats import make_pdf

    _, gold = fidelity.load_gold(corpus, None)
    folder = scratch / "corpus-pdf"
    as_pdf = {}
    for name, facts in gold.items():
        if name.startswith("_") or not name.endswith(".txt"):
            continue
        target = folder / (name[:-4] + ".pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make_pdf((corpus / name).read_text(encoding="utf-8")))
        as_pdf[name[:-4] + ".pdf"] = facts
    return PdfSet("corpus as PDF", folder, as_pdf, sorted(folder / name for name in as_pdf))


# --------------------------------------------------------------------------- measuring
@dataclass
class Row:
    pdfs: str
    extractor: str
    docs: int
    pages: int
    mb: float
    cpu: float              # seconds, all documents
    per_doc: list[float]    # CPU seconds per document
    same_text: int          # documents whose text equals the first candidate's
    rejected: int
    fig: dict | None        # bench.fidelity figures
    texts: dict             # file -> text (None: rejected)


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


@contextmanager
def reading_pdfs_with(extract: Extractor) -> Iterator[None]:
    """The parser's text dispatch reads PDFs with ``extract`` meanwhile."""
    import transforms.text as text

    saved = text.extract_pdf
    text.extract_pdf = extract
    try:
        yield
    finally:
        text.extract_pdf = saved


def measure(pdf_set: PdfSet, name: str, extract: Extractor, reference: dict[str, str], pages: int,
            repeat: int) -> Row:
    from transforms.model import DocumentRejected

    datas = [(p.name, p.read_bytes()) for p in pdf_set.files]
    best: list[float] | None = None
    texts: dict[str, str] = {}
    rejected = 0
    for _ in range(repeat):
        times = []
        for file, data in datas:
            start = time.process_time()
            try:
                texts[file] = extract(data)[0]
            except DocumentRejected:
                texts[file] = None
            times.append(time.process_time() - start)
        best = times if best is None or sum(times) < sum(best) else best
    rejected = sum(1 for t in texts.values() if t is None)
    same = sum(1 for file, t in texts.items() if t == reference.get(file, t))
    fig = None
    if pdf_set.gold:
        with reading_pdfs_with(extract):
            fig = fidelity.figures(fidelity.total(fidelity.score_folder(pdf_set.folder, pdf_set.gold)))
    return Row(pdf_set.label, name, len(datas), pages, pdf_set.megabytes, sum(best), best, same, rejected, fig, texts)


def table(rows: list[Row]) -> str:
    head = (f"{'PDFs':<14} {'extractor':<16} {'docs':>4} {'pages':>5} {'pages/s':>7} {'MB/s':>5} "
            f"{'ms/doc':>6} {'median':>6} {'same':>4} {'rej':>3} {'names F1':>8} {'+group':>6} {'facts %':>7} "
            f"{'sess':>7} {'crash':>5}")
    out = [head, "-" * len(head)]
    for r in rows:
        f = r.fig
        fid = (f"{f['names']['f1']:>8.3f} {f['name_group']['f1']:>6.3f} {100 * f['other_facts']['share']:>7.1f} "
               f"{f['sessions']['found']:>3}/{f['sessions']['expected']:<3} {f['crashes']:>5}") if f else ""
        out.append(f"{r.pdfs:<14} {r.extractor:<16} {r.docs:>4} {r.pages:>5} {r.pages / r.cpu:>7.0f} "
                   f"{r.mb / r.cpu:>5.2f} {1000 * r.cpu / r.docs:>6.1f} {1000 * statistics.median(r.per_doc):>6.1f} "
                   f"{r.same_text:>4} {r.rejected:>3} {fid}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.pdf_extractors", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=120, help="generated documents, all set as PDF (default 120)")
    ap.add_argument("--generated", type=Path, metavar="DIR", help="PDFs from `python -m bench.generate DIR "
                    "--pdf-share 1 --gold FILE` instead of generating them")
    ap.add_argument("--gold", type=Path, metavar="FILE", help="the gold of --generated")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus",
                    help="corpus with a gold.json whose text documents are set as PDF")
    ap.add_argument("--only", default=",".join(CANDIDATES), help="comma-separated candidates: "
                    + ", ".join(CANDIDATES))
    ap.add_argument("--repeat", type=int, default=1, help="time each extractor this many times, keep the best")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown or args.docs < 1 or args.repeat < 1 or (args.generated is None) != (args.gold is None):
        ap.error(f"unknown candidates {unknown}" if unknown else "--docs and --repeat must be >= 1; "
                 "--generated and --gold go together")
    extractors = available(names)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="pdf-extractors-") as scratch:
        sets = [generated_set(args.generated, args.gold, args.docs, Path(scratch)),
                corpus_as_pdf_set(args.corpus, Path(scratch))]
        for pdf_set in sets:
            pages = sum(page_count(p.read_bytes()) for p in pdf_set.files)
            print(f"{pdf_set.label}: {len(pdf_set.files)} PDFs, {pages} pages, {pdf_set.megabytes:.1f} MB", flush=True)
            reference: dict[str, str] = {}
            for name, extract in extractors.items():
                rows.append(measure(pdf_set, name, extract, reference, pages, args.repeat))
                reference = reference or rows[-1].texts
                print(table(rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
