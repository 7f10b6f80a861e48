"""The state store of a local catalog: what the last published run saw.

It lives in ``<catalog>/.state/`` and is swapped in together with the catalog,
so it always describes exactly the tables next to it::

    .state/manifest.json          the documents the catalog was built from, and what became of each
    .state/parsed/<sha256>.json   one document's parse result: the document model, or why it was rejected
    .state/paper_sources.parquet  (schemas/state/) what each document says about each paper (papers.csv is merged from it)

During a run, ``.state/fragments/<batch>/`` in the staging folder holds the rows of each parsed batch
(Arrow IPC files); they are combined into the tables and removed before anything is published.

Parse results are keyed by the document's sha256 and stamped with a
fingerprint of the parser's code, so a parser upgrade re-parses everything and
an incremental run always equals a full rebuild. JSON, not pickle: the files
can be read by a person and by any later version of this code.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
import importlib.util
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import orjson
import xxhash

STATE_DIR = ".state"
MANIFEST = "manifest.json"
PARSED_DIR = "parsed"
FORMAT = 2
FRAGMENTS_DIR = "fragments"


# -- the manifest -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestEntry:
    file: str      # the document's name in its source (relative path for a folder)
    sha256: str
    bytes: int
    role: str = "rows"   # rows | rejected | duplicate: where the document is in the catalog
    modified: str | None = None   # the source's modification time when the bytes were hashed


_MANIFEST_FIELDS = tuple(f.name for f in dataclasses.fields(ManifestEntry))


def manifest_path(catalog: Path) -> Path:
    return catalog / STATE_DIR / MANIFEST


def read_manifest_meta(catalog: Path) -> dict:
    """What else the manifest records: the parser that made the stored results, the run's input fingerprint."""
    try:
        data = _read_manifest_file(catalog).data
    except (OSError, ValueError):
        return {}
    return {k: data.get(k) for k in ("parser", "inputs", "tables")} if data.get("format") == FORMAT else {}


def read_manifest(catalog: Path) -> dict[str, ManifestEntry]:
    """The documents the catalog in ``catalog`` was built from, by file name ({} when there is none)."""
    try:
        manifest = _read_manifest_file(catalog)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return {}
    if manifest.data.get("format") != FORMAT:
        return {}
    if manifest.entries is None:
        manifest.entries = {d["file"]: ManifestEntry(d["file"], d["sha256"], d["bytes"], d.get("role", "rows"),
                                                     d.get("modified")) for d in manifest.data["documents"]}
    return dict(manifest.entries)   # (the entries are frozen: a copy of the mapping is all a caller may change)


@dataclass
class _ManifestFile:
    digest: bytes                    # of the file's bytes
    data: dict                       # its JSON
    entries: dict[str, ManifestEntry] | None = None


# The last manifest read. A run reads the manifest five or six times (discovery, the unchanged check,
# table building, carrying the stored results), and a city's is megabytes of JSON: parsing it with the
# json module and making its entries took 0.06 s at 10,000 documents and 0.12 s at 20,000; reading and
# hashing it takes 0.4 and 1.1 ms.
_last_manifest: _ManifestFile | None = None


def _read_manifest_file(catalog: Path) -> _ManifestFile:
    """The manifest of ``catalog``; FileNotFoundError without one, ValueError if it is damaged."""
    global _last_manifest
    raw = manifest_path(catalog).read_bytes()
    digest = xxhash.xxh3_128_digest(raw)
    last = _last_manifest
    if last is not None and last.digest == digest:
        return last
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the manifest is not a JSON object")
    _last_manifest = _ManifestFile(digest, data)
    return _last_manifest


def write_manifest(catalog: Path, entries: list[ManifestEntry], parser: str | None = None,
                   inputs: str | None = None, tables: str | None = None) -> None:
    data = {"format": FORMAT, "parser": parser, "inputs": inputs, "tables": tables,
            # (the fields by hand: asdict copies each value deeply, 0.1 s for 10,000 documents)
            "documents": [{f: getattr(e, f) for f in _MANIFEST_FIELDS} for e in sorted(entries, key=lambda e: e.file)]}
    write_json(manifest_path(catalog), data)


# -- parse results ----------------------------------------------------------------------------


@dataclass
class ParseResult:
    """What parsing one document gave: the document model, or the reason it was rejected."""

    file: str
    sha256: str
    parser: str                   # fingerprint of the parser that produced it
    document: Any = None          # transforms.ParsedDocument
    rejected: str | None = None   # reason, when the document went to quarantine


def parsed_path(catalog: Path, sha256: str) -> Path:
    return catalog / STATE_DIR / PARSED_DIR / f"{sha256}.json"


def stored_parse_results(catalog: Path) -> set[str]:
    """File names in the catalog's stored parse results (one directory listing instead of a stat per document)."""
    try:
        with os.scandir(catalog / STATE_DIR / PARSED_DIR) as it:
            return {entry.name for entry in it}
    except OSError:
        return set()


