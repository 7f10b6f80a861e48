"""How faithfully the parser reads minutes: the tables of a folder scored against its gold.json.

    python -m bench.fidelity DIR [DIR ...] [--gold FILE] [--json OUT] [--quiet] [--misses]

Every document the gold names is parsed and turned into table rows in this process, through the pure
functions the pipeline uses (``transforms.parse_document`` and ``transforms.tables.TableBuilder``), and
the rows are compared with the facts a careful reader took from it (gold format: the corpus README,
"How to use the gold"). Printed per document, per folder and overall; the last line is the overall
summary. ``--gold FILE`` is the gold of every DIR that has no gold.json of its own (the seed minutes:
``samples/bielefeld-da --gold tests/parser/seeds.gold.json``). Exit code 0 after scoring (however bad
the figures: the floors are kept by tests/parser/test_fidelity.py), 2 for a bad folder or gold file.

The scoring rules are the constants below: adapt them when the tables change.
"""
from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import traceback
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# --------------------------------------------------------------------------- scoring rules
# attendance.status values that make a person an attendee / an absentee
PRESENT_STATUSES = frozenset({"present", "substitute", "partial"})
ABSENT_STATUSES = frozenset({"absent", "excused"})
# group_type of people the gold never lists as present (guests and speakers are not attendees)
NOT_ATTENDEE_GROUP_TYPES = frozenset({"guest"})
# group_type values that match the gold's group "Verwaltung" (the gold gives the recorder as Verwaltung)
ADMINISTRATION_GROUP_TYPES = frozenset({"administration", "recorder"})
GOLD_ADMINISTRATION = "Verwaltung"
# group_type values whose group column holds the list's section heading ("Beratende Mitglieder"), not a
# party: such a group counts as empty unless it names a known faction
SECTION_GROUP_TYPES = frozenset({"advisory_member", "guest"})
# a substituted member named only in substitute_for ("i. V. für Frau X") counts as an absence fact
SUBSTITUTED_ARE_ABSENT = True
# gold key -> sessions column
SESSION_FACTS = {"body": "committee", "session_date": "session_date", "start_time": "start_time",
                 "end_time": "end_time", "session_number": "session_number"}
# the keys of a gold vote that are one fact each besides its outcome
VOTE_COUNT_KEYS = ("unanimous", "yes", "no", "abstentions")
# gold outcomes that agenda_items.outcome may carry instead of a vote row (no vote was taken)
AGENDA_OUTCOMES = frozenset({"noted", "postponed", "withdrawn", "referred"})
# a vote row "accepted" with deviates_from_proposal is the gold's "amended"
AMENDED = "amended"
# non-public text: lines and cells at least this long (in normalised words) are distinctive
LEAK_MIN_CHARS = 25
# "facts right / facts stated" categories; together they are the "all other facts"
FACT_CATEGORIES = ("session", "absent", "substitutes", "vote_outcomes", "vote_counts", "anfragen")


class GoldError(Exception):
    """A folder or gold file that cannot be scored (exit code 2)."""


# --------------------------------------------------------------------------- normalisation
def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value)).casefold()


def name_key(name) -> str:
    """A family name compared case- and whitespace-insensitively ("Müller- Constantin" = "müller-constantin")."""
    return " ".join(re.sub(r"\s*-\s*", "-", _text(name)).split())


def _body_key(body) -> str:
    # hyphen and space variants are one ("Altona- Nord", "Altona Nord"); no spaces around / and brackets
    s = re.sub(r"[\s\-\u2010-\u2015]+", " ", _text(body)).strip()
    return re.sub(r"\s*([/()])\s*", r"\1", s)


def _time_key(value) -> str | None:
    m = re.search(r"(\d{1,2})\s*[:.]\s*(\d{2})", str(value))
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def _plain_key(value) -> str:
    s = _text(value).strip().rstrip(".")
    return str(int(s)) if s.isdigit() else s


def _iso_key(value) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def item_key(number) -> str:
    """An agenda item number as compared: "Ö 4.1." = "4.1", "TOP 3" = "3"."""
    s = re.sub(r"\s+", "", _text(number or ""))
    return re.sub(r"^(top|ö)", "", s).rstrip(".")


def _paper_key(ref) -> str:
    return re.sub(r"\s+", "", _text(ref))


def _faction_key(group: str) -> str:
    from transforms import factions

    canon = factions.canonical(group)
    return f"={canon}" if canon else (factions.key(group) or name_key(group))


