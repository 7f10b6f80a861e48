"""Stand-in minutes for the meetings of the real OParl crawl, whose PDF files the crawl does not hold.

The test RIS serves, behind each meeting's ``resultsProtocol`` URL, a PDF Niederschrift written from
that meeting's own OParl data: its Gremium, date, start and end, place, session number and the
names of its real agenda items (public part, then the non-public part with a marker sentence that
must never reach an output). Attendance and results are invented but deterministic (seeded by the
meeting's id and a ``version`` the tests bump to make a meeting's minutes change).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import textwrap
from urllib.parse import urlsplit

from flows.oparl_source import local_date_time, location_text
from transforms.minutes.header import nominative

NONPUBLIC_MARKER = "GEHEIM-NICHTOEFFENTLICH-7731"
FACTIONS = ["CDU", "SPD", "Bündnis 90/Die Grünen", "FDP", "Die Linke", "AfD", "Freie Wähler"]
GIVEN = ["Anna", "Bernd", "Carsten", "Doris", "Emre", "Frieda", "Günter", "Hannelore", "Ingo", "Jana", "Klaus",
         "Leonie", "Mehmet", "Nina", "Oliver", "Petra", "Rainer", "Sabine", "Tobias", "Ursula"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
          "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Krüger", "Lange"]
DEPARTMENTS = ["Bauamt", "Ordnungsamt", "Kämmerei", "Hauptamt", "Schulverwaltungsamt"]
RESULTS = ["einstimmig beschlossen", "mit großer Mehrheit beschlossen", "bei einer Enthaltung einstimmig beschlossen",
           "mit 12 Ja-Stimmen, 3 Nein-Stimmen und 2 Enthaltungen beschlossen", "mit Mehrheit abgelehnt"]


def genitive(name: str) -> str:
    """The Gremium in the genitive as a heading writes it ("des Gemeinderates"), where the parser reads
    it back to the same name; else the name as it is."""
    words = name.split()
    for i, w in enumerate(words):
        if re.search(r"(ausschuss|rat)$", w, re.I):
            candidate = " ".join(words[:i] + [w + "es"] + words[i + 1:])
            if nominative(candidate) == name:
                return candidate
            break
    return name


def minutes_text(meeting: dict, gremium: str, version: int = 0) -> str:
    # Seeded by the id's path: the same meeting reads the same on any test server's port.
    key = int(hashlib.sha256(f"{urlsplit(meeting['id']).path}#{version}".encode()).hexdigest()[:12], 16)
    r = random.Random(key)
    date, start = local_date_time(meeting.get("start"))
    _, end = local_date_time(meeting.get("end"))
    day = dt.date.fromisoformat(date)
    number = re.search(r"\((\d+)\.\s*Sitzung\)", meeting.get("name") or "")
    out = ["Niederschrift", f"über die {number.group(1) + '. ' if number else ''}Sitzung des {genitive(gremium)}",
           f"am {day:%d.%m.%Y}", ""]
    if location_text(meeting):
        out += [f"Tagungsort: {location_text(meeting)}", ""]
    out += [f"Beginn: {start or '18:00'} Uhr", "", f"Ende: {end or '20:00'} Uhr", "", "Anwesend:", ""]
    members = []
    for faction in r.sample(FACTIONS, 3):
        out += [faction, ""]
        for _ in range(r.randint(2, 3)):
            person = f"{r.choice(['Herr', 'Frau'])} {r.choice(GIVEN)} {r.choice(FAMILY)}"
            if person not in members:
                members.append(person)
                out.append(person)
        out.append("")
    out += ["Von der Verwaltung:", "", f"Herr {r.choice(FAMILY)} – {r.choice(DEPARTMENTS)}", "",
            "Schriftführung", f"Frau {r.choice(GIVEN)} Schriftführerin", "", "Öffentliche Sitzung:", "",
            f"Der Ausschussvorsitzende {members[0]} eröffnet die Sitzung.", ""]
    nonpublic = False
    for item in meeting.get("agendaItem") or []:
        number, name = (item.get("number") or "").rstrip("."), " ".join((item.get("name") or "").split())
        if re.fullmatch(r"[A-Z]", number):   # the section headings "A Öffentliche", "B Nichtöffentliche Sitzung"
            if re.search(r"nicht", name, re.I):
                out += ["Nichtöffentliche Sitzung:", ""]
                nonpublic = True
            continue
        if not re.fullmatch(r"\d+(\.\d+)*", number):
            continue
        out += [f"Zu Punkt {number}", "", name or "Ohne Titel", ""]
        if nonpublic:
            out += [f"Vertraulich: {NONPUBLIC_MARKER}.", "", "-.-.-", ""]
            continue
        out += ["Die Verwaltung erläutert den Sachstand; es folgt eine kurze Aussprache.", ""]
        if item.get("consultation"):
            out += ["Der Ausschuss fasst folgenden", "", "Beschluss:", "",
                    "Die Verwaltung wird beauftragt, die Vorlage umzusetzen.", "", f"- {r.choice(RESULTS)} -", ""]
        else:
            out += ["Der Ausschuss nimmt Kenntnis.", ""]
        out += ["-.-.-", ""]
    out += ["---", "", members[0].split(" ", 1)[1], "", "---", "", "Schriftführerin"]
    return "\n".join(out) + "\n"


def minutes_pdf(text: str) -> bytes:
    """A one-column PDF with a text layer (fpdf2, core font: fast and deterministic)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_font("Helvetica", size=9)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in text.split("\n"):
        line = line.replace("„", '"').replace("“", '"').replace("–", "-").encode("latin-1", "replace").decode("latin-1")
        for part in textwrap.wrap(line, 110) or [" "]:
            pdf.cell(0, 4.5, part, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
