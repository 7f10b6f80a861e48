"""Which keys have rows that differ between the kept tree's tables and tonight's (delta.differing):
compared run by run, the same keys as comparing the rows as sets, or more, never fewer."""
from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from publish.oparl.delta import _differing_rows, differing

COLUMNS = ("session_id", "person_id", "status", "count")
SCHEMA = pa.schema([("session_id", pa.string()), ("person_id", pa.string()), ("status", pa.string()),
                    ("count", pa.int64())])


def _rows(rng: random.Random, sessions: int) -> list[dict]:
    return [{"session_id": f"s{s:03d}", "person_id": f"p{rng.randrange(40)}",
             "status": rng.choice(["present", "absent", None, ""]), "count": rng.choice([1, 2, None])}
            for s in range(sessions) for _ in range(rng.randrange(0, 6))]


def _table(rows: list[dict]) -> pa.Table:
    """Sorted as a catalog's table is: by the key, then by the whole row."""
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    return table.take(pc.sort_indices(table, sort_keys=[(c, "ascending", "at_end") for c in COLUMNS]))


# other values a cell may take in an edit, each of its column's type
EDITS = {"person_id": ["x", None, ""], "status": ["x", None, ""], "count": [0, 7, None]}


def _edited(rng: random.Random, rows: list[dict]) -> list[dict]:
    """The rows after a few random edits: a cell changed, a row gone, a row added, a session gone."""
    rows = [dict(r) for r in rows]
    for _ in range(rng.randrange(1, 6)):
        what = rng.randrange(4)
        if what == 0 and rows:
            column = rng.choice(list(EDITS))
            rows[rng.randrange(len(rows))][column] = rng.choice(EDITS[column])
        elif what == 1 and rows:
            rows.pop(rng.randrange(len(rows)))
        elif what == 2:
            rows.append({"session_id": f"s{rng.randrange(60):03d}", "person_id": "new", "status": None, "count": 3})
        elif rows:
            gone = rows[rng.randrange(len(rows))]["session_id"]
            rows = [r for r in rows if r["session_id"] != gone]
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_sorted_tables_give_the_keys_the_rows_compared_as_sets_give(seed):
    rng = random.Random(seed)
    rows = _rows(rng, 50)
    old, new = _table(rows), _table(_edited(rng, rows))
    expected = _differing_rows(old, new, "session_id", COLUMNS)
    found = differing(old, new, "session_id", COLUMNS)
    assert found >= expected
    # (a row twice in a table is the one way the runs name more keys than the sets, sorted tables given)
    if all(len({tuple(r.values()) for r in t.to_pylist()}) == t.num_rows for t in (old, new)):
        assert found == expected


def test_the_same_rows_give_no_key_and_a_changed_cell_gives_its_own():
    rows = _rows(random.Random(1), 30)
    old = _table(rows)
    assert differing(old, _table(rows), "session_id", COLUMNS) == set()
    row = next(r for r in rows if r["status"] == "present")
    changed = [dict(r, status="absent") if r is row else r for r in rows]
    assert differing(old, _table(changed), "session_id", COLUMNS) == {row["session_id"]}


def test_a_missing_value_equals_only_a_missing_value():
    rows = [{"session_id": "s1", "person_id": "p1", "status": None, "count": None}]
    old = _table(rows)
    assert differing(old, _table([dict(rows[0], status="")]), "session_id", COLUMNS) == {"s1"}
    assert differing(old, _table([dict(rows[0], count=0)]), "session_id", COLUMNS) == {"s1"}
    assert differing(old, _table(rows), "session_id", COLUMNS) == set()


def test_rows_of_a_key_in_another_order_name_that_key_at_most():
    rows = [{"session_id": "s1", "person_id": p, "status": "present", "count": 1} for p in ("a", "b")]
    old = pa.Table.from_pylist(rows, schema=SCHEMA)
    new = pa.Table.from_pylist(rows[::-1], schema=SCHEMA)
    assert _differing_rows(old, new, "session_id", COLUMNS) == set()
    assert differing(old, new, "session_id", COLUMNS) <= {"s1"}


@pytest.mark.parametrize("keys", [["s2", "s1", "s2"], ["s1", None, "s1"]])
def test_tables_not_in_runs_of_the_key_are_compared_as_sets(keys):
    rows = [{"session_id": k, "person_id": f"p{i}", "status": "present", "count": 1} for i, k in enumerate(keys)]
    old = pa.Table.from_pylist(rows, schema=SCHEMA)
    new = pa.Table.from_pylist([dict(r, count=2) if r["person_id"] == "p2" else r for r in rows], schema=SCHEMA)
    assert differing(old, new, "session_id", COLUMNS) == _differing_rows(old, new, "session_id", COLUMNS) == {keys[2]}


def test_empty_tables():
    empty = SCHEMA.empty_table()
    rows = _rows(random.Random(3), 5)
    assert differing(empty, empty, "session_id", COLUMNS) == set()
    assert differing(empty, _table(rows), "session_id", COLUMNS) == {r["session_id"] for r in rows}
    assert differing(_table(rows), empty, "session_id", COLUMNS) == {r["session_id"] for r in rows}
