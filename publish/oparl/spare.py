"""The OParl tree of the catalog a run replaced, kept beside the output for the next run to update.

A city's export is hundreds of thousands of files, and a run changes few of them. Rebuilding the
tree from hard links to the published files costs a link per file, and removing the replaced
catalog costs an unlink per file: seconds each. Instead, the replaced catalog's ``oparl/`` and its
digest record stay in a hidden folder beside the output (``.<output>.oparl-spare``). The next run
moves that tree into its staging folder and rewrites only the files whose digests differ
(:func:`publish.oparl.tree.write`). The tables the tree was made from stay with it, so the next
run can tell which parts of the export are made from the same (:mod:`publish.oparl.inputs`). The
spare is a cache: where there is none (the run after a first run), the run makes one of links to
the published catalog while it parses (:func:`seed`); when it is damaged or lost in a failed run,
the export is written as if there were none.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from publish import local
from publish.catalog_files import parquet_name
from publish.oparl.lists import LISTS
from publish.oparl.mapping import READS
from publish.oparl.tree import DIGESTS, Digests, Listing, TreeLister, read_digests, remove_empty
from publish.oparl.urls import OPARL_DIR
from publish.state import STATE_DIR


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}.oparl-spare"


# What the spare keeps beside its tree: the digest and list records and the tables the export read.
_KEPT_FILES = (DIGESTS, LISTS, *(parquet_name(t) for t in READS))


def keep(catalog: Path, output: Path) -> None:
    """Keep ``catalog``'s export tree, digest record and the tables the export read as the spare of
    ``output``; remove the rest of ``catalog`` (a replaced or discarded catalog folder)."""
    spare = spare_path(output)
    shutil.rmtree(spare, ignore_errors=True)
    if not (catalog / OPARL_DIR).is_dir() or not (catalog / DIGESTS).is_file():
        shutil.rmtree(catalog, ignore_errors=True)
        return
    try:
        tables = {name for name in _KEPT_FILES if name not in (DIGESTS, LISTS)}
        for folder, names in ((catalog, {OPARL_DIR, STATE_DIR, *tables}),
                              (catalog / STATE_DIR, {Path(DIGESTS).name, Path(LISTS).name})):
            with os.scandir(folder) as entries:
                for e in entries:
                    if e.name in names:
                        continue
                    if e.is_dir(follow_symlinks=False):
                        shutil.rmtree(e.path)
                    else:
                        os.unlink(e.path)
        os.rename(catalog, spare)
    except OSError:   # only a cache: the run has published what it had to, the next one writes anew
        shutil.rmtree(catalog, ignore_errors=True)


def _link_kept_files(catalog: Path, spare: Path) -> None:
    """Hard links in ``spare`` to ``catalog``'s digest record, tables and list record (if it has one)."""
    for name in _KEPT_FILES:
        if name != LISTS or (catalog / name).is_file():   # (no list record: no part is updated in place)
            (spare / name).parent.mkdir(parents=True, exist_ok=True)
            os.link(catalog / name, spare / name)


def keep_tree(catalog: Path, output: Path) -> None:
    """Keep the export tree of a run that stops before it publishes (its tables failed validation,
    its metadata was refused) as the spare again: the run took the spare into ``catalog`` to make it,
    and the tree is whole, with the records and tables it was made from. The tree and its records
    move out of ``catalog`` (kept for a person to look at, or removed), its tables are linked. Without
    this the next run makes a spare anew from the published catalog, a link per file."""
    spare = spare_path(output)
    needed = [name for name in _KEPT_FILES if name != LISTS]
    if spare.exists() or not (catalog / OPARL_DIR).is_dir() or not all((catalog / n).is_file() for n in needed):
        return
    building = spare.with_name(spare.name + ".seeding")   # (the name seed() clears before it starts)
    shutil.rmtree(building, ignore_errors=True)
    try:
        _link_kept_files(catalog, building)
        for name in (DIGESTS, LISTS):   # (the export's records: not the rejected catalog's)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(catalog / name)
        os.rename(catalog / OPARL_DIR, building / OPARL_DIR)
        os.rename(building, spare)
    except OSError:   # (only a cache: the next run makes one)
        shutil.rmtree(building, ignore_errors=True)


# Above this share of the tree changed, bringing the spare up to date costs more links than a part
# built again saves (and a full rebuild changes everything).
MAX_CATCH_UP = 0.2


def catch_up(output: Path, changed: dict[str, str]) -> None:
    """Bring the spare (the catalog the run replaced: one run behind) up to the published catalog:
    its changed OParl files become hard links to the published ones, its record and tables are the
    published ones. The next run then compares its inputs with tonight's, not last night's: a part
    changed tonight is not built again tomorrow. ``changed``: publish.local.changes of this run."""
    spare = spare_path(output)
    files = {rel: how for rel, how in changed.items() if rel.startswith(OPARL_DIR + "/")}
    if not (spare / DIGESTS).is_file() or len(files) > MAX_CATCH_UP * len(read_digests(output).paths):
        return
    try:
        for rel, how in files.items():
            target = spare / rel
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
            if how == "deleted":
                remove_empty(str(target.parent), str(spare / OPARL_DIR))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(output / rel, target)
        for name in _KEPT_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(spare / name)
            if name != LISTS or (output / name).is_file():   # (no record: no part is updated in place)
                os.link(output / name, spare / name)
    except OSError:   # only a cache: the next run writes what it needs anew
        shutil.rmtree(spare, ignore_errors=True)


