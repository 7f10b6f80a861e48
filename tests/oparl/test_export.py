"""The catalog's oparl/ tree: valid OParl 1.1 everywhere, every reference resolves inside, stable bytes and ids."""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import shutil
from collections import Counter
from datetime import datetime

import pytest
import xxhash

from publish.oparl.mapping import OUTCOME_TEXT, VOTES_FIELD
from tests.conftest import SAMPLES
from tests.oparl import oparl_check
from tests.oparl.conftest import plain_run

BASE = "https://opendata.bielefeld.de/ratsdaten/"   # not a placeholder host: the page offers the API
ROOT = BASE + "oparl/"
MINUTES = ("000", "001", "002")   # the three Niederschriften of the seeds


def _seeds(folder, prefixes=("000", "001", "002", "003", "004"), sidecars=True):
    """A copy of (some of) the seeds; the minutes with a sidecar naming where they came from."""
    folder.mkdir(parents=True)
    for p in sorted(SAMPLES.glob("*.txt")):
        if p.name[:3] in prefixes:
            shutil.copy(p, folder / p.name)
            if sidecars and p.name[:3] in MINUTES:
                meta = {"source_url": f"https://ris.test.invalid/files/{p.stem}.txt",
                        "meeting_url": f"https://ris.test.invalid/sitzung/{p.stem}"}
                (folder / f"{p.name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    out = tmp / "public"
    plain_run(_seeds(tmp / "seeds"), out, base_url=BASE)
    return out


def _rows(out, table) -> list[dict]:
    with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _objects(tree: dict) -> list[dict]:
    """Every object of the tree: single files, and the entries of list pages."""
    out = []
    for rel, data in tree.items():
        out += data["data"] if "data" in data else [data]
    return out


def test_every_object_is_valid_oparl_1_1_embedded_ones_included(catalog):
    tree = oparl_check.tree_objects(catalog / "oparl")
    problems = [e for obj in _objects(tree) for e in oparl_check.errors(obj)]
    assert problems == []
    # one file per object; as many as the tables hold
    kinds = Counter(rel.split("/")[0] for rel in tree)
    assert kinds["meeting"] == len(_rows(catalog, "sessions")) == 3
    assert kinds["person"] == len(_rows(catalog, "persons")) == 46
    assert kinds["agendaitem"] == len(_rows(catalog, "agenda_items")) == 57
    assert kinds["paper"] == len(_rows(catalog, "papers")) == 30
    assert kinds["system.json"] == 1 and kinds["legislativeterm"] == 1
    # a broken object is caught, embedded ones too: the checks themselves can fail
    meeting = next(d for rel, d in tree.items() if rel.startswith("meeting/"))
    broken = json.loads(json.dumps(meeting))
    broken["agendaItem"][0].pop("order")
    broken["location"]["type"] = "https://schema.oparl.org/1.0/Location"
    del broken["agendaItem"][1]["modified"]
    found = oparl_check.errors(broken)
    assert any("agendaItem[0]" in e and "'order' is a required property" in e for e in found)
    assert any("location" in e and "does not match" in e for e in found)
    assert any("agendaItem[1]" in e and "no modified" in e for e in found)


def test_every_reference_resolves_inside_the_tree(catalog):
    root = catalog / "oparl"
    tree = oparl_check.tree_objects(root)
    checked = 0
    for rel, data in tree.items():
        for obj in data["data"] if "data" in data else [data]:
            for url in oparl_check.references(obj):
                assert url.startswith(ROOT), (rel, url)
                target = tree.get(url[len(ROOT):])
                assert target is not None, f"{rel}: {url} is not in the tree"
                assert target.get("id", url) == url or target["links"]["self"] == url
                checked += 1
        for url in (data.get("links") or {}).values():
            assert url[len(ROOT):] in tree
    assert checked > 1000
    # every list of the Body, followed along its next links, holds every object of its kind once
    body = next(d for rel, d in tree.items() if rel.startswith("body/") and rel.count("/") == 1)
    for name, kind in (("meeting", "meeting"), ("person", "person"), ("agendaItem", "agendaitem"),
                       ("paper", "paper"), ("organization", "organization"), ("membership", "membership")):
        ids, url = [], body[name]
        while url:
            page = tree[url[len(ROOT):]]
            ids += [o["id"] for o in page["data"]]
            url = page["links"].get("next")
        assert sorted(ids) == sorted(ROOT + rel.removesuffix("") for rel in tree if rel.startswith(kind + "/")
                                     and not rel.startswith("body/"))
    # only JSON in the tree: the source documents are linked, never copied
    assert all(p.suffix == ".json" for p in root.rglob("*") if p.is_file())


def test_minutes_files_point_at_the_source_documents(catalog):
    sessions = _rows(catalog, "sessions")
    assert all(s["source_url"] for s in sessions)
    tree = oparl_check.tree_objects(catalog / "oparl")
    for s in sessions:
        meeting = tree[f"meeting/{s['session_id']}.json"]
        assert meeting["resultsProtocol"]["accessUrl"] == meeting["resultsProtocol"]["downloadUrl"] == s["source_url"]
        assert meeting["web"] == s["meeting_url"]


def test_results_resolutions_and_the_counts_in_the_extension_field(catalog):
    tree = oparl_check.tree_objects(catalog / "oparl")
    votes = _rows(catalog, "votes")
    assert votes
    for v in votes:
        item = tree[f"agendaitem/{v['session_id']}/{v['item_number']}.json"]
        entry = next(e for e in item[VOTES_FIELD] if e["voteNumber"] == int(v["vote_number"]))
        for column, key in (("yes", "yes"), ("no", "no"), ("abstentions", "abstentions")):
            assert entry.get(key) == (int(v[column]) if v[column] else None)
        assert entry["outcome"] == v["outcome"] and v["result_text"] in item["result"]
        assert v["decision_text"] in item["resolutionText"]
    items = _rows(catalog, "agenda_items")
    noted = [i for i in items if i["outcome"] == "noted" and not any(
        (v["session_id"], v["item_number"]) == (i["session_id"], i["item_number"]) for v in votes)]
    assert noted and all(tree[f"agendaitem/{i['session_id']}/{i['item_number']}.json"]["result"] == OUTCOME_TEXT["noted"]
                         for i in noted)
    # participants: everyone of the attendance list who was there
    for s in _rows(catalog, "sessions"):
        there = {a["person_id"] for a in _rows(catalog, "attendance")
                 if a["session_id"] == s["session_id"] and a["status"] in ("present", "substitute", "partial")}
        meeting = tree[f"meeting/{s['session_id']}.json"]
        assert {u.rsplit("/", 1)[1].removesuffix(".json") for u in meeting["participant"]} == there


def _tree_bytes(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "oparl").rglob("*")) if p.is_file()}