def gold_group_key(group) -> str | None:
    """The gold's group as compared: a faction key, "Verwaltung", or None."""
    if group is None or not str(group).strip():
        return None
    if name_key(group) == name_key(GOLD_ADMINISTRATION):
        return GOLD_ADMINISTRATION
    return _faction_key(group)


def row_group_key(row: dict) -> str | None:
    """An attendance row's group as compared with :func:`gold_group_key`."""
    from transforms import factions

    group, group_type = row.get("group"), row.get("group_type")
    if group and factions.canonical(group):
        return _faction_key(group)
    if group_type in ADMINISTRATION_GROUP_TYPES or (group and name_key(group) == name_key(GOLD_ADMINISTRATION)):
        return GOLD_ADMINISTRATION
    # a section's own heading in the group column ("Beratende Mitglieder", "Gäste") is no group
    if not group or not str(group).strip() or group_type in SECTION_GROUP_TYPES and not factions.looks_like_group(group):
        return None
    return _faction_key(group)


def _names_person(text, family_name) -> bool:
    """Whether a free-text reference ("Frau Rosemarie Schlüter (CDU)") names the person with this family name."""
    t = name_key(re.sub(r"\s*\([^)]*\)?\s*$", "", str(text)))
    f = name_key(family_name)
    return t == f or t.endswith(" " + f)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", _text(text)))


# --------------------------------------------------------------------------- matching
def align(wanted: list, got: list, score: Callable[[object, object], int]) -> list[tuple[int, int]]:
    """Order-preserving pairs (i, j) of ``wanted`` and ``got`` with the most facts right.

    Pairing counts for a little too, so a vote whose outcome is wrong is still matched to its row
    instead of leaving both unmatched.
    """
    n, m = len(wanted), len(got)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], 2 * score(wanted[i], got[j]) + 1 + best[i + 1][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j]:
            i += 1
        elif best[i][j] == best[i][j + 1]:
            j += 1
        else:
            pairs.append((i, j))
            i, j = i + 1, j + 1
    return pairs


def _row_outcomes(row: dict) -> set:
    out = {row.get("outcome")}
    if row.get("outcome") == "accepted" and row.get("deviates_from_proposal"):
        out.add(AMENDED)
    return out


def _count_right(key: str, want, row: dict) -> bool:
    got = row.get(key)
    if got is None:
        return False
    return bool(got) == bool(want) if key == "unanimous" else int(got) == int(want)


def _vote_facts(vote: dict, row: dict) -> int:
    return (vote.get("outcome") in _row_outcomes(row)) + sum(
        _count_right(k, vote[k], row) for k in VOTE_COUNT_KEYS if vote.get(k) is not None)


def _anfrage_facts(want: dict, row: dict) -> tuple[int, int, int]:
    """(item, faction, paper_reference) right: 1/0 each, for the keys the gold states."""
    item = bool(want.get("item")) and item_key(want["item"]) == item_key(row.get("item_number"))
    faction = False
    if want.get("faction") and row.get("factions"):
        faction = gold_group_key(want["faction"]) in {gold_group_key(f) for f in str(row["factions"]).split(";")}
    paper = bool(want.get("paper_reference") and row.get("paper_reference")) and \
        _paper_key(want["paper_reference"]) == _paper_key(row["paper_reference"])
    return int(item), int(faction), int(paper)


# --------------------------------------------------------------------------- scoring one document
@dataclass
class DocScore:
    """The counts and the misses of one document."""

    counts: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def fact(self, category: str, right: bool, what: str) -> None:
        self.counts[f"{category}_stated"] += 1
        if right:
            self.counts[f"{category}_right"] += 1
        else:
            self.misses.append(what)

    def invented(self, category: str, what: str) -> None:
        self.counts["invented"] += 1
        self.counts[f"{category}_invented"] += 1
        self.misses.append(f"invented {what}")


def score_document(gold: dict, tables: dict[str, list[dict]]) -> DocScore:
    """Score one document's rows (table name -> rows as dicts, missing values None) against its gold entry."""
    s = DocScore()
    _score_session(gold, tables, s)
    _score_attendance(gold, tables, s)
    _score_votes(gold, tables, s)
    _score_anfragen(gold, tables, s)
    return s


