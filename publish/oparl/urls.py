"""Where each OParl object of the export lives: stable URLs from the tables' primary keys.

Every URL is ``<base_url>oparl/<kind>/<key>.json``, a plain file of the static tree, so any web
server (or ``file://``) serves it. Keys come from the tables' keys (``session_id``, ``person_id``,
``paper_id``, ``item_number``): the same session, person or paper keeps its URL across runs.
Keys that are not plain ASCII words are escaped injectively (``/`` -> ``_2f``) or, for names
(Gremien, Fraktionen, places), turned into a readable slug plus a short hash of the full name.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

OPARL_DIR = "oparl"
_SAFE = re.compile(r"[A-Za-z0-9.-]")


_PLAIN = re.compile(r"[A-Za-z0-9-][A-Za-z0-9.-]*")
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


@lru_cache(maxsize=1 << 16)
def escape(key: str) -> str:
    """An injective, file-name-safe form of ``key``: ASCII letters, digits, ``.`` and ``-`` stay,
    everything else (``_`` included, and a leading ``.``) becomes ``_`` and two hex digits per UTF-8 byte."""
    if _PLAIN.fullmatch(key):
        return key
    head = "_2e" if key.startswith(".") else ""
    body = key[1:] if head else key
    return (head + _UNSAFE.sub(lambda m: "".join(f"_{b:02x}" for b in m.group().encode("utf-8")), body)) or "_"


def slug(name: str, limit: int = 48) -> str:
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].rstrip("-") or "x"


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """A readable, stable key for a name: its slug and 8 hex digits of its hash (no two names share one)."""
    return f"{slug(name)}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"


class Urls:
    """The URL scheme of one export under ``base_url``."""

    LISTS = ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file",
             "locationList", "legislativeTermList", "membership")

    def __init__(self, base_url: str, body_key: str):
        self.root = (base_url if base_url.endswith("/") else base_url + "/") + OPARL_DIR + "/"
        self.body_key = escape(body_key)

    def _obj(self, kind: str, *keys: str) -> str:
        return self.root + kind + "/" + "/".join(keys) + ".json"

    @property
    def system(self) -> str:
        return self.root + "system.json"

    @property
    def body(self) -> str:
        return self._obj("body", self.body_key)

    def body_list(self, page: int = 1) -> str:
        return self.root + f"bodies/{page}.json"

    def list_page(self, name: str, page: int = 1) -> str:
        """Page ``page`` of one of the Body's external lists (``name`` as in :data:`LISTS`)."""
        return self.root + f"body/{self.body_key}/{name}/{page}.json"

    def organization(self, kind: str, name: str) -> str:
        return self._obj("organization", f"{kind}-{name_key(name)}")

    def person(self, person_id: str) -> str:
        return self._obj("person", escape(person_id))

    def membership(self, person_id: str, organization_url: str) -> str:
        org = organization_url.rsplit("/", 1)[1].removesuffix(".json")
        return self._obj("membership", f"{escape(person_id)}--{org}")

    def meeting(self, session_id: str) -> str:
        return self._obj("meeting", escape(session_id))

    def agenda_item(self, session_id: str, item_number: str) -> str:
        return self._obj("agendaitem", escape(session_id), escape(item_number))

    def consultation(self, session_id: str, item_number: str) -> str:
        return self._obj("consultation", escape(session_id), escape(item_number))

    def paper(self, paper_id: str) -> str:
        return self._obj("paper", escape(paper_id))

    def minutes_file(self, session_id: str) -> str:
        return self._obj("file", escape(session_id))

    def location(self, description: str) -> str:
        return self._obj("location", name_key(description))

    def legislative_term(self, term: str) -> str:
        return self._obj("legislativeterm", escape(term))

    def path_of(self, url: str) -> str:
        """The tree-relative file path of an export URL (``oparl/meeting/x.json``)."""
        if not url.startswith(self.root):
            raise ValueError(f"{url} is not under {self.root}")
        return OPARL_DIR + "/" + url[len(self.root):]
