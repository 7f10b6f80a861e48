"""A batch of parsed documents → tidy tables, one per schema in ``schemas/``.

Rows are built as dicts keyed by the schema's field names and put into the
schema's column order; rows are sorted by primary key so the same documents
always give the same tables, in whatever order they were parsed.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import schemas
from transforms import factions
from transforms.minutes.agenda import item_key
from transforms.model import ParsedDocument, Span
from transforms.keys import slug
from transforms.names import person_id

LIST_SEP = "; "
PRESENT = ("present", "partial", "substitute")


def session_id(committee: str | None, session_date: str | None, document_id: str = "") -> str:
    """"digitalisierungsausschuss-2023-11-30"; a document that names no committee or date is its own session."""
    if committee and session_date and slug(committee):
        return f"{slug(committee)}-{session_date}"
    return f"doc-{document_id[:16]}"


_FIELDS = {t: frozenset(schemas.field_names(t)) for t in (*schemas.TABLES, schemas.PAPER_SOURCES)}


def row(table: str, **values) -> dict:
    """A row of ``table``, keyed by exactly the schema's field names: a misspelt or missing key fails here,
    not as a silent column of nulls in the output."""
    if values.keys() != _FIELDS[table]:
        extra, missing = sorted(values.keys() - _FIELDS[table]), sorted(_FIELDS[table] - values.keys())
        raise KeyError(f"a row of {table} does not match schemas/{table}: "
                       f"{'not fields: ' + ', '.join(extra) if extra else ''}"
                       f"{'; ' if extra and missing else ''}{'missing: ' + ', '.join(missing) if missing else ''}")
    return values


Origin = tuple  # (document_id, source_file): what a row's provenance needs of its document (not flows.sources.Source)


def _prov(src: Origin, span: Span) -> dict:
    return {"document_id": src[0], "source_file": src[1], "line_start": span.start, "line_end": span.end}


def _date(iso) -> dt.date | None:
    if iso is None or iso == "" or iso is pd.NaT:
        return None
    if isinstance(iso, dt.datetime):
        return iso.date()
    return iso if isinstance(iso, dt.date) else dt.date.fromisoformat(str(iso))


def _join(values: list[str]) -> str | None:
    return LIST_SEP.join(values) if values else None


def _item_key(number: str | None) -> tuple:
    return item_key(number) if number else ()


def _session_row(doc: ParsedDocument, src: Origin, sid: str, pids: dict[str, str], present: int) -> dict:
    s = doc.session
    assert s is not None   # (minutes only)
    return row(
        "sessions", session_id=sid, committee=s.committee, session_date=_date(s.session_date),
        start_time=s.start_time, end_time=s.end_time, location=s.location,
        session_number=s.session_number, legislative_term=s.legislative_term,
        chair=s.chair, chair_person_id=pids.get(s.chair or ""),
        recorder=s.recorder, recorder_person_id=pids.get(s.recorder or ""),
        has_nonpublic_part=s.has_nonpublic_part, minutes_date=_date(s.minutes_date),
        attendee_count=present, members_present=s.members_present, document_kind=doc.kind,
        source_url=s.source_url, meeting_url=s.meeting_url, **_prov(src, s.span),
    )


# The tables a document's rows go to directly; persons and papers merge what many documents say.
DOCUMENT_TABLES = ("sessions", "attendance", "agenda_items", "votes", "vote_counts", "anfragen")

PAPER_SOURCES = schemas.PAPER_SOURCES   # internal, never published: what the papers table is merged from
FRAGMENT_TABLES = DOCUMENT_TABLES + (PAPER_SOURCES,)

Fragment = dict  # table name -> pa.Table: the rows of some documents, before persons and papers are merged


class TableBuilder:
    """Documents in, one at a time; a :data:`Fragment` out. Keeps rows, never the documents themselves.

    The pipeline builds one fragment per batch of documents, where they are parsed, and
    :func:`combine` merges the fragments of the whole archive into the tables.
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {t: [] for t in FRAGMENT_TABLES}

    def add(self, doc: ParsedDocument) -> None:
        rows = self.rows
        src: Origin = (doc.document_id, doc.source_file)
        if doc.session is None:
            for paper in doc.papers:
                pid = paper.paper_reference or f"doc-{doc.document_id[:16]}"
                rows[PAPER_SOURCES].append(_paper_source(pid, 0, "", src, paper))
            return
        sid = session_id(doc.session.committee, doc.session.session_date, doc.document_id)
        pids: dict[str, str] = {}
        seen: set[str] = set()
        present = 0
        for a in doc.attendees:
            pid = person_id(a.family_name, a.given_name)
            if pid in seen and a.given_name is None and a.group:
                # Two people printed with the family name only ("Herr Schmidt", "Frau Schmidt"): tell them apart.
                pid = person_id(a.family_name, factions.group_key(a.group) or a.form_of_address)
            pids[" ".join(p for p in (a.given_name, a.family_name) if p)] = pid
            pids.setdefault(a.family_name, pid)
            if pid in seen:
                continue  # listed twice in one session: the first listing counts
            seen.add(pid)
            present += a.status in PRESENT
            rows["attendance"].append(row(
                "attendance", session_id=sid, person_id=pid, form_of_address=a.form_of_address,
                academic_title=a.academic_title, given_name=a.given_name, family_name=a.family_name,
                position=a.position, member_role=a.member_role, group=a.group, group_key=factions.group_key(a.group)
                if a.group_type in ("faction", "advisory_member", "other") and a.group != "Beratende Mitglieder" else None,
                party=factions.party_of(a.group) if a.group_type in ("faction", "advisory_member", "other") else None,
                group_type=a.group_type, role=a.role, department=a.department, status=a.status,
                substitute_for=a.substitute_for, note=a.note, **_prov(src, a.span),
            ))
        rows["sessions"].append(_session_row(doc, src, sid, pids, present))
        for item in doc.agenda_items:
            rows["agenda_items"].append(row(
                "agenda_items", session_id=sid, item_number=item.item_number, parent_number=item.parent_number,
                title=item.title, item_type=item.item_type, paper_reference=item.paper_reference,
                outcome=item.outcome, replaced_by=item.replaced_by, **_prov(src, item.span),
            ))
        vote_numbers: dict[str, int] = defaultdict(int)
        for d in doc.decisions:
            vote_numbers[d.item_number] += 1
            n = vote_numbers[d.item_number]
            rows["votes"].append(row(
                "votes", session_id=sid, item_number=d.item_number, vote_number=n,
                decision_text=d.decision_text, result_text=d.result_text, outcome=d.outcome,
                unanimous=d.unanimous, yes=d.yes, no=d.no, abstentions=d.abstentions, recused=d.recused,
                members_present=d.members_present, deviates_from_proposal=d.deviates_from_proposal,
                recommendation=d.recommendation, **_prov(src, d.span),
            ))
            for c in d.counts:
                rows["vote_counts"].append(row(
                    "vote_counts", session_id=sid, item_number=d.item_number, vote_number=n, option=c.option,
                    group=c.group, count=c.count, **_prov(src, d.span),
                ))
        for q in doc.anfragen:
            rows["anfragen"].append(row(
                "anfragen", session_id=sid, item_number=q.item_number, paper_reference=q.paper_reference,
                factions=_join(q.factions), title=q.title, question_text=q.question_text,
                answer_text=q.answer_text, answered_by=q.answered_by,
                supplementary_questions=q.supplementary_questions, status=q.status, **_prov(src, q.span),
            ))
        for paper in doc.papers:
            rows[PAPER_SOURCES].append(_paper_source(paper.paper_reference, 1, doc.session.session_date or "", src, paper))

    def fragment(self) -> Fragment:
        """The rows added so far, as Arrow tables in the order added; the builder starts empty again."""
        out = {t: pa.Table.from_pylist(self.rows[t], schema=schemas.loose_arrow_schema(t)) for t in FRAGMENT_TABLES}
        self.rows = {t: [] for t in FRAGMENT_TABLES}
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        """Tables in ``schemas.TABLES`` order, columns in schema order, rows sorted by primary key.

        Values are not checked here (that is validation's job): a required value that is missing
        stays missing, so the validation report can name it.
        """
        out: dict[str, pd.DataFrame] = {}
        combined = combine([self.fragment()])
        for table in schemas.TABLES:
            rows = combined[table].to_pylist()
            rows.sort(key=_sort_key(table))
            out[table] = schemas.to_pandas(pa.Table.from_pylist(rows, schema=schemas.loose_arrow_schema(table)))
        return out