def test_two_runs_give_identical_bytes_whatever_the_clock_and_file_times(catalog, tmp_path):
    seeds = _seeds(tmp_path / "seeds")
    for i, p in enumerate(sorted(seeds.iterdir())):
        os.utime(p, (1_000_000 + i, 1_000_000 + i))   # other file times than the first build's copies
    again = tmp_path / "again"
    plain_run(seeds, again, base_url=BASE)
    assert _tree_bytes(again) == _tree_bytes(catalog)


def test_ids_stay_the_same_when_more_sessions_arrive(tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    plain_run(_seeds(tmp_path / "a", ("000", "001")), small, base_url=BASE)
    plain_run(_seeds(tmp_path / "b"), big, base_url=BASE)
    before, after = oparl_check.tree_objects(small / "oparl"), oparl_check.tree_objects(big / "oparl")
    for rel, obj in before.items():
        if rel.split("/")[0] in ("meeting", "person", "organization", "agendaitem", "legislativeterm", "location"):
            assert rel in after, rel
            assert after[rel]["id"] == obj["id"] and after[rel].get("name") == obj.get("name")
    assert len(after) > len(before)


def test_lists_are_paginated(catalog):
    from publish.metadata import load_catalog
    from publish.oparl import export_files, read_tables

    files = export_files(read_tables(catalog), load_catalog(), BASE, page_size=7)
    pages = {rel: json.loads(b) for rel, b in files.items() if "/person/" in rel and rel.startswith("oparl/body/")}
    assert len(pages) == 7   # 46 persons, 7 per page
    url, seen = ROOT + next(iter(sorted(pages))).removeprefix("oparl/"), []
    first = pages["oparl/" + url[len(ROOT):]]
    assert first["pagination"] == {"totalElements": 46, "elementsPerPage": 7, "currentPage": 1, "totalPages": 7}
    assert first["links"]["last"].endswith("7.json")
    while url:
        page = pages["oparl/" + url[len(ROOT):]]
        assert page["pagination"]["currentPage"] == len(seen) // 7 + 1 and len(page["data"]) <= 7
        seen += [p["id"] for p in page["data"]]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen)) == 46
    # the order a list promises (OParl 1.1 asks for a stable one): the first session, then as built
    created = [datetime.fromisoformat(next(p for page in pages.values() for p in page["data"] if p["id"] == i)["created"])
               for i in seen]
    assert created == sorted(created) and len(set(created)) > 1


