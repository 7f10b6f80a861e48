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

_PER_SESSION = {t for t, columns in READS.items() if "session_id" in columns}   # rows of one session each


def read(catalog_dir: Path) -> dict[str, pa.Table]:
    """The columns the export reads, with only the rows of sessions that have a date (the others are
    no Meetings, and their rows give no object: build() leaves them out)."""
    tables = {t: pq.read_table(Path(catalog_dir) / parquet_name(t), columns=list(columns))
              for t, columns in READS.items()}
    sessions = tables["sessions"]
    dated = sessions.filter(pc.is_valid(sessions["session_date"]))["session_id"]
    return {t: table.filter(pc.is_in(table["session_id"], value_set=dated)) if t in _PER_SESSION else table
            for t, table in tables.items()}


# Above this many, building the people's part costs less than rewriting persons one by one.
MAX_PERSONS_ALONE = 500


@dataclass(frozen=True)
class Comparison:
    """Which parts are made from the same inputs; and, where the people's part differs only in some
    rows of ``persons`` (names, titles: the attendance lists are the same), those persons' ids."""

    unchanged: frozenset[str] = frozenset()
    persons: tuple[str, ...] = ()


def compare(before: Path, now: Path) -> Comparison:
    """Compare the inputs in the catalog folders ``before`` and ``now`` (nothing is the same when
    either cannot be read)."""
    try:
        old, new = read(before), read(now)
    except (OSError, KeyError, pa.ArrowException):
        return Comparison()
    same = {(t, c): old[t].column(c).equals(new[t].column(c)) if len(old[t]) == len(new[t]) else False
            for reads in PART_READS.values() for t, columns in reads.items() for c in columns}
    unchanged = frozenset(part for part in PARTS
                          if all(same[t, c] for t, columns in PART_READS[part].items() for c in columns))
    people = PART_READS["people"]
    if "people" in unchanged or not same["persons", "person_id"] or not all(
            same[t, c] for t, columns in people.items() if t != "persons" for c in columns):
        return Comparison(unchanged)
    ids = new["persons"].column("person_id").to_pylist()
    rows = zip(ids, *(zip(*(table["persons"].column(c).to_pylist() for c in people["persons"])) for table in (old, new)))
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
    files = sorted(here.glob("*.py")) + sorted(Path(schemas.__file__).parent.glob("*.json"))
    return xxhash.xxh3_128_hexdigest(b"".join(f.name.encode() + b"\0" + f.read_bytes() for f in files))
