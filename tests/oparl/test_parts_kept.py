"""Parts of the export made from the same inputs as the kept tree stay as they are, and the tree is
still the one a fresh export writes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.oparl.test_export import BASE, catalog  # noqa: F401  (the module's catalog fixture)


def _other(value):
    """A different value of the same type (a column a part does not read may hold anything)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=3)
    if isinstance(value, str):
        return value + "~"
    return "~"


def test_each_part_reads_no_column_but_those_its_inputs_name(catalog):  # noqa: F811
    """Every column outside a part's inputs (PART_READS), and every row of a session without a date,
    can change without changing a byte of that part: so a part whose inputs are the same needs no
    rebuilding."""
    from publish.metadata import load_catalog
    from publish.oparl import iter_files, read_tables
    from publish.oparl.mapping import PART_READS, PARTS

    tables = read_tables(catalog)
    vote = next(v for v in tables["votes"] if v["session_id"] in {s["session_id"] for s in tables["sessions"]})
    tables["vote_counts"].append({"session_id": vote["session_id"], "item_number": vote["item_number"],
                                  "vote_number": vote["vote_number"], "option": "yes", "group": "SPD", "count": 3})
    undated = "undatiert-1"
    for name in ("attendance", "agenda_items", "votes", "vote_counts"):   # rows that give no object
        tables[name].append({**tables[name][0], "session_id": undated})
    tables["sessions"].append({**tables["sessions"][0], "session_id": undated, "session_date": None})
    for part in PARTS:
        reads = PART_READS[part]
        scrambled = {table: [{c: v if c in reads.get(table, ()) else _other(v) for c, v in row.items()} for row in rows]
                     for table, rows in tables.items()}
        alone = dict(iter_files(tables, load_catalog(), BASE, parts=(part,)))
        assert dict(iter_files(scrambled, load_catalog(), BASE, parts=(part,))) == alone, part
        assert len(alone) > 3


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "oparl").rglob("*")) if p.is_file()}


@pytest.fixture
def published(catalog, tmp_path):  # noqa: F811
    """A published catalog and the tree kept from the one it replaced (the same tables)."""
    from publish.oparl import spare

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    replaced = tmp_path / "replaced"
    shutil.copytree(catalog, replaced)
    spare.keep(replaced, out)
    return out


def _staged(catalog, tmp_path, change=None):  # noqa: F811
    staging = tmp_path / "staging"
    shutil.copytree(catalog, staging)
    shutil.rmtree(staging / "oparl")
    if change:
        table, column, value = change
        path = staging / f"{table}.parquet"
        data = pq.read_table(path)
        values = data.column(column).to_pylist()
        values[0] = value
        data = data.set_column(data.column_names.index(column), column, pa.array(values, data.schema.field(column).type))
        pq.write_table(data, path)
    return staging


def _export(staging, published, base=BASE):
    from publish.metadata import load_catalog
    from publish.oparl import finish_tree, start_tree, write_parts

    plan = start_tree(staging, published, load_catalog(), base)
    written = write_parts(staging, plan, plan.to_write)
    count = finish_tree(staging, plan, written)
    # (the parts updated object by object: publish.oparl.delta)
    return dataclasses.replace(plan, stay=plan.stay | {w.part for w in written if w.updated},
                               patched=plan.patched + tuple(w for w in written if w.updated)), count


def _fresh(staging, base=BASE) -> dict[str, bytes]:
    from publish.metadata import load_catalog
    from publish.oparl import export_files, read_tables

    return {rel: data for rel, data in export_files(read_tables(staging), load_catalog(), base).items()}


