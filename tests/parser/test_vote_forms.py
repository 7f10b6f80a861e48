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
