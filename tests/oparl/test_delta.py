"""Parts of the kept tree updated object by object (publish.oparl.delta) give the bytes of a tree built
whole: for the next sessions' minutes, minutes read anew, and any other change of the tables."""
from __future__ import annotations

import random
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import schemas
from publish.oparl import KEPT_INPUTS
from tests.oparl.conftest import plain_run
from tests.oparl.test_export import BASE
from tests.oparl.test_parts_kept import _fresh, _tree

PER_SESSION = ("sessions", "attendance", "agenda_items", "votes", "vote_counts", "anfragen")


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A catalog of 60 generated minutes (one session a day, the layouts of bench.generate)."""
    from bench.generate import generate

    tmp = tmp_path_factory.mktemp("delta")
    generate(tmp / "minutes", 60, seed=7, pdf_share=0)
    plain_run(tmp / "minutes", tmp / "public", base_url=BASE)
    return tmp / "public"


def _copy(catalog, to):
    shutil.copytree(catalog, to, ignore=shutil.ignore_patterns("oparl"))
    return to


def _edit(catalog, table, edit):
    path = catalog / f"{table}.parquet"
    pq.write_table(edit(pq.read_table(path)), path)


def _without_sessions(catalog, ids):
    """The catalog as it was before the minutes of these sessions came (their papers and people too)."""
    keep = lambda t, column: t.filter(pc.invert(pc.is_in(t[column], value_set=pa.array(sorted(ids)))))  # noqa: E731
    attendance = pq.read_table(catalog / "attendance.parquet")
    others = set(keep(attendance, "session_id")["person_id"].to_pylist())
    for table in PER_SESSION:
        _edit(catalog, table, lambda t: keep(t, "session_id"))
    _edit(catalog, "papers", lambda t: keep(t, "first_session_id"))
    _edit(catalog, "persons", lambda t: t.filter(pc.is_in(t["person_id"], value_set=pa.array(sorted(others)))))


def _set(table, column, row, value):
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.column_names.index(column), column,
                            pa.array(values, table.schema.field(column).type))


def _update(before, now, tmp_path):
    """Export ``before`` whole and keep its tree as the spare; then export ``now`` from it."""
    from publish.metadata import load_catalog
    from publish.oparl import write_tree

    write_tree(before, load_catalog(), BASE)
    return _next_night(before, now, tmp_path)


def _next_night(exported, now, tmp_path):
    """Keep the tree of the ``exported`` catalog as the spare and export ``now`` from it; the parts
    updated in place."""
    return {w.part for w in _updates(exported, now, tmp_path)}


def _updates(exported, now, tmp_path):
    """:func:`_next_night`, what each part updated in place wrote."""
    from publish.metadata import load_catalog
    from publish.oparl import finish_tree, spare, start_tree, write_parts

    published = tmp_path / "published"
    published.mkdir(exist_ok=True)
    spare.keep(exported, published)
    plan = start_tree(now, published, load_catalog(), BASE)
    written = write_parts(now, plan, plan.to_write)
    finish_tree(now, plan, written)
    assert not (now / KEPT_INPUTS).exists()   # (the kept tables are not published)
    return [w for w in written if w.updated]


def _last_sessions(catalog, n):
    sessions = pq.read_table(catalog / "sessions.parquet")
    dated = sessions.filter(pc.is_valid(sessions["session_date"])).sort_by([("session_date", "ascending"), ("session_id", "ascending")])
    return dated["session_id"].to_pylist()[-n:]   # (in the order they were held)


@pytest.mark.parametrize("new", [1, 3])
def test_the_next_sessions_minutes_update_every_part_in_place_as_built_whole(archive, tmp_path, new):
    now = _copy(archive, tmp_path / "now")
    before = _copy(archive, tmp_path / "before")
    _without_sessions(before, _last_sessions(archive, new))
    updated = _update(before, now, tmp_path)
    assert updated == {"people", "papers", "meetings"}
    assert _tree(now) == _fresh(now)


def test_new_minutes_rewrite_only_the_people_and_meetings_they_change(archive, tmp_path):
    """Of the people and the meetings, an update hands over only files whose bytes change: the
    objects the new sessions change (not a member's memberships in other Gremien, not the places
    other meetings were held) and the pages that list them."""
    from publish.metadata import load_catalog
    from publish.oparl import write_tree

    now = _copy(archive, tmp_path / "now")
    before = _copy(archive, tmp_path / "before")
    _without_sessions(before, _last_sessions(archive, 3))
    write_tree(before, load_catalog(), BASE)
    written = {w.part: w for w in _updates(before, now, tmp_path)}
    assert {"people", "meetings"} <= set(written)
    for part in ("people", "meetings"):
        assert written[part].written > 0
        assert written[part].count == written[part].written, part
    assert _tree(now) == _fresh(now)


def test_new_minutes_that_change_a_persons_and_a_papers_row_update_in_place(archive, tmp_path):
    """The night's minutes name a person and a paper anew (their rows differ; neither is gone)."""
    now = _copy(archive, tmp_path / "now")
    before = _copy(archive, tmp_path / "before")
    last = _last_sessions(archive, 2)
    _without_sessions(before, last)
    persons = pq.read_table(before / "persons.parquet")
    _edit(before, "persons", lambda t: _set(t, "given_name", len(persons) // 2, "Anders"))
    papers = pq.read_table(before / "papers.parquet")
    _edit(before, "papers", lambda t: _set(t, "title", len(papers) // 2, "Ein anderer Titel"))
    assert _update(before, now, tmp_path) == {"people", "papers", "meetings"}
    assert _tree(now) == _fresh(now)


def test_two_nights_of_new_minutes_in_a_row(archive, tmp_path):
    """The record written by an update serves the next one."""
    last = _last_sessions(archive, 4)
    first_night, second_night = _copy(archive, tmp_path / "n1"), _copy(archive, tmp_path / "n2")
    before = _copy(archive, tmp_path / "before")
    _without_sessions(before, set(last))
    _without_sessions(first_night, set(last[2:]))
    assert _update(before, first_night, tmp_path) == {"people", "papers", "meetings"}
    assert _next_night(first_night, second_night, tmp_path) == {"people", "papers", "meetings"}
    assert _tree(second_night) == _fresh(second_night)


@pytest.mark.parametrize("table, column, updated", [
    ("agenda_items", "title", {"meetings"}),
    ("votes", "result_text", {"meetings"}),
    ("attendance", "status", {"meetings"}),
    ("attendance", "member_role", {"people"}),
    ("sessions", "end_time", {"meetings"}),
    ("papers", "title", {"papers"}),
])
def test_minutes_read_anew_update_the_parts_they_touch_in_place(archive, tmp_path, table, column, updated):
    before = _copy(archive, tmp_path / "before")
    now = _copy(archive, tmp_path / "now")
    data = pq.read_table(now / f"{table}.parquet")
    values = data.column(column).to_pylist()
    row = len(values) // 2
    other = next(v for v in values if v != values[row] and v is not None)
    _edit(now, table, lambda t: _set(t, column, row, other))
    assert _update(before, now, tmp_path) == updated
    assert _tree(now) == _fresh(now)


def test_a_session_gone_or_one_before_the_last_builds_the_parts_whole(archive, tmp_path):
    before = _copy(archive, tmp_path / "before")
    now = _copy(archive, tmp_path / "now")
    sessions = pq.read_table(archive / "sessions.parquet").sort_by("session_date")["session_id"].to_pylist()
    _without_sessions(now, {sessions[len(sessions) // 2]})
    assert "meetings" not in _update(before, now, tmp_path)
    assert _tree(now) == _fresh(now)
    # and the minutes of a session before the last one, arriving late, are no new meeting at the end
    shutil.rmtree(tmp_path / "published", ignore_errors=True)
    shutil.rmtree(tmp_path / ".published.oparl-spare", ignore_errors=True)
    late = _copy(archive, tmp_path / "late")
    assert "meetings" not in _update(now, late, tmp_path)
    assert _tree(late) == _fresh(late)


@pytest.mark.parametrize("seed", range(12))
def test_any_change_of_the_tables_gives_the_tree_built_whole(archive, tmp_path, seed):
    """A few cells of the tables the export reads set to another row's value: whether a part is
    updated in place or built whole, the tree is the one built whole."""
    from publish.oparl.mapping import READS

    rnd = random.Random(seed)
    before = _copy(archive, tmp_path / "before")
    now = _copy(archive, tmp_path / "now")
    for _ in range(rnd.choice((1, 2, 5))):
        table = rnd.choice(sorted(READS))
        column = rnd.choice(sorted(READS[table]))
        data = pq.read_table(now / f"{table}.parquet")
        if len(data) < 2:
            continue
        row, source = rnd.sample(range(len(data)), 2)
        edited = _set(data, column, row, data.column(column)[source].as_py())
        key = schemas.primary_key(table)   # (a catalog with a key twice is not valid: never exported)
        if len(set(zip(*(edited.column(c).to_pylist() for c in key)))) == len(edited):
            _edit(now, table, lambda t: edited)
    _update(before, now, tmp_path)
    assert _tree(now) == _fresh(now)


def test_a_night_on_which_every_part_stays_keeps_the_list_record_for_the_next(archive, tmp_path):
    """The list record goes on with the parts that stay (from the kept one): the night after a night
    without change, new minutes still update the parts in place."""
    from publish.oparl.lists import LISTS

    last = _last_sessions(archive, 2)
    before, quiet, busy = (_copy(archive, tmp_path / name) for name in ("before", "quiet", "busy"))
    for catalog in (before, quiet):
        _without_sessions(catalog, set(last))
    assert _update(before, quiet, tmp_path) == set()
    assert (quiet / LISTS).is_file()
    assert _next_night(quiet, busy, tmp_path) == {"people", "papers", "meetings"}
    assert _tree(busy) == _fresh(busy)


def test_a_night_on_which_every_part_stays_takes_the_kept_list_record_unread(archive, tmp_path, monkeypatch):
    """Reading the record back and writing it again was 0.6 s and 210 MB at 10,000 minutes: the same bytes."""
    from publish.metadata import load_catalog
    from publish.oparl import lists, write_tree

    before, quiet = (_copy(archive, tmp_path / name) for name in ("before", "quiet"))
    write_tree(before, load_catalog(), BASE)
    record = (before / lists.LISTS).read_bytes()

    def unread(*args, **kwargs):
        raise AssertionError("the kept list record was read")

    monkeypatch.setattr(lists, "read_tables", unread)
    monkeypatch.setattr(lists, "write", unread)
    assert _next_night(before, quiet, tmp_path) == set()
    assert (quiet / lists.LISTS).read_bytes() == record
    assert _tree(quiet) == _fresh(quiet)