@pytest.mark.parametrize("change, stay, updated", [
    (None, {"people", "papers", "meetings", "body"}, set()),
    # the meeting updated in place (publish.oparl.delta)
    (("sessions", "end_time", "23:59"), {"people", "papers", "meetings", "body"}, {"meetings"}),
    (("persons", "given_name", "Zacharias"), {"people", "papers", "meetings", "body"}, {"people"}),   # the person patched
    # the meeting moves in its list: every part that dates by it is built whole
    (("sessions", "start_time", "06:15"), set(), set()),
])
def test_parts_made_from_the_same_inputs_stay_and_the_tree_is_a_fresh_export(catalog, published, tmp_path,  # noqa: F811
                                                                             change, stay, updated):
    from publish.oparl.tree import read_digests

    staging = _staged(catalog, tmp_path, change)
    identity = lambda path: (os.stat(path).st_ino, os.stat(path).st_ctime_ns)   # noqa: E731  (inodes are reused)
    kept_files = {rel: identity(published.parent / f".{published.name}.oparl-spare" / rel) for rel in _tree(published)}
    plan, count = _export(staging, published)
    assert plan.stay == stay and {w.part for w in plan.patched} == updated
    if change and change[0] == "persons":
        assert [w.count for w in plan.patched] == [2]   # person, page
    fresh = _fresh(staging)
    assert _tree(staging) == fresh and count == len(fresh)
    record = read_digests(staging)
    assert len(record.paths) == len(fresh) and {p.decode() for p in record.parts} == {"people", "papers", "meetings", "body"}
    if "people" in updated:   # only the person and its page were written, the rest of the part is the kept one
        rewritten = {rel for rel in fresh if identity(staging / rel) != kept_files.get(rel)}
        assert len(rewritten) == 2 and any("/person/" in rel for rel in rewritten)
    if change is None:   # nothing written: every file is the kept one
        assert all(identity(staging / rel) == kept for rel, kept in kept_files.items())
        again = tmp_path / "again"   # and the record lets the next run keep them again
        shutil.copytree(staging, again)
        from publish.oparl import spare
        spare.keep(again, published)
        assert _export(_staged(catalog, tmp_path / "next"), published)[0].stay == stay


def test_a_kept_part_edited_or_missing_a_file_is_written_again(catalog, published, tmp_path):  # noqa: F811
    from publish.oparl.spare import spare_path

    kept = spare_path(published) / "oparl"
    person = sorted((kept / "person").iterdir())[0]
    person.write_bytes(b"edited by hand\n")
    os.utime(person, ns=(person.stat().st_mtime_ns + 2 * 10**9,) * 2)   # file times are coarse
    sorted((kept / "meeting").iterdir())[0].unlink()
    staging = _staged(catalog, tmp_path)
    plan, count = _export(staging, published)
    assert plan.stay == {"people", "papers", "meetings", "body"}   # before the listing found the damage
    assert _tree(staging) == _fresh(staging)


def test_a_kept_tree_written_with_other_settings_is_not_kept_part_by_part(catalog, published, tmp_path):  # noqa: F811
    staging = _staged(catalog, tmp_path)
    other = "https://daten.example.org/anderswo/"
    plan, _ = _export(staging, published, other)
    assert plan.stay == set() and plan.kept is not None
    assert _tree(staging) == _fresh(staging, other)


def test_a_person_is_not_patched_into_a_page_that_does_not_encode_back_to_its_bytes(catalog, published, tmp_path):  # noqa: F811
    from publish.oparl.spare import spare_path

    page = spare_path(published) / "oparl" / "body"
    page = next(p for p in page.rglob("person/1.json"))
    page.write_bytes(page.read_bytes().replace(b'{"data":[', b'{"data": [', 1))
    staging = _staged(catalog, tmp_path, ("persons", "given_name", "Zacharias"))
    plan, count = _export(staging, published)
    assert "people" not in plan.stay and not plan.patched
    assert _tree(staging) == _fresh(staging) and count == len(_fresh(staging))


def test_the_kept_tree_listed_while_the_run_went_on_serves_the_export(catalog, published, tmp_path):  # noqa: F811
    """spare.prefetch lists the kept tree in the background; the export takes that listing (not a
    second one), and not one made before the kept tree's record was written again."""
    import numpy as np

    from publish.oparl import spare
    from publish.oparl.tree import DIGESTS, list_tree

    spare.prefetch(published)
    staging = _staged(catalog, tmp_path)
    plan, _ = _export(staging, published)
    assert plan.listing is not None
    assert np.array_equal(np.sort(plan.listing.paths), np.sort(list_tree(staging).paths))
    assert _tree(staging) == _fresh(staging)

    again = tmp_path / "again"
    shutil.copytree(staging, again)
    spare.keep(again, published)
    spare.prefetch(published)
    record = spare.spare_path(published) / DIGESTS
    os.utime(record, ns=(record.stat().st_mtime_ns + 10**9,) * 2)   # written again after the listing began
    plan, _ = _export(_staged(catalog, tmp_path / "next"), published)
    assert plan.listing is None and plan.stay == {"people", "papers", "meetings", "body"}


