"""The header forms of German minutes: dates, Gremium (nominative from genitive and key-value forms),
session numbers, start and end times, headings. Each case is a small minutes text; the facts must be read."""
from __future__ import annotations

import pytest

import transforms

ATTENDANCE = "\nAnwesend:\nHerr Anton Berg\n"


def _session(text: str):
    return transforms.parse_document((text + ATTENDANCE).encode(), "x.txt").session


@pytest.mark.parametrize("head, date", [
    ("Niederschrift über die Sitzung des Rates am 25.09.2014", "2014-09-25"),
    ("Niederschrift über die Sitzung des Rates am 25.09.14", "2014-09-25"),
    ("Niederschrift über die Sitzung des Rates am 25. September 2014", "2014-09-25"),
    ("Niederschrift über die Sitzung des Rates am Donnerstag, den 25.09.2014", "2014-09-25"),
    ("Niederschrift über die Sitzung des Rates vom 25.09.2014", "2014-09-25"),
    ("NIEDERSCHRIFT\nTermin: Mittwoch, 26.11.2025\nBeginn: 18:00 Uhr", "2025-11-26"),
    ("Protokoll\nGremium: Hauptausschuss\nDatum\n01.09.2022", "2022-09-01"),
    ("Beschlussprotokoll\nSitzungstermin: 22.03.2022", "2022-03-22"),
    ("Stadt Beispiel, 30.11.2023\nNiederschrift\nüber die Sitzung des Rates\nam 16.11.2023", "2023-11-16"),
    ("Niederschrift über die Sitzung des Rates am 16.11.2023\n\nTOP 1 Genehmigung der Niederschrift vom 19.10.2023",
     "2023-11-16"),
    # an Amtsblatt's report as the title; in the items such a line reports another session
    ("Bericht über die öffentliche Sitzung des Gemeinderats am 16.05.2019", "2019-05-16"),
    ("Niederschrift über die Sitzung des Rates am 16.11.2023\n\nTOP 1 Berichte\n\n"
     "Bericht über die Sitzung des Ältestenrates vom 01.03.2023", "2023-11-16"),
])
def test_dates(head, date):
    assert _session(head).session_date == date


@pytest.mark.parametrize("head, body", [
    ("Niederschrift über die Sitzung des Digitalisierungsausschusses am 30.11.2023", "Digitalisierungsausschuss"),
    ("Niederschrift über die 12. Sitzung des Stadtbezirksrates Nord am 06.03.2019", "Stadtbezirksrat Nord"),
    ("Niederschrift über die Sitzung des Ortschaftsrates Bühl am 06.03.2019", "Ortschaftsrat Bühl"),
    ("N I E D E R S C H R I F T\nüber die öffentliche Sitzung der Gemeindevertretung Kleinfelde vom 12.09.2018",
     "Gemeindevertretung Kleinfelde"),
    ("Niederschrift über die Sitzung des Marktgemeinderates Tannenbrunn am 19.04.2016", "Marktgemeinderat Tannenbrunn"),
    ("Protokoll der Sitzung der Bezirksversammlung Altona am 12.05.2014", "Bezirksversammlung Altona"),
    ("Protokoll der 19. Sitzung der Bezirksverordnetenversammlung Pankow am 12.05.2022",
     "Bezirksverordnetenversammlung Pankow"),
    ("Niederschrift über die Sitzung der Ratsversammlung am 27.02.2019", "Ratsversammlung"),
    ("Öffentliche Niederschrift\nGremium: Ausschuss für Umwelt und Klima\nDatum: 03.06.2025", "Ausschuss für Umwelt und Klima"),
    ("Niederschrift über die Sitzung des Rates der Stadt Bielefeld am 14.12.2023", "Rat der Stadt Bielefeld"),
    ("Niederschrift über die Sitzung des Kreistages Lippe am 14.12.2023", "Kreistag Lippe"),
    # the session's number is not part of the name (each session would be a Gremium of its own)
    ("Niederschrift über die Sitzung des Gemeinderates Lindenhain Nr. 11/2022 vom 09.11.2022", "Gemeinderat Lindenhain"),
])
def test_gremium(head, body):
    assert _session(head).committee == body


@pytest.mark.parametrize("head, number", [
    ("Niederschrift über die 27. Sitzung des Rates am 14.12.2023", 27),
    ("Niederschrift\nSitzung Nr. 24 des Hauptausschusses am 14.12.2023", 24),
    ("Niederschrift über die Sitzung des Bezirksausschusses am 14.12.2023\nBVMi/019/2022", 19),
    ("Niederschrift über die Sitzung des Rates am 14.12.2023\n- Nr. 5/2008, ka -", None),
    ("Niederschrift über die Sitzung des Rates am 14.12.2023\nSI/2019/744", None),
])
def test_session_number(head, number):
    assert _session(head).session_number == number


