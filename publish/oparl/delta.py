"""Parts of the kept tree brought up to date object by object, instead of building the part again.

A night's new minutes, or a few minutes read anew, change some sessions out of thousands, yet
each part of the export they touch was built whole again: the people, papers and meetings of the
whole archive, for a few hundred files that differ. Here the rows that differ from the kept
tree's tables name the sessions, papers and persons they belong to; the part is built from the
rows that make those objects whole (and from nothing else), from tonight's tables and, unless rows
were only added, from the kept tree's too (to see whether an object is gone); and the objects made
whole are written with the list pages that hold them, the pages' other objects taken from the kept
pages as they are.

This is done only when each such object keeps its place in its list, or is new and comes after
every object the list had (the next sessions' minutes), and none of them is gone; otherwise the part
is built whole (None). tests/oparl/test_delta.py builds every part whole beside each update and
compares the bytes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import schemas
from publish.oparl.lists import Kept, Listed
from publish.oparl.mapping import EPOCH, PART_READS, READS, SEATED, Export, Publisher, _instant, _when, build
from publish.oparl.tree import dumps, kept_page, page_bytes, page_count, page_meta
from publish.oparl.urls import Urls

Tables = dict[str, pa.Table]
Files = list[tuple[str, bytes]]
# what a session's, a paper's and a person's rows are found by
KEY = {kind: schemas.primary_key(kind)[0] for kind in ("sessions", "papers", "persons")}


@dataclass(frozen=True)
class Subset:
    """The rows a part is built from for an update (before and now), the objects they make whole
    (``owned``: URLs, from the part built of them), and the lists whose objects others embed
    (such an object may be rewritten only with the same bytes)."""

    before: Tables
    now: Tables
    owned: Callable[[Export], set[str]]
    sessions: set[str]   # the sessions whose rows make the objects (changed, or naming what changed)
    made_of: tuple[str, ...]   # the kinds of Changes whose rows make the part's objects
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changes:
    """What differs between the kept tree's tables and tonight's (the columns the export reads)."""

    sessions: set[str]   # sessions with a row that differs in a table of sessions' rows
    papers: set[str]     # papers whose row differs
    persons: set[str]    # persons whose row differs

    def none_gone(self, before: Tables, now: Tables, kinds: tuple[str, ...]) -> bool:
        """No object made of rows of these kinds ("sessions", "papers", "persons") can be gone: each
        differing row of a session's is one of a session ``before`` did not have (rows only added),
        and each paper or person whose row differs is still there (its object is made of that row)."""
        for kind in (k for k in kinds if getattr(self, k)):
            had = _values(before[kind], KEY[kind])
            if getattr(self, kind) & (had if kind == "sessions" else had - _values(now[kind], KEY[kind])):
                return False
        return True


def changes(before: Tables, now: Tables) -> Changes:
    sessions: set[str] = set()
    for t, columns in READS.items():
        if KEY["sessions"] in columns:
            sessions |= differing(before[t], now[t], KEY["sessions"], columns)
    return Changes(sessions, *(differing(before[kind], now[kind], KEY[kind], READS[kind]) for kind in ("papers", "persons")))


def update(part: str, changed: Changes, before: Tables, now: Tables, kept: Kept, root: Path,
           publisher: Publisher, urls: Urls, page_size: int) -> tuple[Files, dict[str, Listed]] | None:
    """The files to write for ``part`` and its lists as they are then; None when the part must be
    built whole. ``before``/``now``: the columns the export reads (inputs.read) of the kept tree's
    tables and of tonight's (``changed``: what differs); ``kept``: the kept tree's list record;
    ``root``: the catalog folder the kept tree is in."""
    subset = SUBSETS[part](changed, before, now, urls)
    if subset is None or part not in kept or _at_the_same_time(subset.sessions, before, now):
        return None
    new = _built(part, subset.now, publisher, urls)
    owned = subset.owned(new)
    # An object is gone: its files and places in lists with it. Rows only added (the next sessions'
    # minutes), or a paper's or person's row changed, take no object away: every object is made
    # from the rows there are.
    if not changed.none_gone(before, now, subset.made_of) and not subset.owned(_built(part, subset.before, publisher, urls)) <= owned:
        return None
    out: Files = []
    orders = {}
    for name, members in new.lists.items():
        listed = kept[part].get(name) or Listed.empty()
        fresh = [u for u in members if u in owned]
        place = listed.places(fresh)   # (of the fresh objects only: a list is hundreds of thousands)
        if name in subset.shared:   # embedded elsewhere: one listed before stays as it is, byte for byte
            if any(u in place and _kept_bytes(root, urls, u) != dumps(new.objects[u]) for u in fresh):
                return None
            fresh = [u for u in fresh if u not in place]
        last = _instant(listed.created_at(len(listed) - 1)) if len(listed) else float("-inf")
        appended, staying = [], {}
        for u in fresh:
            created = new.objects[u].get("created") or EPOCH
            at = place.get(u)
            if at is None:
                if _instant(created) <= last:
                    return None
                appended.append((u, created))
            elif listed.created_at(at) != created:
                return None
            else:
                staying.setdefault(created, []).append(u)
        # the list's order now: each place's object taken from the place it had (and the appended)
        taken = np.arange(len(listed), dtype=np.int64)
        rewritten: set[int] = set()   # places in the list of objects written anew
        # Objects of one instant are in the order built, which their rows may change (an agenda item
        # read at another line): they take the places they had in the order now built. (Only among
        # objects of the changed sessions: no other session is at their instant, _at_the_same_time.)
        for created, group in staying.items():
            places = sorted(place[u] for u in group)
            for at, u in zip(places, group):
                taken[at] = place[u]   # (all of the group were created at this instant: the same created)
            rewritten.update(places)
        order = Listed(pa.concat_arrays([listed.urls.take(pa.array(taken)), pa.array([u for u, _ in appended], pa.string())]),
                       pa.concat_arrays([listed.created.take(pa.array(taken)),
                                         pa.array([c for _, c in appended], pa.string())]))
        pages = {at // page_size + 1 for at in rewritten}
        if appended:   # the first page tells the totals; the last page before gets a link to the next
            start = len(listed) // page_size + (0 if len(listed) % page_size == 0 else 1)
            pages |= {1, *range(max(1, start), page_count(len(order), page_size) + 1)}
        for number in sorted(n for n in pages if n <= page_count(len(order), page_size)):
            page_url = urls.list_page(name, number)
            page = order.urls_at((number - 1) * page_size, number * page_size)
            # the other objects of the page as the kept page has them (they keep their places)
            others = _kept_page(root / urls.path_of(page_url), listed.urls_at((number - 1) * page_size, number * page_size)
                                ) if any(u not in owned for u in page) else {}
            if others is None or any(u not in owned and u not in others for u in page):
                return None
            objects = [dumps(new.objects[u] if u in owned else others[u]) for u in page]
            meta = page_meta(number, len(order), lambda n: urls.list_page(name, n), page_size)
            out.append((urls.path_of(page_url), page_bytes(objects, meta)))
        out.extend((urls.path_of(u), dumps(new.objects[u]) + b"\n") for u in fresh)
        orders[name] = order
    return out, orders


def _at_the_same_time(sessions: set[str], before: Tables, now: Tables) -> bool:
    """Another session is at the instant of one of these (before or now). The order of objects of one
    instant then depends on rows of sessions not in the subset (a person's first membership row).

    Only the sessions of these sessions' days and the days beside them are compared: two local times
    of one instant are at most an hour apart (a time the change to summer time skips is the instant
    an hour later), and a city's sessions one by one were 0.6 s of each process's night."""
    tables = [t["sessions"].select(["session_id", "session_date", "start_time"]) for t in (before, now)]
    ids = pa.array(sorted(sessions), pa.string())
    days = {d + dt.timedelta(days=shift) for t in tables
            for d in t.filter(pc.is_in(t["session_id"], value_set=ids))["session_date"].to_pylist()
            for shift in (-1, 0, 1)}
    if not days:
        return False
    instants: dict[float, set[str]] = {}
    for t in tables:
        near = t.filter(pc.is_in(t["session_date"], value_set=pa.array(sorted(days), t.schema.field("session_date").type)))
        for s in near.to_pylist():
            instants.setdefault(_instant(_when(s["session_date"], s["start_time"])), set()).add(s["session_id"])
    return any(len(ids) > 1 and ids & sessions for ids in instants.values())


def _built(part: str, tables: Tables, publisher: Publisher, urls: Urls) -> Export:
    from publish.oparl import _rows

    return next(build({t: _rows(data) for t, data in tables.items()}, publisher, urls, parts=(part,)))


def _kept_page(path: Path, expected: list[str]) -> dict[str, dict] | None:
    """The objects of a kept list page by id, if the page holds the ``expected`` ids in this order."""
    page = kept_page(path)
    objects = page["data"] if page is not None else []
    if page is None or [o.get("id") if isinstance(o, dict) else None for o in objects] != expected:
        return None
    return {o["id"]: o for o in objects}


def _kept_bytes(root: Path, urls: Urls, url: str) -> bytes | None:
    """An object as the kept tree has it (its file without the final newline)."""
    try:
        data = (Path(root) / urls.path_of(url)).read_bytes()
    except OSError:
        return None
    return data[:-1] if data.endswith(b"\n") else None


# -- which rows differ ---------------------------------------------------------------------------

def differing(old: pa.Table, new: pa.Table, key: str, columns: tuple[str, ...]) -> set:
    """The values of ``key`` with a row (these columns) that only one of the tables has. Rows are
    compared as sets: a table's primary key is among the columns the export reads, and the export
    orders rows by their values, not by where they stand.

    The tables are read from catalogs, sorted by their primary key, ``key`` first: each key's rows
    are one run in both. A key whose runs have the same length is compared row by row, a column at
    a time; rows of a key in another order would name that key too, which only updates more objects.
    (10,000 minutes: each row made into one text and looked up among the other table's took 0.23 s
    for all tables in one process, this way 0.11 s; each export process compares them all.)"""
    old, new = old.select(list(columns)), new.select(list(columns))
    if old.equals(new):
        return set()
    runs = _runs(old[key]), _runs(new[key])
    if runs[0] is None or runs[1] is None:   # (not sorted by the key, or a missing key: as sets)
        return _differing_rows(old, new, key, columns)
    (keys_old, start_old, length_old), (keys_new, start_new, length_new) = runs
    at = np.asarray(pc.fill_null(pc.index_in(keys_old, value_set=keys_new), -1), dtype=np.int64)
    kept = at >= 0
    alike = np.zeros(len(keys_old), dtype=bool)   # in both, with as many rows
    alike[kept] = length_old[kept] == length_new[at[kept]]
    in_old = np.zeros(len(keys_new), dtype=bool)
    in_old[at[kept]] = True
    differ = set(keys_old.filter(pa.array(~alike)).to_pylist()) | set(keys_new.filter(pa.array(~in_old)).to_pylist())
    both, there = np.flatnonzero(alike), at[alike]
    rows_old = pa.array(_ranges(start_old[both], length_old[both]))
    rows_new = pa.array(_ranges(start_new[there], length_new[there]))
    unequal = np.zeros(len(rows_old), dtype=bool)
    for column in columns:
        a, b = old[column].take(rows_old), new[column].take(rows_new)
        same = pc.or_kleene(pc.equal(a, b), pc.and_(pc.is_null(a), pc.is_null(b)))   # (null: as the other null)
        unequal |= ~np.asarray(pc.fill_null(same, False).combine_chunks(), dtype=bool)
    return differ | set(keys_old.take(pa.array(np.unique(np.repeat(both, length_old[both])[unequal]))).to_pylist())


def _runs(keys: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray, np.ndarray] | None:
    """Each key's run of rows (keys, starts, lengths), or None when a key has no value or two runs."""
    encoded = pc.run_end_encode(keys.combine_chunks())
    values, ends = encoded.values, np.asarray(encoded.run_ends, dtype=np.int64)
    if values.null_count or len(pc.unique(values)) != len(values):
        return None
    starts = np.concatenate(([0], ends[:-1])).astype(np.int64)
    return values, starts, ends - starts


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The row numbers of these runs, one run after the other."""
    before = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    return np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - before, lengths)


def _differing_rows(old: pa.Table, new: pa.Table, key: str, columns: tuple[str, ...]) -> set:
    """:func:`differing` for any order: each row made into one text, looked up among the other table's."""
    rows = [_row_texts(t, columns) for t in (old, new)]
    differ = set()
    for table, these, others in ((old, rows[0], rows[1]), (new, rows[1], rows[0])):
        differ |= _values(table.filter(pc.invert(pc.is_in(these, value_set=others))), key)
    return differ


def _row_texts(table: pa.Table, columns: tuple[str, ...]) -> pa.Array:
    """Each row as one string (its values as text, a null as NUL; unit separators between)."""
    texts = [pc.cast(table[c], pa.string()) if table.schema.field(c).type != pa.string() else table[c] for c in columns]
    return pc.binary_join_element_wise(*texts, "\x1f", null_handling="replace", null_replacement="\x00").combine_chunks()


def _where(table: pa.Table, column: str, values) -> pa.Table:
    return table.filter(pc.is_in(table[column], value_set=pa.array(sorted(values), table.schema.field(column).type)))


def _values(table: pa.Table, column: str) -> set:
    return set(pc.unique(table[column].drop_null()).to_pylist())


def _with_embedded(export: Export, urls: Iterable[str], *fields: str,
                   where: Callable[[dict], bool] = lambda embedded: True) -> set[str]:
    """Those of ``urls`` the export has, and the objects they embed in these fields (those ``where`` holds for)."""
    found = set()
    for url in urls:
        obj = export.objects.get(url)
        if obj is None:
            continue
        found.add(url)
        for name in fields:
            value = obj.get(name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and where(item):
                    found.add(item["id"])
    return found


# -- the rows each part is built from ------------------------------------------------------------

def _meetings(changed: Changes, before: Tables, now: Tables, urls: Urls) -> Subset:
    """A Meeting is made of its session's rows (with its agenda items, votes and file); whether an
    item has a Consultation, of the paper ids; its Location, embedded in every meeting held there,
    of the sessions held there (the first one dates it)."""
    sessions = set(changed.sessions)
    papers = _values(before["papers"], "paper_id") ^ _values(now["papers"], "paper_id")
    if papers:
        for tables in (before, now):
            sessions |= _values(_where(tables["agenda_items"], "paper_reference", papers), "session_id")
    places = {urls.location(name) for tables in (before, now)
              for name in _values(_where(tables["sessions"], "session_id", sessions), "location")}

    def rows(tables: Tables) -> Tables:
        at_places = [name for name in _values(tables["sessions"], "location") if urls.location(name) in places]
        held = sessions | _values(_where(tables["sessions"], "location", at_places), "session_id")
        items = _where(tables["agenda_items"], "session_id", sessions)
        return {t: (_where(data, "session_id", held) if t == "sessions"
                    else _where(data, "paper_id", _values(items, "paper_reference")) if t == "papers"
                    else items if t == "agenda_items" else _where(data, "session_id", sessions))
                for t, data in tables.items() if t in PART_READS["meetings"]}

    def owned(export: Export) -> set[str]:
        meetings = (urls.meeting(sid) for sid in sessions)
        return set(export.lists["locationList"]) | _with_embedded(export, meetings, "agendaItem", "resultsProtocol")

    # (a paper gone changes an item's consultation, but takes no meeting, item or file away)
    return Subset(rows(before), rows(now), owned, sessions, ("sessions",), shared=("locationList",))


def _papers(changed: Changes, before: Tables, now: Tables, urls: Urls) -> Subset | None:
    """A Paper is made of its row, the agenda items that name it (its Consultations) and their
    sessions, and the Fraktionen (its originators); one that no session dates is dated by the last
    session."""
    factions = [_values(_where(t["attendance"], "group_type", {"faction"}), "group") for t in (before, now)]
    sessions = changed.sessions
    papers = set(changed.papers)
    if factions[0] != factions[1]:   # a Fraktion first or no longer on a list: the papers it brought in
        papers |= _originated_by(before, factions[0] ^ factions[1]) | _originated_by(now, factions[0] ^ factions[1])
    for tables in (before, now):
        papers |= _values(_where(tables["agenda_items"], "session_id", sessions), "paper_reference")
        for column in ("first_session_id", "last_session_id"):
            papers |= _values(_where(tables["papers"], column, sessions), "paper_id")
    if _last_session(before) != _last_session(now):
        papers |= _undated_papers(now) | _undated_papers(before)

    def rows(tables: Tables) -> Tables:
        factions = _where(tables["attendance"], "group_type", {"faction"})
        first = factions.select(["group"]).to_pandas().drop_duplicates("group").index.to_numpy()
        return {"sessions": tables["sessions"], "attendance": factions.take(first),   # (one row per Fraktion)
                "agenda_items": _where(tables["agenda_items"], "paper_reference", papers),
                "papers": _where(tables["papers"], "paper_id", papers)}

    def owned(export: Export) -> set[str]:
        return _with_embedded(export, (urls.paper(pid) for pid in papers), "consultation")

    return Subset(rows(before), rows(now), owned, sessions, ("sessions", "papers"))


def _originated_by(tables: Tables, factions: set[str]) -> set[str]:
    papers = tables["papers"].select(["paper_id", "originator"]).to_pylist()
    return {p["paper_id"] for p in papers if any(f.strip() in factions for f in (p["originator"] or "").split(";"))}


def _last_session(tables: Tables) -> tuple | None:
    sessions = tables["sessions"].select(["session_id", "session_date", "start_time"]).to_pylist()
    return max(((s["session_date"], s["session_id"], s["start_time"]) for s in sessions), default=None)


def _undated_papers(tables: Tables) -> set[str]:
    """Papers that neither their sessions nor an agenda item date (mapping: dated by the last session)."""
    dated = _values(tables["sessions"], "session_id")
    named = _values(tables["agenda_items"], "paper_reference")
    papers = tables["papers"].select(["paper_id", "first_session_id", "last_session_id"]).to_pylist()
    return {p["paper_id"] for p in papers if p["paper_id"] not in named
            and p["first_session_id"] not in dated and p["last_session_id"] not in dated}


def _people(changed: Changes, before: Tables, now: Tables, urls: Urls) -> Subset:
    """A Person is made of their row and all their attendance rows (their memberships with them);
    an Organization of all rows of its Gremium's sessions or its Fraktion, of which it needs one
    of each member (who the members are) and its first and last."""
    sessions = changed.sessions
    persons = set(changed.persons)
    committees, factions = set(), set()
    memberships = set()   # the URLs of those with a row of these sessions (and more: any role)
    for tables in (before, now):
        attended = _where(tables["attendance"], "session_id", sessions)
        persons |= _values(attended, "person_id")
        factions |= _values(_where(attended, "group_type", {"faction"}), "group")
        held = _where(tables["sessions"], "session_id", sessions).select(["session_id", "committee"]).to_pylist()
        committees |= {s["committee"] for s in held if s["committee"]}
        committee = {s["session_id"]: urls.organization("gremium", s["committee"]) for s in held if s["committee"]}
        for a in attended.select(["session_id", "person_id", "group", "group_type"]).to_pylist():
            if a["group_type"] == "faction" and a["group"]:
                memberships.add(urls.membership(a["person_id"], urls.organization("fraktion", a["group"])))
            if a["session_id"] in committee:
                memberships.add(urls.membership(a["person_id"], committee[a["session_id"]]))

    def rows(tables: Tables) -> Tables:
        return {"sessions": tables["sessions"], "persons": _where(tables["persons"], "person_id", persons),
                "attendance": _organizations_rows(tables, persons, committees, factions)}

    def owned(export: Export) -> set[str]:
        organizations = (*(urls.organization("gremium", c) for c in committees),
                         *(urls.organization("fraktion", f) for f in factions))
        # (a person's other memberships are made of rows of other sessions: as they were)
        return _with_embedded(export, organizations) | _with_embedded(
            export, (urls.person(p) for p in persons), "membership", where=lambda m: m["id"] in memberships)

    return Subset(rows(before), rows(now), owned, sessions, ("sessions", "persons"))


def _organizations_rows(tables: Tables, persons: set[str], committees: set[str], factions: set[str]) -> pa.Table:
    """All attendance rows of ``persons``; of each other member of the Gremien and Fraktionen one row
    by which they are one, made to say only that (a row of a Fraktion's member no seat in the Gremium,
    a row of a Gremium's member no Fraktion: each then makes one Membership, not two); and each
    Fraktion's first and last row (a Gremium's first and last session are in the sessions).
    In Arrow and numpy: in pandas (a frame of the attendance, grouped) it was 0.11-0.19 s against
    0.05 s at 10,000 minutes, twice a night (the kept and tonight's tables)."""
    attendance = tables["attendance"]
    sessions = tables["sessions"]
    when = pa.array([_instant(_when(day, hhmm)) for day, hhmm in zip(sessions["session_date"].to_pylist(),
                                                                      sessions["start_time"].to_pylist())], pa.float64())
    # each row's session (a session id is a key of sessions: one each)
    at = pc.index_in(attendance["session_id"], value_set=sessions["session_id"].combine_chunks())
    committee = sessions["committee"].take(at)
    order = np.asarray(pc.sort_indices(when.take(at)))   # (stable: the rows of one instant keep the table's order)

    def among(column, values) -> np.ndarray:
        return np.asarray(pc.is_in(column, value_set=pa.array(sorted(values), column.type)).fill_null(False))

    whole = among(attendance["person_id"], persons)
    faction = np.asarray(pc.equal(attendance["group_type"], "faction").fill_null(False))
    evidence = {}
    for kind, mask, org in (("faction", faction & among(attendance["group"], factions), attendance["group"]),
                            ("committee", among(committee, committees) & among(attendance["role"], SEATED), committee)):
        members = order[(mask & ~whole)[order]]   # their rows, by time
        evidence[kind] = np.zeros(len(whole), bool)
        evidence[kind][_firsts([attendance["person_id"], org], members)] = True   # who the members are
        if kind == "faction":
            evidence[kind][_firsts([org], members)] = True
            evidence[kind][_firsts([org], members[::-1])] = True   # (each Fraktion's last row)
    only_faction, only_committee = evidence["faction"] & ~evidence["committee"], evidence["committee"] & ~evidence["faction"]
    rows = attendance
    for column, blank in (("role", only_faction), ("group_type", only_committee)):
        values = pc.if_else(pa.array(blank), pa.scalar(None, attendance.schema.field(column).type), attendance[column])
        rows = rows.set_column(rows.column_names.index(column), column, values)
    return rows.filter(pa.array(whole | evidence["faction"] | evidence["committee"]))


def _firsts(keys: list, rows: np.ndarray) -> np.ndarray:
    """Of ``rows`` (positions, in order), the first of each distinct key (the columns ``keys`` at those
    rows); a row missing a key is of no group (as pandas groups)."""
    code = np.zeros(len(rows), np.int64)
    valid = np.ones(len(rows), bool)
    for key in keys:
        encoded = pc.dictionary_encode(key.take(pa.array(rows, pa.int64())).combine_chunks())
        valid &= np.asarray(encoded.indices.is_valid())
        code = code * (len(encoded.dictionary) + 1) + np.asarray(encoded.indices.fill_null(0), np.int64)
    _, first = np.unique(code[valid], return_index=True)
    return rows[valid][first]


SUBSETS: dict[str, Callable[[Changes, Tables, Tables, Urls], Subset | None]] = {
    "people": _people, "papers": _papers, "meetings": _meetings}
