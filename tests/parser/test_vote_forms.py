"""Vote phrasings of German minutes: outcome, unanimity and counts; several votes in one item; check_counts."""
from __future__ import annotations

import pytest

import transforms
from transforms.minutes.decisions import parse_result


@pytest.mark.parametrize("text, outcome, unanimous, yes, no, abstentions", [
    ("Ja: 5, Nein: 11", "rejected", False, 5, 11, None),
    ("Abstimmungsergebnis: 19:0:0", "accepted", True, 19, 0, 0),
    ("5 dafür 0 dagegen 0 Enthaltungen", "accepted", True, 5, 0, 0),
    ("mit 44 Ja-Stimmen gegen 22 Nein-Stimmen bei 1 Enthaltung beschlossen", "accepted", False, 44, 22, 1),
    ("einstimmig bei 2 Enthaltungen beschlossen", "accepted", True, None, 0, 2),
    ("Die erforderliche Mehrheit wurde nicht erreicht", "rejected", None, None, None, None),
    ("Ja-Stimmen: 12 Nein-Stimmen: 6 Enthaltungen: 1 Befangen: 2", "accepted", False, 12, 6, 1),
    ("Zustimmung: 9 Ablehnung: 1 Enthaltung: 1", "accepted", False, 9, 1, 1),
    ("zur Kenntnis genommen", "noted", None, None, None, None),
    ("mehrheitlich vertagt", "postponed", False, None, None, None),
    ("zurückgezogen", "withdrawn", None, None, None, None),
    ("in den Hauptausschuss verwiesen", "referred", None, None, None, None),
    ("geändert beschlossen", "amended", None, None, None, None),
    ("mit großer Mehrheit abgelehnt", "rejected", False, None, None, None),
    ("Der Antrag wird mit 5 zu 8 Stimmen abgelehnt", "rejected", False, 5, 8, None),
    ("mit Stimmenmehrheit (9 Ja, 3 Nein, 1 Enthaltung) beschlossen", "accepted", False, 9, 3, 1),
    ("mehrheitlich dagegen", "rejected", False, None, None, None),
    ("7 Ja-Stimmen; 2 Nein-Stimmen; 1 Enthaltung", "accepted", False, 7, 2, 1),
    ("dafür: 10, Enth.: 1", None, None, 10, None, 1),
    ("ohne Gegenstimmen bei 2 Enthaltungen angenommen", "accepted", True, None, 0, 2),
    ("mit 10 gegen 5 Stimmen abgelehnt", "rejected", False, 5, 10, None),   # the majority's number first
    ("mit 10 gegen 5 Stimmen angenommen", "accepted", False, 10, 5, None),
    ("mit 10 Ja- und 5 Nein-Stimmen beschlossen", "accepted", False, 10, 5, None),
    ("Stimmen dafür 9  Stimmen dagegen 23  Enthaltungen 0", "rejected", False, 9, 23, 0),
    ("4 Ja  /  14 Nein  /  0 Enthaltungen", "rejected", False, 4, 14, 0),
])
def test_result_phrasings(text, outcome, unanimous, yes, no, abstentions):
    got = parse_result(text)
    assert (got["outcome"], got["unanimous"], got["yes"], got["no"], got["abstentions"]) == (
        outcome, unanimous, yes, no, abstentions)


def test_befangen_and_members_present():
    got = parse_result("Ja: 9, Nein: 0, Enthaltungen: 0, Befangen: 1; Anwesend: 10")
    assert (got["recused"], got["members_present"], got["unanimous"]) == (1, 10, True)


MINUTES = """Niederschrift über die Sitzung des Bauausschusses am 02.06.2025

Anwesend:
SPD
Herr Anton Berg
Frau Berta Kurz
CDU
Herr Carl Lang

TOP 1 Bebauungsplan Nord

Über den Änderungsantrag der CDU wird zuerst abgestimmt.
Abstimmungsergebnis: Ja: 1, Nein: 2, Enthaltungen: 0

Beschluss:
Der Bebauungsplan wird beschlossen.
Abstimmungsergebnis: 12 : 0
"""


def test_several_votes_in_one_item_and_counts_checked_against_attendance():
    doc = transforms.parse_document(MINUTES.encode(), "bau.txt")
    assert [(d.item_number, d.outcome, d.yes, d.no) for d in doc.decisions] == [
        ("1", "rejected", 1, 2), ("1", "accepted", 12, 0)]
    assert [d.decision_text for d in doc.decisions][1] == "Der Bebauungsplan wird beschlossen."
    # 12 votes counted with three members present: the count cannot be right, a warning says so
    assert any("12 votes counted but only 3 members present" in w.message for w in doc.warnings)
    assert not any("1 +" in w.message or "3 votes" in w.message for w in doc.warnings)


