"""Checks of an OParl 1.1 tree against the official schemas (../shared/reference/oparl/schema/).

The schema files are not plain JSON Schema: embedded objects are linked by a non-standard
``"schema": "File.json"`` hint that stock validators skip, and ``format: url`` is unknown to them.
:func:`errors` follows the hints into every embedded object, checks ``url`` (absolute http(s)),
``date`` and ``date-time``, and adds what the spec text demands beyond the files: ``created`` and
``modified`` on every object, embedded ones included, and the 1.1 lists on the Body.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker

from tests.oparl.conftest import OPARL_REF

SCHEMA_DIR = OPARL_REF / "schema"
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(\w+)$")
BODY_LISTS_1_1 = ("agendaItem", "consultation", "file", "locationList", "legislativeTermList", "membership")

_formats = FormatChecker()


@_formats.checks("url")
def _is_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft7Validator:
    return Draft7Validator(schema(name), format_checker=_formats)


def errors(obj: dict, name: str | None = None, where: str = "") -> list[str]:
    """Every schema violation of ``obj`` and of the objects embedded in it (empty: valid)."""
    if name is None:
        m = TYPE.match(obj.get("type") or "") if isinstance(obj, dict) else None
        if not m:
            return [f"{where or obj.get('id')}: no OParl 1.1 type: {obj.get('type')!r}"]
        name = m.group(1)
    where = where or str(obj.get("id"))
    found = [f"{where} ({name}) {e.json_path}: {e.message}" for e in _validator(name).iter_errors(obj)]
    found += [f"{where} ({name}): no {k}" for k in ("created", "modified") if k not in obj]
    if name == "Body":
        found += [f"{where}: Body without the 1.1 list {k}" for k in BODY_LISTS_1_1 if k not in obj]
    for prop, spec in schema(name)["properties"].items():
        value = obj.get(prop)
        if isinstance(value, dict) and spec.get("schema", "").endswith(".json"):
            found += errors(value, spec["schema"][:-5], f"{where}.{prop}")
        items = spec.get("items") if isinstance(spec.get("items"), dict) else {}
        if isinstance(value, list) and items.get("schema", "").endswith(".json"):
            for i, entry in enumerate(value):
                found += errors(entry, items["schema"][:-5], f"{where}.{prop}[{i}]")
    return found


def references(obj: dict, name: str | None = None) -> list[str]:
    """The URLs ``obj`` and its embedded objects name as OParl references (ids, lists, links to objects)."""
    name = name or TYPE.match(obj["type"]).group(1)
    out = [obj["id"]] if obj.get("id") else []
    for prop, spec in schema(name)["properties"].items():
        value = obj.get(prop)
        if value is None:
            continue
        items = spec.get("items") if isinstance(spec.get("items"), dict) else {}
        if isinstance(value, dict) and spec.get("schema", "").endswith(".json"):
            out += references(value, spec["schema"][:-5])
        elif isinstance(value, list) and items.get("schema", "").endswith(".json"):
            for entry in value:
                out += references(entry, items["schema"][:-5])
        elif spec.get("references"):
            out += value if isinstance(value, list) else [value]
    return out


def tree_objects(root: Path) -> dict[str, object]:
    """Every JSON file of a tree (relative path -> parsed)."""
    return {p.relative_to(root).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*.json"))}