def _score_session(gold: dict, tables: dict, s: DocScore) -> None:
    if "session" not in gold:
        return
    # a document the gold gives a session must have a sessions row (the rows of its votes hang on it)
    rows = tables.get("sessions") or []
    row = rows[0] if rows else {}
    s.counts["sessions_expected"] += 1
    if rows:
        s.counts["sessions_found"] += 1
    else:
        s.misses.append("no sessions row")
    same = {"body": lambda w, g: _body_key(w) == _body_key(g), "session_date": lambda w, g: w == _iso_key(g),
            "start_time": lambda w, g: _time_key(w) == _time_key(g),
            "end_time": lambda w, g: _time_key(w) == _time_key(g),
            "session_number": lambda w, g: _plain_key(w) == _plain_key(g)}
    for fact, column in SESSION_FACTS.items():
        want, got = (gold["session"] or {}).get(fact), row.get(column)
        if want is None:
            if rows and got is not None and str(got).strip():
                s.invented("session", f"session {fact} {got!r}")
            continue
        s.fact("session", got is not None and same[fact](want, got), f"session {fact}: want {want!r}, got {got!r}")


def _score_attendance(gold: dict, tables: dict, s: DocScore) -> None:
    rows = tables.get("attendance") or []
    present = [r for r in rows if r.get("status") in PRESENT_STATUSES
               and r.get("group_type") not in NOT_ATTENDEE_GROUP_TYPES and r.get("family_name")]
    got_names = Counter(name_key(r["family_name"]) for r in present)
    got_pairs = Counter((name_key(r["family_name"]), row_group_key(r)) for r in present)
    want = gold.get("present") or []
    want_names = Counter(name_key(n) for n, _ in want)
    want_pairs = Counter((name_key(n), gold_group_key(g)) for n, g in want)
    for kind, w, g in (("names", want_names, got_names), ("pairs", want_pairs, got_pairs)):
        s.counts[f"{kind}_tp"] += sum((w & g).values())
        s.counts[f"{kind}_want"] += sum(w.values())
        s.counts[f"{kind}_got"] += sum(g.values())
    s.misses += [f"present {n!r} missing" for n in sorted((want_names - got_names).elements())]
    s.misses += [f"present {n!r} not in gold" for n in sorted((got_names - want_names).elements())]
    found = want_names & got_names
    got_groups = defaultdict(list)
    for n, g in got_pairs.elements():
        got_groups[n].append(g)
    s.misses += [f"group of {n!r}: want {g!r}, got {got_groups[n]!r}"
                 for n, g in sorted((want_pairs - got_pairs).elements(), key=str) if n in found]

    # absence: absent rows, and (SUBSTITUTED_ARE_ABSENT) substituted members named in substitute_for
    absent_rows = [name_key(r["family_name"]) for r in rows
                   if r.get("status") in ABSENT_STATUSES and r.get("family_name")]
    substituted = [r["substitute_for"] for r in rows if r.get("substitute_for")]
    free_sub = list(substituted) if SUBSTITUTED_ARE_ABSENT else []
    for name in gold.get("absent") or []:
        if name_key(name) in absent_rows:
            absent_rows.remove(name_key(name))
            s.fact("absent", True, "")
            continue
        hit = next((t for t in free_sub if _names_person(t, name)), None)
        if hit is not None:
            free_sub.remove(hit)
        s.fact("absent", hit is not None, f"absent {name!r} missing")
    for name in absent_rows:
        s.invented("absent", f"absent {name!r}")

    pairs = [(name_key(r["family_name"]), r["substitute_for"]) for r in rows
             if r.get("substitute_for") and r.get("family_name")]
    for sub, replaced in gold.get("substitutes") or []:
        hit = next((p for p in pairs if p[0] == name_key(sub) and _names_person(p[1], replaced)), None)
        if hit is not None:
            pairs.remove(hit)
        s.fact("substitutes", hit is not None, f"substitute {sub!r} for {replaced!r} missing")
    for sub, replaced in pairs:
        s.invented("substitutes", f"substitute {sub!r} for {replaced!r}")


