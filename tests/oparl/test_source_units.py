"""What the OParl source takes from a meeting, on real objects of three vendors' shapes."""
from __future__ import annotations

import json

import pytest

from flows.oparl_client import Limits, OParlError, with_query
from flows.oparl_source import (OParlSource, extension, file_url, local_date_time, minutes_file, resolve_body,
                                sidecar)
from tests.oparl.conftest import OPARL_REF
from tests.oparl.minutes_double import minutes_pdf, minutes_text

REAL = OPARL_REF / "real"


@pytest.fixture(autouse=True)
def _real_responses(real_oparl):
    """Every test here reads real responses of ../shared (skips with a hint where they are missing)."""


def _real(rel: str) -> dict:
    return json.loads((REAL / rel).read_text(encoding="utf-8"))


def allris_meeting(base: str = "https://ris.test.invalid/oparl/") -> dict:
    """An ALLRIS-shaped 1.1 meeting with the documented quirks (no freely licensed sample exists):
    the minutes in verbatimProtocol, mimeType "pdf", an empty downloadUrl, File.meeting a string,
    an empty date."""
    return {
        "id": base + "meeting/4711", "type": "https://schema.oparl.org/1.1/Meeting",
        "name": "Sitzung des Hauptausschusses", "start": "2025-11-26T17:00:00+01:00",
        "end": "2025-11-26T19:12:00+01:00", "organization": [base + "organization/12"],
        "verbatimProtocol": {"id": base + "file/99", "type": "https://schema.oparl.org/1.1/File",
                             "name": "Niederschrift öffentlich", "mimeType": "pdf", "date": "",
                             "accessUrl": base + "files/niederschrift-4711.pdf", "downloadUrl": "",
                             "meeting": base + "meeting/4711"},
        "created": "2025-11-20T09:00:00+01:00", "modified": "2025-11-28T10:00:00+01:00",
    }


def test_the_minutes_file_of_each_vendor_shape():
    sternberg = _real("sternberg-huertgenwald/meeting-380.extracted-from-page1.json")
    f = minutes_file(sternberg)
    assert f["name"] == "Öffentliche Niederschrift (Gemeinderat)"
    assert file_url(f, sternberg["id"]) == f["downloadUrl"]

    somacos = _real("somacos-wuppertal/meeting-19160.json")   # SessionNet: the Niederschrift is an auxiliaryFile
    f = minutes_file(somacos)
    assert f["name"] == "Niederschrift"
    assert file_url(f, somacos["id"]) == "http://oparl.wuppertal.de/oparl/bodies/0001/downloadfiles/00261010.pdf"

    allris = allris_meeting()
    f = minutes_file(allris)
    assert f["id"].endswith("file/99")
    assert file_url(f, allris["id"]) == "https://ris.test.invalid/oparl/files/niederschrift-4711.pdf"

    # never a file named non-public, nor an invitation; deleted entries (without type) have none
    assert minutes_file({"auxiliaryFile": [{"name": "Niederschrift nichtöffentlicher Teil", "accessUrl": "x"},
                                           {"name": "Einladung", "accessUrl": "y"}]}) is None
    assert minutes_file(_real("sternberg-huertgenwald/meeting-1082.deleted-entry-without-type.extracted-from-page11.json")) is None


def test_the_sidecar_of_a_real_meeting():
    m = _real("sternberg-huertgenwald/meeting-380.extracted-from-page1.json")
    meta = sidecar(m, file_url(minutes_file(m), m["id"]), "Gemeinderat", "Gemeinde Hürtgenwald")
    assert meta == {
        "gremium": "Gemeinderat", "session_date": "2007-03-27", "start_time": "18:00", "end_time": "19:00",
        "session_id": m["id"], "location": m["location"]["description"], "meeting_url": m["web"],
        "source_url": m["resultsProtocol"]["downloadUrl"], "city": "Gemeinde Hürtgenwald",
    }
    # times in Europe/Berlin, whatever zone the RIS writes
    assert local_date_time("2020-09-29T13:00:00Z") == ("2020-09-29", "15:00")
    assert local_date_time("2021-01-31T23:30:00+00:00") == ("2021-02-01", "00:30")
    assert local_date_time("2021-03-04") == ("2021-03-04", "00:00")


