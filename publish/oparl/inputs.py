"""What the export is made from, and which of its parts are made from the same as the kept tree.

A nightly run of a city's archive changes a few minutes out of thousands; most parts of the export
(:data:`publish.oparl.mapping.PARTS`) come out byte for byte as before. A part is built again only
when its inputs (:data:`publish.oparl.mapping.PART_READS`: columns of the tables, rows of sessions
with a date) or the export's settings and code differ from those the kept tree was written from.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

from publish.catalog_files import parquet_name
from publish.oparl.mapping import PART_READS, PARTS, READS, Publisher
from publish.state import read_arrow, write_arrow

_PER_SESSION = {t for t, columns in READS.items() if "session_id" in columns}   # rows of one session each


def read(catalog_dir: Path, mapped: Path | None = None) -> dict[str, pa.Table]:
    """The columns the export reads, with only the rows of sessions that have a date (the others are
    no Meetings, and their rows give no object: build() leaves them out). ``mapped``: the folder
    :func:`compare` left these tables in as Arrow files, mapped instead of decoding the Parquet
    (where it is whole)."""
    if mapped is not None and (mapped.parent / _WHOLE).is_file():
        try:
            return {t: read_arrow(mapped / f"{t}.arrow", mapped=True) for t in READS}
        except (OSError, pa.ArrowException):
            pass
    dated = _dated(catalog_dir)
    return {t: _read(catalog_dir, t, dated) for t in READS}


def _dated(catalog_dir: Path) -> pa.Array:
    sessions = pq.read_table(Path(catalog_dir) / parquet_name("sessions"), columns=["session_id", "session_date"])
    return sessions.filter(pc.is_valid(sessions["session_date"]))["session_id"]


def _read(catalog_dir: Path, table: str, dated: pa.Array) -> pa.Table:
    data = pq.read_table(Path(catalog_dir) / parquet_name(table), columns=list(READS[table]))
    return data.filter(pc.is_in(data["session_id"], value_set=dated)) if table in _PER_SESSION else data


# Above this many, building the people's part costs less than rewriting persons one by one.
MAX_PERSONS_ALONE = 500


@dataclass(frozen=True)
class Comparison:
    """Which parts are made from the same inputs; and, where the people's part differs only in some
    rows of ``persons`` (names, titles: the attendance lists are the same), those persons' ids."""

    unchanged: frozenset[str] = frozenset()
    persons: tuple[str, ...] = ()


# Written last into the folder compare() leaves the tables it read in: they are all there.
_WHOLE = "whole"


def compare(before: Path, now: Path, keep: Path | None = None) -> Comparison:
    """Compare the inputs in the catalog folders ``before`` and ``now`` (nothing is the same when
    either cannot be read). ``keep``: a folder to leave the tables read in, as Arrow files in
    ``before/`` and ``now/``. Each export process that updates its parts reads both catalogs'
    tables again (:func:`read`); mapped, they are not decoded from Parquet twice more (10,000
    minutes: 0.35-0.4 s of each process), and the processes share their pages."""
    same: dict[tuple[str, str], bool] = {}
    persons: tuple[pa.Table, pa.Table] | None = None
    try:
        dated = _dated(before), _dated(now)
        for t in READS:   # a table of both at a time: a city's tables of both catalogs at once were the run's peak
            old, new = (_read(catalog, t, d) for catalog, d in zip((before, now), dated))
            if keep is not None:
                for side, data in (("before", old), ("now", new)):
                    write_arrow(keep / side / f"{t}.arrow", data)
            same.update({(t, c): len(old) == len(new) and old.column(c).equals(new.column(c))
                         for reads in PART_READS.values() for c in reads.get(t, ())})
            if t == "persons":
                persons = old, new
            del old, new
        if keep is not None:
            (keep / _WHOLE).touch()
    except (OSError, KeyError, pa.ArrowException):
        return Comparison()
    unchanged = frozenset(part for part in PARTS
                          if all(same[t, c] for t, columns in PART_READS[part].items() for c in columns))
    people = PART_READS["people"]
    if persons is None or "people" in unchanged or not same["persons", "person_id"] or not all(
            same[t, c] for t, columns in people.items() if t != "persons" for c in columns):
        return Comparison(unchanged)
    ids = persons[1].column("person_id").to_pylist()
    rows = zip(ids, *(zip(*(table.column(c).to_pylist() for c in people["persons"])) for table in persons))
    changed = tuple(pid for pid, a, b in rows if a != b)
    return Comparison(unchanged, changed if len(changed) <= MAX_PERSONS_ALONE else ())


def fingerprint(publisher: Publisher, base_url: str, page_size: int) -> str:
    """The export's settings and the code that maps and writes it: a kept tree written under others
    is not reused part by part."""
    settings = orjson.dumps([dataclasses.asdict(publisher), base_url, page_size, _code()])
    return xxhash.xxh3_128_hexdigest(settings)


@functools.lru_cache(maxsize=1)
def _code() -> str:
    import schemas

    here = Path(__file__).parent
    # (spare.py keeps and lists trees, it writes no file of one: a change to it rebuilt every part once)
    files = sorted(p for p in here.glob("*.py") if p.name != "spare.py") + sorted(Path(schemas.__file__).parent.glob("*.json"))
    return xxhash.xxh3_128_hexdigest(b"".join(f.name.encode() + b"\0" + f.read_bytes() for f in files))
