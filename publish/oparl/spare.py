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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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


# Processes that make the spare side by side. Its links are the kernel's work, which two processes do at
# nearly twice the rate of one on two cores (10,000 minutes, 362,598 links with their listing: 7.54 and
# 7.75 s in one process, 4.16 and 4.38 s in two). The first run after a full one waited for it 2.5-3 s
# at its end; with two, 1 % changed took 6.80-7.05 s against 8.35-8.82 s (three runs each, in turns).
SEEDERS = 2
# A folder with more sub-folders than this is made sub-folder by sub-folder, each by whichever process
# comes to it first (oparl/agendaitem and oparl/consultation: one sub-folder per session).
_SPLIT = 64


def seed(output: Path) -> local.Folders | None:
    """Make the spare of hard links to the published catalog's tree, record, list record and tables
    (the run after a first run, or after the spare was lost): a link per file where the export
    would otherwise build and compare every part whole (10,000 minutes, 1 % changed: 362,598 links
    and their listing; the run's publish_local 1.9-2.1 s against 8.4 s without a spare). The files
    are the published ones until the run replaces them (write_files unlinks a kept file before
    writing it anew). In this process; :class:`_Prefetch` makes it with :data:`SEEDERS` processes.

    Returns the published tree's folders (:func:`publish.local.list_folders`, the walk that links
    them); None when the published catalog has no recorded tree."""
    begun = _begin_seed(output)
    if begun is None:
        return None
    try:
        pieces = [_seed_units(output, begun, None, 0)]
    except OSError:
        pieces = None
    made = _finish_seed(output, begun, pieces)
    return None if made is None else made[1][1]


@dataclass(frozen=True)
class _Seeding:
    """A spare being made: where (renamed to the spare once whole: no half a spare), when its listing
    began, and the published tree in pieces, (folder, with its sub-folders): first the folders that
    hold the pieces (their own files only), then the rest, the largest folders first."""

    building: Path
    listed: int
    units: tuple[tuple[str, bool], ...]

    @property
    def holders(self) -> list[str]:
        return [rel for rel, whole in self.units if not whole]

    @property
    def holder_keys(self) -> set[str]:
        """The holders as list_folders keys its folders (``oparl/agendaitem/``)."""
        return {os.path.join(rel, "") for rel in self.holders}


def _begin_seed(output: Path) -> _Seeding | None:
    """The folder the spare is made in, with the published catalog's records and tables linked and the
    folders that hold the pieces made; None where there is nothing to make it from."""
    spare = spare_path(output)
    if spare.exists() or not (output / OPARL_DIR).is_dir():
        return None
    needed = [name for name in _KEPT_FILES if name != LISTS]
    if not all((output / name).is_file() for name in needed):
        return None
    building = spare.with_name(spare.name + ".seeding")
    shutil.rmtree(building, ignore_errors=True)
    listed = time.time_ns()
    try:
        holders, whole, pieces = [OPARL_DIR], [], []
        with os.scandir(output / OPARL_DIR) as found:
            folders = sorted((e for e in found if e.is_dir(follow_symlinks=False)), key=lambda e: e.name)
        for e in folders:
            rel = f"{OPARL_DIR}/{e.name}"
            st = e.stat(follow_symlinks=False)
            # (a folder's link count is 2 plus its sub-folders on ext4 and most others; 1 where not counted)
            if st.st_nlink == 1 or st.st_nlink - 2 > _SPLIT:
                with os.scandir(e.path) as inner:
                    subs = sorted(x.name for x in inner if x.is_dir(follow_symlinks=False))
                if len(subs) > _SPLIT:
                    holders.append(rel)
                    pieces += [f"{rel}/{sub}" for sub in subs]
                    continue
            whole.append((-st.st_size, rel))   # (a folder's size grows with its entries)
        _link_kept_files(output, building)
        for rel in holders:
            (building / rel).mkdir()
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        return None
    units = [(rel, False) for rel in holders] + [(rel, True) for _, rel in sorted(whole)] + [(rel, True) for rel in pieces]
    return _Seeding(building, listed, tuple(units))


def _seed_units(output: Path, seeding: _Seeding, since: int | None, turn: int) -> tuple:
    """Link the pieces of the published tree this process comes to first into the spare being made,
    and list them: the even turns go through the pieces from the first, the odd ones from the last
    (each piece taken by making its folder: whoever makes it links it). Turn 0 also takes the files
    of the folders that hold the pieces. Returns the pieces' files (tree.Listing) and their folders,
    as published and as linked (the times of the holders are set once all pieces are in)."""
    building, top = seeding.building, len(os.path.join(output, ""))
    files = TreeLister(output, since)   # (the spare's files are the published ones)

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
        files.add(entries)

    published: dict = {}
    units = seeding.units if turn % 2 == 0 else seeding.units[::-1]
    for rel, whole in units:
        if not whole:
            if turn == 0:
                published.update(local.list_folders(output, rel, link, descend=False).entries)
            continue
        try:
            os.mkdir(building / rel)
        except FileExistsError:   # (another process has it)
            continue
        published.update(local.list_folders(output, rel, link).entries)
    holders = seeding.holder_keys
    linked = _linked_folders(building, {rel: e for rel, e in published.items() if rel not in holders}, seeding.listed)
    return files.listing(), published, linked


