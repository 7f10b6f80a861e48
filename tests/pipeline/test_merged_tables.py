"""persons and papers, merged from what every document says, against the rules written out row by row.

The merges run in Arrow over a city's attendance list and paper sources; these tests state each
rule once more in plain Python (sort, then take the first or last row per key) and compare, on
tables with ties, missing values, "" and dates a session does not have.
"""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schemas
from transforms import tables as T

SESSIONS = ["s1", "s2", "s3", "s4"]   # s4 is in no sessions table: its listings have no date
TEXT = st.one_of(st.none(), st.just(""), st.sampled_from(["a", "b", "Ä", "b b"]))
LINES = st.one_of(st.none(), st.integers(1, 4))
DATES = st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 4)))


def _blank(v):
    return None if v == "" else v


def _order_key(*values):
    """Ascending, missing values last (as the tables sort)."""
    return tuple((v is None, v if v is not None else 0 if isinstance(v, int) else "") for v in values)


def _date_map(sessions: list[dict]) -> dict:
    found = {}
    for s in sessions:
        found.setdefault(s["session_id"], s["session_date"])
    return {k: v.isoformat() if v else None for k, v in found.items()}


def _table(rows: list[dict], table: str) -> pa.Table:
    """Rows as the loose Arrow table, in two chunks (as the fragments of a run give them)."""
    schema = schemas.loose_arrow_schema(table)
    half = len(rows) // 2
    return pa.concat_tables([pa.Table.from_pylist(rows[:half], schema=schema),
                             pa.Table.from_pylist(rows[half:], schema=schema)])


def _date(iso):
    return dt.date.fromisoformat(iso) if iso else None


sessions_st = st.lists(st.fixed_dictionaries({"session_id": st.sampled_from(SESSIONS[:3]), "session_date": DATES}),
                       max_size=6)


def _session_table(sessions: list[dict]) -> pa.Table:
    schema = schemas.loose_arrow_schema("sessions")
    full = [{**{f.name: None for f in schema}, **s} for s in sessions]
    return pa.Table.from_pylist(full, schema=schema)


listing_st = st.fixed_dictionaries({
    "session_id": st.sampled_from(SESSIONS), "person_id": st.sampled_from(["p1", "p2", "p3"]),
    "given_name": TEXT, "group": TEXT, "form_of_address": TEXT, "academic_title": TEXT, "family_name": TEXT,
    "source_file": st.one_of(st.none(), st.sampled_from(["a.txt", "b.txt"])), "document_id": TEXT,
    "line_start": LINES, "line_end": LINES,
})


def _persons_by_rule(listings: list[dict], dates: dict) -> dict[str, dict]:
    rows = [{k: _blank(v) for k, v in r.items()} | {"date": dates.get(r["session_id"])} for r in listings]
    rows.sort(key=lambda r: _order_key(r["date"], r["session_id"], r["source_file"], r["line_start"]))
    out = {}
    for pid in dict.fromkeys(r["person_id"] for r in rows):
        mine = [r for r in rows if r["person_id"] == pid]
        first, last = mine[0], mine[-1]
        named = [r["given_name"] for r in mine if r["given_name"] is not None]
        groups = list(dict.fromkeys(r["group"] for r in mine if r["group"] is not None))
        out[pid] = {
            "person_id": pid, "form_of_address": last["form_of_address"], "academic_title": last["academic_title"],
            "given_name": named[-1] if named else None, "family_name": last["family_name"],
            "groups": T.LIST_SEP.join(groups) if groups else None,
            "first_session_id": first["session_id"], "first_session_date": _date(first["date"]),
            "last_session_id": last["session_id"], "last_session_date": _date(last["date"]),
            "session_count": len({r["session_id"] for r in mine}),
            "document_id": first["document_id"], "source_file": first["source_file"],
            "line_start": first["line_start"], "line_end": first["line_end"],
        }
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(listing_st, min_size=1, max_size=25), sessions_st)
def test_persons_follow_the_rules(listings, sessions):
    schema = schemas.loose_arrow_schema("attendance")
    full = [{**{f.name: None for f in schema}, **r} for r in listings]
    got = T.persons(_table(full, "attendance"), T.session_dates(_session_table(sessions)))
    assert got.schema == schemas.loose_arrow_schema("persons")
    assert {r["person_id"]: r for r in got.to_pylist()} == _persons_by_rule(listings, _date_map(sessions))


