"""The three seed layouts of samples/bielefeld-da, recombined (the benchmark's original documents).

Markdown with separate name/department lists (a), Markdown with "Name - Department" lines (b),
plain text with en dashes (c); other committees, dates, people, factions, item counts, result
phrases and Anfragen.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from bench.corpus.common import PARAGRAPHS, Doc, Gold

COMMITTEES = [
    ("Digitalisierungsausschuss", "Digitalisierungsausschusses"),
    ("Finanz- und Personalausschuss", "Finanz- und Personalausschusses"),
    ("Schul- und Sportausschuss", "Schul- und Sportausschusses"),
    ("Stadtentwicklungsausschuss", "Stadtentwicklungsausschusses"),
    ("Umwelt- und Klimaschutzausschuss", "Umwelt- und Klimaschutzausschusses"),
    ("Sozial- und Gesundheitsausschuss", "Sozial- und Gesundheitsausschusses"),
    ("Kulturausschuss", "Kulturausschusses"),
    ("Haupt-, Wirtschaftsförderungs- und Beteiligungsausschuss", "Haupt-, Wirtschaftsförderungs- und Beteiligungsausschusses"),
]
FACTIONS = [("CDU", "CDU"), ("SPD", "SPD"), ("Bündnis 90/Die Grünen", "BÜNDNIS 90/ DIE GRÜNEN"), ("FDP", "FDP"),
            ("AfD", "AfD"), ("Die Linke", "DIE LINKE"), ("Die Partei", "Die PARTEI"), ("BfB", "BfB")]
GIVEN = ["Anna", "Bernd", "Carsten", "Doris", "Emre", "Frieda", "Günter", "Hannelore", "Ingo", "Jana", "Klaus",
         "Leonie", "Mehmet", "Nina", "Oliver", "Petra", "Rainer", "Sabine", "Tobias", "Ursula", "Volker", "Wiebke"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
          "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
          "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Özdemir"]
DEPARTMENTS = ["Dezernat 1", "Dezernat 2", "Dezernat 4", "Amt für Organisation, IT und Zentrale Leistungen",
               "Digitalisierungsbüro", "Amt für Schule", "Umweltamt", "Bauamt", "Amt für Verkehr"]
ROOMS = ["Nowgorod-Raum, EG, Altes Rathaus", "Großer Saal im Neuen Rathaus", "Raum 101, Neues Rathaus",
         "Ratssaal, Altes Rathaus"]
# result phrase -> what it states (outcome, unanimous, yes, no, abstentions)
RESULTS = {
    "einstimmig beschlossen": ("accepted", True, None, None, None),
    "bei einer Enthaltung einstimmig beschlossen": ("accepted", True, None, None, 1),
    "einstimmig bei einigen Enthaltungen beschlossen": ("accepted", True, None, None, None),
    "mit großer Mehrheit beschlossen": ("accepted", False, None, None, None),
    "bei 2 Gegenstimmen mehrheitlich beschlossen": ("accepted", False, None, 2, None),
    "mit Mehrheit abgelehnt": ("rejected", False, None, None, None),
    "mit 12 Ja-Stimmen, 3 Nein-Stimmen und 2 Enthaltungen beschlossen": ("accepted", False, 12, 3, 2),
    "abweichend vom Beschlussvorschlag einstimmig beschlossen": ("amended", True, None, None, None),
    "mit 9 Ja-Stimmen (SPD 5, Grüne 4) gegen 6 Nein-Stimmen (CDU 6) beschlossen": ("accepted", False, 9, 6, None),
}
RESULT_PHRASES = list(RESULTS)
CLOSINGS = {"Der Ausschuss nimmt Kenntnis.": "noted", "Der TOP wird vertagt.": "postponed", "- 1. Lesung -": None,
            "zurückgezogen": "withdrawn"}


@dataclass
class Person:
    form: str
    given: str | None
    family: str
    title: str | None = None
    dept: str | None = None


@dataclass
class Item:
    number: str
    title: str
    kind: str                  # mitteilung | anfrage | antrag | vorlage | bericht | container
    paper: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    result: str | None = None
    closing: str | None = None
    zusatzfragen: int = 0
    faction: str | None = None


@dataclass
class Meeting:
    committee: tuple[str, str]
    date: dt.date
    start: str
    end: str
    room: str
    factions: list[tuple[str, list[Person]]]
    admin: list[Person]
    recorder: Person
    chair: Person
    items: list[Item]


def _person(r: random.Random, used: list, with_given: bool = True) -> Person:
    """Someone not yet in the list: the same name twice would be one person to any reader."""
    while True:
        form = r.choice(["Herr", "Frau"])
        p = Person(form, r.choice(GIVEN) if with_given else None, r.choice(FAMILY), "Dr." if r.random() < 0.08 else None)
        if (p.given, p.family) not in used:
            used.append((p.given, p.family))
            return p


def _paras(r: random.Random, lo: int, hi: int) -> list[str]:
    return [r.choice(PARAGRAPHS) for _ in range(r.randint(lo, hi))]


def meeting(r: random.Random, date: dt.date) -> Meeting:
    used: list = []
    factions = [(f[r.random() < 0.5], [_person(r, used) for _ in range(r.randint(1, 5))])
                for f in r.sample(FACTIONS, r.randint(4, 8))]
    admin = [_person(r, used, with_given=False) for _ in range(r.randint(2, 8))]
    for p in admin:
        p.dept = r.choice(DEPARTMENTS)
    chair = factions[0][1][0]
    items: list[Item] = [Item("1", f"Genehmigung des öffentlichen Teils der Niederschrift über die Sitzung am "
                                   f"{(dt.date(2020, 1, 1) + dt.timedelta(days=r.randrange(2000))):%d.%m.%Y}",
                              "vorlage", result=r.choice(RESULT_PHRASES[:3]))]
    n = 2
    term = r.choice(["2014-2020", "2020-2025"])
    if r.random() < 0.9:
        items.append(Item(str(n), "Mitteilungen", "container"))
        for k in range(1, r.randint(1, 4) + 1):
            items.append(Item(f"{n}.{k}", f"Mitteilung zu {r.choice(FAMILY)}straße", "mitteilung",
                              paragraphs=_paras(r, 2, 5), closing="Der Ausschuss nimmt Kenntnis."))
        n += 1
    items.append(Item(str(n), "Anfragen", "container"))
    for k in range(1, r.randint(1, 7) + 1):
        f = r.choice(factions)[0]
        items.append(Item(f"{n}.{k}", f"Anfrage {f} - Thema {r.randint(1, 999)}", "anfrage",
                          paper=f"{r.randint(100, 9999):04d}/{term}", paragraphs=_paras(r, 2, 6),
                          zusatzfragen=r.choice([0, 0, 1, 2]),
                          closing=r.choice([None, "Der Ausschuss nimmt Kenntnis."]), faction=f))
    n += 1
    for _ in range(r.randint(2, 7)):
        kind = r.choice(["antrag", "vorlage", "bericht"])
        title = {"antrag": f"Antrag der {r.choice(factions)[0]}-Fraktion: Projekt {r.choice(FAMILY)}",
                 "vorlage": f"Umsetzung Projekt {r.choice(FAMILY)} - Sachstand",
                 "bericht": f"Sachstandsbericht {r.choice(DEPARTMENTS)}"}[kind]
        result = r.choice(RESULT_PHRASES) if kind != "bericht" and r.random() < 0.7 else None
        closing = None if result else r.choice(list(CLOSINGS))
        items.append(Item(str(n), title, kind, paper=f"{r.randint(100, 9999):04d}/{term}",
                          paragraphs=_paras(r, 2, 8), result=result, closing=closing))
        n += 1
    start = dt.time(r.choice([15, 16, 17, 18]), r.choice([0, 30]))
    return Meeting(r.choice(COMMITTEES), date, f"{start:%H:%M}", f"{start.hour + r.randint(1, 3)}:{r.randint(0, 59):02d}",
                   r.choice(ROOMS), factions, admin, _person(r, used), chair, items)


def _name(p: Person) -> str:
    return " ".join(x for x in (p.form, p.title, p.given, p.family) if x)


def render(m: Meeting, layout: str) -> str:
    md = layout in ("a", "b")
    b = (lambda s: f"**{s}**") if md else (lambda s: s)
    h = (lambda lvl, s: f"{'#' * lvl} {s}") if md else (lambda lvl, s: s)
    out = [b("Niederschrift") + ("  " if md else ""), b(f"über die Sitzung des {m.committee[1]}"),
           b(f"am {m.date:%d.%m.%Y}"), "", f"Tagungsort: {m.room}", "", f"Beginn: {m.start} Uhr", "",
           f"Ende: {m.end} Uhr", "", b("Anwesend:"), ""]
    for faction, members in m.factions:
        out += [b(faction) if layout == "b" else faction, ""]
        out += [line for p in members for line in (_name(p), "" if layout != "b" else None) if line is not None]
        out.append("")
    out += ["Von der Verwaltung:", ""]
    if layout == "a":  # names, then departments in a second list that pairs up by position
        out += [x for p in m.admin for x in (_name(p), "")] + [x for p in m.admin for x in (p.dept, "")]
    else:
        dash = " - " if layout == "b" else " – "
        out += [f"{_name(p)}{dash}{p.dept}" for p in m.admin] + [""]
    out += [r"Schritführung" if layout == "a" else "Schriftführung", _name(m.recorder), "",
            h(2, "Öffentliche Sitzung:"), "", f"Der Ausschussvorsitzende {_name(m.chair)} eröffnet die Sitzung.", ""]
    for it in m.items:
        heading = f"Zu Punkt {it.number}"
        if layout == "a":
            out += [h(3, f"{b(heading)} {it.title}"), ""]
        elif layout == "b":
            out += [h(2, b(heading)), "", h(3, b(it.title)), ""]
        else:
            out += [heading, "", it.title, ""]
        if it.paper:
            out += ["Beratungsgrundlage:", "", f"Drucksachennummer: {it.paper}", ""]
        if it.kind == "anfrage":
            out += ["Text der Anfrage:", "", it.paragraphs[0] + "?", "", "Antwort der Verwaltung:", ""]
            out += [x for p in it.paragraphs[1:] for x in (p, "")]
            for z in range(it.zusatzfragen):
                out += [f"Zusatzfrage {z + 1}:", "", "Wie geht es weiter?", "", "Antwort der Verwaltung:", "",
                        it.paragraphs[0], ""]
        else:
            out += [x for p in it.paragraphs for x in (p, "")]
        if it.result:
            out += ["Der Ausschuss fasst folgenden", "", h(4, b("Beschluss:")), "",
                    b(f"Die Verwaltung wird beauftragt, {it.title} umzusetzen."), "", f"- {it.result} -", ""]
        if it.closing:
            out += [it.closing, ""]
        out += ["-.-.-", ""]
    out += ["---", "", f"{m.chair.given} {m.chair.family}", "", "---", "", f"{m.recorder.given} {m.recorder.family}"]
    return "\n".join(out) + "\n"


def gold(m: Meeting) -> Gold:
    g = Gold(session={"body": m.committee[0], "session_date": m.date.isoformat(), "start_time": m.start,
                      "end_time": m.end})
    for faction, members in m.factions:
        for p in members:
            g.attend(p.family, faction)
    for p in m.admin + [m.recorder]:
        g.attend(p.family, "Verwaltung")
    for it in m.items:
        if it.result:
            outcome, unanimous, yes, no, abst = RESULTS[it.result]
            g.vote(it.number, outcome, unanimous, yes, no, abst)
        elif it.closing and CLOSINGS[it.closing]:
            g.vote(it.number, CLOSINGS[it.closing])
        if it.kind == "anfrage":
            g.anfragen.append({"item": it.number, "faction": it.faction, "paper_reference": it.paper})
    return g


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    m = meeting(r, date)
    return Doc("bielefeld", variant, render(m, variant), gold(m),
               slug=m.committee[0].split()[0].lower().strip(",-"))


VARIANTS = ("a", "b", "c")
