"""Deterministic generator of realistic minutes for benchmarks (not part of the package).

    python -m bench.generate OUT_DIR --docs 10000 [--seed 1] [--pdf-share 0.02] [--cp1252-share 0.1]

Recombines the structures of the three seed layouts (Markdown with separate
name/department lists, Markdown with "Name - Department" lines, plain text with
en dashes) with other committees, dates, people, factions, item counts, result
phrases and Anfragen; prose paragraphs are taken from the seed minutes. The
same N and seed give the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "bielefeld-da"

COMMITTEES = [
    ("Digitalisierungsausschuss", "Digitalisierungsausschusses"),
    ("Finanz- und Personalausschuss", "Finanz- und Personalausschusses"),
    ("Schul- und Sportausschuss", "Schul- und Sportausschusses"),
    ("Stadtentwicklungsausschuss", "Stadtentwicklungsausschusses"),
    ("Umwelt- und Klimaschutzausschuss", "Umwelt- und Klimaschutzausschusses"),
    ("Sozial- und Gesundheitsausschuss", "Sozial- und Gesundheitsausschusses"),
    ("Kulturausschuss", "Kulturausschusses"),
    ("Haupt-, Wirtschaftsförderungs- und Beteiligungsausschuss", "Haupt-, Wirtschaftsförderungs- und Beteiligungsausschusses"),
]
FACTIONS = [("CDU", "CDU"), ("SPD", "SPD"), ("Bündnis 90/Die Grünen", "BÜNDNIS 90/ DIE GRÜNEN"), ("FDP", "FDP"),
            ("AfD", "AfD"), ("Die Linke", "DIE LINKE"), ("Die Partei", "Die PARTEI"), ("BfB", "BfB")]
GIVEN = ["Anna", "Bernd", "Carsten", "Doris", "Emre", "Frieda", "Günter", "Hannelore", "Ingo", "Jana", "Klaus",
         "Leonie", "Mehmet", "Nina", "Oliver", "Petra", "Rainer", "Sabine", "Tobias", "Ursula", "Volker", "Wiebke"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
          "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
          "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Özdemir"]
DEPARTMENTS = ["Dezernat 1", "Dezernat 2", "Dezernat 4", "Amt für Organisation, IT und Zentrale Leistungen",
               "Digitalisierungsbüro", "Amt für Schule", "Umweltamt", "Bauamt", "Amt für Verkehr"]
ROOMS = ["Nowgorod-Raum, EG, Altes Rathaus", "Großer Saal im Neuen Rathaus", "Raum 101, Neues Rathaus",
         "Ratssaal, Altes Rathaus"]
RESULTS = ["einstimmig beschlossen", "bei einer Enthaltung einstimmig beschlossen",
           "einstimmig bei einigen Enthaltungen beschlossen", "mit großer Mehrheit beschlossen",
           "bei 2 Gegenstimmen mehrheitlich beschlossen", "mit Mehrheit abgelehnt",
           "mit 12 Ja-Stimmen, 3 Nein-Stimmen und 2 Enthaltungen beschlossen",
           "abweichend vom Beschlussvorschlag einstimmig beschlossen",
           "mit 9 Ja-Stimmen (SPD 5, Grüne 4) gegen 6 Nein-Stimmen (CDU 6) beschlossen"]


def _paragraphs() -> list[str]:
    out = []
    for name in ("000", "001", "002"):
        text = next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para) > 200 and not re.search(r"Zu Punkt|Beschluss|Antwort|Anfrage|Frage|Nichtöffentlich|nicht öffentlich", para, re.I):
                out.append(para.replace("*", ""))
    return out


PARAGRAPHS = _paragraphs()


@dataclass
class Person:
    form: str
    given: str | None
    family: str
    title: str | None = None
    dept: str | None = None


@dataclass
class Item:
    number: str
    title: str
    kind: str                  # mitteilung | anfrage | antrag | vorlage | bericht | container
    paper: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    result: str | None = None
    closing: str | None = None
    zusatzfragen: int = 0


@dataclass
class Meeting:
    committee: tuple[str, str]
    date: dt.date
    start: str
    end: str
    room: str
    factions: list[tuple[str, list[Person]]]
    admin: list[Person]
    recorder: Person
    chair: Person
    items: list[Item]


def _person(r: random.Random, with_given: bool = True) -> Person:
    form = r.choice(["Herr", "Frau"])
    return Person(form, r.choice(GIVEN) if with_given else None, r.choice(FAMILY),
                  "Dr." if r.random() < 0.08 else None)


def _paras(r: random.Random, lo: int, hi: int) -> list[str]:
    return [r.choice(PARAGRAPHS) for _ in range(r.randint(lo, hi))]


def meeting(r: random.Random, i: int) -> Meeting:
    factions = [(f[r.random() < 0.5], [_person(r) for _ in range(r.randint(1, 5))])
                for f in r.sample(FACTIONS, r.randint(4, 8))]
    admin = [_person(r, with_given=False) for _ in range(r.randint(2, 8))]
    for p in admin:
        p.dept = r.choice(DEPARTMENTS)
    chair = factions[0][1][0]
    items: list[Item] = [Item("1", f"Genehmigung des öffentlichen Teils der Niederschrift über die Sitzung am "
                                   f"{(dt.date(2020, 1, 1) + dt.timedelta(days=r.randrange(2000))):%d.%m.%Y}",
                              "vorlage", result=r.choice(RESULTS[:3]))]
    n = 2
    term = r.choice(["2014-2020", "2020-2025"])
    if r.random() < 0.9:
        items.append(Item(str(n), "Mitteilungen", "container"))
        for k in range(1, r.randint(1, 4) + 1):
            items.append(Item(f"{n}.{k}", f"Mitteilung zu {r.choice(FAMILY)}straße", "mitteilung",
                              paragraphs=_paras(r, 2, 5), closing="Der Ausschuss nimmt Kenntnis."))
        n += 1
    items.append(Item(str(n), "Anfragen", "container"))
    for k in range(1, r.randint(1, 7) + 1):
        f = r.choice(factions)[0]
        items.append(Item(f"{n}.{k}", f"Anfrage {f} - Thema {r.randint(1, 999)}", "anfrage",
                          paper=f"{r.randint(100, 9999):04d}/{term}", paragraphs=_paras(r, 2, 6),
                          zusatzfragen=r.choice([0, 0, 1, 2]),
                          closing=r.choice([None, "Der Ausschuss nimmt Kenntnis."])))
    n += 1
    for _ in range(r.randint(2, 7)):
        kind = r.choice(["antrag", "vorlage", "bericht"])
        title = {"antrag": f"Antrag der {r.choice(factions)[0]}-Fraktion: Projekt {r.choice(FAMILY)}",
                 "vorlage": f"Umsetzung Projekt {r.choice(FAMILY)} - Sachstand",
                 "bericht": f"Sachstandsbericht {r.choice(DEPARTMENTS)}"}[kind]
        result = r.choice(RESULTS) if kind != "bericht" and r.random() < 0.7 else None
        closing = None if result else r.choice(["Der Ausschuss nimmt Kenntnis.", "Der TOP wird vertagt.",
                                                "- 1. Lesung -", "zurückgezogen"])
        items.append(Item(str(n), title, kind, paper=f"{r.randint(100, 9999):04d}/{term}",
                          paragraphs=_paras(r, 2, 8), result=result, closing=closing))
        n += 1
    start = dt.time(r.choice([15, 16, 17, 18]), r.choice([0, 30]))
    # one session per day across committees: (committee, date) stays unique for any N, as in a real archive
    date = dt.date(1990, 1, 1) + dt.timedelta(days=i)
    return Meeting(r.choice(COMMITTEES), date, f"{start:%H:%M}", f"{start.hour + r.randint(1, 3)}:{r.randint(0, 59):02d}",
                   r.choice(ROOMS), factions, admin, _person(r), chair, items)


def _name(p: Person) -> str:
    return " ".join(x for x in (p.form, p.title, p.given, p.family) if x)


def render(m: Meeting, layout: str) -> str:
    md = layout in ("a", "b")
    b = (lambda s: f"**{s}**") if md else (lambda s: s)
    h = (lambda lvl, s: f"{'#' * lvl} {s}") if md else (lambda lvl, s: s)
    out = [b("Niederschrift") + ("  " if md else ""), b(f"über die Sitzung des {m.committee[1]}"),
           b(f"am {m.date:%d.%m.%Y}"), "", f"Tagungsort: {m.room}", "", f"Beginn: {m.start} Uhr", "",
           f"Ende: {m.end} Uhr", "", b("Anwesend:"), ""]
    for faction, members in m.factions:
        out += [b(faction) if layout == "b" else faction, ""]
        out += [line for p in members for line in (_name(p), "" if layout != "b" else None) if line is not None]
        out.append("")
    out += ["Von der Verwaltung:", ""]
    if layout == "a":  # names, then departments in a second list that pairs up by position
        out += [x for p in m.admin for x in (_name(p), "")] + [x for p in m.admin for x in (p.dept, "")]
    else:
        dash = " - " if layout == "b" else " – "
        out += [f"{_name(p)}{dash}{p.dept}" for p in m.admin] + [""]
    out += [r"Schritführung" if layout == "a" else "Schriftführung", _name(m.recorder), "",
            h(2, "Öffentliche Sitzung:"), "", f"Der Ausschussvorsitzende {_name(m.chair)} eröffnet die Sitzung.", ""]
    for it in m.items:
        heading = f"Zu Punkt {it.number}"
        if layout == "a":
            out += [h(3, f"{b(heading)} {it.title}"), ""]
        elif layout == "b":
            out += [h(2, b(heading)), "", h(3, b(it.title)), ""]
        else:
            out += [heading, "", it.title, ""]
        if it.paper:
            out += ["Beratungsgrundlage:", "", f"Drucksachennummer: {it.paper}", ""]
        if it.kind == "anfrage":
            out += ["Text der Anfrage:", "", it.paragraphs[0] + "?", "", "Antwort der Verwaltung:", ""]
            out += [x for p in it.paragraphs[1:] for x in (p, "")]
            for z in range(it.zusatzfragen):
                out += [f"Zusatzfrage {z + 1}:", "", "Wie geht es weiter?", "", "Antwort der Verwaltung:", "",
                        it.paragraphs[0], ""]
        else:
            out += [x for p in it.paragraphs for x in (p, "")]
        if it.result:
            out += ["Der Ausschuss fasst folgenden", "", h(4, b("Beschluss:")), "",
                    b(f"Die Verwaltung wird beauftragt, {it.title} umzusetzen."), "", f"- {it.result} -", ""]
        if it.closing:
            out += [it.closing, ""]
        out += ["-.-.-", ""]
    out += ["---", "", f"{m.chair.given} {m.chair.family}", "", "---", "", f"{m.recorder.given} {m.recorder.family}"]
    return "\n".join(out) + "\n"


def _pdf(text: str) -> bytes:
    from fpdf import FPDF  # a test/bench dependency only

    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # same N and seed, same bytes
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in text.replace("**", "").replace("#", "").split("\n"):
        pdf.multi_cell(0, 4.5, line if line.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def generate(out: Path, docs: int, seed: int = 1, pdf_share: float = 0.02, cp1252_share: float = 0.1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(docs):
        r = random.Random(seed * 1_000_003 + i)
        m = meeting(r, i)
        text = render(m, "abc"[i % 3])
        stem = f"{i:05d}_{m.committee[0].split()[0].lower().strip(',-')}_{m.date:%Y-%m-%d}"
        roll = r.random()
        if roll < pdf_share:
            path, data = out / f"{stem}.pdf", _pdf(text)
        elif roll < pdf_share + cp1252_share:
            path, data = out / f"{stem}.txt", text.encode("cp1252", errors="replace")
        else:
            path, data = out / f"{stem}.txt", text.encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pdf-share", type=float, default=0.02)
    ap.add_argument("--cp1252-share", type=float, default=0.1)
    a = ap.parse_args()
    paths = generate(a.out, a.docs, a.seed, a.pdf_share, a.cp1252_share)
    print(f"wrote {len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB to {a.out}")


if __name__ == "__main__":
    main()
