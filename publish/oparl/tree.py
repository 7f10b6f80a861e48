"""The export as files: every object at its own URL, the Body's lists in pages, deterministic bytes."""
from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from publish.oparl.mapping import EPOCH, Export
from publish.oparl.urls import OPARL_DIR, Urls
from publish.state import STATE_DIR

PAGE_SIZE = 100
CHUNK = 1000   # files handed to a writer thread at a time
WRITERS = 2   # more threads only contend for the directories in the kernel
# what the last run wrote, so the next run links unchanged files without reading them
DIGESTS = f"{STATE_DIR}/oparl-digests.parquet"


def dumps(obj) -> bytes:
    """Compact UTF-8 JSON, keys in the order the mapping gives them: the same objects, the same bytes
    (orjson's output equals ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"))``)."""
    return orjson.dumps(obj)


def list_pages(urls: list[str], page_url, page_size: int = PAGE_SIZE) -> list[tuple[str, list[str], dict]]:
    """An OParl external list as (page URL, the URLs of its objects, pagination and links); an empty
    list is one empty page.

    Only the first page tells the totals and the last page (all optional in OParl 1.1, only ``next``
    is required): a list's objects are appended in the order they came (mapping._part), so a night's
    new minutes change the first page and the last few, not every page of every list.
    """
    total = len(urls)
    return [(page_url(n), urls[(n - 1) * page_size: n * page_size], page_meta(n, total, page_url, page_size))
            for n in range(1, page_count(total, page_size) + 1)]


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages a list of ``total`` objects has (an empty list has one)."""
    return max(1, -(-total // page_size))


def page_meta(n: int, total: int, page_url, page_size: int = PAGE_SIZE) -> dict:
    """Page ``n``'s pagination and links, of a list of ``total`` objects (:func:`list_pages`)."""
    count = page_count(total, page_size)
    links = {"first": page_url(1), "self": page_url(n)}
    pagination = {"elementsPerPage": page_size, "currentPage": n}
    if n == 1:
        links["last"] = page_url(count)
        pagination = {"totalElements": total, **pagination, "totalPages": count}
    if n > 1:
        links["prev"] = page_url(n - 1)
    if n < count:
        links["next"] = page_url(n + 1)
    return {"pagination": pagination, "links": links}


def files(parts: Iterable[Export], urls: Urls, page_size: int = PAGE_SIZE,
          orders: dict[str, list[tuple[str, str]]] | None = None) -> Iterator[tuple[str, bytes]]:
    """(tree-relative path, bytes) of every file of the export: part by part (mapping.build), list
    page by list page, the page's objects first, then the objects in no list.

    A page (``{"data": [...], "pagination": {...}, "links": {...}}``) is put together from the bytes
    of its objects, each encoded once. Objects are taken out of the part as they are encoded and
    their bytes kept only while another list still holds them: a city's archive is hundreds of
    thousands of objects, and holding them as dicts and as bytes at once costs gigabytes.

    ``orders``: filled with each list's (URL, created) in list order, for the record the next run
    updates the tree by (:mod:`publish.oparl.lists`).
    """
    for export in parts:
        yield from _part_files(export, urls, page_size, orders)


def kept_page(path: Path) -> dict | None:
    """A list page of a kept tree, if it is one and encodes back to its own bytes (nobody edited it,
    so each of its objects encodes to the bytes it was written with)."""
    try:
        data = Path(path).read_bytes()
        page = orjson.loads(data)
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(page, dict) or not isinstance(page.get("data"), list) or dumps(page) + b"\n" != data:
        return None
    return page


def page_bytes(objects: list[bytes], meta: dict) -> bytes:
    """A list page's file from the bytes of its objects and its pagination and links (list_pages)."""
    return b'{"data":[' + b",".join(objects) + b"]," + dumps(meta)[1:] + b"\n"