source_st = st.fixed_dictionaries({
    "paper_id": st.sampled_from(["d1", "d2", "d3"]), "rank": st.integers(0, 1),
    "date": st.one_of(st.none(), st.just(""), st.sampled_from(["2020-01-01", "2020-01-02"])),
    "document_id": TEXT, "source_file": st.one_of(st.none(), st.sampled_from(["a.txt", "b.txt"])),
    "line_start": LINES, "line_end": LINES, "paper_type": TEXT, "paper_reference": TEXT, "title": TEXT,
    "originator": TEXT, "signatories": TEXT, "committee": TEXT,
    "session_date": st.one_of(st.none(), st.just(""), st.sampled_from(["2020-02-01", "2020-02-02"])),
    "referenced_papers": TEXT,
})
item_st = st.fixed_dictionaries({"session_id": st.one_of(st.just(""), st.sampled_from(SESSIONS)),
                                 "paper_reference": st.one_of(st.none(), st.just(""), st.sampled_from(["d1", "d2", "x"]))})


def _papers_by_rule(sources: list[dict], items: list[dict], dates: dict) -> dict[str, dict]:
    rows = [{k: _blank(v) for k, v in r.items()} for r in sources]
    for r in rows:
        r["date"] = r["date"] or ""   # undated sources come first among their rank
    rows.sort(key=lambda r: _order_key(r["rank"], r["date"], r["source_file"], r["line_start"]))
    seen = [{k: _blank(v) for k, v in i.items()} for i in items if _blank(i["paper_reference"]) is not None]
    for i in seen:
        i["date"] = dates.get(i["session_id"])
    seen.sort(key=lambda i: _order_key(i["date"], i["session_id"]))
    out = {}
    for pid in dict.fromkeys(r["paper_id"] for r in rows):
        mine = [r for r in rows if r["paper_id"] == pid]
        dealt = [i for i in seen if i["paper_reference"] == pid]
        first = mine[0]
        stated = {c: next((r[c] for r in mine if r[c] is not None), None) for c in T._MERGED}
        stated["session_date"] = _date(stated["session_date"])
        out[pid] = {
            "paper_id": pid, "paper_type": first["paper_type"], **stated,
            "consultation_count": len(dealt),
            "first_session_id": dealt[0]["session_id"] if dealt else None,
            "last_session_id": dealt[-1]["session_id"] if dealt else None,
            **{c: first[c] for c in ("document_id", "source_file", "line_start", "line_end")},
        }
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(source_st, min_size=1, max_size=20), st.lists(item_st, max_size=15), sessions_st)
def test_papers_follow_the_rules(sources, items, sessions):
    item_schema = schemas.loose_arrow_schema("agenda_items")
    full_items = [{**{f.name: None for f in item_schema}, **i} for i in items]
    discussed = _table(full_items, "agenda_items").select(list(T.PAPERS_READ_FROM_ITEMS))
    got = T.papers(_table(sources, T.PAPER_SOURCES), discussed, T.session_dates(_session_table(sessions)))
    assert got.schema == schemas.loose_arrow_schema("papers")
    assert {r["paper_id"]: r for r in got.to_pylist()} == _papers_by_rule(sources, items, _date_map(sessions))


def test_no_rows_give_empty_tables():
    dates = T.session_dates(_session_table([]))
    assert T.persons(_table([], "attendance"), dates).num_rows == 0
    empty_items = _table([], "agenda_items").select(list(T.PAPERS_READ_FROM_ITEMS))
    assert T.papers(_table([], T.PAPER_SOURCES), empty_items, dates).num_rows == 0
