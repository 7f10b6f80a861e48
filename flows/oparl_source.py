"""Minutes from a council's RIS through OParl: a folder source that fills itself before each run.

``ratsdaten run --oparl URL`` (a System or Body URL) walks the Body's meeting list along
``links.next``, takes each meeting's minutes file (``resultsProtocol``, ``verbatimProtocol``, or an
``auxiliaryFile`` named Niederschrift/Protokoll; ``downloadUrl``, else ``accessUrl``) and keeps it in
the source folder as ``<date>_<gremium>_<key>.<ext>`` with a sidecar ``<file>.meta.json`` of the
meeting's metadata (see SIDECAR.md). The pipeline then reads that folder like any other.

Incremental: the catalog's ``.state/oparl.json`` holds the server time of the last complete walk;
the next walk asks only for meetings modified since (``modified_since``). A downloaded file gets the
meeting's ``modified`` time as its mtime (as ``curl -R`` does), so an unchanged meeting is not
downloaded again, and a run cut short by the download bound or a failing server resumes where it
stopped. Deleted or cancelled meetings, and meetings whose minutes file disappeared, lose their file.
The state only advances after a complete walk: whatever failed is asked for again next time.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.oparl_client import Client, Limits, OParlError, oparl_type, resolve_url
from flows.sources import DOCUMENT_EXTENSIONS, SIDECAR_SUFFIX, FolderSource

STATE_FILE = "oparl.json"        # in the catalog's .state/
STATE_FORMAT = 1
LOCAL_TZ = ZoneInfo("Europe/Berlin")
MAX_FAILED_DOWNLOADS = 5         # in a row: the server is down, stop asking
_MINUTES_NAME = re.compile(r"niederschrift|protokoll", re.I)
_NONPUBLIC_NAME = re.compile(r"nicht[\s-]*öffentlich", re.I)
_KEY = re.compile(r"_([0-9a-f]{12})$")
_MIME_EXTENSIONS = {
    "application/pdf": ".pdf", "pdf": ".pdf", "application/x-pdf": ".pdf",
    "text/html": ".html", "html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt", "txt": ".txt", "text/markdown": ".md",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx", "docx": ".docx",
}


# -- what to take from a meeting (pure) -------------------------------------------------------


def minutes_file(meeting: dict) -> dict | None:
    """The meeting's minutes as an OParl File: resultsProtocol, verbatimProtocol (ALLRIS), or an
    auxiliaryFile named Niederschrift/Protokoll (SessionNet); never one named non-public."""
    for key in ("resultsProtocol", "verbatimProtocol"):
        f = meeting.get(key)
        if isinstance(f, dict) and not f.get("deleted"):
            return f
    aux = meeting.get("auxiliaryFile") or []
    if isinstance(aux, dict):   # some RIS give one object instead of a list
        aux = [aux]
    for f in aux:
        if not isinstance(f, dict) or f.get("deleted"):
            continue
        name = f"{f.get('name') or ''} {f.get('fileName') or ''}"
        if _MINUTES_NAME.search(name) and not _NONPUBLIC_NAME.search(name):
            return f
    return None


def file_url(f: dict, base: str) -> str | None:
    """Where to download a File: ``downloadUrl``, else ``accessUrl`` (ALLRIS leaves downloadUrl empty)."""
    return resolve_url(base, (f.get("downloadUrl") or "").strip() or (f.get("accessUrl") or "").strip() or None)


def local_date_time(value: str | None) -> tuple[str | None, str | None]:
    """An OParl date-time as (ISO date, "HH:MM") in Europe/Berlin."""
    if not value:
        return None, None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return (value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", value) else None), None
    if when.tzinfo is not None:
        when = when.astimezone(LOCAL_TZ)
    return when.date().isoformat(), when.strftime("%H:%M")


def organizations_of(meeting: dict) -> list[str]:
    orgs = meeting.get("organization") or []
    return [orgs] if isinstance(orgs, str) else [o for o in orgs if isinstance(o, str)]


def location_text(meeting: dict) -> str | None:
    loc = meeting.get("location")
    if not isinstance(loc, dict):
        return None   # a bare URL: not worth a request
    if loc.get("description"):
        return " ".join(loc["description"].split())
    parts = [loc.get(k) for k in ("room", "streetAddress", "locality")]
    return ", ".join(" ".join(p.split()) for p in parts if p) or None


def sidecar(meeting: dict, url: str, gremium: str | None, city: str | None) -> dict:
    """The sidecar of a meeting's minutes file (keys as in SIDECAR.md; only what the RIS states)."""
    date, start = local_date_time(meeting.get("start"))
    _, end = local_date_time(meeting.get("end"))
    meta = {
        "gremium": gremium,
        "session_date": date,
        "start_time": start,
        "end_time": end,
        "session_id": meeting.get("id"),
        "location": location_text(meeting),
        "meeting_url": meeting.get("web") or meeting.get("id"),
        "source_url": url,
        "city": city,
    }
    return {k: v for k, v in meta.items() if v}