def _score_votes(gold: dict, tables: dict, s: DocScore) -> None:
    want = gold.get("votes") or []
    rows = sorted(tables.get("votes") or [], key=lambda r: (r.get("line_start") or 0, r.get("vote_number") or 0))
    matched: dict[int, int] = {}
    # votes of a numbered item: that item's rows, in order (several votes per item)
    by_item: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(want):
        if item_key(v.get("item")):
            by_item[item_key(v["item"])].append(i)
    for item, idx in by_item.items():
        cands = sorted((j for j, r in enumerate(rows) if item_key(r.get("item_number")) == item),
                       key=lambda j: rows[j].get("vote_number") or 0)
        for a, b in align([want[i] for i in idx], [rows[j] for j in cands], _vote_facts):
            matched[idx[a]] = cands[b]
    # votes with item "" (single-item pages): the rows left, in document order, item numbers ignored
    idx = [i for i, v in enumerate(want) if not item_key(v.get("item"))]
    cands = [j for j in range(len(rows)) if j not in matched.values()]
    for a, b in align([want[i] for i in idx], [rows[j] for j in cands], _vote_facts):
        matched[idx[a]] = cands[b]

    agenda = list(tables.get("agenda_items") or [])
    for i, v in enumerate(want):
        label = f"vote {v.get('item') or '-'} #{i + 1}"
        row = rows[matched[i]] if i in matched else None
        if row is not None:
            right = v.get("outcome") in _row_outcomes(row)
            got = row.get("outcome")
        else:  # no vote taken: the agenda item's outcome can state it
            hit = None
            if v.get("outcome") in AGENDA_OUTCOMES:
                hit = next((a for a in agenda if a.get("outcome") == v["outcome"]
                            and (not item_key(v.get("item")) or item_key(a.get("item_number")) == item_key(v["item"]))),
                           None)
            if hit is not None:
                agenda.remove(hit)
            right, got = hit is not None, "no row"
        s.fact("vote_outcomes", right, f"{label} outcome: want {v.get('outcome')!r}, got {got!r}")
        for k in VOTE_COUNT_KEYS:
            if v.get(k) is not None:
                s.fact("vote_counts", row is not None and _count_right(k, v[k], row),
                       f"{label} {k}: want {v[k]!r}, got {None if row is None else row.get(k)!r}")
    for j, r in enumerate(rows):
        if j not in matched.values():
            s.invented("votes", f"vote row {r.get('item_number')}/{r.get('vote_number')} {r.get('outcome')!r}")


def _score_anfragen(gold: dict, tables: dict, s: DocScore) -> None:
    want = gold.get("anfragen") or []
    rows = sorted(tables.get("anfragen") or [], key=lambda r: r.get("line_start") or 0)
    matched = dict(align(want, rows, lambda w, r: sum(_anfrage_facts(w, r))))
    for i, w in enumerate(want):
        right = _anfrage_facts(w, rows[matched[i]]) if i in matched else (0, 0, 0)
        got = rows[matched[i]] if i in matched else {}
        for key, column, ok in zip(("item", "faction", "paper_reference"),
                                   ("item_number", "factions", "paper_reference"), right):
            if w.get(key):
                s.fact("anfragen", bool(ok), f"anfrage {w.get('item')} {key}: want {w[key]!r}, got {got.get(column)!r}")
    for j, r in enumerate(rows):
        if j not in matched.values():
            s.invented("anfragen", f"anfrage row {r.get('item_number')}")


def find_leaks(marker: str, text: str, tables: dict[str, list[dict]]) -> list[str] | None:
    """Distinctive text of the non-public part (from the line ``marker`` on) found in any cell of any table.

    Both ways: a non-public line of at least LEAK_MIN_CHARS that is not also in the public part and
    appears inside a cell, and a cell of at least LEAK_MIN_CHARS that appears in the non-public part
    but not in the public part. Compared as lowercased words. None when the marker is not in the text.
    """
    lines = text.splitlines()
    target = " ".join(marker.split())
    at = next((i for i, ln in enumerate(lines) if " ".join(ln.split()) == target), None)
    if at is None:
        at = next((i for i, ln in enumerate(lines) if " ".join(ln.split()).startswith(target)), None)
    if at is None:
        return None
    public = _words(" ".join(lines[:at]))
    private_lines = [_words(ln) for ln in lines[at:]]
    private = " ".join(private_lines)
    cells = {_words(v) for rows in tables.values() for r in rows for v in r.values() if isinstance(v, str)}
    leaks = {ln for ln in private_lines
             if len(ln) >= LEAK_MIN_CHARS and ln not in public and any(ln in c for c in cells)}
    leaks |= {c for c in cells if len(c) >= LEAK_MIN_CHARS and c in private and c not in public}
    return sorted(leaks)


# --------------------------------------------------------------------------- parsing a folder
@dataclass
class DocResult:
    folder: str
    file: str
    status: str                    # ok | rejected | crash
    reason: str | None
    score: DocScore
    leaks: list[str] = field(default_factory=list)