def test_tables_given_up_leave_the_export_as_they_are_read_and_the_bytes_stay(catalog):
    from publish.metadata import load_catalog
    from publish.oparl import iter_files, read_tables

    kept, given_up = read_tables(catalog), read_tables(catalog)
    before = list(iter_files(kept, load_catalog(), BASE))
    after = list(iter_files(given_up, load_catalog(), BASE, release=True))
    assert before == after and len(before) > 100
    read_to_the_end = {"attendance", "persons", "agenda_items", "votes", "vote_counts", "papers"}
    assert read_to_the_end <= set(kept) and not read_to_the_end & set(given_up)


def test_tables_read_on_demand_give_the_same_bytes_and_are_read_when_asked(catalog):
    from publish.metadata import load_catalog
    from publish.oparl import TablesOnDemand, iter_files, read_tables

    lazy = TablesOnDemand(catalog)
    files = iter_files(lazy, load_catalog(), BASE, release=True)
    first = [next(files) for _ in range(3)]   # the people's part: its tables only
    assert lazy.asked == {"sessions", "attendance", "persons"}
    assert first + list(files) == list(iter_files(read_tables(catalog), load_catalog(), BASE))
    assert lazy.asked == {"sessions", "attendance", "persons", "papers", "agenda_items", "votes", "vote_counts"}


def test_the_development_corpus_exports_valid_oparl(corpus_dir, tmp_path):
    """Minutes of many councils and layouts (../shared/corpus), with the gaps real minutes have: sessions
    without a Gremium or a date, absentees, substitutes. Sessions without a date are no Meetings."""
    out = tmp_path / "corpus"
    plain_run(corpus_dir, out, base_url=BASE)
    tree = oparl_check.tree_objects(out / "oparl")
    assert [e for obj in _objects(tree) for e in oparl_check.errors(obj)] == []
    unresolved = [u for obj in _objects(tree) for u in oparl_check.references(obj) if u[len(ROOT):] not in tree]
    assert unresolved == []
    dated = [s for s in _rows(out, "sessions") if s["session_date"]]
    assert sum(rel.startswith("meeting/") for rel in tree) == len(dated) > 20


def test_the_landing_page_offers_the_api_where_the_catalog_is_served(catalog, tmp_path):
    html = (catalog / "index.html").read_text(encoding="utf-8")
    assert f'href="{ROOT}system.json"' in html
    placeholder = tmp_path / "placeholder"
    plain_run(_seeds(tmp_path / "seeds", ("000",)), placeholder)   # the catalog YAML's placeholder base URL
    assert "oparl/system.json" not in (placeholder / "index.html").read_text(encoding="utf-8")
    assert (placeholder / "oparl" / "system.json").is_file()


def test_unchanged_files_are_linked_from_the_previous_catalog_unless_edited_there(catalog, tmp_path):
    """The next run links a file whose bytes the previous run recorded and nobody touched since; a
    file with new bytes, or edited by hand in the published catalog, is written anew."""
    from publish.metadata import load_catalog
    from publish.oparl import iter_files, read_tables
    from publish.oparl.tree import write

    tree = list(iter_files(read_tables(catalog), load_catalog(), BASE))
    first, second = tmp_path / "first", tmp_path / "second"
    assert write(first, tree) == (len(tree), len(tree))
    (changed, _), (edited, _) = tree[0], tree[1]
    with open(first / edited, "ab") as f:
        f.write(b" ")   # a hand edit in the published catalog, a second later (file times are coarse)
    os.utime(first / edited, ns=(os.stat(first / edited).st_atime_ns, os.stat(first / edited).st_mtime_ns + 10**9))
    tree[0] = (changed, tree[0][1].replace(b'"id"', b'"id" ', 1))
    assert write(second, tree, previous=first) == (len(tree), 2)
    inode = lambda p: os.stat(p).st_ino   # noqa: E731
    assert inode(second / changed) != inode(first / changed) and inode(second / edited) != inode(first / edited)
    assert (second / edited).read_bytes() == tree[1][1]
    assert all(inode(second / rel) == inode(first / rel) for rel, _ in tree[2:])


