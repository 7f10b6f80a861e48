"""Objects of the kept tree rewritten one by one instead of building their part again.

Persons whose own row alone changed (a name or title read differently; the attendance lists, and so
every membership, organization and list, are the same) are built from their rows only, and written
with the list pages that hold them. The page is read from the kept tree and must encode back to its
own bytes, with the person at the place the list's order gives: otherwise nothing is patched and the
part is built whole.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from publish.catalog_files import parquet_name
from publish.oparl.mapping import EPOCH, Publisher, _instant, _when, build
from publish.oparl.tree import dumps, kept_page
from publish.oparl.urls import Urls


def persons(catalog_dir: Path, person_ids: tuple[str, ...], publisher: Publisher, urls: Urls,
            page_size: int) -> list[tuple[str, bytes]] | None:
    """(tree-relative path, bytes) of the changed persons and of their list pages; None when the
    kept pages do not hold them where the list's order puts them."""
    from publish.oparl import read_rows

    wanted = set(person_ids)
    tables = {"sessions": read_rows(catalog_dir, "sessions"),
              "attendance": read_rows(catalog_dir, "attendance", ("person_id", wanted)),
              "persons": read_rows(catalog_dir, "persons", ("person_id", wanted))}
    people = next(build(tables, publisher, urls, parts=("people",)))
    place = {pid: at for at, pid in enumerate(_order(catalog_dir, tables["sessions"]))}
    out: list[tuple[str, bytes]] = []
    pages: dict[int, dict[int, dict]] = {}
    for pid in sorted(wanted):
        url = urls.person(pid)
        obj = people.objects.get(url)
        at = place.get(pid)
        if obj is None or at is None:
            return None
        out.append((urls.path_of(url), dumps(obj) + b"\n"))
        pages.setdefault(at // page_size + 1, {})[at % page_size] = obj
    for number, changed in sorted(pages.items()):
        page = _page(catalog_dir, urls.path_of(urls.list_page("person", number)), changed)
        if page is None:
            return None
        out.append(page)
    return out


def _order(catalog_dir: Path, sessions: list[dict]) -> list[str]:
    """The person list's order (mapping._part): by the first session attended, then by id; checked
    against each kept page by :func:`_page`."""
    when = {s["session_id"]: _instant(_when(s["session_date"], s.get("start_time")))
            for s in sessions if s.get("session_date")}
    attendance = pq.read_table(Path(catalog_dir) / parquet_name("attendance"), columns=["person_id", "session_id"])
    first: dict[str, float] = {}
    for pid, sid in zip(attendance.column("person_id").to_pylist(), attendance.column("session_id").to_pylist()):
        t = when.get(sid)
        if t is not None and t < first.get(pid, float("inf")):
            first[pid] = t
    ids = sorted(pq.read_table(Path(catalog_dir) / parquet_name("persons"), columns=["person_id"])
                 .column("person_id").to_pylist())
    epoch = _instant(EPOCH)
    return sorted(ids, key=lambda pid: first.get(pid, epoch))


def _page(catalog_dir: Path, rel: str, changed: dict[int, dict]) -> tuple[str, bytes] | None:
    """A kept list page with some of its objects replaced (same ids at the same places)."""
    page = kept_page(Path(catalog_dir) / rel)
    if page is None:
        return None
    data = page["data"]
    for at, obj in changed.items():
        if at >= len(data) or not isinstance(data[at], dict) or data[at].get("id") != obj["id"]:
            return None
        data[at] = obj
    return rel, dumps(page) + b"\n"


__all__ = ["persons"]
