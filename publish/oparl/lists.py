"""The record of the export's lists: each list's objects in list order with their ``created``.

A list page holds its objects in full, so updating an object means rewriting the page it is on,
and appending one means knowing where the list ends. The record says both without reading the
pages of the kept tree (:mod:`publish.oparl.delta`). It lives beside the digest record and
travels with it into the spare.
"""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Listed:
    """One list of the record as it was read: its objects' URLs and ``created``, in list order, as
    Arrow strings. (As a Python tuple per object, the papers' and meetings' lists took 438 MB and
    0.67 s in each nightly export process at 20,000 minutes: a night looks up a few of them.)"""

    urls: pa.Array
    created: pa.Array

    @classmethod
    def empty(cls) -> "Listed":
        return cls(pa.array([], pa.string()), pa.array([], pa.string()))

    def __len__(self) -> int:
        return len(self.urls)

    def places(self, urls: list[str]) -> dict[str, int]:
        """The place in the list of each of ``urls`` that is in it."""
        at = pc.index_in(pa.array(urls, pa.string()), value_set=self.urls).to_pylist()
        return {u: i for u, i in zip(urls, at) if i is not None}

    def created_at(self, place: int) -> str:
        return self.created[place].as_py()

    def urls_at(self, start: int, stop: int) -> list[str]:
        return self.urls[start:stop].to_pylist()


# part -> list name -> the list as read (lists.read)
Kept = dict[str, dict[str, Listed]]


def table(part: str, lists: dict[str, list[tuple[str, str]] | Listed]) -> pa.Table:
    """One part's lists (each as built, or as :class:`Listed`) as rows of the record. A process hands
    its part's record back as this: Arrow buffers, not a Python tuple per object (20,000 minutes:
    hundreds of MB in the run's process)."""
    names, urls, created = [], [], []
    for name, members in lists.items():
        names += [name] * len(members)
        if isinstance(members, Listed):
            urls.append(members.urls)
            created.append(members.created)
        else:   # (column by column: not a tuple per object made and taken apart again)
            urls.append(pa.array([url for url, _ in members], pa.string()))
            created.append(pa.array([when for _, when in members], pa.string()))
    return pa.table({COLUMNS[0]: pa.array([part] * len(names), pa.string()), COLUMNS[1]: pa.array(names, pa.string()),
                     **{name: pa.concat_arrays(values) if values else pa.array([], pa.string())
                        for name, values in zip(COLUMNS[2:], (urls, created))}})


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


def read(path: Path, parts: tuple[str, ...] | None = None) -> Kept | None:
    """The record in the file ``path`` (of these ``parts``), or None when there is none or it cannot be
    read (then no part is updated in place)."""
    try:
        table = pq.read_table(path, filters=[("part", "in", list(parts))] if parts is not None else None)
        urls, created = (table.column(c).combine_chunks() for c in ("url", "created"))
        # (the rows of a list are together: each list is a slice, made without a loop over its rows)
        lists = pc.binary_join_element_wise(table.column("part").cast(pa.string()), table.column("list").cast(pa.string()),
                                            "\0").combine_chunks()
        runs = pc.run_end_encode(lists)
    except (OSError, KeyError, pa.ArrowException):
        return None
    # (the record holds rows of objects: a part whose lists are all empty has none)
    kept: Kept = {part: {} for part in (parts if parts is not None else PARTS)}
    start = 0
    for key, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
        part, _, name = key.partition("\0")
        kept.setdefault(part, {})[name] = Listed(urls.slice(start, end - start), created.slice(start, end - start))
        start = end
    return kept