def test_a_kept_tree_is_updated_in_place_without_touching_the_published_files(catalog, tmp_path):
    """The tree kept from a replaced catalog (hard links into the published one) becomes the new
    tree: right files stay, changed ones are replaced without writing through the links, files the
    export no longer has and strays are removed, a hand-edited file is not trusted."""
    from publish.metadata import load_catalog
    from publish.oparl import iter_files, read_tables
    from publish.oparl.tree import read_digests, write

    tree = list(iter_files(read_tables(catalog), load_catalog(), BASE))
    published, staging = tmp_path / "published", tmp_path / "staging"
    write(published, tree)
    for rel, _ in tree:   # the kept tree: links to the published files, as after a run that changed nothing
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(published / rel, staging / rel)
    recycled = read_digests(published)
    (staging / "oparl" / "stray.json").write_bytes(b"{}\n")
    edited = tree[1][0]
    os.unlink(staging / edited)
    (staging / edited).write_bytes(b"edited by hand\n")

    removed = tree.pop()[0]
    changed = tree[0][0]
    tree[0] = (changed, tree[0][1].replace(b'"id"', b'"id" ', 1))
    tree.append(("oparl/new/one.json", b"{}\n"))
    before = {rel: (published / rel).read_bytes() for rel in [changed, edited, removed]}
    # written: the changed, the added and the hand-edited file; the rest stays as it was kept
    assert write(staging, tree, previous=published, recycled=recycled) == (len(tree), 3)

    on_disk = {p.relative_to(staging).as_posix(): p.read_bytes() for p in (staging / "oparl").rglob("*") if p.is_file()}
    assert on_disk == dict(tree)
    assert {rel: (published / rel).read_bytes() for rel in before} == before   # nothing written through a link
    inode = lambda p: os.stat(p).st_ino   # noqa: E731
    assert inode(staging / changed) != inode(published / changed)
    assert inode(staging / edited) != inode(published / edited)
    assert all(inode(staging / rel) == inode(published / rel) for rel, _ in tree[2:-1])
    record, digest = read_digests(staging), xxhash.xxh3_128_digest
    assert len(record.paths) == len(tree)
    assert record.matches([digest(rel.encode()) for rel, _ in tree], [digest(data) for _, data in tree]).all()
    assert not record.matches([digest(changed.encode())], [digest(before[changed])]).any()   # the bytes it had before


def test_a_kept_tree_without_its_digest_record_is_not_used(catalog, tmp_path):
    """The kept tree is a cache: one that lost its record is dropped, and the export is whole."""
    from publish.metadata import load_catalog
    from publish.oparl import write_tree
    from publish.oparl.spare import spare_path

    staging, output = tmp_path / "staging", tmp_path / "public"
    shutil.copytree(catalog, staging)
    shutil.rmtree(staging / "oparl")
    junk = spare_path(output) / "oparl" / "meeting" / "junk.json"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"{}\n")
    count = write_tree(staging, load_catalog(), BASE, previous=output)
    assert not spare_path(output).exists()
    written = sorted(p.relative_to(staging).as_posix() for p in (staging / "oparl").rglob("*") if p.is_file())
    assert len(written) == count and "oparl/meeting/junk.json" not in written
    assert written == sorted(p.relative_to(catalog).as_posix() for p in (catalog / "oparl").rglob("*") if p.is_file())


def test_files_hold_the_bytes_of_plain_compact_json(catalog):
    """The encoder (orjson, for speed) writes what json.dumps writes: compact, UTF-8, keys in order."""
    from publish.oparl.tree import dumps

    tree = oparl_check.tree_objects(catalog / "oparl")
    assert len(tree) > 100
    for rel, obj in tree.items():
        expected = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        assert dumps(obj) == expected == (catalog / "oparl" / rel).read_bytes().rstrip(b"\n"), rel


@pytest.mark.parametrize("grouping", ["PARTS_SIDE_BY_SIDE", "PARTS_SIDE_BY_SIDE_UPDATED"])
def test_the_parts_built_apart_are_the_whole_export(catalog, grouping):
    """Processes build the export's parts side by side: each part alone gives the files it gives in
    the whole export, and together they are all of it, each file once."""
    from publish import oparl
    from publish.metadata import load_catalog
    from publish.oparl import export_files, iter_files, read_tables
    from publish.oparl.mapping import PARTS

    groups = getattr(oparl, grouping)
    assert sorted(p for group in groups for p in group) == sorted(PARTS)
    whole = export_files(read_tables(catalog), load_catalog(), BASE)
    apart = [list(iter_files(read_tables(catalog), load_catalog(), BASE, release=True, parts=group))
             for group in groups + tuple((part,) for part in PARTS)]
    together = [f for group in apart[:len(groups)] for f in group]
    assert len(together) == len(dict(together)) and dict(together) == whole
    singles = [f for group in apart[len(groups):] for f in group]
    assert len(singles) == len(dict(singles)) and dict(singles) == whole
    assert all(apart[len(groups):]) and len(whole) > 50


