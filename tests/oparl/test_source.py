"""The OParl source against a test RIS serving the real Sternberg crawl (15 meeting pages, 367 entries,
246 with a resultsProtocol, 21 deleted without type), its URLs rewritten to 127.0.0.1."""
from __future__ import annotations

import csv
import json
import socket
from types import SimpleNamespace

import pytest

from tests.oparl.conftest import plain_run
from tests.oparl.minutes_double import NONPUBLIC_MARKER
from tests.pipeline.conftest import run_cli


def _sessions(out) -> list[dict]:
    with open(out / "sessions.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _run_json(out) -> dict:
    return json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))


def _documents(folder) -> list:
    return sorted(p for p in folder.iterdir() if p.suffix == ".pdf")


@pytest.fixture(scope="module")
def walked(crawl_dir, tmp_path_factory):
    """The first run against the test RIS, through the CLI, into a catalog served on 127.0.0.1.

    The tests below use it in order: what the first walk did, the round trip through the export,
    then the runs after changes in the RIS (which change the catalog)."""
    from tests.oparl.conftest import StaticServer
    from tests.oparl.ris import CrawlRIS

    tmp = tmp_path_factory.mktemp("walked")
    (tmp / "www").mkdir()
    with CrawlRIS(crawl_dir) as ris, StaticServer(tmp / "www") as www:
        folder, out = tmp / "minutes", www.root / "public"
        result = run_cli("run", "--oparl", ris.base + "system", "--input", str(folder), "--output", str(out),
                         "--base-url", www.url + "public/")
        yield SimpleNamespace(ris=ris, www=www, folder=folder, out=out, result=result, base=www.url + "public/",
                              requests=list(ris.requests), rows=_sessions(out) if out.is_dir() else [])


def test_walks_all_pages_and_parses_the_minutes(walked):
    ris, folder, out = walked.ris, walked.folder, walked.out
    assert walked.result.exit_code == 0, walked.result.output
    meeting_pages = [r for r in walked.requests if "/body/1/meeting" in r]
    assert len(meeting_pages) == 15 and meeting_pages[-1].endswith("page=15")
    fetched = _run_json(out)["fetched"]
    assert fetched["pages"] == 15 and fetched["meetings"] == 367 and fetched["deleted"] == 21
    assert fetched["with_minutes"] == fetched["downloaded"] == 246 and fetched["complete"] is True
    assert len([r for r in walked.requests if "/files/" in r]) == 246 and len(_documents(folder)) == 246
    assert "246 downloaded" in walked.result.output

    rows = walked.rows
    assert len(rows) == 246
    assert sorted((r["committee"], r["session_date"]) for r in rows) == sorted(
        (ris.gremium(m), m["start"][:10]) for m in ris.meetings_with_minutes())
    assert {r["source_url"] for r in rows} == {m["resultsProtocol"]["downloadUrl"] for m in ris.meetings_with_minutes()}
    assert {r["meeting_url"] for r in rows} == {m["web"] for m in ris.meetings_with_minutes()}
    # every sidecar names its meeting and where its file came from
    meta = json.loads((_documents(folder)[0].with_name(_documents(folder)[0].name + ".meta.json")).read_text())
    assert meta["session_id"].startswith(ris.base + "body/1/meeting/") and meta["source_url"] in ris.files
    assert meta["city"] == "Gemeinde Hürtgenwald"
    # the non-public part of every Niederschrift stays out of the catalog
    for path in out.rglob("*"):
        if path.is_file():
            assert NONPUBLIC_MARKER.encode() not in path.read_bytes(), path


def _rows(out, table: str) -> list[dict]:
    """A table without the provenance of the file as read (its name, and the hash of its bytes with its
    sidecar): the source names and describes downloads after their meeting's URL."""
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
        rows = [{k: v for k, v in r.items() if k not in ("source_file", "document_id")} for r in csv.DictReader(f)]
    return sorted(rows, key=lambda r: list(r.values()))


