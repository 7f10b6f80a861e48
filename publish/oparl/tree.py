"""The export as files: every object at its own URL, the Body's lists in pages, deterministic bytes."""
from __future__ import annotations

import json
import os
from pathlib import Path

from publish.oparl.mapping import Export
from publish.oparl.urls import Urls

PAGE_SIZE = 100


def dumps(obj) -> bytes:
    """Compact UTF-8 JSON, keys in the order the mapping gives them: the same objects, the same bytes."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def list_pages(urls: list[str], page_url, page_size: int = PAGE_SIZE) -> list[tuple[str, list[str], dict]]:
    """An OParl external list as (page URL, the URLs of its objects, pagination and links); an empty
    list is one empty page."""
    total = len(urls)
    count = max(1, -(-total // page_size))
    pages = []
    for n in range(1, count + 1):
        links = {"first": page_url(1), "self": page_url(n), "last": page_url(count)}
        if n > 1:
            links["prev"] = page_url(n - 1)
        if n < count:
            links["next"] = page_url(n + 1)
        meta = {"pagination": {"totalElements": total, "elementsPerPage": page_size, "currentPage": n,
                               "totalPages": count}, "links": links}
        pages.append((page_url(n), urls[(n - 1) * page_size: n * page_size], meta))
    return pages


def files(export: Export, urls: Urls, page_size: int = PAGE_SIZE) -> dict[str, bytes]:
    """Tree-relative path -> bytes of every file of the export.

    Each object is encoded once; list pages are put together from those bytes (a page is
    ``{"data": [...], "pagination": {...}, "links": {...}}``).
    """
    encoded = {url: dumps(obj) for url, obj in export.objects.items()}
    out = {urls.path_of(url): data + b"\n" for url, data in encoded.items()}
    lists = [(export.bodies, urls.body_list)] + [
        (members, lambda n, name=name: urls.list_page(name, n)) for name, members in export.lists.items()]
    for members, page_url in lists:
        for url, page, meta in list_pages(members, page_url, page_size):
            out[urls.path_of(url)] = (b'{"data":[' + b",".join(encoded[u] for u in page) + b"]," + dumps(meta)[1:]
                                      + b"\n")
    return out


def write(root: Path, tree: dict[str, bytes], previous: Path | None = None) -> int:
    """Write the files (tens of thousands of small ones: one mkdir per folder, plain os calls).

    A file whose bytes equal the one in the ``previous`` catalog is hard-linked to it instead:
    cheaper than writing, and the catalog's comparison before the swap then skips it unread.
    Returns how many files were written anew.
    """
    made: set[str] = set()
    written = 0
    for rel, data in tree.items():
        folder, _, _ = rel.rpartition("/")
        if folder not in made:
            os.makedirs(os.path.join(root, folder), exist_ok=True)
            made.add(folder)
        target = os.path.join(root, rel)
        if previous is not None and _same(os.path.join(previous, rel), data):
            try:
                os.link(os.path.join(previous, rel), target)
                continue
            except OSError:
                pass
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        written += 1
    return written


def _same(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False
