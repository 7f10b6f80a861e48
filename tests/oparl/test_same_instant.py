"""Whether another session is at the instant of a changed one (publish.oparl.delta._at_the_same_time)
compares only the sessions of the days around the changed ones; these tests hold it to the rule over
every session, around the changes to and from summer time."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from publish.oparl.delta import _at_the_same_time
from publish.oparl.mapping import _instant, _when

DAYS = [dt.date(2024, 3, 30) + dt.timedelta(days=n) for n in range(3)] + \
       [dt.date(2024, 10, 26) + dt.timedelta(days=n) for n in range(3)]
TIMES = [None, "00:00", "01:59", "02:00", "02:30", "03:00", "03:30", "23:30"]

session_st = st.tuples(st.sampled_from(DAYS), st.sampled_from(TIMES))


def _tables(sessions: list[tuple[dt.date, str | None]], prefix: str) -> dict[str, pa.Table]:
    return {"sessions": pa.table({"session_id": pa.array([f"{prefix}{n}" for n in range(len(sessions))], pa.string()),
                                  "session_date": pa.array([d for d, _ in sessions], pa.date32()),
                                  "start_time": pa.array([t for _, t in sessions], pa.string())})}


def _by_rule(changed: set[str], before: dict, now: dict) -> bool:
    """Every session of both tables by its instant; one of ``changed`` shares its instant with another."""
    instants: dict[float, set[str]] = {}
    for tables in (before, now):
        for s in tables["sessions"].to_pylist():
            instants.setdefault(_instant(_when(s["session_date"], s["start_time"])), set()).add(s["session_id"])
    return any(len(ids) > 1 and ids & changed for ids in instants.values())


@settings(max_examples=400, deadline=None)
@given(st.lists(session_st, min_size=1, max_size=12), st.lists(session_st, max_size=12), st.data())
def test_the_same_instant_as_by_the_rule(now_sessions, before_sessions, data):
    # (before: some of the same ids at other times, and ids of its own)
    now, before = _tables(now_sessions, "s"), _tables(before_sessions, "s" if data.draw(st.booleans()) else "b")
    ids = sorted(set(now["sessions"]["session_id"].to_pylist()) | set(before["sessions"]["session_id"].to_pylist()))
    changed = set(data.draw(st.lists(st.sampled_from(ids), max_size=3)))
    assert _at_the_same_time(changed, before, now) == _by_rule(changed, before, now)


def test_a_time_summer_time_skips_is_the_instant_an_hour_later():
    now = _tables([(dt.date(2024, 3, 31), "02:30"), (dt.date(2024, 3, 31), "03:30")], "s")
    assert _at_the_same_time({"s0"}, now, now)
    alone = _tables([(dt.date(2024, 3, 31), "02:30")], "s")
    assert not _at_the_same_time({"s0"}, alone, alone)


def test_no_changed_session_is_at_no_instant():
    now = _tables([(dt.date(2024, 3, 31), "10:00"), (dt.date(2024, 3, 31), "10:00")], "s")
    assert not _at_the_same_time(set(), now, now)
    assert _at_the_same_time({"s1"}, now, now)
