"""A batch of parsed documents → tidy tables, one per schema in ``schemas/``.

Rows are built as dicts keyed by the schema's field names and put into the
schema's column order; rows are sorted by primary key so the same documents
always give the same tables, in whatever order they were parsed.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable

import pandas as pd
import pyarrow as pa

import schemas
from transforms.model import ParsedDocument, Span
from transforms.names import person_id, slug

LIST_SEP = "; "


def session_id(committee: str, session_date: str) -> str:
    return f"{slug(committee)}-{session_date}"


Source = tuple  # (document_id, source_file): what a row's provenance needs of its document


def _prov(src: Source, span: Span) -> dict:
    return {"document_id": src[0], "source_file": src[1], "line_start": span.start, "line_end": span.end}


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _join(values: list[str]) -> str | None:
    return LIST_SEP.join(values) if values else None


def _item_key(number: str | None) -> tuple:
    return tuple(int(p) for p in number.split(".")) if number else ()


def _session_row(doc: ParsedDocument, src: Source, sid: str, pids: dict[str, str]) -> dict:
    s = doc.session
    return {
        "session_id": sid, "committee": s.committee, "session_date": _date(s.session_date),
        "start_time": s.start_time, "end_time": s.end_time, "location": s.location,
        "session_number": s.session_number, "legislative_term": s.legislative_term,
        "chair": s.chair, "chair_person_id": pids.get(s.chair or ""),
        "recorder": s.recorder, "recorder_person_id": pids.get(s.recorder or ""),
        "has_nonpublic_part": s.has_nonpublic_part, "minutes_date": _date(s.minutes_date),
        "attendee_count": len({person_id(a.family_name, a.given_name) for a in doc.attendees}),
        **_prov(src, s.span),
    }


class TableBuilder:
    """Documents in, one at a time; tables out. Keeps rows, never the documents themselves.

    The pipeline adds each document as it reads it from the state store and drops it, so memory
    grows with the rows of the archive, not with its document models.
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {t: [] for t in schemas.TABLES}
        self.papers: dict[str, list[tuple]] = defaultdict(list)         # paper_id -> [(rank, date, src, paper)]
        self.consultations: dict[str, list[tuple]] = defaultdict(list)  # paper_id -> [(date, session_id)]
        self.people: dict[str, list[tuple]] = defaultdict(list)         # person_id -> [(date, sid, src, attendee)]

    def add(self, doc: ParsedDocument) -> None:
        rows = self.rows
        src: Source = (doc.document_id, doc.source_file)
        if doc.session is None:
            for paper in doc.papers:
                pid = paper.paper_reference or f"doc-{doc.document_id[:16]}"
                self.papers[pid].append((0, "", src, paper))
            return
        sid = session_id(doc.session.committee, doc.session.session_date)
        date = doc.session.session_date
        pids: dict[str, str] = {}
        seen: set[str] = set()
        for a in doc.attendees:
            pid = person_id(a.family_name, a.given_name)
            pids[" ".join(p for p in (a.given_name, a.family_name) if p)] = pid
            pids.setdefault(a.family_name, pid)
            if pid in seen:
                continue  # listed twice in one session: the first listing counts
            seen.add(pid)
            self.people[pid].append((date, sid, src, a))
            rows["attendance"].append({
                "session_id": sid, "person_id": pid, "form_of_address": a.form_of_address,
                "academic_title": a.academic_title, "given_name": a.given_name, "family_name": a.family_name,
                "position": a.position, "member_role": a.member_role, "group": a.group, "group_type": a.group_type,
                "department": a.department, "status": a.status, "substitute_for": a.substitute_for, "note": a.note,
                **_prov(src, a.span),
            })
        rows["sessions"].append(_session_row(doc, src, sid, pids))
        for item in doc.agenda_items:
            rows["agenda_items"].append({
                "session_id": sid, "item_number": item.item_number, "parent_number": item.parent_number,
                "title": item.title, "item_type": item.item_type, "paper_reference": item.paper_reference,
                "outcome": item.outcome, "replaced_by": item.replaced_by, **_prov(src, item.span),
            })
            if item.paper_reference:
                self.consultations[item.paper_reference].append((date, sid))
        vote_numbers: dict[str, int] = defaultdict(int)
        for d in doc.decisions:
            vote_numbers[d.item_number] += 1
            n = vote_numbers[d.item_number]
            rows["votes"].append({
                "session_id": sid, "item_number": d.item_number, "vote_number": n,
                "decision_text": d.decision_text, "result_text": d.result_text, "outcome": d.outcome,
                "unanimous": d.unanimous, "yes": d.yes, "no": d.no, "abstentions": d.abstentions,
                "deviates_from_proposal": d.deviates_from_proposal, "recommendation": d.recommendation,
                **_prov(src, d.span),
            })
            for c in d.counts:
                rows["vote_counts"].append({
                    "session_id": sid, "item_number": d.item_number, "vote_number": n, "option": c.option,
                    "group": c.group, "count": c.count, **_prov(src, d.span),
                })
        for q in doc.anfragen:
            rows["anfragen"].append({
                "session_id": sid, "item_number": q.item_number, "paper_reference": q.paper_reference,
                "factions": _join(q.factions), "title": q.title, "question_text": q.question_text,
                "answer_text": q.answer_text, "answered_by": q.answered_by,
                "supplementary_questions": q.supplementary_questions, "status": q.status, **_prov(src, q.span),
            })
        for paper in doc.papers:
            self.papers[paper.paper_reference].append((1, date, src, paper))

    def _aggregate(self) -> None:
        """papers and persons: one row each, from every document that named them."""
        rows = self.rows
        for pid, sources in self.papers.items():
            sources.sort(key=lambda s: (s[0], s[1], s[2][1], s[3].span.start))
            _, _, src, first = sources[0]
            merged = {k: next((getattr(p, k) for *_, p in sources if getattr(p, k)), None)
                      for k in ("paper_reference", "title", "originator", "signatories", "committee",
                                "session_date", "referenced_papers")}
            seen_in = sorted(self.consultations.get(pid, []))
            rows["papers"].append({
                "paper_id": pid, "paper_reference": merged["paper_reference"], "paper_type": first.paper_type,
                "title": merged["title"], "originator": _join(merged["originator"] or []),
                "signatories": _join(merged["signatories"] or []), "committee": merged["committee"],
                "session_date": _date(merged["session_date"]),
                "referenced_papers": _join(merged["referenced_papers"] or []),
                "consultation_count": len(seen_in),
                "first_session_id": seen_in[0][1] if seen_in else None,
                "last_session_id": seen_in[-1][1] if seen_in else None,
                **_prov(src, first.span),
            })
        for pid, seen in self.people.items():
            seen.sort(key=lambda s: (s[0], s[1]))
            first, last = seen[0], seen[-1]
            groups: list[str] = []
            for *_, a in seen:
                if a.group and a.group not in groups:
                    groups.append(a.group)
            latest = last[3]
            rows["persons"].append({
                "person_id": pid, "form_of_address": latest.form_of_address,
                "academic_title": latest.academic_title,
                "given_name": next((a.given_name for *_, a in reversed(seen) if a.given_name), None),
                "family_name": latest.family_name, "groups": _join(groups),
                "first_session_id": first[1], "first_session_date": _date(first[0]),
                "last_session_id": last[1], "last_session_date": _date(last[0]),
                "session_count": len({s[1] for s in seen}), **_prov(first[2], first[3].span),
            })

    def tables(self) -> dict[str, pd.DataFrame]:
        """Tables in ``schemas.TABLES`` order, columns in schema order, rows sorted by primary key.

        Values are not checked here (that is validation's job): a required value that is missing
        stays missing, so the validation report can name it.
        """
        self._aggregate()
        out: dict[str, pd.DataFrame] = {}
        for table in schemas.TABLES:
            self.rows[table].sort(key=_sort_key(table))
            out[table] = self._arrow(table).to_pandas(types_mapper=_PANDAS_TYPES.get)
        return out

    def arrow_tables(self) -> dict[str, pa.Table]:
        """The same tables as Arrow, typed by ``schemas.arrow_schema``, rows in the order added.

        For writers that sort by themselves (the catalog's CSV): no row-by-row sort here.
        """
        self._aggregate()
        return {table: self._arrow(table) for table in schemas.TABLES}

    def _arrow(self, table: str) -> pa.Table:
        loose = pa.schema([f.with_nullable(True) for f in schemas.arrow_schema(table)])
        return pa.Table.from_pylist(self.rows.pop(table), schema=loose)


def _sort_key(table: str):
    keys = schemas.primary_key(table)

    def key(row: dict):
        return tuple(_item_key(row[k]) if k in ("item_number",) else (row[k] is None, str(row[k]))
                     for k in keys) + (row["document_id"], row["line_start"])
    return key


_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}


def build_tables(docs: Iterable[ParsedDocument]) -> dict[str, pd.DataFrame]:
    """Tables in ``schemas.TABLES`` order, columns in schema order, rows sorted by primary key."""
    builder = TableBuilder()
    for doc in docs:
        builder.add(doc)
    return builder.tables()