def _part_files(export: Export, urls: Urls, page_size: int,
                orders: dict[str, list[tuple[str, str]]] | None = None) -> Iterator[tuple[str, bytes]]:
    objects = export.objects
    if orders is not None:
        orders.update({name: [(u, objects[u].get("created") or EPOCH) for u in members]
                       for name, members in export.lists.items()})
    lists = [(export.bodies, urls.body_list)] if export.bodies else []
    lists += [(members, lambda n, name=name: urls.list_page(name, n)) for name, members in export.lists.items()]
    wanted = Counter(u for members, _ in lists for u in members)
    encoded: dict[str, bytes] = {}

    def encode(url: str) -> bytes:
        data = encoded.get(url)
        if data is None:
            data = dumps(objects.pop(url))
        wanted[url] -= 1
        if wanted[url]:
            encoded[url] = data
        else:
            encoded.pop(url, None)
        return data

    pending: list[tuple[str, bytes]] = []
    for members, page_url in lists:
        for url, page, meta in list_pages(members, page_url, page_size):
            parts = []
            for u in page:
                fresh = u in objects
                data = encode(u)
                if fresh:
                    pending.append((urls.path_of(u), data + b"\n"))
                parts.append(data)
            yield from pending
            pending.clear()
            yield urls.path_of(url), page_bytes(parts, meta)
    for url in list(objects):
        yield urls.path_of(url), dumps(objects.pop(url)) + b"\n"


def write(root: Path, tree: Iterable[tuple[str, bytes]], previous: Path | None = None,
          recycled: Digests | None = None) -> tuple[int, int]:
    """Write the files of the export (:func:`write_files`) and finish the tree (:func:`finish`).
    Returns how many files there are and how many were written anew."""
    written = write_files(root, tree, previous, recycled)
    finish(root, [written], recycled)
    return written.count, written.written


@dataclass
class Written:
    """What :func:`write_files` wrote: how many files, how many of them anew, the (path digest,
    content digest) pair of each file, 32 bytes each, and the part of the export they are."""

    count: int
    written: int
    records: bytes
    part: str = ""
    orders: pa.Table | None = None   # the part's lists as rows of their record (lists.table)
    updated: bool = False   # only the part's changed files: the others stay as the kept tree has them


