"""The attendance rows a night's update of the people's part is built from (delta._organizations_rows):
all rows of the changed persons; of each other member of the Gremien and Fraktionen touched the first
row by which they are one (said only that); each Fraktion's first and last row. Held to a plain reading
of that rule over random lists with missing values, equal instants and summer-time changes."""
from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.oparl.delta import _organizations_rows
from publish.oparl.mapping import SEATED, _instant, _when

DAYS = [dt.date(2024, 3, 31), dt.date(2024, 10, 27), dt.date(2025, 1, 2)]
TIMES = [None, "02:00", "02:30", "03:00", "18:00"]
PERSONS = ["p1", "p2", "p3", "p4", None]

session_st = st.tuples(st.sampled_from(DAYS), st.sampled_from(TIMES), st.sampled_from(["A", "B", None]))
row_st = st.fixed_dictionaries({
    "session": st.integers(0, 4),   # (a session that is not in the sessions table too)
    "person_id": st.sampled_from(PERSONS), "group": st.sampled_from(["F1", "F2", None]),
    "group_type": st.sampled_from(["faction", "other", None]),
    "role": st.sampled_from(["member", "chair", "advisory_member", "guest", None]),
})


def _by_rule(sessions: list[dict], attendance: list[dict], persons, committees, factions) -> list[dict]:
    instant = {s["session_id"]: _instant(_when(s["session_date"], s["start_time"])) for s in sessions}
    committee = {s["session_id"]: s["committee"] for s in sessions}
    order = sorted(range(len(attendance)), key=lambda i: instant.get(attendance[i]["session_id"], math.inf))
    by_faction, by_committee = set(), set()
    first: dict = {}
    for i in order:
        a = attendance[i]
        if a["person_id"] in persons:
            continue
        if a["group_type"] == "faction" and a["group"] in factions:
            if a["person_id"] is not None:
                first.setdefault(("f", a["person_id"], a["group"]), i)
            first.setdefault(("first", a["group"]), i)
            first[("last", a["group"])] = i
        seat = committee.get(a["session_id"])
        if seat in committees and a["role"] in SEATED and a["person_id"] is not None:
            first.setdefault(("c", a["person_id"], seat), i)
    for key, i in first.items():
        (by_committee if key[0] == "c" else by_faction).add(i)
    out = []
    for i, a in enumerate(attendance):
        if a["person_id"] in persons or i in by_faction or i in by_committee:
            out.append({**a, "role": None if i in by_faction - by_committee else a["role"],
                        "group_type": None if i in by_committee - by_faction else a["group_type"]})
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(session_st, min_size=0, max_size=4), st.lists(row_st, max_size=25),
       st.sets(st.sampled_from(PERSONS[:-1])), st.sets(st.sampled_from(["A", "B"])), st.sets(st.sampled_from(["F1", "F2"])))
def test_the_rows_are_those_the_rule_names(session_list, rows, persons, committees, factions):
    sessions = [{"session_id": f"s{n}", "session_date": day, "start_time": time, "committee": committee}
                for n, (day, time, committee) in enumerate(session_list)]
    attendance = [{"session_id": f"s{r['session']}", **{k: v for k, v in r.items() if k != "session"}} for r in rows]
    tables = {
        "sessions": pa.Table.from_pylist(sessions, pa.schema([("session_id", pa.string()), ("session_date", pa.date32()),
                                                              ("start_time", pa.string()), ("committee", pa.string())])),
        "attendance": pa.Table.from_pylist(attendance, pa.schema([(c, pa.string()) for c in
                                                                  ("session_id", "person_id", "group", "group_type", "role")])),
    }
    got = _organizations_rows(tables, persons, committees, factions).to_pylist()
    assert got == _by_rule(sessions, attendance, persons, committees, factions)
