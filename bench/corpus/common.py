"""What every invented document is made of: people, groups, places, topics, prose, and its gold.

All content is invented (names from common German name lists, made-up towns and topics); prose
paragraphs come from the project's own seed minutes (samples/bielefeld-da) and from sentence
templates. Everything is drawn from the ``random.Random`` a layout is given, never from a set
or a hash, so the same seed gives the same bytes.
"""
from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "bielefeld-da"

GIVEN_F = ["Anna", "Doris", "Frieda", "Hannelore", "Jana", "Leonie", "Nina", "Petra", "Sabine", "Ursula", "Wiebke",
           "Katrin", "Monika", "Renate", "Birgit", "Claudia", "Heike", "Andrea", "Martina", "Silke", "Kerstin",
           "Anke", "Maren", "Telse", "Gisela", "Ines", "Yvonne", "Franziska", "Theresia", "Melanie", "Ulrike"]
GIVEN_M = ["Bernd", "Carsten", "Emre", "Günter", "Ingo", "Klaus", "Mehmet", "Oliver", "Rainer", "Tobias", "Volker",
           "Jens", "Uwe", "Dirk", "Stefan", "Markus", "Thomas", "Jürgen", "Hauke", "Sönke", "Josef", "Florian",
           "Korbinian", "Ronny", "Maik", "Falk", "Heinz", "Ralf", "Lukas", "Werner", "Holger", "Arne"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
          "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger",
          "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Özdemir",
          "Albers", "Brinkmann", "Dreier", "Engelke", "Fromm", "Gerdes", "Hollmann", "Janßen", "Kemper", "Lübbers",
          "Mertens", "Nolte", "Ostendorf", "Pohlmann", "Quast", "Rademacher", "Sievers", "Tiemann", "Ulbrich",
          "Vogt", "Wessels", "Yilmaz", "Ziegler", "Arslan", "Bergmann", "Claußen", "Dietz", "Eckert", "Franke"]
FAMILY_NORTH = ["Hansen", "Petersen", "Jessen", "Thordsen", "Brodersen", "Feddersen", "Matthiesen", "Carstensen",
                "Lorenzen", "Paulsen", "Asmussen", "Lüders", "Ahrens", "Mahnke", "Rohwer", "Timmermann", "Dethlefsen",
                "Hinrichs", "Claasen", "Harms", "Ketelsen", "Boysen", "Nissen", "Sönnichsen"]
FAMILY_SOUTH = ["Huber", "Wimmer", "Stadler", "Brandl", "Obermeier", "Kronseder", "Pfaffinger", "Eichinger", "Loibl",
                "Wagenhuber", "Zehetmair", "Reindl", "Moosbauer", "Aigner", "Bachmaier", "Lechner", "Gruber", "Hofer",
                "Reichle", "Brugger", "Hausch", "Engesser", "Steidle", "Birkle", "Kuhn", "Ostertag", "Bühler"]
FAMILY_EAST = ["Uhlig", "Zschoche", "Seidel", "Fritzsche", "Hähnel", "Illing", "Mehnert", "Nestler", "Oehme", "Quaas",
               "Thiele", "Wendler", "Lorenz", "Kempe", "Claus", "Ebert", "Jahn", "Pohl", "Vogel", "Adler", "Günther",
               "Kirchhof", "Naumann", "Opitz", "Graupner", "Jäkel", "Dreßler"]
FAMILY_WEST = ["Thome", "Kiefer", "Pies", "Hammes", "Simon", "Feilen", "Rieth", "Lauer", "Barz", "Mertes", "Wendling",
               "Molitor", "Kaltenbach", "Wollenweber", "Terhorst", "Siepmann", "Oberdiek", "Heuvelmann", "Brockhoff",
               "Hülsmann", "Kettelhake", "Lohkamp", "Faßbender", "Achterkamp", "Hülskamp", "Overkamp", "Dörnemann"]
REGIONS = {"north": FAMILY_NORTH, "south": FAMILY_SOUTH, "east": FAMILY_EAST, "west": FAMILY_WEST}

TOWN_HEADS = ["Linden", "Birken", "Eichen", "Weiden", "Tannen", "Erlen", "Buchen", "Ahorn", "Holler", "Rosen", "Moor",
              "Heid", "Wald", "Stein", "Berg", "Wiesen", "Fuchs", "Kranich", "Otter", "Hasel"]
