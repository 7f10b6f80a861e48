"""Saxony: Niederschriften as PDF text whose name column and party column come out one after the other.

kreisstadt: a Stadtrat's list of "Herr/Frau Vorname Nachname" lines, then the column header "Fraktion"
and as many party labels in the same order; the chair under "Vorsitz" with the job title on the next
line; "Sitzungsbeginn:" / "Sitzungsende:" after the list; page numbers glued to the next line
("-2Tagesordnung"); agenda lines with "Vorlage: BV/2023/0917". ratsversammlung: a document mirror's
header first, labels on lines of their own with the value on the next ("Sitzungsbeginn:" / "15:00 Uhr"),
the chair's label "(Verwaltung)" after "reguläre Mitglieder", party labels in parentheses, the list
continued on the next page ("-3Herr ..."), and a Beschlussprotokoll. Items "TOP 5.1" with
"Abstimmungsergebnis:" and counts on their own lines.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, paragraphs, topic, town, wrap

VARIANTS = ("kreisstadt", "ratsversammlung")
PARTIES = ["CDU", "AfD", "DIE LINKE", "SPD", "BÜNDNIS 90/DIE GRÜNEN", "FDP", "Freie Wähler", "fraktionslos"]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "east", title_share=0.05)
    city = town(r)
    start = (r.choice([14, 15, 16]), r.choice([0, 0, 30]))
    end = (start[0] + r.randint(2, 5), r.randint(0, 59))
    number = r.randint(1, 60)
    doc_date = date + dt.timedelta(days=r.randint(3, 20))
    kreisstadt = variant == "kreisstadt"
    body = "Stadtrat" if kreisstadt else "Ratsversammlung"
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}", "session_number": str(number) if kreisstadt else None})
    chair = people.person()
    out: list[str] = []
    if kreisstadt:
        out += [f"Große Kreisstadt {city}", "Stadtrat", f"{r.randint(5, 8)}. Wahlperiode", f"{city}, {doc_date:%d.%m.%Y}",
                "Niederschrift", f"der {number}. Sitzung des Stadtrates", "(öffentlicher Teil)", f"am {date:%d.%m.%Y}",
                "Anwesend:", "Vorsitz", chair.formal_full, "Oberbürgermeister" if chair.sex == "m" else "Oberbürgermeisterin",
                "Stadträtinnen und Stadträte"]
    else:
        out += ["Daten", "Kommune", city, "Dateiname", f"{r.randint(1000000, 9999999)}.pdf", "Größe",
                f"{r.randint(100, 900)} kB", "Erstellt", f"{doc_date:%d.%m.%y}, 09:41", "Aktualisiert",
                f"{(doc_date + dt.timedelta(days=400)):%d.%m.%y}, 16:05", "Stichworte", "Inhalt der Datei",
                f"Stadt {city}", "Ratsversammlung", "VII. Wahlperiode", f"{city}, {doc_date:%d.%m.%Y}", "NIEDERSCHRIFT",
                "Ratsversammlung", f"am {date:%d.%m.%Y}", "Teil 1:", "Beschlussprotokoll",
                f"SI/{date.year}/{r.randint(100, 999)}", f"-2Stadt {city}", "Ratsversammlung", "VII. Wahlperiode",
                "Niederschrift", "Ratsversammlung", "Sitzungsbeginn:", f"{start[0]:02d}:{start[1]:02d} Uhr",
                "Sitzungsende:", f"{end[0]:02d}:{end[1]:02d} Uhr", "Ort, Raum:",
                f"Ratssaal, Neues Rathaus, Markt {r.randint(1, 9)}, 0{r.randint(1000, 9999)}", city,
                "Anwesende Mitglieder", "Vorsitz", chair.formal_full, "reguläre Mitglieder", "(Verwaltung)"]
    g.attend(chair, "Verwaltung")
    parties = r.sample(PARTIES[:6], r.randint(4, 6)) + ["fraktionslos"]
    n = r.randint(16, 30) if kreisstadt else r.randint(30, 60)
    members = sorted((people.person() for _ in range(n)), key=lambda p: p.family)
    groups = [r.choice(parties) if r.random() > 0.04 else "fraktionslos" for _ in members]
    page = r.randint(18, 30) if not kreisstadt else n   # the list runs over a page break: two runs of names and labels
    for k, (run_members, run_groups) in enumerate(((members[:page], groups[:page]), (members[page:], groups[page:]))):
        if not run_members:
            continue
        names = [p.formal_full for p in run_members]
        if k:
            names[0] = f"-3{names[0]}"
        out += names
        if kreisstadt:
            out.append("Fraktion")
            out += run_groups
        else:
            out += [f"({x})" for x in run_groups]
        for p, gr in zip(run_members, run_groups):
            g.attend(p, gr)
    if kreisstadt:
        out += [f"Sitzungsbeginn: {start[0]:02d}:{start[1]:02d} Uhr", f"Sitzungsende: {end[0]:02d}:{end[1]:02d} Uhr",
                f"Ort: Ratssaal, Rathaus {city}, Markt 1"]
    out.append("Verwaltung")
    for job in r.sample(["Bürgermeister für Finanzen und Ordnung", "Bürgermeister für Bau und Umwelt",
                         "Amtsleiter Stadtplanung", "Beigeordneter für Soziales"], r.randint(1, 3)):
        p = people.person()
        out += [p.formal_full, job if p.sex == "m" else job.replace("meister ", "meisterin ").replace("leiter", "leiterin")
                .replace("Beigeordneter", "Beigeordnete")]
        g.attend(p, "Verwaltung")
    recorder = people.person()
    out += ["Protokoll", recorder.formal_full, "Sachbearbeiterin Ratsbüro" if recorder.sex == "f" else "Sachbearbeiter Ratsbüro"]
    g.attend(recorder, "Verwaltung")

    items = [("1", "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit", None),
             ("2", "Bestätigung der Tagesordnung", None), ("3", "Einwohnerfragestunde", None),
             ("4", f"Bestätigung der Niederschrift der {number - 1}. Sitzung vom "
                   f"{(date - dt.timedelta(days=r.randint(25, 40))):%d.%m.%Y}", "formal"), ("5", "Beschlussvorlagen", None)]
    for k in range(1, r.randint(6, 15)):
        items.append((f"5.{k}", topic(r, city)[1], f"BV/{date.year}/{r.randint(100, 999):04d}"))
    out.append("-2Tagesordnung")
    for num, title, ref in items:
        out.append(f"{num} {title}")
        if ref and ref != "formal":
            out.append(f"Vorlage: {ref}")
    voting = n + 1
    for num, title, ref in items:
        out += [f"TOP {num}", *wrap(title, 90)]
        if ref and ref != "formal":
            out.append(f"Vorlage: {ref}")
        if ref is None:
            continue
        if ref != "formal":
            for text in paragraphs(r, 2, 8, members[:5]):
                out += wrap(text, 90)
        out += ["Beschluss:", *wrap(f"Der {body} beschließt die Vorlage in der Fassung der Verwaltung."
                                     if ref != "formal" else "Die Niederschrift wird bestätigt.", 90)]
        roll = r.random()
        if roll < 0.3 or ref == "formal":
            out += ["Abstimmungsergebnis: einstimmig"]
            g.vote(num, "accepted", True)
        else:
            no = r.randint(0, voting // 3)
            abst = r.randint(0, 4)
            yes = voting - no - abst - r.randint(0, 3)
            if roll > 0.9:
                yes, no = no, yes
            out += ["Abstimmungsergebnis:", f"Ja-Stimmen: {yes}", f"Nein-Stimmen: {no}", f"Stimmenthaltungen: {abst}"]
            g.vote(num, "accepted" if yes > no else "rejected", no == 0, yes, no, abst)
        out.append(f"Beschluss-Nr.: {'RB' if kreisstadt else 'VII'}-{number}/{date.year}/{num}")
    if r.random() < 0.3:
        marker = "Nichtöffentlicher Teil"
        g.nonpublic_marker = marker
        out += [f"-{r.randint(4, 9)}{marker}", "TOP 8", "Grundstücksverkehr", "Beschluss:",
                f"Der {body} stimmt dem Verkauf des Grundstücks Flurstück {r.randint(10, 999)}/{r.randint(1, 9)} "
                f"an die {people.person().family} Bau GmbH zu.", "Abstimmungsergebnis: einstimmig"]
        g.nonpublic_marker = out[-6]
    out += ["", f"{chair.given} {chair.family}", "Oberbürgermeister" if chair.sex == "m" else "Oberbürgermeisterin",
            f"{recorder.given} {recorder.family}", "Protokoll"]
    return Doc("saxony", variant, "\n".join(out) + "\n", g, slug=body.lower())