def _paper_source(pid: str | None, rank: int, date: str | None, src: Origin, paper) -> dict:
    return row(schemas.PAPER_SOURCES, paper_id=pid, rank=rank, date=date or "", **_prov(src, paper.span),
               paper_type=paper.paper_type, paper_reference=paper.paper_reference, title=paper.title,
               originator=_join(paper.originator or []), signatories=_join(paper.signatories or []),
               committee=paper.committee, session_date=paper.session_date,
               referenced_papers=_join(paper.referenced_papers or []))


def combine(fragments: Iterable[Fragment]) -> dict[str, pa.Table]:
    """The fragments of a whole archive → the tables of ``schemas.TABLES`` (rows in no particular order)
    and the paper sources they were merged from.

    persons and papers are merged here, from every fragment's attendance and paper sources, so the
    tables are the same however the documents were split into fragments.
    """
    fragments = list(fragments)
    built = dict(tables_in_turn(lambda t: combine_table(t, [f[t] for f in fragments])))
    return {t: built[t] for t in (*schemas.TABLES, PAPER_SOURCES)}


def tables_in_turn(combined: Callable[[str], pa.Table]) -> Iterator[tuple[str, pa.Table]]:
    """(name, table) of every table and the paper sources, one after the other, each let go here
    once handed over: persons and papers are merged from the tables before them. ``combined`` gives
    a table of the fragments (:func:`combine_table`); a caller short of memory reads them as asked."""
    sessions = combined("sessions")
    dates = session_dates(sessions)
    yield "sessions", sessions
    del sessions
    attendance = combined("attendance")
    merged = persons(attendance, dates)
    yield "attendance", attendance
    del attendance
    yield "persons", merged
    del merged
    items = combined("agenda_items")
    discussed = items.select(list(PAPERS_READ_FROM_ITEMS))
    yield "agenda_items", items
    del items
    sources = combined(PAPER_SOURCES)
    yield "papers", papers(sources, discussed, dates)
    del discussed
    yield PAPER_SOURCES, sources
    del sources
    for table in FRAGMENT_TABLES:
        if table not in ("sessions", "attendance", "agenda_items", PAPER_SOURCES):
            yield table, combined(table)


