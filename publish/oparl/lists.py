"""The record of the export's lists: each list's objects in list order with their ``created``.

A list page holds its objects in full, so updating an object means rewriting the page it is on,
and appending one means knowing where the list ends. The record says both without reading the
pages of the kept tree (:mod:`publish.oparl.delta`). It lives beside the digest record and
travels with it into the spare.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from publish.oparl.mapping import PARTS
from publish.state import STATE_DIR

LISTS = f"{STATE_DIR}/oparl-lists.parquet"
COLUMNS = ("part", "list", "url", "created")   # the record's columns: one row per listed object

# part -> list name -> [(URL, created)] in list order
Orders = dict[str, dict[str, list[tuple[str, str]]]]


def table(part: str, lists: dict[str, list[tuple[str, str]]]) -> pa.Table:
    """One part's lists as rows of the record. A process hands its part's record back as this: Arrow
    buffers, not a Python tuple per object (20,000 minutes: hundreds of MB in the run's process)."""
    # (column by column: not a tuple per object made and taken apart again)
    names = [name for name, members in lists.items() for _ in range(len(members))]
    urls = [url for members in lists.values() for url, _ in members]
    created = [when for members in lists.values() for _, when in members]
    return pa.table({COLUMNS[0]: pa.array([part] * len(urls), pa.string()),
                     **{name: pa.array(values, pa.string()) for name, values in zip(COLUMNS[1:], (names, urls, created))}})


def write(catalog: Path, parts: dict[str, pa.Table]) -> None:
    """The record of every part (each :func:`table`), in the order of the parts' names: a row group
    each, written from the part's rows as they are. (All parts joined into one table first were a copy
    of the whole record at the end of a nightly run: 651,191 rows, about 100 MB at 20,000 minutes.)"""
    path = Path(catalog) / LISTS
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(COLUMNS[0], pa.dictionary(pa.int32(), pa.string())),
                        (COLUMNS[1], pa.dictionary(pa.int32(), pa.string())),
                        *((name, pa.string()) for name in COLUMNS[2:])])
    with pq.ParquetWriter(path, schema) as writer:
        for part in sorted(parts):
            rows = parts[part].select(list(COLUMNS))
            rows = rows.set_column(0, COLUMNS[0], rows.column(COLUMNS[0]).dictionary_encode())
            writer.write_table(rows.set_column(1, COLUMNS[1], rows.column(COLUMNS[1]).dictionary_encode()))


def read_tables(path: Path, parts: tuple[str, ...]) -> dict[str, pa.Table] | None:
    """The record in the file ``path`` of these ``parts``, each as :func:`table` (None when it cannot be read)."""
    try:
        data = pq.read_table(path, filters=[("part", "in", list(parts))])
        data = pa.table({name: data.column(name).cast(pa.string()) for name in COLUMNS})
        return {p: data.filter(pc.equal(data["part"], p)) for p in parts}
    except (OSError, KeyError, pa.ArrowException):
        return None


def read(path: Path, parts: tuple[str, ...] | None = None) -> Orders | None:
    """The record in the file ``path`` (of these ``parts``), or None when there is none or it cannot be
    read (then no part is updated in place)."""
    try:
        table = pq.read_table(path, filters=[("part", "in", list(parts))] if parts is not None else None)
        urls, created = (table.column(c).to_pylist() for c in ("url", "created"))
        # (the rows of a list are together: each list is a slice, made without a loop over its rows)
        lists = pc.binary_join_element_wise(table.column("part").cast(pa.string()), table.column("list").cast(pa.string()),
                                            "\0").combine_chunks()
        runs = pc.run_end_encode(lists)
    except (OSError, KeyError, pa.ArrowException):
        return None
    # (the record holds rows of objects: a part whose lists are all empty has none)
    orders: Orders = {part: {} for part in (parts if parts is not None else PARTS)}
    start = 0
    for key, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
        part, _, name = key.partition("\0")
        orders.setdefault(part, {})[name] = list(zip(urls[start:end], created[start:end]))
        start = end
    return orders