def test_the_folders_of_both_trees_are_listed_while_the_export_goes_on(catalog, published, tmp_path):  # noqa: F811
    """The export waits only for the spare's listing; the published tree's folders, which only the
    comparison of the catalogs needs, are listed after it. Each of the two is the listing of its tree."""
    from publish import local
    from publish.oparl import spare

    def entries(folders):
        return {rel: (digest, subs) for rel, (_, digest, subs) in folders.entries.items()}

    spare.prefetch(published)
    staging = _staged(catalog, tmp_path)
    plan, _ = _export(staging, published)
    assert plan.listing is not None and plan.stay == {"people", "papers", "meetings", "body"}   # (nothing written)
    kept, public = spare.listed_folders(published)
    assert entries(kept) == entries(local.list_folders(staging, "oparl"))   # (the spare, taken into staging)
    assert entries(public) == entries(local.list_folders(published, "oparl")) != entries(kept)   # (copies: other inodes)
    assert len(entries(public)) > 10


def test_the_spare_catches_up_with_the_published_catalog_so_a_change_is_built_once(catalog, published, tmp_path):  # noqa: F811
    """After a run changed a part, the catalog it replaced becomes the spare and is brought up to the
    published one (its changed files linked): the next run with the same tables keeps every part."""
    from publish import local
    from publish.oparl import spare
    from publish.oparl.lists import LISTS
    from publish.oparl.tree import DIGESTS

    staging = _staged(catalog, tmp_path, ("sessions", "end_time", "23:59"))
    plan, _ = _export(staging, published)
    assert [w.part for w in plan.patched] == ["meetings"]   # (updated in place: publish.oparl.delta)
    changed = local.changes(staging, published)
    assert any(rel.startswith("oparl/meeting/") for rel in changed)
    spare.keep(local.swap_in(staging, published), published)
    spare.catch_up(published, changed)
    kept = spare.spare_path(published)
    assert _tree(kept) == _tree(published)
    assert (kept / DIGESTS).read_bytes() == (published / DIGESTS).read_bytes()
    assert (kept / LISTS).read_bytes() == (published / LISTS).read_bytes()
    assert (kept / "sessions.parquet").read_bytes() == (published / "sessions.parquet").read_bytes()

    plan, _ = _export(_staged(catalog, tmp_path / "next", ("sessions", "end_time", "23:59")), published)
    assert plan.stay == {"people", "papers", "meetings", "body"} and plan.patched == ()
    assert _tree(tmp_path / "next" / "staging") == _tree(published)


@pytest.mark.parametrize("change, updated", [
    (None, set()),
    (("persons", "given_name", "Zacharias"), {"people"}),
    (("sessions", "end_time", "23:59"), {"meetings"}),
])
def test_without_a_spare_the_run_makes_one_of_links_to_the_published_catalog(catalog, tmp_path, monkeypatch,  # noqa: F811
                                                                             change, updated):
    """The run after a first run finds no spare: prefetch makes one of hard links to the published
    catalog, so the export updates its parts object by object instead of building them whole; the
    published catalog's files stay as they were (a changed file is written anew, not into the link)."""
    from publish import local
    from publish.oparl import spare

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    long_ago = time.time_ns() - 60 * 10**9   # (the published folders as a run of last night left them)
    for folder in [out / "oparl", *(p for p in (out / "oparl").rglob("*") if p.is_dir())]:
        os.utime(folder, ns=(long_ago, long_ago))
    before = _tree(out)
    inodes = {rel: os.stat(out / rel).st_ino for rel in before}
    spare.prefetch(out)
    staging = _staged(catalog, tmp_path, change)
    plan, count = _export(staging, out)
    assert plan.kept is not None and plan.listing is not None and plan.kept_inputs is not None
    assert plan.stay == {"people", "papers", "meetings", "body"} and {w.part for w in plan.patched} == updated
    fresh = _fresh(staging)
    assert _tree(staging) == fresh and count == len(fresh)
    assert _tree(out) == before and {rel: os.stat(out / rel).st_ino for rel in before} == inodes
    same = [rel for rel in fresh if fresh[rel] == before.get(rel)]
    assert len(same) > len(fresh) / 2 and all(os.stat(staging / rel).st_ino == inodes[rel] for rel in same)
    assert len(fresh) - len(same) == {None: 0, "persons": 2}.get(change and change[0], len(fresh) - len(same))
    assert not spare.spare_path(out).exists()   # (taken into the staging folder)
    # comparing the catalogs: the folders of the spare made of links need no listing where the run
    # wrote nothing into them, and the comparison is the one a full listing gives
    listed, looked = spare.listed_folders(out), []
    entries = local._entries
    monkeypatch.setattr(local, "_entries", lambda folder: looked.append(folder) or entries(folder))
    compared = local.changes(staging, out, listed)
    monkeypatch.setattr(local, "_entries", entries)
    assert compared == local.changes(staging, out)
    assert {rel for rel in compared if rel.startswith("oparl/")} == {
        rel for rel in set(fresh) | set(before) if fresh.get(rel) != before.get(rel)}
    if change is None:
        assert [f for f in looked if "/oparl" in f] == []