def combine_table(table: str, parts: list[pa.Table]) -> pa.Table:
    """One table of the fragments → its rows (one per key in the documents' own tables)."""
    loose = schemas.loose_arrow_schema(table)
    data = pa.concat_tables([p.cast(loose) for p in parts]) if parts else loose.empty_table()
    return _one_row_per_key(table, data) if table in DOCUMENT_TABLES else data


def _one_row_per_key(table: str, data: pa.Table) -> pa.Table:
    """Several documents of one session (its minutes and a RIS page of one item, say) give one row per key.

    A session's fields are merged: each takes the first stated value, full minutes before pages and
    documents in file-name order. Other tables keep the first document's row for a key.
    """
    key = schemas.primary_key(table)
    if data.num_rows < 2 or data.select(key).group_by(key).aggregate([]).num_rows == data.num_rows:
        return data
    if table != "sessions":
        return _first_per_key(data, key)
    frame = schemas.to_pandas(data)
    frame["_rank"] = (frame["document_kind"] != "minutes").astype(int)
    frame = frame.sort_values(["_rank", "source_file", "line_start"], kind="stable")
    merged = frame.groupby(key, sort=False, dropna=False).first()
    merged["attendee_count"] = frame.groupby(key, sort=False)["attendee_count"].max()
    frame = merged.reset_index().drop(columns="_rank")
    return _to_arrow(table, frame)


def _first_per_key(data: pa.Table, key: list[str]) -> pa.Table:
    """The first row of each key in (source_file, line_start) order, in that order (as pandas'
    stable sort and drop_duplicates give them), computed in Arrow: a Python object per cell of a
    city's attendance list was the peak of table building."""
    ordered = data.take(pc.sort_indices(data, [("source_file", "ascending", "at_end"), ("line_start", "ascending", "at_end")]))
    numbered = ordered.select(key).append_column("_row", _positions(ordered.num_rows))
    first = numbered.group_by(key, use_threads=False).aggregate([("_row", "min")]).column("_row_min")
    return ordered.take(pc.take(first, pc.sort_indices(first)))


