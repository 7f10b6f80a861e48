"""Baden-Württemberg: a municipal website's Gemeinderat minutes that count members instead of naming them.

"Anmeldung" navigation, the public agenda, "Von den 22 Gemeinderäten sind 21 anwesend (Gemeinderäte
Sabine Kuhn, Dr. Jürgen Maier ab TOP 3, ...)", staff by job title only, absences "Gemeinderat Anton
Bühler, entschuldigt" (two people on one line), "Beginn:    18.30 Uhr    Presse:    1" sharing lines,
spacer lines of a no-break space; items "Zu TOP 1 - Title" with decisions in sentences.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, paragraphs, topic, town

VARIANTS = ("gemeinderat",)
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
JOBS = [("Kämmerer", "Kämmerin"), ("Bauamtsleiter", "Bauamtsleiterin"), ("Hauptamtsleiter", "Hauptamtsleiterin"),
        ("Ordnungsamtsleiter", "Ordnungsamtsleiterin"), ("Leiter Bauhof", "Leiterin Bauhof")]
NBSP = "\u00a0"


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "south", title_share=0.08)
    place = town(r)
    start = (r.choice([18, 19]), r.choice([0, 30]))
    end = (start[0] + r.randint(1, 3), r.choice([0, 15, 30, 45]))
    g = Gold(session={"body": "Gemeinderat", "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}"})
    items = [("Fragemöglichkeit für Einwohner", None),
             (f"Genehmigung der Niederschrift über die öffentliche Sitzung am {(date - dt.timedelta(days=28)):%d.%m.%Y}", "formal"),
             (f"Bekanntgabe von Beschlüssen aus der nichtöffentlichen Sitzung am {(date - dt.timedelta(days=28)):%d.%m.%Y}", None)]
    for _ in range(r.randint(6, 13)):
        items.append((topic(r, place)[1], "vote"))
    items += [("Bekanntgaben der Verwaltung", None), ("Fragemöglichkeit für Gemeinderäte", None)]
    out = ["Anmeldung", "", "Gemeinderatssitzung", "",
           f"{WEEKDAYS[date.weekday()]}, {date.day}. {MONTHS[date.month - 1]} {date.year}, {start[0]:02d}:{start[1]:02d} Uhr",
           f"Rathaus {place}", "", "Tagesordnung der öffentlichen Sitzung", ""]
    out += [x for n, (title, _) in enumerate(items, 1) for x in (f"{n}. {title}", "")]
    legal = r.randint(12, 26)
    mayor = people.person()
    late = [people.person() for _ in range(r.randint(1, 3))]
    absent = [people.person() for _ in range(r.randint(0, 2))]
    present = legal - len(absent)
    late_text = ", ".join(f"{p.title + ' ' if p.title else ''}{p.given} {p.family}" for p in late[:-1])
    last = late[-1]
    parts = (f"Gemeinderäte {late_text} ab TOP 3, " if late_text else "") + \
        f"{'Gemeinderat' if last.sex == 'm' else 'Gemeinderätin'} {last.given} {last.family} ab TOP {r.randint(4, 7)}"
    out += [f"Öffentliche Gemeinderatssitzung am {date.day}. {MONTHS[date.month - 1]} {date.year}", "", "Anwesend:",
            f"{'Bürgermeister' if mayor.sex == 'm' else 'Bürgermeisterin'} {mayor.given} {mayor.family} als "
            f"{'Vorsitzender' if mayor.sex == 'm' else 'Vorsitzende'}",
            f"Von den {legal} Gemeinderäten sind {present} anwesend ({parts})"]
    g.attend(mayor, None)
    for p in late:
        g.attend(p, None)
    for k, (m, f) in enumerate(r.sample(JOBS, r.randint(2, 5))):
        p = people.person()
        out.append(f"{f if p.sex == 'f' else m} {p.given} {p.family}")
        g.attend(p, "Verwaltung")
    recorder = people.person(sex="f")
    out.append(f"Verwaltungsfachangestellte {recorder.given} {recorder.family} als Schriftführerin")
    g.attend(recorder, "Verwaltung")
    if absent:
        out += [NBSP, "Abwesend:"]
        for p in absent:
            out.append(f"{'Gemeinderat' if p.sex == 'm' else 'Gemeinderätin'} {p.given} {p.family}, entschuldigt")
            g.absent.append(p.family)
    out += [NBSP, f"Beginn:    {start[0]:02d}.{start[1]:02d} Uhr    Presse:    {r.randint(0, 3)}",
            f"Ende:    {end[0]:02d}.{end[1]:02d} Uhr    Zuhörer:    {r.randint(0, 30)}", "",
            f"{'Der Vorsitzende' if mayor.sex == 'm' else 'Die Vorsitzende'} begrüßt die Anwesenden und eröffnet die Sitzung. "
            f"{'Er' if mayor.sex == 'm' else 'Sie'} stellt die form- und fristgerechte Ladung sowie die Beschlussfähigkeit "
            "des Gremiums fest. Einwendungen gegen die Tagesordnung werden nicht erhoben.", ""]
    voting = present + 1
    for n, (title, kind) in enumerate(items, 1):
        out += [f"Zu TOP {n} - {title}", ""]
        if kind != "formal":
            out += [x for text in paragraphs(r, 2, 6, late) for x in (text, "")]
        if kind is None:
            continue
        if kind == "formal" or r.random() < 0.55:
            out += ["Der Gemeinderat fasst einstimmig folgenden Beschluss:", "",
                    "Die Niederschrift wird genehmigt." if kind == "formal" else "Der Vorlage wird zugestimmt.", ""]
            g.vote(str(n), "accepted", True)
        else:
            no, abst = r.randint(1, voting // 3), r.randint(0, 2)
            yes = voting - no - abst
            out += [f"Der Gemeinderat fasst mit {yes} Ja-Stimmen, {no} Nein-Stimmen und {abst} Enthaltungen folgenden "
                    "Beschluss:", "", "Der Vorlage wird zugestimmt.", ""]
            g.vote(str(n), "accepted", False, yes, no, abst)
    return Doc("baden-wuerttemberg", variant, "\n".join(out), g, slug="gemeinderat")
