"""Layouts other councils use: TOP/Ö numbering, Rm/sB prefixes, "Nachname, Vorname", two columns,
absence sections, substitutes, vote counts in several forms, and bad input."""
from __future__ import annotations

import pytest

import transforms
from tests.parser.conftest import rows

OTHER_CITY = """\
Niederschrift
über die 12. Sitzung der Bezirksvertretung Mitte am Dienstag, den 05.03.2024

Sitzungsort: Rathaus, Raum 101
Beginn: 18.00 Uhr
Ende: 20.15 Uhr

Anwesend:

SPD-Fraktion
Rm Müller, Hans\t\tsB Schmidt, Erika
Rm Yilmaz, Deniz (ab 18:20 Uhr)

GRÜNE
sB Frau Dr. Anna von der Heide
Rm Peter Klein i. V. für Rm Otto Groß

Von der Verwaltung
Frau Beigeordnete Berg
Herr Weiß
Herr Schwarz
Amt für Verkehr
Umweltamt
Bauamt

Entschuldigt:
CDU
Rm Lehmann, Karl

Öffentliche Sitzung

Zu TOP Ö 1 Genehmigung der Niederschrift vom 06.02.2024

Beschluss:
Die Niederschrift wird genehmigt.
- mit 12 Ja-Stimmen, 3 Nein-Stimmen und 2 Enthaltungen beschlossen -

TOP 2 Radweg Hauptstraße

Drucksachen-Nr.: 1234/2020-2025

Beschluss:
Der Radweg wird gebaut.
Abstimmungsergebnis: Ja 9 / Nein 4 / Enthaltung 1 beschlossen

TOP 3 Antrag der CDU-Fraktion: Parkplätze

Beschluss:
Die Parkplätze bleiben.
- mit 10 Nein-Stimmen (SPD 6, Grüne 4) und 5 Ja-Stimmen (CDU 5) mehrheitlich abgelehnt -

Zu TOP Ö 4 Anfrage der Fraktion Bündnis 90/Die Grünen zu Baumfällungen

Drucksachen-Nr.: 1240/2020-2025

Frage:
Wie viele Bäume wurden gefällt?

Antwort der Verwaltung:
Es wurden 14 Bäume gefällt.

Zu TOP Ö 5 Verkehrsberuhigung

Beschluss:
Die Verwaltung prüft Tempo 30.
- bei 2 Gegenstimmen mehrheitlich beschlossen -

Bielefeld, den 12.03.2024

gez. Müller
Bezirksbürgermeister
"""


@pytest.fixture(scope="module")
def other():
    doc = transforms.parse_document(OTHER_CITY.encode("cp1252"), "bv-mitte-2024-03-05.txt")
    return doc, transforms.build_tables([doc])


def test_header(other):
    doc, tables = other
    s = doc.session
    assert (s.committee, s.session_date, s.start_time, s.end_time, s.location, s.session_number) == (
        "Bezirksvertretung Mitte", "2024-03-05", "18:00", "20:15", "Rathaus, Raum 101", 12)
    assert tables["sessions"]["session_id"].tolist() == ["bezirksvertretung-mitte-2024-03-05"]
    assert s.minutes_date == "2024-03-12"


def test_attendance_variants(other):
    doc, tables = other
    got = rows(tables["attendance"], "2024-03-05",
               ["person_id", "form_of_address", "academic_title", "given_name", "family_name", "position",
                "member_role", "group", "group_type", "department", "status", "substitute_for", "note"])
    by_id = {r[0]: r[1:] for r in got}
    assert by_id["mueller-hans"] == (None, None, "Hans", "Müller", None, "Rm", "SPD", "faction", None, "present", None, None)
    assert by_id["schmidt-erika"][5:9] == ("sB", "SPD", "faction", None)  # second column of a two-column line
    assert by_id["yilmaz-deniz"][9:] == ("partial", None, "ab 18:20 Uhr")
    assert by_id["von-der-heide-anna"][:6] == ("Frau", "Dr.", "Anna", "von der Heide", None, "sB")
    assert by_id["klein-peter"][9:11] == ("substitute", "Rm Otto Groß".split(" ", 1)[1])
    assert by_id["berg"][4:] == ("Beigeordnete", None, "Verwaltung", "administration", "Amt für Verkehr",
                                 "present", None, None)
    assert by_id["weiss"][8] == "Umweltamt" and by_id["schwarz"][8] == "Bauamt"
    assert by_id["lehmann-karl"][6:10] == ("CDU", "faction", None, "excused")
    # Groß is named only as the one Klein stands in for: a row that says so, never an attendee.
    assert by_id["gross-otto"][9:] == ("represented", None, "vertreten durch Peter Klein")
    assert len(got) == 10
    assert tables["sessions"]["attendee_count"].tolist() == [8]


