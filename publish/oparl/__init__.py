"""The catalog's tables as a static OParl 1.1 API under ``oparl/`` (see README: OParl export).

``write_tree`` reads the validated tables of a staged catalog, maps them to OParl objects
(:mod:`publish.oparl.mapping`, pure) and writes one JSON file per object and list page
(:mod:`publish.oparl.tree`) at URLs under the catalog's base URL (:mod:`publish.oparl.urls`).
"""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from publish.catalog_files import parquet_name
from publish.oparl import delta, inputs, lists, patch, spare, tree
from publish.oparl.mapping import PART_READS, PARTS, READS, Publisher, build
from publish.oparl.tree import PAGE_SIZE, Digests, Listing, Written, files, finish, write_files
from publish.oparl.urls import OPARL_DIR, Urls, slug
from publish.state import STATE_DIR

# Where the kept tree's tables and list record wait for the parts updated from them (not published).
KEPT_INPUTS = f"{STATE_DIR}/oparl-kept"
# Where the columns the export reads of both catalogs wait as Arrow files for the export processes.
READ_INPUTS = f"{STATE_DIR}/oparl-inputs"

# The export's parts as two processes build and write them side by side, about the same work each.
# Built whole (10,000 minutes): people and papers 8.0 s of CPU, meetings and the Body 5.9 s; people
# alone against the other three was 3.9 against 9.4 s, and the export 1-2 s longer. Three processes on
# two cores contend for the directories in the kernel: 20 s instead of 11. Updated from a kept tree
# (the nightly run), the people alone against the rest did better: 3 new minutes, publish_local
# 3.12-3.14 against 3.61-3.73 s (10,000 minutes), 6.24-6.65 against 6.59-7.36 s (20,000), in turns.
PARTS_SIDE_BY_SIDE = (("people", "papers"), ("meetings", "body"))
PARTS_SIDE_BY_SIDE_UPDATED = (("people",), ("papers", "meetings", "body"))

def publisher(catalog) -> Publisher:
    """System and Body facts from the catalog description (publish.metadata.CatalogConfig)."""
    ags = re.search(r"municipalityKey/(\d{8})$", catalog.geocoding_uri or "")
    return Publisher(
        system_name=catalog.title, body_name=catalog.publisher.name, body_key=slug(catalog.publisher.name),
        website=catalog.publisher.homepage or catalog.homepage, license=catalog.license.url or catalog.license.uri,
        contact_name=catalog.contact.name, contact_email=catalog.contact.email, ags=ags.group(1) if ags else None,
    )


def read_tables(catalog_dir: Path) -> dict[str, list[dict]]:
    """The tables of a (staged) catalog the export maps (:func:`read_rows` of each)."""
    return {t: read_rows(catalog_dir, t) for t in READS}