def seed(output: Path, files: Callable[[list[os.DirEntry]], None] | None = None) -> local.Folders | None:
    """Make the spare of hard links to the published catalog's tree, record, list record and tables
    (the run after a first run, or after the spare was lost): a link per file where the export
    would otherwise build and compare every part whole (10,000 minutes, 1 % changed: 362,598 links
    and their listing, 3.4-3.6 s of the listing process's CPU beside the parsing; the run's
    publish_local 1.9-2.1 s against 8.4 s without a spare). The files are the published ones until
    the run replaces them (write_files unlinks a kept file before writing it anew).

    Returns the published tree's folders (:func:`publish.local.list_folders`, the walk that links
    them); None when the published catalog has no recorded tree. ``files`` is given each published
    folder's files as they are linked: the spare's files are the same (one walk lists both)."""
    spare = spare_path(output)
    if spare.exists() or not (output / OPARL_DIR).is_dir():
        return None
    needed = [name for name in _KEPT_FILES if name != LISTS]
    if not all((output / name).is_file() for name in needed):
        return None
    building = spare.with_name(spare.name + ".seeding")   # (renamed once whole: no half a spare)
    shutil.rmtree(building, ignore_errors=True)
    top = len(os.path.join(output, ""))

    def link(entries: list[os.DirEntry]) -> None:
        if not entries:
            return
        source = os.path.dirname(entries[0].path)
        target = os.path.join(building, source[top:])
        os.makedirs(target, exist_ok=True)
        # (names relative to open folders: no path looked up per link; 100,000 links 0.60 s against 0.73 s)
        source_fd, target_fd = os.open(source, os.O_RDONLY), os.open(target, os.O_RDONLY)
        try:
            for e in entries:
                os.link(e.name, e.name, src_dir_fd=source_fd, dst_dir_fd=target_fd, follow_symlinks=False)
        finally:
            os.close(source_fd)
            os.close(target_fd)
        if files is not None:
            files(entries)

    try:
        _link_kept_files(output, building)
        (building / OPARL_DIR).mkdir()
        published = local.list_folders(output, OPARL_DIR, link)
        os.rename(building, spare)
    except OSError:   # (only a cache: the export builds its parts whole)
        shutil.rmtree(building, ignore_errors=True)
        return None
    return published


def _linked_folders(root: Path, published: local.Folders) -> local.Folders:
    """The folders of a tree of links to ``published``'s files: the same entries (by inode). Their
    times are set back to before the listing, out of reach of any change to come (a folder touched
    within a clock tick of its listing is listed again by publish.local.changes: every folder just
    made, 10,000 minutes: 0.74 s at the end of the run)."""
    when = published.listed - local.SETTLED_NS - 10**9
    entries = {}
    for rel, (_, digest, subs) in published.entries.items():
        with contextlib.suppress(OSError):   # (a folder without files is not made: changes lists it)
            os.utime(root / rel, ns=(when, when))
            entries[rel] = (os.stat(root / rel).st_mtime_ns, digest, subs)   # (as the file system keeps it)
    return local.Folders(published.listed, entries)


def _seed_and_list(output: Path, since: int) -> tuple:
    """The spare made of links (:func:`seed`), its listing and the folders of both trees, in one walk."""
    files = TreeLister(output, since)   # (the spare's files are the published ones)
    published = seed(output, files.add)
    if published is None:
        return None, None
    return files.listing(), (_linked_folders(spare_path(output), published), published)


def _list_spare(output: Path, since: int) -> tuple[Listing, local.Folders]:
    spare = spare_path(output)
    files = TreeLister(spare, since)
    folders = local.list_folders(spare, OPARL_DIR, files.add)   # (the spare's files and folders in one walk)
    return files.listing(), folders


def _list_published(output: Path) -> local.Folders:
    return local.list_folders(output, OPARL_DIR)