def write_parse_result(catalog: Path, result: ParseResult) -> Path:
    data = {
        "format": FORMAT,
        "file": result.file,
        "sha256": result.sha256,
        "parser": result.parser,
        "rejected": result.rejected,
        "document": result.document,
    }
    path = parsed_path(catalog, result.sha256)
    # orjson encodes the dataclasses itself, as to_jsonable would (field order, compact): a tenth of
    # the time, on every parsed document
    write_bytes_atomic(path, orjson.dumps(data, default=to_jsonable, option=orjson.OPT_NON_STR_KEYS) + b"\n")
    return path


def read_parse_result(path: Path, document_type: type) -> ParseResult:
    data = orjson.loads(path.read_bytes())
    doc = data.get("document")
    return ParseResult(
        file=data["file"],
        sha256=data["sha256"],
        parser=data["parser"],
        rejected=data.get("rejected"),
        document=None if doc is None else from_jsonable(document_type, doc),
    )


def reusable(path: Path, *, file: str, parser: str) -> bool:
    """True when the stored result at ``path`` was made by ``parser`` for a document named ``file``."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):   # (orjson.JSONDecodeError is a ValueError)
        return False
    return data.get("format") == FORMAT and data.get("parser") == parser and data.get("file") == file


def inputs_fingerprint(parser: str, documents: list[tuple[str, str]], settings: str) -> str:
    """Everything a catalog is a function of: parser, documents (name, sha256), the code and data files
    that shape the outputs (the rows module, schemas/, publish/, catalog/), and the run's settings."""
    h = hashlib.sha256()
    rows = _package_source_digest(ROWS_MODULE[0], only=ROWS_MODULE[1])
    for part in (parser, settings, rows, *(_package_source_digest(p, _DATA_SUFFIXES) for p in ("schemas", "publish", "catalog"))):
        h.update(part.encode() + b"\n")
    for name, sha in sorted(documents):
        h.update(f"{name}\t{sha}\n".encode())
    return h.hexdigest()


_DATA_SUFFIXES = (".py", ".json", ".yaml", ".j2")


# The module of the transforms package that turns parse results into rows: what the rows are a
# function of (tables_key), not what the parser stores (parser_fingerprint). A change to how tables
# are merged rebuilds the rows from the stored results; it does not parse the archive again.
ROWS_MODULE = ("transforms", "tables.py")


@lru_cache(maxsize=None)
def _package_source_digest(package: str, suffixes: tuple[str, ...] = (".py",), only: str | None = None,
                           without: str | None = None) -> str:
    """A digest of the package's source files (``only`` one of them, or all ``without`` one)."""
    h = hashlib.sha256()
    # The package's folder, found without importing it (hashing must not pay for the parser's imports).
    spec = importlib.util.find_spec(package)
    # (its __init__'s folder: once imported, transforms searches its compiled build first, build/native)
    root = Path(spec.origin).parent if spec.origin else Path(next(iter(spec.submodule_search_locations)))
    stack = [root]
    files = []
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                if child.name != "__pycache__":
                    stack.append(child)
            elif child.name.endswith(suffixes):
                named = child.relative_to(root).as_posix()
                if (only is None or named == only) and named != without:
                    files.append(child)
    for f in sorted(files, key=lambda f: str(f)):
        h.update(str(f).replace(str(root), "").encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def tables_key(parser: str) -> str:
    """What a catalog's rows are a function of, document by document: the parser, the code that
    makes rows of its results, and the table schemas.

    Rows of unchanged documents can be taken from a catalog made under the same key.
    """
    rows = _package_source_digest(ROWS_MODULE[0], only=ROWS_MODULE[1])
    schemas_digest = _package_source_digest('schemas', _DATA_SUFFIXES)
    return hashlib.sha256(f"{FORMAT}\n{parser}\n{rows}\n{schemas_digest}".encode()).hexdigest()[:32]


def parser_fingerprint(parser_name: str) -> str:
    """Identifies the parser: its qualified name and the source code of the ``transforms`` package
    (but for the module that makes rows of its results: :data:`ROWS_MODULE`).

    A test double has a different name, a parser change a different digest: either way no
    stored result of another parser is reused.
    """
    parser = _package_source_digest(ROWS_MODULE[0], without=ROWS_MODULE[1])
    return hashlib.sha256(f"{parser_name}\n{parser}".encode()).hexdigest()[:32]


# -- fragments: the rows of one parsed batch ------------------------------------------------


def fragments_dir(staging: Path) -> Path:
    return staging / STATE_DIR / FRAGMENTS_DIR


def write_fragment(staging: Path, name: str, tables: dict) -> Path:
    """One batch's tables (name -> pyarrow.Table) as Arrow IPC files in ``fragments/<name>/``."""
    import pyarrow as pa

    directory = fragments_dir(staging) / name
    directory.mkdir(parents=True, exist_ok=True)
    for table, data in tables.items():
        write_arrow(directory / f"{table}.arrow", data)
    return directory


def write_arrow(path: Path, data) -> None:
    """A pyarrow.Table as an Arrow IPC file (uncompressed: read back, or mapped, without decoding)."""
    import pyarrow as pa

    with atomic_path(path) as tmp, pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, data.schema) as writer:
        writer.write_table(data)


