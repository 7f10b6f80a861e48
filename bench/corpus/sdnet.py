"""SD.NET RIM (Sternberg) session pages of a Bavarian town as text (Meeting.mvc).

Header "Datum: / Status: / Sitzungsort: / Gremium:", the public part's times ("Öffentliche Sitzung,
17:30 Uhr bis 20:10 Uhr") and the label "Nichtöffentliche Sitzung" of the page navigation (not a
non-public part: the public text follows); the overview with TOP number and SP-Nr. glued ("1pl/9/1/19
Title"), "zum Seitenanfang", then per item "1. / pl/9/1/19. Title", the consultation row with the session
number ("9. Sitzung des Stadtrates (Plenum)"), the Sachverhalt, and the Beschluss with its
"Abstimmungsergebnis".
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, paragraph, topic, town

VARIANTS = ("plenum", "ausschuss")


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    place = town(r)
    if variant == "plenum":
        body, gen, code = "Stadtrat (Plenum)", "des Stadtrates (Plenum)", "pl"
    else:
        body, gen, code = "Bau- und Umweltausschuss", "des Bau- und Umweltausschusses", "bu"
    number = r.randint(1, 40)
    start = (r.choice([16, 17, 18]), r.choice([0, 30]))
    end = (start[0] + r.randint(1, 3), r.choice([0, 10, 25, 40, 55]))
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}", "session_number": str(number)})
    yy = f"{date:%y}"
    items = []
    for n in range(1, r.randint(6, 14)):
        items.append((n, f"{code}/{number}/{n}/{yy}", topic(r, place)[1]))
    out = [f"Datum: {date:%d.%m.%Y}", "Status: Abgeschlossen", f"Sitzungsort: {r.choice(['Kleiner Sitzungssaal', 'Großer Sitzungssaal'])}",
           f"Gremium: {body}", f"Öffentliche Sitzung, {start[0]:02d}:{start[1]:02d} Uhr bis {end[0]:02d}:{end[1]:02d} Uhr",
           "Nichtöffentliche Sitzung", "", "", "Öffentliche Sitzung", "", "TOP-Nr.SP-Nr. Bezeichnung"]
    out += [f"{n}{sp} {title}" for n, sp, title in items]
    out += ["", "zum Seitenanfang", ""]
    voting = r.randint(16, 30)
    for n, sp, title in items:
        out += [f"{n}. / {sp}. {title}", "", "Gremium Sitzung Sitzungsdatum ö / nö Beratungstyp TOP-Nr.SP-Nr.",
                f"{body} {number}. Sitzung {gen} {date:%d.%m.%Y} ö Beschließend {n}{sp}", "",
                ".Begründung / Sachverhalt zum Zeitpunkt der Sitzungseinladung.", ""]
        out += [x for _ in range(r.randint(3, 8)) for x in (paragraph(r), "")]
        roll = r.random()
        if roll < 0.15:
            continue      # a report: no Beschluss
        out += ["Beschluss:", "", f"Der {body.split(' (')[0]} stimmt der Vorlage in der Fassung der Sitzungseinladung zu.", ""]
        if roll < 0.55:
            out += ["Abstimmungsergebnis: einstimmig", ""]
            g.vote(str(n), "accepted", True)
        else:
            no = r.randint(1, voting // 2)
            yes = voting - no
            out += [f"Abstimmungsergebnis: {yes} : {no}", ""]
            g.vote(str(n), "accepted" if yes > no else "rejected", False, yes, no)
        out += ["zum Seitenanfang", ""]
    return Doc("sdnet", variant, "\n".join(out), g, slug="meeting")