def _finish_seed(output: Path, seeding: _Seeding, made: list[tuple] | None) -> tuple | None:
    """The spare made of the pieces ``made`` (all of :func:`_seed_units`' results), renamed into place;
    its listing and the folders of the spare and of the published tree. None, and no spare, if a piece
    is missing (``made`` None: a process failed)."""
    if made is None:
        shutil.rmtree(seeding.building, ignore_errors=True)
        return None
    listed = seeding.listed
    published = {rel: e for _, found, _ in made for rel, e in found.items()}
    spare_folders = {rel: e for _, _, linked in made for rel, e in linked.items()}
    holders = seeding.holder_keys
    try:
        if not all(os.path.join(rel, "") in published for rel, _ in seeding.units):   # (the holders among them)
            raise OSError("a piece of the tree was not linked")
        spare_folders.update(_linked_folders(seeding.building, {rel: published[rel] for rel in holders}, listed))
        os.rename(seeding.building, spare_path(output))
    except OSError:   # (only a cache: the export builds its parts whole)
        shutil.rmtree(seeding.building, ignore_errors=True)
        return None
    listing = Listing(np.sort(np.concatenate([found.paths for found, _, _ in made])),
                      np.sort(np.concatenate([found.edited for found, _, _ in made])))
    return listing, (local.Folders(listed, spare_folders), local.Folders(listed, published))


def _linked_folders(root: Path, published: dict, listed: int) -> dict:
    """The folders of a tree of links to the published folders ``published`` (listed at ``listed``):
    the same entries (by inode). Their times are set back to before the listing, out of reach of any
    change to come (a folder touched within a clock tick of its listing is listed again by
    publish.local.changes: every folder just made, 10,000 minutes: 0.74 s at the end of the run)."""
    when = listed - local.SETTLED_NS - 10**9
    entries = {}
    for rel, (_, digest, subs) in published.items():
        with contextlib.suppress(OSError):   # (a folder without files is not made: changes lists it)
            os.utime(root / rel, ns=(when, when))
            entries[rel] = (os.stat(root / rel).st_mtime_ns, digest, subs)   # (as the file system keeps it)
    return entries


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
    comparing the catalogs (:func:`publish.local.changes`); where there is no spare, :data:`SEEDERS`
    processes make it of links and list it (:func:`_seed_units`), and joining them puts it in place.

    The process is started from a thread: starting it waits for multiprocessing's fork server, which
    first imports what the run's processes need (0.6 s of a 1 % run at 10,000 minutes that the run
    otherwise spent waiting)."""

    def __init__(self, output: Path, since: int, seeding: bool = False):
        self.output = output
        self.since = since
        self.seeding = seeding
        self.made: _Seeding | None = None   # (the spare being made, where it is)
        self.seeders: list = []
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
            if self.seeding:
                self.made = _begin_seed(output)
                if self.made is not None:
                    seeders = max(1, min(SEEDERS, os.cpu_count() or 1))
                    pool = ProcessPoolExecutor(seeders, mp_context=multiprocessing.get_context("forkserver"))
                    self.seeders = [pool.submit(_seed_units, output, self.made, self.since, turn) for turn in range(seeders)]
                    pool.shutdown(wait=False)   # (its processes exit when the spare is made)
                return
            # The spare first: the export waits for its listing. The published tree's folders are
            # needed only by the comparison after the export, and are listed meanwhile (a night
            # on cold caches, 10,000 minutes: each walk reads 90-130 MB of folders from disk).
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"))
            self.future = pool.submit(_list_spare, output, self.since)
            self.published = pool.submit(_list_published, output)
            pool.shutdown(wait=False)   # its one process exits when the listing is done

    def _finish_made(self, deadline: float) -> None:
        """The spare whole once every process made its pieces, its listing and both trees' folders
        taken; no spare if one failed (the export builds its parts whole)."""
        made, failed, seeding, self.made = [], False, self.made, None
        try:
            for seeder in self.seeders:   # (each waited for, also after one failed: none links on after this)
                try:
                    made.append(seeder.result(max(0.0, deadline - time.monotonic())))
                except TimeoutError:
                    raise
                except Exception:   # (OSError, a process that died)
                    failed = True
        except TimeoutError:   # (still linking: the next run's seeding clears what it left)
            return
        finally:
            self.seeders = []
        if failed or not made:   # (not made: no process started)
            made = None
        found = _finish_seed(self.output, seeding, made)
        if found is not None:
            self.listing, self.folders = found

    def join_listing(self, timeout: float) -> None:
        """Wait for the spare's listing (and, where the spare is being made, for all of it)."""
        if self.starting is None:
            return
        deadline = time.monotonic() + timeout
        self.starting.join(timeout)
        if self.made is not None:
            self._finish_made(deadline)
        if self.future is not None:
            try:
                self.listing, self.spare_folders = self.future.result(max(0.0, deadline - time.monotonic()))
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
    :data:`SEEDERS` processes make one from the published catalog instead (:func:`seed`), and list it. The run's lock keeps
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