def test_minutes_missing_a_field_are_read_not_rejected():
    """A Niederschrift without a date is still minutes: its rows, empty date, a warning saying what is missing."""
    doc = transforms.parse_document("Niederschrift über die Sitzung des Rates\n\nAnwesend:\nHerr Anton Berg\n".encode(),
                                    "no-date.txt")
    assert (doc.session.committee, doc.session.session_date) == ("Rat", None)
    assert [a.family_name for a in doc.attendees] == ["Berg"]
    assert any("no session date" in w.message for w in doc.warnings)
    tables = transforms.build_tables([doc])
    assert tables["sessions"]["session_id"].tolist() == [f"doc-{doc.document_id[:16]}"]


def test_agenda_and_votes(other):
    _, tables = other
    assert rows(tables["agenda_items"], "2024-03-05", ["item_number", "item_type", "paper_reference", "outcome"]) == [
        ("1", "minutes_approval", None, "decided"),
        ("2", "proposal", "1234/2020-2025", "decided"),
        ("3", "motion", None, "decided"),
        ("4", "inquiry", "1240/2020-2025", None),
        ("5", "other", None, "decided"),
    ]
    assert rows(tables["votes"], "2024-03-05", ["item_number", "outcome", "unanimous", "yes", "no", "abstentions"]) == [
        ("1", "accepted", False, 12, 3, 2),
        ("2", "accepted", False, 9, 4, 1),
        ("3", "rejected", False, 5, 10, None),
        ("5", "accepted", False, None, 2, None),
    ]
    assert sorted(rows(tables["vote_counts"], "2024-03-05", ["item_number", "option", "group", "count"])) == [
        ("3", "no", "Bündnis 90/Die Grünen", 4), ("3", "no", "SPD", 6), ("3", "yes", "CDU", 5)]
    assert rows(tables["anfragen"], "2024-03-05", ["factions", "question_text", "answer_text", "status"]) == [
        ("Bündnis 90/Die Grünen", "Wie viele Bäume wurden gefällt?", "Es wurden 14 Bäume gefällt.", "answered")]


def test_unpaired_lists_are_not_guessed():
    text = OTHER_CITY.replace("Bauamt\n", "")  # 3 names, 2 departments
    doc = transforms.parse_document(text.encode(), "x.txt")
    admin = [a for a in doc.attendees if a.group_type == "administration"]
    assert [a.department for a in admin] == [None, None, None]
    assert any("do not pair up" in w.message for w in doc.warnings)


def test_truncated_minutes_yield_what_they_contain_with_a_warning():
    text = OTHER_CITY[: OTHER_CITY.index("Zu TOP Ö 4")]
    doc = transforms.parse_document(text.encode(), "cut.txt")
    assert [i.item_number for i in doc.agenda_items] == ["1", "2", "3"]
    assert any("truncated" in w.message for w in doc.warnings)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (bytes(range(256)) * 40, "binary"),
    ("Einladung zum Sommerfest\n\nAm 12.07. im Rathaus.".encode(), "not a Niederschrift"),
])
def test_bad_input_is_rejected_with_a_reason(data, reason):
    with pytest.raises(transforms.DocumentRejected) as err:
        transforms.parse_document(data, "bad.txt")
    assert reason in err.value.reason


def test_an_invitation_is_not_minutes():
    invitation = ("Einladung\n\nzur Sitzung des Rates am 12.03.2024, 17:00 Uhr\n\nTagesordnung:\n\n"
                  "TOP 1 Eröffnung\nTOP 2 Haushalt 2024\nTOP 3 Verschiedenes\n").encode()
    with pytest.raises(transforms.DocumentRejected) as err:
        transforms.parse_document(invitation, "einladung.txt")
    assert "invitation" in err.value.reason and "Niederschrift" in err.value.reason