def test_the_file_type_comes_from_the_bytes_then_the_declared_type():
    pdf = minutes_pdf("Niederschrift\n")
    assert extension(pdf, "text/html", "https://x/a") == ".pdf"
    assert extension(b"<!DOCTYPE html><html><body>Niederschrift</body></html>", None, "https://x/a.pdf") == ".html"
    assert extension(b"Niederschrift", "pdf", "https://x/download?id=3") == ".pdf"   # ALLRIS: mimeType "pdf"
    assert extension(b"Niederschrift", "text/plain", "https://x/a") == ".txt"
    assert extension(b"Niederschrift", None, "https://x/n.docx?x=1") == ".docx"
    assert extension(b"\x89PNG\r\n\x1a\n", None, "https://x/scan") == ".pdf"   # the parser says it is an image


def test_modified_since_is_kept_in_next_links():
    assert with_query("https://x/m?page=2", modified_since="2026-01-01T00:00:00+00:00") == \
        "https://x/m?page=2&modified_since=2026-01-01T00%3A00%3A00%2B00%3A00"
    assert with_query("https://x/m?page=2&modified_since=a", modified_since="b") == "https://x/m?page=2&modified_since=a"


def test_sessionnet_and_allris_shapes_through_a_walk(routes_server, tmp_path):
    """A RIS whose meeting list holds the real SessionNet meeting (minutes in auxiliaryFile, its
    organizations unreachable) and an ALLRIS-shaped one (verbatimProtocol via accessUrl)."""
    wuppertal = "http://oparl.wuppertal.de/oparl/"
    ris = routes_server
    here = ris.url + "wuppertal/"
    rewrite = lambda obj: json.loads(json.dumps(obj).replace(wuppertal, here))
    system = rewrite(_real("somacos-wuppertal/system.json"))
    body = rewrite(_real("somacos-wuppertal/body.json"))
    somacos = rewrite(_real("somacos-wuppertal/meeting-19160.json"))
    allris = allris_meeting(here + "allris/")
    ris.serve("wuppertal/system", system)
    body_url = ris.serve("wuppertal/bodies/0001", body)
    ris.serve("wuppertal/bodies/0001/bodies", {"data": [body], "links": {}})
    ris.serve("wuppertal/bodies", {"data": [body], "links": {}})
    ris.serve("wuppertal/bodies/0001/meetings", {"data": [somacos, allris], "links": {}})
    niederschrift = minutes_pdf(minutes_text(somacos, "Rat der Stadt"))
    ris.serve("wuppertal/bodies/0001/downloadfiles/00261010.pdf", niederschrift)
    ris.serve("wuppertal/allris/files/niederschrift-4711.pdf", b"%PDF-1.4 stand-in\n%%EOF\n")

    assert resolve_body(body_url) == body_url
    source = OParlSource(tmp_path / "minutes", body_url, body_url, Limits(backoff=0.05, retries=1))
    report = source.sync(tmp_path / "public").report
    assert report["complete"] and report["meetings"] == 2 and report["downloaded"] == 2
    files = sorted(p.name for p in (tmp_path / "minutes").iterdir())
    assert len(files) == 4 and all(f.endswith((".pdf", ".pdf.meta.json")) for f in files)
    metas = [json.loads((tmp_path / "minutes" / f).read_text()) for f in files if f.endswith(".meta.json")]
    by_id = {m["session_id"]: m for m in metas}
    assert by_id[somacos["id"]]["source_url"].endswith("/downloadfiles/00261010.pdf")
    assert "gremium" not in by_id[somacos["id"]]          # its organizations do not answer: the text names it
    assert by_id[somacos["id"]]["session_date"] == "2020-09-29" and by_id[somacos["id"]]["start_time"] == "15:00"
    assert by_id[allris["id"]]["source_url"] == here + "allris/files/niederschrift-4711.pdf"
    assert (tmp_path / "minutes" / next(f for f in files if f.endswith(".pdf") and "2020-09-29" in f)).read_bytes() \
        == niederschrift
    # a System listing several bodies asks for one
    ris.serve("wuppertal/bodies", {"data": [body, {**body, "id": body_url + "2", "name": "Zwei"}]})
    with pytest.raises(OParlError, match="2 bodies; pass one Body URL"):
        resolve_body(here + "system")
