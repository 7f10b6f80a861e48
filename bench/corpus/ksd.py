"""KSD (Lotus Domino) one-item protocols of large Baden-Württemberg cities.

A flattened header: labels run into the previous value ("... MusterstadtNiederschrift Nr.",
"VerhandlungDrucksache:"), values stand apart from their labels ("TOP:" then the protocol number and
the item on lines of their own), "Vorsitz: BM Dr. X, BM Y", "Protokollführung: Frau Z sb" (typist's
initials). Bodies: a "- mündlicher Bericht -"; a "Vorgang:" history of earlier sessions' results, a
Kenntnisnahme and competing motions ("erhält 31 Ja-Stimmen"); a decision in a sentence. Some pages
are non-public ("Sitzungsart: nichtöffentlich"): nothing after that line may be published.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, paragraph, topic, town

VARIANTS = ("bericht", "vorgang", "beschluss", "beschluss", "bericht", "vorgang", "nichtoeffentlich")
COMMITTEES = ["Ausschuss für Wirtschaft und Wohnen", "Ausschuss für Klima und Mobilität", "Verwaltungsausschuss",
              "Ausschuss für Stadtentwicklung und Technik", "Sozial- und Gesundheitsausschuss", "Gemeinderat"]
PARTIES = ["CDU", "GRÜNE", "SPD", "FDP", "LINKE", "AfD", "Freie Wähler"]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "south", title_share=0.2)
    city = town(r)
    body = r.choice(COMMITTEES)
    other = r.choice([c for c in COMMITTEES if c != body])
    header_body = f"{body}, {other}" if body == "Gemeinderat" else body
    protocol_no = f"{r.randint(10, 350)}{'/E' if r.random() < 0.2 else ''}"
    item = f"{r.randint(1, 12)}{r.choice(['', '', 'a', 'b'])}"
    g = Gold(session={"body": body, "session_date": date.isoformat()})
    paper = f"{r.randint(100, 999)}/{date.year}"
    chair, chair2, recorder = people.person(), people.person(), people.person()
    title = topic(r, city)[1]
    out = [f"Protokoll: {header_body} des Gemeinderats der Landeshauptstadt {city}Niederschrift Nr." if body != "Gemeinderat"
           else f"Protokoll: {header_body} der Landeshauptstadt {city}Niederschrift Nr.", "TOP:", protocol_no, item,
           r.choice(["VerhandlungDrucksache:", "Ergebnis der BeratungDrucksache:"])]
    out += [paper] if variant != "bericht" else []
    out += ["GZ:"] + ([r.choice(["KM", "WFB", "T", "SJG"])] if variant != "bericht" else [])
    out.append(f"Sitzungstermin: {date:%d.%m.%Y}")
    if variant == "nichtoeffentlich":
        out.append("Sitzungsart: nichtöffentlich")
        g.nonpublic_marker = "Sitzungsart: nichtöffentlich"
        out += [f"Vorsitz: BM {chair.family}", f"Protokollführung: {recorder.formal}", f"Betreff: {title}", "",
                f"Der {body} stimmt dem Erwerb des Grundstücks Flst. {r.randint(100, 9999)}/{r.randint(1, 9)} von der "
                f"{people.person().family} Grundbesitz GmbH zum Kaufpreis von {r.randint(1, 9)}.{r.randint(100, 999)}.000 "
                "EUR einstimmig zu.", "zum Seitenanfang"]
        return Doc("ksd", variant, "\n".join(out) + "\n", g, slug="protokoll")
    out.append("Sitzungsart: öffentlich")
    two = r.random() < 0.5
    out.append(f"Vorsitz: {'OB' if body == 'Gemeinderat' else 'BM'} {chair.title + ' ' if chair.title else ''}{chair.family}"
               + (f", BM {chair2.family}" if two else ""))
    g.attend(chair, "Verwaltung")
    if two:
        g.attend(chair2, "Verwaltung")
    reporter, second = people.person(), people.person()
    if variant == "bericht":    # reporters are guests, not attendees; a trailing comma continues the list
        out += [f"Berichterstattung:{reporter.formal} ({r.choice(['Stadtwerke', 'Verkehrsbetriebe', 'Amt für Umweltschutz'])}),",
                f"{second.formal} ({r.choice(['AfWi', 'StPl', 'Tiefbauamt'])})"]
    else:
        out.append("Berichterstattung:-")
    out.append(f"Protokollführung: {recorder.formal}{' ' + r.choice(['sb', 'fr', 'ks']) if r.random() < 0.5 else ''}")
    g.attend(recorder, "Verwaltung")
    words = title.split(" ")
    cut = max(1, len(words) // 2)
    out += [f"Betreff: {' '.join(words[:cut])}", " ".join(words[cut:])]
    if variant == "bericht":
        out[-1] += (f", - Antrag Nr. {r.randint(10, 200)}/{date.year} v. {(date - dt.timedelta(days=19)):%d.%m.%Y} "
                    f"({r.choice(PARTIES)}), - Antrag Nr. {r.randint(10, 200)}/{date.year} ({r.choice(['90/GRÜNE', 'SPD', 'FDP'])})")
        out += ["- mündlicher Bericht -", "",
                "Die in der Sitzung gezeigten Folien sind dem Protokoll als Dateianhang beigefügt. Aus urheberrechtlichen "
                "Gründen erscheinen sie nicht im Internet; dem Originalprotokoll liegen sie ausgedruckt bei.", "",
                "Die im Betreff aufgeführten Anträge liegen dem Originalprotokoll und dem Protokoll-exemplar für die "
                "Hauptaktei bei.", "", ""]
        out += [x for _ in range(r.randint(7, 18)) for x in (paragraph(r, [reporter]), "")]
        out[-1] = " " if r.random() < 0.5 else ""
        return Doc("ksd", variant, "\n".join(out), g, slug="protokoll")
    out.append("")
    if variant == "vorgang":
        out.append(f"Vorgang: {other} vom {(date - dt.timedelta(days=37)):%d.%m.%Y}, öffentlich, Nr. {r.randint(100, 300)}")
        out += ["Ergebnis: Einbringung", f"{other} vom {(date - dt.timedelta(days=23)):%d.%m.%Y}, öffentlich, Nr. "
                f"{r.randint(100, 300)}", "Ergebnis: ohne Votum Verweisung in den GR",
                f"Gemeinderat vom {(date - dt.timedelta(days=7)):%d.%m.%Y}, öffentlich, Nr. {r.randint(100, 300)}",
                "Ergebnis: Vertagung", ""]
    out += [f"Beratungsunterlage ist die Mitteilungsvorlage des Referats {r.choice(['Mobilität', 'Wirtschaft', 'Städtebau'])} "
            f"vom {(date - dt.timedelta(days=50)):%d.%m.%Y}, GRDrs {paper}.", "", ""]
    speaker, party = people.person(), r.choice(PARTIES[:5])
    staff = people.person()
    out += [f"Auf Nachfrage von {'StR' if speaker.sex == 'm' else 'StRin'} {speaker.family} ({party}) erklärt BM "
            f"{staff.family}, {paragraph(r)}", ""]
    g.attend(speaker, party)
    g.attend(staff, "Verwaltung")
    out += [x for _ in range(r.randint(5, 14)) for x in (paragraph(r), "")]
    voting = r.randint(40, 60) if body == "Gemeinderat" else r.randint(15, 20)
    if variant == "vorgang":
        top, low = r.randint(voting // 2 + 1, voting - 2), r.randint(3, voting // 2 - 1)
        no, abst = r.randint(1, 9), r.randint(0, 6)
        out += [f"{'OB' if body == 'Gemeinderat' else 'BM'} {chair.family} stellt nach ausführlicher Debatte fest:", "",
                f"Der {body} hat von der GRDrs {paper} Kenntnis genommen.", "",
                f"Ziffer 1 des interfraktionellen Antrags Nr. {r.randint(100, 400)}/{date.year} erhält {top} Ja-Stimmen, "
                f"der {party}-Antrag Nr. {r.randint(100, 400)}/{date.year} erhält {low} Ja-Stimmen. Damit ist Ziffer 1 des "
                "interfraktionellen Antrags mehrheitlich angenommen.",
                f"Ziffer 2 des Antrags wird mit {no} Gegenstimmen bei {abst} Enthaltungen mehrheitlich angenommen."]
        g.vote(item, "noted")
        g.vote(item, "accepted", False, top)
        g.vote(item, "rejected", False, low)
        g.vote(item, "accepted", False, no=no, abstentions=abst)
    else:
        roll = r.random()
        if roll < 0.5:
            out.append(f"Der {body} beschließt einstimmig wie beantragt.")
            g.vote(item, "accepted", True)
        else:
            no, abst = r.randint(1, 6), r.randint(0, 3)
            yes = voting - no - abst
            out.append(f"Der {body} beschließt mit {yes} Ja-Stimmen, {no} Nein-Stimmen und {abst} Enthaltungen wie beantragt.")
            g.vote(item, "accepted", False, yes, no, abst)
    out.append("zum Seitenanfang")
    return Doc("ksd", variant, "\n".join(out) + "\n", g, slug="protokoll")