def session_dates(sessions: pa.Table) -> pa.Table:
    """Each session_id once, with the session's date as ISO text (the id contains the date: one date per id)."""
    dated = pa.table({"session_id": sessions.column("session_id"),
                      "date": pc.cast(sessions.column("session_date"), pa.string())})
    return dated.group_by("session_id", use_threads=False).aggregate([("date", "first", _ANY_FIRST)]) \
        .rename_columns(["session_id", "date"])


# The first value of a group as it comes, missing or not (Arrow's "first" skips missing values by default).
_ANY_FIRST = pc.ScalarAggregateOptions(skip_nulls=False)


def _date_of(session_ids, dates: pa.Table) -> pa.ChunkedArray:
    """The ISO date of each session id (:func:`session_dates`); missing for a session not there."""
    where = pc.index_in(session_ids, value_set=dates.column("session_id").combine_chunks())
    return dates.column("date").take(where)


def _blank_as_missing(column):
    """A text column with "" read as missing (as the CSV reads it back); other columns as they are."""
    if not pa.types.is_string(column.type):
        return column
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)


def _columns(data: pa.Table, columns) -> pa.Table:
    return pa.table({c: _blank_as_missing(data.column(c)) for c in columns})


def _in_order(data: pa.Table, keys: list[str]) -> pa.Table:
    """``data`` sorted by ``keys`` (stable, missing values last), with each row's place in ``_pos``."""
    ordered = data.take(pc.sort_indices(data, sort_keys=[(k, "ascending", "at_end") for k in keys]))
    return ordered.append_column("_pos", _positions(ordered.num_rows))


def _positions(n: int) -> pa.Array:
    return pa.array(np.arange(n, dtype=np.int64))


def _aligned(keys: pa.Array, found: pa.Table, key: str, column: str) -> pa.ChunkedArray:
    """``found``'s ``column`` for each of ``keys`` (missing where ``found`` has no row with that ``key``)."""
    return found.column(column).take(pc.index_in(keys, value_set=found.column(key).combine_chunks()))


def _merged_table(table: str, columns: dict) -> pa.Table:
    """A merged table in its schema's (loose) types: ISO dates as text become dates ("" none)."""
    schema = schemas.loose_arrow_schema(table)
    return pa.table([_arrow_column(columns[f.name], f.type) for f in schema], schema=schema)


def _to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    """A merged DataFrame as its table: every kind of missing value (None, NaN, NA) as null."""
    return _merged_table(table, {c: pa.array(frame[c], from_pandas=True) for c in frame.columns})


def _arrow_column(values, kind: pa.DataType):
    """A column of a merged table in ``kind``: ISO dates from text, "" as none."""
    if kind == pa.date32() and not pa.types.is_date32(values.type):
        return pc.cast(_blank_as_missing(pc.cast(values, pa.string())), kind)
    return pc.cast(values, kind)


def persons(attendance: pa.Table, dates: pa.Table) -> pa.Table:
    """One row per person: the latest listing's name, every group in order of appearance, first and last session.

    Listings are ordered by session date, session, document and line; "first" and "last" are in
    that order. The rows come in no particular order (the CSV is sorted by key when written)."""
    if attendance.num_rows == 0:
        return schemas.loose_arrow_schema("persons").empty_table()
    seen = _columns(attendance, ["session_id", "person_id", "given_name", "group", "source_file", "line_start"])
    seen = seen.append_column("_row", _positions(seen.num_rows))
    seen = seen.append_column("date", _date_of(seen.column("session_id"), dates))
    seen = _in_order(seen, ["date", "session_id", "source_file", "line_start"])
    per = seen.group_by("person_id", use_threads=False).aggregate(
        [("_pos", "min"), ("_pos", "max"), ("session_id", "count_distinct")])
    ids = per.column("person_id").combine_chunks()
    first, last = seen.take(per.column("_pos_min")), seen.take(per.column("_pos_max"))
    named = seen.filter(pc.is_valid(seen.column("given_name"))) \
        .group_by("person_id", use_threads=False).aggregate([("given_name", "last")])
    # each person's distinct groups in the order they first appear (one thread keeps a list's order)
    grouped = seen.filter(pc.is_valid(seen.column("group"))) \
        .group_by(["person_id", "group"], use_threads=False).aggregate([("_pos", "min")])
    grouped = grouped.take(pc.sort_indices(grouped.column("_pos_min"))) \
        .group_by("person_id", use_threads=False).aggregate([("group", "list")])
    grouped = grouped.append_column("groups", pc.binary_join(grouped.column("group_list"), LIST_SEP))
    at_first = _columns(attendance.take(first.column("_row")), ["document_id", "line_end"])
    at_last = _columns(attendance.take(last.column("_row")), ["form_of_address", "academic_title", "family_name"])
    return _merged_table("persons", {
        "person_id": ids, "form_of_address": at_last.column("form_of_address"),
        "academic_title": at_last.column("academic_title"),
        "given_name": _aligned(ids, named, "person_id", "given_name_last"),
        "family_name": at_last.column("family_name"),
        "groups": _aligned(ids, grouped, "person_id", "groups"),
        "first_session_id": first.column("session_id"), "first_session_date": first.column("date"),
        "last_session_id": last.column("session_id"), "last_session_date": last.column("date"),
        "session_count": per.column("session_id_count_distinct"),
        "document_id": at_first.column("document_id"), "source_file": first.column("source_file"),
        "line_start": first.column("line_start"), "line_end": at_first.column("line_end"),
    })