def test_a_whole_export_and_an_updated_one_are_grouped_for_their_work():
    """Built whole, people and papers go together; updated from a kept tree, the people alone."""
    from publish.oparl import Plan, side_by_side
    from publish.oparl.tree import Digests

    whole = Plan(catalog=None, base_url=None, previous=None, page_size=10, fingerprint="")
    assert side_by_side(whole) == [("people", "papers"), ("meetings", "body")]
    updated = dataclasses.replace(whole, kept=Digests.none(), stay=frozenset({"body"}))
    assert side_by_side(updated) == [("people",), ("papers", "meetings")]


def test_created_and_modified_follow_the_instant_not_the_text():
    """Around the change back from summer time a later text can be an earlier instant."""
    from publish.oparl.mapping import _span

    summer, winter = "2021-10-31T02:30:00+02:00", "2021-10-31T02:00:00+01:00"   # 00:30 and 01:00 UTC
    assert _span([winter, summer]) == {"created": summer, "modified": winter}
    # the same instant written twice (a time that does not exist in spring): the first one written counts
    gap, after = "2021-03-28T02:30:00+01:00", "2021-03-28T03:30:00+02:00"
    assert _span([after, gap]) == {"created": after, "modified": after}
    assert _span([gap, after]) == {"created": gap, "modified": gap}


def test_the_next_sessions_minutes_leave_the_pages_before_the_last_as_they_are(catalog):
    """A night's new minutes are appended to each list: the first page (its totals) and the last
    pages change, the others keep their bytes, so an update of the published tree stays small."""
    from publish.metadata import load_catalog
    from publish.oparl import export_files, read_tables

    def pages(tables, name, size):
        files = export_files(tables, load_catalog(), BASE, page_size=size)
        return {rel: b for rel, b in files.items() if rel.startswith(f"oparl/body/") and f"/{name}/" in rel}

    tables = read_tables(catalog)
    latest = max(tables["sessions"], key=lambda s: s["session_date"])
    new_id = latest["session_id"] + "-next"
    later = dict(tables)
    later["sessions"] = tables["sessions"] + [{**latest, "session_id": new_id,
                                               "session_date": latest["session_date"].replace(year=latest["session_date"].year + 1)}]
    for table in ("attendance", "agenda_items"):
        later[table] = tables[table] + [{**r, "session_id": new_id} for r in tables[table] if r["session_id"] == latest["session_id"]]
    for name, size in (("meeting", 1), ("agendaItem", 3)):
        before, after = pages(tables, name, size), pages(later, name, size)
        assert len(after) > len(before) >= 3
        kept = sorted(before, key=lambda rel: int(rel.rsplit("/", 1)[1].removesuffix(".json")))[1:-1]
        assert kept and all(after[rel] == before[rel] for rel in kept), name
        assert after[kept[0].rsplit("/", 1)[0] + "/1.json"] != before[kept[0].rsplit("/", 1)[0] + "/1.json"]
    # and the meetings held before keep their files, the one at the same place too (it embeds the place)
    assert latest.get("location")
    files_before, files_after = (export_files(t, load_catalog(), BASE) for t in (tables, later))
    meetings = [rel for rel in files_before if rel.startswith("oparl/meeting/")]
    assert len(meetings) >= 3 and all(files_after[rel] == files_before[rel] for rel in meetings)


def test_digests_are_found_by_their_bytes_also_where_their_first_eight_are_shared():
    """The look-up searches the first 8 bytes as numbers; digests that share them (a chance of
    2^-64 per pair, made here on purpose) are told apart by all 16."""
    import numpy as np

    from publish.oparl.tree import Digests, _among

    rng = np.random.default_rng(7)
    raw = [bytes(rng.integers(0, 256, 16, dtype=np.uint8)) for _ in range(2000)]
    raw += [raw[5][:8] + bytes(rng.integers(0, 256, 8, dtype=np.uint8)) for _ in range(6)]   # one head, 7 digests
    raw += [b"\x00" * 16, b"\xff" * 16, b"\x00" * 8 + b"\x01" + b"\x00" * 7]   # the ends; trailing NUL bytes
    record = sorted(set(raw))
    stored = record[::2]   # half of them in the record, the shared ones on both sides
    digests = Digests(np.array(stored, "S16"), np.array([d[::-1] for d in stored], "S16"))
    asked = np.array(record, "S16")
    assert _among(asked, digests.paths, digests.heads).tolist() == [d in set(stored) for d in record]
    assert digests.has(record).tolist() == [d in set(stored) for d in record]
    assert digests.matches(record, [d[::-1] for d in record]).tolist() == [d in set(stored) for d in record]
    # the same path with other bytes
    assert not digests.matches(stored, [bytes(b ^ 1 for b in d[::-1]) for d in stored]).any()