TOWN_TAILS = ["au", "feld", "hain", "bach", "moor", "ried", "dorf", "stedt", "hausen", "brunn", "heim", "wede", "kamp"]
STREET_TAILS = ["straße", "straße", "allee", "gasse"]   # feminine: "in der Lindenstraße"
FIELDS = ["Am Mühlbach", "Krautgärten", "Hofwiesen", "Am Sonnenhang", "Schilfweg", "Auf der Heide", "Kirchfeld",
          "Am Graben", "Lerchenberg", "Unter den Eichen", "Am Bahndamm", "Brühl"]
CLUBS = ["Turnvereins", "Schützenvereins", "Heimatvereins", "Fördervereins der Grundschule", "Trachtenvereins",
         "Sportvereins", "Musikvereins", "Kulturvereins", "Bürgervereins", "Kleingärtnervereins"]   # genitive
FACILITIES = ["Grundschule", "Sporthalle", "Kita", "Mehrzweckhalle", "Gesamtschule", "Friedhofskapelle", "Kläranlage",
              "Stadtbücherei", "Turnhalle", "Feuerwache", "Oberschule", "Musikschule"]   # feminine: "der Grundschule"

# Party groups as minutes of one region write them: (printed, printed variants).
PARTIES_WEST = ["CDU", "SPD", "Bündnis 90/Die Grünen", "FDP", "AfD", "Die Linke", "Volt", "Die PARTEI"]
PARTIES_SOUTH = ["CSU", "Freie Wähler", "SPD", "GRÜNE", "ÖDP", "FDP", "AfD"]
PARTIES_EAST = ["CDU", "AfD", "DIE LINKE", "SPD", "BÜNDNIS 90/DIE GRÜNEN", "FDP", "Freie Wähler"]
PARTIES_NORTH = ["CDU", "SPD", "Bündnis 90/Die Grünen", "FDP", "SSW", "Die Linke"]


# Seed paragraphs that decide, ask or answer something would add votes or Anfragen a layout did not write.
_DECIDES = re.compile(r"Zu Punkt|Beschluss|Antwort|Anfrage|Frage|Nichtöffentlich|nicht öffentlich|zugestimmt|beschlossen"
                      r"|abgelehnt|genehmigt|Kenntnis|einstimmig|mehrheitlich|vertagt|angenommen|Lesung|zurück|ersetzt"
                      r"|Bericht|^\d+\.\s", re.I)


def _seed_paragraphs() -> list[str]:
    out = []
    for name in ("000", "001", "002"):
        text = next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(para) > 200 and not _DECIDES.search(para):
                out.append(para.replace("*", ""))
    return out


PARAGRAPHS = _seed_paragraphs()

# Sentences of a Sachverhalt or a discussion; none states a result (no "beschlossen", "Kenntnis", ...),
# so the only votes in a document are the ones a layout writes on purpose.
_SENTENCES = [
    "Die Verwaltung erläutert den Sachstand anhand einer Präsentation, die der Niederschrift als Anlage beigefügt ist.",
    "Die Kosten werden auf rund {amount} EUR geschätzt; die Mittel sind im Haushalt {year} veranschlagt.",
    "Aus der Mitte des Gremiums wird nach dem Zeitplan gefragt; die Arbeiten sollen im {season} beginnen.",
    "{speaker} regt an, die Anwohnerinnen und Anwohner frühzeitig in die Planung einzubeziehen.",
    "{speaker} erkundigt sich, ob Fördermittel des Landes in Anspruch genommen werden können.",
    "Die Verwaltung sagt eine schriftliche Beantwortung bis zur nächsten Sitzung zu.",
    "Der Entwurf sieht vor, den Bereich {field} neu zu ordnen und die Zufahrt über die {street} zu führen.",
    "Nach Auskunft der Verwaltung liegen {count} Stellungnahmen von Bürgerinnen und Bürgern vor.",
    "Die Planung wurde mit den betroffenen Fachämtern, der Feuerwehr und den Versorgungsträgern abgestimmt.",
    "{speaker} weist auf die angespannte Parksituation in der {street} hin.",
    "Die Ausschreibung erfolgt öffentlich; mit einer Vergabe ist im {season} {year} zu rechnen.",
    "Der Zuschuss soll in zwei Raten ausgezahlt werden, die zweite nach Vorlage des Verwendungsnachweises.",
    "Die Verwaltung weist darauf hin, dass die Maßnahme im Rahmen des Sanierungsprogramms förderfähig ist.",
    "{speaker} bittet darum, die Ergebnisse der Verkehrszählung in der {street} vorzustellen.",
    "Die Unterlagen wurden den Mitgliedern mit der Einladung übersandt und im Ratsinformationssystem veröffentlicht.",
    "Es schließt sich eine kurze Aussprache an, in der insbesondere die Folgekosten für den Unterhalt erörtert werden.",
    "Die Gesamtfläche beträgt etwa {count}00 Quadratmeter; davon sollen rund ein Drittel entsiegelt werden.",
    "Die Stellungnahme des Kreises steht noch aus und wird nachgereicht.",
    "Die bisherige Gebühr von {small},50 EUR wurde zuletzt im Jahr {old} angepasst.",
    "In der {facility} sind nach der Begehung vom Frühjahr Schäden an Dach und Fenstern festgestellt worden.",
]