def test_round_trip_the_source_reads_the_export_back_to_the_same_sessions(walked, tmp_path):
    """The OParl source pointed at the catalog's own export (Body, meeting list, resultsProtocol ->
    the original download URL the sidecar recorded) gives the same sessions, attendance, agenda
    items and votes."""
    ris, www = walked.ris, walked.www
    downloads = len(ris.downloads())
    again = plain_run(tmp_path / "minutes", tmp_path / "b", www.url + "public/oparl/system.json")
    assert again.fetched["complete"] and again.fetched["with_minutes"] == 246
    assert len(ris.downloads()) == downloads + 246   # from where the RIS published them, not from the export
    assert any(r.startswith("/public/oparl/body/") for r in www.requests)
    assert _rows(tmp_path / "b", "sessions") == _rows(walked.out, "sessions")
    for table in ("attendance", "agenda_items", "votes"):
        assert _rows(tmp_path / "b", table) == _rows(walked.out, table), table


def test_then_fetches_only_what_changed(walked):
    ris, folder, out, rows = walked.ris, walked.folder, walked.out, walked.rows
    system = ris.base + "system"
    with_minutes = ris.meetings_with_minutes()
    assert walked.result.exit_code == 0

    # a second run asks only for what changed since the first: nothing
    before = len(ris.downloads())
    seen = len(ris.requests)
    second = run_cli("run", "--oparl", system, "--input", str(folder), "--output", str(out), "--base-url", walked.base)
    assert second.exit_code == 0, second.output
    assert len(ris.downloads()) == before
    report = _run_json(out)
    assert report["fetched"]["modified_since"] and report["fetched"]["meetings"] == 0
    assert report["changed_files"] == [] and report["unchanged"] == 246
    assert [r for r in ris.requests[seen:] if "/body/1/meeting" in r]
    assert all("modified_since=" in r for r in ris.requests[seen:] if "/body/1/meeting" in r)

    # a meeting changed in the RIS is fetched again (and only that one)
    changed = with_minutes[100]
    ris.change_meeting(changed["id"])
    third = run_cli("run", "--oparl", system, "--input", str(folder), "--output", str(out), "--base-url", walked.base)
    assert third.exit_code == 0, third.output
    assert len(ris.downloads()) == before + 1
    report = _run_json(out)
    assert report["fetched"]["meetings"] == 1 and report["changed"] == 1 and report["fetched"]["downloaded"] == 1
    old = {r["session_id"]: r["document_id"] for r in rows}
    new = {r["session_id"]: r["document_id"] for r in _sessions(out)}
    assert [s for s in new if new[s] != old.get(s)] == [
        next(r["session_id"] for r in rows if r["session_date"] == changed["start"][:10]
             and r["committee"] == ris.gremium(changed))]

    # a meeting deleted in the RIS loses its file and its rows
    gone = with_minutes[5]
    ris.delete_meeting(gone["id"])
    fourth = run_cli("run", "--oparl", system, "--input", str(folder), "--output", str(out), "--base-url", walked.base)
    assert fourth.exit_code == 0, fourth.output
    assert len(_documents(folder)) == 245 and _run_json(out)["removed"] == 1
    assert (ris.gremium(gone), gone["start"][:10]) not in {(r["committee"], r["session_date"]) for r in _sessions(out)}


def test_a_server_error_mid_walk_loses_nothing_and_the_next_run_completes(ris, tmp_path):
    folder, out = tmp_path / "minutes", tmp_path / "public"
    ris.fail(r"/body/1/meeting\?page=8\b", times=100)   # page 8 keeps failing, retries included
    broken = plain_run(folder, out, ris.base + "body/1")
    assert broken.fetched["complete"] is False and "page=8" in broken.fetched["error"]
    assert "HTTP 500" in broken.fetched["error"]
    got = len(_documents(folder))
    assert got == broken.fetched["downloaded"] and 0 < got < 246
    assert len(_sessions(out)) == got                     # what arrived is published
    assert not (out / ".state" / "oparl.json").exists()   # the walk did not complete: nothing to resume from

    ris.failures.clear()
    downloads = len(ris.downloads())
    fixed = plain_run(folder, out, ris.base + "body/1")
    assert fixed.fetched["complete"] is True and fixed.fetched["error"] is None
    assert fixed.fetched["unchanged"] == got and fixed.fetched["downloaded"] == 246 - got
    assert len(ris.downloads()) == downloads + 246 - got   # nothing fetched twice
    assert len(_sessions(out)) == 246
    assert json.loads((out / ".state" / "oparl.json").read_text())["modified_since"]