def test_a_published_file_edited_by_hand_is_written_anew_through_a_spare_made_of_links(catalog, tmp_path):  # noqa: F811
    """The spare made of links shares the published files: one edited by hand after its record is
    edited in both. The listing says so, and the run writes it anew instead of keeping the link."""
    from publish.oparl import spare

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    person = next(p for p in sorted((out / "oparl").rglob("*.json")) if "/person/" in p.as_posix())
    person.write_bytes(b"edited by hand\n")
    os.utime(person, ns=(person.stat().st_mtime_ns + 2 * 10**9,) * 2)   # file times are coarse
    spare.prefetch(out)
    staging = _staged(catalog, tmp_path)
    plan, count = _export(staging, out)
    assert plan.kept is not None and plan.listing is not None and len(plan.listing.edited) == 1
    fresh = _fresh(staging)
    assert _tree(staging) == fresh and count == len(fresh)
    rel = person.relative_to(out).as_posix()
    assert (staging / rel).read_bytes() == fresh[rel] != person.read_bytes() == b"edited by hand\n"
    assert os.stat(staging / rel).st_ino != os.stat(person).st_ino


def _sessions_split(monkeypatch, out):
    """The published tree's folders with more than two sub-folders split into pieces (a city's
    oparl/agendaitem has one per session); at least one such folder there is."""
    from publish.oparl import spare

    monkeypatch.setattr(spare, "_SPLIT", 2)
    seeding = spare._begin_seed(out)
    assert seeding is not None and len(seeding.holders) > 1   # (oparl/ and a folder of pieces)
    return seeding


def test_the_processes_making_the_spare_each_take_the_pieces_the_other_has_not(catalog, tmp_path, monkeypatch):  # noqa: F811
    """Each piece of the tree goes to the process that makes its folder first: one going from the last
    piece takes them all when it comes first, the other then links only the files of the folders that
    hold the pieces. Together they make the whole spare, its listing and folders as a walk of it gives."""
    from publish import local
    from publish.oparl import spare, tree

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    seeding = _sessions_split(monkeypatch, out)
    since = os.stat(out / tree.DIGESTS).st_mtime_ns
    backwards = spare._seed_units(out, seeding, since, 1)
    forwards = spare._seed_units(out, seeding, since, 0)
    holders = {os.path.join(rel, "") for rel in seeding.holders}
    assert set(forwards[1]) == holders and not holders & set(backwards[1])
    assert len(forwards[0].paths) < len(backwards[0].paths)
    listing, (made, published) = spare._finish_seed(out, seeding, [forwards, backwards])
    kept = spare.spare_path(out)
    assert _tree(kept) == _tree(out)
    assert all(os.stat(kept / rel).st_ino == os.stat(out / rel).st_ino for rel in _tree(out))
    walked = tree.list_tree(kept, since)
    assert (listing.paths == walked.paths).all() and len(listing.paths) == len(_tree(out))
    assert published.entries == local.list_folders(out, "oparl").entries
    assert made.entries.keys() == published.entries.keys()
    assert {rel: e[0] for rel, e in made.entries.items()} == {
        rel: os.stat(kept / rel).st_mtime_ns for rel in made.entries}   # (the times as set back)


