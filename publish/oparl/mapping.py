"""The catalog's tables as OParl 1.1 objects: pure functions, no I/O.

What comes from where (the README has the reader's version):

- Meeting: a ``sessions`` row; ``participant`` = people of ``attendance`` who were there (present,
  substitute, partial); ``agendaItem`` embedded; ``resultsProtocol`` = a File pointing at the source
  Niederschrift where its URL is known (the document itself is never republished).
- AgendaItem: an ``agenda_items`` row; ``result`` = the result lines of its ``votes`` (else the
  outcome's German label from schemas/); ``resolutionText`` = the decision texts; the counts in the
  extension field ``ratsdaten:votes`` (one entry per vote, with ``vote_counts`` per group).
- Sessions whose minutes state no date are not Meetings here (OParl consumers place meetings by
  their start; meine-stadt-transparent cannot store one without): they stay in the tables.
- Organization: one per Gremium (``sessions.committee``) and per Fraktion (``attendance.group`` of
  faction rows). Membership: person in Fraktion, and person in Gremium (members, advisory members
  and the chair, with ``onBehalfOf`` the Fraktion) from the attendance lists. Person: a ``persons`` row.
- Paper: a ``papers`` row with its Consultations (agenda items that name the paper).
- LegislativeTerm: each ``sessions.legislative_term``; the minutes do not state a term's dates, so
  ``startDate``/``endDate`` are its first and last session in the tables.
- ``created``/``modified``: derived from data, never from the clock: a session's date and start
  time (objects of several sessions: their first and last session), so unchanged tables give the
  same bytes on every run.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import schemas
from publish.oparl.urls import Urls

OPARL = "https://schema.oparl.org/1.1/"
LOCAL_TZ = ZoneInfo("Europe/Berlin")
VOTES_FIELD = "ratsdaten:votes"       # the extension field with the vote counts (README: OParl export)
EPOCH = "1970-01-01T00:00:00+00:00"   # created/modified of an export without any session

# Columns read here (and all that publish.oparl.read_tables reads: a city's tables are large); a
# column renamed in schemas/ fails on import instead of reading as empty.
READS = {
    "sessions": ("session_id", "committee", "session_date", "start_time", "end_time", "location",
                 "session_number", "legislative_term", "minutes_date", "source_file"),
    "attendance": ("session_id", "person_id", "member_role", "group", "group_type", "role", "status"),
    "agenda_items": ("session_id", "item_number", "title", "paper_reference", "outcome", "replaced_by",
                     "line_start"),
    "votes": ("session_id", "item_number", "vote_number", "decision_text", "result_text", "outcome",
              "unanimous", "yes", "no", "abstentions", "recused", "deviates_from_proposal", "recommendation"),
    "vote_counts": ("session_id", "item_number", "vote_number", "option", "group", "count"),
    "papers": ("paper_id", "paper_reference", "paper_type", "title", "originator", "first_session_id",
               "last_session_id"),
    "persons": ("person_id", "form_of_address", "academic_title", "given_name", "family_name"),
}
# The sidecar columns (where the minutes were downloaded from, the RIS page of the session).
SOURCE_URL, MEETING_URL = "source_url", "meeting_url"
READS["sessions"] += (SOURCE_URL, MEETING_URL)
for _table, _names in READS.items():
    _missing = set(_names) - set(schemas.field_names(_table))
    assert not _missing, f"publish/oparl reads {sorted(_missing)} from {_table}, which schemas/ does not define"

PRESENT = ("present", "substitute", "partial")             # attendance.status of who was there
SEATED = ("member", "advisory_member", "chair")             # attendance.role of who sits in the Gremium
MEMBER_ROLES = {"Rm": "Ratsmitglied", "sB": "Sachkundige/r Bürger/in", "sE": "Sachkundige/r Einwohner/in"}


def _labels(table: str, column: str) -> dict[str, str]:
    """The German labels of a column's codes, from its schema (``enumLabels``)."""
    return next(f.get("enumLabels", {}) for f in schemas.fields(table) if f["name"] == column)


