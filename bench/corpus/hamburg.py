"""Niederschriften of a Hamburg Bezirksversammlung and its committees as pdftotext -layout gives them.

The attendance list is a fixed-width table (name | Fraktion | "für Frau X" | role) whose cells wrap
("GRÜNE-" / "Fraktion", "für Frau" / "Körner-" / "Uhlmann") or run into each other ("CDU-Fraktion
für Frau" / "Schwarz"); page footers "Seite: 1/7" and form feeds fall inside the list. The items
follow as "Ö 1" headings with hanging indents, results in sentences and "Abstimmungsergebnis:"
blocks; the non-public part starts with an "N 1" item.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import (FACILITIES, Doc, Gold, People, Person, cells, paragraph, street, topic,
                                 town, wrap)

COMMITTEES = [
    ("Haushaltsausschuss", "Haushaltsausschusses"), ("Hauptausschuss", "Hauptausschusses"),
    ("Stadtentwicklungsausschuss", "Stadtentwicklungsausschusses"), ("Verkehrsausschuss", "Verkehrsausschusses"),
    ("Jugendhilfeausschuss", "Jugendhilfeausschusses"),
    ("Ausschuss für Soziales, Integration, Gleichstellung, Senioren und Gesundheit",
     "Ausschusses für Soziales, Integration, Gleichstellung, Senioren und Gesundheit"),
    ("Ausschuss für Umwelt, Klimaschutz und Verbraucherschutz", "Ausschusses für Umwelt, Klimaschutz und Verbraucherschutz"),
    ("Bezirksversammlung", None),
]
GROUPS = ["GRÜNE-Fraktion", "SPD-Fraktion", "CDU-Fraktion", "Fraktion Die Linke", "FDP-Fraktion", "AfD-Fraktion",
          "Volt-Fraktion"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
UNITS = ["Dezernat Steuerung und Service", "Dezernat Wirtschaft, Bauen und Umwelt", "Dezernat Soziales, Jugend und Gesundheit",
         "Fachamt Stadt- und Landschaftsplanung", "Fachamt Management des öffentlichen Raumes"]
COLS = (0, 41, 57, 74)        # name | group | substitution | role
SUB_WIDTH = 14
FOOTER_EVERY = 56


class _Pages:
    """Lines with a page footer "Seite: n/N" and a form feed every FOOTER_EVERY lines (N filled in at the end)."""

    def __init__(self):
        self.lines: list[str] = []
        self.page = 1
        self.on_page = 0
        self.last = ""

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.on_page += 1
            if line.strip():
                self.last = line
            # a heading is kept with what follows it, as the word processor that made the PDF keeps it
            heading = (len(self.last) < 40 and self.last[:1].isalpha() and not self.last.startswith(("Herr", "Frau"))
                       and not self.last.endswith((".", ",", ";")))
            if self.on_page >= FOOTER_EVERY and not heading:
                self.lines += ["", "", " " * 77 + f"Seite: {self.page}/@@", "\f"]
                self.page += 1
                self.on_page = 0

    def text(self) -> str:
        text = "\n".join(self.lines).replace("\n\f\n", "\n\f")
        return text.replace("@@", str(self.page)) + "\n"


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "north", title_share=0.12)
    committee, genitive = r.choice(COMMITTEES)
    plenum = genitive is None
    district = f"Hamburg-{town(r)}"
    altona = variant == "indented"     # headings flush left, entries indented by one space, no group column for staff
    ind = " " if altona else ""
    start = dt.time(r.choice([17, 18, 18, 19]), r.choice([0, 0, 30]))
    end = f"{start.hour + r.randint(0, 3)}:{r.randint(31, 59) if start.minute else r.randint(10, 59):02d}"
    g = Gold(session={"body": committee, "session_date": date.isoformat(), "start_time": f"{start:%H:%M}",
                      "end_time": end})
    p = _Pages()
    p.add("", " " * 20 + "Freie und Hansestadt Hamburg", " " * 28 + f"Bezirksamt {district}",
          " " * 30 + "Bezirksversammlung", "", " " * 37 + "Niederschrift")
    p.add(" " * 21 + ("Sitzung der Bezirksversammlung" if plenum else f"Sitzung des {genitive}"), "")
    p.add(f"Termin:       {WEEKDAYS[date.weekday()]}, {date:%d.%m.%Y}", f"Beginn:       {start:%H:%M} Uhr",
          f"Ende:         {end} Uhr",
          f"Raum, Ort: {r.choice(['Großer Sitzungssaal', 'Kleiner Sitzungssaal', 'Raum 1.07'])}, {street(r)} "
          f"{r.randint(1, 40)}, 2{r.randint(1000, 2999)} Hamburg", "", "")

    groups = r.sample(GROUPS, r.randint(4, 7))
    member_role = "Bezirksversammlungsmitglied" if plenum else "Ausschussmitglied"

    def row(person: Person, group: str, sub: str, role: str) -> list[str]:
        name = f"{ind}{person.form} {person.title + ' ' if person.title else ''}{person.family}"
        # beside a substitution the group column is narrow: "GRÜNE-" / "Fraktion"; a group that fills it runs
        # into the substitution cell ("CDU-Fraktion für Frau" / "Schwarz")
        sub_at = COLS[1] + 13 if sub and len(group) == 12 else COLS[2]
        return cells([(COLS[0], 40, name), (COLS[1], 12 if sub else 13, group), (sub_at, SUB_WIDTH, sub),
                      (COLS[3], 30, role)])

    chair_group = r.choice(groups)
    chair = people.person()
    p.add("Vorsitz")
    p.add(*row(chair, chair_group, "", r.choice(["Vorsitzendes Mitglied", "Stellvertr. Vorsitz"])))
    g.attend(chair, chair_group)
    if plenum:
        for _ in range(2):
            dep, dep_group = people.person(), r.choice(groups)
            p.add(*row(dep, dep_group, "", "Stellvertr. Vorsitz"))
            g.attend(dep, dep_group)
    p.add("", "" if altona else "", "Stimmberechtigte Mitglieder" if altona else "stimmberechtigte Mitglieder")
    if altona:
        p.add("")
    n_members = r.randint(30, 48) if plenum else r.randint(10, 17)
    subs_left = 0 if plenum else r.choice([0, 1, 2, 3])
    members = []
    for k in range(n_members):
        group = groups[min(k * len(groups) // n_members, len(groups) - 1)]
        person = people.person()
        if k and r.random() < 0.04:
            person = people.namesake(members[-1][0])
        members.append((person, group))
    for person, group in members:
        sub, role = "", member_role
        if subs_left and r.random() < 0.3:
            absent = people.person()
            sub, role = f"für {absent.form} {absent.family}", r.choice(["Bezirksversammlungsmitglied",
                                                                         "Stellvertr. Ausschussmitglied"])
            g.substitutes.append([person.family, absent.family])
            g.absent.append(absent.family)
            subs_left -= 1
        elif altona and r.random() < 0.1:
            role = "Ständige Vertretung"
        p.add(*row(person, group, sub, role))
        g.attend(person, group)
    if not plenum and r.random() < 0.6:
        p.add("", "", "nicht stimmberechtigte Mitglieder")
        for _ in range(r.randint(2, 5)):
            person, group = people.person(), r.choice(groups)
            p.add(*row(person, group, "", "Stellvertr. Ausschussmitglied"))
            g.attend(person, group)
    p.add("", "", "Verwaltung")
    if altona:
        p.add("")
    for _ in range(r.randint(2, 5)):
        person = people.person()
        p.add(*row(person, "" if altona else "Bezirksamt", "", r.choice(UNITS)))
        g.attend(person, "Verwaltung")
    p.add("", "", "Protokollführung")
    recorder = people.person()
    p.add(*row(recorder, "" if altona else "Bezirksamt", "", r.choice(["Protokollführung",
                                                                         "Geschäftsstelle der Bezirksversammlung"])))
    g.attend(recorder, "Verwaltung")
    if r.random() < 0.5:     # speakers and guests: not attendees
        p.add("", "", "Referent/in")
        for _ in range(r.randint(1, 3)):
            guest = people.person()
            p.add(*row(guest, "", "", r.choice(["STATTBAU HAMBURG GmbH", "steg Hamburg mbH", "Landesbetrieb Verkehr",
                                               "Planungsbüro Elbufer"])))
    speakers = [m[0] for m in members[:8]]

    # Agenda and items
    p.add("", "", "Tagesordnung:", "")
    items = _items(r, groups, committee)
    for number, title, kind, vote, paper in items:
        p.add(*[(f"Ö {number}".ljust(10) if i == 0 else " " * 10) + line.strip() for i, line in enumerate(wrap(title, 78))])
        for line in paper or []:
            p.add(" " * 10 + line)
        p.add("")
        for _ in range(r.randint(3, 9) if kind != "formal" else 0):
            p.add(*wrap(paragraph(r, speakers), 95), "")
        if vote is not None:
            lines, facts = vote
            p.add(*lines, "")
            if facts:
                g.vote(number, *facts)
    if r.random() < 0.35:
        n1 = f"N 1       {r.choice(['Grundstücksangelegenheiten', 'Personalangelegenheiten', 'Vergabeangelegenheiten'])}"
        g.nonpublic_marker = " ".join(n1.split())
        buyer = f"{people.person().family} Immobilien GmbH"
        p.add(n1, "", *wrap(f"Der Ausschuss stimmt dem Verkauf des Flurstücks {r.randint(100, 9999)} an die {buyer} "
                            f"zum Kaufpreis von {r.randint(100, 999)}.{r.randint(0, 999):03d} EUR zu.", 95),
              "", "Der Beschlussempfehlung wird einstimmig zugestimmt.", "")
    p.add("", f"{' ' * 5}{chair.form} {chair.family}{' ' * 30}{recorder.form} {recorder.family}",
          f"{' ' * 5}Vorsitz{' ' * 30}Protokollführung")
    return Doc("hamburg", variant, p.text(), g, slug=committee.split()[0].lower().strip(","))


def _items(r: random.Random, groups: list[str], committee: str) -> list[tuple]:
    """(number, title, kind, (result lines, vote facts) or None, paper line) per public item."""
    body = "Der Ausschuss" if committee != "Bezirksversammlung" else "Die Bezirksversammlung"
    prev = f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.randint(2010, 2025)}"
    items = [("1", "Feststellung der Tagesordnung", "formal",
              ([" " * 10 + "Es werden keine Ergänzungs- und Änderungswünsche vorgetragen. Der Tagesordnung wird",
                " " * 10 + "einstimmig zugestimmt."], ("accepted", True)), None),
             ("2", f"Genehmigung der Niederschrift vom {prev}", "formal",
              ([" " * 10 + f"Die Niederschrift vom {prev} wird einstimmig genehmigt."], ("accepted", True)), None),
             ("3", "Bürgerfragestunde", "info", None, None)]
    n = 4
    for _ in range(r.randint(6, 16)):
        kind, title = topic(r, "Hamburg")
        paper = f"Drucksache {r.randint(20, 22)}-{r.randint(1000, 9999)}"
        roll = r.random()
        extra = [f"Antrag der {r.choice(groups)}"] if kind == "antrag" else []
        if roll < 0.35:
            res = ([" " * 10 + f"{body} stimmt dem Antrag einstimmig zu." if kind == "antrag"
                    else " " * 10 + "Der Beschlussempfehlung wird einstimmig zugestimmt."], ("accepted", True))
        elif roll < 0.6:
            pro, con = groups[:2], groups[2:3]
            res = ([" " * 10 + "Abstimmungsergebnis:", " " * 10 + f"Dafür: {', '.join(pro)}",
                    " " * 10 + f"Dagegen: {', '.join(con)}", " " * 10 + f"Enthaltung: {groups[-1]}",
                    " " * 10 + "Der Antrag wird mehrheitlich angenommen."], ("accepted", False))
        elif roll < 0.72:
            res = ([" " * 10 + "Der Antrag wird mehrheitlich abgelehnt."], ("rejected", False))
        elif roll < 0.85:
            res = ([" " * 10 + f"{body} nimmt die Drucksache zur Kenntnis."], ("noted",))
        else:
            res = ([" " * 10 + "Die Beratung wird auf die nächste Sitzung vertagt."], ("postponed",))
        items.append((str(n), title, kind, res, extra + [paper]))
        n += 1
    items.append((str(n), f"Mitteilungen der Verwaltung zur {r.choice(FACILITIES)}", "info",
                  ([" " * 10 + f"{body} nimmt die Drucksache zur Kenntnis."], ("noted",)), None))
    return items
VARIANTS = ("table", "table", "indented")