def test_a_spare_with_a_piece_missing_is_not_made(catalog, tmp_path, monkeypatch):  # noqa: F811
    """A process that did not finish its pieces (it failed, or died) leaves no spare: the run builds
    the export's parts whole rather than take a tree with holes."""
    from publish.oparl import spare

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    seeding = _sessions_split(monkeypatch, out)
    forwards = spare._seed_units(out, dataclasses.replace(seeding, units=seeding.units[:-1]), None, 0)
    assert spare._finish_seed(out, seeding, [forwards]) is None
    assert spare._finish_seed(out, seeding, None) is None
    assert not spare.spare_path(out).exists() and not seeding.building.exists()


def test_prefetch_makes_the_spare_with_two_processes_as_one_makes_it(catalog, tmp_path, monkeypatch):  # noqa: F811
    from publish.oparl import spare, tree

    trees = []
    for name in ("alone", "side-by-side"):
        out = tmp_path / name / "public"
        shutil.copytree(catalog, out)
        monkeypatch.setattr(spare, "_SPLIT", 2)
        if name == "alone":
            assert spare.seed(out) is not None
            listing = tree.list_tree(spare.spare_path(out), None)
        else:
            spare.prefetch(out)
            job = spare._prefetched[out]
            job.join_listing(timeout=120)
            assert job.seeding and job.listing is not None and job.folders is not None
            listing = job.listing
        trees.append((_tree(spare.spare_path(out)), listing.paths.tolist()))
    assert trees[0] == trees[1] and trees[0][0]


def test_a_published_catalog_without_a_record_gives_no_spare_and_leaves_nothing_behind(catalog, tmp_path):  # noqa: F811
    from publish.catalog_files import parquet_name
    from publish.oparl import spare
    from publish.oparl.tree import DIGESTS

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    (out / DIGESTS).unlink()
    assert spare.seed(out) is None
    shutil.copy(catalog / DIGESTS, out / DIGESTS)
    (out / parquet_name("persons")).unlink()   # (a table the export reads)
    assert spare.seed(out) is None
    assert not any(p.name.startswith(".public") for p in tmp_path.iterdir())
    shutil.copy(catalog / parquet_name("persons"), out / parquet_name("persons"))
    assert spare.seed(out) is not None and spare.seed(out) is None   # (one there already)
    assert _tree(spare.spare_path(out)) == _tree(out)


def test_a_listing_process_that_cannot_start_costs_the_run_nothing_but_time(catalog, published, tmp_path, monkeypatch):  # noqa: F811
    import concurrent.futures

    from publish.oparl import spare

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    spare.prefetch(published)
    assert spare.listed_folders(published) is None
    staging = _staged(catalog, tmp_path)
    plan, _ = _export(staging, published)
    assert plan.listing is None and plan.stay == {"people", "papers", "meetings", "body"}
    assert _tree(staging) == _fresh(staging)


def test_the_listing_says_which_kept_files_of_a_part_written_again_are_still_right(catalog, published, tmp_path,  # noqa: F811
                                                                                   monkeypatch):
    """A part written again keeps the kept files whose bytes are still right. With the prefetched
    listing, no file is looked at one by one: the listing says which were edited or removed."""
    from publish.oparl import spare, tree
    from publish.oparl.spare import spare_path

    staging = _staged(catalog, tmp_path, ("sessions", "start_time", "06:15"))   # every part written again
    fresh = _fresh(staging)
    kept = spare_path(published)
    still_right = sorted(rel for rel, data in _tree(kept).items() if fresh.get(rel) == data)
    person = kept / next(rel for rel in still_right if "/person/" in rel)
    person.write_bytes(b"edited by hand\n")
    os.utime(person, ns=(person.stat().st_mtime_ns + 2 * 10**9,) * 2)   # file times are coarse
    (kept / next(rel for rel in still_right if "/meeting/" in rel)).unlink()
    spare.prefetch(published)

    def looked_at(*args):
        raise AssertionError("a kept file was looked at one by one")

    monkeypatch.setattr(tree, "_unedited", looked_at)
    plan, count = _export(staging, published)
    assert plan.listing is not None and len(plan.listing.edited) == 1 and plan.stay == set()
    assert _tree(staging) == fresh and count == len(fresh)