def read_rows(catalog_dir: Path, table: str, where: tuple[str, set[str]] | None = None,
              columns: list[str] | None = None) -> list[dict]:
    """A table of a (staged) catalog the export maps, as rows typed from its Parquet file, with the
    columns it reads (:data:`publish.oparl.mapping.READS`, or those of them given). ``where``: (column,
    values), only the rows whose column holds one of the values."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    data = pq.read_table(Path(catalog_dir) / parquet_name(table), columns=columns or list(READS[table]))
    if where is not None:
        column, values = where
        data = data.filter(pc.is_in(data[column], value_set=pa.array(sorted(values), data.schema.field(column).type)))
    rows = _rows(data)
    del data
    # Arrow's pool keeps the pages of the table just read for its next one; the export's peak is
    # the rows as Python objects on top of them (10,000 minutes: all tables read, 342 -> 240 MB)
    pa.default_memory_pool().release_unused()
    return rows


class TablesOnDemand(dict):
    """The tables of a (staged) catalog that the export maps, each read when the mapping first asks
    for it (``get``): the rows of the meetings' tables are not held while the people are exported.
    ``parts``: only the columns these parts of the export are made from (mapping.PART_READS: the
    papers need no agenda item's title, the meetings no paper's; 0.17 s less reading each half)."""

    def __init__(self, catalog_dir: Path, parts: tuple[str, ...] = PARTS):
        super().__init__()
        self.directory = catalog_dir
        self.asked: set[str] = set()
        self.columns = {t: [c for c in names if any(c in PART_READS[p].get(t, ()) for p in parts)]
                        for t, names in READS.items()}

    def get(self, table: str, default=None):
        if table in READS and table not in self.asked:
            self.asked.add(table)
            if self.columns[table]:
                self[table] = read_rows(self.directory, table, columns=self.columns[table])
        return super().get(table, default)


def _rows(table) -> list[dict]:
    """The table's rows as dicts, each distinct text value one string object: ids, committees, groups
    and roles repeat on thousands of rows, and a string per cell is a third of the export's memory.
    Text columns come through Arrow's dictionary encoding: each distinct value is made a string
    once (a city's attendance: 0.52 -> 0.37 s)."""
    import pyarrow as pa

    strings: dict[str, str] = {}
    columns = []
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            encoded = column.combine_chunks().dictionary_encode()
            values = [strings.setdefault(v, v) for v in encoded.dictionary.to_pylist()] + [None]
            codes = encoded.indices.fill_null(len(values) - 1).to_numpy().tolist()
            columns.append(list(map(values.__getitem__, codes)))
        else:
            columns.append(column.to_pylist())
    names = table.column_names
    return [dict(zip(names, row)) for row in zip(*columns)]


def export_files(tables: dict[str, list[dict]], catalog, base_url: str | None = None,
                 page_size: int = PAGE_SIZE) -> dict[str, bytes]:
    """Tree-relative path -> bytes of the whole export (pure: no I/O)."""
    return dict(iter_files(tables, catalog, base_url, page_size))


def iter_files(tables: dict[str, list[dict]], catalog, base_url: str | None = None,
               page_size: int = PAGE_SIZE, release: bool = False,
               parts: tuple[str, ...] = PARTS) -> Iterator[tuple[str, bytes]]:
    """(tree-relative path, bytes) of the whole export (or of some of its ``parts``), one file after
    the other (pure: no I/O).
    ``release``: ``tables`` is given up, its rows leave it as they are read (mapping.build)."""
    from publish.metadata import resolve_base_url

    base = resolve_base_url(catalog, base_url)
    pub = publisher(catalog)
    urls = Urls(base, pub.body_key)
    return files(build(tables, pub, urls, release, parts), urls, page_size)


@dataclass(frozen=True)
class Plan:
    """How :func:`start_tree` began the tree: the export's settings, the record of the tree kept from
    the catalog ``previous`` replaced (None without one), and the parts whose files in it stay as they
    are (their inputs, settings and code are the same: :mod:`publish.oparl.inputs`)."""

    catalog: object
    base_url: str | None
    previous: Path | None
    page_size: int
    fingerprint: str
    kept: Digests | None = None
    stay: frozenset[str] = frozenset()
    patched: tuple[Written, ...] = ()   # files of staying parts rewritten one by one (patch, delta)
    listing: Listing | None = None      # the kept tree as it was taken (spare.prefetch), where listed
    kept_inputs: Path | None = None     # the kept tree's tables and list record (KEPT_INPUTS), if taken

    @property
    def to_write(self) -> tuple[str, ...]:
        return tuple(p for p in PARTS if p not in self.stay)


def write_tree(catalog_dir: Path, catalog=None, base_url: str | None = None, page_size: int = PAGE_SIZE,
               previous: Path | None = None) -> int:
    """Write ``<catalog_dir>/oparl/`` from the catalog's tables; returns the number of files.

    ``previous``: the published catalog, whose unchanged files are hard-linked instead of written;
    the tree kept from the catalog it replaced (:mod:`publish.oparl.spare`) is updated in place
    of a new tree where there is one, and its parts made from the same inputs stay as they are. The
    same as :func:`start_tree`, :func:`write_parts` and :func:`finish_tree` (which separate
    processes can share).
    """
    plan = start_tree(catalog_dir, previous, catalog, base_url, page_size)
    return finish_tree(catalog_dir, plan, write_parts(catalog_dir, plan, plan.to_write))


def start_tree(catalog_dir: Path, previous: Path | None, catalog=None, base_url: str | None = None,
               page_size: int = PAGE_SIZE) -> Plan:
    """An empty ``oparl/``, or the tree kept from the catalog ``previous`` replaced."""
    from publish.metadata import load_catalog, resolve_base_url

    catalog = catalog if catalog is not None else load_catalog()
    settings = inputs.fingerprint(publisher(catalog), resolve_base_url(catalog, base_url), page_size)
    plan = Plan(catalog, base_url, previous if previous is not None and previous.is_dir() else None, page_size, settings)
    shutil.rmtree(catalog_dir / OPARL_DIR, ignore_errors=True)
    if previous is None:
        return plan

    pub = publisher(catalog)
    urls = Urls(resolve_base_url(catalog, base_url), pub.body_key)

    def compare(spare_dir: Path, kept: Digests) -> tuple[inputs.Comparison, Path | None]:
        """Which parts stay; and the spare's tables and list record, taken into the staging folder
        for the parts that can be updated object by object (:func:`write_parts`) and for the record
        of the lists of the parts that stay (:func:`finish_tree`)."""
        if kept.fingerprint != settings:
            return inputs.Comparison(), None
        listed = (spare_dir / lists.LISTS).is_file()   # (without the list record no part is updated)
        comparison = inputs.compare(spare_dir, catalog_dir, catalog_dir / READ_INPUTS if listed else None)
        if not listed:
            return comparison, None
        taken = catalog_dir / KEPT_INPUTS
        try:
            taken.mkdir(parents=True)
            for name in (lists.LISTS, *(parquet_name(t) for t in READS)):
                os.rename(spare_dir / name, taken / Path(name).name)
        except OSError:   # (only a saving: the parts are built whole)
            shutil.rmtree(taken, ignore_errors=True)
            return comparison, None
        return comparison, taken

    taken = spare.take(previous, catalog_dir, compare)
    if taken is None:
        return plan
    kept, (comparison, kept_inputs), listing = taken
    plan = dataclasses.replace(plan, kept=kept, stay=comparison.unchanged, listing=listing, kept_inputs=kept_inputs)
    if comparison.persons:
        changed = patch.persons(catalog_dir, comparison.persons, pub, urls, page_size)
        if changed is not None:
            written = write_files(catalog_dir, changed, plan.previous, kept, "people", listing)
            plan = dataclasses.replace(plan, stay=plan.stay | {"people"}, patched=plan.patched + (written,))
    return plan


def side_by_side(plan: Plan) -> list[tuple[str, ...]]:
    """The parts ``plan`` writes, in groups for processes side by side (:data:`PARTS_SIDE_BY_SIDE`)."""
    grouping = PARTS_SIDE_BY_SIDE if plan.kept is None else PARTS_SIDE_BY_SIDE_UPDATED
    return [g for g in (tuple(p for p in group if p in plan.to_write) for group in grouping) if g]


def write_parts(catalog_dir: Path, plan: Plan, parts: tuple[str, ...] = PARTS) -> list[Written]:
    """Write the files of some parts of the export into the tree :func:`start_tree` began, one
    record per part: a part of the kept tree updated object by object where it can be
    (:mod:`publish.oparl.delta`; its record says ``updated``), else the part built whole."""
    # With the placeholder base URL the ids resolve nowhere yet: the run's placeholder warning covers it.
    from publish.metadata import resolve_base_url

    pub = publisher(plan.catalog)
    urls = Urls(resolve_base_url(plan.catalog, plan.base_url), pub.body_key)
    updated = _update_parts(catalog_dir, plan, tuple(p for p in parts if p in delta.SUBSETS), pub, urls)
    parts = tuple(p for p in parts if p not in {w.part for w in updated})
    if not parts:
        return updated
    exports = build(TablesOnDemand(catalog_dir, parts), pub, urls, release=True, parts=parts)
    written = []
    for part, export in zip([p for p in PARTS if p in parts], exports):
        orders: dict = {}
        w = write_files(catalog_dir, files([export], urls, plan.page_size, orders), plan.previous, plan.kept, part, plan.listing)
        written.append(dataclasses.replace(w, orders=lists.table(part, orders)))
    return updated + written


def _update_parts(catalog_dir: Path, plan: Plan, parts: tuple[str, ...], pub: Publisher, urls: Urls) -> list[Written]:
    if plan.kept_inputs is None or not parts:
        return []
    orders = lists.read(plan.kept_inputs / Path(lists.LISTS).name, parts)
    if orders is None:
        return []
    try:
        mapped = catalog_dir / READ_INPUTS
        before, now = inputs.read(plan.kept_inputs, mapped / "before"), inputs.read(catalog_dir, mapped / "now")
        changes = delta.changes(before, now)
    except (OSError, KeyError, pa.ArrowException):   # (a spare's table someone damaged: the parts are built whole)
        return []
    written = []
    for part in parts:
        update = delta.update(part, changes, before, now, orders, catalog_dir, pub, urls, plan.page_size)
        if update is not None:
            changed, order = update
            w = write_files(catalog_dir, changed, plan.previous, plan.kept, part, plan.listing)
            written.append(dataclasses.replace(w, orders=lists.table(part, order), updated=True))
    return written


def finish_tree(catalog_dir: Path, plan: Plan, written: list[Written], listing: Listing | None = None) -> int:
    """Complete the tree from what :func:`write_parts` wrote; returns the number of files.
    ``listing``: :func:`list_tree` of it, taken while the parts were written. A part that was to
    stay but whose files someone edited or removed in the published tree is written now."""
    stay, patched = plan.stay | {w.part for w in written if w.updated}, list(plan.patched)
    patched += [w for w in written if w.updated]
    written = [w for w in written if not w.updated]
    listing = listing if listing is not None else plan.listing
    if stay:
        listing = listing if listing is not None else list_tree(catalog_dir, plan)
        damaged = plan.kept.damaged(listing, stay, b"".join(w.records for w in patched))
        if damaged:
            patched = [w for w in patched if w.part not in damaged]
            whole = dataclasses.replace(plan, kept_inputs=None)   # (built whole: not from an edited tree)
            written = written + write_parts(catalog_dir, whole, tuple(p for p in PARTS if p in damaged))
            stay -= damaged
    orders = {w.part: w.orders for w in patched + written if w.orders is not None}
    kept_record = plan.kept_inputs / Path(lists.LISTS).name if plan.kept_inputs is not None else None
    if not orders and set(stay) == set(PARTS) and kept_record is not None and kept_record.is_file():
        # Every part stayed: the kept record is this tree's, taken as it is rather than read and written
        # again (10,000 minutes: 0.6 s, and 210 MB at the top of a night's memory).
        (catalog_dir / lists.LISTS).parent.mkdir(parents=True, exist_ok=True)
        os.replace(kept_record, catalog_dir / lists.LISTS)
    else:
        if set(stay) - set(orders) and kept_record is not None:
            kept = lists.read_tables(kept_record, tuple(sorted(set(stay) - set(orders)))) or {}
            orders.update({p: kept[p] for p in stay if p not in orders and p in kept})
        if set(orders) == set(PARTS):
            lists.write(catalog_dir, orders)
        else:   # (a tree kept from before the record, or without its tables: the next run builds whole)
            (catalog_dir / lists.LISTS).unlink(missing_ok=True)
    shutil.rmtree(catalog_dir / KEPT_INPUTS, ignore_errors=True)
    shutil.rmtree(catalog_dir / READ_INPUTS, ignore_errors=True)
    return finish(catalog_dir, patched + written, plan.kept, listing, stay, plan.fingerprint)


def discard_tree(catalog_dir: Path) -> None:
    """Remove what an export that failed left in a (staged) catalog: its tree, records and inputs."""
    for folder in (OPARL_DIR, KEPT_INPUTS, READ_INPUTS):
        shutil.rmtree(catalog_dir / folder, ignore_errors=True)
    for name in (tree.DIGESTS, lists.LISTS):
        (catalog_dir / name).unlink(missing_ok=True)


def list_tree(catalog_dir: Path, plan: Plan) -> Listing:
    """The files under the tree :func:`start_tree` began (and which were edited, where parts may stay)."""
    return tree.list_tree(catalog_dir, plan.kept.recorded if plan.stay or plan.kept_inputs is not None else None)


__all__ = ["Plan", "read_rows", "write_tree", "start_tree", "write_parts", "finish_tree", "list_tree", "discard_tree", "export_files", "iter_files", "read_tables",
           "publisher", "TablesOnDemand", "PARTS_SIDE_BY_SIDE",
           "PARTS_SIDE_BY_SIDE_UPDATED", "side_by_side"]