OUTCOME_TEXT = {k: re.sub(r"\s*\(.*\)$", "", v) for k, v in _labels("agenda_items", "outcome").items()}
PAPER_TYPES = _labels("papers", "paper_type")
ROLE_TEXT = _labels("attendance", "role")
MIME_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
              ".md": "text/markdown",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class Publisher:
    """What the System and the Body say about who publishes (from catalog/catalog.yaml)."""

    system_name: str
    body_name: str
    body_key: str
    website: str | None = None
    license: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    ags: str | None = None


@dataclass
class Export:
    """Objects at their own URLs, and some of the Body's lists (URLs in list order): the whole export,
    or one part of it (see :func:`build`)."""

    objects: dict[str, dict] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    bodies: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1 << 16)
def _when(day: dt.date, hhmm: str | None = None) -> str:
    """A session's date and time as an OParl date-time in Europe/Berlin."""
    h, m = (int(x) for x in hhmm.split(":")) if hhmm else (0, 0)
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=LOCAL_TZ).isoformat()


def _span(times: list[str]) -> dict:
    """created = the first, modified = the last of some session times (ISO strings of one zone sort)."""
    if len(times) == 1:
        return {"created": times[0], "modified": times[0]}
    if not times:
        return {"created": EPOCH, "modified": EPOCH}
    return {"created": min(times, key=_instant), "modified": max(times, key=_instant)}


@functools.lru_cache(maxsize=1 << 18)
def _instant(time: str) -> float:
    """The instant of a session time, as seconds: the same few thousand session times are compared
    hundreds of thousands of times, and floats compare 9x faster than aware datetimes."""
    return dt.datetime.fromisoformat(time).timestamp()


def _clean(obj: dict) -> dict:
    """Without empty values: OParl leaves out what is not known."""
    return {k: v for k, v in obj.items() if v or (v is not None and not isinstance(v, (str, list)))}


def _person_name(p: dict) -> str:
    return " ".join(x for x in (p.get("academic_title"), p.get("given_name"), p["family_name"]) if x)


# The parts of the export, in the order build() gives them.
PARTS = ("people", "papers", "meetings", "body")

# What each part is made from (columns of READS, rows of sessions with a date): a part whose inputs
# are as they were when the kept tree was written is not built again (publish.oparl.inputs). A test
# scrambles every other column and checks each part's bytes stay.
_WHEN = ("session_id", "session_date", "start_time")
PART_READS = {
    "people": {"sessions": _WHEN + ("committee",),
               "attendance": ("session_id", "person_id", "member_role", "group", "group_type", "role"),
               "persons": READS["persons"]},
    "papers": {"sessions": _WHEN + ("committee",), "attendance": ("session_id", "group", "group_type"),
               "agenda_items": ("session_id", "item_number", "paper_reference", "line_start"),
               "papers": READS["papers"]},
    "meetings": {"sessions": READS["sessions"], "attendance": ("session_id", "person_id", "status"),
                 "agenda_items": READS["agenda_items"], "votes": READS["votes"], "vote_counts": READS["vote_counts"],
                 "papers": ("paper_id",)},
    "body": {"sessions": _WHEN + ("legislative_term",)},
}
assert set(PART_READS) == set(PARTS)
assert all(set(columns) <= set(READS[t]) for reads in PART_READS.values() for t, columns in reads.items())


