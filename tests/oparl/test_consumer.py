"""A real OParl consumer reads the export: meine-stadt-transparent 0.2.14 imports the catalog's oparl/
tree, served on 127.0.0.1, into its own SQLite database, which then holds what the tables hold.

Its venv is installed by tests/oparl/mst.sh (scripts/install-test-services runs it; this test runs
it too, quick when done). The import runs single-threaded (``import_body --manual``, then
``import_fetch`` and ``import_objects`` with ``--force-singlethread``): its threaded list fetching
can hit SQLite's locks. ``--manual`` skips what needs the internet (OSM streets and outline).
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from publish.oparl.mapping import result_text
from tests.conftest import ROOT
from tests.oparl.conftest import plain_run
from tests.oparl.test_export import _seeds

MST_SH = ROOT / "tests" / "oparl" / "mst.sh"
MST_HOME = Path(os.environ.get("RATSDATEN_MST_HOME", ROOT / ".cache" / "mst"))
PRESENT = ("present", "substitute", "partial")


@pytest.fixture(scope="session")
def mst_home() -> Path:
    done = subprocess.run(["bash", str(MST_SH), "install"], env={**os.environ, "RATSDATEN_MST_HOME": str(MST_HOME)},
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    return MST_HOME


def _manage(home: Path, work: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(home / "venv" / "bin" / "python"), "-m", "manage", *args],
                          env={**os.environ, "ENV_PATH": str(work / "mst.env"), "PYTHONWARNINGS": "ignore"},
                          cwd=work, capture_output=True, text=True, timeout=600)


def _rows(out, table) -> list[dict]:
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _key(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".json")


def test_meine_stadt_transparent_imports_what_the_tables_hold(mst_home, static_server, tmp_path):
    catalog = static_server.root / "catalog"
    plain_run(_seeds(tmp_path / "seeds"), catalog, base_url=static_server.url + "catalog/")
    work = tmp_path / "mst"
    (work / "log").mkdir(parents=True)
    shutil.copy(mst_home / "template.sqlite3", work / "db.sqlite3")
    (work / "mst.env").write_text(
        f"REAL_HOST=localhost\nSECRET_KEY=test-only-not-a-secret\nDATABASE_URL=sqlite:///{work / 'db.sqlite3'}\n"
        f"ELASTICSEARCH_ENABLED=False\nLOG_DIRECTORY={work / 'log'}\n", encoding="utf-8")

    body = next((catalog / "oparl" / "body").glob("*.json"))
    body_url = static_server.url + body.relative_to(static_server.root).as_posix()
    started = time.perf_counter()
    for args in (("import_body", body_url, "--manual"), ("import_fetch", "--force-singlethread"),
                 ("import_objects", "--force-singlethread")):
        done = _manage(mst_home, work, *args)
        assert done.returncode == 0, f"{args[0]}: {done.stderr[-4000:]}"
    seconds = time.perf_counter() - started

    db = sqlite3.connect(work / "db.sqlite3")
    q = lambda sql: db.execute(sql).fetchall()
    counts = {t: q(f"select count(*) from mainapp_{t}")[0][0] for t in (
        "meeting", "person", "organization", "membership", "agendaitem", "meeting_persons", "paper", "consultation",
        "file")}
    print(f"meine-stadt-transparent import: {seconds:.1f} s; {counts}")
    sessions, persons = _rows(catalog, "sessions"), _rows(catalog, "persons")
    attendance, items, votes = _rows(catalog, "attendance"), _rows(catalog, "agenda_items"), _rows(catalog, "votes")

    # meetings: one per session, at its date and start time
    meetings = {_key(oid): (mid, start) for mid, oid, start in q("select id, oparl_id, start from mainapp_meeting")}
    assert sorted(meetings) == sorted(s["session_id"] for s in sessions)
    berlin = ZoneInfo("Europe/Berlin")
    for s in sessions:
        stored = dt.datetime.fromisoformat(meetings[s["session_id"]][1]).replace(tzinfo=dt.timezone.utc)
        assert stored.astimezone(berlin).strftime("%Y-%m-%d %H:%M") == f"{s['session_date']} {s['start_time']}"

    # persons, with their names
    stored = {_key(oid): (family, given) for oid, family, given in
              q("select oparl_id, family_name, given_name from mainapp_person")}
    assert sorted(stored) == sorted(p["person_id"] for p in persons)
    assert all(stored[p["person_id"]][0] == p["family_name"] for p in persons)
    assert all(stored[p["person_id"]][1] == p["given_name"] for p in persons if p["given_name"])

    # organizations: the Gremien and the Fraktionen
    names = sorted(n for (n,) in q("select name from mainapp_organization"))
    factions = {a["group"] for a in attendance if a["group_type"] == "faction"}
    assert names == sorted({s["committee"] for s in sessions} | factions)

    # participants: who was there, per meeting
    there = defaultdict(set)
    for a in attendance:
        if a["status"] in PRESENT:
            there[a["session_id"]].add(a["person_id"])
    got = defaultdict(set)
    for moid, poid in q("select m.oparl_id, p.oparl_id from mainapp_meeting_persons mp "
                        "join mainapp_meeting m on m.id = mp.meeting_id join mainapp_person p on p.id = mp.person_id"):
        got[_key(moid)].add(_key(poid))
    assert got == there and sum(map(len, got.values())) > 50

    # agenda items with their results and resolutions
    vote_rows = defaultdict(list)
    for v in votes:
        vote_rows[(v["session_id"], v["item_number"])].append(
            {**v, "vote_number": int(v["vote_number"])})
    stored_items = {(_key(moid), key): (name, result, resolution) for moid, key, name, result, resolution in q(
        "select m.oparl_id, a.key, a.name, a.result, a.resolution_text from mainapp_agendaitem a "
        "join mainapp_meeting m on m.id = a.meeting_id")}
    assert sorted(stored_items) == sorted((i["session_id"], i["item_number"]) for i in items)
    with_result = 0
    for i in items:
        name, result, resolution = stored_items[(i["session_id"], i["item_number"])]
        vs = sorted(vote_rows[(i["session_id"], i["item_number"])], key=lambda v: v["vote_number"])
        assert name == i["title"]
        assert result == result_text(i, vs)
        assert (resolution or "") == "\n\n".join(v["decision_text"] for v in vs if v["decision_text"])
        with_result += result is not None
    assert with_result >= len(votes) > 0

    # papers and their consultations
    refs = sorted(r or "" for (r,) in q("select reference_number from mainapp_paper"))
    assert refs == sorted(p["paper_reference"] for p in _rows(catalog, "papers"))
    assert q("select count(*) from mainapp_consultation")[0][0] == sum(
        1 for i in items if i["paper_reference"])
    # the Niederschriften as files pointing at their source, as the sidecars named it
    urls = sorted(u for (u,) in q("select f.oparl_download_url from mainapp_meeting m "
                                  "join mainapp_file f on f.id = m.results_protocol_id"))
    assert urls == sorted(s["source_url"] for s in sessions) and len(urls) == 3