def sidecar_bytes(meta: dict) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def meeting_key(meeting_id: str) -> str:
    """12 hex digits that stay with a meeting whatever its date or Gremium become."""
    return hashlib.sha256(meeting_id.encode("utf-8")).hexdigest()[:12]


def slug(text: str | None, limit: int = 40) -> str:
    text = (text or "").lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].rstrip("-") or "sitzung"


def document_stem(meeting: dict, gremium: str | None) -> str:
    date, _ = local_date_time(meeting.get("start"))
    return f"{date or 'undatiert'}_{slug(gremium)}_{meeting_key(meeting['id'])}"


def extension(data: bytes, mime: str | None, url: str) -> str:
    """The file's extension from its bytes, else its declared type, else its URL (.pdf at worst:
    the parser then says what the bytes really are)."""
    from transforms.model import DocumentRejected
    from transforms.text.sniff import sniff, zip_kind

    try:
        kind = sniff(data)
        if kind == "zip":
            kind = zip_kind(data)
    except DocumentRejected:
        kind = None
    if kind in ("pdf", "html", "docx"):
        return f".{kind}"
    declared = _MIME_EXTENSIONS.get((mime or "").split(";")[0].strip().lower())
    if declared:
        return declared
    suffix = Path(url.split("?")[0]).suffix.lower()
    return suffix if suffix in DOCUMENT_EXTENSIONS else ".pdf"


def change_token(meeting: dict, f: dict) -> float | None:
    """When the minutes last changed as far as the RIS says (File.modified, else Meeting.modified)."""
    for value in (f.get("modified"), meeting.get("modified")):
        if value:
            try:
                when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.tzinfo is None:
                when = when.replace(tzinfo=LOCAL_TZ)
            return when.timestamp()
    return None


# -- the state of the last complete walk ------------------------------------------------------


def state_path(catalog: Path) -> Path:
    from publish.state import STATE_DIR

    return catalog / STATE_DIR / STATE_FILE