def build(tables: dict[str, list[dict]], publisher: Publisher, urls: Urls, release: bool = False,
          parts: tuple[str, ...] = PARTS) -> Iterator[Export]:
    """The OParl objects of a catalog's tables (rows as dicts, typed as in the Parquet files), in parts:
    people (organizations, persons, memberships), papers with their consultations, meetings with their
    agenda items, files and places, and last the terms, the Body and the System. Each part's objects
    are final, so they can be written and let go before the next part is built: all objects of a
    city's archive at once are a gigabyte as dicts.

    ``parts``: only these of :data:`PARTS` (each the same objects as in the whole export), so that
    separate processes can build and write the parts side by side.
    ``release``: the caller gives the tables up, and the rows of those read to the end are taken out
    of ``tables`` as soon as they are (a city's attendance rows are hundreds of MB as dicts).
    """
    sessions = sorted((s for s in tables.get("sessions", []) if s.get("session_date")),
                      key=lambda s: (s["session_date"], s["session_id"]))
    by_id = {s["session_id"]: s for s in sessions}
    when = {s["session_id"]: _when(s["session_date"], s.get("start_time")) for s in sessions}
    body = urls.body

    # -- Gremien and Fraktionen ------------------------------------------------------------------
    committee_url = {s["session_id"]: urls.organization("gremium", s["committee"]) for s in sessions if s.get("committee")}
    org_times: dict[str, list[str]] = defaultdict(list)
    org_meta: dict[str, tuple[str, str]] = {}
    for s in sessions:
        if s["session_id"] in committee_url:
            org_times[committee_url[s["session_id"]]].append(when[s["session_id"]])
            org_meta[committee_url[s["session_id"]]] = (s["committee"], "Gremium")
    # (the terms and the Body are made of the sessions alone: a city's attendance is not read for them)
    attendance = [a for a in tables.get("attendance", []) if a["session_id"] in by_id] if set(parts) - {"body"} else []
    faction_url = _factions(attendance, urls)
    participants = _participants(attendance, urls) if "meetings" in parts else {}
    if "people" not in parts:
        del attendance
        if release:
            tables.pop("attendance", None)
            tables.pop("persons", None)
        yield from _papers_meetings_body(tables, publisher, urls, release, parts, sessions, when,
                                         committee_url, faction_url, participants)
        return
    for a in attendance:
        if a.get("group_type") == "faction" and a.get("group"):
            url = faction_url[a["group"]]
            org_times[url].append(when[a["session_id"]])
            org_meta[url] = (a["group"], "Fraktion")

    # -- memberships: person in Fraktion, person in Gremium (from the attendance lists) -----------
    person_url = {p: urls.person(p) for p in {a["person_id"] for a in attendance}}
    # membership URL -> [person, organization, role fields of its latest session, created, modified, and
    # the instants of those two]: the first and last times kept as the rows come, not every time listed
    # (the times as _span picks them: the first of the earliest instants, the first of the latest)
    found: dict[str, list] = {}
    membership_url: dict[tuple[str, str], str] = {}
    faction_member = _clean({"role": ROLE_TEXT.get("member", "Mitglied")})
    seats: dict[tuple, dict] = {}   # (each distinct set of a seat's role fields made and cleaned once)
    for a in sorted(attendance, key=lambda a: (when[a["session_id"]], a["session_id"], a["person_id"])):
        seat = a.get("role")
        faction = faction_url.get(a.get("group")) if a.get("group_type") == "faction" else None
        committee = committee_url.get(a["session_id"]) if seat in SEATED else None
        if faction is None and committee is None:
            continue
        person, time = a["person_id"], when[a["session_id"]]
        instant = _instant(time)
        if faction is not None:
            _member(found, membership_url, urls, person, faction, faction_member, time, instant)
        if committee is not None:
            role = MEMBER_ROLES.get(a.get("member_role") or "") or ROLE_TEXT.get(seat, "Mitglied")
            extra = seats.get((role, seat, faction))
            if extra is None:
                extra = seats[(role, seat, faction)] = _clean({"role": role, "votingRight": seat != "advisory_member",
                                                               "onBehalfOf": faction})
            _member(found, membership_url, urls, person, committee, extra, time, instant)
    memberships: dict[str, dict] = {}
    membership_type = OPARL + "Membership"
    for url, (person, org, extra, created, modified, _, _) in found.items():
        # (as _clean leaves it: URLs and times are never empty, and the role fields are cleaned)
        memberships[url] = {"id": url, "type": membership_type, "person": person_url[person], "organization": org,
                            **extra, "created": created, "modified": modified}
    by_org: dict[str, list[str]] = defaultdict(list)
    by_person: dict[str, list[str]] = defaultdict(list)
    for url in sorted(memberships):   # (the URLs alone: text sorts 3-4x faster than pairs, 100,000 at 10,000 minutes)
        m = memberships[url]
        by_org[m["organization"]].append(url)
        by_person[m["person"]].append(url)

    organizations = {}
    for url in sorted(org_meta):
        name, kind = org_meta[url]
        organizations[url] = _clean({
            "id": url, "type": OPARL + "Organization", "body": body, "name": name,
            "organizationType": kind, "classification": kind, "membership": by_org.get(url, []),
            **_span(org_times[url]),
        })

    # -- persons -----------------------------------------------------------------------------------
    person_times: dict[str, list[str]] = defaultdict(list)
    for a in attendance:
        person_times[a["person_id"]].append(when[a["session_id"]])
    persons = {}
    for p in sorted(tables.get("persons", []), key=lambda p: p["person_id"]):
        url = urls.person(p["person_id"])
        persons[url] = _clean({
            "id": url, "type": OPARL + "Person", "body": body, "name": _person_name(p),
            "familyName": p["family_name"], "givenName": p.get("given_name"),
            "formOfAddress": p.get("form_of_address"),
            "title": [p["academic_title"]] if p.get("academic_title") else [],
            "membership": [memberships[m] for m in by_person.get(url, [])],
            **_span(person_times.get(p["person_id"], [])),
        })

    del attendance, person_times
    if release:   # the largest table is read: its rows go before the largest set of objects is built
        tables.pop("attendance", None)
        tables.pop("persons", None)
    yield _part({"organization": organizations, "person": persons, "membership": memberships})
    del organizations, persons, memberships, by_org, by_person, found, membership_url
    if set(parts) - {"people"}:
        yield from _papers_meetings_body(tables, publisher, urls, release, parts, sessions, when,
                                         committee_url, faction_url, participants)


