"""The export as files: every object at its own URL, the Body's lists in pages, deterministic bytes."""
from __future__ import annotations

import json
from pathlib import Path

from publish.oparl.mapping import Export
from publish.oparl.urls import Urls

PAGE_SIZE = 100


def dumps(obj) -> bytes:
    """Compact UTF-8 JSON, keys in the order the mapping gives them: the same objects, the same bytes."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def list_pages(objects: list[dict], page_url, page_size: int = PAGE_SIZE) -> list[tuple[str, dict]]:
    """An OParl external list as (URL, page) pairs; an empty list is one empty page."""
    total = len(objects)
    count = max(1, -(-total // page_size))
    pages = []
    for n in range(1, count + 1):
        links = {"first": page_url(1), "self": page_url(n), "last": page_url(count)}
        if n > 1:
            links["prev"] = page_url(n - 1)
        if n < count:
            links["next"] = page_url(n + 1)
        pages.append((page_url(n), {
            "data": objects[(n - 1) * page_size: n * page_size],
            "pagination": {"totalElements": total, "elementsPerPage": page_size, "currentPage": n,
                           "totalPages": count},
            "links": links,
        }))
    return pages


def files(export: Export, urls: Urls, page_size: int = PAGE_SIZE) -> dict[str, bytes]:
    """Tree-relative path -> bytes of every file of the export."""
    out: dict[str, bytes] = {}
    for url, obj in export.objects.items():
        out[urls.path_of(url)] = dumps(obj)
    for url, page in list_pages([export.objects[b] for b in export.bodies], urls.body_list, page_size):
        out[urls.path_of(url)] = dumps(page)
    for name, members in export.lists.items():
        objects = [export.objects[u] for u in members]
        for url, page in list_pages(objects, lambda n, name=name: urls.list_page(name, n), page_size):
            out[urls.path_of(url)] = dumps(page)
    return out


def write(root: Path, tree: dict[str, bytes]) -> None:
    for rel, data in sorted(tree.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