def read_state(catalog: Path) -> dict:
    try:
        data = json.loads(state_path(catalog).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == STATE_FORMAT else {}


def state_bytes(body_url: str, modified_since: str | None) -> bytes:
    data = {"format": STATE_FORMAT, "body": body_url, "modified_since": modified_since}
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


# -- resolving the URL a person gives ---------------------------------------------------------


def resolve_body(url: str, limits: Limits | None = None) -> str:
    """The Body URL behind a System or Body URL, or OParlError with what is wrong."""
    limits = limits or Limits(retries=1, backoff=0.5, timeout=20.0, max_pages=50)
    with Client(limits) as client:
        obj = client.get_object(url, ("System", "Body"))
        if oparl_type(obj) == "Body":
            return url
        if not obj.get("body"):
            raise OParlError(f"{url}: the OParl System names no body list")
        bodies = [b for b in client.walk_list(resolve_url(url, obj["body"]))
                  if oparl_type(b) == "Body" and not b.get("deleted") and b.get("id")]
    if not bodies:
        raise OParlError(f"{url}: the OParl System lists no body")
    if len(bodies) > 1:
        listed = "; ".join(f"{b.get('name') or '?'}: {b['id']}" for b in bodies[:10])
        raise OParlError(f"{url}: the OParl System lists {len(bodies)} bodies; pass one Body URL ({listed})")
    return bodies[0]["id"]


# -- the source -------------------------------------------------------------------------------


@dataclass
class FetchReport:
    """What one walk did (``report``, for run.json and the console) and the state to publish with the catalog."""

    report: dict = field(default_factory=dict)
    state_files: dict[str, bytes] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return self.report.get("error")


class OParlSource(FolderSource):
    """A folder of minutes kept in step with a RIS's OParl API (see the module docstring)."""

    def __init__(self, root: Path | str, url: str, body_url: str, limits: Limits = Limits()):
        super().__init__(root)
        self.url = url
        self.body_url = body_url
        self.limits = limits

    def sync(self, catalog: Path, full: bool = False) -> FetchReport:
        """Walk the RIS and bring the folder up to date; never raises for what the RIS does."""
        return _Walk(self, catalog, full).run()


class _Walk:
    def __init__(self, source: OParlSource, catalog: Path, full: bool):
        self.source, self.root, self.limits = source, source.root, source.limits
        previous = read_state(catalog)
        self.previous = state_path(catalog).read_bytes() if previous else None
        have_files = any(self.root.glob(f"*{SIDECAR_SUFFIX}"))
        same_body = previous.get("body") == source.body_url
        self.since = previous.get("modified_since") if same_body and have_files and not full else None
        self.orgs: dict[str, str | None] | None = None
        self.seen: set[str] = set()
        self.counts = dict(pages=0, meetings=0, deleted=0, with_minutes=0, downloaded=0, unchanged=0,
                           removed=0, failed=0)
        self.failures_in_a_row = 0
        self.errors: list[str] = []
        self.bounded = False

    def run(self) -> FetchReport:
        self.root.mkdir(parents=True, exist_ok=True)
        started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        pages: list = []
        stopped: str | None = None
        try:
            with Client(self.limits) as client:
                self.client = client
                body = client.get_object(self.source.body_url, ("Body",))
                self.body = body
                if not body.get("meeting"):
                    raise OParlError(f"{self.source.body_url}: the Body has no meeting list")
                for meeting in client.walk_list(resolve_url(body["id"] or self.source.body_url, body["meeting"]),
                                                self.since, pages):
                    self.counts["pages"] = len(pages)
                    if not self._meeting(meeting):
                        break
                self.counts["pages"] = len(pages)
        except OParlError as exc:
            stopped = str(exc)
        complete = stopped is None and not self.bounded and not self.errors
        if complete and self.since is None:
            self.counts["removed"] += self._prune()
        state = self.previous
        if complete and (self.counts["meetings"] or self.since is None):
            # The server's clock at the first page: anything changed later is asked for next time.
            when = (pages[0][1] if pages and pages[0][1] else None) or started
            state = state_bytes(self.source.body_url, when.isoformat())
        error = stopped or (f"{len(self.errors)} download(s) failed; first: {self.errors[0]}" if self.errors else None)
        report = {
            "url": self.source.url, "body": self.source.body_url, "modified_since": self.since,
            **self.counts, "complete": complete, "bounded": self.bounded, "error": error,
        }
        return FetchReport(report, {STATE_FILE: state} if state else {})

    # -- one meeting ----------------------------------------------------------------------------

    def _meeting(self, meeting: dict) -> bool:
        """Bring one listed meeting's file up to date; False stops the walk."""
        mid = meeting.get("id")
        if not isinstance(mid, str) or not mid:
            return True
        self.counts["meetings"] += 1
        key = meeting_key(mid)
        self.seen.add(key)
        local = self._local_documents(key)
        if meeting.get("deleted") or meeting.get("cancelled"):
            self.counts["deleted"] += 1
            self.counts["removed"] += self._remove(local)
            return True
        f = minutes_file(meeting)
        url = file_url(f, mid) if f else None
        if url is None:
            self.counts["removed"] += self._remove(local)
            return True
        self.counts["with_minutes"] += 1
        gremium = self._gremium(meeting)
        meta = sidecar_bytes(sidecar(meeting, url, gremium, self.body.get("name")))
        stem = document_stem(meeting, gremium)
        token = change_token(meeting, f)
        current = [p for p in local if p.stem == stem]
        if (token is not None and len(local) == 1 and current and _read(_sidecar_of(current[0])) == meta
                and current[0].stat().st_mtime == token):
            self.counts["unchanged"] += 1
            return True
        if self.counts["downloaded"] >= self.limits.max_downloads:
            self.bounded = True   # the rest comes next run: the state does not advance
            return False
        try:
            data, content_type = self.client.download(url)
        except OParlError as exc:
            self.counts["failed"] += 1
            self.errors.append(str(exc))
            self.failures_in_a_row += 1
            if self.failures_in_a_row >= MAX_FAILED_DOWNLOADS:
                raise OParlError(f"{MAX_FAILED_DOWNLOADS} downloads in a row failed; last: {exc}") from None
            return True
        self.failures_in_a_row = 0
        self.counts["downloaded"] += 1
        path = self.root / f"{stem}{extension(data, f.get('mimeType') or content_type, url)}"
        self._remove([p for p in local if p != path])
        from publish.state import write_bytes_atomic

        if _read(path) != data:
            write_bytes_atomic(path, data)
        if _read(_sidecar_of(path)) != meta:
            write_bytes_atomic(_sidecar_of(path), meta)
        if token is not None:
            os.utime(path, (token, token))
        return True

    def _gremium(self, meeting: dict) -> str | None:
        """The name of the meeting's (first) organization: from the Body's organization list, else by its URL."""
        orgs = organizations_of(meeting)
        if not orgs:
            return None
        org = resolve_url(meeting["id"], orgs[0])
        if self.orgs is None:
            self.orgs = {}
            listing = resolve_url(self.body.get("id") or self.source.body_url, self.body.get("organization"))
            try:   # one list instead of a request per organization; where it fails, one by one
                for o in self.client.walk_list(listing) if listing else ():
                    if o.get("id") and not o.get("deleted"):
                        self.orgs[o["id"]] = o.get("name")
            except OParlError:
                pass
        if org not in self.orgs:
            try:
                self.orgs[org] = self.client.get_object(org).get("name")
            except OParlError:
                self.orgs[org] = None   # the sidecar then leaves the Gremium to the text
        return self.orgs[org]

    # -- the folder -----------------------------------------------------------------------------

    def _local_documents(self, key: str) -> list[Path]:
        return sorted(p for p in self.root.glob(f"*_{key}.*")
                      if not p.name.endswith(SIDECAR_SUFFIX) and _KEY.search(p.stem))

    def _remove(self, paths: list[Path]) -> int:
        for p in paths:
            p.unlink(missing_ok=True)
            _sidecar_of(p).unlink(missing_ok=True)
        return len(paths)

    def _prune(self) -> int:
        """After a complete walk of the whole list: files of meetings the RIS no longer lists."""
        gone = []
        for meta in self.root.glob(f"*{SIDECAR_SUFFIX}"):
            doc = meta.with_name(meta.name[: -len(SIDECAR_SUFFIX)])
            m = _KEY.search(Path(doc.name).stem)
            if m and m.group(1) not in self.seen:
                gone.append(doc)
        return self._remove(gone)


def _sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