class _Prefetch:
    """The spare's tree listed by a process of its own (Python work per file: in a thread it slows
    the run by as much as it takes off its end), and the folders of it and of the published tree for
    comparing the catalogs (:func:`publish.local.changes`).

    The process is started from a thread: starting it waits for multiprocessing's fork server, which
    first imports what the run's processes need (0.6 s of a 1 % run at 10,000 minutes that the run
    otherwise spent waiting)."""

    def __init__(self, output: Path, since: int, seeding: bool = False):
        self.since = since
        self.seeding = seeding
        self.listing: Listing | None = None
        self.folders: tuple[local.Folders, local.Folders] | None = None
        self.spare_folders: local.Folders | None = None
        self.future = self.published = None
        # (not a daemon: the interpreter does not end while the process is half started)
        self.starting = threading.Thread(target=self._start, args=(output,), name="spare-listing")
        self.starting.start()

    def _start(self, output: Path) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with contextlib.suppress(Exception):   # (a process that cannot start: the export lists itself)
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"))
            if self.seeding:
                self.future = pool.submit(_seed_and_list, output, self.since)
            else:
                # The spare first: the export waits for its listing. The published tree's folders are
                # needed only by the comparison after the export, and are listed meanwhile (a night
                # on cold caches, 10,000 minutes: each walk reads 90-130 MB of folders from disk).
                self.future = pool.submit(_list_spare, output, self.since)
                self.published = pool.submit(_list_published, output)
            pool.shutdown(wait=False)   # its one process exits when the listing is done

    def join_listing(self, timeout: float) -> None:
        """Wait for the spare's listing (and, where the spare is being made, for all of it)."""
        if self.starting is None:
            return
        deadline = time.monotonic() + timeout
        self.starting.join(timeout)
        if self.future is not None:
            try:
                self.listing, found = self.future.result(max(0.0, deadline - time.monotonic()))
                if self.published is None:   # (made with the spare: both trees' folders)
                    self.folders = found
                else:
                    self.spare_folders = found
            except Exception:   # only a hint: without it the export and the comparison list themselves
                pass
            self.future = None

    def join(self, timeout: float) -> None:
        if self.starting is None:
            return
        deadline = time.monotonic() + timeout
        self.join_listing(timeout)
        if self.published is not None:
            try:
                published = self.published.result(max(0.0, deadline - time.monotonic()))
                if self.spare_folders is not None:
                    self.folders = (self.spare_folders, published)
            except Exception:   # (as above: only a hint)
                pass
        self.starting = self.future = self.published = None


_prefetched: dict[Path, _Prefetch] = {}


def prefetch(output: Path) -> None:
    """Start listing the spare's tree, with the files edited since its record, while the run parses
    and builds: a city's tree is hundreds of thousands of files, a second or more to list and stat,
    and the export needs the listing only at the run's end (:func:`take`). Where there is no spare,
    the same process first makes one from the published catalog (:func:`seed`). The run's lock keeps
    the spare and the published catalog as they are meanwhile."""
    _prefetched.pop(output, None)
    try:
        seeding = not spare_path(output).exists()   # (then made from the published catalog: seed)
        since = os.stat((output if seeding else spare_path(output)) / DIGESTS).st_mtime_ns   # (a link: the same)
        _prefetched[output] = _Prefetch(output, since, seeding)
    except Exception:   # (OSError, a process that cannot start): only a hint, the export lists itself
        return


def _prefetched_listing(output: Path, recorded: int) -> Listing | None:
    job = _prefetched.get(output)
    if job is None or job.since != recorded:
        return None
    job.join_listing(timeout=600)
    return job.listing


def settle(output: Path, timeout: float = 600) -> None:
    """Wait for the listing process of a run that ends without taking its listing (a failed or
    rejected run): the spare it may be making is whole, and nothing of the run goes on after it."""
    job = _prefetched.pop(output, None)
    if job is not None:
        job.join(timeout)


def listed_folders(output: Path) -> tuple[local.Folders, local.Folders] | None:
    """The folders of the spare's tree (taken into the staged catalog since) and of the published
    tree as :func:`prefetch` listed them; None without a prefetch. (Only a hint: publish.local.changes
    lists again every folder whose time changed.)"""
    job = _prefetched.pop(output, None)
    if job is None:
        return None
    job.join(timeout=600)
    return job.folders


def take(output: Path, catalog: Path,
         compare: Callable[[Path, Digests], frozenset[str]] = lambda spare, digests: frozenset(),
         ) -> tuple[Digests, frozenset[str], Listing | None] | None:
    """Move the spare's tree to ``catalog``/oparl (which must not exist); its digests, what
    ``compare`` says of the spare folder before it goes (the parts of the export that stay as they
    are) and its listing where :func:`prefetch` took one; None when there is no usable spare."""
    spare = spare_path(output)
    job = _prefetched.get(output)
    if job is not None and job.seeding:   # (the spare is being made from the published catalog)
        job.join(timeout=600)
    if not spare.is_dir():
        return None
    digests = read_digests(spare)
    taken = None
    if len(digests.paths) and (spare / OPARL_DIR).is_dir():
        listing = _prefetched_listing(output, digests.recorded)   # (before the tree moves)
        try:
            os.rename(spare / OPARL_DIR, catalog / OPARL_DIR)
            taken = digests, compare(spare, digests), listing
        except OSError:   # another file system (the output is a mount point of its own): no spare
            pass
    shutil.rmtree(spare, ignore_errors=True)
    return taken
