"""The OParl tree of the catalog a run replaced, kept beside the output for the next run to update.

A city's export is hundreds of thousands of files, and a run changes few of them. Rebuilding the
tree from hard links to the published files costs a link per file, and removing the replaced
catalog costs an unlink per file: seconds each. Instead, the replaced catalog's ``oparl/`` and its
digest record stay in a hidden folder beside the output (``.<output>.oparl-spare``). The next run
moves that tree into its staging folder and rewrites only the files whose digests differ
(:func:`publish.oparl.tree.write`). The tables the tree was made from stay with it, so the next
run can tell which parts of the export are made from the same (:mod:`publish.oparl.inputs`). The
spare is a cache: when it is missing, damaged or lost in a failed run, the export is written as if
there were none.
"""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from publish.catalog_files import parquet_name
from publish.oparl.mapping import READS
from publish.oparl.tree import DIGESTS, Digests, Listing, list_tree, read_digests
from publish.oparl.urls import OPARL_DIR
from publish.state import STATE_DIR


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}.oparl-spare"


def keep(catalog: Path, output: Path) -> None:
    """Keep ``catalog``'s export tree, digest record and the tables the export read as the spare of
    ``output``; remove the rest of ``catalog`` (a replaced or discarded catalog folder)."""
    spare = spare_path(output)
    shutil.rmtree(spare, ignore_errors=True)
    if not (catalog / OPARL_DIR).is_dir() or not (catalog / DIGESTS).is_file():
        shutil.rmtree(catalog, ignore_errors=True)
        return
    try:
        tables = {parquet_name(t) for t in READS}
        for folder, names in ((catalog, {OPARL_DIR, STATE_DIR, *tables}), (catalog / STATE_DIR, {Path(DIGESTS).name})):
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


class _Prefetch(threading.Thread):
    """The spare's tree listed in the background (a daemon: it only reads)."""

    def __init__(self, spare: Path, since: int):
        super().__init__(name="ratsdaten-spare-listing", daemon=True)
        self.spare, self.since, self.listing = spare, since, None

    def run(self) -> None:
        try:
            self.listing = list_tree(self.spare, self.since)
        except OSError:
            pass


_prefetched: dict[Path, _Prefetch] = {}


def prefetch(output: Path) -> None:
    """Start listing the spare's tree, with the files edited since its record, while the run parses
    and builds: a city's tree is hundreds of thousands of files, a second or more to list and stat,
    and the export needs the listing only at the run's end (:func:`take`). The run's lock keeps
    the spare as it is meanwhile."""
    spare = spare_path(output)
    try:
        since = os.stat(spare / DIGESTS).st_mtime_ns
    except OSError:
        _prefetched.pop(output, None)
        return
    _prefetched[output] = _Prefetch(spare, since)
    _prefetched[output].start()


def _prefetched_listing(output: Path, recorded: int) -> Listing | None:
    job = _prefetched.pop(output, None)
    if job is None or job.since != recorded:
        return None
    job.join(timeout=600)
    return job.listing


def take(output: Path, catalog: Path,
         compare: Callable[[Path, Digests], frozenset[str]] = lambda spare, digests: frozenset(),
         ) -> tuple[Digests, frozenset[str], Listing | None] | None:
    """Move the spare's tree to ``catalog``/oparl (which must not exist); its digests, what
    ``compare`` says of the spare folder before it goes (the parts of the export that stay as they
    are) and its listing where :func:`prefetch` took one; None when there is no usable spare."""
    spare = spare_path(output)
    if not spare.is_dir():
        _prefetched.pop(output, None)
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