def write_files(root: Path, tree: Iterable[tuple[str, bytes]], previous: Path | None = None,
                recycled: Digests | None = None, part: str = "", listing: Listing | None = None) -> Written:
    """Write the files (hundreds of thousands of small ones for a city's archive: plain os calls).

    A file whose bytes equal the one in the ``previous`` catalog is hard-linked to it instead of
    written: the previous run's digests (:data:`DIGESTS`) say so without reading the old file, and
    the old file being no newer than that record says nobody edited it since. The catalog's comparison before the swap
    then skips linked files unread. The files are written by a second thread in chunks while
    ``tree`` goes on encoding (the system calls and hashing release the GIL); at most a few chunks
    wait, so memory stays bounded. Several calls (processes) may write parts of one tree side by
    side; :func:`finish` then completes it from what they all wrote.

    ``recycled``: the digests of an older tree already under ``root`` (:mod:`publish.oparl.spare`).
    Its files that are still right stay where they are, the others are replaced (unlinked first:
    they may be hard links into the published catalog); :func:`finish` removes the files the export
    no longer has. ``listing``: :func:`list_tree` of the recycled tree since its record, taken
    before this run began to change it; it says which files are there unedited (else each is looked at).
    """
    # With a recycled tree, only the files that changed in the last run are behind it: writing those
    # again costs less than holding the published catalog's digests too (memory).
    old = read_digests(previous) if previous is not None and recycled is None else Digests.none()
    kept = recycled if recycled is not None else Digests.none()
    records = bytearray()   # (path digest, content digest) of every file, 32 bytes each
    made: set[str] = set()

    def put(chunk: list[tuple[str, bytes]]) -> int:
        paths = [_digest(rel.encode("utf-8")) for rel, _ in chunk]
        contents = [_digest(data) for _, data in chunk]
        records.extend(b"".join(p + c for p, c in zip(paths, contents)))   # one call: atomic between threads
        still_kept, as_before = kept.matches(paths, contents), old.matches(paths, contents)
        if listing is not None:   # (one look-up for the chunk instead of a stat per file)
            keys = np.array(paths, "S16")
            still_kept &= _among(keys, listing.paths, listing.heads) & ~_among(keys, listing.edited)
        written = 0
        # Names relative to the open folder: the kernel walks no path for each file (100,000 files
        # in 1,000 folders: 1.84-2.00 s by names, 2.18-2.36 s by paths).
        open_folder, at = None, -1
        try:
            for (rel, data), keep, link in zip(chunk, still_kept, as_before):
                folder, _, name = rel.rpartition("/")
                if folder != open_folder:
                    if folder not in made:
                        os.makedirs(os.path.join(root, folder), exist_ok=True)
                        made.add(folder)
                    if at >= 0:
                        os.close(at)
                        at = -1
                    at, open_folder = os.open(os.path.join(root, folder), os.O_RDONLY | os.O_DIRECTORY), folder
                if recycled is not None:
                    if keep and (listing is not None or _unedited(name, kept.recorded, at)):
                        continue
                    try:
                        os.unlink(name, dir_fd=at)
                    except FileNotFoundError:
                        pass
                if link:
                    source = os.path.join(previous, rel)
                    try:
                        if os.stat(source).st_mtime_ns <= old.recorded:
                            os.link(source, name, dst_dir_fd=at)
                            continue
                    except OSError:
                        pass
                fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=at)
                try:
                    os.write(fd, data)
                finally:
                    os.close(fd)
                written += 1
        finally:
            if at >= 0:
                os.close(at)
        return written

    pending: deque[Future] = deque()
    count = written = 0
    with ThreadPoolExecutor(max_workers=WRITERS) as writer:
        for chunk in _chunks(tree, CHUNK):
            count += len(chunk)
            pending.append(writer.submit(put, chunk))
            while len(pending) > 2 * WRITERS:
                written += pending.popleft().result()
        while pending:
            written += pending.popleft().result()
    return Written(count, written, bytes(records), part)


def finish(root: Path, parts: list[Written], recycled: Digests | None = None, listing: Listing | None = None,
           stay: frozenset[str] = frozenset(), fingerprint: str = "") -> int:
    """Complete the tree that ``parts`` wrote under ``root``: remove the recycled tree's files the
    export no longer has, and record the digests of all files for the next run. ``listing``: the
    files under the tree, listed while ``parts`` were written (else it is listed now). ``stay``:
    parts of the export not written again, whose files in the recycled tree are right as they are.
    ``fingerprint``: the export's settings and code (:func:`publish.oparl.inputs.fingerprint`).
    Returns the number of files of the tree."""
    new = Digests.of_written(parts, recycled, stay)
    if recycled is not None:   # (also strays: files a person put into the tree while it was published)
        _remove_others(root, new, listing.paths if listing is not None else None)
    write_digests(root, new, fingerprint)
    return len(new.paths)


def _unedited(path: str, recorded: int, dir_fd: int | None = None) -> bool:
    """The file is there and nobody changed it since its digest was recorded (``path`` relative to
    the opened folder ``dir_fd``, if given)."""
    try:
        return os.stat(path, dir_fd=dir_fd).st_mtime_ns <= recorded
    except OSError:
        return False


def _unedited_in(folder: str, names: list[str], recorded: int) -> list[bool]:
    """:func:`_unedited` for files of one folder, each looked up by its name in the opened folder:
    the kernel walks no path for each (a third less time: 2.7 -> 1.85 s for a tree of 363,254 files)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return [False] * len(names)
    try:
        return [_unedited(name, recorded, fd) for name in names]
    finally:
        os.close(fd)


def _listed(root: Path) -> Iterator[str]:
    """The path of every file under ``root``'s export."""
    for files in _folders_files(root):
        yield from (e.path for e in files)