def parse_document(data: bytes, name: str, sidecar: Path | None = None):
    """The pipeline's parse entry point, with the document's sidecar when it takes one."""
    import transforms

    kwargs = {}
    if sidecar is not None and sidecar.is_file():
        param = inspect.signature(transforms.parse_document).parameters.get("sidecar")
        if param is not None:
            raw = sidecar.read_bytes()
            # (the compiled parser's signature has no annotations: it is today's, which takes the bytes)
            as_bytes = param.annotation is inspect.Parameter.empty or "bytes" in str(param.annotation)
            kwargs["sidecar"] = raw if as_bytes else json.loads(raw)
    return transforms.parse_document(data, name, **kwargs)


def document_tables(doc) -> dict[str, list[dict]]:
    """One parsed document's tables, as the pipeline builds them, as lists of dicts (missing = None)."""
    from transforms.tables import TableBuilder

    builder = TableBuilder()
    builder.add(doc)
    out = {}
    for table, frame in builder.tables().items():
        frame = frame.astype(object)
        out[table] = frame.where(frame.notna(), None).to_dict("records") if len(frame) else []
    return out


def source_text(data: bytes, name: str) -> str:
    """The document's text as the parser reads it (where the non-public marker is looked for)."""
    from transforms.text import extract_text

    return extract_text(data, name).text


def load_gold(folder: Path, gold_file: Path | None) -> tuple[Path, dict]:
    own = folder / "gold.json"
    path = own if own.is_file() else gold_file
    if not folder.is_dir():
        raise GoldError(f"{folder} is not a folder")
    if path is None:
        raise GoldError(f"{folder} has no gold.json: name its gold with --gold FILE")
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read gold file {path}: {exc}") from None
    if not isinstance(gold, dict):
        raise GoldError(f"{path} is not a JSON object mapping files to facts")
    docs = {k: v for k, v in gold.items() if not k.startswith("_")}
    missing = [k for k in docs if not (folder / k).is_file()]
    if missing:
        raise GoldError(f"{path} names {len(missing)} file(s) not in {folder}, e.g. {missing[0]}")
    return Path(path), docs


def score_folder(folder: Path, gold: dict, parse: Callable = parse_document, log=None) -> list[DocResult]:
    """Parse and score every document of ``gold`` (file -> facts) in ``folder``."""
    from transforms import DocumentRejected

    results = []
    for file in sorted(gold):
        path = folder / file
        data = path.read_bytes()
        status, reason, tables = "ok", None, {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # library chatter is not the parser's result
                doc = parse(data, file, path.with_name(path.name + ".meta.json"))
                tables = document_tables(doc)
        except DocumentRejected as exc:
            status, reason = "rejected", exc.reason
        except Exception as exc:  # a parser bug: count it, show it, go on with the next document
            status, reason = "crash", f"{type(exc).__name__}: {exc}"
            print(f"CRASH {folder / file}:\n{traceback.format_exc()}", file=log or sys.stderr)
        score = score_document(gold[file], tables)
        leaks: list[str] = []
        marker = gold[file].get("nonpublic_marker")
        if marker:
            found = find_leaks(marker, source_text(data, file), tables)
            if found is None:
                score.counts["leak_unchecked"] += 1
                score.misses.append(f"non-public marker {marker!r} not found in the text: leaks not checked")
            else:
                leaks = found
                score.counts["leaks"] += len(found)
                score.misses += [f"LEAK {x[:80]!r}" for x in found]
        score.counts[status] += 1
        score.counts["documents"] += 1
        results.append(DocResult(str(folder), file, status, reason, score, leaks))
    return results


# --------------------------------------------------------------------------- figures and report
def _prf(tp: int, got: int, want: int) -> dict:
    if got == want == 0:
        return {"f1": 1.0, "precision": 1.0, "recall": 1.0, "tp": 0, "got": 0, "want": 0}
    p = tp / got if got else 0.0
    r = tp / want if want else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r, "tp": tp, "got": got, "want": want}


