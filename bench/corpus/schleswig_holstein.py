"""Schleswig-Holstein: Niederschriften of a Gemeindevertretung, as the Amt's web page and as PDF text.

amt-web: letter-spaced "N i e d e r s c h r i f t" and "T a g e s o r d n u n g", two spaces after
labels, dot times ("20.00 Uhr"), members as "Gemeindevertreter Vorname Nachname" without parties,
"(entschuldigt )" / "(unentschuldigt )", "Verwaltung/Protokollführer"; the agenda lists public and
non-public items, "  Beschlussvorlage - 21/2018" lines; items "Zu TOP 6:" with the state's vote block
("Gesetzliche Anzahl der Gemeindevertreter: 11; davon anwesend: 9; Ja-Stimmen: 9; ..."). pdf: a
document mirror's header lines, "am Mittwoch, dem 12.11.2008, 19.30 Uhr", "- Nr. 5/2008, ka -" (no
session number), "Es fehlen:" with "(e)", "Außerdem:" with a guest and the Protokollführerin, lines
wrapped by the page, a page number on its own line, "Zu TOP 1." headings.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, letter_spaced, paragraph, paragraphs, topic, town, wrap

VARIANTS = ("amt-web", "pdf")
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember"]


def _title(sex: str, k: int) -> str:
    if k == 0:
        return "Bürgermeister" if sex == "m" else "Bürgermeisterin"
    if k in (1, 2) and True:
        return f"{k}. stellv. {'Bürgermeister' if sex == 'm' else 'Bürgermeisterin'}"
    return "Gemeindevertreter" if sex == "m" else "Gemeindevertreterin"


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "north", title_share=0.03)
    place = town(r)
    amt = f"Amt {town(r)}"
    body = f"Gemeindevertretung der Gemeinde {place}"
    legal = r.randint(9, 17)                     # gesetzliche Anzahl der Gemeindevertreter
    start = (r.choice([19, 19, 20]), r.choice([0, 30]))
    end = (start[0] + r.randint(1, 3), r.choice([0, 5, 15, 25, 40, 45, 50]))
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}"})
    members = [people.person() for _ in range(legal)]
    order = list(range(legal))
    r.shuffle(order)
    absent = sorted(order[: r.randint(0, 3)])
    present = [k for k in range(legal) if k not in absent]
    pdf = variant == "pdf"
    out: list[str] = []
    if pdf:
        head = f"vom {date.day}. {MONTHS[date.month - 1]} {date.year} - {amt}"
        out += [head, "", "Transcription", "", head, "Niederschrift",
                f"über die öffentliche Sitzung der Gemeindevertretung der Gemeinde {place}",
                f"am {WEEKDAYS[date.weekday()]}, dem {date:%d.%m.%Y}, {start[0]:02d}.{start[1]:02d} Uhr, in {place}",
                f"(Dörpshus, Lindenweg {r.randint(1, 20)}) - Nr. {r.randint(1, 9)}/{date.year}, {r.choice(['ka', 'hb', 'js'])} -",
                "Anwesend:"]
    else:
        out += [letter_spaced("Niederschrift"), "",
                f"über die öffentliche Sitzung der Gemeindevertretung der Gemeinde {place} vom {date:%d.%m.%Y}.", "",
                f"Sitzungsort:  im Dörpshus, Am Mühlenteich {r.randint(1, 20)}, 2{r.randint(4000, 5999)} {place}",
                f"Beginn der Sitzung:  {start[0]:02d}.{start[1]:02d} Uhr", f"Ende der Sitzung:  {end[0]:02d}.{end[1]:02d} Uhr",
                "", "Anwesend sind:"]
    for k in present:
        p = members[k]
        out.append(f"{_title(p.sex, k)} {p.full}")
        g.attend(p, None)
    if absent:
        out += ([] if pdf else [""]) + ["Es fehlen:" if pdf else "Abwesend sind:"]
        for k in absent:
            p = members[k]
            mark = "(e)" if pdf else r.choice(["(entschuldigt )", "(entschuldigt )", "(unentschuldigt )"])
            out.append(f"{_title(p.sex, k)} {p.given} {p.family} {mark}")
            g.absent.append(p.family)
    recorder = people.person()
    if pdf:
        guest = people.person(title=False)
        out += ["Außerdem:", f"Dipl.-Ing. {guest.family} vom Planungsbüro Nordwest zu Tagesordnungspunkten 6 bis 9",
                f"{recorder.form} {recorder.family} vom {amt}, zugleich als Protokollführer{'in' if recorder.sex == 'f' else ''}"]
    else:
        out += ["", "Weiterhin sind anwesend:", f"Verwaltung/Protokollführer{'in' if recorder.sex == 'f' else ''} "
                f"{recorder.given} {recorder.family}", ""]
    g.attend(recorder, "Verwaltung")
    mayor = members[0]

    items = [("Eröffnung und Begrüßung, Feststellung der ordnungsgemäßen Einberufung, der Anwesenden und der "
              "Beschlussfähigkeit", None), ("Anträge auf Änderung der Tagesordnung", None),
             ("Fragestunde für Einwohnerinnen und Einwohner", None),
             (f"Bericht {'des Bürgermeisters' if mayor.sex == 'm' else 'der Bürgermeisterin'} über wichtige Angelegenheiten", None),
             (f"Einwendungen gegen die Niederschrift über die Sitzung vom {(date - dt.timedelta(days=r.randint(30, 90))):%d.%m.%Y}", None)]
    for _ in range(r.randint(6, 14)):
        items.append((topic(r, place)[1], f"{r.randint(10, 40)}/{date.year}"))
    nonpublic = ["Grundstücksangelegenheiten", "Personalangelegenheiten"][: r.randint(0, 2)]
    if not pdf:
        out += [letter_spaced("Tagesordnung"), "", "", "Öffentlich zu behandelnde Tagesordnungspunkte"]
        for n, (title, paper) in enumerate(items, 1):
            out.append(f"{n}. {title}")
            if paper:
                out.append(f"  Beschlussvorlage - {paper}")
        if nonpublic:
            out.append("Nichtöffentlich zu behandelnde Tagesordnungspunkte")
            out += [f"{len(items) + k}. {t}" for k, t in enumerate(nonpublic, 1)]
        out.append("")
    else:
        out += wrap(f"{_title(mayor.sex, 0)} {mayor.family} begrüßt die Erschienenen und eröffnet um {start[0]:02d}."
                    f"{start[1]:02d} Uhr die öffentliche Sitzung der Gemeindevertretung der Gemeinde {place}.", 90)
        out += [f"{'Er' if mayor.sex == 'm' else 'Sie'} stellt fest, dass", "a)",
                *wrap(f"zu der Sitzung mit Schreiben vom {(date - dt.timedelta(days=14)):%d.%m.%Y} form- und fristgerecht "
                      "eingeladen worden ist,", 90), "b)",
                *wrap("die Beschlussfähigkeit gegeben ist, da mehr als die Hälfte der gesetzlichen Mitgliederzahl "
                      "anwesend ist.", 90), str(r.randint(2, 3))]
    width = 90 if pdf else 100000
    voting = len(present)
    for n, (title, paper) in enumerate(items, 1):
        if pdf:
            out += [f"Zu TOP {n}.", *wrap(title, 45)]
        else:
            out += [f"Zu TOP {n}: {title}", ""]
        if paper is None:
            if n == 1 or r.random() < 0.5:
                out += wrap(paragraph(r, members[:4]), width) + ([] if pdf else [""])
            continue
        for text in paragraphs(r, 2, 7, members[:4]):
            out += wrap(text, width) + ([] if pdf else [""])
        out += ["Beschluss:", *wrap(f"Die Gemeindevertretung beschließt die Vorlage {paper} in der vorliegenden Fassung.", width)]
        yes = voting - r.randint(0, 2)
        no = r.randint(0, max(0, (voting - yes)))
        abst = voting - yes - no
        if r.random() < 0.3:
            out += ["Abstimmungsergebnis: einstimmig"]
            g.vote(str(n), "accepted", True)
        elif r.random() < 0.5:
            out += ["Abstimmungsergebnis:", f"Gesetzliche Anzahl der Gemeindevertreter: {legal}", f"davon anwesend: {voting}",
                    f"Ja-Stimmen: {yes}", f"Nein-Stimmen: {no}", f"Stimmenthaltungen: {abst}"]
            g.vote(str(n), "accepted", no == 0, yes, no, abst)
        else:
            out += [f"Abstimmungsergebnis: Gesetzliche Anzahl der Gemeindevertreter: {legal}; davon anwesend: {voting}; "
                    f"Ja-Stimmen: {yes}; Nein-Stimmen: {no}; Stimmenthaltungen: {abst}"]
            g.vote(str(n), "accepted", no == 0, yes, no, abst)
        out += [] if pdf else [""]
    if nonpublic and r.random() < 0.7:
        marker = letter_spaced("Nichtöffentlicher") + "   " + letter_spaced("Teil") if not pdf else "Nichtöffentlicher Teil"
        g.nonpublic_marker = " ".join(marker.split())
        if pdf:   # the closing sentence with the end time now stands in the non-public part
            del g.session["end_time"]
        buyer = people.person()
        out += [marker, "", f"Zu TOP {len(items) + 1}: {nonpublic[0]}", "Beschluss:",
                f"Die Gemeindevertretung stimmt dem Verkauf der Parzelle {r.randint(10, 99)}/{r.randint(1, 9)} an "
                f"{'Herrn' if buyer.sex == 'm' else 'Frau'} {buyer.full} zum Preis von {r.randint(20, 90)},00 EUR/m² zu.",
                "Abstimmungsergebnis: einstimmig", ""]
    out += wrap(f"{_title(mayor.sex, 0)} {mayor.family} schließt die Sitzung um {end[0]:02d}.{end[1]:02d} Uhr.", width)
    out += ["", f"{mayor.given} {mayor.family}            {recorder.given} {recorder.family}",
            f"{_title(mayor.sex, 0)}            Protokollführer{'in' if recorder.sex == 'f' else ''}", ""]
    return Doc("schleswig-holstein", variant, "\n".join(out), g, slug="gemeindevertretung")