def _member(found: dict[str, list], membership_url: dict[tuple[str, str], str], urls: Urls, person: str,
            org: str, extra: dict, time: str, instant: float) -> None:
    """One more session of a person in an organization (see build: memberships)."""
    url = membership_url.get((person, org))
    if url is None:
        url = membership_url[(person, org)] = urls.membership(person, org)
        found[url] = [person, org, extra, time, time, instant, instant]   # (a dict keeps the first session's place)
        return
    record = found[url]
    record[2] = extra
    if instant < record[5]:
        record[3], record[5] = time, instant
    elif instant > record[6]:
        record[4], record[6] = time, instant


def _factions(attendance: list[dict], urls: Urls) -> dict[str, str]:
    """Fraktion name -> its Organization's URL, for every Fraktion on an attendance list."""
    names = {a["group"] for a in attendance if a.get("group_type") == "faction" and a.get("group")}
    return {name: urls.organization("fraktion", name) for name in names}


def _participants(attendance: list[dict], urls: Urls) -> dict[str, set[str]]:
    """session_id -> the URLs of the people who were there."""
    participants: dict[str, set[str]] = defaultdict(set)
    for a in attendance:
        if a.get("status") in PRESENT:
            participants[a["session_id"]].add(urls.person(a["person_id"]))
    return participants