def read_arrow(path: Path, mapped: bool = False):
    """The pyarrow.Table of a file :func:`write_arrow` wrote; ``mapped``: its buffers are the file's
    pages (shared by the processes that map it), not a copy."""
    import pyarrow as pa

    if mapped:
        return pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    with pa.OSFile(str(path), "rb") as source:
        return pa.ipc.open_file(source).read_all()


def state_table_path(catalog: Path, table: str) -> Path:
    """Where the catalog keeps an internal table (``schemas.STATE_TABLES``) for its next run."""
    return catalog / STATE_DIR / f"{table}.parquet"


def write_table(path: Path, data) -> None:
    """An internal table as Parquet, rows sorted by every column: the same rows give the same bytes."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    order = pc.sort_indices(data, sort_keys=[(name, "ascending", "at_end") for name in data.schema.names])
    with atomic_path(path) as tmp:
        pq.write_table(data.take(order), tmp, compression="zstd")


def fragment_dirs(staging: Path) -> list[Path]:
    """The batches' folders written by :func:`write_fragment`, in batch name order."""
    root = fragments_dir(staging)
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def read_fragment_table(directory: Path, table: str):
    """One table of one batch (pyarrow.Table): tables are read one at a time, a city's archive
    held whole is gigabytes."""
    return read_arrow(directory / f"{table}.arrow")


# -- plain-dataclass <-> JSON codec ---------------------------------------------------------


_SCALARS = (str, int, float, bool, type(None))


def to_jsonable(obj: Any) -> Any:
    """Dataclasses (nested, in lists and dicts) as plain JSON values."""
    if isinstance(obj, _SCALARS):   # most values of a parse result: the cheap test first
        return obj
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [v if isinstance(v, _SCALARS) else to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: (v if isinstance(v := getattr(obj, name), _SCALARS) else to_jsonable(v))
                for name in _field_names(type(obj))}
    return obj


def from_jsonable(cls: type, data: dict) -> Any:
    """Rebuild the dataclass ``cls`` (nested dataclasses, lists, optionals) from :func:`to_jsonable` output."""
    return _decoder(cls)(data)


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _identity(value: Any) -> Any:
    return value


@lru_cache(maxsize=None)
def _decoder(tp: Any):
    """A function that decodes JSON values of type ``tp`` (built once per type: decoding is hot)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) != 1:
            return _identity
        inner = _decoder(options[0])
        return inner if inner is _identity else (lambda v: None if v is None else inner(v))
    if origin in (list, tuple, set, frozenset):
        args = get_args(tp)
        inner = _decoder(args[0]) if args else _identity
        return lambda v: None if v is None else origin(inner(x) for x in v)
    if origin is dict:
        args = get_args(tp)
        inner = _decoder(args[1]) if len(args) == 2 else _identity
        return lambda v: None if v is None else {k: inner(x) for k, x in v.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = tuple((f.name, _decoder(hints.get(f.name, Any))) for f in dataclasses.fields(tp) if f.init)

        def decode(v):
            if v is None:
                return None
            return tp(**{name: dec(v[name]) for name, dec in fields if name in v})

        return decode
    return _identity


# -- small file helpers ---------------------------------------------------------------------


def write_json(path: Path, data: Any, compact: bool = False) -> None:
    """Deterministic JSON (UTF-8, 2-space indent or compact, trailing newline), written atomically."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_path(path: Path):
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block succeeds,
    removed when it fails, so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``data`` at ``path`` as :func:`atomic_path` writes it. In plain system calls: every parsed document
    is stored this way, and creating its folder each time and removing a temporary file that was
    renamed away were half the cost (2,000 documents: 1.12 s)."""
    name = os.fspath(path)
    folder, _, base = name.rpartition("/")
    tmp = f"{folder}/.{base}.tmp-{os.getpid()}" if folder else f".{base}.tmp-{os.getpid()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def carry_parse_results(replaced: Path, catalog: Path) -> None:
    """Give ``catalog``, just swapped in, the stored parse results its manifest names that the catalog
    it ``replaced`` holds, and drop the others (results of documents changed or gone).

    A run stores only the results it made; the results of unchanged documents stay where they are
    until the swap, and then move, a file or the whole folder, whichever are fewer (10,000 unchanged
    documents were 10,000 links into every run's staging, 0.6-0.9 s of a 1 % run, and as many
    removals with the replaced catalog). Only a cache: after a crash in between, the next run parses
    what it misses."""
    target, source = catalog / STATE_DIR / PARSED_DIR, replaced / STATE_DIR / PARSED_DIR
    wanted = {f"{e.sha256}.json" for e in read_manifest(catalog).values()}
    own, kept = stored_parse_results(catalog), stored_parse_results(replaced)
    carried = (wanted - own) & kept
    if not carried:
        return
    if len(carried) <= len(own):
        for name in carried:
            os.rename(source / name, target / name)
        return
    moving = catalog / STATE_DIR / f"{PARSED_DIR}.carried"
    os.rename(source, moving)
    for name in own:
        os.replace(target / name, moving / name)
    for name in kept - wanted:
        os.unlink(moving / name)
    with contextlib.suppress(FileNotFoundError):
        os.rmdir(target)
    os.rename(moving, target)
