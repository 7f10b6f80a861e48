"""Deterministic generator of realistic council documents for benchmarks (not part of the package).

    python -m bench.generate OUT_DIR --docs 10000 [--seed 1] [--pdf-share 0.02] [--cp1252-share 0.1]
                             [--mix hamburg=0.2,bielefeld=0] [--gold FILE]

Writes invented minutes and RIS pages in the layouts of ../shared/corpus (one module per layout
family in bench/corpus: Hamburg pdftotext tables, NRW lists, Bavarian Sitzungsniederschriften,
Schleswig-Holstein, Saxony, Lower Saxony, gazette reports, SessionNet/ALLRIS/KSD/SD.NET pages) and the
three seed layouts, in the shares of FAMILIES (``--mix`` changes some: ``name=weight``, 0 leaves a family
out; the weights are normalised). A share of the text documents is set as PDF (``--pdf-share``) or
encoded as Windows-1252 (``--cp1252-share``; HTML pages then declare it). ``--gold FILE`` writes the
facts each document states (the format of ../shared/corpus/gold.json), so that
``python -m bench.fidelity OUT_DIR --gold FILE`` scores the parser on the generated corpus.

The same N, seed and options give the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bench.corpus import FAMILIES
from bench.corpus.common import SAMPLES, Doc

FIRST_DATE = dt.date(1990, 1, 1)
_SOURCES = [Path(__file__), *sorted((Path(__file__).parent / "corpus").glob("*.py")),
            *sorted(SAMPLES.glob("00[0-2]_*.txt"))]   # the seed minutes lend their prose


def version() -> str:
    """A fingerprint of the generator's code: a cached corpus made by other code is not this corpus."""
    h = hashlib.sha256()
    for path in _SOURCES:
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class Generated:
    name: str
    data: bytes
    family: str
    variant: str
    gold: dict


def parse_mix(text: str | None) -> dict[str, float]:
    """Family weights: FAMILIES' shares, with ``name=weight,...`` replacing some of them."""
    weights = {name: f.share for name, f in FAMILIES.items()}
    for part in filter(None, (text or "").split(",")):
        name, sep, value = part.partition("=")
        name = name.strip()
        if name not in FAMILIES or not sep:
            raise ValueError(f"--mix: {part!r} is not FAMILY=WEIGHT with FAMILY one of {', '.join(FAMILIES)}")
        try:
            weights[name] = float(value)
        except ValueError:
            raise ValueError(f"--mix: the weight of {name} is not a number: {value!r}") from None
        if weights[name] < 0:
            raise ValueError(f"--mix: the weight of {name} is negative")
    if not any(weights.values()):
        raise ValueError("--mix leaves no family")
    return weights


