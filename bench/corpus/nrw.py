"""North Rhine-Westphalia: Niederschriften of big-city committees and Bezirksvertretungen.

Four attendance layouts of the corpus: "Herr/Frau RM Name" under "SPD:" headings with "i. V. f."
substitutions and "(ab 16:25 Uhr)" (herr-frau-rm); "RM Vorname Name (Party)" lines with "i. V. f.
RM X" and "Nicht anwesend waren:" (rm-partei); party headings on their own lines with a trailing
"abwesend" and "Anwesend: 15 Mitglieder" (parteiblock); "Frau Vorname Name" under "SPD:" with "in
Vertretung für" and "Entschuldigt fehlten:" at the end (bv). The first three print the published
agenda ("Veröffentlichte Tagesordnung:", letter-spaced "T a g e s o r d n u n g") before the items
("zu TOP 1.1"); the Bezirksvertretung's items are "Zu Punkt N" with Anfragen, results framed by
dashes and a non-public part after "Nichtöffentliche Sitzung:".
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import (Doc, Gold, People, Person, counted_vote, letter_spaced, paragraphs,
                                 street, topic, town)

VARIANTS = ("herr-frau-rm", "rm-partei", "parteiblock", "bv")
COMMITTEES = [
    ("Ausschuss für Bauen, Verkehr und Grün", "des Ausschusses für Bauen, Verkehr und Grün"),
    ("Ausschuss für Umwelt, Stadtgestaltung und Wohnen", "des Ausschusses für Umwelt, Stadtgestaltung und Wohnen"),
    ("Ausschuss für Schule", "des Ausschusses für Schule"),
    ("Ausschuss für Kinder, Jugend und Familie", "des Ausschusses für Kinder, Jugend und Familie"),
    ("Haupt- und Finanzausschuss", "des Haupt- und Finanzausschusses"),
    ("Betriebsausschuss Stadtentwässerung", "des Betriebsausschusses Stadtentwässerung"),
    ("Ausschuss für Wirtschaftsförderung und Beschäftigung", "des Ausschusses für Wirtschaftsförderung und Beschäftigung"),
]
# (heading as printed, party in parentheses as printed)
GROUPS = [("SPD", "SPD"), ("CDU", "CDU"), ("Bündnis 90/Die Grünen", "BÜNDNIS 90/DIE GRÜNEN"), ("FDP", "FDP"),
          ("Die Linke", "DIE LINKE"), ("AfD", "AfD"), ("FDP/Bürgerforum", "FDP/Freie Bürger"), ("Volt", "Volt"),
          ("B90/Die Grünen", "B90/Die Grünen")]
UNITS = ["StA 61", "StA 66", "StA 20", "5/Dez.", "5/Dez.-GF", "68/SEM", "StA 32", "FB 40"]


def _time(h: int, m: int, sep: str = ":") -> str:
    return f"{h:02d}{sep}{m:02d}"


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "west", title_share=0.08)
    city = town(r)
    bv = variant == "bv" or (variant == "parteiblock" and r.random() < 0.7)
    if bv:
        district = f"{city}-{r.choice(['Nord', 'Süd', 'Mitte', 'Ost', 'West'])}" if variant == "bv" else town(r)
        body, of_body = f"Bezirksvertretung {district}", f"der Bezirksvertretung {district}"
    else:
        body, of_body = r.choice(COMMITTEES)
    number = r.randint(1, 45)
    start = (r.choice([15, 16, 17]), r.choice([0, 2, 3, 5, 30]))
    end = (start[0] + r.randint(1, 3), r.randint(0, 59))
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": _time(*start),
                      "end_time": _time(*end), "session_number": str(number)})
    groups = r.sample(GROUPS[:6], r.randint(4, 6)) + ([GROUPS[6]] if r.random() < 0.2 else [])
    if variant == "parteiblock":
        groups = [("B90/Die Grünen", "B90/Die Grünen") if gr[0].startswith("Bündnis") else gr for gr in groups]
    room = f"{r.choice(['Ratssaal', 'Sitzungssaal 2', 'Bezirksrathaus'])}, {street(r)} {r.randint(1, 30)}, 4{r.randint(1000, 9999)} {city}"
    voting = 0
    out: list[str] = []
    if variant == "bv":
        out += [f"Stadt {city}", "Der Oberbürgermeister", "", "Niederschrift", "",
                f"über die {number}. Sitzung {of_body} am {date:%d.%m.%Y}", f"im {r.choice(['Großen', 'Kleinen'])} "
                f"Sitzungssaal des Bezirksrathauses, {street(r)} {r.randint(1, 30)}", "",
                f"Beginn: {_time(*start)} Uhr", f"Ende: {_time(*end)} Uhr", "", "Anwesend waren:", ""]
        voting = _bv_list(r, people, groups, out, g)
    else:
        out += ["Niederschrift", "", f"über die {number}. Sitzung {of_body}", "", "", f"am {date:%d.%m.%Y}", room,
                "", "", "", "", r.choice(["Öffentliche Sitzung", "(öffentlich)"]), "",
                f"Sitzungsdauer: {_time(*start)} - {_time(*end)} Uhr", "", ""]
        lister = {"herr-frau-rm": _herr_frau_rm, "rm-partei": _rm_partei, "parteiblock": _parteiblock}[variant]
        voting = lister(r, people, groups, out, g)
        out += ["", "", "", "", "Veröffentlichte Tagesordnung:", "", letter_spaced("Tagesordnung") if r.random() < 0.5
                else "Tagesordnung (öffentlich)", "", f"für die {number}. Sitzung {of_body},",
                f"am {date:%d.%m.%Y}, Beginn {start[0]:02d}:00 Uhr,", room, "", "Öffentlicher Teil:", "", ""]
    speakers = people.persons[:6]
    items = _items(r, city, body, groups, voting)
    if variant != "bv":
        for number_, title, label, paper, *_ in items:
            out += [f"{number_} {title}"] + ([label] if label else []) + ([f"(Drucksache Nr.: {paper})"] if paper else []) + [""]
        out += ["", "", f"Die Vorsitzende eröffnet die Sitzung um {_time(*start)} Uhr und stellt die Beschlussfähigkeit fest.", ""]
    else:
        out += ["", "Öffentliche Sitzung:", ""]
    for number_, title, label, paper, kind, lines, facts, anfrage in items:
        out += [f"Zu Punkt {number_}" if variant == "bv" else f"zu TOP {number_}", title]
        if paper:
            out += [f"Drucksache {paper}" if variant == "bv" else f"(Drucksache Nr.: {paper})"]
        out.append("")
        if anfrage:
            faction, question = anfrage
            out += [f"Die {faction} fragt:", question, "", "Antwort der Verwaltung:"]
            g.anfragen.append({"item": number_, "faction": faction, "paper_reference": paper})
        if kind not in ("heading", "formal"):
            for para in paragraphs(r, 2, 8, speakers):
                out += [para, ""]
        out += lines
        if lines:
            out.append("")
        if facts:
            g.vote(number_, *facts)
    if variant == "bv" and r.random() < 0.6 or r.random() < 0.2:
        marker = r.choice(["Nichtöffentliche Sitzung:", "II. NICHTÖFFENTLICHER TEIL", "Nichtöffentlicher Teil:"])
        g.nonpublic_marker = marker
        n = len([i for i in items if "." not in i[0]]) + 1
        buyer = people.person()
        out += ["", marker, "", f"Zu Punkt {n}" if variant == "bv" else f"zu TOP {n}",
                "Vergabe der Unterhaltsreinigung für das Bezirksrathaus", "", "Beschluss:",
                f"Die Vergabe an die {buyer.family} Gebäudeservice GmbH zum Angebotspreis von {r.randint(50, 400)}.{r.randint(0, 999):03d},00 EUR "
                "jährlich wird genehmigt.", "- einstimmig beschlossen -", ""]
    chair = speakers[0] if speakers else people.person()
    out += ["", f"{chair.full}          {people.person().full}", "Vorsitz          Schriftführung", ""]
    return Doc("nrw", variant, "\n".join(out), g, slug=body.split()[0].lower().strip(",-"))


def _members(r: random.Random, people: People, groups: list, lo: int, hi: int) -> list[tuple[tuple, Person]]:
    out = []
    for gr in groups:
        for _ in range(r.randint(lo, hi) if gr[0] not in ("FDP/Bürgerforum", "Volt") else 1):
            out.append((gr, people.person()))
    return out


def _herr_frau_rm(r: random.Random, people: People, groups: list, out: list[str], g: Gold) -> int:
    chair = people.person()
    out += ["Anwesend:", "", "1. Stimmberechtigte Mitglieder:", "",
            f"{chair.form} RM {chair.title + ' ' if chair.title else ''}{chair.family}, {'Vorsitzender' if chair.sex == 'm' else 'Vorsitzende'}",
            "", "", ""]
    g.attend(chair, None)
    voting, heading = 1, None
    for gr, p in _members(r, people, groups[:-1] if len(groups) > 4 else groups, 1, 5):
        if gr is not heading:
            if heading is not None:
                out.append("")
            out.append(f"{gr[0]}:")
            heading = gr
        role = r.choice(["RM", "RM", "RM", "sB"])
        name = f"{p.title + ' ' if p.title else ''}{r.choice([p.family, p.family, p.family, p.given[0] + '. ' + p.family])}"
        line = f"{p.form} {role} {name}"
        roll = r.random()
        if roll < 0.1:
            line += f" (ab {_time(r.randint(15, 17), r.choice([10, 25, 40]), r.choice([':', '.']))} Uhr)"
        elif roll < 0.16:
            line += f" (bis {_time(r.randint(17, 18), r.choice([15, 55]), '.')} Uhr)"
        if r.random() < 0.15:
            absent = people.person()
            line += f" {r.choice(['i.V. f.', 'i. V. f.'])} {absent.form} RM {absent.family}"
            g.substitutes.append([p.family, absent.family])
            g.absent.append(absent.family)
        out.append(line)
        g.attend(p, gr[0])
        voting += 1
    out += ["", "2. Beratende Mitglieder:", ""]
    gr = groups[-1]
    for k in range(r.randint(1, 2)):
        p = people.person()
        out += [f"{p.form} {r.choice(['RM', 'sB'])} {p.given} {p.family} – {gr[0]}", "" if k else ""]
        g.attend(p, gr[0])
    out += ["3. Verwaltung:", ""]
    for k in range(r.randint(3, 8)):
        p = people.person()
        out.append(f"{p.form} {'StR ' if k == 0 and r.random() < 0.5 else ''}{p.family} – {r.choice(UNITS)}")
        g.attend(p, "Verwaltung")
    return voting


def _rm_partei(r: random.Random, people: People, groups: list, out: list[str], g: Gold) -> int:
    out += ["Anwesend:", "", "1. Stimmberechtigte Mitglieder", ""]
    voting = 0
    for k, (gr, p) in enumerate(_members(r, people, groups, 1, 4)):
        close = ")" if r.random() > 0.05 else ""
        line = f"{r.choice(['RM', 'RM', 'RM', 'sB'])} {p.full} ({gr[1]}{close}"
        if close and r.random() < 0.15:
            absent = people.person()
            line += f" i. V. f. RM {absent.given} {absent.family}"
            g.substitutes.append([p.family, absent.family])
            g.absent.append(absent.family)
        out += [line] + (["", ""] if k == 0 else [])
        g.attend(p, gr[1])
        voting += 1
    out += ["", "2. Beratende Mitglieder", ""]
    for k in range(r.randint(1, 3)):
        p = people.person()
        out += [f"{p.given} {p.family} ({'Beschäftigtenvertreter' if p.sex == 'm' else 'Beschäftigtenvertreterin'})"] + (
            ["", ""] if k == 0 else [])
        g.attend(p, None)
    out += ["", "3. Verwaltung", ""]
    for k in range(r.randint(2, 6)):
        p = people.person()
        unit = r.choice(["", f" {r.choice(['68/SEM', '66/TBA', '32/3', '20/1'])} "
                             f"({r.choice(['Betriebsleitung', 'Controlling', 'Sachgebietsleitung'])})"])
        out += [f"{p.given} {p.family}{unit}"] + (["", ""] if k == 0 else [])
        g.attend(p, "Verwaltung")
    out += ["4. Gäste", ""]
    for _ in range(r.randint(0, 2)):
        p = people.person()
        out.append(f"{p.given} {p.family} {p.family} & Partner")
    if r.random() < 0.7:
        out += ["", "", "", "", "", "Nicht anwesend waren:", ""]
        for _ in range(r.randint(1, 2)):
            p = people.person()
            out.append(f"{p.given} {p.family} {r.choice(['Integrationsrat', 'Seniorenbeirat', '(SPD)', '(CDU)'])}")
            g.absent.append(p.family)
    return voting


def _parteiblock(r: random.Random, people: People, groups: list, out: list[str], g: Gold) -> int:
    lines, present = [], 0
    functions = ["Bezirksbürgermeister", "1. stellv. Bezirksbürgermeister", "Fraktionssprecher", "2. stellv. Bezirksbürgermeisterin"]
    for gr in groups[:5]:
        lines += [gr[0], ""]
        for k in range(r.randint(1, 7) if gr[0] not in ("FDP", "Die Linke") else 1):
            p = people.person()
            line = f"{p.given} {p.family}"
            roll = r.random()
            if roll < 0.1:
                line += " abwesend"
                g.absent.append(p.family)
            else:
                if roll < 0.18:
                    line += f" ab {r.randint(15, 16)}.{r.choice([15, 40])} Uhr"
                elif roll < 0.35 and functions:
                    line += f", {functions.pop(0)}"
                g.attend(p, gr[0])
                present += 1
            lines += [line] + (["", ""] if k == 0 else [])
        lines.append("")
    out += [f"Anwesend: {present} Mitglieder", "", "a) Stimmberechtigte Mitglieder:", ""] + lines
    out += ["", "b) Berichterstatter:", ""]
    for _ in range(r.randint(1, 2)):
        p = people.person()
        out += [f"{p.form} {p.family}, {r.choice(['Tiefbauamt', 'Verkehrsbetriebe', 'Stadtwerke'])}", ""]
    out += ["c) Verwaltung", ""]
    for k in range(r.randint(1, 3)):
        p = people.person()
        out += [f"{p.form} {p.family} Bezirksverwaltungsstelle"] + (["", ""] if k == 0 else [])
        g.attend(p, "Verwaltung")
    return present


def _bv_list(r: random.Random, people: People, groups: list, out: list[str], g: Gold) -> int:
    chair, chair_group = people.person(), groups[0]
    title = "Bezirksbürgermeister" if chair.sex == "m" else "Bezirksbürgermeisterin"
    out += ["Vorsitz:", f"{title} {chair.given} {chair.family} ({chair_group[1]})", ""]
    g.attend(chair, chair_group[1])
    voting, excused = 1, []
    for gr in groups:
        out.append(f"{gr[1]}:")
        for _ in range(r.randint(1, 5)):
            p = people.person()
            if r.random() < 0.08:
                p = people.namesake(p) if r.random() < 0.5 else p
            line = p.formal_full
            if r.random() < 0.12:
                absent = people.person()
                line += f" in Vertretung für {'Herrn' if absent.sex == 'm' else 'Frau'} {absent.full}"
                g.substitutes.append([p.family, absent.family])
                excused.append((absent, gr[1]))
            elif r.random() < 0.08:
                line += ", stellv. Bezirksbürgermeister" if p.sex == "m" else ", stellv. Bezirksbürgermeisterin"
            out.append(line)
            g.attend(p, gr[1])
            voting += 1
        out.append("")
    out.append("Verwaltung:")
    for job in r.sample(["Bezirksamtsleiter", "Amt für Straßen und Verkehr (zu Punkt 9.1)", "Schriftführer",
                         "Stadtplanungsamt", "Grünflächenamt"], r.randint(2, 4)):
        p = people.person()
        out.append(f"{p.formal_full}, {job}")
        g.attend(p, "Verwaltung")
    out += ["", "Gäste:"]
    p = people.person()
    out += [f"{p.formal_full}, Planungsbüro {people.person().family} & Partner (zu Punkt 11)", ""]
    for _ in range(r.randint(0, 2)):
        excused.append((people.person(), r.choice(groups)[1]))
    if excused:
        out.append("Entschuldigt fehlten:")
        for p, gr in excused:
            out.append(f"{p.formal_full} ({gr})")
            g.absent.append(p.family)
        out.append("")
    return voting


def _items(r: random.Random, city: str, body: str, groups: list, voting: int) -> list[tuple]:
    """(number, title, agenda label, paper, kind, result lines, vote facts, anfrage) per public item."""
    party = [gr[1] for gr in groups]
    items = [("1", "Regularien", None, None, "heading", [], None, None),
             ("1.1", "Bestimmung eines Ausschussmitgliedes zur Mitunterzeichnung der Niederschrift", None, None, "formal",
              [], None, None),
             ("1.2", "Feststellung der Tagesordnung", None, None, "formal",
              ["Beschluss:", f"Die {body.split()[0]} stellt die Tagesordnung fest." if body.startswith("Bezirks")
               else "Der Ausschuss stellt die Tagesordnung fest.", "- einstimmig beschlossen -"], ("accepted", True), None),
             ("2", "Anfragen", None, None, "heading", [], None, None)]
    term = r.choice(["2014-2020", "2020-2025"])
    for k in range(1, r.randint(1, 5) + 1):
        name = r.choice(party)
        faction = f"{name}-Fraktion" if r.random() < 0.6 and " " not in name else f"Fraktion {name}"
        paper = f"{r.randint(100, 9999):04d}/{term}"
        items.append((f"2.{k}", f"Anfrage der {faction}: Zustand der {r.choice(['Brücke', 'Rampe', 'Unterführung'])} "
                                f"am {street(r)}", None, paper, "anfrage", [], None,
                      (faction, "1. Wann wurde die Anlage zuletzt geprüft, und mit welchem Ergebnis?")))
    items.append(("3", "Vorlagen und Anträge", None, None, "heading", [], None, None))
    for k in range(1, r.randint(6, 16) + 1):
        kind, title = topic(r, city)
        paper = f"{r.randint(1000, 9999):05d}-{r.randint(10, 24)}"
        label = r.choice(["Empfehlung", "Kenntnisnahme", "Beschluss", None])
        if kind == "antrag":
            title = f"Antrag der Fraktion {r.choice(party)}: {title}"
        roll = r.random()
        v = counted_vote(r, voting)
        if roll < 0.3:
            lines, facts = ["Beschluss:", f"Die Verwaltung wird beauftragt, die Maßnahme {title[:40]} umzusetzen.",
                            "- einstimmig beschlossen -"], ("accepted", True)
        elif roll < 0.45:
            lines, facts = ["Beschluss:", "Der Beschlussvorlage wird in der vorgelegten Fassung entsprochen.",
                            "- mit großer Mehrheit beschlossen -"], ("accepted", False)
        elif roll < 0.6 and v.no:
            word = "beschlossen" if v.outcome == "accepted" else "abgelehnt"
            abst = f" und {v.abstentions} {'Enthaltung' if v.abstentions == 1 else 'Enthaltungen'}" if v.abstentions else ""
            lines = ["Beschluss:", "Der Antrag wird in der vorgelegten Fassung zur Abstimmung gestellt.",
                     f"- bei {v.no} {'Gegenstimme' if v.no == 1 else 'Gegenstimmen'}{abst} {word} -"]
            facts = (v.outcome, False, None, v.no, v.abstentions or None)
        elif roll < 0.72:
            lines, facts = [f"Der Ausschuss nimmt den Bericht zur Kenntnis." if not body.startswith("Bezirks")
                            else "Die Bezirksvertretung nimmt die Mitteilung zur Kenntnis."], ("noted",)
        elif roll < 0.8:
            lines, facts = ["- abgesetzt -"], ("postponed",)
        elif roll < 0.9 and v.yes is not None:
            abst = f" und {v.abstentions} {'Enthaltung' if v.abstentions == 1 else 'Enthaltungen'}" if v.abstentions else ""
            word = "beschlossen" if v.outcome == "accepted" else "abgelehnt"
            lines = ["Beschluss:", "Der Empfehlung der Verwaltung wird gefolgt.",
                     f"- mit {v.yes} Ja-Stimmen, {v.no} Nein-Stimmen{abst} {word} -"]
            facts = (v.outcome, v.unanimous, v.yes, v.no, v.abstentions if v.abstentions else None)
            if v.unanimous:
                lines[-1] = f"- einstimmig mit {v.yes} Ja-Stimmen{abst} beschlossen -"
                facts = ("accepted", True, v.yes, None, v.abstentions if v.abstentions else None)
        else:
            lines, facts = ["- mündlicher Bericht -"], None
        items.append((f"3.{k}", title, label, paper, kind, lines, facts, None))
    return items