def _folders_files(root: Path) -> Iterator[list[os.DirEntry]]:
    """The files of each folder under ``root``'s export, a folder at a time."""
    folders = [os.path.join(root, OPARL_DIR)]
    while folders:
        files = []
        with os.scandir(folders.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    folders.append(e.path)
                else:
                    files.append(e)
        yield files


@dataclass
class Listing:
    """The files under an export tree as they were at one moment (:func:`list_tree`)."""

    paths: np.ndarray    # S16, sorted: the digests of the tree-relative paths
    edited: np.ndarray   # S16, sorted: those of the files changed after a given time

    @cached_property
    def heads(self) -> np.ndarray:
        return _heads(self.paths)


def _among(digests: np.ndarray, sorted_set: np.ndarray, heads: np.ndarray | None = None) -> np.ndarray:
    """For each digest, whether ``sorted_set`` holds it (``heads``: :func:`_heads` of it, if kept)."""
    if not len(sorted_set):
        return np.zeros(len(digests), bool)
    return _lookup(sorted_set, digests, heads)[1]


def _heads(digests: np.ndarray) -> np.ndarray:
    """The first 8 bytes of each digest as a number, which sorts as the digests do (big-endian)."""
    return np.ascontiguousarray(digests, "S16").view(">u8")[::2].astype("u8")


def _lookup(sorted_set: np.ndarray, digests: np.ndarray, heads: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Where each digest is or would be in ``sorted_set`` (not empty), and whether it is there.

    Searched by the digests' first 8 bytes as numbers (``heads``: :func:`_heads` of ``sorted_set``,
    where the caller keeps it): NumPy searches 16-byte strings 20x slower, and a tree's files are
    looked up a thousand at a time in a record of hundreds of thousands (2.2 s of a 362,000-file
    export, now 0.1 s). A digest whose first 8 bytes another one of the set shares is searched as bytes."""
    heads = _heads(sorted_set) if heads is None else heads
    wanted = _heads(digests)
    at = np.minimum(np.searchsorted(heads, wanted), len(sorted_set) - 1)
    found = sorted_set[at] == digests
    shared = ~found & (heads[at] == wanted)   # (the first with these 8 bytes is another digest)
    if shared.any():
        at[shared] = np.minimum(np.searchsorted(sorted_set, digests[shared]), len(sorted_set) - 1)
        found[shared] = sorted_set[at[shared]] == digests[shared]
    return at, found


def list_tree(root: Path, since: int | None = None) -> Listing:
    """The files under ``root``'s export, as they are now, and those changed after ``since`` (ns;
    not looked at when None). Digests of paths: a city's tree is hundreds of thousands of them. A
    listing taken while the export is being written serves :func:`finish` as well: every file the
    writers add is one the export has."""
    lister = TreeLister(root, since)
    for files in _folders_files(root):
        lister.add(files)
    return lister.listing()


class TreeLister:
    """:func:`list_tree` fed a folder's files at a time, by whoever walks the tree anyway
    (publish.oparl.spare lists the folders of the same tree: one walk for both)."""

    def __init__(self, root: Path, since: int | None = None):
        self.root = root
        self.since = since
        self.paths: list[bytes] = []
        self.edited: list[bytes] = []

    def add(self, files: list[os.DirEntry]) -> None:
        """The files of one folder."""
        paths = [e.path for e in files]
        digests = _path_digests(self.root, paths)
        self.paths += digests
        if self.since is not None and paths:
            unedited = _unedited_in(os.path.dirname(paths[0]), [e.name for e in files], self.since)
            self.edited += [d for d, same in zip(digests, unedited) if not same]

    def listing(self) -> Listing:
        # (sorted here, where the listing is made: often a process of its own, beside the run)
        return Listing(np.sort(np.array(self.paths, "S16")), np.sort(np.array(self.edited, "S16")))


def _path_digests(root: Path, paths: Iterable[str]) -> list[bytes]:
    """The digests of these paths under ``root`` as the record holds them (tree-relative)."""
    skip = len(os.path.join(root, ""))
    return [_digest(path[skip:].encode("utf-8")) for path in paths]


def _remove_others(root: Path, wanted: Digests, listing: np.ndarray | None = None) -> None:
    """Remove the files under ``root``'s export that are not ``wanted``, and folders left empty.
    ``listing``: :func:`list_tree` of ``root``; when all of it is wanted, nothing is listed again."""
    if listing is not None and wanted.has(listing).all():
        return
    top = os.path.join(root, OPARL_DIR)
    listed = list(_listed(root))
    present = wanted.has(_path_digests(root, listed))
    emptied: set[str] = set()
    for path, keep in zip(listed, present):
        if not keep:
            os.unlink(path)
            emptied.add(os.path.dirname(path))
    for folder in sorted(emptied, key=len, reverse=True):
        remove_empty(folder, top)


def remove_empty(folder: str, top: str) -> None:
    """Remove ``folder`` and the folders above it up to ``top`` (not included) while they are empty."""
    while folder != top:
        try:
            os.rmdir(folder)
        except OSError:   # not empty: it holds wanted files
            return
        folder = os.path.dirname(folder)


# A 128-bit digest says whether a file's bytes changed; XXH3 hashes the 784 MB of a 10,000-minute
# export in 0.07 s, BLAKE2b in 1.0 s (nobody gains from forging a file with the digest of another).
_digest = xxhash.xxh3_128_digest


@dataclass
class Digests:
    """The record of an export's files: the digest of each file's path (sorted) and of its bytes.

    Digests of paths instead of the paths, in two NumPy arrays instead of a dict: a city's export
    is hundreds of thousands of files: for 627k files, reading the record as a dict of path strings
    to bytes objects took 292 MB, as these arrays 73 MB (the arrays are 20 MB of it). (NumPy's "S16" drops trailing NUL bytes from a value it
    gives back, but compares and sorts the stored 16 bytes, and both sides of every comparison
    here are such arrays.)
    """

    paths: np.ndarray      # S16, sorted
    contents: np.ndarray   # S16, the digest of the bytes of the file at the same position
    recorded: int = 0      # when the record was written (ns): files newer than it were edited
    parts: np.ndarray | None = None   # S8, the part of the export each file is (None: not recorded)
    fingerprint: str = ""  # the export's settings and code the files were written with

    @cached_property
    def heads(self) -> np.ndarray:
        return _heads(self.paths)

    @classmethod
    def none(cls) -> "Digests":
        return cls(np.empty(0, "S16"), np.empty(0, "S16"))

    @classmethod
    def of_records(cls, records: bytes) -> "Digests":
        """From (path digest, content digest) pairs of 32 bytes, in any order."""
        return cls.of_written([Written(len(records) // 32, 0, records)])

    @classmethod
    def of_written(cls, written: list[Written], kept: "Digests | None" = None,
                   stay: frozenset[str] = frozenset()) -> "Digests":
        """The record of what ``written`` wrote, and of the other files of the parts ``stay`` in ``kept``."""
        pairs = np.frombuffer(b"".join(w.records for w in written), "u1").reshape(-1, 32)
        paths = np.ascontiguousarray(pairs[:, :16]).view("S16").ravel()
        contents = np.ascontiguousarray(pairs[:, 16:]).view("S16").ravel()
        parts = np.repeat(np.array([w.part for w in written], "S8"), [len(w.records) // 32 for w in written])
        if stay and kept is not None and kept.parts is not None:
            mine = np.isin(kept.parts, np.array(sorted(stay), "S8"))
            paths, contents = np.concatenate([paths, kept.paths[mine]]), np.concatenate([contents, kept.contents[mine]])
            parts = np.concatenate([parts, kept.parts[mine]])
        order = np.argsort(paths, kind="stable")
        paths, contents, parts = paths[order], contents[order], parts[order]
        first = np.ones(len(paths), bool)   # a path written anew and kept: what was written
        first[1:] = paths[1:] != paths[:-1]
        return cls(paths[first], contents[first], parts=parts[first])

    def damaged(self, listing: Listing, parts: frozenset[str], rewritten: bytes = b"") -> frozenset[str]:
        """Those of ``parts`` with a recorded file that is missing from ``listing`` or was edited
        (other than the files this run ``rewritten``: records as in :class:`Written`)."""
        if self.parts is None:
            return frozenset(parts)
        mine = np.isin(self.parts, np.array(sorted(parts), "S8"))
        missing = self.parts[mine][~_among(self.paths[mine], listing.paths, listing.heads)]
        ours = np.frombuffer(rewritten, "u1").reshape(-1, 32)[:, :16].copy().view("S16").ravel()
        edited = listing.edited[~np.isin(listing.edited, ours)] if len(ours) else listing.edited
        if len(edited) and len(self.paths):
            at, found = _lookup(self.paths, edited, self.heads)
            edited = self.parts[at[found]]
        else:
            edited = np.empty(0, "S8")
        return frozenset(p.decode() for p in np.union1d(missing, edited)) & parts

    def has(self, paths: list[bytes]) -> np.ndarray:
        return _among(np.array(paths, "S16"), self.paths, self.heads)

    def matches(self, paths: list[bytes], contents: list[bytes]) -> np.ndarray:
        """For each file, whether the record holds its path with these bytes."""
        if not len(self.paths):
            return np.zeros(len(paths), bool)
        at, found = _lookup(self.paths, np.array(paths, "S16"), self.heads)
        return found & (self.contents[at] == np.array(contents, "S16"))


def read_digests(catalog: Path) -> Digests:
    """The digests of the export's files as the run that wrote them recorded them, and when it recorded
    them; none when there is no record or it cannot be read (then every file is written anew)."""
    try:
        recorded = os.stat(Path(catalog) / DIGESTS).st_mtime_ns
        table = pq.read_table(Path(catalog) / DIGESTS)
        columns = [table.column(name).combine_chunks() for name in ("path_xxh3_128", "xxh3_128")]
        if any(c.type != pa.binary(16) or c.null_count for c in columns):
            return Digests.none()
        paths, contents = (np.frombuffer(c.buffers()[1], "S16", count=c.offset + len(c))[c.offset:] for c in columns)
        if len(paths) > 1 and not bool(np.all(paths[1:] >= paths[:-1])):
            return Digests.none()
        parts = _part_names(table.column("part")) if "part" in table.column_names else None
        fingerprint = (table.schema.metadata or {}).get(_FINGERPRINT, b"").decode()
        return Digests(paths, contents, recorded, parts, fingerprint)
    except (OSError, KeyError, pa.ArrowException):
        return Digests.none()


_FINGERPRINT = b"ratsdaten:oparl-export"


def _part_names(column: pa.ChunkedArray) -> np.ndarray | None:
    """The record's part column as S8 (through its dictionary: a string object per file takes 0.4 s)."""
    if column.null_count:
        return None
    column = column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    return np.array(column.dictionary.to_pylist(), "S8")[column.indices.to_numpy()]


def write_digests(catalog: Path, digests: Digests, fingerprint: str = "") -> None:
    """The record for the next run (deterministic bytes: no file times in it, it is part of the catalog)."""
    n = len(digests.paths)
    columns = {name: pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), n, [None, pa.py_buffer(values.tobytes())])
               for name, values in (("path_xxh3_128", digests.paths), ("xxh3_128", digests.contents))}
    if digests.parts is not None:
        columns["part"] = pa.array(digests.parts.astype("U8"), pa.string()).dictionary_encode()
    table = pa.table(columns).replace_schema_metadata({_FINGERPRINT: fingerprint.encode()})
    (Path(catalog) / DIGESTS).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, Path(catalog) / DIGESTS)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
