"""Minutes reports in municipal gazettes (Mitteilungsblätter).

rp-ortsgemeinderat / rp-ausschuss (Rhineland-Palatinate): no title; body, date and time only in the
convening sentence ("... war mit Einladung vom ... auf den 26.02.2024, 19:00 Uhr, ... geladen worden":
the scheduled time is no start), "Ende der Sitzung:", "CDU Rebenheim" block headings over
"Ratsmitglied Vorname Name", Ortsbeigeordnete without party who share family names with members,
substitutions written both ways ("in Vertretung von" / "wurde vertreten durch"), the agenda as
"| 1. | Title |" rows, an agenda extension decided "einstimmig" before the first item. by-markt
(Bavaria): no title and no session date (the dates are of the previous session), an opening sentence
with the start time, items as "N Title" lines, votes as table rows "| Einstimmig beschlossen | Ja 15
Nein 0 Anwesend 15 |".
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, paragraph, paragraphs, topic, town

VARIANTS = ("rp-ortsgemeinderat", "rp-ausschuss", "by-markt")
LISTS = ["CDU", "SPD", "FWG", "Grüne", "FDP"]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    return _markt(r, date) if variant == "by-markt" else _rp(r, date, variant == "rp-ausschuss")


def _rp(r: random.Random, date: dt.date, committee: bool) -> Doc:
    people = People(r, "west", title_share=0.0)
    place = town(r)
    vg = town(r)
    end = f"{r.randint(20, 22)}:{r.randint(0, 59):02d}"
    body = f"Haupt- und Finanzausschuss der Ortsgemeinde {place}" if committee else f"Ortsgemeinderat {place}"
    g = Gold(session={"body": body, "session_date": date.isoformat(), "end_time": end})
    invited = date - dt.timedelta(days=r.randint(6, 9))
    published = date - dt.timedelta(days=r.randint(2, 4))
    room = f"in den Ratssaal im Alten Schulhaus {place}, Kirchgasse {r.randint(1, 9)}"
    if committee:
        out = [f"Zur Sitzung des Haupt- und Finanzausschusses der Ortsgemeinde {place} waren die Mitglieder mit Einladung "
               f"vom {invited:%d.%m.%Y} unter Beifügung der Tagesordnung in Papierform bzw. digital auf den "
               f"{date:%d.%m.%Y}, 19:00 Uhr, {room}, geladen worden."]
    else:
        out = [f"Der Ortsgemeinderat {place} war mit Einladung vom {invited:%d.%m.%Y} unter Mitteilung der Tagesordnung "
               f"schriftlich bzw. digital auf den {date:%d.%m.%Y}, 19:00 Uhr, {room}, zu einer Sitzung geladen worden."]
    out += [f"Ort, Zeit und Tagesordnung der Sitzung wurden am {published:%d.%m.%Y} im Mitteilungsblatt „{vg}er "
            "Wochenspiegel“ öffentlich bekannt gemacht.", f"Ende der Sitzung: {end} Uhr", "Anwesend:"]
    chair = people.person()
    out.append(f"Ortsbürgermeister{'in' if chair.sex == 'f' else ''} {chair.given} {chair.family}")
    g.attend(chair, None)
    member = "Ausschussmitglied (RM)" if committee else "Ratsmitglied"
    lists = [f"{x} {place}" for x in r.sample(LISTS, r.randint(2, 4))]
    blocks = {gr: [people.person() for _ in range(r.randint(1, 3) if committee else r.randint(1, 6))] for gr in lists}
    excused: list[str] = []
    if committee and r.random() < 0.8:       # substitutes listed before the blocks, without group
        for _ in range(r.randint(1, 2)):
            sub, away = people.person(), people.person()
            out.append(f"{member} {sub.full}, in Vertretung von {away.given} {away.family}")
            g.attend(sub, None)
            g.substitutes.append([sub.family, away.family])
            g.absent.append(away.family)
            excused.append(f"{member} {away.given} {away.family}, wurde vertreten durch {sub.full}")
    for gr, persons in blocks.items():
        out.append(gr)
        for k, p in enumerate(persons):
            if k and r.random() < 0.1:
                p = people.namesake(persons[k - 1])
            out.append(f"{member} {p.given} {p.family}")
            g.attend(p, gr)
    out.append("Außerdem anwesend:")
    members = [p for persons in blocks.values() for p in persons]
    for n in range(1, r.randint(1, 3) + 1):       # Ortsbeigeordnete: no party, often a member's family name
        p = people.namesake(r.choice(members)) if r.random() < 0.6 else people.person()
        out.append(f"{n}. Ortsbeigeordnete{'r' if p.sex == 'm' else ''} {p.given} {p.family}")
        g.attend(p, None)
    recorder = people.person(sex="f")
    mayor = people.person(sex="m")
    out.append(f"Schriftführerin {recorder.given} {recorder.family} zugleich als Beauftragte von Bürgermeister {mayor.family}")
    g.attend(recorder, "Verwaltung")
    for _ in range(r.randint(0, 3)):
        p = people.namesake(r.choice(members)) if r.random() < 0.2 else people.person()
        excused.append(f"{member} {p.given} {p.family}")
        g.absent.append(p.family)
    if excused:
        out += ["Entschuldigt:", *excused]
    out += [f"Die Vorsitzende eröffnete die Sitzung und stellte fest, dass Einwände gegen Form und Frist der Einladung "
            "nicht vorgebracht wurden." if chair.sex == "f" else "Der Vorsitzende eröffnete die Sitzung und stellte fest, "
            "dass Einwände gegen Form und Frist der Einladung nicht vorgebracht wurden.",
            f"Sodann wurde die Beschlussfähigkeit des {'Haupt- und Finanzausschusses' if committee else 'Ortsgemeinderates'} "
            f"{place} festgestellt."]
    items = [("1.", "Fragestunde für Einwohnerinnen und Einwohner"),
             ("2.", f"Genehmigung der Niederschrift über die öffentliche Sitzung vom "
                    f"{(date - dt.timedelta(days=r.randint(25, 45))):%d.%m.%Y}"),
             ("3.", "Mitteilungen der Ortsbürgermeisterin; Anfragen" if chair.sex == "f" else
                    "Mitteilungen des Ortsbürgermeisters; Anfragen")]
    for n in range(4, r.randint(9, 16)):
        items.append((f"{n}.", topic(r, place)[1]))
    extension = r.random() < 0.4
    if extension:
        out += [f"Noch vor Beginn der Beratungen beschließt der {'Ausschuss' if committee else 'Ortsgemeinderat'} "
                "einstimmig, die Tagesordnung um folgenden Punkt zu ergänzen:",
                f"Aufnahme als Tagesordnungspunkt {len(items) + 1}, öffentlich, {topic(r, place)[1]}"]
        g.vote("", "accepted", True)
    out += ["| Tagesordnung | |", "| Öffentliche Sitzung | |"] + [f"| {n} | {t} |" for n, t in items]
    voting = len([p for p in g.present if p[1] not in ("Verwaltung",)])
    for n, title in items:
        num = n.rstrip(".")
        out += [f"Zu TOP {num}: {title}"]
        if num == "1":
            out.append("Es wurden keine Fragen gestellt.")
            continue
        if num == "3":
            out.append(paragraph(r, members[:4]))
            continue
        if num != "2":
            out += paragraphs(r, 1, 5, members[:4])
        out += ["Beschluss:", f"Der {'Ausschuss' if committee else 'Ortsgemeinderat'} stimmt dem Beschlussvorschlag zu."
                if num != "2"
                else "Die Niederschrift wird genehmigt."]
        roll = r.random()
        if roll < 0.5 or num == "2":
            out.append("Abstimmungsergebnis: einstimmig")
            g.vote(num, "accepted", True)
        else:
            no, abst = r.randint(1, max(1, voting // 3)), r.randint(0, 2)
            yes = voting - no - abst
            out.append(f"Abstimmungsergebnis: {yes} Ja-Stimmen, {no} Nein-Stimmen, {abst} "
                       f"{'Enthaltung' if abst == 1 else 'Enthaltungen'}")
            g.vote(num, "accepted" if yes > no else "rejected", False, yes, no, abst)
    return Doc("gazette", "rp-ausschuss" if committee else "rp-ortsgemeinderat", "\n".join(out) + "\n", g,
               slug="ausschuss" if committee else "ortsgemeinderat")


def _markt(r: random.Random, date: dt.date) -> Doc:
    people = People(r, "south", title_share=0.0)
    place = town(r)
    start = f"{r.choice([18, 19, 19])}:{r.choice(['00', '30'])}"
    mayor = people.person()
    g = Gold(session={"body": "Marktgemeinderat", "start_time": start})
    g.attend(mayor, None)
    present = r.randint(12, 21)
    prev = date - dt.timedelta(days=r.randint(20, 40))
    out = [f"{'Erster Bürgermeister' if mayor.sex == 'm' else 'Erste Bürgermeisterin'} {mayor.given} {mayor.family} "
           f"eröffnet um {start} Uhr die öffentliche Sitzung des Marktgemeinderates. {'Er' if mayor.sex == 'm' else 'Sie'} "
           "begrüßt die Ratsmitglieder sowie die Zuhörer, stellt die ordnungsgemäße Ladung fest und erklärt den "
           "Marktgemeinderat für beschlussfähig.",
           "1 Genehmigung der Niederschriften der letzten Sitzung/en",
           f"Das Protokoll der öffentlichen Marktgemeinderatssitzung vom {prev:%d.%m.%Y} stand den Ratsmitgliedern im "
           "Ratsinformationssystem (§ 24 Abs. 2 Satz 1 der Geschäftsordnung) zum Abruf bereit. Änderungswünsche wurden "
           "nicht geäußert.", "Beschluss:",
           f"Das Protokoll der öffentlichen Sitzung vom {prev:%d.%m.%Y} wird in der vorliegenden Form genehmigt.",
           f"| Einstimmig beschlossen | Ja {present} Nein 0 Anwesend {present} |",
           "2 Bekanntgabe von Beschlüssen aus nichtöffentlichen Sitzungen", f"Marktgemeinderatssitzung vom {prev:%d.%m.%Y}:",
           f"Auftragsvergabe für die Dachsanierung der {topic(r, place)[1].split(' - ')[0]}",
           f"Der Marktgemeinderat hat beschlossen, die Arbeiten an die Firma {people.person().family} GmbH zum "
           f"Angebotspreis von brutto {r.randint(20, 900)}.{r.randint(0, 999):03d},{r.randint(0, 99):02d} € zu vergeben.",
           f"| Zur Kenntnis genommen | Anwesend {present} |"]
    g.vote("1", "accepted", True, present, 0)
    g.vote("2", "noted")
    for n in range(3, r.randint(7, 13)):
        title = topic(r, place)[1]
        out += [f"{n} {title}", *paragraphs(r, 1, 5), "Beschluss:", "Der Marktgemeinderat stimmt dem Vorhaben zu."]
        roll = r.random()
        if roll < 0.45:
            out.append(f"| Einstimmig beschlossen | Ja {present} Nein 0 Anwesend {present} |")
            g.vote(str(n), "accepted", True, present, 0)
        else:
            no = r.randint(1, present // 2 + 2)
            yes = present - no
            word = "beschlossen" if yes > no else "abgelehnt"
            out.append(f"| Mehrheitlich {word} | Ja {yes} Nein {no} Anwesend {present} |")
            g.vote(str(n), "accepted" if yes > no else "rejected", False, yes, no)
    return Doc("gazette", "by-markt", "\n".join(out) + "\n", g, slug="marktgemeinderat")