def _papers_meetings_body(tables, publisher: Publisher, urls: Urls, release: bool, parts: tuple[str, ...],
                          sessions: list[dict], when: dict[str, str], committee_url: dict[str, str],
                          faction_url: dict[str, str], participants: dict[str, set[str]]) -> Iterator[Export]:
    """The parts after the people (see :func:`build`)."""
    if not {"papers", "meetings"} & set(parts):   # (the terms and the Body alone read no papers or items)
        if "body" in parts:
            yield _body(publisher, urls, sessions, when)
        return
    by_id = {s["session_id"] for s in sessions}
    body = urls.body

    # -- papers and consultations ------------------------------------------------------------------
    papers_rows = {p["paper_id"]: p for p in tables.get("papers", [])}
    items = sorted((i for i in tables.get("agenda_items", []) if i["session_id"] in by_id),
                   key=lambda i: (i["session_id"], i.get("line_start") or 0, i["item_number"]))
    if release:
        tables.pop("agenda_items", None)
    consultations: dict[str, dict] = {}
    paper_consultations: dict[str, list[str]] = defaultdict(list)
    consulted: set[str] = set()   # (all the meetings need of them: 0.4 s of theirs at 10,000 minutes)
    consultation_type = OPARL + "Consultation"
    for i in items:
        ref = i.get("paper_reference")
        if ref and ref in papers_rows:
            sid, no = i["session_id"], i["item_number"]
            url = urls.consultation(sid, no)
            consulted.add(url)
            if "papers" not in parts:
                continue
            # (made as _clean leaves it, a tenth of the papers part's time: only the organization can be empty)
            c = {"id": url, "type": consultation_type, "paper": urls.paper(ref), "agendaItem": urls.agenda_item(sid, no),
                 "meeting": urls.meeting(sid)}
            if sid in committee_url:
                c["organization"] = [committee_url[sid]]
            c["created"] = c["modified"] = when[sid]
            consultations[url] = c
            paper_consultations[ref].append(url)
    papers = {}
    paper_type = OPARL + "Paper"
    for pid in sorted(papers_rows) if "papers" in parts else ():
        p = papers_rows[pid]
        url = urls.paper(pid)
        cons = [consultations[c] for c in paper_consultations.get(pid, [])]
        times = [when[s] for s in (p.get("first_session_id"), p.get("last_session_id")) if s in when]
        times += [c["created"] for c in cons]
        originators = [faction_url[f.strip()] for f in (p.get("originator") or "").split(";") if f.strip() in faction_url]
        papers[url] = _clean({
            "id": url, "type": paper_type, "body": body, "name": p.get("title"),
            "reference": p.get("paper_reference"),
            "paperType": PAPER_TYPES.get(p["paper_type"]) if p.get("paper_type") not in (None, "other") else None,
            "originatorOrganization": originators, "consultation": cons,
            **_span(times or [when[s["session_id"]] for s in sessions[-1:]]),
        })
    del papers_rows
    if release:
        tables.pop("papers", None)
    if "papers" in parts:
        yield _part({"paper": papers, "consultation": consultations})
    del papers, consultations, paper_consultations
    if "meetings" in parts:
        yield _meetings(tables, urls, release, sessions, when, committee_url, participants, items, consulted)
    del items
    if "body" in parts:
        yield _body(publisher, urls, sessions, when)