def test_each_person_is_patched_into_the_page_and_place_the_list_gives(catalog, tmp_path):  # noqa: F811
    """patch.persons finds every person where the person list puts them (by first session, then id),
    on pages of 7: the page it writes is the fresh export's."""
    from publish.metadata import load_catalog
    from publish.oparl import export_files, patch, publisher, read_tables
    from publish.oparl.urls import Urls

    kept = tmp_path / "kept"
    shutil.copytree(catalog, kept)
    shutil.rmtree(kept / "oparl")
    fresh = export_files(read_tables(kept), load_catalog(), BASE, page_size=7)
    for rel, data in fresh.items():
        (kept / rel).parent.mkdir(parents=True, exist_ok=True)
        (kept / rel).write_bytes(data)
    pub = publisher(load_catalog())
    urls = Urls(BASE, pub.body_key)
    ids = pq.read_table(kept / "persons.parquet", columns=["person_id"]).column("person_id").to_pylist()
    pages = set()
    for pid in ids:
        out = patch.persons(kept, (pid,), pub, urls, page_size=7)
        assert out is not None, pid
        (person, _), (page, data) = out
        assert "/person/" in person and fresh[page] == data
        pages.add(page)
    assert len(pages) == 7


_WAITS_FOR_GO = '''
import os, time
deadline = time.monotonic() + 30
while not os.path.exists({go!r}) and time.monotonic() < deadline:
    time.sleep(0.01)
with open({said!r}, "w") as f:
    f.write("released" if os.path.exists({go!r}) else "timed out")
'''

_PREFETCH_PROBE = '''
import multiprocessing, pathlib, sys
sys.path.insert(0, {folder!r})
multiprocessing.get_context("forkserver").set_forkserver_preload(["waits_for_go"])
from publish.oparl import spare
published = pathlib.Path({published!r})
spare.prefetch(published)   # must not wait for the fork server, which waits for "go"
pathlib.Path({go!r}).touch()
assert spare.listed_folders(published) is not None
print("listed")
'''


def test_starting_the_listing_process_does_not_hold_up_the_run(published, tmp_path):  # noqa: F811
    """The run goes on while the listing's process starts: starting one waits for multiprocessing's
    fork server, which first imports what the run's processes need. Here the fork server's import
    waits until the run has gone past prefetch, or 30 s; it says which ended its wait."""
    import subprocess
    import sys

    go, said = tmp_path / "go", tmp_path / "said"
    (tmp_path / "waits_for_go.py").write_text(_WAITS_FOR_GO.format(go=str(go), said=str(said)))
    probe = _PREFETCH_PROBE.format(folder=str(tmp_path), published=str(published), go=str(go))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["listed"]
    assert said.read_text() == "released"


def test_joining_the_spare_waits_for_every_process_also_after_one_failed(catalog, tmp_path):  # noqa: F811
    """A process that failed leaves no spare; the one still linking is waited for before the half-made
    spare is removed, so nothing of the run writes into it afterwards."""
    import concurrent.futures
    import threading

    from publish.oparl import spare

    out = tmp_path / "public"
    shutil.copytree(catalog, out)
    job = spare._Prefetch.__new__(spare._Prefetch)
    job.output, job.listing, job.folders = out, None, None
    job.made = spare._begin_seed(out)
    failed, slow = concurrent.futures.Future(), concurrent.futures.Future()
    failed.set_exception(OSError("no space left on device"))
    finished = []

    def finish_later():
        time.sleep(0.3)
        finished.append(job.made is None and seeding.building.exists())   # (not removed before this one ends)
        slow.set_result(spare._seed_units(out, seeding, None, 0))

    seeding = job.made
    job.seeders = [failed, slow]
    later = threading.Thread(target=finish_later)
    later.start()
    job._finish_made(time.monotonic() + 30)
    later.join()
    assert finished == [True] and slow.done()
    assert job.listing is None and not spare.spare_path(out).exists() and not seeding.building.exists()
