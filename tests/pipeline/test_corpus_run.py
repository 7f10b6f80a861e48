"""The development corpus through the whole pipeline: every document read, nothing non-public in any output,
a parse-quality line per document; sidecars fill sessions and a changed sidecar is a changed document."""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

from tests.pipeline.conftest import run_cli


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _nonpublic_lines(path: Path, marker: str) -> list[str]:
    """Distinctive lines from the non-public marker on that do not also stand before it."""
    from transforms.text import extract_text

    text = extract_text(path.read_bytes(), path.name).text
    lines = [ln.strip() for ln in text.split("\n")]
    start = next(i for i, ln in enumerate(lines) if _words(marker) in _words(ln))
    before = {_words(ln) for ln in lines[:start]}
    return [ln for ln in lines[start:] if len(_words(ln)) >= 25 and _words(ln) not in before]


def test_corpus_run_reads_every_document_and_publishes_nothing_nonpublic(tmp_path, corpus_dir):
    source = tmp_path / "corpus"
    shutil.copytree(corpus_dir, source)
    out = tmp_path / "out"
    result = run_cli("run", "--input", str(source), "--output", str(out))
    assert result.exit_code == 0, result.output
    gold = json.loads((corpus_dir / "gold.json").read_text(encoding="utf-8"))
    documents = sorted(k for k in gold if not k.startswith("_"))

    with open(out / "reports" / "quarantine.csv", encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == []
    with open(out / "reports" / "parse_quality.csv", encoding="utf-8") as f:
        quality = {r["file"]: r for r in csv.DictReader(f)}
    assert sorted(quality) == documents
    assert quality["real/hamburg-nord_haushaltsausschuss_2025-11-26_niederschrift-p1.txt"]["gremium"] == "Haushaltsausschuss"
    assert quality["specimens/verbandsgemeinde-st_gremium-unbekannt_to0050-ja-nein-befangen-nbsp.txt"]["session_date"] == ""

    published = b"\n".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix in (".csv", ".json", ".parquet",
                                                                                                     ".ttl", ".html", ".md"))
    haystack = _words(published.decode("utf-8", errors="replace"))
    markers = {k: v["nonpublic_marker"] for k, v in gold.items() if isinstance(v, dict) and v.get("nonpublic_marker")}
    assert markers, "the corpus has non-public parts: the check must run"
    for name, marker in markers.items():
        secret = _nonpublic_lines(source / name, marker)
        assert secret, name
        leaked = [s for s in secret if _words(s) in haystack]
        assert leaked == [], f"{name}: non-public text published"


def test_sidecar_fills_the_session_and_its_change_reparses(tmp_path, corpus_dir):
    source = tmp_path / "in"
    source.mkdir()
    page = corpus_dir / "specimens" / "verbandsgemeinde-st_gremium-unbekannt_to0050-ja-nein-befangen-nbsp.txt"
    shutil.copy(page, source / "top5.txt")
    side = source / "top5.txt.meta.json"
    side.write_text(json.dumps({"gremium": "Verbandsgemeinderat", "session_date": "2025-09-18",
                                "source_url": "https://ris.example.net/to0050.php?__ktonr=5"}), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("run", "--input", str(source), "--output", str(out)).exit_code == 0
    sessions = list(csv.DictReader(open(out / "sessions.csv", encoding="utf-8")))
    assert [(s["session_id"], s["committee"], s["source_url"]) for s in sessions] == [
        ("verbandsgemeinderat-2025-09-18", "Verbandsgemeinderat", "https://ris.example.net/to0050.php?__ktonr=5")]

    side.write_text(json.dumps({"gremium": "Verbandsgemeinderat", "session_date": "2025-09-25"}), encoding="utf-8")
    result = run_cli("run", "--input", str(source), "--output", str(out))
    assert result.exit_code == 0, result.output
    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert (run["changed"], run["parsed"]) == (1, 1)
    sessions = list(csv.DictReader(open(out / "sessions.csv", encoding="utf-8")))
    assert [s["session_id"] for s in sessions] == ["verbandsgemeinderat-2025-09-25"]