def _pdf(text: str) -> bytes:
    from fpdf import FPDF  # a test/bench dependency only

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # same N and seed, same bytes
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(True, margin=15)
    for page in text.replace("**", "").replace("# ", "").split("\f"):   # a form feed is a page break
        pdf.add_page()
        for line in page.split("\n"):
            pdf.multi_cell(0, 4.5, line if line.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _encode(doc: Doc, as_pdf: bool, as_cp1252: bool) -> tuple[str, bytes]:
    """(extension, bytes) of a document as it is published."""
    if doc.ext == ".html":
        charset = doc.charset or ("windows-1252" if as_cp1252 else "utf-8")
        text = doc.text.replace("__CHARSET__", charset)
        return ".html", text.encode(charset, errors="xmlcharrefreplace")
    if as_pdf:
        return ".pdf", _pdf(doc.text)
    return doc.ext, doc.text.encode("cp1252" if as_cp1252 else "utf-8", errors="replace")


def render(family: str, variant: str, r: random.Random, date: dt.date, index: int, as_pdf: bool = False,
           as_cp1252: bool = False) -> Generated:
    """One document of a family's layout variant, published as text, PDF or HTML."""
    doc = FAMILIES[family].module.make(r, date, variant)
    ext, data = _encode(doc, as_pdf and not FAMILIES[family].html, as_cp1252)
    name = f"{index:05d}_{family}_{doc.slug or variant}_{date:%Y-%m-%d}{ext}"
    return Generated(name, data, family, variant, doc.gold.as_dict())


@dataclass
class Draw:
    """What document ``index`` will be, and the random source that will write it."""

    index: int
    r: random.Random
    family: str
    variant: str
    as_pdf: bool
    as_cp1252: bool


def plan(docs: int, seed: int = 1, pdf_share: float = 0.02, cp1252_share: float = 0.1,
         mix: dict[str, float] | None = None) -> Iterator[Draw]:
    """Each document's family, layout variant and publication form, in order."""
    weights = mix or parse_mix(None)
    names = [n for n in FAMILIES if weights.get(n, 0) > 0]
    text_names = [n for n in names if not FAMILIES[n].html]
    for i in range(docs):
        r = random.Random(seed * 1_000_003 + i)
        roll = r.random()
        # PDFs are drawn from the text families, so their share is --pdf-share whatever the mix
        as_pdf = roll < pdf_share and bool(text_names)
        as_cp1252 = not as_pdf and roll < pdf_share + cp1252_share
        pool = text_names if as_pdf else names
        family = r.choices(pool, [weights[n] for n in pool])[0]
        yield Draw(i, r, family, r.choice(FAMILIES[family].module.VARIANTS), as_pdf, as_cp1252)


def documents(docs: int, seed: int = 1, pdf_share: float = 0.02, cp1252_share: float = 0.1,
              mix: dict[str, float] | None = None, start: int = 0) -> Iterator[Generated]:
    """The documents, one at a time, in memory (``generate`` writes them). ``start``: from this one
    on (the archive of ``start`` documents goes on with the same documents and sessions)."""
    for d in itertools.islice(plan(docs, seed, pdf_share, cp1252_share, mix), start, None):
        # one session per day: (body, date) stays unique for any N, as in a real archive
        yield render(d.family, d.variant, d.r, FIRST_DATE + dt.timedelta(days=d.index), d.index, d.as_pdf, d.as_cp1252)


def generate(out: Path, docs: int, seed: int = 1, pdf_share: float = 0.02, cp1252_share: float = 0.1,
             mix: dict[str, float] | None = None, gold: Path | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths, facts = [], {}
    for g in documents(docs, seed, pdf_share, cp1252_share, mix):
        path = out / g.name
        path.write_bytes(g.data)
        paths.append(path)
        facts[g.name] = g.gold
    if gold is not None:
        note = {"_note": f"Facts stated by the documents bench.generate wrote ({docs} documents, seed {seed})."}
        gold.write_text(json.dumps(note | facts, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return paths


def mix_table(paths: list[Path]) -> list[str]:
    """Documents, MB and average KB per family, and the share of PDFs and Windows-1252 texts."""
    by: dict[str, list[int]] = {}
    kinds: Counter = Counter()
    for p in paths:
        family = p.name.split("_")[1]
        by.setdefault(family, []).append(p.stat().st_size)
        kinds[p.suffix] += 1
    total = sum(sum(v) for v in by.values())
    lines = [f"{'family':<20}{'docs':>7}{'share':>8}{'MB':>8}{'avg KB':>8}"]
    for family in FAMILIES:
        sizes = by.get(family, [])
        if sizes:
            lines.append(f"{family:<20}{len(sizes):>7}{len(sizes) / len(paths):>8.1%}{sum(sizes) / 1e6:>8.1f}"
                         f"{sum(sizes) / len(sizes) / 1e3:>8.1f}")
    lines.append(f"{'total':<20}{len(paths):>7}{1:>8.0%}{total / 1e6:>8.1f}{total / max(len(paths), 1) / 1e3:>8.1f}")
    lines.append("files: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pdf-share", type=float, default=0.02)
    ap.add_argument("--cp1252-share", type=float, default=0.1)
    ap.add_argument("--mix", default=None, metavar="FAMILY=WEIGHT,...",
                    help=f"change family weights (families: {', '.join(FAMILIES)})")
    ap.add_argument("--gold", type=Path, default=None, metavar="FILE", help="write the documents' facts to FILE")
    a = ap.parse_args()
    try:
        mix = parse_mix(a.mix)
    except ValueError as exc:
        ap.error(str(exc))
    if a.docs < 0 or not (0 <= a.pdf_share <= 1 and 0 <= a.cp1252_share <= 1 and a.pdf_share + a.cp1252_share <= 1):
        ap.error("--docs must be >= 0 and the shares between 0 and 1 (together at most 1)")
    t = time.perf_counter()
    paths = generate(a.out, a.docs, a.seed, a.pdf_share, a.cp1252_share, mix, a.gold)
    secs = time.perf_counter() - t
    print("\n".join(mix_table(paths)))
    print(f"wrote {len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB to {a.out} in {secs:.1f} s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