def _item_votes(block: str) -> list[tuple]:
    text = ("Niederschrift über die Sitzung des Ausschusses für Umwelt am 03.03.2025\n\nAnwesend:\nHerr Hans Muster\n"
            "Frau Eva Beispiel\n\nTOP 1 Eröffnung\n\nDer Vorsitzende eröffnet die Sitzung.\n\nTOP 2 Radverkehrskonzept\n\n"
            f"{block}\n\nTOP 3 Verschiedenes\n\nKeine Wortmeldungen.\n")
    doc = transforms.parse_document(text.encode(), "umwelt.txt")
    return [(d.item_number, d.outcome, d.unanimous, d.yes, d.no, d.abstentions) for d in doc.decisions]


@pytest.mark.parametrize("block, votes", [
    # one option a line, number first (Hesse)
    ("Beschluss:\nDer Ausschuss empfiehlt, dem Konzept zuzustimmen.\n\nAbstimmungsergebnis:\n7 Ja-Stimmen\n2 Nein-Stimmen\n"
     "1 Enthaltung", [("2", "accepted", False, 7, 2, 1)]),
    # counts with their groups under the result
    ("Der Ausschuss beschließt das Konzept.\n\nAbstimmungsergebnis:   Mit Stimmenmehrheit beschlossen\n\n"
     "      18 Ja-Stimmen (13 CDU, 5 FW)\n\n      3 Nein-Stimmen (2 Grüne, 1 SPD)\n\n      13 Enthaltungen (10 SPD, 2 FDP, 1 Grüne)",
     [("2", "accepted", False, 18, 3, 13)]),
    ("Der Ausschuss stimmt dem Konzept zu.\n\nAbst.-Erg.: einstimmig dafür", [("2", "accepted", True, None, 0, None)]),
    # a result at the item's top, its counts (and again with groups) further down: one vote
    ("Beschluss: mehrheitlich beschlossen\n\nAbstimmung: dafür: 10, Enth.: 1\n\nBeschlussempfehlung an den Rat zu Ziffer 1.\n\n"
     "Wie Vorlage\n\ndafür:      10 (4 SPD, 3 CDU, 2 BÜNDNIS 90/DIE GRÜNEN, 1 FDP)\n\nEnth.:       1 (BÜRGERLISTE)",
     [("2", "accepted", False, 10, None, 1)]),
    ("Beschluss: mehrheitlich abgelehnt\n\nBeschlussempfehlung an den Rat:\n\nWie Antrag\n\n\ndafür:     2  (2 BÜRGERLISTE)\n\n"
     "dagegen:  13  (4 CDU, 4 SPD, 2 BÜNDNIS 90/DIE GRÜNEN, 1 FDP, 1 Die Unabhängigen, 1 OP)",
     [("2", "rejected", False, 2, 13, None)]),
    # two votes stay two
    ("Über den Änderungsantrag wird zuerst abgestimmt.\n\nBeschluss: einstimmig abgelehnt\n\nBeschluss:\n"
     "Der Ausschuss beschließt das Konzept.\n\nAbstimmungsergebnis: Ja: 8, Nein: 2, Enthaltungen: 0",
     [("2", "rejected", True, None, 0, None), ("2", "accepted", False, 8, 2, 0)]),
])
def test_vote_blocks_of_real_councils(block, votes):
    assert _item_votes(block) == votes


def test_a_result_stated_above_its_beschluss_gets_the_beschluss_text():
    text = ("Niederschrift über die Sitzung des Stadtrates am 03.03.2025\n\nAnwesend:\nHerr Hans Muster\nFrau Eva Beispiel\n\n"
            "TOP 1 Geschäftsordnung\n\nBeschluss: Mehrheitlich beschlossen\n\nAbstimmung: Ja: 22, Nein: 3, Anwesend: 25\n\n"
            "Beschluss:\n\nDer Stadtrat beschließt, dass die bestehende Geschäftsordnung weiter gilt.\n\nTOP 2 Verschiedenes\n\nKeine.\n")
    doc = transforms.parse_document(text.encode(), "to0050.txt")
    assert [(d.item_number, d.outcome, d.yes, d.no, d.members_present, d.decision_text) for d in doc.decisions] == [
        ("1", "accepted", 22, 3, 25, "Der Stadtrat beschließt, dass die bestehende Geschäftsordnung weiter gilt.")]


@pytest.mark.parametrize("block", [
    "Beschluss:\nDer Ausschuss beschließt den Plan.\nAbstimmungsergebnis:\n| Ja | Nein | Enthaltung |\n| 10 | 2 | 1 |",
    "Beschluss:\nDer Ausschuss beschließt den Plan.\nAbstimmungsergebnis:\nJa\tNein\tEnthaltung\n10\t2\t1",
    "Der Ausschuss beschließt den Plan.\nAbstimmung: angenommen (10/2/1)",
    "Der Ausschuss beschließt den Plan.\n(10 Ja, 2 Nein, 1 Enthaltung)"])
def test_counts_in_a_row_under_their_options_a_slash_ratio_and_in_parentheses(block):
    doc = transforms.parse_document(("Niederschrift über die Sitzung des Bauausschusses am 12.03.2024\n\nAnwesend:\n"
                                     f"Herr Hans Amel (CDU)\n\nTOP 1 Bebauungsplan\n\n{block}\n").encode(), "m.txt")
    assert [(d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions] == [("accepted", 10, 2, 1)]