@dataclass
class Person:
    sex: str                 # "m" | "f"
    given: str
    family: str
    title: str | None = None  # "Dr."

    @property
    def form(self) -> str:
        return "Herr" if self.sex == "m" else "Frau"

    @property
    def full(self) -> str:
        """"Dr. Anna Müller"."""
        return " ".join(x for x in (self.title, self.given, self.family) if x)

    @property
    def formal(self) -> str:
        """"Frau Dr. Müller"."""
        return " ".join(x for x in (self.form, self.title, self.family) if x)

    @property
    def formal_full(self) -> str:
        """"Frau Dr. Anna Müller"."""
        return f"{self.form} {self.full}"


class People:
    """Draws people for one document: family names do not repeat unless a layout asks for a namesake."""

    def __init__(self, r: random.Random, region: str | None = None, title_share: float = 0.06):
        self.r = r
        self.families = list(FAMILY) + (REGIONS[region] * 2 if region else [])
        self.used: list[str] = []
        self.persons: list[Person] = []
        self.title_share = title_share

    def person(self, sex: str | None = None, family: str | None = None, title: bool = True) -> Person:
        r = self.r
        sex = sex or r.choice("mf")
        if family is None:
            for _ in range(40):
                family = r.choice(self.families)
                if family not in self.used:
                    break
        self.used.append(family)
        given = r.choice(GIVEN_M if sex == "m" else GIVEN_F)
        p = Person(sex, given, family, "Dr." if title and r.random() < self.title_share else None)
        self.persons.append(p)
        return p

    def namesake(self, other: Person) -> Person:
        """Someone else with the same family name (two Schmidt, two Thome): a trap for the parser."""
        p = self.person(family=other.family)
        while p.given == other.given:
            p.given = self.r.choice(GIVEN_M if p.sex == "m" else GIVEN_F)
        return p


def town(r: random.Random) -> str:
    return r.choice(TOWN_HEADS) + r.choice(TOWN_TAILS)


def street(r: random.Random) -> str:
    return r.choice(FAMILY + FAMILY_NORTH + FAMILY_SOUTH) + r.choice(STREET_TAILS)


def sentence(r: random.Random, speakers: list[Person] | None = None) -> str:
    s = r.choice(_SENTENCES)
    speaker = r.choice(speakers).formal if speakers else r.choice(["Ein Mitglied", "Eine Anwohnerin", "Ein Zuhörer"])
    return s.format(amount=f"{r.randint(12, 990)}.{r.randint(0, 999):03d}", year=r.randint(2010, 2026),
                    season=r.choice(["Frühjahr", "Sommer", "Herbst", "Winter"]), speaker=speaker,
                    field=r.choice(FIELDS), street=street(r), count=r.randint(3, 40), small=r.randint(2, 90),
                    old=r.randint(1998, 2018), facility=r.choice(FACILITIES))


def paragraph(r: random.Random, speakers: list[Person] | None = None) -> str:
    """A paragraph of prose: one from the seed minutes, or three to six template sentences."""
    if r.random() < 0.5:
        return r.choice(PARAGRAPHS)
    return " ".join(sentence(r, speakers) for _ in range(r.randint(3, 6)))