def _meetings(tables, urls: Urls, release: bool, sessions: list[dict], when: dict[str, str],
              committee_url: dict[str, str], participants: dict[str, set[str]], items: list[dict],
              consulted: set[str]) -> Export:
    """Meetings with their agenda items, files and places. ``items`` (sorted) is emptied: the rows
    go as their objects are built."""
    # -- votes -------------------------------------------------------------------------------------
    counts: dict[tuple, list[dict]] = defaultdict(list)
    for c in sorted(tables.get("vote_counts", []),
                    key=lambda c: (c["session_id"], c["item_number"], c["vote_number"], c["group"], c["option"])):
        counts[(c["session_id"], c["item_number"], c["vote_number"])].append(
            _clean({"group": c["group"], "option": c["option"], "count": c.get("count")}))
    votes: dict[tuple, list[dict]] = defaultdict(list)
    for v in sorted(tables.get("votes", []), key=lambda v: (v["session_id"], v["item_number"], v["vote_number"])):
        votes[(v["session_id"], v["item_number"])].append(v)
    if release:
        tables.pop("vote_counts", None)
        tables.pop("votes", None)

    # -- meetings with their agenda items, files and places --------------------------------------
    items_of: dict[str, list[dict]] = defaultdict(list)
    for i in items:
        items_of[i["session_id"]].append(i)
    items.clear()
    agenda_items, files, locations = {}, {}, {}
    location_times: dict[str, list[str]] = defaultdict(list)
    meetings = {}
    for s in sessions:
        sid = s["session_id"]
        url = urls.meeting(sid)
        span = _span([when[sid]])
        meeting_items = []
        # (each key is a primary key, read once: the rows go as their objects are built)
        for order, i in enumerate(items_of.pop(sid, []), 1):
            item_url = urls.agenda_item(sid, i["item_number"])
            vs = votes.pop((sid, i["item_number"]), [])
            consultation = urls.consultation(sid, i["item_number"])
            item = _clean({
                "id": item_url, "type": OPARL + "AgendaItem", "meeting": url, "number": i["item_number"],
                "order": order, "name": i.get("title"), "public": True,
                "consultation": consultation if consultation in consulted else None,
                "result": result_text(i, vs), "resolutionText": "\n\n".join(v["decision_text"] for v in vs
                                                                             if v.get("decision_text")),
                VOTES_FIELD: [vote_entry(v, counts.pop((sid, i["item_number"], v["vote_number"]), [])) for v in vs],
                **span,
            })
            agenda_items[item_url] = item
            meeting_items.append(item)
        location = None
        if s.get("location"):
            loc_url = urls.location(s["location"])
            location_times[loc_url].append(when[sid])
            location = locations.setdefault(loc_url, {"id": loc_url, "type": OPARL + "Location",
                                                       "description": s["location"]})
        minutes = None
        if s.get(SOURCE_URL):
            minutes = minutes_file(s, urls, url, span)
            files[minutes["id"]] = minutes
        start = when[sid]
        meetings[url] = _clean({
            "id": url, "type": OPARL + "Meeting", "name": meeting_name(s),
            "start": start, "end": _end(s, start), "location": location,
            "organization": [committee_url[sid]] if sid in committee_url else [],
            "participant": sorted(participants.get(sid, ())),
            "resultsProtocol": minutes, "agendaItem": meeting_items, "web": s.get(MEETING_URL), **span,
        })
    for loc_url, loc in locations.items():
        # A place is what it was at its first session: every meeting held there embeds it, so a
        # "modified" that moved with each new session would change all of those meetings' files.
        first = min(location_times[loc_url], key=_instant)
        loc.update({"created": first, "modified": first})
    return _part({"meeting": meetings, "agendaItem": agenda_items, "file": files, "locationList": locations})


def _body(publisher: Publisher, urls: Urls, sessions: list[dict], when: dict[str, str]) -> Export:
    """The legislative terms, the Body and the System."""
    body = urls.body
    # -- terms, body, system -----------------------------------------------------------------------
    term_times: dict[str, list[str]] = defaultdict(list)
    term_days: dict[str, list[dt.date]] = defaultdict(list)
    for s in sessions:
        if s.get("legislative_term"):
            term_times[s["legislative_term"]].append(when[s["session_id"]])
            term_days[s["legislative_term"]].append(s["session_date"])
    terms = {}
    for term in sorted(term_times):
        url = urls.legislative_term(term)
        terms[url] = {"id": url, "type": OPARL + "LegislativeTerm", "body": body, "name": f"Wahlperiode {term}",
                      "startDate": min(term_days[term]).isoformat(), "endDate": max(term_days[term]).isoformat(),
                      **_span(term_times[term])}
    everything = _span(list(when.values()))
    ex = _part({"legislativeTermList": terms})
    ex.objects[body] = _clean({
        "id": body, "type": OPARL + "Body", "system": urls.system, "name": publisher.body_name,
        "shortName": publisher.body_name, "website": publisher.website, "license": publisher.license,
        "ags": publisher.ags, "contactEmail": publisher.contact_email, "contactName": publisher.contact_name,
        **{name: urls.list_page(name) for name in Urls.LISTS},
        **everything,
    })
    ex.objects[body]["legislativeTerm"] = list(terms.values())   # required, even when empty
    ex.objects[urls.system] = _clean({
        "id": urls.system, "type": OPARL + "System", "oparlVersion": OPARL, "body": urls.body_list(),
        "name": publisher.system_name, "website": publisher.website, "license": publisher.license,
        "contactEmail": publisher.contact_email, "contactName": publisher.contact_name, **everything,
    })
    ex.bodies = [body]
    # Objects embedded elsewhere are served at their own URLs as well (every id resolves).
    return ex


