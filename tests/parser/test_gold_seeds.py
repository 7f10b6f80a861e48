"""Gold tests: every table of every seed document, with values checked by hand against the texts."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tests.parser.conftest import rows

S000, S001, S002 = "2023-11-30", "2021-02-18", "2021-05-04"


# --------------------------------------------------------------------------- sessions
SESSION_COLUMNS = ["committee", "session_date", "start_time", "end_time", "location", "session_number",
                   "legislative_term", "chair", "chair_person_id", "recorder", "recorder_person_id",
                   "has_nonpublic_part", "minutes_date", "attendee_count"]


@pytest.mark.parametrize("date, expected", [
    (S000, ("Digitalisierungsausschuss", dt.date(2023, 11, 30), "17:00", "17:51", "Nowgorod-Raum, EG, Altes Rathaus",
            None, None, "Bernd Vollmer", "vollmer-bernd", "Solveig-Kristin Hannigk", "hannigk-solveig-kristin",
            False, None, 26)),
    (S001, ("Digitalisierungsausschuss", dt.date(2021, 2, 18), "17:00", "17:25", "Großer Saal im Neuen Rathaus",
            2, "2020-2025", "Bernd Vollmer", "vollmer-bernd", "Dieter Leifeld", "leifeld-dieter",
            False, dt.date(2021, 3, 1), 22)),
    (S002, ("Digitalisierungsausschuss", dt.date(2021, 5, 4), "17:00", "18:35", "Großer Saal im Neuen Rathaus",
            None, None, "Bernd Vollmer", "vollmer-bernd", "Dieter Leifeld", "leifeld-dieter",
            False, dt.date(2021, 5, 18), 24)),
])
def test_sessions(seed_tables, date, expected):
    assert rows(seed_tables["sessions"], date, SESSION_COLUMNS) == [expected]
    assert seed_tables["sessions"]["session_id"].tolist() == [
        "digitalisierungsausschuss-2021-02-18", "digitalisierungsausschuss-2021-05-04",
        "digitalisierungsausschuss-2023-11-30"]


# --------------------------------------------------------------------------- attendance
def test_attendance_000_every_row(seed_tables):
    got = rows(seed_tables["attendance"], S000,
               ["form_of_address", "academic_title", "given_name", "family_name", "position", "group", "group_type",
                "department", "status"])
    f, adm = "faction", "administration"
    org = "Amt für Organisation, IT und Zentrale Leistungen"
    expected = [
        ("Herr", None, "Carsten", "Krumhöfner", None, "CDU", f, None, "present"),
        ("Herr", "Dr.", "Simon", "Lange", None, "CDU", f, None, "present"),
        ("Herr", None, "Frank", "Strothmann", None, "CDU", f, None, "present"),
        ("Herr", None, "Marlon", "Thenhaus", None, "CDU", f, None, "present"),
        ("Frau", None, "Ayla", "Avvuran", None, "SPD", f, None, "present"),
        ("Herr", None, "Birol", "Keskin", None, "SPD", f, None, "present"),
        ("Frau", None, "Friederike", "Reimers", None, "SPD", f, None, "present"),
        ("Herr", None, "Michael", "Gorny", None, "Bündnis 90/Die Grünen", f, None, "present"),
        ("Frau", None, "Sarah", "Labarbe", None, "Bündnis 90/Die Grünen", f, None, "present"),
        ("Frau", None, "Kerstin", "Möller", None, "Bündnis 90/Die Grünen", f, None, "present"),
        ("Frau", None, "Hannelore", "Pfaff", None, "Bündnis 90/Die Grünen", f, None, "present"),
        ("Frau", None, "Sabine", "Bauckhage", None, "FDP", f, None, "present"),
        ("Herr", None, "Marvin", "Braungart", None, "AfD", f, None, "present"),
        ("Herr", None, "Christian", "Loth", None, "Die PARTEI", f, None, "present"),
        ("Herr", None, "Bernd", "Vollmer", None, "Die Linke", f, None, "present"),
        ("Frau", None, "Renate", "Worms", None, "Beratende Mitglieder", "advisory_member", None, "present"),
        ("Herr", None, None, "Kaschel", "Stadtkämmerer", "Verwaltung", adm, "Dezernat 1", "present"),
        ("Herr", None, None, "Klempsmann", None, "Verwaltung", adm, "Dezernat 1", "present"),
        ("Herr", None, None, "Imkamp", None, "Verwaltung", adm, "Dezernat 4", "present"),
        ("Herr", None, None, "Meier", None, "Verwaltung", adm, org, "present"),
        ("Frau", None, None, "Gajewi", None, "Verwaltung", adm, org, "present"),
        ("Frau", None, None, "Middeke", None, "Verwaltung", adm, "Digitalisierungsbüro", "present"),
        ("Frau", None, None, "Dzepina", None, "Verwaltung", adm, "Digitalisierungsbüro", "present"),
        ("Herr", None, None, "Kunkel", None, "Verwaltung", adm, "Amt für Schule", "present"),
        ("Herr", None, None, "Vidal", None, "Gäste", "guest", "Digitalbüro OWL", "present"),
        ("Frau", None, "Solveig-Kristin", "Hannigk", None, "Schriftführung", "recorder", None, "present"),
    ]
    # rows are sorted by person_id; compare as sets of rows plus the counts the issue names
    assert sorted(got, key=str) == sorted(expected, key=str)
    by_type = Counter(r[6] for r in got)
    assert by_type == {"faction": 15, "administration": 8, "advisory_member": 1, "guest": 1, "recorder": 1}
    assert len({r[5] for r in got if r[6] == "faction"}) == 7


def test_attendance_001_002_groups_and_departments(seed_tables):
    att = seed_tables["attendance"]
    for date, n_faction, admin in [
        (S001, 18, {("kaschel", "Stadtkämmerer", None),
                    ("meier", None, "Amt für Organisation, IT und Zentrale Leistungen"),
                    ("moss", None, "Dezernat 4")}),
        (S002, 18, {("eichler", None, "Digitalisierungsbüro"), ("kaschel", "Stadtkämmerer", None),
                    ("meier", None, "Amt für Organisation, IT und Zentrale Leistungen"),
                    ("moka-sabine", None, "Amt für Organisation, IT und Zentrale Leistungen"),
                    ("thias", None, "Amt für Organisation, IT und Zentrale Leistungen")}),
    ]:
        got = rows(att, date, ["person_id", "group", "group_type", "position", "department"])
        assert Counter(r[2] for r in got)["faction"] == n_faction
        assert {(r[0], r[3], r[4]) for r in got if r[2] == "administration"} == admin
        assert {r[1] for r in got if r[2] == "faction"} == {
            "CDU", "SPD", "Bündnis 90/Die Grünen", "BfB", "FDP", "Die PARTEI", "AfD", "Die Linke"}
    assert ("leifeld-dieter", "Schriftführung", "recorder", None, None) in rows(
        att, S001, ["person_id", "group", "group_type", "position", "department"])


def test_persons_are_one_across_sessions(seed_tables):
    persons = seed_tables["persons"].set_index("person_id")
    lange = persons.loc["lange-simon"]
    assert (lange.session_count, lange.given_name, lange.family_name, lange.academic_title, lange.groups) == (
        3, "Simon", "Lange", "Dr.", "CDU")
    assert lange.first_session_id == "digitalisierungsausschuss-2021-02-18"
    assert lange.last_session_id == "digitalisierungsausschuss-2023-11-30"
    three = sorted(persons.index[persons.session_count == 3])
    assert three == ["avvuran-ayla", "kaschel", "krumhoefner-carsten", "labarbe-sarah", "lange-simon", "meier",
                     "strothmann-frank", "vollmer-bernd"]
    assert len(persons) == 46


# --------------------------------------------------------------------------- agenda items
AGENDA_COLUMNS = ["item_number", "parent_number", "item_type", "paper_reference", "outcome", "replaced_by"]
A, M, Q, V, B, O, P = "motion", "notice", "inquiry", "proposal", "report", "other", "presentation"
G, AE = "minutes_approval", "amendment"


def test_agenda_000(seed_tables):
    assert rows(seed_tables["agenda_items"], S000, AGENDA_COLUMNS) == [
        ("1", None, G, None, "decided", None),
        ("2", None, M, None, None, None),
        ("2.1", "2", M, None, "noted", None),
        ("2.2", "2", M, None, "noted", None),
        ("2.3", "2", M, None, "noted", None),
        ("2.4", "2", M, None, "noted", None),
        ("3", None, Q, None, None, None),
        ("3.1", "3", Q, "6978/2020-2025", "noted", None),
        ("3.2", "3", Q, "7183/2020-2025", "postponed", None),
        ("4", None, A, None, None, None),
        ("4.1", "4", A, "6983/2020-2025", "first_reading", None),
        ("4.1.1", "4.1", AE, "7031/2020-2025", "first_reading", None),
        ("4.2", "4", A, "6961/2020-2025", "postponed", None),
        ("5", None, B, None, "noted", None),
        ("6", None, B, "7141/2020-2025", "noted", None),
        ("7", None, V, "7060/2020-2025", "noted", None),
        ("8", None, B, "7050/2020-2025", "noted", None),
        ("9", None, O, None, "postponed", None),
        ("10", None, B, None, "no_report", None),
    ]
    titles = dict(rows(seed_tables["agenda_items"], S000, ["item_number", "title"]))
    assert titles["1"] == ("Genehmigung des öffentlichen Teils der Niederschrift über die 27. Sitzung des "
                           "Digitalisierungsausschusses am 26.10.2023")
    assert titles["2.2"] == 'Sachstand "Neue digitale Schulplattform in Schulen städtischer Trägerschaft im Einsatz"'
    # a title split over two and three lines, with a word broken by a hyphen
    assert titles["7"] == "Informationen zum Projekt „Digitaler Zwilling Stadtlabor Sennenestadt“"
    assert titles["8"] == ("Sachstandsbericht zur Umsetzung der Digitalstrategie und des Medienentwicklungsplans "
                           "für die allgemeinbildenden Schulen 2023 - 2027")
    assert titles["4.2"] == ('Antrag der Fraktionen SPD, BÜNDNIS 90/ DIE GRÜNEN, DIE LINKE "Einführung eines '
                             'Digitalen Kummerkastens"')


def test_agenda_001(seed_tables):
    assert rows(seed_tables["agenda_items"], S001, AGENDA_COLUMNS) == [
        ("1", None, G, None, "decided", None),
        ("2", None, M, None, None, None),
        ("2.1", "2", M, None, None, None),
        ("2.2", "2", M, None, None, None),
        ("3", None, Q, None, None, None),
        ("3.1", "3", Q, "0623/2020-2025", None, None),
        ("3.2", "3", Q, "0624/2020-2025", None, None),
        ("3.3", "3", Q, "0625/2020-2025", None, None),
        ("3.4", "3", Q, "0698/2020-2025", None, None),
        ("4", None, A, None, None, None),
        ("4.1", "4", A, "0595/2020-2025", "replaced", "4.3"),
        ("4.1.1", "4.1", AE, "0733/2020-2025", "decided", None),
        ("4.2", "4", A, "0605/2020-2025", "replaced", "4.3"),
        ("4.3", "4", A, "0738/2020-2025", "decided", None),
        ("5", None, V, "0297/2020-2025", None, None),
        ("6", None, O, None, None, None),
        ("6.1", "6", O, None, None, None),
        ("6.2", "6", O, None, None, None),
    ]
    titles = dict(rows(seed_tables["agenda_items"], S001, ["item_number", "title"]))
    # "Zu Punkt 1 / Vor Eintritt in die Tagesordnung / ... / Genehmigung ...": the title is the later heading
    assert titles["1"] == ("Genehmigung des öffentlichen Teils der Niederschrift über die Sitzung des "
                           "Digitalisierungsausschusses am 14.01.2021")
    assert titles["2.2"] == 'Mitteilung "Digitaler Einbürgerungsantrag"'


def test_agenda_002(seed_tables):
    assert rows(seed_tables["agenda_items"], S002, AGENDA_COLUMNS) == [
        ("1", None, G, None, "decided", None),
        ("2", None, M, None, None, None),
        ("2.1", "2", M, None, None, None),
        ("3", None, Q, None, None, None),
        ("3.1", "3", Q, "1362/2020-2025", None, None),
        ("3.2", "3", Q, "1387/2020-2025", None, None),
        ("3.3", "3", Q, "1403/2020-2025", None, None),
        ("3.4", "3", Q, "1404/2020-2025", None, None),
        ("3.5", "3", Q, "1405/2020-2025", None, None),
        ("3.6", "3", Q, "1415/2020-2025", None, None),
        ("3.7", "3", Q, "1422/2020-2025", None, None),
        ("4", None, A, None, None, None),
        ("4.1", "4", A, "1386/2020-2025", "withdrawn", None),
        ("5", None, V, "1210/2020-2025", "noted", None),
        ("6", None, V, "0940/2020-2025", "first_reading", None),
        ("7", None, V, "0751/2020-2025", "decided", None),
        ("8", None, P, None, None, None),
        ("9", None, P, None, None, None),
        ("10", None, B, None, None, None),
        ("10.1", "10", O, None, None, None),
    ]
    titles = dict(rows(seed_tables["agenda_items"], S002, ["item_number", "title"]))
    assert titles["6"] == "Beschluss der Bielefelder Nachhaltigkeitsstrategie"
    assert titles["3.3"] == "Anfrage Bündnis 90/Die GRÜNEN - Apps in Bielefeld"


# --------------------------------------------------------------------------- votes
VOTE_COLUMNS = ["item_number", "vote_number", "result_text", "outcome", "unanimous", "yes", "no", "abstentions",
                "deviates_from_proposal", "recommendation"]


def test_votes(seed_tables):
    votes = seed_tables["votes"]
    assert rows(votes, S000, VOTE_COLUMNS) == [
        # "einstimmig bei einigen Enthaltungen": unanimous, abstentions unknown (not zero)
        ("1", 1, "einstimmig bei einigen Enthaltungen beschlossen", "accepted", True, None, 0, None, False, False)]
    assert rows(votes, S001, VOTE_COLUMNS) == [
        ("1", 1, "bei einer Enthaltung einstimmig beschlossen", "accepted", True, None, 0, 1, False, False),
        ("4.1.1", 1, "mit großer Mehrheit beschlossen", "accepted", False, None, None, None, False, False),
        ("4.3", 1, "einstimmig beschlossen", "accepted", True, None, 0, None, False, False),
    ]
    assert rows(votes, S002, VOTE_COLUMNS) == [
        ("1", 1, "einstimmig beschlossen", "accepted", True, None, 0, None, False, False),
        ("7", 1, "abweichend vom Beschlussvorschlag einstimmig beschlossen", "accepted", True, None, 0, None, True,
         True),
    ]
    texts = dict(rows(votes, S001, ["item_number", "decision_text"]))
    assert texts["1"] == ("Der öffentliche Teil der Niederschrift über die 1. Sitzung des Digitalisierungsausschusses "
                          "am 14.01.2021 wird nach Inhalt und Form genehmigt.")
    assert texts["4.1.1"].startswith("Ergänzung: Zusätzlich soll die Stadt Bielefeld ein Konzept für eine Roadmap")
    assert texts["4.3"].endswith("Es ist zu prüfen, ob dies in Form eines QR-Codes geschehen kann.")
    text7 = rows(votes, S002, ["decision_text"])[1][0]
    assert text7.startswith("Der Digitalisierungsausschuss empfiehlt dem Rat zu beschließen: 1. Für die Umsetzung")
    assert text7.endswith("Die CDU-Fraktion stimmt mit dem Vorbehalt der Zustimmung des Finanz- und "
                          "Personalausschusses zu.")
    assert seed_tables["vote_counts"].empty  # no per-faction breakdowns in the seeds


# --------------------------------------------------------------------------- anfragen
ANFRAGE_COLUMNS = ["item_number", "paper_reference", "factions", "answered_by", "supplementary_questions", "status"]
GR = "Bündnis 90/Die Grünen"


def test_anfragen(seed_tables):
    anf = seed_tables["anfragen"]
    assert rows(anf, S000, ANFRAGE_COLUMNS) == [
        ("3.1", "6978/2020-2025", "CDU", "Verwaltung", 2, "answered"),
        ("3.2", "7183/2020-2025", "SPD", None, 0, "postponed"),
    ]
    assert rows(anf, S001, ANFRAGE_COLUMNS) == [
        ("3.1", "0623/2020-2025", GR, "WEGE mbH", 0, "answered"),
        ("3.2", "0624/2020-2025", GR, "Verwaltung", 1, "answered"),
        ("3.3", "0625/2020-2025", GR, "Verwaltung", 1, "answered"),
        ("3.4", "0698/2020-2025", "FDP", "Verwaltung", 2, "answered"),
    ]
    # written follow-up questions after the session count as supplementary questions
    assert rows(anf, S002, ANFRAGE_COLUMNS) == [
        ("3.1", "1362/2020-2025", "SPD", "Verwaltung", 0, "answered"),
        ("3.2", "1387/2020-2025", "FDP", "Verwaltung", 0, "answered"),
        ("3.3", "1403/2020-2025", GR, "Verwaltung", 2, "answered"),
        ("3.4", "1404/2020-2025", GR, "Verwaltung", 1, "answered"),
        ("3.5", "1405/2020-2025", GR, "Verwaltung", 2, "answered"),
        ("3.6", "1415/2020-2025", "Die Linke", "Verwaltung", 1, "answered"),
        ("3.7", "1422/2020-2025", "CDU", "Verwaltung", 1, "answered"),
    ]
    q = dict(rows(anf, S000, ["item_number", "question_text"]))
    a = dict(rows(anf, S000, ["item_number", "answer_text"]))
    assert q["3.1"] == ("Die Stadt Bielefeld war im Oktober von einem Hackangriff betroffen. Welche Bereiche waren "
                        "von dem Hackangriff betroffen und welchen Schaden hat der Cyberangriff angerichtet?")
    assert a["3.1"].startswith("Die städtische Internetseite www.bielefeld.de war am Donnerstag, 12. Oktober")
    assert a["3.1"].endswith("Auch weitere IT-Strukturen der Stadtverwaltung waren nicht Ziel des Angriffs.")
    assert a["3.2"] is None
    assert q["3.2"].startswith("Wie ist der aktuelle Stand in den vier Pilotkitas")
    # the discussion after an answer is not part of it
    a2 = dict(rows(anf, S002, ["item_number", "answer_text"]))
    assert a2["3.2"].endswith("Wir werden im Digitalisierungsausschuss weiter zum Projektfortschritt berichten.“")


# --------------------------------------------------------------------------- papers
def test_papers_from_motion_and_vorlage(seed_tables):
    papers = seed_tables["papers"].set_index("paper_id")
    motion = papers.loc[[i for i in papers.index if i.startswith("doc-") and papers.loc[i, "paper_type"] == "motion"][0]]
    assert motion.title == "Digitalstrategie für Bielefeld"
    assert motion.originator == "CDU; SPD; Bündnis 90/Die Grünen; Die Linke; FDP"
    assert motion.signatories == ("Dr. Simon Lange (CDU); Ayla Avvuran (SPD); Dominic Hallau (Bündnis 90/Die Grünen); "
                                  "Bernd Vollmer (Die Linke); Rainer Seifert (FDP)")
    assert motion.paper_reference is None or str(motion.paper_reference) == "<NA>"
    vorlage = papers.loc[[i for i in papers.index if papers.loc[i, "paper_type"] == "information_paper"][0]]
    assert (vorlage.title, vorlage.committee, vorlage.session_date, vorlage.signatories, vorlage.referenced_papers,
            vorlage.originator) == ("Einrichtung eines Digitalisierungsbüros in Bielefeld", "Digitalisierungsausschuss",
                                    dt.date(2019, 9, 10), "Kaschel (Stadtkämmerer)", "8687/2014-2020", "Verwaltung")


def test_papers_from_agenda_items(seed_tables):
    papers = seed_tables["papers"].set_index("paper_id")
    assert len(papers) == 30  # 28 Drucksachen dealt with in the three sessions + the two paper documents
    p = papers.loc["6961/2020-2025"]
    assert (p.paper_type, p.originator, p.consultation_count, p.first_session_id) == (
        "motion", "SPD; Bündnis 90/Die Grünen; Die Linke", 1, "digitalisierungsausschuss-2023-11-30")
    assert papers.loc["0751/2020-2025"].originator == "Verwaltung"
    assert papers.loc["6978/2020-2025"].paper_type == "inquiry"


def test_every_row_has_provenance(seed_tables, seed_docs):
    ids = {d.document_id: d for d in seed_docs.values()}
    for table, df in seed_tables.items():
        for r in df.itertuples():
            doc = ids[r.document_id]
            assert r.source_file == doc.source_file, table
            assert 1 <= r.line_start <= r.line_end <= doc.line_count, (table, r)


def test_seed_warnings_are_none(seed_docs):
    # the seeds are complete, well-formed documents: nothing to warn about
    assert {k: d.warnings for k, d in seed_docs.items()} == {k: [] for k in seed_docs}