def figures(counts: Counter) -> dict:
    """The figures of some documents' summed counts."""
    facts = {c: {"right": counts[f"{c}_right"], "stated": counts[f"{c}_stated"]} for c in FACT_CATEGORIES}
    right, stated = sum(f["right"] for f in facts.values()), sum(f["stated"] for f in facts.values())
    return {
        "documents": counts["documents"], "ok": counts["ok"], "rejected": counts["rejected"], "crashes": counts["crash"],
        "names": _prf(counts["names_tp"], counts["names_got"], counts["names_want"]),
        "name_group": _prf(counts["pairs_tp"], counts["pairs_got"], counts["pairs_want"]),
        "facts": facts,
        "other_facts": {"right": right, "stated": stated, "share": right / stated if stated else 1.0},
        "sessions": {"found": counts["sessions_found"], "expected": counts["sessions_expected"]},
        "leaks": counts["leaks"], "leak_unchecked": counts["leak_unchecked"], "invented": counts["invented"],
    }


def total(results: list[DocResult]) -> Counter:
    out: Counter = Counter()
    for r in results:
        out.update(r.score.counts)
    return out


def _f1(f: dict) -> str:
    return f"F1 {f['f1']:.3f} (P {f['precision']:.3f} R {f['recall']:.3f})"


def summary_line(label: str, fig: dict) -> str:
    o = fig["other_facts"]
    return (f"{label}: {fig['documents']} documents | names {_f1(fig['names'])} | name+group {_f1(fig['name_group'])}"
            f" | other facts {o['right']}/{o['stated']} ({100 * o['share']:.1f}%)"
            f" | with session {fig['sessions']['found']}/{fig['sessions']['expected']}"
            f" | crashes {fig['crashes']} | leaks {fig['leaks']} | invented {fig['invented']}"
            f" | rejected {fig['rejected']}")


def document_line(r: DocResult) -> str:
    c, fig = r.score.counts, figures(r.score.counts)
    parts = [r.file, r.status if r.status == "ok" else f"{r.status.upper()} ({(r.reason or '')[:70]})"]
    if c["sessions_expected"]:
        parts.append(f"session row {'yes' if c['sessions_found'] else 'NO'}")
    if c["names_want"] or c["names_got"]:
        parts.append(f"names {_f1(fig['names'])}, +group {fig['name_group']['f1']:.3f}")
    for cat in FACT_CATEGORIES:
        if c[f"{cat}_stated"]:
            parts.append(f"{cat} {c[f'{cat}_right']}/{c[f'{cat}_stated']}")
    for key in ("invented", "leaks", "leak_unchecked"):
        if c[key]:
            parts.append(f"{key} {c[key]}")
    return " | ".join(parts)


def breakdown(fig: dict) -> list[str]:
    lines = [f"  {cat:<14} {f['right']:>4}/{f['stated']:<4} "
             f"({100 * f['right'] / f['stated'] if f['stated'] else 100:.1f}%)" for cat, f in fig["facts"].items()]
    return ["facts right / facts stated:", *lines]


def run(folders: list[Path], gold_file: Path | None, quiet: bool = False, misses: bool = False,
        json_out: Path | None = None, out=None) -> dict:
    out = out or sys.stdout
    golds = [(folder, *load_gold(folder, gold_file)) for folder in folders]   # every problem before any work
    everything: list[DocResult] = []
    report: dict = {"folders": [], "documents": []}
    for folder, gold_path, gold in golds:
        results = score_folder(folder, gold)
        everything += results
        fig = figures(total(results))
        report["folders"].append({"folder": str(folder), "gold": str(gold_path), **fig})
        for r in results:
            report["documents"].append({"folder": r.folder, "file": r.file, "status": r.status, "reason": r.reason,
                                        **figures(r.score.counts), "leaked": r.leaks, "misses": r.score.misses})
            if not quiet:
                print(document_line(r), file=out)
                if misses:
                    for m in r.score.misses:
                        print(f"    {m}", file=out)
        if not quiet and len(folders) > 1:
            print(summary_line(str(folder), fig), file=out)
    fig = figures(total(everything))
    report["overall"] = fig
    if json_out is not None:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        print("\n".join(breakdown(fig)), file=out)
    print(summary_line("overall", fig), file=out)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.fidelity", description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="folder of documents with a gold.json")
    ap.add_argument("--gold", type=Path, metavar="FILE", help="the gold of every DIR without a gold.json")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the figures (per document too) to OUT")
    ap.add_argument("--quiet", action="store_true", help="print only the overall summary line")
    ap.add_argument("--misses", action="store_true", help="list each document's missed and invented facts")
    args = ap.parse_args(argv)
    try:
        run(args.folders, args.gold, quiet=args.quiet, misses=args.misses, json_out=args.json)
    except GoldError as exc:
        print(f"fidelity: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