_MERGED = ("paper_reference", "title", "originator", "signatories", "committee", "session_date", "referenced_papers")


PAPERS_READ_FROM_ITEMS = ("session_id", "paper_reference")   # all that papers() reads of agenda_items


def papers(sources: pa.Table, agenda_items: pa.Table, dates: pa.Table) -> pa.Table:
    """One row per paper: the first non-empty value of each field, papers' own documents first; where it was discussed.

    Sources are ordered by rank (the paper's own documents first), date (undated first), document
    and line. Agenda items are ordered by session date and session. The rows come in no
    particular order (the CSV is sorted by key when written)."""
    if sources.num_rows == 0:
        return schemas.loose_arrow_schema("papers").empty_table()
    src = _columns(sources, schemas.field_names(PAPER_SOURCES))
    src = src.set_column(src.schema.get_field_index("date"), "date", pc.fill_null(src.column("date"), ""))
    src = _in_order(src, ["rank", "date", "source_file", "line_start"])
    per = src.group_by("paper_id", use_threads=False).aggregate(
        [("_pos", "min"), *((c, "first") for c in _MERGED)])   # (first non-missing value of each field)
    ids = per.column("paper_id").combine_chunks()
    first = src.take(per.column("_pos_min"))
    items = _columns(agenda_items, PAPERS_READ_FROM_ITEMS)
    items = items.filter(pc.is_valid(items.column("paper_reference")))
    items = items.append_column("date", _date_of(items.column("session_id"), dates))
    items = _in_order(items, ["date", "session_id"])
    seen = items.group_by("paper_reference", use_threads=False).aggregate(
        [("_pos", "min"), ("_pos", "max"), ("_pos", "count")])
    seen = seen.append_column("first_session_id", items.column("session_id").take(seen.column("_pos_min"))) \
        .append_column("last_session_id", items.column("session_id").take(seen.column("_pos_max")))
    return _merged_table("papers", {
        "paper_id": ids, "paper_type": first.column("paper_type"),
        **{c: per.column(f"{c}_first") for c in _MERGED},
        "consultation_count": pc.fill_null(_aligned(ids, seen, "paper_reference", "_pos_count"), 0),
        "first_session_id": _aligned(ids, seen, "paper_reference", "first_session_id"),
        "last_session_id": _aligned(ids, seen, "paper_reference", "last_session_id"),
        **{c: first.column(c) for c in ("document_id", "source_file", "line_start", "line_end")},
    })


def _sort_key(table: str):
    keys = schemas.primary_key(table)

    def key(row: dict):
        return tuple(_item_key(row[k]) if k in ("item_number",) else (row[k] is None, str(row[k]))
                     for k in keys) + (row["document_id"], row["line_start"])
    return key



def build_tables(docs: Iterable[ParsedDocument]) -> dict[str, pd.DataFrame]:
    """Tables in ``schemas.TABLES`` order, columns in schema order, rows sorted by primary key."""
    builder = TableBuilder()
    for doc in docs:
        builder.add(doc)
    return builder.tables()