def _part(lists: dict[str, dict[str, dict]]) -> Export:
    """A part of the export: these lists (name -> objects by URL, in the order built) and their objects.

    A list is in the order its objects were created (their first session), and in the order built
    among those of one instant: a stable order (OParl 1.1 requires one) in which a night's new
    minutes are appended at the end, so the pages before stay as they are (tree.list_pages)."""
    part = Export()
    for name, objects in lists.items():
        part.objects.update(objects)
        part.lists[name] = sorted(objects, key=lambda url: _instant(objects[url].get("created") or EPOCH))
    return part


def meeting_name(s: dict) -> str:
    number = f"{s['session_number']}. " if s.get("session_number") else ""
    committee = f"{s['committee']}: " if s.get("committee") else ""
    return f"{committee}{number}Sitzung am {s['session_date']:%d.%m.%Y}"


def _end(s: dict, start: str) -> str | None:
    if not s.get("end_time"):
        return None
    end = _when(s["session_date"], s["end_time"])
    if dt.datetime.fromisoformat(end) < dt.datetime.fromisoformat(start):   # past midnight
        end = _when(s["session_date"] + dt.timedelta(days=1), s["end_time"])
    return end


def result_text(item: dict, votes: list[dict]) -> str | None:
    """AgendaItem.result: the result lines as printed, else the outcome in German."""
    lines = [v["result_text"] for v in votes if v.get("result_text")]
    if lines:
        return "; ".join(lines)
    text = OUTCOME_TEXT.get(item.get("outcome") or "")
    if text and item.get("outcome") == "replaced" and item.get("replaced_by"):
        text = f"ersetzt durch TOP {item['replaced_by']}"
    return text


def vote_entry(v: dict, counts: list[dict]) -> dict:
    """One vote in the extension field: outcome, unanimity, counts and the counts per group."""
    return _clean({
        "voteNumber": v["vote_number"], "outcome": v.get("outcome"), "unanimous": v.get("unanimous"),
        "yes": v.get("yes"), "no": v.get("no"), "abstentions": v.get("abstentions"), "recused": v.get("recused"),
        "deviatesFromProposal": v.get("deviates_from_proposal"), "recommendation": v.get("recommendation"),
        "resultText": v.get("result_text"), "byGroup": counts,
    })


def minutes_file(s: dict, urls: Urls, meeting_url: str, span: dict) -> dict:
    """A File that points at the source Niederschrift (never a copy of it: it may hold non-public parts)."""
    source = s[SOURCE_URL]
    suffix = "." + s["source_file"].rsplit(".", 1)[-1].lower() if "." in (s.get("source_file") or "") else ""
    name = source.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return _clean({
        "id": urls.minutes_file(s["session_id"]), "type": OPARL + "File",
        "name": " ".join(x for x in ("Niederschrift", s.get("committee"), f"{s['session_date']:%d.%m.%Y}") if x),
        "fileName": name or None, "mimeType": MIME_TYPES.get(suffix),
        "date": s["minutes_date"].isoformat() if s.get("minutes_date") else None,
        "accessUrl": source, "downloadUrl": source, "meeting": [meeting_url], **span,
    })