def test_an_incomplete_walk_exits_with_1_after_publishing_what_arrived(ris, tmp_path):
    folder, out = tmp_path / "minutes", tmp_path / "public"
    ris.fail(r"/body/1/meeting\?page=2\b", times=1, status=404)   # not retried: a 404 stays a 404
    result = run_cli("run", "--oparl", ris.base + "system", "--input", str(folder), "--output", str(out))
    assert result.exit_code == 1, result.output
    assert "did not complete" in result.output and "meeting?page=2: HTTP 404" in result.output
    report = _run_json(out)
    assert report["fetched"]["pages"] == 1 and report["fetched"]["complete"] is False
    assert 0 < len(_sessions(out)) == report["fetched"]["downloaded"] < 25


def test_transient_errors_are_retried_within_the_run(ris, tmp_path):
    from flows.oparl_client import Limits
    from flows.oparl_source import OParlSource

    ris.fail(r"/body/1/meeting\?page=3\b", times=2)
    ris.fail(r"/files/download/", times=1)
    source = OParlSource(tmp_path / "minutes", ris.base + "system", ris.base + "body/1", Limits(backoff=0.05))
    report = source.sync(tmp_path / "public").report
    assert report["complete"] is True and report["downloaded"] == 246 and report["failed"] == 0
    assert sum("page=3" in r for r in ris.requests) == 3


def test_the_download_bound_spreads_a_big_backlog_over_runs(ris, tmp_path):
    from flows.oparl_client import Limits
    from flows.oparl_source import OParlSource

    folder, out = tmp_path / "minutes", tmp_path / "public"
    source = OParlSource(folder, ris.base + "system", ris.base + "body/1", Limits(max_downloads=100, backoff=0.05))
    reports = [source.sync(out).report for _ in range(3)]
    assert [r["downloaded"] for r in reports] == [100, 100, 46]
    assert [r["bounded"] for r in reports] == [True, True, False]
    assert [r["unchanged"] for r in reports] == [0, 100, 200]
    assert len(_documents(folder)) == 246 and len(ris.downloads()) == 246


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_or_non_oparl_url_stops_with_exit_code_2_before_writing(ris, static_server, tmp_path):
    out, folder = tmp_path / "public", tmp_path / "minutes"
    dead = f"http://127.0.0.1:{_free_port()}/oparl/system"
    result = run_cli("run", "--oparl", dead, "--input", str(folder), "--output", str(out))
    assert result.exit_code == 2 and "cannot connect" in result.output
    (static_server.root / "page.html").write_text("<html><body>Ratsinfo</body></html>", encoding="utf-8")
    (static_server.root / "thing.json").write_text('{"type": "https://schema.org/Thing"}', encoding="utf-8")
    result = run_cli("run", "--oparl", static_server.url + "page.html", "--input", str(folder), "--output", str(out))
    assert result.exit_code == 2 and "not JSON" in result.output
    result = run_cli("run", "--oparl", static_server.url + "thing.json", "--input", str(folder), "--output", str(out))
    assert result.exit_code == 2 and "not an OParl System or Body" in result.output
    result = run_cli("run", "--oparl", "ftp://example.org/x", "--input", str(folder), "--output", str(out))
    assert result.exit_code == 2 and "http(s) URL" in result.output
    assert not out.exists() and not folder.exists()
    assert not ris.requests


def test_the_page_bound_and_a_looping_next_link_stop_the_walk(ris, routes_server, tmp_path):
    from flows.oparl_client import Limits
    from flows.oparl_source import OParlSource

    source = OParlSource(tmp_path / "minutes", ris.base + "system", ris.base + "body/1",
                         Limits(max_pages=3, backoff=0.05))
    report = source.sync(tmp_path / "public").report
    assert report["complete"] is False and "more than 3 pages" in report["error"] and report["pages"] == 3
    assert not source.sync(tmp_path / "public").state_files   # nothing to resume from: the state stays as it was

    # a RIS whose last page links back to the first
    body = {"id": routes_server.url + "body", "type": "https://schema.oparl.org/1.1/Body", "name": "Loop",
            "meeting": routes_server.url + "meetings?page=1"}
    routes_server.serve("body", body)
    routes_server.serve("meetings", {"data": [], "links": {"next": routes_server.url + "meetings?page=2"}})
    looping = OParlSource(tmp_path / "loop", body["id"], body["id"], Limits(backoff=0.05))
    report = looping.sync(tmp_path / "public-loop").report
    assert report["complete"] is False and "loop back" in report["error"]