@pytest.mark.parametrize("times, start, end", [
    ("Beginn: 19:30Uhr\nEnde: 21:05 Uhr", "19:30", "21:05"),
    ("Beginn der Sitzung: 20.00 Uhr\nEnde der Sitzung: 22.15 Uhr", "20:00", "22:15"),
    ("Sitzungsdauer: 16:00 Uhr bis 18:45 Uhr", "16:00", "18:45"),
    ("Sitzungsdauer: 15:00 - 16:41 Uhr", "15:00", "16:41"),
    ("Zeit 17:00-21:35 Uhr", "17:00", "21:35"),
    ("Sitzungsbeginn:\n15:00 Uhr\nSitzungsende:\n19:30 Uhr", "15:00", "19:30"),
    ("Sitzungsbeginn: 14:00 Uhr\nSitzungsende: 19:42 Uhr", "14:00", "19:42"),
])
def test_times(times, start, end):
    s = _session("Niederschrift über die Sitzung des Rates am 14.12.2023\n" + times)
    assert (s.start_time, s.end_time) == (start, end)


@pytest.mark.parametrize("heading", ["PROTOKOLL", "Beschlussprotokoll", "N I E D E R S C H R I F T",
                                     "Öffentliche Niederschrift", "Sitzungsniederschrift", "Ergebnisniederschrift"])
def test_headings_make_minutes(heading):
    doc = transforms.parse_document(f"{heading}\nüber die Sitzung des Rates am 14.12.2023\n{ATTENDANCE}".encode(), "x.txt")
    assert doc.kind == "minutes" and doc.session.committee == "Rat"


def test_a_header_table_flattened_to_lines_gives_the_gremium_without_the_next_label():
    text = ("Auszug - Informationen des Bezirksbürgermeisters\n\n8. (öffentliche) Sitzung der Bezirksverordnetenversammlung\n"
            "TOP: Ö 5\nGremium: BVV Treptow-Köpenick Beschlussart: erledigt\nDatum: Do, 26.04.2012 Status: öffentlich\n"
            "Zeit: 16:30 - 20:45 Anlass: ordentliche\n\nDer Bezirksbürgermeister berichtet über den Haushalt.\n")
    doc = transforms.parse_document(text.encode(), "to020.txt")
    assert (doc.session.committee, doc.session.session_date, doc.session.start_time) == (
        "BVV Treptow-Köpenick", "2012-04-26", "16:30")


@pytest.mark.parametrize("line, start, end", [
    ("von 18.00 Uhr bis 20.15 Uhr", "18:00", "20:15"), ("18:00 – 20:15 Uhr", "18:00", "20:15"),
    ("Beginn: 18 Uhr Ende: 20 Uhr", "18:00", "20:00"), ("Beginn: 18.00 Uhr Ende: 21 Uhr", "18:00", "21:00")])
def test_a_time_range_alone_under_the_title_and_full_hours(line, start, end):
    doc = transforms.parse_document(f"Niederschrift über die Sitzung des Bauausschusses am 12.03.2024\n{line}\n\n"
                                    "Anwesend:\nHerr Hans Amel (CDU)\n\nTOP 1 Eröffnung\n\nDie Sitzung wird eröffnet.\n".encode(), "m.txt")
    assert (doc.session.start_time, doc.session.end_time) == (start, end)


@pytest.mark.parametrize("title, body", [
    ("Protokoll Ortschaftsrat Ebersweier 12.03.2024", "Ortschaftsrat Ebersweier"),
    ("Protokoll Gemeinderatssitzung 12.03.2024", "Gemeinderat"),
    ("Protokoll des Gemeinderates 12.03.2024", "Gemeinderat"),
    ("Niederschrift\nGemeinderat\nSitzung am 12.03.2024", "Gemeinderat"),
    ("Niederschrift\nBauausschuss\n12.03.2024", "Bauausschuss"),
    ("Protokoll\nOrtschaftsrat Ebersweier\nDienstag, 12.03.2024\nAuental, 30.03.2024", "Ortschaftsrat Ebersweier")])
def test_a_title_naming_the_body_without_ueber_die_gives_body_and_date(title, body):
    doc = transforms.parse_document(f"{title}\n\nAnwesend:\nHerr Hans Amel (CDU)\n\nTOP 1 Eröffnung\n\n"
                                    "Die Sitzung wird eröffnet.\n".encode(), "m.txt")
    assert (doc.session.committee, doc.session.session_date) == (body, "2024-03-12")
