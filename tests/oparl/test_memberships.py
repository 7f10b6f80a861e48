"""Memberships from the attendance lists: each one's role fields are those of its latest session and its
created/modified the earliest and latest session instants (the first of equal instants), in the order
first met, whatever the order of the rows. Held to a plain reading of the rule over random lists around
the changes to and from summer time (where a time's text and its instant sort differently)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from publish.oparl.mapping import MEMBER_ROLES, OPARL, ROLE_TEXT, SEATED, Publisher, _clean, _span, _when, build
from publish.oparl.urls import Urls

DAYS = [dt.date(2024, 3, 31), dt.date(2024, 4, 1), dt.date(2024, 10, 27), dt.date(2025, 1, 2)]
TIMES = [None, "01:30", "02:00", "02:30", "03:00", "03:30", "18:00"]
PUBLISHER = Publisher(system_name="Test", body_name="Stadt Test", body_key="stadt-test")
URLS = Urls("https://example.org/data/", PUBLISHER.body_key)

row_st = st.fixed_dictionaries({
    "session": st.integers(0, 5), "person_id": st.sampled_from(["a-1", "b-2", "c-3"]),
    "group": st.sampled_from([None, "SPD", "CDU", "Grüne"]), "group_type": st.sampled_from(["faction", "other", None]),
    "role": st.sampled_from(["member", "advisory_member", "chair", "administration", None]),
    "member_role": st.sampled_from([None, "Rm", "sB"]),
})
session_st = st.tuples(st.sampled_from(DAYS), st.sampled_from(TIMES), st.sampled_from(["Rat", "Bauausschuss", None]))


def _by_rule(sessions: list[dict], attendance: list[dict]) -> dict[str, dict]:
    """Every (person, organization) of the rows in session order, with all its times, read plainly."""
    when = {s["session_id"]: _when(s["session_date"], s["start_time"]) for s in sessions}
    committee = {s["session_id"]: URLS.organization("gremium", s["committee"]) for s in sessions if s["committee"]}
    times, latest = defaultdict(list), {}
    for a in sorted(attendance, key=lambda a: (when[a["session_id"]], a["session_id"], a["person_id"])):
        faction = URLS.organization("fraktion", a["group"]) if a["group_type"] == "faction" and a["group"] else None
        seated = committee.get(a["session_id"]) if a["role"] in SEATED else None
        role = MEMBER_ROLES.get(a["member_role"] or "") or ROLE_TEXT.get(a["role"], "Mitglied")
        for org, extra in ((faction, {"role": ROLE_TEXT.get("member", "Mitglied")}),
                           (seated, {"role": role, "votingRight": a["role"] != "advisory_member", "onBehalfOf": faction})):
            if org is not None:
                url = URLS.membership(a["person_id"], org)
                times[url].append(when[a["session_id"]])
                latest[url] = (a["person_id"], org, extra)
    return {url: _clean({"id": url, "type": OPARL + "Membership", "person": URLS.person(person), "organization": org,
                         **extra, **_span(times[url])}) for url, (person, org, extra) in latest.items()}


@settings(max_examples=300, deadline=None)
@given(st.lists(session_st, min_size=1, max_size=6), st.lists(row_st, max_size=25))
def test_memberships_as_by_the_rule(session_list, rows):
    sessions = [{"session_id": f"s{n}", "session_date": day, "start_time": time, "committee": committee,
                 "legislative_term": None} for n, (day, time, committee) in enumerate(session_list)]
    attendance, seen = [], set()
    for r in rows:   # (one row per person and session, as the table's key has it)
        sid = f"s{r['session'] % len(sessions)}"
        if (sid, r["person_id"]) not in seen:
            seen.add((sid, r["person_id"]))
            attendance.append({**{k: v for k, v in r.items() if k != "session"}, "session_id": sid, "status": "present"})
    persons = [{"person_id": p, "form_of_address": None, "academic_title": None, "given_name": None, "family_name": p}
               for p in sorted({a["person_id"] for a in attendance})]
    people = next(build({"sessions": sessions, "attendance": attendance, "persons": persons}, PUBLISHER, URLS,
                        parts=("people",)))
    expected = _by_rule(sessions, attendance)
    got = {url: obj for url, obj in people.objects.items() if obj["type"] == OPARL + "Membership"}
    assert list(got) == list(expected)
    assert [list(o.items()) for o in got.values()] == [list(o.items()) for o in expected.values()]


def test_a_time_summer_time_skips_after_a_later_one_of_the_same_instant_is_the_membership_s_modified():
    # 2024-03-31 02:30 does not exist: it is the instant of 03:30, and its text sorts before 03:00's
    sessions = [{"session_id": f"s{n}", "session_date": dt.date(2024, 3, 31), "start_time": t, "committee": "Rat",
                 "legislative_term": None} for n, t in enumerate(["02:30", "03:00", "03:30"])]
    attendance = [{"session_id": s["session_id"], "person_id": "a-1", "group": None, "group_type": None,
                   "role": "member", "member_role": None, "status": "present"} for s in sessions]
    persons = [{"person_id": "a-1", "form_of_address": None, "academic_title": None, "given_name": None,
                "family_name": "A"}]
    people = next(build({"sessions": sessions, "attendance": attendance, "persons": persons}, PUBLISHER, URLS,
                        parts=("people",)))
    (membership,) = [o for o in people.objects.values() if o["type"] == OPARL + "Membership"]
    assert (membership["created"], membership["modified"]) == ("2024-03-31T03:00:00+02:00", "2024-03-31T02:30:00+01:00")
