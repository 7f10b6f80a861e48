"""Lower Saxony: a city portal's Stadtbezirksrat protocol and a Samtgemeinde's TYPO3 session view.

stadtbezirksrat: portal lines first ("Protokoll:", "verwandte Dokumente", "Datum ..." that is not the
session date), "Anwesend:" then "(verhindert waren)": names in parentheses are absent; titles before
family names ("Bezirksratsfrau Brückner (SPD)"), "Bündnis 90/ Die Grünen" with a space; letter-spaced
headings "I. Ö F F E N T L I C H E R T E I L", "4. A N F R A G E N"; Anfragen grouped by faction
("4.1. der CDU-Fraktion" / "4.1.1. Title" / "(Drucks. Nr. 15-0512/2019)"); results as "Einstimmig
beschlossen", "Mit 8 Stimmen dafür, 7 Stimmen dagegen und 1 Enthaltung beschlossen"; the non-public
part after a letter-spaced "II. N I C H T Ö F F E N T L I C H E R T E I L". typo3: per TOP
"Protokoll:" / "Beschluss:" / "ABSTIMMUNGSERGEBNIS:    Einstimmig bei 2 Enthaltungen"; only the chair
and the Samtgemeindebürgermeister are named, an absence only in prose ("Ratsmitglied Kröger fehlt.").
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, letter_spaced, paragraph, paragraphs, street, topic, town

VARIANTS = ("stadtbezirksrat", "typo3")
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
PARTIES = ["SPD", "CDU", "Bündnis 90/ Die Grünen", "FDP", "AfD", "Gruppe Volt und PIRATEN", "DIE LINKE."]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    return (_stadtbezirksrat if variant == "stadtbezirksrat" else _typo3)(r, date)


def _stadtbezirksrat(r: random.Random, date: dt.date) -> Doc:
    people = People(r, "north", title_share=0.0)
    district = f"{town(r)}-{town(r)}"
    city = f"Stadt {town(r)}"
    number = r.randint(1, 40)
    start, end = (18, r.choice([0, 30])), (r.randint(19, 22), r.randint(0, 59))
    g = Gold(session={"body": f"Stadtbezirksrat {district}", "session_date": date.isoformat(),
                      "start_time": f"{start[0]:02d}:{start[1]:02d}", "end_time": f"{end[0]:02d}:{end[1]:02d}",
                      "session_number": str(number)})
    out = [f"Sitzung Stadtbezirksrat {district} am {date:%d.%m.%Y}", "", "Protokoll:", "", "verwandte Dokumente", "",
           f"Einladung (erschienen am {(date - dt.timedelta(days=12)):%d.%m.%Y})",
           f"Protokoll (erschienen am {(date + dt.timedelta(days=40)):%d.%m.%Y})",
           "Bitte beachten Sie, dass der nachfolgende Text medienbedingte Formatabweichungen enthalten kann. Eine "
           "formatgetreue Darstellung enthält die Anlage \"Druckversion.pdf\".", "_" * 70, "",
           f"{city} -18.62.07.BRB - Datum {(date + dt.timedelta(days=27)):%d.%m.%Y}", "", "PROTOKOLL", "",
           f"{number}. Sitzung des Stadtbezirksrates {district}",
           f"am {WEEKDAYS[date.weekday()]}, {date.day}. {MONTHS[date.month - 1]} {date.year},",
           f"Stadtteilzentrum {district.split('-')[1]}, {street(r)} {r.randint(1, 30)}", "",
           f"Beginn {start[0]:02d}.{start[1]:02d} Uhr", f"Ende {end[0]:02d}.{end[1]:02d} Uhr", "", "_" * 70, "",
           "Anwesend:", "", "(verhindert waren)", ""]
    parties = r.sample(PARTIES[:5], r.randint(3, 5)) + ([PARTIES[5]] if r.random() < 0.4 else [])
    members = sorted((people.person() for _ in range(r.randint(12, 20))), key=lambda p: p.family)
    titles = {"m": "Bezirksratsherr", "f": "Bezirksratsfrau"}
    for k, p in enumerate(members):
        party = parties[0] if k < 2 else r.choice(parties)
        title = (("Bezirksbürgermeister" if p.sex == "m" else "Bezirksbürgermeisterin") if k == 0 else
                 ("Stv. Bezirksbürgermeister" if p.sex == "m" else "Stv. Bezirksbürgermeisterin") if k == 1 else titles[p.sex])
        if k > 1 and r.random() < 0.1:
            out.append(f"({title} {p.family}) ({party})")
            g.absent.append(p.family)
        else:
            out.append(f"{title} {p.family} ({party})")
            g.attend(p, party)
    out += ["", "Beratende Mitglieder:"]
    for _ in range(r.randint(1, 2)):
        p = people.person()
        if r.random() < 0.4:
            out.append(f"({'Ratsherr' if p.sex == 'm' else 'Ratsfrau'} {p.family})")
            g.absent.append(p.family)
        else:
            out.append(f"{'Ratsherr' if p.sex == 'm' else 'Ratsfrau'} {p.family}")
            g.attend(p, None)
    out += ["", "Verwaltung:"]
    for _ in range(r.randint(2, 5)):
        p = people.person()
        out.append(p.formal)
        g.attend(p, "Verwaltung")
    out += ["", "", "", "", "Tagesordnung:", "", "", "", "I. " + "  ".join(letter_spaced(w) for w in ("ÖFFENTLICHER", "TEIL")), ""]
    prev = date - dt.timedelta(days=r.randint(30, 60))
    agenda = [("1.", "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einberufung und der Beschlussfähigkeit, "
                     "Feststellung der Tagesordnung", None),
              ("2.", f"Genehmigung des Protokolls über die Sitzung am {prev:%d.%m.%Y} (öffentlicher Teil)", None),
              ("3.", "EINWOHNER- und EINWOHNERINNENFRAGESTUNDE", None), ("4.", letter_spaced("ANFRAGEN"), None)]
    anfragen = []
    factions = [x for x in parties if not x.startswith("Gruppe")]   # a Gruppe's Anfrage names no one Fraktion
    for k, party in enumerate(r.sample(factions, min(len(factions), r.randint(1, 3))), 1):
        faction = f"{party}-Fraktion" if " " not in party else f"Fraktion {party}"
        agenda.append((f"4.{k}.", f"der {faction}", None))
        for j in range(1, r.randint(1, 2) + 1):
            paper = f"15-{r.randint(100, 2999):04d}/{date.year}"
            agenda.append((f"4.{k}.{j}.", f"{r.choice(['Beleuchtung des Fußwegs', 'Schulwegsicherung', 'Parksituation'])} "
                                          f"in der {street(r)}", paper))
            anfragen.append((f"4.{k}.{j}", faction, paper))
    agenda.append(("5.", letter_spaced("ANTRÄGE"), None))
    decided = []
    for k in range(1, r.randint(5, 13)):
        paper = f"15-{r.randint(100, 2999):04d}/{date.year}"
        agenda.append((f"5.{k}.", f"Antrag der {r.choice(parties)}: {topic(r, district)[1]}", paper))
        decided.append(f"5.{k}")
    for num, title, paper in agenda:
        out += [f"{num} {title}"] + ([f"(Drucks. Nr. {paper})"] if paper else []) + [""]
    out += ["", ""]
    voting = len([p for p in g.present if p[1] is not None])
    for num, title, paper in agenda:
        out += [f"TOP {num}", title] + ([f"(Drucks. Nr. {paper})"] if paper else []) + [""]
        if title.startswith("der ") or num in ("4.", "5."):
            continue
        if num == "2.":
            out += ["Einstimmig beschlossen", ""]
            g.vote("2", "accepted", True)
        elif num.rstrip(".") in decided:
            out += [x for text in paragraphs(r, 2, 7, members[:5]) for x in (text, "")] + ["Antrag:", "Die Verwaltung wird gebeten, die Maßnahme zu prüfen.", ""]
            roll = r.random()
            if roll < 0.4:
                out.append("Einstimmig beschlossen")
                g.vote(num.rstrip("."), "accepted", True)
            elif roll < 0.6:
                a = r.randint(1, 3)
                out.append(f"Bei {a} {'Enthaltung' if a == 1 else 'Enthaltungen'} einstimmig beschlossen")
                g.vote(num.rstrip("."), "accepted", True, abstentions=a)
            else:
                no, a = r.randint(1, voting // 2), r.randint(0, 2)
                yes = voting - no - a
                word = "beschlossen" if yes > no else "abgelehnt"
                out.append(f"Mit {yes} Stimmen dafür, {no} Stimmen dagegen und {a} "
                           f"{'Enthaltung' if a == 1 else 'Enthaltungen'} {word}")
                g.vote(num.rstrip("."), "accepted" if yes > no else "rejected", False, yes, no, a)
            out.append("")
        elif paper:
            out += ["Antwort der Verwaltung:"] + [x for text in paragraphs(r, 2, 5) for x in (text, "")]
        else:
            out += [paragraph(r, members[:3]), ""]
    for item, faction, paper in anfragen:
        g.anfragen.append({"item": item, "faction": faction, "paper_reference": paper})
    if r.random() < 0.4:
        marker = "II. " + "  ".join(letter_spaced(w) for w in ("NICHTÖFFENTLICHER", "TEIL"))
        g.nonpublic_marker = " ".join(marker.split())
        out += [marker, "", "TOP 6.", "Grundstücksangelegenheit", "",
                f"Der Stadtbezirksrat empfiehlt den Verkauf an die {people.person().family} Wohnbau GmbH.",
                "Einstimmig beschlossen", ""]
    return Doc("lower-saxony", "stadtbezirksrat", "\n".join(out) + "\n", g, slug="stadtbezirksrat")


def _typo3(r: random.Random, date: dt.date) -> Doc:
    people = People(r, "north", title_share=0.0)
    sg = town(r)
    start = f"{r.choice([18, 19, 19])}:{r.choice(['00', '30'])}"
    chair, mayor, missing = people.person(), people.person(), people.person()
    g = Gold(session={"body": f"Rat der Samtgemeinde {sg}", "session_date": date.isoformat(), "start_time": start})
    g.attend(chair, None)
    g.attend(mayor, None)
    g.absent.append(missing.family)
    title = "Ratsvorsitzender" if chair.sex == "m" else "Ratsvorsitzende"
    out = [f"Sitzungstermine in der Samtgemeinde {sg}", "", f"SG {sg} - Rat der Samtgemeinde {sg} (SGR)", "",
           f"{WEEKDAYS[date.weekday()]}, {date.day}. {MONTHS[date.month - 1]} {date.year} , {start} Uhr", "", ""]
    prev = date - dt.timedelta(days=r.randint(40, 90))
    tops = [("Eröffnung der Sitzung", f"{title} {chair.family} eröffnet die Sitzung und heißt die Anwesenden willkommen.", None),
            ("Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit",
             f"{'Er' if chair.sex == 'm' else 'Sie'} stellt fest, dass form- und fristgerecht geladen wurde und der Rat "
             f"beschlussfähig ist. Ratsmitglied {missing.family} fehlt.", None),
            ("Feststellung der Tagesordnung und der dazu vorliegenden Anträge",
             f"Die Tagesordnung wird mit {r.randint(10, 20)} Punkten festgestellt.", None),
            (f"Genehmigung des Protokolls der {r.randint(5, 40)}. öffentlichen Sitzung vom {prev:%d.%m.%Y}", None,
             f"Das Protokoll vom {prev:%d.%m.%Y} wird genehmigt."),
            ("Bericht über wichtige Beschlüsse des Samtgemeindeausschusses",
             f"SGB {mayor.family} verweist auf die allen Ratsmitgliedern übersandten Protokolle des SGA. {paragraph(r)}", None),
            ("Einwohnerfragestunde", "Wortmeldungen liegen nicht vor.", None)]
    for _ in range(r.randint(5, 12)):
        tops.append((topic(r, sg)[1], "\n\n".join(paragraphs(r, 2, 6)), "Der Samtgemeinderat beauftragt die Verwaltung, die Maßnahme "
                                                   "zur Beschlussfassung vorzubereiten."))
    for n, (heading, protocol, beschluss) in enumerate(tops, 1):
        out += [f"TOP {n} {heading}", ""]
        if protocol:
            out += ["Protokoll:", "", protocol, "", " "]
        if beschluss:
            out += ["Beschluss:", "", beschluss, ""]
            roll = r.random()
            if roll < 0.45:
                out.append("ABSTIMMUNGSERGEBNIS:    Einstimmig")
                g.vote(str(n), "accepted", True)
            elif roll < 0.75:
                a = r.randint(1, 4)
                out.append(f"ABSTIMMUNGSERGEBNIS:    Einstimmig bei {a} {'Enthaltung' if a == 1 else 'Enthaltungen'}")
                g.vote(str(n), "accepted", True, abstentions=a)
            else:
                no = r.randint(1, 6)
                out.append(f"ABSTIMMUNGSERGEBNIS:    Mehrheitlich bei {no} {'Gegenstimme' if no == 1 else 'Gegenstimmen'}")
                g.vote(str(n), "accepted", False, no=no)
            out += ["", ""]
    return Doc("lower-saxony", "typo3", "\n".join(out), g, slug="samtgemeinderat")
