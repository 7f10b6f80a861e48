"""Bavaria: a Gemeinderat's "Sitzungsniederschrift" and the same minutes as text of an ePaper mirror.

Sitzungsniederschrift: "Anwesend:" with the 1. Bürgermeister, "Gemeinderatsmitglieder:" one per line
as "Vorname Nachname (CSU)", "Abwesend:" / "entschuldigt: ...", staff by job title, per item "TOP n",
"Beschluss:" and "Abstimmungsergebnis: 14 : 2" (yes : no, no abstentions in Bavaria) or
"Abstimmungsergebnis: einstimmig"; information items noted; a non-public part after
"Nichtöffentliche Sitzung". The ePaper variant has the mirror's boilerplate first, literal "<br />"
line ends and "<strong>" search highlighting that splits words, members as "Marktgemeinderätin X"
without parties, and "Entschuldigt:".
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, paragraphs, topic, town

VARIANTS = ("sitzungsniederschrift", "sitzungsniederschrift", "epaper")
PARTIES = ["CSU", "Freie Wähler", "SPD", "GRÜNE", "ÖDP", "FDP", "AfD", "Bürgerblock"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
STAFF = [("Kämmerer", "Kämmerin"), ("Bauamtsleiter", "Bauamtsleiterin"), ("Geschäftsleiter", "Geschäftsleiterin"),
         ("Verwaltungsfachwirt", "Verwaltungsfachwirtin")]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, "south", title_share=0.04)
    place = town(r)
    kind = r.choice(["Gemeinde", "Gemeinde", "Markt", "Stadt"])
    council = {"Gemeinde": "Gemeinderat", "Markt": "Marktgemeinderat", "Stadt": "Stadtrat"}[kind]
    start = dt.time(r.choice([18, 19, 19, 20]), r.choice([0, 0, 30]))
    end = f"{start.hour + r.randint(1, 3)}:{r.randint(0, 59):02d}"
    if variant == "epaper":
        return _epaper(r, people, place, kind, council, date, start)
    g = Gold(session={"body": f"{council} {place}", "session_date": date.isoformat(), "start_time": f"{start:%H:%M}",
                      "end_time": end})
    mayor = people.person()
    out = [f"{kind} {place}", "", "Sitzungsniederschrift", "",
           f"über die öffentliche Sitzung des {council}es {place}" if council != "Stadtrat" else
           f"über die öffentliche Sitzung des Stadtrates {place}",
           f"am {WEEKDAYS[date.weekday()]}, {date:%d.%m.%Y}, im Sitzungssaal des Rathauses", "",
           f"Beginn: {start:%H:%M} Uhr", f"Ende: {end} Uhr", "", "Anwesend:",
           f"1. {'Bürgermeister' if mayor.sex == 'm' else 'Bürgermeisterin'} {mayor.given} {mayor.family}", "",
           f"{council}smitglieder:"]
    g.attend(mayor, None)
    parties = r.sample(PARTIES[:5], r.randint(3, 5))
    voting = 1
    for k in range(r.randint(10, 24)):
        p, party = people.person(), parties[min(k * len(parties) // 14, len(parties) - 1)]
        prefix = f"2. {'Bürgermeister' if p.sex == 'm' else 'Bürgermeisterin'} " if k == 0 else ""
        out.append(f"{prefix}{p.full} ({party})")
        g.attend(p, party)
        voting += 1
    out += ["", "Abwesend:"]
    for _ in range(r.randint(1, 2)):
        p = people.person()
        out.append(f"{r.choice(['entschuldigt', 'entschuldigt', 'unentschuldigt'])}: {p.given} {p.family} ({r.choice(parties)})")
        g.absent.append(p.family)
    recorder, staff = people.person(), people.person()
    out += ["", "Schriftführer:" if recorder.sex == "m" else "Schriftführerin:",
            f"{STAFF[3][recorder.sex == 'f']} {recorder.given} {recorder.family}", "", "Von der Verwaltung:",
            f"{r.choice(STAFF[:3])[staff.sex == 'f']} {staff.given} {staff.family}", ""]
    g.attend(recorder, "Verwaltung")
    g.attend(staff, "Verwaltung")
    chair_word = "Der Vorsitzende" if mayor.sex == "m" else "Die Vorsitzende"
    out += [f"{chair_word} eröffnet um {start:%H:%M} Uhr die Sitzung und begrüßt die Mitglieder des {council}es, die "
            "Vertreterin der Presse sowie die Zuhörer. Die Ladung ist form- und fristgerecht erfolgt, der "
            f"{council} ist beschlussfähig. Einwände gegen die Tagesordnung werden nicht erhoben.", "",
            "Öffentliche Sitzung", ""]
    prev = date - dt.timedelta(days=r.randint(20, 40))
    items = [("Genehmigung der Sitzungsniederschrift vom " + f"{prev:%d.%m.%Y}", None,
              f"Die Niederschrift über den öffentlichen Teil der Sitzung vom {prev:%d.%m.%Y} wird genehmigt.")]
    for _ in range(r.randint(8, 20)):
        _, title = topic(r, place)
        items.append((title, "\n\n".join(paragraphs(r, 2, 8, people.persons[:6])),
                      f"Der {council} stimmt dem Vorhaben in der vorgelegten Fassung zu und beauftragt die Verwaltung "
                      "mit dem Vollzug." if r.random() < 0.5 else
                      f"Der {council} erteilt das gemeindliche Einvernehmen nach § 36 BauGB."))
    items.append(("Informationen des Bürgermeisters", None, None))
    for n, (title, text, beschluss) in enumerate(items, 1):
        out += [f"TOP {n}", title, ""]
        if text:
            out += [text, ""]
        if beschluss is None:
            out += [f"{chair_word} informiert über den Stand der Sanierung der Ortsdurchfahrt sowie über den Termin "
                    f"der Bürgerversammlung. Der {council} nimmt die Informationen zur Kenntnis.", ""]
            g.vote(str(n), "noted")
            continue
        out += ["Beschluss:", beschluss, ""]
        if r.random() < 0.45 or n == 1:
            out += ["Abstimmungsergebnis: einstimmig", ""]
            g.vote(str(n), "accepted", True)
        else:
            no = r.randint(0, voting // 2 + 2)
            yes = voting - no - r.randint(0, 1)
            out += [f"Abstimmungsergebnis: {yes} : {no}", ""]
            g.vote(str(n), "accepted" if yes > no else "rejected", no == 0, yes, no)
    if r.random() < 0.5:
        marker = r.choice(["Nichtöffentliche Sitzung", "Nicht öffentlicher Teil"])
        g.nonpublic_marker = marker
        out += [marker, "", f"TOP {len(items) + 1}", "Grundstücksangelegenheit Fl.Nr. 412/3", "", "Beschluss:",
                f"Der {council} stimmt dem Erwerb der Teilfläche zum Preis von {r.randint(20, 190)},00 €/m² zu.", "",
                f"Abstimmungsergebnis: {voting - 1} : 1", ""]
    out += ["", f"{mayor.given} {mayor.family}                    {recorder.given} {recorder.family}",
            "1. Bürgermeister                    Schriftführer" if mayor.sex == "m" else
            "1. Bürgermeisterin                    Schriftführer"]
    return Doc("bavaria", variant, "\n".join(out) + "\n", g, slug=council.lower())


def _epaper(r: random.Random, people: People, place: str, kind: str, council: str, date: dt.date, start: dt.time) -> Doc:
    """The Niederschrift as an ePaper mirror shows its text: boilerplate, "<br />" ends, "<strong>" highlights."""
    short = {"Marktgemeinderat": "MGR", "Gemeinderat": "GR", "Stadtrat": "SR"}[council]
    word = kind                    # the highlighted search word: "Markt", "Gemeinde", "Stadt"
    title = f"{short}, {date:%d.%m.%Y} 1 {council}ssitzung ... - {kind} {place}"
    g = Gold(session={"body": council, "session_date": date.isoformat(), "start_time": f"{start:%H:%M}"})
    out = [f"{(date + dt.timedelta(days=r.randint(20, 80))):%d.%m.%Y} Aufrufe", ""] + [title, ""] * 3 + [
        "MEHR ANZEIGEN", "WENIGER ANZEIGEN", "",
        "Sie möchten ebenfalls ein ePaper? Steigern Sie die Reichweite Ihrer Publikationen.", "",
        "YUMPU wandelt Druck-PDFs automatisch in weboptimierte ePaper um, die Google liebt.", ""]

    def br(line: str) -> None:
        out.extend([line + "<br />", ""])

    def hl(text: str) -> str:
        return text.replace(word, f"<strong>{word}</strong>", 1)

    br(f"<strong>{short}</strong>, <strong>{date:%d.%m.%Y}</strong> 1")
    br(f"<strong>{hl(council)}ssitzung</strong>")
    br(f"{WEEKDAYS[date.weekday()]}, <strong>{date:%d.%m.%Y}</strong>, {start:%H:%M} Uhr")
    br(f"Sitzungssaal im Rathaus <strong>{place}</strong>, Kirchplatz {r.randint(1, 9)},")
    members = r.randint(12, 24)
    br(f"Gesetzliche Mitgliederzahl: {members + 1}")
    mayor = people.person()
    br(f"Anwesend sind: {mayor.given} {mayor.family}, 1. {'Bürgermeister' if mayor.sex == 'm' else 'Bürgermeisterin'} "
       f"als {'Vorsitzender' if mayor.sex == 'm' else 'Vorsitzende'}")
    g.attend(mayor, None)
    second = people.person()
    br(f"<strong>{word}</strong>{council[len(word):-3]}räte: 2. {'Bürgermeister' if second.sex == 'm' else 'Bürgermeisterin'} "
       f"{second.given} {second.family}")
    g.attend(second, None)
    excused = []
    for k in range(members - 1):
        p = people.person() if r.random() > 0.05 or not people.persons else people.namesake(r.choice(people.persons))
        if r.random() < 0.1:
            excused.append(p)
            continue
        member = f"{council}in" if p.sex == "f" else council
        member = member.replace("ratin", "rätin")
        br(f"<strong>{word}</strong>{member[len(word):]} {p.given} {p.family}" if r.random() > 0.05 else f"{p.given} {p.family}")
        g.attend(p, None)
    for k, p in enumerate(excused):
        member = (f"{council}in" if p.sex == "f" else council).replace("ratin", "rätin")
        br(f"{'Entschuldigt: ' if k == 0 else ''}<strong>{word}</strong>{member[len(word):]} {p.given} {p.family}")
        g.absent.append(p.family)
    guest = people.person()
    br(f"Ferner anwesend: zu TOP 2 {guest.form} Dipl.-Ing. {guest.given} {guest.family}, Planungsbüro")
    for n in range(1, r.randint(8, 18)):
        _, title = topic(r, place)
        br(f"TOP {n}")
        br(title)
        for text in paragraphs(r, 2, 6, people.persons[:5]):
            br(text)
        br("Beschluss:")
        br(f"Der <strong>{word}</strong>{council[len(word):]} stimmt dem Vorhaben zu.")
        no = r.randint(0, 4)
        yes = len(g.present) - no
        br(f"Abstimmungsergebnis: {yes} : {no}" if no else "Abstimmungsergebnis: einstimmig")
        g.vote(str(n), "accepted", no == 0, yes if no else None, no if no else None)
    return Doc("bavaria", "epaper", "\n".join(out) + "\n", g, slug=council.lower())