def paragraphs(r: random.Random, lo: int, hi: int, speakers: list[Person] | None = None) -> list[str]:
    return [paragraph(r, speakers) for _ in range(r.randint(lo, hi))]


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Lines of ``text`` as a PDF or a word processor breaks them."""
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [""]


def topic(r: random.Random, town_name: str) -> tuple[str, str]:
    """(kind, title) of an agenda item that is decided: a Vorlage or a motion."""
    n = r.randint(2, 99)
    choices = [
        ("vorlage", f'Bebauungsplan Nr. {n} "{r.choice(FIELDS)}" - Aufstellungsbeschluss'),
        ("vorlage", f"Sanierung der {r.choice(FACILITIES)} {town_name} - Vergabe der Bauleistungen"),
        ("vorlage", f"Haushaltssatzung und Haushaltsplan {r.randint(2010, 2026)}"),
        ("vorlage", f"Zuschussantrag des {r.choice(CLUBS)} {town_name} e.V."),
        ("vorlage", f"Erneuerung der Straßenbeleuchtung in der {street(r)}"),
        ("vorlage", f"Jahresabschluss {r.randint(2010, 2025)} des Eigenbetriebs Abwasserbeseitigung"),
        ("vorlage", f"Änderung der Satzung über die Benutzung der {r.choice(FACILITIES)}"),
        ("vorlage", f"Beschaffung eines Fahrzeugs für den {r.choice(['Bauhof', 'Rettungsdienst', 'Winterdienst'])}"),
        ("vorlage", f"Neufassung der Gebührensatzung für die {r.choice(FACILITIES)}"),
        ("vorlage", f"Umgestaltung des Knotenpunktes {street(r)}/{street(r)}"),
        ("vorlage", f"Annahme von Spenden und Zuwendungen {r.randint(2010, 2026)}"),
        ("antrag", f"Tempo 30 vor der {r.choice(FACILITIES)} in der {street(r)}"),
        ("antrag", f"Zusätzliche Sitzbänke im Bereich {r.choice(FIELDS)}"),
        ("antrag", f"Prüfauftrag Photovoltaik auf dem Dach der {r.choice(FACILITIES)}"),
    ]
    return r.choice(choices)


@dataclass
class Gold:
    """The facts a careful reader takes from the document (the format of ../shared/corpus/gold.json)."""

    session: dict = field(default_factory=dict)
    present: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    substitutes: list = field(default_factory=list)
    votes: list = field(default_factory=list)
    anfragen: list = field(default_factory=list)
    nonpublic_marker: str | None = None

    def attend(self, person: Person | str, group: str | None) -> None:
        self.present.append([person if isinstance(person, str) else person.family, group])

    def vote(self, item: str, outcome: str, unanimous: bool | None = None, yes: int | None = None,
             no: int | None = None, abstentions: int | None = None) -> None:
        v = {"item": item, "outcome": outcome, "unanimous": unanimous, "yes": yes, "no": no, "abstentions": abstentions}
        self.votes.append({k: x for k, x in v.items() if x is not None})

    def as_dict(self) -> dict:
        out: dict = {"session": {k: v for k, v in self.session.items() if v is not None}}
        for key in ("present", "absent", "substitutes", "votes", "anfragen"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.nonpublic_marker:
            out["nonpublic_marker"] = self.nonpublic_marker
        return out


@dataclass
class Doc:
    """One generated document: its text (or bytes for an HTML page with its own charset) and its gold."""

    family: str
    variant: str
    text: str
    gold: Gold
    ext: str = ".txt"
    charset: str | None = None    # an HTML page's declared charset; None: the generator decides
    slug: str = ""                # for the file name


@dataclass
class Vote:
    """How an item ended, before a layout words it."""

    outcome: str                   # accepted | rejected | noted | postponed | withdrawn | amended
    unanimous: bool | None = None
    yes: int | None = None
    no: int | None = None
    abstentions: int | None = None


def counted_vote(r: random.Random, voting: int, unanimous_share: float = 0.45) -> Vote:
    """A vote with counts that add up to at most ``voting`` members."""
    voting = max(voting, 3)
    cast = voting - (r.randint(0, 2) if voting > 6 else 0)
    if r.random() < unanimous_share:
        abst = r.choice([0, 0, 0, 1, 2]) if cast > 4 else 0
        return Vote("accepted", True, cast - abst, 0, abst)
    no = r.randint(1, max(1, cast // 2))
    abst = r.randint(0, min(3, cast - no - 1))
    yes = cast - no - abst
    if r.random() < 0.15:
        yes, no = no, yes
    return Vote("accepted" if yes > no else "rejected", False, yes, no, abst)


def cells(row: list[tuple[int, int, str]]) -> list[str]:
    """A table row as pdftotext -layout prints it: each (column, width, text) cell wrapped within its width
    (at spaces and after hyphens: "GRÜNE-" / "Fraktion") and its pieces set at the column."""
    pieces = [(x, textwrap.wrap(text, width, break_long_words=False) or [""]) for x, width, text in row]
    lines = []
    for k in range(max(len(p) for _, p in pieces)):
        line = ""
        for x, p in pieces:
            if k < len(p) and p[k]:
                line = line.ljust(x) if len(line) < x or not line else line + " "
                line += p[k]
        lines.append(line.rstrip())
    return lines


def letter_spaced(word: str) -> str:
    """"N i e d e r s c h r i f t"."""
    return " ".join(word)
