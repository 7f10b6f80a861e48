"""The stages without Prefect: files, state, atomic publishing, --since, duplicates."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import schemas
from flows import config, pipeline
from publish import catalog_files, local, state, validation
from tests.conftest import SAMPLES, SEED_NAMES


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame with the schema's columns; provenance filled in."""
    prov = {"document_id": "a" * 64, "source_file": "x.txt", "line_start": 1, "line_end": 2}
    return pd.DataFrame([{**{n: None for n in schemas.field_names(table)}, **prov, **r} for r in rows],
                        columns=schemas.field_names(table))


VOTES = [
    {"session_id": "rat-2024-01-02", "item_number": "10", "vote_number": 1, "deviates_from_proposal": False,
     "recommendation": True, "yes": 12.0, "unanimous": None, "decision_text": 'Er sagte: "ja",\nund ging.'},
    {"session_id": "rat-2024-01-02", "item_number": "9", "vote_number": 2, "deviates_from_proposal": True,
     "recommendation": False, "yes": float("nan"), "unanimous": True},
    {"session_id": "rat-2024-01-02", "item_number": "9", "vote_number": 1, "deviates_from_proposal": False,
     "recommendation": False, "abstentions": pd.NA},
]


def test_csv_is_rfc4180_sorted_by_primary_key_and_independent_of_row_order(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    catalog_files.write_table_csv(a, "votes", _frame("votes", VOTES))
    catalog_files.write_table_csv(b, "votes", _frame("votes", VOTES[::-1]))
    data = (a / "votes.csv").read_bytes()
    assert data == (b / "votes.csv").read_bytes()
    records = catalog_files.read_csv_rows(a / "votes.csv")
    assert records[0] == schemas.field_names("votes")
    keys = [(r[0], r[1], r[2]) for r in records[1:]]
    assert keys == [("rat-2024-01-02", "10", "1"), ("rat-2024-01-02", "9", "1"), ("rat-2024-01-02", "9", "2")]
    row = dict(zip(records[0], records[1]))
    assert row["yes"] == "12" and row["recommendation"] == "true" and row["unanimous"] == ""
    assert row["decision_text"] == 'Er sagte: "ja",\nund ging.'
    assert b'"Er sagte: ""ja"",\nund ging."' in data and data.count(b"\r\n") == 4


def test_format_cell_writes_what_the_schema_reads_back():
    assert catalog_files.format_cell(dt.date(2024, 1, 2), "date") == "2024-01-02"
    assert catalog_files.format_cell(pd.Timestamp("2024-01-02"), "date") == "2024-01-02"
    assert catalog_files.format_cell(pd.NaT, "date") == ""
    assert catalog_files.format_cell(3.0, "integer") == "3"
    assert catalog_files.format_cell(3.5, "integer") == "3.5"      # left for validation to name
    assert catalog_files.format_cell(False, "boolean") == "false"
    assert catalog_files.format_cell("", "string") == ""


def _write_catalog(directory: Path, tables: dict[str, pd.DataFrame]) -> None:
    for t in schemas.TABLES:
        catalog_files.write_table_csv(directory, t, tables.get(t, _frame(t, [])))
    for t in schemas.TABLES:
        catalog_files.write_parquet(directory, t)
    catalog_files.write_schemas(directory)
    catalog_files.write_datapackage(directory)


def test_parquet_and_datapackage_are_byte_identical_across_writes(tmp_path):
    sessions = _frame("sessions", [{"session_id": "rat-2024-01-02", "committee": "Rat", "session_date": "2024-01-02",
                                    "has_nonpublic_part": False, "attendee_count": 0, "document_kind": "minutes"}])
    agenda = _frame("agenda_items", [{"session_id": "rat-2024-01-02", "item_number": n, "item_type": "other"}
                                     for n in ("9", "10")])
    tables = {"sessions": sessions, "agenda_items": agenda, "votes": _frame("votes", VOTES)}
    _write_catalog(tmp_path / "a", tables)
    _write_catalog(tmp_path / "b", tables)
    for name in ["datapackage.json"] + [f"{t}.parquet" for t in schemas.TABLES]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    report = validation.validate_catalog(tmp_path / "a")
    assert report.valid, report.to_dict()["errors"]


def test_validation_errors_name_table_row_column_rule_and_source(tmp_path):
    bad = [dict(VOTES[0], vote_number=0, source_file="minutes.txt", line_start=7, line_end=9)]
    catalog_files.write_table_csv(tmp_path, "votes", _frame("votes", bad))
    for t in schemas.TABLES:
        if t != "votes":
            catalog_files.write_table_csv(tmp_path, t, _frame(t, []))
    report = validation.validate_tables(tmp_path)
    assert not report.valid
    rules = {(e.table, e.column, e.rule) for e in report.errors}
    assert ("votes", "vote_number", "minimum") in rules
    assert ("votes", "session_id,item_number", "foreign-key") in rules
    e = next(e for e in report.errors if e.rule == "minimum")
    assert (e.row, e.source_file, e.line_start, e.line_end, e.value) == (2, "minutes.txt", 7, 9, "0")
    assert "| votes | 2 | vote_number | minimum |" in validation.markdown(report)


def test_parsed_documents_survive_the_json_state_unchanged(tmp_path):
    import transforms

    for name in SEED_NAMES:
        data = (SAMPLES / name).read_bytes()
        doc = transforms.parse_document(data, name)
        result = state.ParseResult(name, doc.document_id, "p", document=doc)
        path = state.write_parse_result(tmp_path, result)
        back = state.read_parse_result(path, transforms.ParsedDocument)
        assert back.document == doc, name
        assert transforms.build_tables([back.document])["sessions"].equals(transforms.build_tables([doc])["sessions"])


def _plain_run(seeds: Path, out: Path, **kw) -> pipeline.RunSummary:
    return pipeline.run(config.check(seeds, out, **kw), pipeline.PLAIN)


def test_a_crash_mid_run_leaves_the_previous_catalog_complete(seeds, tmp_path, monkeypatch):
    out = tmp_path / "public"
    _plain_run(seeds, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (seeds / SEED_NAMES[0]).write_bytes(b"changed\n" + (seeds / SEED_NAMES[0]).read_bytes())

    def crash(staging, config):
        catalog_files.write_parquet(staging, schemas.TABLES[0])
        raise KeyboardInterrupt("power cut")

    crashing = pipeline.Stages(**{**pipeline.PLAIN.__dict__, "write_outputs": crash})
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(config.check(seeds, out), crashing)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # no staging folder, no lock file; the kept OParl tree the run made of links (publish.oparl.spare.seed)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.oparl-spare", "public", "seeds"]


def test_the_parsed_batches_rows_are_not_published(seeds, tmp_path):
    """They are read by table building and removed only after the export (see pipeline._drop_fragments)."""
    out = tmp_path / "public"
    summary = _plain_run(seeds, out)
    assert summary.parsed == len(SEED_NAMES) and summary.valid
    assert not state.fragments_dir(out).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "seeds"]   # (no staging folder left either)


def test_a_folder_put_aside_for_removal_by_a_run_that_died_is_removed_by_the_next(tmp_path):
    out = tmp_path / "public"
    aside = local.aside_path(out, "fragments")
    (aside / "00001").mkdir(parents=True)
    (aside / "00001" / "sessions.arrow").write_bytes(b"rows")
    local.recover(out)
    assert not aside.exists()


def test_recover_rolls_back_a_swap_interrupted_between_renames(tmp_path):
    out = tmp_path / "public"
    previous = tmp_path / ".public.previous"
    previous.mkdir()
    (previous / "datapackage.json").write_text("{}")
    local.recover(out)                       # crash after "public → .public.previous"
    assert (out / "datapackage.json").is_file() and not previous.exists()


def test_since_reads_only_newer_documents_and_keeps_the_rest(seeds, tmp_path):
    out = tmp_path / "public"
    first = _plain_run(seeds, out)
    old = dt.datetime(2020, 1, 1).timestamp()
    for p in seeds.iterdir():
        os.utime(p, (old, old))
    new_doc = seeds / "010_new.txt"
    shutil.copy(seeds / SEED_NAMES[3], new_doc)
    new_doc.write_bytes(new_doc.read_bytes() + b"\nNachtrag\n")
    s = _plain_run(seeds, out, since=dt.date.today())
    assert s.new == 1 and s.unchanged == len(SEED_NAMES) and s.parsed == 1
    assert s.documents == first.documents + 1

    fresh = tmp_path / "fresh"                          # never saw the old ones: --since skips them
    s = _plain_run(seeds, fresh, since=dt.date.today())
    assert s.documents == 1 and s.skipped == len(SEED_NAMES)


def test_identical_documents_are_quarantined_as_duplicates(seeds, tmp_path):
    shutil.copy(seeds / SEED_NAMES[0], seeds / "zz_copy.txt")
    s = _plain_run(seeds, tmp_path / "public")
    assert s.valid
    [q] = s.quarantined
    assert q["file"] == "zz_copy.txt" and q["reason"] == f"same bytes as {SEED_NAMES[0]}"


def test_readme_and_hidden_files_are_not_documents(seeds):
    (seeds / ".hidden.txt").write_text("x")
    (seeds / "notes.csv").write_text("x")
    names = [r.name for r in config.check(seeds, seeds.parent / "out").source.list_documents()]
    assert names == SEED_NAMES


def test_a_folder_without_documents_is_refused_before_anything_is_written(tmp_path):
    """The check stops at the first document; a folder of descriptions, hidden files and hidden
    folders has none, as the listing says too."""
    from flows.sources import FolderSource

    folder = tmp_path / "minutes"
    (folder / ".hidden").mkdir(parents=True)
    (folder / ".hidden" / "doc.txt").write_text("x")
    (folder / "README.txt").write_text("x")
    (folder / ".secret.txt").write_text("x")
    (folder / "sub").mkdir()
    (folder / "sub" / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    assert not FolderSource(folder).has_documents() and FolderSource(folder).list_documents() == []
    with pytest.raises(config.ConfigError, match="no documents in"):
        config.check(folder, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    (folder / "sub" / "deep").mkdir()
    (folder / "sub" / "deep" / "protokoll.txt").write_text("x")
    assert FolderSource(folder).has_documents() and len(FolderSource(folder).list_documents()) == 1


def test_parsing_in_worker_processes_gives_the_same_catalog(seeds, tmp_path):
    one = _plain_run(seeds, tmp_path / "one", workers=1)
    two = _plain_run(seeds, tmp_path / "two", workers=2)
    assert one.parsed == two.parsed == len(SEED_NAMES)
    for name in ["datapackage.json", ".state/manifest.json"] + [f"{t}.parquet" for t in schemas.TABLES]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert pipeline.worker_count(None, 1) == 1 and pipeline.worker_count(3, 1) == 3
    # a few documents are parsed sooner in this process than by workers that must start first
    assert pipeline.worker_count(None, 4, 84) == 1 and pipeline.worker_count(None, 4, 5000) == min(os.cpu_count(), 4)


_PRELOAD_PROBE = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from flows import pipeline
if __name__ == "__main__":
    if sys.argv[1] == "preload":
        pipeline._preload_workers(parsing=sys.argv[2] == "parsing")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        print(pool.submit(eval, "sorted(m for m in ('transforms', 'flows.cli', 'publish.oparl') "
                                "if m in __import__('sys').modules)").result())
"""


@pytest.mark.parametrize("how, expected", [
    (["preload", "parsing"], "['flows.cli', 'publish.oparl', 'transforms']"),
    (["preload", "not"], "['flows.cli', 'publish.oparl']"),
    # without: only what the main script imports (each process runs it again); the rest by itself
    (["none", "-"], "['publish.oparl']"),
])
def test_worker_processes_start_with_the_modules_they_need(tmp_path, how, expected):
    """A run's processes come from a fork server that imported the console, the export and (when
    workers parse) the parser once: each process imported them itself (0.5-0.8 s each, 1.1-1.8 s
    with the parser). Checked in a fresh interpreter: this one's fork server may run already."""
    import subprocess
    import sys

    probe = tmp_path / "probe.py"
    probe.write_text(_PRELOAD_PROBE)
    done = subprocess.run([sys.executable, str(probe), *how], capture_output=True, text=True, timeout=120,
                          cwd=Path(pipeline.__file__).parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def test_workers_get_the_next_batch_before_this_one_is_gathered():
    from concurrent.futures import Future

    from flows.sources import DocumentRef

    submitted: list[list[str]] = []
    fragments: list[str] = []

    class Pool:   # records what is handed out, in order, and finishes it at once
        def submit(self, fn, source, refs, staging, parser, fragment):
            submitted.append([r.name for r in refs])
            fragments.append(fragment)
            done = Future()
            done.set_result([pipeline.ParseOutcome(r.name, "x", None) for r in refs])
            return done

    def entry(name):
        return pipeline.DocumentEntry(DocumentRef(name, None, None), "x", 1, "new", True)

    batches = [[entry(f"{b}-{d}") for d in range(4)] for b in range(3)]
    workers = pipeline.Workers(Pool(), 2)
    gathered = []

    def parse_batch(source, batch, staging, parser, batch_no, workers):
        handed_out = len(submitted)
        outcomes = [o for f in workers.submit(source, [e.ref for e in batch], staging, parser, batch_no) for o in f.result()]
        assert len(submitted) == handed_out   # nothing handed out twice
        gathered.append((batch_no, handed_out, [o.file for o in outcomes]))
        return outcomes

    for _ in pipeline.parse_in_order(parse_batch, None, batches, Path("."), "p", workers):
        pass
    # chunks of two per batch, in batch order; when batch n is gathered, batch n + 1 is already out
    assert submitted == [[f"{b}-0", f"{b}-1"] if half == 0 else [f"{b}-2", f"{b}-3"] for b in range(3) for half in (0, 1)]
    assert [(n, out) for n, out, _ in gathered] == [(1, 4), (2, 6), (3, 6)]
    # each chunk's worker writes its rows as a fragment named after its batch and its place in it
    assert fragments == [f"{b:05d}-{half:03d}" for b in (1, 2, 3) for half in (0, 1)]
    assert fragments == sorted(fragments)
    assert [files for _, _, files in gathered] == [[e.ref.name for e in b] for b in batches]
    assert workers.ahead == {}


def test_whole_column_formatting_writes_what_format_cell_writes():
    import transforms
    from publish.catalog_files import _column_text, format_cell

    docs = [transforms.parse_document((SAMPLES / n).read_bytes(), n) for n in SEED_NAMES]
    for table, frame in transforms.build_tables(docs).items():
        for spec in schemas.fields(table):
            column = frame[spec["name"]]
            assert _column_text(column, spec["type"]) == [format_cell(v, spec["type"]) for v in column.tolist()], (
                table, spec["name"])


def test_arrow_tables_are_written_byte_for_byte_as_the_row_by_row_writer(tmp_path, monkeypatch):
    """The whole-column CSV writer (the pipeline's) and the row-by-row one agree, quoting and order included."""
    monkeypatch.setattr(catalog_files, "CSV_SLICE_ROWS", 3)   # many slices, and slices that end mid-table
    import pyarrow as pa

    import transforms

    docs = [transforms.parse_document((SAMPLES / name).read_bytes(), name) for name in SEED_NAMES]
    tables = transforms.build_tables(docs)
    tricky = _frame("votes", VOTES + [
        dict(VOTES[0], item_number="9", vote_number=None, decision_text="a\rb, \"c\"", result_text="äöü ß €"),
        dict(VOTES[0], item_number=None, vote_number=3, decision_text="", result_text="line\rbreak"),
        dict(VOTES[0], item_number="8", vote_number=2, decision_text="two\nlines", result_text="plain"),
        dict(VOTES[0], session_id="", item_number="9", vote_number=1, result_text="𝔘nicode"),
        dict(VOTES[0], result_text="B: a key twice"), dict(VOTES[0], result_text="A: the whole row decides"),
    ]).astype({"yes": "Int64", "vote_number": "Int64"})
    tables["votes"] = pd.concat([tables["votes"], tricky], ignore_index=True)
    for t in schemas.TABLES:
        frame = tables[t].sample(frac=1, random_state=7)     # any row order
        catalog_files.write_table_csv(tmp_path / "rows", t, frame)
        arrow = pa.Table.from_pandas(frame, schema=schemas.loose_arrow_schema(t), preserve_index=False)
        assert catalog_files._typed_as_schema(t, arrow)
        catalog_files.write_table_csv(tmp_path / "columns", t, arrow)
        assert (tmp_path / "columns" / f"{t}.csv").read_bytes() == (tmp_path / "rows" / f"{t}.csv").read_bytes(), t


def test_the_parser_is_named_the_same_before_and_after_it_is_imported():
    """Discovery names the parser without importing it; the name must be the one the import gives."""
    import subprocess
    import sys

    code = ("from flows import pipeline; from publish import state; import sys\n"
            "a = pipeline.parser_name(); assert 'transforms' not in sys.modules\n"
            "import transforms; print(a == pipeline.parser_name() == pipeline.PARSER)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "True", out.stderr
