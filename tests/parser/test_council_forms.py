"""Forms of real minutes beyond the corpus, one fact each: offices before names, who chairs, an agenda
of three parts, a paper line under an item's heading."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import transforms
from transforms.names import parse_name


@pytest.mark.parametrize("text, position, given", [
    ("wählbarer Bürger Momme Jensen", "wählbarer Bürger", "Momme"),
    ("Sachkundige Bürgerin Anna Schulz", "Sachkundige Bürgerin", "Anna"),
    ("bürgerliches Mitglied Hans Meier", "bürgerliches Mitglied", "Hans"),
    ("stellvertr. Ausschussvorsitzender Ralf Koch", "stellvertr. Ausschussvorsitzender", "Ralf"),
    ("LVB Dirk Ketelsen", "LVB", "Dirk"),
    ("Verwaltungspraktikant Thomas Ruck", "Verwaltungspraktikant", "Thomas"),
])
def test_offices_before_a_name_are_not_given_names(text, position, given):
    name = parse_name(text)
    assert (name.position, name.given_name) == (position, given)


def _attendees(lines: str):
    text = f"Niederschrift über die Sitzung des Ausschusses am 03.03.2025\n\nAnwesend sind:\n{lines}\n\nzu TOP 1. Eröffnung\n\nText.\n"
    return {a.family_name: a for a in transforms.parse_document(text.encode(), "a.txt").attendees}


def test_the_chair_is_the_one_whose_office_is_chairing_this_body():
    people = _attendees("Ausschussvorsitzender Hauke Petersen\nstellvertr. Ausschussvorsitzende Wiebke Carstensen\n"
                        "Vorsitzender Jugendbeirat Alexander Quast")
    assert {n: p.role for n, p in people.items()} == {"Petersen": "chair", "Carstensen": "member", "Quast": "member"}
    assert people["Carstensen"].position == "stellvertr. Ausschussvorsitzende"


def test_a_late_arrival_in_a_count_of_members_does_not_make_the_chair_late():
    text = ("Öffentliche Gemeinderatssitzung am 21. Oktober 2025\n\nAnwesend:\n"
            "Bürgermeisterin Carola Wiedmann als Vorsitzende\n"
            "Von den 14 Gemeinderäten sind 13 anwesend (Gemeinderäte Tobias Keller, Ingrid Maier ab TOP 3)\n\n"
            "Beginn: 19.00 Uhr\n\n1. Fragen der Einwohner\n\nKeine.\n\n2. Bebauungsplan Lindenäcker\n\n"
            "Der Gemeinderat beschließt die Aufstellung.\n\nAbstimmungsergebnis: einstimmig\n")
    people = {a.family_name: a for a in transforms.parse_document(text.encode(), "bw.txt").attendees}
    assert (people["Wiedmann"].status, people["Wiedmann"].note) == ("present", None)
    assert [(people[n].status, people[n].note) for n in ("Keller", "Maier")] == [("partial", "ab TOP 3")] * 2


AGENDA = ("N i e d e r s c h r i f t\n\nüber die öffentliche Sitzung des Finanzausschusses der Gemeinde Süderbrook "
          "vom 14.05.2024.\n\nAnwesend sind:\nAusschussvorsitzender Hauke Petersen\n\nT a g e s o r d n u n g\n\n"
          "I. Öffentlicher Teil\n1. Eröffnung der Sitzung\n2. Zuschuss für den Sportverein\n  Beschlussvorlage - 12/2024\n"
          "II. Nichtöffentlicher Teil\n{listed}III. Öffentlicher Teil\n4. Bekanntgaben\n\nI. Öffentlicher Teil\n\n"
          "zu TOP 1. Eröffnung der Sitzung\n\nDer Vorsitzende eröffnet die Sitzung.\n\n"
          "zu TOP 2. Zuschuss für den Sportverein\nBeschlussvorlage - 12/2024\n\nBeschluss:\nDer Ausschuss empfiehlt den Zuschuss.\n\n"
          "Abstimmungsergebnis: einstimmig\n\n{body_np}")


def test_an_agenda_of_three_parts_is_no_cut_and_items_keep_their_paper():
    doc = transforms.parse_document(AGENDA.format(listed="", body_np="II. Nichtöffentlicher Teil\n\n"
                                                  "III. Öffentlicher Teil\n\nzu TOP 4. Bekanntgaben\n\nKeine.\n").encode(), "sh.txt")
    items = [(i.item_number, i.title, i.paper_reference) for i in doc.agenda_items]
    assert items == [("1", "Eröffnung der Sitzung", None), ("2", "Zuschuss für den Sportverein", "12/2024"),
                     ("4", "Bekanntgaben", None)]
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("2", "accepted", True)]


def test_a_non_public_part_in_the_body_still_cuts_everything_after_it():
    secret = "zu TOP 3. Grundstücksangelegenheit GEHEIMSACHE\n\nVerkauf an GEHEIMSACHE.\n\n"
    doc = transforms.parse_document(AGENDA.format(
        listed="3. Grundstücksangelegenheit\n",
        body_np=f"II. Nichtöffentlicher Teil\n\n{secret}III. Öffentlicher Teil\n\nzu TOP 4. Bekanntgaben\n\nKeine.\n").encode(),
        "sh.txt")
    tables = transforms.build_tables([doc])
    assert "GEHEIMSACHE" not in "".join(df.to_csv() for df in tables.values())
    assert doc.session.has_nonpublic_part is True
    # the agenda's own list of non-public items is left out; the minutes' non-public part runs to the end
    assert [i.item_number for i in doc.agenda_items] == ["1", "2"]


def test_the_agendas_non_public_items_cut_the_minutes_at_their_own_item():
    """No non-public heading in the minutes themselves: the item the agenda lists as non-public is where they are cut."""
    text = ("N i e d e r s c h r i f t\n\nüber die öffentliche Sitzung der Gemeindevertretung der Gemeinde Süderbrook "
            "vom 11.12.2024.\n\nAnwesend sind:\nBürgermeister Horst Lange\nGemeindevertreterin Eva Brandt\n\n"
            "T a g e s o r d n u n g\n\nÖffentlich zu behandelnde Tagesordnungspunkte\n1. Eröffnung der Sitzung\n"
            "2. Kanalsanierung 2025\n  Beschlussvorlage - 37/2024\nNichtöffentlich zu behandelnde Tagesordnungspunkte\n"
            "3. Grundstücksangelegenheit\n\nzu TOP 1. Eröffnung der Sitzung\n\nDer Bürgermeister eröffnet die Sitzung.\n\n"
            "zu TOP 2. Kanalsanierung 2025\n\nBeschluss:\nDie Gemeindevertretung beschließt die Sanierung.\n\n"
            "Abstimmungsergebnis: einstimmig\n\nzu TOP 3. Grundstücksangelegenheit\n\nHerr GEHEIMNAME kauft das Flurstück.\n")
    doc = transforms.parse_document(text.encode(), "sh.txt")
    tables = transforms.build_tables([doc])
    assert "GEHEIMNAME" not in "".join(df.to_csv() for df in tables.values())
    assert [i.item_number for i in doc.agenda_items] == ["1", "2"]
    assert doc.session.has_nonpublic_part is True
    assert [(a.family_name, a.status) for a in doc.attendees] == [("Lange", "present"), ("Brandt", "present")]


_PARTS = {   # how an agenda printed before the items names its public and non-public parts
    "roman": ("I. Öffentlicher Teil", "II. Nichtöffentlicher Teil", "III. Öffentlicher Teil"),
    "sh": ("Öffentlich zu behandelnde Tagesordnungspunkte", "Nichtöffentlich zu behandelnde Tagesordnungspunkte",
           "Öffentlich zu behandelnde Tagesordnungspunkte"),
    "plain": ("Öffentliche Sitzung", "Nichtöffentliche Sitzung", "Öffentliche Sitzung"),
}
_HEADINGS = {"zu": "zu TOP {n}. {title}", "top": "TOP {n} {title}", "punkt": "Zu Punkt {n}\n\n{title}"}


@settings(max_examples=150, deadline=None)
@given(parts=st.sampled_from(sorted(_PARTS)), heading=st.sampled_from(sorted(_HEADINGS)),
       public=st.integers(1, 5), secret_items=st.integers(1, 3), body_heading=st.booleans(), after=st.booleans(),
       listed_in_agenda=st.booleans())
def test_no_text_of_a_non_public_item_is_published_whatever_the_agenda_says(parts, heading, public, secret_items,
                                                                          body_heading, after, listed_in_agenda):
    pub, nonpub, again = _PARTS[parts]
    titles = {n: f"Öffentliche Angelegenheit Nummer {n}" for n in range(1, public + 1)}
    secret = {n: f"Grundstück GEHEIM{n}X" for n in range(public + 1, public + secret_items + 1)}
    last = public + secret_items + 1
    agenda = [pub] + [f"{n}. {t}" for n, t in titles.items()]
    if listed_in_agenda:
        agenda += [nonpub] + [f"{n}. Grundstücksangelegenheit" for n in secret]
    if after:
        agenda += [again, f"{last}. Bekanntgaben"]
    body = [f"{_HEADINGS[heading].format(n=n, title=t)}\n\nDer Ausschuss berät.\n\nAbstimmungsergebnis: einstimmig"
            for n, t in titles.items()]
    if body_heading or not listed_in_agenda:
        body.append(nonpub)
    body += [f"{_HEADINGS[heading].format(n=n, title='Grundstücksangelegenheit')}\n\nVerkauf an {t} für GEHEIM{n}PREIS."
             for n, t in secret.items()]
    if after:
        body += [again, f"{_HEADINGS[heading].format(n=last, title='Bekanntgaben')}\n\nBekanntgabe: GEHEIMBESCHLUSS."]
    text = ("Niederschrift über die Sitzung des Finanzausschusses am 03.03.2025\n\nAnwesend:\nHerr Hans Muster\n\n"
            "Tagesordnung\n\n" + "\n".join(agenda) + "\n\n" + "\n\n".join(body) + "\n")
    doc = transforms.parse_document(text.encode(), "np.txt")
    published = "".join(df.to_csv() for df in transforms.build_tables([doc]).values())
    assert "GEHEIM" not in published
    assert doc.session.has_nonpublic_part is True
    assert {i.item_number for i in doc.agenda_items} <= {str(n) for n in titles}


def test_a_title_wrapped_by_the_page_stops_where_the_items_text_begins():
    text = ("Niederschrift über die öffentliche Sitzung der Gemeindevertretung der Gemeinde Escheburg\n"
            "am Dienstag, dem 07.03.2006, 20.00 Uhr\nAnwesend:\nBürgermeister Rainer Bork\n"
            "Gemeindevertreter Frank Lohmeyer\nAußerdem:\nArchitekt Haeseler zu Tagesordnungspunkten 5 bis 8\n"
            "Zu TOP 1.\nGenehmigung der Tagesordnung für den öffentlichen\nTeil\n"
            "Bürgermeister Bork teilt mit, dass die CDU-Fraktion beantragt habe, die Tagesordnung\nzu erweitern.\n"
            "Abstimmungsergebnis: einstimmig\nZu TOP 2.\nAnträge auf Änderung der Tagesordnung\nKeine.\n")
    doc = transforms.parse_document(text.encode(), "esch.txt")
    assert [(i.item_number, i.title, i.item_type) for i in doc.agenda_items] == [
        ("1", "Genehmigung der Tagesordnung für den öffentlichen Teil", "other"),
        ("2", "Anträge auf Änderung der Tagesordnung", "other")]
    guest = next(a for a in doc.attendees if a.family_name == "Haeseler")
    assert (guest.position, guest.given_name, guest.role) == ("Architekt", None, "guest")


def test_a_bare_zu_n_heading_is_an_item_only_where_the_agenda_lists_it():
    text = ("Niederschrift über die Sitzung des Stadtrates der Stadt Lindenau vom 14.11.2024\n\nAnwesend:\nHerr Hans Muster\n"
            "Frau Eva Beispiel\n\nTagesordnung:\n1. Anfrage zur Turnhalle\n2. Haushaltssatzung 2025\n\n"
            "zu 1. Anfrage zur Turnhalle\nDie Fraktion fragt:\n1. Wann beginnt der Bau?\n2. Was kostet er?\n"
            "Antwort der Verwaltung:\nZu 1. Der Bau beginnt im Mai.\nZu 2. Er kostet 2 Mio. Euro.\n\n"
            "zu 2. Haushaltssatzung 2025\nDer Stadtrat beschließt die Haushaltssatzung.\nAbstimmungsergebnis: einstimmig\n")
    doc = transforms.parse_document(text.encode(), "sn.txt")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Anfrage zur Turnhalle"), ("2", "Haushaltssatzung 2025")]
    assert [(d.item_number, d.unanimous) for d in doc.decisions] == [("2", True)]


VO0050 = ("Vorlage - 2024/0815\n\nBetreff: Neubau einer Kindertagesstätte im Baugebiet Am Lindenhof\nStatus: {status}\n"
          "Vorlage-Art: Beschlussvorlage\nFederführend: Amt für Jugend und Familie\n\nBeschlussvorschlag:\n"
          "Der Rat der Stadt beschließt den Neubau einer Kindertagesstätte.\n\nSachverhalt:\nIm Baugebiet entstehen 300 Wohnungen.\n")


def test_a_ris_page_of_a_vorlage_gives_its_subject_and_kind():
    doc = transforms.parse_document(VO0050.format(status="öffentlich").encode(), "vo0050.txt")
    paper = doc.papers[0]
    assert (paper.paper_type, paper.title, paper.paper_reference) == (
        "decision_proposal", "Neubau einer Kindertagesstätte im Baugebiet Am Lindenhof", "2024/0815")


def test_a_ris_page_of_a_non_public_vorlage_is_rejected_whole():
    with pytest.raises(transforms.DocumentRejected, match="non-public"):
        transforms.parse_document(VO0050.format(status="nichtöffentlich").encode(), "vo0050.txt")


@pytest.mark.parametrize("header", [
    "TOP: N 3\nGremium: Hauptausschuss\nDatum: Do, 26.04.2012 Status: nichtöffentlich\n",   # a flattened header table
    "TOP: N 3\nGremium: Hauptausschuss\nDatum: 26.04.2012\n",
    "Gremium: Hauptausschuss\nStatus: nichtöffentlich\nDatum: 26.04.2012\n",
])
def test_a_ris_page_of_a_non_public_item_is_rejected_whole(header):
    text = (f"Auszug - Grundstücksverkauf an GEHEIMFIRMA\n\n8. Sitzung des Hauptausschusses\n{header}\n"
            "Der Ausschuss beschließt den Verkauf an GEHEIMFIRMA.\n\nAbstimmungsergebnis: einstimmig\n")
    with pytest.raises(transforms.DocumentRejected, match="non-public"):
        transforms.parse_document(text.encode(), "to020.txt")


def test_a_protocol_titled_with_its_session_and_results_pointed_at():
    text = ("Protokoll der Ratssitzung vom 22.08.2017\n\nAnwesend:\nHerr Klaus Meier (SPD)\nFrau Anna Schulz (CDU)\n\n"
            "TOP 4.1\nErweiterung des Gestaltungsbeirats\nDie Fraktion bringt den Antrag ein.\n"
            "–> Antrag wird mehrheitlich abgelehnt\n\nTOP 4.2\nRadverkehr in der Innenstadt\n–> Antrag wird einstimmig angenommen\n")
    doc = transforms.parse_document(text.encode(), "bs.txt")
    assert doc.session.session_date == "2017-08-22"
    titled = transforms.parse_document(text.replace("Ratssitzung", "Gemeinderatssitzung").encode(), "gr.txt")
    assert (titled.session.committee, titled.session.session_date) == ("Gemeinderat", "2017-08-22")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("4.1", "Erweiterung des Gestaltungsbeirats"), ("4.2", "Radverkehr in der Innenstadt")]
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("4.1", "rejected", False),
                                                                                ("4.2", "accepted", True)]


def _parse(text: str):
    return transforms.parse_document(text.encode(), "m.txt")


def test_a_list_of_only_those_excused_is_read_with_their_fraktion_after_the_name():
    doc = _parse("Niederschrift über die Sitzung der Stadtverordnetenversammlung am 04.12.2025\n\n"
                 "Entschuldigt: Fraktion:\nHerr Albrecht SPD/FDP\nFrau Wendland Bürgerfraktion\nHerr Osterkamp CDU\n\n"
                 "Tagesordnung:\n1. Eröffnung der Sitzung\n\nzu 1. Eröffnung der Sitzung\nDer Vorsitzende eröffnet die Sitzung.\n")
    got = {(a.family_name, a.group, a.status) for a in doc.attendees}
    assert got == {("Albrecht", "SPD/FDP", "excused"), ("Wendland", "Bürgerfraktion", "excused"),
                   ("Osterkamp", "CDU", "excused")}


def test_an_excused_line_in_the_items_is_no_attendance_list():
    doc = _parse("Niederschrift über die Sitzung des Bauausschusses am 04.12.2025\n\nTagesordnung:\n"
                 "1. Bauanträge\n\nzu 1. Bauanträge\nEntschuldigt: Herr Albrecht SPD\nDer Ausschuss berät.\n")
    assert doc.attendees == []


@pytest.mark.parametrize("line, family, given, group", [
    ("Frau Anna Linke", "Linke", "Anna", None),           # a family name that is also a party's short name
    ("Herr Peter Grüne", "Grüne", "Peter", None),
    ("Herr Osterkamp CDU", "Osterkamp", None, "CDU"),
    ("Frau Dr. Berg AfD", "Berg", None, "AfD"),
])
def test_a_party_word_after_a_name_is_a_group_unless_it_is_a_plain_word(line, family, given, group):
    people = _attendees(line)
    assert [(p.family_name, p.given_name, p.group) for p in people.values()] == [(family, given, group)]


def test_a_title_wrapped_after_sitzung_gives_the_gremium():
    doc = _parse("Niederschrift über die öffentliche Sitzung\nder Stadtverordnetenversammlung der Stadt Lindenfurt am "
                 "Donnerstag, dem 04.12.2025,\nAula\n\nTagesordnung:\n1. Eröffnung\n\nzu 1. Eröffnung\n"
                 "Der Vorsitzende der Stadtverordnetenversammlung, Herr Dr. Kessler, eröffnet die Sitzung.\n")
    assert (doc.session.committee, doc.session.session_date) == ("Stadtverordnetenversammlung der Stadt Lindenfurt", "2025-12-04")
    assert doc.session.chair == "Kessler"


@pytest.mark.parametrize("title, ref", [
    ("Wahl eines Mitglieds des Werksausschusses (DS-Nr.: 131/2025)", "131/2025"),
    ("Gebührensatzung (DS-Nr.: 126-1/2025)", "126-1/2025"),
    ("Haushaltssatzung 2026 (Drucksache 119/2025)", "119/2025"),
    ("Bebauungsplan Nr. 12 (Vorlage 0845/2024)", "0845/2024"),
])
def test_a_paper_named_at_the_end_of_an_item_title_is_the_items_paper(title, ref):
    doc = _parse(f"Niederschrift über die Sitzung des Rates am 04.12.2025\n\nTagesordnung:\n1. {title}\n\n"
                 f"zu 1. {title}\nBeschluss:\nDer Rat beschließt.\nAbstimmungsergebnis: einstimmig\n")
    (item,) = doc.agenda_items
    assert (item.paper_reference, item.title) == (ref, title[: title.rindex(" (")])


def test_a_parenthesis_that_names_no_paper_stays_in_the_title():
    title = "Sanierung der Grundschule (2. Bauabschnitt)"
    doc = _parse(f"Niederschrift über die Sitzung des Rates am 04.12.2025\n\nTagesordnung:\n1. {title}\n\n"
                 f"zu 1. {title}\nDer Rat nimmt Kenntnis.\n")
    (item,) = doc.agenda_items
    assert (item.paper_reference, item.title) == (None, title)


def test_voting_and_non_voting_sections_with_a_chair_after_a_dash():
    people = _attendees("a) stimmberechtigt:\nJörn Petersen - Vorsitzender\nSilke Brodersen\n"
                        "b) nicht stimmberechtigt:\nMarten Lorenzen")
    assert {n: (p.role, p.position, p.department) for n, p in people.items()} == {
        "Petersen": ("chair", None, None), "Brodersen": ("member", None, None),
        "Lorenzen": ("advisory_member", None, None)}


@pytest.mark.parametrize("opening, chair", [
    ("Bürgermeister Pohl eröffnet die Sitzung und begrüßt die Anwesenden.", "Manfred Pohl"),
    ("Die Sitzung wird von Bürgermeister Manfred Pohl eröffnet.", "Manfred Pohl"),
    ("Bürgermeister Pohl berichtet über die Baustelle.", None),   # reporting is no chairing
    ("Der Vorsitzende, Gemeindevertreter Dr. Pohl, eröffnete um 17:00 Uhr die Sitzung.", "Manfred Pohl"),
    ("Vors. Prof. Dr. Pohl eröffnet die Sitzung um 14:14 Uhr.", "Manfred Pohl"),
    ("Der Altersvorsitzende Pohl eröffnet die konstituierende Sitzung.", "Manfred Pohl"),
])
def test_an_office_without_an_article_that_opens_the_session_is_the_chair(opening, chair):
    doc = _parse("N i e d e r s c h r i f t\n\nüber die öffentliche Sitzung der Gemeindevertretung der Gemeinde Güby "
                 "vom 12.12.2025.\n\nAnwesend sind:\nBürgermeister Manfred Pohl\nGemeindevertreter Werner Goos\n\n"
                 f"zu TOP 1. Eröffnung der Sitzung\n\n{opening}\n\nzu TOP 2. Mitteilungen\n\nKeine.\n")
    assert doc.session.chair == chair


_SH_HEAD = ("Niederschrift\nüber die öffentliche Sitzung der Gemeindevertretung der Gemeinde Lindholm\n"
            "am Dienstag, dem 07.03.2025, 20.00 Uhr, in Lindholm\nAnwesend:\nBürgermeister Rainer Ohlsen\n"
            "Gemeindevertreter Frank Lohse\nEs fehlen:\nGemeindevertreter Matthias Timm (e)\n")


def test_a_title_closed_by_a_dash_pair_does_not_run_into_the_decision():
    doc = _parse(_SH_HEAD + "Zu TOP 1.\nBebauungsplan Nr. 17, Gebiet: Hansingheim\n- Aufstellungsbeschluss -\n"
                 "Die Gemeindevertretung beschließt die Aufstellung des Bebauungsplanes Nr. 17.\n"
                 "Zu TOP 2.\nWahl des ersten Stellvertreters\nAbstimmung I: 3 x Ja-Stimmen, 1 x Enthaltung 1 x Nein-Stimme\n")
    assert [i.title for i in doc.agenda_items] == ["Bebauungsplan Nr. 17, Gebiet: Hansingheim - Aufstellungsbeschluss -",
                                                   "Wahl des ersten Stellvertreters"]
    votes = {d.item_number: (d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions}
    assert votes == {"1": ("accepted", None, None, None), "2": ("accepted", 3, 1, 1)}


@pytest.mark.parametrize("rows", [
    "Anzahl der Mitglieder: 13\ndavon anwesend: 12\nZustimmung: 11\nAblehnung: 0\nEnthaltung: 0\nBefangenheit: 1\n",
    "Anzahl der Mitglieder:\t13\ndavon anwesend:\t12\nZustimmung:\t11\nAblehnung:\t0\nEnthaltung:\t0\nBefangenheit:\t1\n",
])
def test_a_vote_table_with_members_present_and_recused(rows):
    doc = _parse(_SH_HEAD + "Ö 7.7 ländlicher Wegebau von der Landesstraße 03\n\nFrau Bräunig erklärt sich für befangen.\n\n"
                 f"Abstimmungsergebnis:\n{rows}\nÖ 7.8 Verschiedenes\n\nKeine.\n")
    assert [i.item_number for i in doc.agenda_items] == ["7.7", "7.8"]
    d, = doc.decisions
    assert (d.item_number, d.yes, d.no, d.abstentions, d.recused, d.members_present) == ("7.7", 11, 0, 0, 1, 12)


def test_a_status_column_glued_to_the_party_is_read_and_an_office_in_parentheses_is_a_position():
    people = _attendees("Dr. Burmeister, Herbert (DIE LINKE)anwesend\nStölzel, Claudia (GRÜNE/B90) anwesend\n"
                        "Kolberg, Joachim (CDU)entschuldigt\nBrühl, Ramona (BürgerBündnis) anwesend\n"
                        "Mücke, Markus (Bürgermeister)anwesend")
    got = {n: (p.given_name, p.group, p.status, p.position) for n, p in people.items()}
    assert got == {"Burmeister": ("Herbert", "Die Linke", "present", None),
                   "Stölzel": ("Claudia", "Bündnis 90/Die Grünen", "present", None),
                   "Kolberg": ("Joachim", "CDU", "excused", None),
                   "Brühl": ("Ramona", "BürgerBündnis", "present", None),
                   "Mücke": ("Markus", None, "present", "Bürgermeister")}
    assert people["Burmeister"].academic_title == "Dr."


@pytest.mark.parametrize("office, role", [
    ("Stadtverordnetenvorsteherin", "chair"), ("Bürgervorsteher", "chair"), ("Stadtpräsidentin", "chair"),
    ("Stellvertreterin der Stadtverordnetenvorsteherin", "member"), ("Ortsvorsteher", "member"),
])
def test_an_office_that_chairs_only_the_council_itself_makes_the_chair(office, role):
    people = _attendees(f"{office} Ingrid Lenz\nStadtverordneter Karl Otto (CDU)")
    assert (people["Lenz"].role, people["Otto"].role) == (role, "member")


_RP_HEAD = ("Niederschrift zur öffentlichen/nichtöffentlichen Sitzung des Gemeinderates der Ortsgemeinde Lindenthal\n\n"
            "am Dienstag, dem 12.02.2025 um 19:30 Uhr im Sitzungssaal der Ortsgemeinde.\n\nSitzungszeiten\n\n"
            "Öffentlicher Teil:\n\nvon 19:30 Uhr bis 20:07 Uhr\n\nNichtöffentlicher Teil:\n\nvon 20:08 Uhr bis 20:25 Uhr\n\n"
            "Öffentlicher Teil:\n\nvon 20:25 Uhr bis 20:26 Uhr\n\nVon den geladenen Mitgliedern sind anwesend:\n\n"
            "Der Vorsitzende: Michael Kranz\n\nErste Beigeordnete: Ute Beyer\n\n"
            "Die Ratsmitglieder: Dr. Klaus Altmann, Heribert Brandt, Diethelm Faust\n\nSchriftführerin: Birgit Schmied\n\n"
            "Außerdem anwesend: Wolfgang Böhm, Beigeordneter VG Lindenthal, Margit Dorn, Presse\n\n"
            "Entschuldigt fehlen:\n\nDie Ratsmitglieder: Dietmar Mauer, Michaela Nagel\n\n"
            "Der Vorsitzende eröffnet die Sitzung.\n\nTagesordnung:\n\nÖffentlicher Teil:\n\n1. Bauleitplanungen\n\n"
            "1.1. 22. Änderung des Flächennutzungsplanes\n\n2. Umbau der Bushaltestelle\n\n"
            "1. Bauleitplanungen\n\n1.1. 22. Änderung des Flächennutzungsplanes\n\nDer Gemeinderat stimmt der Änderung zu.\n\n"
            "Abstimmungsergebnis: einstimmig\n\n2. Umbau der Bushaltestelle\n\nDer Gemeinderat beschließt den Umbau.\n\n"
            "Abstimmungsergebnis: 12 Ja-Stimmen, 2 Nein-Stimmen, 1 Enthaltung\n")


def test_a_schedule_of_the_parts_is_no_cut_and_labelled_lists_with_articles_are_read():
    doc = _parse(_RP_HEAD)
    people = {a.family_name: (a.role, a.status) for a in doc.attendees}
    assert people == {"Kranz": ("chair", "present"), "Beyer": ("other", "present"), "Altmann": ("member", "present"),
                      "Brandt": ("member", "present"), "Faust": ("member", "present"), "Schmied": ("recorder", "present"),
                      "Böhm": ("administration", "present"), "Dorn": ("other", "present"), "Mauer": ("member", "excused"),
                      "Nagel": ("member", "excused")}   # no person "VG" or "Lindenthal"
    assert doc.session.committee == "Gemeinderat der Ortsgemeinde Lindenthal"


def test_items_numbered_as_their_agenda_above_them_are_the_items_and_a_title_may_begin_with_an_ordinal():
    doc = _parse(_RP_HEAD)
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Bauleitplanungen"), ("1.1", "22. Änderung des Flächennutzungsplanes"), ("2", "Umbau der Bushaltestelle")]
    assert [(d.item_number, d.yes) for d in doc.decisions] == [("1.1", None), ("2", 12)]


_AB = ("Niederschrift über die Sitzung des Ortsgemeinderates Weiler\n23.06.2025, 20:00 Uhr, im Rathaus\n\nAnwesend:\n\n"
       "1. Vorsitzender Ottmar Kappes\n2. Ratsmitglied Hermann Knecht\n3. von der Verwaltung: Friedhelm Schneider\n"
       "Jan-Hendrik Claßen (Protokollführer)\n\nDer Vorsitzende eröffnet die Sitzung.\n\nTagesordnung:\n"
       "A) Öffentliche Sitzung:\n\n  1. Verpflichtung der Ratsmitglieder\n  2. Wahl der Beigeordneten\n\n"
       "B) Nichtöffentliche Sitzung:\n\n  1. Grundstücksangelegenheiten\n\nA) Öffentliche Sitzung\nPunkt 1\n"
       "Verpflichtung der Ratsmitglieder\nDer Vorsitzende verpflichtet die Ratsmitglieder.\nPunkt 2\nWahl der Beigeordneten\n"
       "Gewählt ist Herr Knecht.\nB) Nichtöffentliche Sitzung\nPunkt 1\nGrundstücksangelegenheiten\nVerkauf an Familie Geheim.\n")


def test_public_and_non_public_parts_numbered_from_one_each():
    doc = _parse(_AB)
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Verpflichtung der Ratsmitglieder"), ("2", "Wahl der Beigeordneten")]
    assert doc.session.has_nonpublic_part
    assert doc.session.committee == "Ortsgemeinderat Weiler"
    assert "Geheim" not in transforms.parse_document(_AB.encode(), "m.txt").__repr__()
    assert {a.family_name: a.role for a in doc.attendees}["Claßen"] == "recorder"


def test_a_non_public_item_numbered_like_a_public_one_is_still_cut_when_its_title_differs():
    doc = _parse(_AB.replace("A) Öffentliche Sitzung\nPunkt 1\nVerpflichtung der Ratsmitglieder",
                             "A) Öffentliche Sitzung\nPunkt 2\nWahl der Beigeordneten\nText.\nPunkt 1\nGrundstücke West"))
    assert "Geheim" not in repr(doc) and "Grundstücke" not in repr(doc)


def test_numbers_alone_on_their_lines_with_the_title_below_and_the_agenda_in_the_same_form_above():
    doc = _parse("Niederschrift über die öffentliche Sitzung des Stadtrats Lindach am 10.01.2025\n\nTagesordnung\n\n"
                 "Öffentlicher Teil\n\n1.\n\nKurzbericht des Bürgermeisters\n\n2.\n\nJahresbericht der Stadtwerke\n\n"
                 "2.1.\n\nAussprache\n\nUm 18:00 Uhr eröffnete Erster Bürgermeister Tobias Roppel die Sitzung des Stadtrats.\n\n"
                 "Öffentlicher Teil\n\n1.\n\nKurzbericht des Bürgermeisters\n\nDer Bürgermeister berichtet.\n\n"
                 "2.\n\nJahresbericht der Stadtwerke\n\nDer Stadtrat nimmt den Bericht zur Kenntnis.\n\nAbstimmung: 14 : 0\n\n"
                 "2.1.\n\nAussprache\n\n- 2 -\n\nKeine Wortmeldungen.\n")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Kurzbericht des Bürgermeisters"), ("2", "Jahresbericht der Stadtwerke"), ("2.1", "Aussprache")]
    assert [(d.item_number, d.yes, d.no) for d in doc.decisions] == [("2", 14, 0)]
    assert doc.session.chair == "Roppel"


def test_the_one_who_opens_the_session_is_the_chair_in_the_list_too_and_a_bare_time_range_is_partial():
    doc = _parse("PROTOKOLL\n\n9. Sitzung des Stadtbezirksrates Misburg am Mittwoch, 1. November 2025,\nRathaus\n\n"
                 "Beginn 18.00 Uhr\nEnde 19.48 Uhr\n\nAnwesend:\n\n(verhindert waren)\n\nBezirksbürgermeister Dickneite (SPD)\n"
                 "Bezirksratsherr Amelung (CDU)\n(Bezirksratsherr Hoare) (CDU)\nBezirksratsherr Busse 18.55 - 19.36 Uhr\n\n"
                 "Tagesordnung:\n\nTOP 1.\nEröffnung der Sitzung\nBezirksbürgermeister Dickneite eröffnete die Sitzung.\n\n"
                 "TOP 2.\nMitteilungen\nKeine.\n")
    people = {a.family_name: (a.role, a.status, a.note) for a in doc.attendees}
    assert people == {"Dickneite": ("chair", "present", None), "Amelung": ("member", "present", None),
                      "Hoare": ("member", "excused", None), "Busse": ("member", "partial", "18.55 - 19.36 Uhr")}
    assert doc.session.chair == "Dickneite"


_TH = ("N i e d e r s c h r i f t\nüber die 2. Sitzung des Stadtrates der Stadt Wartburg am Freitag, dem\n"
       "03. September 2025, 16.00 Uhr bis 20.15 Uhr, im Bürgerhaus der Stadt Wartburg,\nLindenstraße 94\n"
       "Anwesenheit: CDU: Köckert, Adam, Braun,\nMereuta, Dr. Oefner, Ruhkamp\nSPD: Doht, Gentzel (bis 18.50 Uhr), Levknecht\n"
       "Bündnis 90/\nDie Grünen: Rexrodt, Schultz\nBfW: Gottstein, Apel, Rabe\nStadtverwaltung:\n"
       "Oberbürgermeister, Herr Schneider\nAmtsleiter Haupt- und Organisationsamt, Herr Strathmann\n\n"
       "Tagesordnung:\n1. Eröffnung\n2. Haushaltssatzung 2026\n\nZu 1. Eröffnung\nDer Oberbürgermeister eröffnet die Sitzung.\n\n"
       "Zu 2. Haushaltssatzung 2026\nDer Stadtrat beschließt die Haushaltssatzung.\n")


def test_faction_labelled_lists_of_family_names_wrapped_over_lines_and_offices_before_the_name():
    doc = _parse(_TH)
    people = {a.family_name: (a.group, a.status, a.academic_title, a.position, a.note) for a in doc.attendees}
    assert list(people) == ["Köckert", "Adam", "Braun", "Mereuta", "Oefner", "Ruhkamp", "Doht", "Gentzel", "Levknecht",
                            "Rexrodt", "Schultz", "Gottstein", "Apel", "Rabe", "Schneider", "Strathmann"]
    assert people["Oefner"] == ("CDU", "present", "Dr.", None, None)
    assert people["Gentzel"] == ("SPD", "partial", None, None, "bis 18.50 Uhr")
    assert people["Rexrodt"][0] == "Bündnis 90/Die Grünen" and people["Rabe"][0] == "BfW"
    assert people["Strathmann"] == ("Verwaltung", "present", None, "Amtsleiter Haupt- und Organisationsamt", None)
    assert (doc.session.session_date, doc.session.start_time, doc.session.end_time) == ("2025-09-03", "16:00", "20:15")


def test_a_vote_as_a_table_row_under_stimmergebnis_and_a_local_pro_list():
    doc = _parse("Niederschrift über die öffentliche Sitzung des Stadtrates Lindenau am 15.01.2026\n\nAnwesend:\n"
                 "Bürgermeister Marco Schulz\nStadträtin Anke Stirtzel (PRO Lindenau)\n\nTOP 1 Neubesetzung Ausschuss\n\n"
                 "Der Stadtrat beschließt die Neubesetzung.\nGesamtzahl der Mitglieder: 17\nanwesend: 14\n"
                 "Die Beschlussfähigkeit wird festgestellt.\n| Stimmergebnis: | ||\n"
                 "| 12 Ja-Stimmen | 1 Gegenstimmen | 1 Enthaltungen |\n\nTOP 2 Mitteilungen\n\nKeine.\n")
    assert [(d.item_number, d.yes, d.no, d.abstentions, d.members_present) for d in doc.decisions] == [("1", 12, 1, 1, 14)]
    assert {a.family_name: a.group for a in doc.attendees}["Stirtzel"] == "PRO Lindenau"


def test_names_and_functions_alternating_on_one_line():
    people = _attendees("Außerdem anwesend: Wolfgang Böhm, Beigeordneter VG Lindenthal, Margit Dorn, Presse, ein Bürger")
    got = {n: (p.position, p.group) for n, p in people.items()}
    assert got == {"Böhm": ("Beigeordneter VG Lindenthal", "Verwaltung"), "Dorn": ("Presse", None)}


@pytest.mark.parametrize("lines, status", [
    ("1. Vorsitzender Ottmar Kappes\n2. Ratsmitglied Hermann Knecht\nEntschuldigt hat gefehlt:\nGottfried Göttert\n"
     "3. Bürgermeister Werner Groß", "present"),     # the numbered list of those present goes on
    ("Ortsbürgermeisterin Petra Wendling\n1. Ortsbeigeordneter Jürgen Kiefer\n2. Ortsbeigeordnete Sabine Thome\n"
     "Entschuldigt:\nGottfried Göttert\n3. Ortsbeigeordneter Werner Groß", "excused"),   # an office's rank, no list
])
def test_a_numbered_list_of_those_present_goes_on_after_the_excused_inside_it(lines, status):
    people = _attendees(lines)
    assert (people["Göttert"].status, people["Groß"].status) == ("excused", status)


def test_a_line_of_addressed_persons_and_a_ferner_nehmen_teil_section():
    people = _attendees("Herr Clausen\nFrau Förster\nNicht anwesend :\nHerr Basson, Dr. Eymer, Frau Scheel\n"
                        "Ferner nehmen an der Sitzung teil:\nHerr Dr. Klotz")
    got = {n: (p.status, p.academic_title, p.position) for n, p in people.items()}
    assert got == {"Clausen": ("present", None, None), "Förster": ("present", None, None),
                   "Basson": ("absent", None, None), "Eymer": ("absent", "Dr.", None), "Scheel": ("absent", None, None),
                   "Klotz": ("present", "Dr.", None)}


def test_a_role_before_the_first_name_and_a_department_before_addressed_persons():
    people = _attendees("als Vorsitzender Herr Schindler\nals Ausschussmitglieder Herr Dr. Brock\nHerr Clausen\n"
                        "Ferner nehmen an der Sitzung teil:\nSeniorenbeirat Herren Driessen, Magdanz\n"
                        "Stadtplanung Herren Schnabel, Schünemann, Frau Drochner\nVerkehr Herr Dr. Klotz")
    got = {n: (p.role, p.department) for n, p in people.items()}
    assert got == {"Schindler": ("chair", None), "Brock": ("member", None), "Clausen": ("member", None),
                   "Driessen": ("other", "Seniorenbeirat"), "Magdanz": ("other", "Seniorenbeirat"),
                   "Schnabel": ("other", "Stadtplanung"), "Schünemann": ("other", "Stadtplanung"),
                   "Drochner": ("other", "Stadtplanung"), "Klotz": ("other", "Verkehr")}


def test_numbered_items_right_after_a_part_heading_or_another_item_without_blank_lines():
    doc = _parse("Niederschrift über die 14. Sitzung des Bauausschusses am 16.03.2025\nAnwesend:\nHerr Clausen\n"
                 "A. Tagesordnung\nI. Öffentlicher Teil der Sitzung\n1.1 Feststellung der Beschlussfähigkeit\n"
                 "1.2 Anträge zur Tagesordnung\nB. Beratung\n1.1 Feststellung der Beschlussfähigkeit\n"
                 "Der Vorsitzende stellt die Beschlussfähigkeit fest.\n1.2 Anträge zur Tagesordnung\n"
                 "Der Bauausschuss beschließt einstimmig die Tagesordnung.\n")
    assert [(i.item_number, i.span.start) for i in doc.agenda_items] == [("1.1", 9), ("1.2", 11)]


def test_counts_for_and_against_a_named_motion():
    doc = _parse("Niederschrift über die 14. Sitzung des Bauausschusses am 16.03.2025\n\nAnwesend:\nHerr Clausen\n\n"
                 "TOP 1 Tagesordnung\n\nDer Vorsitzende lässt über die Vertagung des TOP 7.1 abstimmen.\n"
                 "Für die Vertagung: 9 Stimmen\nGegen die Vertagung: 6 Stimmen\nEnthaltungen: 1 Stimme\n"
                 "Der Bauausschuss beschließt mehrheitlich die Vertagung.\n\nTOP 2 Mitteilungen\n\nKeine.\n")
    assert [(d.item_number, d.yes, d.no, d.abstentions) for d in doc.decisions] == [("1", 9, 6, 1)]


def test_teilgenommen_haben_with_numbered_inverted_names_an_excused_sentence_and_the_gemeindevorstand():
    doc = _parse("N i e d e r s c h r i f t\nüber die 10. Sitzung der Gemeindevertretung der Gemeinde Elzbach,\n"
                 "am Montag, den 10. September 2025, 19.30 Uhr,\nim Bürgerhaus\nTeilgenommen haben:\n"
                 "I. von der Gemeindevertretung:\n1. Neu, Josef\n2. Lang, Thomas\n"
                 "Entschuldigt fehlten die Gemeindevertreter/in Isabel Burggraf und Klaus Reusch.\n"
                 "II. vom Gemeindevorstand:\n1. Bürgermeister Horst Kaiser\n\nTagesordnung:\n1. Mitteilungen\n\n"
                 "Zu 1. Mitteilungen\nKeine.\n")
    got = {a.family_name: (a.given_name, a.status, a.group) for a in doc.attendees}
    assert got == {"Neu": ("Josef", "present", None), "Lang": ("Thomas", "present", None),
                   "Burggraf": ("Isabel", "excused", None), "Reusch": ("Klaus", "excused", None),
                   "Kaiser": ("Horst", "present", "Verwaltung")}


@pytest.mark.parametrize("opening, present", [
    ("Der Bürgermeister eröffnet die 18. Gemeindevertretersitzung und stellt die Beschlussfähigkeit fest. "
     "Es sind 6 von 9 Gemeindevertretern anwesend.", 6),
    ("Von 11 Gemeindevertretern sind 9 anwesend, die Beschlussfähigkeit ist gegeben.", 9),
    ("Zu Beginn der Sitzung sind 9 von 12 Gemeindevertretern anwesend, damit ist die Beschlussfähigkeit gegeben.", 9),
    ("Anschließend stellte Herr Brandt die Beschlussfähigkeit mit 16 (von 21) anwesenden stimmberechtigten "
     "Mitgliedern des Stadtrates fest.", 16),
    ("Es sind 7 Gemeindevertreter anwesend, damit ist die Beschlussfähigkeit gegeben.", 7),
    # guests and staff are no members; a count without the quorum's words is an item's, not the session's
    ("Es sind 3 Mitglieder der Verwaltung und 12 Gäste anwesend. Die Beschlussfähigkeit ist gegeben.", None),
    ("Es sind 13 stimmberechtigte Stadträte anwesend.", None),
])
def test_the_members_present_as_the_chair_states_the_quorum(opening, present):
    doc = _parse("Niederschrift über die Sitzung der Gemeindevertretung Wiesental\nam 12.03.2024\n"
                 "Beginn: 19:00 Uhr\nEnde: 20:00 Uhr\n\nTOP Ö 1: Begrüßung, Feststellung der Beschlussfähigkeit\n\n"
                 f"{opening}\n\nTOP Ö 2: Bauantrag Lindenweg 4\n\nBeschluss: einstimmig beschlossen\n")
    assert doc.session.members_present == present


def test_an_overview_under_a_table_header_and_a_scheduled_nonpublic_part_on_one_line():
    doc = _parse("Sitzung des Gemeinderates\n\nDatum: 10.12.2024\nGremium: Gemeinderat\n"
                 "Öffentliche Sitzung, 18:30 Uhr bis 21:10 Uhr\nNichtöffentliche Sitzung, 21:20 Uhr bis 21:45 Uhr\n\n"
                 "Öffentliche Sitzung\n\nTOP-Nr. Bezeichnung\n1 Bekanntgaben des Bürgermeisters\n"
                 "1.1 Zuschüsse für Vereine\n2 Neubau der Kita Am Bach\n\n"
                 "1. Bekanntgaben des Bürgermeisters\n\nDer Bürgermeister gibt die Sanierung der Halle bekannt.\n\n"
                 "1.1. Zuschüsse für Vereine\n\nDer Gemeinderat nimmt Kenntnis.\n\n"
                 "2. Neubau der Kita Am Bach\n\nBeschluss\n\nDer Gemeinderat beschließt den Neubau.\n\n"
                 "Abstimmungsergebnis\nJa 20 Nein 1\n")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Bekanntgaben des Bürgermeisters"), ("1.1", "Zuschüsse für Vereine"), ("2", "Neubau der Kita Am Bach")]
    assert doc.session.has_nonpublic_part and (doc.session.start_time, doc.session.end_time) == ("18:30", "21:10")


@pytest.mark.parametrize("sentence, vote", [
    ("Gewählt wird Herr Peter Krause mit 14 Ja-Stimmen und 2 Enthaltungen.", ("accepted", 14, None, 2)),
    ("Herr Vogt wird mit 11 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung zum Ortsvorsteher gewählt.", ("accepted", 11, 2, 1)),
    ("Der Gemeinderat wählt Frau Anke Seidel einstimmig zur Schiedsperson.", ("accepted", None, 0, None)),
    ("Frau Seidel wurde einstimmig gewählt.", ("accepted", None, 0, None)),
    # an election without a result is news, not a vote
    ("Der Ortsbeirat wird im Mai gewählt.", None),
    ("Der neue Rat soll einstimmig einen Vorsitzenden wählen.", None),
])
def test_an_election_with_its_result_is_a_vote(sentence, vote):
    doc = _parse("Niederschrift über die Sitzung der Gemeindevertretung Wiesental\nam 12.03.2024\n\n"
                 f"TOP 1: Wahl des Ortsvorstehers\n\n{sentence}\n\nTOP 2: Bauantrag Lindenweg 4\n\nBeschluss: einstimmig beschlossen\n")
    got = [(d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions if d.item_number == "1"]
    assert got == ([vote] if vote else [])


def test_an_office_of_a_municipality_named_by_its_place_before_the_name():
    people = _attendees("Ortsbürgermeister Ottmar Kranz\nBürgermeister der Verbandsgemeinde Loreley Werner Groß\n"
                        "Beigeordneter der Stadt Bad Ems Ralf Seemann")
    got = {n: (p.given_name, p.position) for n, p in people.items()}
    assert got["Groß"] == ("Werner", "Bürgermeister der Verbandsgemeinde Loreley")
    assert got["Seemann"] == ("Ralf", "Beigeordneter der Stadt Bad Ems")
    assert set(got) == {"Kranz", "Groß", "Seemann"}   # no "der Verbandsgemeinde" read as a person


def test_a_beirat_list_by_initials_in_dashed_groups_and_two_roles_or_guests_on_one_line():
    doc = _parse("Niederschrift über die 12. Sitzung des Beirates Hafenviertel am 18.05.2025\n\n"
                 "Beginn 19:00 Uhr – Ende 21:30 Uhr\n\nAnwesend waren die Beiratsmitglieder\n\n"
                 "K. Albers, T. Brandt, S. Celik –\n\nR. Dohrmann, H.-P. Ewers – F. Gödeke --\n\n"
                 "Vorsitzender Herr Hinrichs vom Ortsamt Hafen Protokoll Frau Ilse Jaspers vom Ortsamt Hafen\n\n"
                 "Gäste:\n\nHerr Otto Kamp, Senatorin für Umwelt Herr Jan Lüders, Immobilien Bremen\n\n"
                 "Herr Hinrichs eröffnet die Sitzung und begrüßt alle Teilnehmer.\n\n"
                 "TOP 1: Protokoll\n\nDas Protokoll wird einstimmig genehmigt.\n")
    got = {a.family_name: (a.given_name, a.role, a.department) for a in doc.attendees}
    assert got == {
        "Albers": ("K.", "member", None), "Brandt": ("T.", "member", None), "Celik": ("S.", "member", None),
        "Dohrmann": ("R.", "member", None), "Ewers": ("H.-P.", "member", None), "Gödeke": ("F.", "member", None),
        "Hinrichs": (None, "chair", "Ortsamt Hafen"), "Jaspers": ("Ilse", "recorder", "Ortsamt Hafen"),
        "Kamp": ("Otto", "guest", "Senatorin für Umwelt"), "Lüders": ("Jan", "guest", "Immobilien Bremen")}
    assert next(a for a in doc.attendees if a.family_name == "Hinrichs").form_of_address == "Herr"


@pytest.mark.parametrize("title, body", [
    ("Niederschrift über die 19. Beiratssitzung am 18.05.2025", "Beirat"),
    ("Niederschrift über die 4. öffentliche Bauausschusssitzung am 18.05.2025", "Bauausschuss"),
])
def test_a_numbered_compound_session_names_its_body(title, body):
    doc = _parse(f"{title}\n\nAnwesend:\nHerr Otto Kamp\n\nTOP 1: Protokoll\n\nDas Protokoll wird einstimmig genehmigt.\n")
    assert doc.session.committee == body


def test_letter_spaced_family_names_a_person_on_the_label_line_and_staff_by_their_unit():
    doc = _parse("N i e d e r s c h r i f t\n\nüber die Sitzung des Sozialausschusses am Montag, dem 17.02.2025\n\n"
                 "Beginn der Sitzung: 17: 00 Uhr\n\nEnde der Sitzung: 18: 40 Uhr\n\n"
                 "Anwesende: Her r Lorenz  B ö t t c h e r\n\n  Herr Dr. Kai   de  B r u y n   (ab 17:15 Uhr)\n\n"
                 "  Frau Gesa  L ü t j e n s   (Vorsitzende)\n\nFr au Inga  M a r q u a r d t\n\n  vom Fachbereich 2\n\n"
                 "  Herr Ole  S t e e n \n\n  vom Bereich 2.530 - Gesundheitsamt\n\n"
                 "Fr au Tanja  W e n d t    (Protokollführerin)\n\n  es fehlten\n\n  Herr Jörn  Z i e m s\n\n"
                 "T a g e s o r d n u n g\n\nÖffentlicher Teil\n\n1. Genehmigung der Niederschrift\n\n"
                 "Die Niederschrift wird einstimmig genehmigt.\n")
    got = {a.family_name: (a.given_name, a.status, a.role, a.department) for a in doc.attendees}
    assert got == {
        "Böttcher": ("Lorenz", "present", "member", None), "de Bruyn": ("Kai", "partial", "member", None),
        "Lütjens": ("Gesa", "present", "chair", None), "Marquardt": ("Inga", "present", "member", None),
        "Steen": ("Ole", "present", "administration", "Fachbereich 2"),
        "Wendt": ("Tanja", "present", "recorder", "Bereich 2.530 - Gesundheitsamt"),
        "Ziems": ("Jörn", "absent", "member", None)}
    assert (doc.session.start_time, doc.session.end_time) == ("17:00", "18:40")


@pytest.mark.parametrize("head, present, people", [
    ("Anwesend: Bürgermeister Hofer und 12 Gemeinderäte", 12, {"Hofer": "Bürgermeister"}),
    ("Anwesend: Bürgermeister Hofer und 12-13 Gemeinderäte", None, {"Hofer": "Bürgermeister"}),   # some came later
    ("Von 23 Mitgliedern waren 21 anwesend.", 21, {}),
])
def test_the_members_present_by_number_beside_the_chair_by_name(head, present, people):
    doc = _parse(f"Niederschrift über die Sitzung der Gemeindevertretung Wiesental am 12.03.2025\n\n{head}\n\n"
                 "TOP 1: Protokoll\n\nDas Protokoll wird einstimmig genehmigt.\n")
    assert doc.session.members_present == present
    assert {a.family_name: a.position for a in doc.attendees} == people


def test_fraktionen_after_full_names_without_brackets_known_joint_and_local():
    people = _attendees("Anwesenheit: Oberbürgermeister Herr Olaf Brenner und 30 Stadträte\nHerr Tom Lauer CDU\n"
                        "Herr Jan Hüber DIE LINKE.\nFrau Eva Kotz SPD / DIE GRÜNEN\nHerr Ulf Axt B.I.S. / FBM\n"
                        "Herr Kai Heck BOS\nFrau Heike Brandt EC")
    got = {n: p.group for n, p in people.items()}
    assert got == {"Brenner": "Verwaltung", "Lauer": "CDU", "Hüber": "Die Linke", "Kotz": "SPD / DIE GRÜNEN",
                   "Axt": "B.I.S. / FBM", "Heck": "BOS", "Brandt": None}   # "EC": a typist's initials


@pytest.mark.parametrize("result", [
    "Abstimmungsergebnis: Einstimmig zugestimmt",
    "Abstimmungsergebnis:\nEinstimmig zugestimmt",
    "geänderter Beschluss:\nDer Rat beschließt die Neufassung.\nAbstimmungsergebnis:\nEinstimmig zugestimmt",
])
def test_a_ris_state_geaendert_beschlossen_and_the_result_below_it_are_one_vote(result):
    doc = _parse("Niederschrift über die 7. Sitzung der Bezirksvertretung Auenfeld am 14.11.2024\n\n"
                 "Anwesend:\nFrau Anna Holm (CDU)\nHerr Paul Weser (SPD)\n\n"
                 f"TOP 2 Neufassung der Geschäftsordnung\n\nBeschluss: geändert beschlossen\n{result}\n")
    assert [(d.outcome, d.unanimous) for d in doc.decisions] == [("amended", True)]


def test_label_first_stimmen_dafuer_and_the_top_result_told_again_by_its_counts():
    doc = _parse("Niederschrift über die 9. Sitzung des Rates der Stadt Auenfeld am 14.11.2024\n\n"
                 "Anwesend:\nHerr Paul Weser (SPD)\nFrau Anna Holm (CDU)\n\n"
                 "TOP 2 Antrag der Verwaltung\n\nBeschluss: mehrheitlich beschlossen\n\n"
                 "Abstimmung: Ja: 21, Nein: 10, Enthaltungen: 1\n\n"
                 "Mitglied Holm beantragt geheime Abstimmung. Hierüber lässt der Vorsitzende abstimmen.\n\n"
                 "Beschlussvorschlag\n\nDer Rat beschließt geheime Abstimmung.\n\n"
                 "Stimmen dafür 9  Stimmen dagegen 23  Enthaltungen 0\n\n"
                 "Nach der geheimen Abstimmung verkündet der Vorsitzende das Ergebnis.\n\n"
                 "21 Stimmen dafür\n\n10 Stimmen dagegen\n\n 1 Enthaltung\n")
    assert [(d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions] == [
        ("accepted", 21, 10, 1), ("rejected", 9, 23, 0)]


@pytest.mark.parametrize("under", ["Tagesordnung", "Öffentliche Sitzung",
                                   "Tagesordnung (öffentlich)\nfür die 17. Sitzung der Bezirksvertretung Auenfeld,\n"
                                   "am 24.05.2024, Beginn 15:30 Uhr,\nBürgersaal, Marktstraße 16, 44263 Auenfeld"])
def test_the_first_item_right_below_an_agenda_heading_without_a_colon(under):
    # a PDF's text has no blank lines; the title's first line lost its "Niederschrift" to the page above
    doc = _parse("über die 17. Sitzung der Bezirksvertretung Auenfeld\nam 24.05.2024\nSitzungsdauer: 15:30 - 18:01 Uhr\n"
                 f"Anwesend:\nCDU\nMarc Brune\nSPD\nMiriam Holt\n{under}\n1. Regularien\n1.1 Benennung eines Mitglieds\n"
                 "1.2 Feststellung der Tagesordnung\n2. Einwohnerfragestunde\n3. Berichterstattung\n")
    assert [i.item_number for i in doc.agenda_items] == ["1", "1.1", "1.2", "2", "3"]
    assert doc.session.session_date == "2024-05-24"


def test_a_munich_ba_protocol_with_entschuldigungen_and_counts_number_first():
    doc = _parse("Bezirksausschuss des 7. Stadtbezirkes Landeshauptstadt Auenfeld Lindenau\n\n"
                 "Auenfeld, 09.04.2024 Protokoll\n\n"
                 "über die öffentliche Sitzung des BA 7 Lindenau (Amtsperiode 2020 – 2026) vom Dienstag, den 09.04.2024 "
                 "um 19.30 Uhr im Saal des Bürgerhauses, Lindenstr. 11, 81925 Auenfeld\n\n"
                 "Beginn: 19:45 Uhr Ende: 22.10 Uhr\n\nAnwesend: BA-Mitglieder: (lt. Anwesenheitsliste)\n\n"
                 "BA-Geschäftsstelle: Fr. Kleist\n\n"
                 "Entschuldigungen: Herr Brandl, Herr Reiner, Frau Vogt\n\nSitzungsleitung: Fr. Pilz\n\n"
                 "1 Allgemeines\n\n1.1 Genehmigung der Tagesordnung\n\nDie Tagesordnung wird einstimmig genehmigt.\n\n"
                 "2 Anträge\n\n2.1 Antrag der SPD-Fraktion – Radweg\n\nAbstimmungsergebnis:\n\nmehrheitlich abgelehnt\n\n"
                 "4 Ja  /  14 Nein  /  0 Enthaltungen\n\n2.2 Antrag der CDU-Fraktion\n\n"
                 "Abstimmungsergebnis: Mehrheitlich zugestimmt.\n\nJa-Stimmen: 12\n\nNein-Stimmen: 6\n")
    assert doc.kind == "minutes" and doc.session.committee == "BA 7 Lindenau"
    assert {a.family_name: (a.status, a.group) for a in doc.attendees} == {
        "Kleist": ("present", "Verwaltung"), "Brandl": ("excused", None), "Reiner": ("excused", None),
        "Vogt": ("excused", None), "Pilz": ("present", None)}
    assert [(d.item_number, d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions] == [
        ("1.1", "accepted", None, 0, None), ("2.1", "rejected", 4, 14, 0), ("2.2", "accepted", 12, 6, None)]


def test_substitutes_named_in_the_opening_text():
    doc = _parse("Niederschrift über die 5. Sitzung des Bauausschusses am 12.03.2024\n\n"
                 "Anwesend:\nAusschussvorsitzender Jan Brode (CDU)\nAusschussmitglied Bernd Kosse (CDU)\n"
                 "Ausschussmitglied Jan-Dirk Schrader (SPD)\nAusschussmitglied Eva Kruse (SPD)\nAusschussmitglied Ole Hahn (FDP)\n\n"
                 "TOP 1 Eröffnung\n\nAusschussvorsitzender Brode stellt die ordnungsgemäße Ladung fest. "
                 "Ausschussmitglied Katrin Diers wird von Bernd Kosse und Ausschussmitglied Johann Klar von Jan-Dirk "
                 "Schrader vertreten. Für Herrn Hartwig ist Frau Kruse stellvertretend anwesend. Ratsherr Lutz Bohm wird "
                 "durch Herrn Dr. Udo Kähler (Grüne) vertreten. Die Stadt wird durch Rechtsanwalt Meier vertreten.\n\n"
                 "TOP 2 Bebauungsplan\n\nDer Ausschuss empfiehlt einstimmig, den Bebauungsplan zu beschließen.\n")
    got = {a.family_name: (a.status, a.substitute_for) for a in doc.attendees}
    assert got == {"Brode": ("present", None), "Kosse": ("substitute", "Katrin Diers"),
                   "Schrader": ("substitute", "Johann Klar"), "Kruse": ("substitute", "Hartwig"),
                   "Hahn": ("present", None), "Kähler": ("substitute", "Lutz Bohm")}


def test_an_html_table_of_name_office_and_a_local_list_under_stimmberechtigte_headings():
    def table(rows):
        return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    html = ("<html><body><p>Niederschrift</p><p>über die öffentliche 12. Sitzung des Ortsbeirates Auental</p>"
            "<p>am 12.03.2024, 19:00 Uhr</p><p>Stimmberechtigte</p><p>Anwesend:</p>"
            + table([("Ortsvorsteher Hofer, Dirk", "Ortsvorsteher", "Offensive"), ("Kolb, Sabine", "Ortsbeiratsmitglied", "CDU"),
                     ("Koch, Manfred", "Ortsbeiratsmitglied", "Offensive")])
            + "<p>Entschuldigt:</p>" + table([("Marx, Petra", "Ortsbeiratsmitglied", "SPD")])
            + "<p>Nicht Stimmberechtigte</p><p>Anwesend:</p>" + table([("Wille, Sven", "Gemeindevertreter", "CDU")])
            + "<p>Entschuldigt:</p>" + table([("von Dalberg, Reinhard", "Beigeordneter", "GRÜNE")])
            + "<p>Tagesordnung:</p>" + table([("1.", "Eröffnung"), ("2.", "Bürgerfragestunde")])
            + "<p>Der Ortsvorsteher begrüßt die Anwesenden.</p></body></html>")
    doc = transforms.parse_document(html.encode(), "m.html")
    got = {a.family_name: (a.given_name, a.status, a.group, a.role) for a in doc.attendees}
    # (the Ortsvorsteher chairs the Ortsbeirat: "Der Ortsvorsteher begrüßt die Anwesenden")
    assert got == {"Hofer": ("Dirk", "present", "Offensive", "chair"), "Kolb": ("Sabine", "present", "CDU", "member"),
                   "Koch": ("Manfred", "present", "Offensive", "member"), "Marx": ("Petra", "excused", "SPD", "member"),
                   "Wille": ("Sven", "present", "CDU", "advisory_member"),
                   "von Dalberg": ("Reinhard", "excused", "Bündnis 90/Die Grünen", "member")}


def test_gv_before_the_form_of_address_and_a_guest_with_where_they_come_from():
    people = _attendees("Anwesend:\nBürgermeister Uwe Brase als Vorsitzender\nGV Herr Volker Tech\nGV’in Frau Ute Pegel\n\n"
                        "Gäste:\nHerr Marx, Wattendorf\nHerr Lemke, Amt Bordeholm\n")
    got = {n: (p.given_name, p.position, p.department) for n, p in people.items()}
    assert got == {"Brase": ("Uwe", "Bürgermeister", None), "Tech": ("Volker", "GV", None),
                   "Pegel": ("Ute", "GV’in", None), "Marx": (None, None, "Wattendorf"),
                   "Lemke": (None, None, "Amt Bordeholm")}


def test_a_fraktion_named_with_where_it_sits_and_a_department_abbreviation_after_a_name():
    people = _attendees("Anwesend 17\n\na) Stimmberechtigte Mitglieder:\nBürgerliste\nSilke Hagen entschuldigt\n"
                        "Unabhängige Fraktion in der BV Auenfeld\nHeinrich Busch\nReinhard Galle entschuldigt\n"
                        "c) Verwaltung\nFrau Mengler StA 66/S-2\n")
    got = {n: (p.group, p.status, p.department) for n, p in people.items()}
    assert got == {"Hagen": ("Bürgerliste", "excused", None),
                   "Busch": ("Unabhängige Fraktion in der BV Auenfeld", "present", None),
                   "Galle": ("Unabhängige Fraktion in der BV Auenfeld", "excused", None),
                   "Mengler": ("Verwaltung", "present", "StA 66/S-2")}


@pytest.mark.parametrize("marker", ["Vertraulicher Teil", "Teil II (nichtöffentlich)", "Ende des öffentlichen Teils",
                                    "Der öffentliche Teil der Sitzung endet um 20:15 Uhr."])
def test_what_follows_the_end_of_the_public_part_is_never_read(marker):
    agenda = f"Tagesordnung:\n\n1. Eröffnung der Sitzung\n2. Bebauungsplan\n{marker}\n3. Grundstücksangelegenheit Kanzel\n\n"
    for overview in ("", agenda):
        doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                     f"Anwesend:\nBezirksratsherr Amel (CDU)\n\n{overview}1. Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                     "2. Bebauungsplan\n\nDer Bebauungsplan wird einstimmig beschlossen.\n\n"
                     f"{marker}\n\n3. Grundstücksangelegenheit Kanzel\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
        assert [i.item_number for i in doc.agenda_items] == ["1", "2"] and doc.session.has_nonpublic_part
        assert "Kanz" not in repr(doc)


@pytest.mark.parametrize("heading", [
    "TOP 3 (nichtöffentlich) Grundstücksangelegenheit Kanzel", "3. Grundstücksangelegenheit Kanzel (nö)",
    "3. Grundstücksangelegenheit Kanzel (NÖ)", "Ö 3 Grundstücksangelegenheit Kanzel - nichtöffentlich",
    "3. nichtöffentlich: Grundstücksangelegenheit Kanzel",
    "TOP 3 – nicht öffentlicher Tagesordnungspunkt – Grundstücksangelegenheit Kanzel",
    "TOP 3 Grundstücksangelegenheit Kanzel [nichtöffentlich]", "TOP 3 Grundstücksangelegenheit Kanzel (vertraulich)",
    "TOP NÖ-3 Grundstücksangelegenheit Kanzel"])
def test_an_item_marked_non_public_before_or_after_its_title_is_never_read(heading):
    doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                 "Anwesend:\nBezirksratsherr Amel (CDU)\n\nTOP 1 Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                 "TOP 2 Bebauungsplan\n\nDer Bebauungsplan wird einstimmig beschlossen.\n\n"
                 f"{heading}\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
    assert [i.item_number for i in doc.agenda_items] == ["1", "2"] and doc.session.has_nonpublic_part
    assert "Kanz" not in repr(doc)


@pytest.mark.parametrize("heading", ["Nichtöffentliche Sitzung am 01.11.2024", "Nichtöffentlicher Teil, 20:15 Uhr",
                                     "Nichtöffentliche Sitzung vom 01.11.2024 ab 20:15 Uhr"])
def test_a_non_public_heading_with_its_date_or_time_cuts(heading):
    doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                 "Anwesend:\nBezirksratsherr Amel (CDU)\n\nTOP 1 Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                 f"{heading}\n\nTOP 2 Grundstück Kanzel\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
    assert [i.item_number for i in doc.agenda_items] == ["1"] and "Kanz" not in repr(doc)


@pytest.mark.parametrize("heading", ["Nicht-\nöffentlicher Teil", "Nichtöffent-\nlicher Teil", "Nicht\nöffentlicher Teil",
                                     "Nichtöffent- licher Teil", "NICHTÖFFENT- LICHER TEIL",
                                     "2. Teil: nichtöffentliche Sitzung", "Nichtöffentliche Sitzung – Beginn: 20:15 Uhr"])
def test_a_non_public_heading_broken_over_two_lines_or_with_its_part_and_beginning_cuts(heading):
    doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                 "Anwesend:\nBezirksratsherr Amel (CDU)\n\nTOP 1 Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                 f"{heading}\n\nTOP 2 Grundstück Kanzel\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
    assert [i.item_number for i in doc.agenda_items] == ["1"] and "Kanz" not in repr(doc)


@pytest.mark.parametrize("heading, cuts", [
    ("Sitzung - nichtöffentlich", True), ("Protokoll - nichtöffentlicher Teil", True),
    ("Niederschrift über die nichtöffentliche Sitzung des Bauausschusses", True),
    ("Nichtöffentliche Sitzung des Haupt- und Finanzausschusses", True), ("Tagesordnung nichtöffentlicher Teil", True),
    ("Nichtöffentliche Angelegenheiten", True), ("NÖ-Teil", True),
    # references to a non-public part, and a session of both parts, are public text
    ("Bekanntgabe der in nichtöffentlicher Sitzung gefassten Beschlüsse", False),
    ("Beschlüsse aus nichtöffentlicher Sitzung", False), ("Der Punkt wird in nichtöffentlicher Sitzung beraten.", False),
    ("Niederschrift über die öffentliche und nichtöffentliche Sitzung", False)])
def test_a_heading_that_names_the_non_public_part_among_other_words_cuts(heading, cuts):
    doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                 "Anwesend:\nBezirksratsherr Amel (CDU)\n\nTOP 1 Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                 f"{heading}\n\nTOP 2 Grundstück Kanzel\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
    assert ("Kanz" not in repr(doc)) == cuts
    assert [i.item_number for i in doc.agenda_items] == (["1"] if cuts else ["1", "2"])


@pytest.mark.parametrize("heading, ref", [
    ("TOP 5 Anfrage der CDU-Fraktion zu Radwegen, Drucksache 1234/2024", "1234/2024"),
    ("TOP 5 Mündliche Anfrage der FDP-Fraktion - Ds. 0815/24 - Parkgebühren", "0815/24"),
    ("TOP 5 Anfrage gem. § 17 GeschO der AfD-Fraktion, Drs. 24/0999", "24/0999"),
    ("TOP 5 Anfrage der Fraktion BÜNDNIS 90/DIE GRÜNEN: Baumschutz\nDrucksache 21-0789", "21-0789")])
def test_an_anfrage_names_its_drucksache_in_the_forms_councils_write_it(heading, ref):
    doc = _parse("Niederschrift über die 9. Sitzung des Ausschusses für Umwelt am 01.11.2024\n\n"
                 f"Anwesend:\nHerr Hans Amel (CDU)\n\n{heading}\n\nDie Verwaltung beantwortet die Anfrage.\n")
    assert [(a.item_number, a.paper_reference) for a in doc.anfragen] == [("5", ref)]
    assert "Ds." not in doc.agenda_items[0].title and "Drs." not in doc.agenda_items[0].title


def test_one_or_two_family_names_after_a_group_label_and_an_inverted_name_with_its_group():
    people = _attendees("Anwesend:\nSPD: Meier, Schulz, Lang (für Krause)\nCDU: Bauer\nGrüne: Weber, Hahn\n"
                        "Entschuldigt: Krause (SPD), Vogel (CDU)\n")
    got = {n: (p.group, p.status, p.substitute_for) for n, p in people.items()}
    assert got == {"Meier": ("SPD", "present", None), "Schulz": ("SPD", "present", None), "Lang": ("SPD", "substitute", "Krause"),
                   "Bauer": ("CDU", "present", None), "Weber": ("Bündnis 90/Die Grünen", "present", None),
                   "Hahn": ("Bündnis 90/Die Grünen", "present", None), "Krause": ("SPD", "excused", None),
                   "Vogel": ("CDU", "excused", None)}
    people = _attendees("Anwesend sind:\nMeier, Hans (SPD), Vorsitzender\nSchulz, Eva (CDU)\nEs fehlten entschuldigt:\nKrause, Kurt (SPD)\n")
    assert {n: (p.given_name, p.group, p.status) for n, p in people.items()} == {
        "Meier": ("Hans", "SPD", "present"), "Schulz": ("Eva", "CDU", "present"), "Krause": ("Kurt", "SPD", "excused")}


def test_es_waren_anwesend_groups_named_von_der_fraktion_and_a_numbered_absence_list():
    people = _attendees("Es waren anwesend:\nvon der CDU-Fraktion: Herr Meier, Frau Schulz\nvon der SPD-Fraktion: Herr Lang\n"
                        "von der Verwaltung: Herr Klein\n")
    assert {n: p.group for n, p in people.items()} == {"Meier": "CDU", "Schulz": "CDU", "Lang": "SPD", "Klein": "Verwaltung"}
    people = _attendees("Anwesende Mitglieder:\n1. Meier, Hans - CDU\n2. Schulz, Eva - SPD\nNicht anwesend:\n3. Vogel, Tim - CDU\n")
    assert {n: p.status for n, p in people.items()} == {"Meier": "present", "Schulz": "present", "Vogel": "absent"}


def test_als_headings_and_several_people_by_full_name_on_one_line():
    people = _attendees("Anwesend waren:\nals Vorsitzender:\nHerr Bürgermeister Meier\nals Mitglieder:\nFraktion CDU\n"
                        "Hans Lang, Eva Schulz\nals Schriftführer:\nHerr Klein\n\nGäste:\nHerr Jan Frers, Immobilien Bremen\n")
    got = {n: (p.role, p.group, p.department) for n, p in people.items()}
    assert got == {"Meier": ("chair", None, None), "Lang": ("member", "CDU", None), "Schulz": ("member", "CDU", None),
                   "Klein": ("recorder", "Schriftführung", None), "Frers": ("guest", "Gäste", "Immobilien Bremen")}


def test_an_anwesenheitsliste_table_with_a_presence_column():
    people = _attendees("Anwesenheitsliste\nName\tFraktion\tanwesend\nMeier, Hans\tCDU\tja\nSchulz, Eva\tSPD\tnein\n"
                        "Lang, Udo\tFDP\tx\nKurz, Ida\tSPD\tentschuldigt\n")
    assert {n: (p.group, p.status) for n, p in people.items()} == {
        "Meier": ("CDU", "present"), "Schulz": ("SPD", "absent"), "Lang": ("FDP", "present"), "Kurz": ("SPD", "excused")}


@pytest.mark.parametrize("sentence, cuts", [
    ("Die Sitzung wird nichtöffentlich fortgesetzt.", True),
    ("Nach einer kurzen Pause wird die Sitzung nichtöffentlich fortgesetzt.", True),
    ("Die Sitzung wird als nichtöffentliche Sitzung fortgesetzt.", True), ("Es folgt der nichtöffentliche Teil.", True),
    ("Der Vorsitzende schließt den öffentlichen Teil der Sitzung um 20:15 Uhr.", True),
    ("Ende öffentlicher Teil: 20:15 Uhr", True),
    ("Der Punkt wird in nichtöffentlicher Sitzung beraten.", False)])
def test_a_sentence_saying_the_session_goes_on_in_private_cuts_after_it(sentence, cuts):
    doc = _parse("Niederschrift über die 9. Sitzung des Stadtbezirksrates Nord am 01.11.2024\n\n"
                 "Anwesend:\nBezirksratsherr Amel (CDU)\n\nTOP 1 Eröffnung der Sitzung\n\nDie Sitzung wird eröffnet.\n\n"
                 f"TOP 2 Bebauungsplan\n\nDer Bebauungsplan wird einstimmig beschlossen. {sentence}\n\n"
                 "TOP 3 Grundstück Kanzel\n\nDer Verkauf an Herrn Kanzler wird einstimmig beschlossen.\n")
    assert ("Kanz" not in repr(doc)) == cuts
    assert [(d.item_number, d.outcome) for d in doc.decisions][:1] == [("2", "accepted")]   # the sentence's paragraph stays


def test_a_substitution_in_parentheses_a_party_after_a_comma_and_one_family_name_with_its_group():
    people = _attendees("Anwesend:\nHerr Meier, CDU\nFrau Kurz, Grüne (Vertretung für Herrn Vogel)\n")
    assert {n: (p.group, p.status, p.substitute_for) for n, p in people.items() if n != "Vogel"} == {
        "Meier": ("CDU", "present", None), "Kurz": ("Bündnis 90/Die Grünen", "substitute", "Vogel")}
    people = _attendees("Anwesend:\nMeier (CDU), Schulz (SPD), Lang (FDP)\nEntschuldigt:\nVogel (CDU)\n")
    assert {n: (p.group, p.status) for n, p in people.items()} == {
        "Meier": ("CDU", "present"), "Schulz": ("SPD", "present"), "Lang": ("FDP", "present"), "Vogel": ("CDU", "excused")}


BAVARIAN = """Niederschrift über die Sitzung des Gemeinderates Lindenhain Nr. 9/2022 vom 16.11.2022

{part}

1. Bürgermeister Anton Berger eröffnet die Sitzung und stellt fest, dass ordnungsgemäß geladen wurde.

1.1. Neubau eines Feuerwehrgerätehauses

Der Gemeinderat beschließt, die Planung fortzusetzen.

13 : 0

1.2. Bauantrag auf Errichtung eines Carports, Fl.Nr. 456

Der Gemeinderat erteilt das gemeindliche Einvernehmen.

12 : 1

Die Sitzung wird um 20:15 Uhr unterbrochen.

12:30

1 : 500

2. NICHTÖFFENTLICHE SITZUNG

2.1. Grundstücksangelegenheit Huber

Der Gemeinderat stimmt dem Verkauf zu.

13 : 0
"""


@pytest.mark.parametrize("part", ["1. ÖFFENTLICHE SITZUNG", "Öffentliche Sitzung"])
def test_a_bavarian_page_of_parts_items_and_bare_tallies(part):
    """A Mitteilungsblatt's minutes: the public part numbered as 1 over its items 1.1, 1.2; the first mayor
    ("1. Bürgermeister") opening a sentence; a tally alone under each decision. The part's heading and the
    sentence are no items, a time and a plan's scale are no tally, and the non-public part is cut."""
    doc = transforms.parse_document(BAVARIAN.format(part=part).encode(), "by.txt")
    assert [i.item_number for i in doc.agenda_items] == ["1.1", "1.2"]
    assert [(d.item_number, d.yes, d.no, d.outcome) for d in doc.decisions] == [
        ("1.1", 13, 0, "accepted"), ("1.2", 12, 1, "accepted")]
    assert doc.session.committee == "Gemeinderat Lindenhain" and doc.session.has_nonpublic_part
    assert "Huber" not in repr(doc)


def test_items_numbered_within_a_roman_part_keep_their_own_number():
    """"I. ÖFFENTLICHE SITZUNG" / "I.1. ...": the part's numeral is a prefix (as "Ö" is); the items of
    "II. NICHTÖFFENTLICHE SITZUNG" are cut."""
    text = BAVARIAN.replace("1. ÖFFENTLICHE", "I. ÖFFENTLICHE").replace("{part}", "I. ÖFFENTLICHE SITZUNG") \
        .replace("1.1. ", "I.1. ").replace("1.2. ", "I.2. ").replace("2. NICHTÖFFENTLICHE", "II. NICHTÖFFENTLICHE") \
        .replace("2.1. ", "II.1. ")
    doc = transforms.parse_document(text.encode(), "by.txt")
    assert [(i.item_number, i.title[:8]) for i in doc.agenda_items] == [("1", "Neubau e"), ("2", "Bauantra")]
    assert [(d.item_number, d.yes, d.no) for d in doc.decisions] == [("1", 13, 0), ("2", 12, 1)]
    assert doc.session.has_nonpublic_part and "Huber" not in repr(doc)


def test_an_amtsblatt_report_states_its_results_as_sentences():
    """"Einstimmiger Beschluss." / "Beschluss mit 10 Ja-Stimmen bei 2 Gegenstimmen." under a decision (a
    municipality's report of its council's session, Baden-Württemberg); a sentence that only begins so is none."""
    text = """Bericht über die öffentliche Sitzung des Gemeinderats am 16.05.2019

Anwesend: Bürgermeister Hofer und 12 Gemeinderäte
Beginn der öffentlichen Sitzung: 18:30 Uhr

1. Bürgerfragestunde
Einstimmiger Beschluss des Bauausschusses vom 12.03.2019 zur Turnhalle liegt vor und wird erläutert.

2. Bestellung eines Ortswarts für den Ortsteil Forst
Der Gemeinderat bestellt Herrn Maier zum Ortswart für den Ortsteil Forst.
Einstimmiger Beschluss.

3. Vergabe der Bauarbeiten für die Sanierung der Turnhalle
Der Gemeinderat vergibt die Arbeiten an die Firma Bau GmbH.
Beschluss mit 10 Ja-Stimmen bei 2 Gegenstimmen.
"""
    doc = transforms.parse_document(text.encode(), "bw.txt")
    assert doc.session.session_date == "2019-05-16"
    assert [(d.item_number, d.outcome, d.unanimous, d.yes, d.no) for d in doc.decisions] == [
        ("2", "accepted", True, None, 0), ("3", "accepted", False, 10, 2)]


def test_a_result_label_after_a_sentence_in_the_same_paragraph():
    """"Sodann beschließt die GV, ... zuzustimmen. Abstimmungsergebnis: Einstimmig" (one paragraph per item,
    a Schleswig-Holstein Gemeindevertretung): the label starts the result; "Abstimmungsergebnis" in prose does not."""
    text = """Protokoll vom 04.05.2021

Gemeindevertretung vom 04.05.2021

Tagesordnung

Öffentlicher Teil

1. Begrüßung, Feststellung der Beschlussfähigkeit und Anerkennung der Tagesordnung

Um 19.00 Uhr eröffnet die Bürgermeisterin die Sitzung und stellt die Beschlussfähigkeit fest. Sodann beschließt die GV, der geänderten Tagesordnung zuzustimmen. Abstimmungsergebnis: Einstimmig

2. Einwohnerfragestunde

Eine Einwohnerin fragt nach dem Abstimmungsergebnis: des Bauausschusses zum Radweg. Die Antwort folgt schriftlich.

3. Bebauungsplan Nr. 8 "Am Mühlenteich"

Die Gemeindevertretung beschließt den Bebauungsplan Nr. 8. Abstimmungsergebnis: 7 Ja-Stimmen, 2 Nein-Stimmen, 1 Enthaltung
"""
    doc = transforms.parse_document(text.encode(), "sh.txt")
    assert [(d.item_number, d.outcome, d.unanimous, d.yes, d.no, d.abstentions) for d in doc.decisions] == [
        ("1", "accepted", True, None, 0, None), ("3", "accepted", False, 7, 2, 1)]


@pytest.mark.parametrize("sentence, counts", [
    ("Die Gemeindevertretung (Gv) stimmt jeweils einstimmig den unter a-c genannten Änderungen zu.", (True, None, 0)),
    ("Der Bauausschuss (BUA) beschließt mit 6 Ja-Stimmen und 1 Gegenstimme die Vergabe.", (False, 6, 1)),
])
def test_a_body_named_with_its_short_name_in_parentheses_decides(sentence, counts):
    text = f"""Niederschrift über die Sitzung des Bauausschusses am 03.02.2022

Anwesend: Frau Irma Feld, Herr Olaf Grün

TOP 1 Vergabe der Pflasterarbeiten am Markt

{sentence}
"""
    doc = transforms.parse_document(text.encode(), "short-name.txt")
    assert [(d.item_number, d.outcome, d.unanimous, d.yes, d.no) for d in doc.decisions] == [("1", "accepted", *counts)]


def test_a_page_number_glued_before_an_items_heading_is_not_part_of_it():
    """PDF text that runs a page's number into the next heading: "- 2 - 3. Änderungsanträge" is item 3
    (a Schleswig-Holstein Gemeindevertretung's minutes); "-3Herr ..." was read so before."""
    text = """Niederschrift über die Sitzung der Gemeindevertretung am 20.08.2009

Beginn: 19.30 Uhr

Anwesend: Frau Irma Feld, Herr Olaf Grün

1. Eröffnung und Begrüßung

Der Vorsitzende eröffnet die Sitzung.

2. Bürgerfragestunde

Fragen werden nicht gestellt.

- 2 - 3. Änderungsanträge (Tagesordnung)

Änderungsanträge werden nicht gestellt.

4. Haushaltsüberschreitung

Die Haushaltsüberschreitungen werden genehmigt.

Abstimmung: 5 dafür 0 dagegen 0 Enthaltungen
"""
    doc = transforms.parse_document(text.encode(), "page-no.txt")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Eröffnung und Begrüßung"), ("2", "Bürgerfragestunde"), ("3", "Änderungsanträge (Tagesordnung)"),
        ("4", "Haushaltsüberschreitung")]
    assert [(d.item_number, d.yes, d.no, d.abstentions) for d in doc.decisions] == [("4", 5, 0, 0)]


_REPORT = """{title}

1. Bauanträge im Ortsteil Feld
Einem Bauantrag auf Neubau einer Doppelgarage wurde das Einvernehmen erteilt.

2. Fortschreibung des Flächennutzungsplanes 2030
Der Gemeinderat beschließt einstimmig die Abwägungsvorschläge.

3. Bekanntgaben und Anfragen
Der Bürgermeister gibt bekannt, dass die Straßenbeleuchtung erneuert wird.
"""


@pytest.mark.parametrize("title, date", [("Aus der Gemeinderatssitzung vom 6. November 2014", "2014-11-06"),
                                         ("Bericht aus der Gemeinderatssitzung vom 16.05.2019", "2019-05-16")])
def test_an_amtsblatts_report_titled_with_the_session_as_a_compound_is_read(title, date):
    """A municipality's report of its council's session (Baden-Württemberg), numbered items under a
    title that names the session as one word: it was rejected as not a Niederschrift."""
    doc = transforms.parse_document(_REPORT.format(title=title).encode(), "report.txt")
    assert (doc.session.committee, doc.session.session_date) == ("Gemeinderat", date)
    assert [i.item_number for i in doc.agenda_items] == ["1", "2", "3"]
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("2", "accepted", True)]


def test_an_invitation_to_a_session_named_as_a_compound_is_still_no_minutes():
    text = _REPORT.format(title="Einladung zur Gemeinderatssitzung am 12.05.2022").split("\n1. ")[0] + """
1. Bauanträge im Ortsteil Feld
2. Fortschreibung des Flächennutzungsplanes 2030
3. Bekanntgaben und Anfragen
"""
    with pytest.raises(transforms.DocumentRejected, match="invitation"):
        transforms.parse_document(text.encode(), "einladung.txt")


_ORTSGEMEINDERAT = """Niederschrift über die Sitzung des {body} am 11.03.2024

Anwesend:
{head} Roland Brenner
Ratsmitglied Horst Bauer
Ratsmitglied Dieter Kautz
Außerdem anwesend:
1. Ortsbeigeordneter Gerald Kaspar
Schriftführer Steffen Beck
Entschuldigt:
Ratsmitglied Daniel Imhof

Der Vorsitzende stellte bei Eröffnung der Sitzung fest, dass gegen die Einberufung keine Einwendungen erhoben wurden.

1. Bauangelegenheiten
Der {body} erteilt das gemeindliche Einvernehmen.
Abstimmungsergebnis: einstimmig
"""


@pytest.mark.parametrize("body, head, chair", [
    ("Ortsgemeinderat Talheim", "Ortsbürgermeister", "Roland Brenner"),
    ("Ortschaftsrat Talheim", "Ortsvorsteherin", "Roland Brenner"),
    ("Gemeinderat Talheim", "Ortsvorsteher", None),   # an Ortsvorsteher in the Gemeinderat: a guest
    ("Ortsgemeinderat Talheim", "Ratsmitglied", None),
])
def test_a_local_council_unnamed_chair_is_its_local_mayor(body, head, chair):
    """"Der Vorsitzende stellte bei Eröffnung ... fest" names no one; an Ortsgemeinderat is chaired by its
    Ortsbürgermeister, an Ortschaftsrat by its Ortsvorsteher (by law), so the list's one such office holder."""
    doc = transforms.parse_document(_ORTSGEMEINDERAT.format(body=body, head=head).encode(), "rlp.txt")
    assert doc.session.chair == chair
    assert [a.family_name for a in doc.attendees if a.role == "chair"] == ([chair.split()[-1]] if chair else [])


_DATED_ITEM_PAGE = """{title}

Reduzieren

Wortprotokoll

Frau Ahrens eröffnet die Sitzung und stellt die Beschlussfähigkeit fest.

Beschlussvorschlag:

Der Ortsbeirat empfiehlt der Bürgerschaft, den Bebauungsplan zu beschließen.

Abstimmungsergebnis:

Dafür: 7 Dagegen: 1 Enthaltungen: 0
"""


def test_a_ris_page_titled_by_its_sessions_date_and_its_item():
    """"23.11.2021 - 4.1 Bebauungsplan Nr. 12 Am Hafen" (Rostock's KSD item pages, also with a
    "Wortprotokoll"): the item's number and title and the session's date; before, no number and no date."""
    doc = transforms.parse_document(_DATED_ITEM_PAGE.format(title="23.11.2021 - 4.1 Bebauungsplan Nr. 12 Am Hafen").encode(),
                                    "to020.txt")
    assert doc.session.session_date == "2021-11-23"
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [("4.1", "Bebauungsplan Nr. 12 Am Hafen")]
    assert [(d.item_number, d.yes, d.no, d.abstentions) for d in doc.decisions] == [("4.1", 7, 1, 0)]


def test_a_ris_page_of_a_non_public_item_titled_by_date_is_not_read():
    text = _DATED_ITEM_PAGE.format(title="23.11.2021 - N 7.2 Grundstücksangelegenheit Heckmann")
    with pytest.raises(transforms.DocumentRejected, match="non-public"):
        transforms.parse_document(text.encode(), "to020-n.txt")


@pytest.mark.parametrize("after, in_title", [("Die Stadtverordnetenversammlung beschließt die Berufung.", False),
                                             ("hier: Bestellung für die Kommunalwahl 2024", True)])
def test_a_title_ends_with_its_paper_in_parentheses(after, in_title):
    """"zu 7. Berufung einer Wahlleiterin der Stadt Lindau (DS-Nr.: 117/2014)" over the item's first
    sentence (a Brandenburg Stadtverordnetenversammlung): the sentence is not part of the title; a
    "hier: ..." line still is."""
    text = f"""Niederschrift über die öffentliche Sitzung der Stadtverordnetenversammlung der Stadt Lindau am 11.12.2014

Entschuldigt: Fraktion:
Herr Rossmann SPD/FDP

Tagesordnung:
1. Eröffnung der Sitzung
7. Berufung einer Wahlleiterin der Stadt Lindau (DS-Nr.: 117/2014)

zu 1. Eröffnung der Sitzung
Der Vorsitzende eröffnet die Sitzung.

zu 7. Berufung einer Wahlleiterin der Stadt Lindau (DS-Nr.: 117/2014)
{after}
Abstimmungsergebnis: einstimmig
"""
    doc = transforms.parse_document(text.encode(), "bb.txt")
    item = doc.agenda_items[-1]
    assert item.item_number == "7" and (after in item.title) == in_title
    if not in_title:
        assert (item.title, item.paper_reference) == ("Berufung einer Wahlleiterin der Stadt Lindau", "117/2014")
    assert [(d.item_number, d.unanimous) for d in doc.decisions] == [("7", True)]


def test_a_lower_saxony_council_title_list_and_sections():
    """"Protokoll über die 11. öffentliche Sitzung (10. Wahlperiode) des Rates der Gemeinde Ahlden ...", its
    members numbered on one line whose breaks the text lost, a lettered section "B. Von der Verwaltung:" and
    its recorder with an abbreviated office (a Lower Saxony council's minutes as web text)."""
    text = """Gemeinde Ahlden, den 14.06.2018

P r o t o k o l l

über die 11. öffentliche Sitzung (10. Wahlperiode) des Rates der Gemeinde Ahlden am 14.06.2018 im Dorfkrug

Anwesend: A. Die Mitglieder des Rates der Gemeinde Ahlden:

1. Bürgermeister Jan Rehbein 2. Anna Voss 3. Karl-Heinz Brede 4. Ute Dammann

B. Von der Verwaltung:

Verw. Angestellter Bernd Olle – Protokollführer –

Beginn der Sitzung: 19.30 Uhr Ende der Sitzung: 21.35 Uhr

Punkt 1: Eröffnung der Sitzung

Die Ratsvorsitzende, Frau Voss, eröffnet die Sitzung.

Punkt 2: Straßenbeleuchtung

Der Rat beschließt die Erneuerung der Straßenbeleuchtung.

Abstimmungsergebnis: 3 Ja-Stimmen, 1 Nein-Stimme
"""
    doc = transforms.parse_document(text.encode(), "ni.txt")
    assert doc.session.committee == "Rat der Gemeinde Ahlden"
    people = {a.family_name: a for a in doc.attendees}
    assert sorted(people) == ["Brede", "Dammann", "Olle", "Rehbein", "Voss"]   # not "B. Von der"
    assert people["Brede"].given_name == "Karl-Heinz" and people["Rehbein"].position == "Bürgermeister"
    assert (people["Olle"].role, people["Olle"].given_name, people["Olle"].position) == ("recorder", "Bernd", "Verw. Angestellter")
    assert [(d.yes, d.no) for d in doc.decisions] == [(3, 1)]


@pytest.mark.parametrize("line, read", [("1. Hans Meier 2. Eva Schulz 3. Olaf Brandt", ["Brandt", "Meier", "Schulz"]),
                                        ("3. Hans-Peter Wolff", ["Wolff"])])
def test_numbered_members_run_together_or_with_a_double_given_name(line, read):
    assert sorted(_attendees(line)) == read


def test_numbered_entries_not_in_turn_are_not_split():
    """"1. Hans Meier 3. Eva Schulz": not a run of 1, 2, 3, ...: one entry as before."""
    assert "Schulz" not in _attendees("1. Hans Meier 3. Eva Schulz 5. Olaf Brandt")


def test_a_vote_table_flattened_to_one_cell_per_line():
    """"Anwesend" / "22" / "JA-Stimmen" / "15" / ... (a RIS page's table of counts as text, a Saxon town):
    the counts of the vote."""
    text = """Niederschrift über die öffentliche Sitzung des Stadtrates Lindenau am 27.11.2008

Anwesend: Bürgermeister Kunze, Stadträte laut Anwesenheitsliste

TOP 5 Änderung der Hauptsatzung

Der Stadtrat beschließt die Änderung der Hauptsatzung.

Abstimmungsergebnis:

Anwesend

22

JA-Stimmen

15

NEIN-Stimmen

7

Enthaltungen

0

mehrheitlich zugestimmt

TOP 6 Verschiedenes

Keine Wortmeldungen.
"""
    doc = transforms.parse_document(text.encode(), "sn.txt")
    assert [(d.item_number, d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions] == [("5", "accepted", 15, 7, 0)]


def test_a_hessian_list_of_those_entitled_to_vote_and_of_the_magistrat():
    """"Als stimmberechtigt waren anwesend:" and "Vom Magistrat waren anwesend:" (a Hessian Stadtverordneten-
    versammlung's minutes from a web mirror of the PDF): those listed were there; before, the members were
    lost and the Magistrat read as excused. The title breaks before the town's name."""
    text = """Niederschrift über die 28. Sitzung der Stadtverordnetenversammlung der Stadt

Lindenfels am 27.11.2008 im Bürgerhaus

Beginn: 20:00 Uhr

Ende: 21:05 Uhr

Als stimmberechtigt waren anwesend:

Hans-Peter Wendt

Robert Rausch

Entschuldigt fehlten:

Gerhard Eibel

Vom Magistrat waren anwesend:

Dr. Bernd Hasel -Bürgermeister-

Kurt Meinel

Schriftführer:

Thomas Hertz

Tagesordnung

1. Mitteilungen des Magistrates

2. Nachtragshaushalt 2008

Zu 1. Mitteilungen des Magistrates

Bürgermeister Hasel berichtet.

Zu 2. Nachtragshaushalt 2008

Die Stadtverordnetenversammlung beschließt den Nachtragshaushalt.

Abstimmungsergebnis: einstimmig
"""
    doc = transforms.parse_document(text.encode(), "he.txt")
    assert doc.session.committee == "Stadtverordnetenversammlung der Stadt Lindenfels"
    status = {a.family_name: (a.status, a.role) for a in doc.attendees}
    assert status == {"Wendt": ("present", "member"), "Rausch": ("present", "member"), "Eibel": ("excused", "member"),
                      "Hasel": ("present", "administration"), "Meinel": ("present", "administration"),
                      "Hertz": ("present", "recorder")}
    assert next(a for a in doc.attendees if a.family_name == "Hasel").position == "Bürgermeister"


def test_items_and_times_as_table_rows():
    """"| TOP 1: | Eröffnung und Begrüßung |" and "| Sitzungsende: | 20:07 Uhr |" (a Stadtverordneten-
    versammlung's minutes in an Amtsblatt, its tables as Markdown rows)."""
    text = """Niederschrift der Sitzung der Stadtverordnetenversammlung der Stadt Lindenfels

| Sitzungstermin: | Donnerstag, 02.11.2023 |
| Sitzungsbeginn: | 19:00 Uhr |
| Sitzungsende: | 20:07 Uhr |

Anwesend:
Stadtverordnetenvorsteher
Alfred Roth
Teil A
| TOP 1: | Eröffnung und Begrüßung |
| Redner: | Stadtverordnetenvorsteher Alfred Roth |
Stadtverordnetenvorsteher Alfred Roth eröffnet die Sitzung.
| TOP 2: | Bebauungsplan Nr. 12 |
Die Stadtverordnetenversammlung beschließt den Bebauungsplan Nr. 12.
Abstimmungsergebnis: einstimmig
"""
    doc = transforms.parse_document(text.encode(), "he.txt")
    assert (doc.session.start_time, doc.session.end_time) == ("19:00", "20:07")
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [("1", "Eröffnung und Begrüßung"), ("2", "Bebauungsplan Nr. 12")]
    assert [(d.item_number, d.unanimous) for d in doc.decisions] == [("2", True)]


def test_a_thuringian_councils_counts_as_rows_and_none_as_nought():
    """"| Ja - Stimmen: | 19 |" rows and "Nein-Stimmen: keine" (a Thuringian Gemeinderat): the counts of the
    vote; the result text stays as printed."""
    text = """Niederschrift über die öffentliche Sitzung des Gemeinderates der Landgemeinde Tannroda am 27.08.2024

Anwesend: Bürgermeister Hofer und 19 Gemeinderatsmitglieder

TOP 1 Eröffnung

Der Bürgermeister eröffnet die Sitzung.

TOP 2 Satzung zur Änderung der Feuerwehrsatzung

Der Gemeinderat beschließt die Satzung in der vorliegenden Form.
| Stimmabgabe: | offen |
| Ja - Stimmen: | 19 |
| Nein - Stimmen: | 1 |
| Enthaltungen: | keine |

TOP 3 Stellungnahme Windenergie

Der Gemeinderat beschließt die Stellungnahme.
Ja-Stimmen: 20
Nein-Stimmen: keine
Enthaltungen: keine
"""
    doc = transforms.parse_document(text.encode(), "th.txt")
    assert [(d.item_number, d.outcome, d.yes, d.no, d.abstentions) for d in doc.decisions] == [
        ("2", "accepted", 19, 1, 0), ("3", "accepted", 20, 0, 0)]
    assert "Nein-Stimmen: keine" in doc.decisions[1].result_text


def test_a_label_line_is_not_joined_to_the_long_line_above():
    """"Sitzungsort: Sitzungssaal im Rathaus Marktzeuln" over "Gremium: Marktgemeinderat" and "Körperschaft:
    Marktzeuln" (a Bavarian RIS page): the Gremium's label starts its own line, and names the body."""
    text = """Datum: 07.08.2023
Sitzungsort: Sitzungssaal im Rathaus Marktbreitenau
Gremium: Marktgemeinderat
Körperschaft: Marktbreitenau
Öffentliche Sitzung, 19:00 Uhr bis 20:35 Uhr

1. Genehmigung des Protokolls

Beschluss

Die Genehmigung wird erteilt.

Abstimmungsergebnis
Dafür: 12, Dagegen: 0

2. Energiespeicheranlage

Beschluss

Der Marktgemeinderat stimmt dem Vorhaben zu.

Abstimmungsergebnis
Dafür: 9, Dagegen: 3
"""
    doc = transforms.parse_document(text.encode(), "by.txt")
    assert doc.session.committee == "Marktgemeinderat"
    assert [(d.item_number, d.yes, d.no) for d in doc.decisions] == [("1", 12, 0), ("2", 9, 3)]


def test_those_present_at_a_vote_are_not_the_bodys_statutory_size():
    """"Gesetzl. Anzahl der Mitglieder: 11, davon anwesend: 9, Zustimmung: 9, ..." (Mecklenburg-Vorpommern):
    9 were present at the vote, 11 is the size of the body."""
    text = """Niederschrift über die öffentliche Sitzung der Gemeindevertretung der Gemeinde Kliefen am 12.05.2021

Anwesend:
Bürgermeister Hans Pohl
Gemeindevertreter Karl Berg

TOP 1 Eröffnung

Der Bürgermeister eröffnet die Sitzung.

TOP 2 Bauantrag

Die Gemeindevertretung stimmt dem Bauantrag zu.

Abstimmungsergebnis: Gesetzl. Anzahl der Mitglieder: 11, davon anwesend: 9, Zustimmung: 9, Ablehnung: 0, Enthaltung: 0
"""
    doc = transforms.parse_document(text.encode(), "mv.txt")
    assert [(d.item_number, d.yes, d.no, d.members_present) for d in doc.decisions] == [("2", 9, 0, 9)]


def test_members_listed_under_their_groups_heading_with_a_member_noun():
    """"Stadtverordnete SPD-Fraktion" / names / "Stadtverordnete WGH-Fraktion" / names (a Hessian SessionNet
    list): each heading names the group of the names below it; a local list's short name is a group too."""
    people = _attendees("Stadtverordnete SPD-Fraktion\nBernd Maus\nLukas Diebener\n"
                        "Stadtverordnete WGH-Fraktion\nBernd Wille\nStefan Langlotz")
    assert {n: p.group for n, p in people.items()} == {"Maus": "SPD", "Diebener": "SPD", "Wille": "WGH-Fraktion",
                                                       "Langlotz": "WGH-Fraktion"}


def test_the_absent_in_table_rows_of_web_text_keep_their_status():
    """"Abwesend" / "Mitglieder" / "| Jannik Bettinger | entschuldigt |" (a Saarland council's minutes as web
    text: the list's table rows with pipes): each row is a member, excused."""
    people = _attendees("Vorsitz\nKarl-Heinz Bauer\nMitglieder\nRalf Ecker\nAbwesend\nMitglieder\n"
                        "| Jana Wendel | entschuldigt |\n| Dirk Kreb | entschuldigt |")
    assert {n: (p.role, p.status) for n, p in people.items()} == {
        "Bauer": ("chair", "present"), "Ecker": ("member", "present"), "Wendel": ("member", "excused"),
        "Kreb": ("member", "excused")}


def test_a_brandenburg_list_in_columns_of_pdf_text():
    """Minutes of a Stadtverordnetenversammlung as PDF text: the labels' column before the values' ("Beginn:" /
    "Ende:" / "16:00 Uhr" / "20:18 Uhr"), groups headed "Fraktion der CDU:", names broken at a line's end
    ("Corrado Gursch, René" / "Hill, ..."), "nicht teilgenommen:", "weitere Teilnehmer:" who are nobody by name,
    and items numbered "1." over their title's line."""
    text = """Stadtverordnetenversammlung
der Stadt Wendelin
Niederschrift
über die 6. Stadtverordnetenversammlung am 25. Februar 2015 im Saal des
Kulturzentrums, Markt 3, in Wendelin
Beginn:
Ende:
16:00 Uhr
20:18 Uhr
Vorsitzende:
Dora Lindqvist
Fraktion der CDU:
Ron Brammer, Anton Gesell, Corrado Gurt, René
Hilpert, Jörg Raspe
Fraktion der SPD:
Dr. Tom Baumann, Manfred Lentz, JeanLuc Maier, Rayk Sonntag
Fraktion der FDP/
Pro Wendelin:
Klaus Reiner, Horst Schwenk
nicht teilgenommen:
Wolf Bleich
Teilnehmer der
Alex Goldberg, Katrin Rank und Jörg
Zietz
Stadtverwaltung:
Niederschrift:
Bianca Eich als Protokollantin
weitere Teilnehmer:
Mitarbeiter der Stadtverwaltung, Bürger und
Vertreter der Presse
1.
Eröffnung der Sitzung, Feststellung der Ordnungsmäßigkeit der Ladung
Frau Lindqvist eröffnet die Sitzung und stellt die Beschlussfähigkeit fest.
2.
Bestätigung der Tagesordnung
Die Tagesordnung wird einstimmig angenommen.
"""
    doc = transforms.parse_document(text.encode(), "bb.txt")
    s = doc.session
    assert (s.committee, s.start_time, s.end_time) == ("Stadtverordnetenversammlung", "16:00", "20:18")
    people = {a.family_name: a for a in doc.attendees}
    assert {n for n, p in people.items() if p.group == "CDU"} == {"Brammer", "Gesell", "Gurt", "Hilpert", "Raspe"}
    assert people["Hilpert"].given_name == "René"
    assert {n for n, p in people.items() if p.group == "SPD"} == {"Baumann", "Lentz", "Maier", "Sonntag"}
    assert people["Maier"].given_name == "JeanLuc"
    assert people["Schwenk"].group == people["Reiner"].group != "SPD"
    assert people["Bleich"].status == "absent"
    assert {"Goldberg", "Rank", "Zietz"} <= set(people) and people["Zietz"].given_name == "Jörg"
    assert not any(p.family_name in ("der", "Presse") for p in doc.attendees)
    assert [(i.item_number, i.title) for i in doc.agenda_items] == [
        ("1", "Eröffnung der Sitzung, Feststellung der Ordnungsmäßigkeit der Ladung"),
        ("2", "Bestätigung der Tagesordnung")]


def test_a_schedule_of_the_parts_above_the_list_does_not_cut_the_minutes():
    """"Öffentlicher Teil:" / "von 19:30 Uhr bis 21:41 Uhr" / "Nichtöffentlicher Teil:" / "von 21:42 Uhr bis
    21:47 Uhr" above the attendance list (Rhineland-Palatinate): the session had a non-public part, and the
    minutes below are public up to that part's own heading."""
    text = """Niederschrift zur öffentlichen/nichtöffentlichen Sitzung des Gemeinderates der Ortsgemeinde Wiesbach

am Donnerstag, dem 14.07.2022 um 19:30 Uhr im Bürgerhaus

Sitzungszeiten

Öffentlicher Teil:

von 19:30 Uhr bis 21:41 Uhr

Nichtöffentlicher Teil:

von 21:42 Uhr bis 21:47 Uhr

Von den geladenen Mitgliedern sind anwesend:

Der Vorsitzende

Stefan Hauck

Die Ratsmitglieder

Oliver Balz

Entschuldigt fehlen:

Ute Beyer

1. Bauleitplanung

Der Gemeinderat beschließt einstimmig die Aufstellung.

Nichtöffentlicher Teil

2. Grundstücksangelegenheit Flur 5

Der Gemeinderat beschließt den Verkauf an Familie Geheim.
"""
    doc = transforms.parse_document(text.encode(), "rp.txt")
    assert doc.session.has_nonpublic_part
    assert {a.family_name: a.status for a in doc.attendees} == {"Hauck": "present", "Balz": "present", "Beyer": "excused"}
    assert [i.item_number for i in doc.agenda_items] == ["1"] and len(doc.decisions) == 1
    assert "Geheim" not in str(doc) and "Flur 5" not in str(doc)


def test_a_non_public_heading_with_its_times_before_an_item_starts_the_part():
    """The same two entries, but an item after the non-public part's times: that is the part itself."""
    text = """Niederschrift über die Sitzung des Gemeinderates Wiesbach am 14.07.2022

Anwesend:
Stefan Hauck

1. Bauleitplanung

Der Gemeinderat beschließt einstimmig die Aufstellung.

Öffentlicher Teil:
von 19:30 Uhr bis 21:41 Uhr
Nichtöffentlicher Teil:
von 21:42 Uhr bis 21:47 Uhr
2. Grundstücksangelegenheit Flur 5
Der Gemeinderat beschließt den Verkauf an Familie Geheim.
"""
    doc = transforms.parse_document(text.encode(), "rp.txt")
    assert doc.session.has_nonpublic_part
    assert "Geheim" not in str(doc) and "Flur 5" not in str(doc)


def test_a_first_item_whose_title_names_members_is_an_item_when_prose_follows():
    """"1. Verpflichtung der Ratsmitglieder" / "Ortsbürgermeister X verpflichtete die neu gewählten Ratsmitglieder
    ...": the first item, though its title names members (a list's part "1. Mitglieder" is followed by names)."""
    text = """Niederschrift über die Sitzung des Ortsgemeinderates Hainsberg am 01.07.2024

Anwesend:
Ortsbürgermeister Stephan Oster
Ratsmitglied Jörg Selig

1. Verpflichtung der Ratsmitglieder
Ortsbürgermeister Stephan Oster verpflichtete die neu gewählten Ratsmitglieder durch Handschlag auf ihre Pflichten.
2. Änderung der Hauptsatzung
Nach Beratung beschloss der Ortsgemeinderat einstimmig die Änderung der Hauptsatzung.
3. Bericht
Im Mai beschloss der Rat die Satzung über die Gebühren.
"""
    doc = transforms.parse_document(text.encode(), "rp.txt")
    assert [i.item_number for i in doc.agenda_items] == ["1", "2", "3"]
    assert {a.family_name for a in doc.attendees} == {"Oster", "Selig"}
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("2", "accepted", True)]


def test_an_office_with_its_article_and_qualifier_in_a_numbered_list():
    """"2. der geschäftsführende Beigeordnete Wilfried Schmelzeisen" (a Rhineland-Palatinate list numbered by
    its parts): a person with that office; the list's number is no part of it."""
    people = _attendees("1. Vorsitzender Otto Kappel\n2. der geschäftsführende Beigeordnete Willi Schmelz\n"
                        "3. die Ratsmitglieder\nAndreas Knecht")
    assert set(people) == {"Kappel", "Schmelz", "Knecht"}
    assert people["Schmelz"].position == "der geschäftsführende Beigeordnete"


def test_the_chair_marked_in_parentheses_after_the_name():
    """"Herr Andersen (Vorsitz)" (a Hamburg Bezirksversammlung's list): the chair, without a note."""
    people = _attendees("Herr Anders (Vorsitz)\nFrau Bohle (GRÜNE)")
    assert (people["Anders"].role, people["Anders"].note, people["Bohle"].role) == ("chair", None, "member")


def test_a_bremen_beirat_list_with_roles_after_a_comma():
    """"des Gremiums: Beirat Blumenthal am: Montag, 13.05.2019" gives the Gremium; "Verwaltungsbeamter Thomas
    Backhaus, Protokoll" is the recorder with his office; "Hartmut Cassens, Polizeirevier Blumenthal" is one guest
    and where he comes from (Bremen's Ortsämter)."""
    text = """Ortsamt Lindenthal

Protokoll über die öffentliche Sitzung
des Gremiums: Beirat Lindenthal am: Montag, 13.05.2019
Beginn: 19:00 Uhr Ende: 21:45 Uhr
Sitzungsteilnehmer:

Beiratsmitglieder:
Bienert, Kay
Dettner, Brigitte

Ortsamtsleiter Peter Nowak, Vorsitz

Verwaltungsbeamter Thomas Bachhaus, Protokoll

Gast:
Hartmut Cassel, Polizeirevier Lindenthal

TOP 1: Genehmigung der Tagesordnung
Die Tagesordnung wird einstimmig genehmigt.
"""
    doc = transforms.parse_document(text.encode(), "hb.txt")
    assert doc.session.committee == "Beirat Lindenthal"
    people = {a.family_name: a for a in doc.attendees}
    assert set(people) == {"Bienert", "Dettner", "Nowak", "Bachhaus", "Cassel"}
    assert (people["Nowak"].role, people["Bachhaus"].role, people["Bachhaus"].given_name) == ("chair", "recorder", "Thomas")
    assert people["Cassel"].role == "guest"


def test_labels_of_where_people_come_from_and_of_an_office():
    """"Ortsamt: Inga Köstner, Vorsitzende" / "Beirat: Barnabás Adam, Gerhard Amenda" (a Bremen Beirat's list) and
    "Ortsbürgermeister: Hans Meier": the label says where the names come from, or is the office of its holder;
    "Ort: Rathaus" still names no one."""
    people = _attendees("Ortsamt: Inga Kössler, Vorsitzende\nCharlotte Eckhart, Protokoll\n"
                        "Beirat: Barnabás Adamek, Gerhard Amend\nOrtsbürgermeister: Hans Meierling\nOrt: Rathaus")
    assert {n: (p.role, p.department, p.position) for n, p in people.items()} == {
        "Kössler": ("chair", "Ortsamt", None), "Eckhart": ("recorder", "Ortsamt", None),
        "Adamek": ("member", None, None), "Amend": ("member", None, None),
        "Meierling": ("member", None, "Ortsbürgermeister")}


def test_taking_part_from_afar_is_a_note_not_a_group_or_a_department():
    """"Frau Eva Kurz (CDU, per Video)", "Jörn Hermening (online)" under "Vom Ortsamt" (hybrid sessions of Bremen's
    Beiräte): the group and the department stay what they are; how they took part is a note."""
    people = _attendees("Vom Ortsamt\nJörn Hemmering (online)\nVom Beirat\nRalf Bohrmann (online)\n"
                        "Frau Eva Kurzke (CDU, per Video)\nRainer Conradi")
    assert {n: (p.role, p.group, p.department, p.note) for n, p in people.items()} == {
        "Hemmering": ("administration", "Verwaltung", "Ortsamt", "online"), "Bohrmann": ("member", None, None, "online"),
        "Kurzke": ("member", "CDU", None, "per Video"), "Conradi": ("member", None, None, None)}


def test_a_report_with_the_public_mark_after_each_number():
    """"Bericht über die Gemeinderatssitzung am 15.03.2016" with items "1.Ö Bürgerfragestunde" (a Baden-Württemberg
    council's report): read as minutes with their items; "5.N ..." is a non-public item, cut with all below it;
    "Der Gemeinderat bestätigte einstimmig ..." is a vote, "Der Gemeinderat nahm ... zur Kenntnis" the item's outcome."""
    text = """Bericht über die Gemeinderatssitzung am 15.03.2016

Um 18.30 Uhr begrüßte Bürgermeisterin Sibylle Wurf die Zuhörer zur Gemeinderatssitzung im Rathaus.

1.Ö      Bürgerfragestunde

Aus der Bürgerschaft wurden keine Fragen gestellt.

2.Ö      Freiwillige Feuerwehr Malsbach

Der Gemeinderat bestätigte einstimmig die vom Feuerwehrausschuss durchgeführte Wahl.

3.Ö      Gemeindebücherei Malsbach

Der Gemeinderat nahm den Jahresbericht zur Kenntnis.

5.N      Grundstücksangelegenheit Flur 5

Der Gemeinderat beschließt den Verkauf an Familie Geheim.
"""
    doc = transforms.parse_document(text.encode(), "bw.txt")
    assert (doc.session.committee, doc.session.session_date, doc.session.has_nonpublic_part) == (
        "Gemeinderat", "2016-03-15", True)
    assert [(i.item_number, i.outcome) for i in doc.agenda_items] == [("1", None), ("2", "decided"), ("3", "noted")]
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("2", "accepted", True)]
    assert "Geheim" not in str(doc) and "Flur 5" not in str(doc)


def test_a_non_public_item_marked_after_its_number_is_cut_wherever_it_stands():
    """"5.N Grundstücksangelegenheit" among minutes whose items are "TOP n": the non-public scan finds it too."""
    text = """Niederschrift über die Sitzung des Gemeinderates Malsbach am 15.03.2016

Anwesend:
Sibylle Wurf

TOP 1 Bürgerfragestunde
Keine Fragen.

5.N Grundstücksangelegenheit Flur 5
Der Gemeinderat beschließt den Verkauf an Familie Geheim.
"""
    doc = transforms.parse_document(text.encode(), "bw.txt")
    assert doc.session.has_nonpublic_part
    assert "Geheim" not in str(doc) and "Flur 5" not in str(doc)


def test_a_session_report_titled_from_the_session_and_a_result_label_without_colon():
    """"Sitzungsbericht aus der öffentlichen Sitzung des Gemeinderats am 17.06.2010" is the document's own title: its
    date is the session's, not an item title's later one ("Bürgermeisterwahl am 24.10.2010"); "Abstimmung
    einstimmig." under an item is its vote (Baden-Württemberg reports)."""
    text = """Sitzungsbericht aus der öffentlichen Sitzung des Gemeinderats am 17.06.2010

TOP 1 - Bürgermeisterwahl am 24.10.2010

Die Vorsitzende übergibt den Vorsitz an ihren Stellvertreter.

Abstimmung einstimmig.

TOP 2 - Bebauungsplan Ortsmitte

Der Gemeinderat beschließt mehrheitlich bei 2 Gegenstimmen den Bebauungsplan als Satzung.
"""
    doc = transforms.parse_document(text.encode(), "bw.txt")
    assert (doc.session.committee, doc.session.session_date) == ("Gemeinderat", "2010-06-17")
    assert [(d.item_number, d.outcome, d.unanimous) for d in doc.decisions] == [("1", "accepted", True),
                                                                                ("2", "accepted", False)]


def test_a_person_labelled_as_from_the_administration():
    """"Verwaltung Christoph Thordsen" under "Weiterhin sind anwesend:" (a Schleswig-Holstein Amt's minutes): a
    person of the administration (was lost)."""
    people = _attendees("Bürgermeister Manfred Pohlmann\nWeiterhin sind anwesend:\nLVB Gunnar Bockel\n"
                        "Verwaltung Christoph Thorsen")
    assert {n: (p.role, p.group) for n, p in people.items()} == {
        "Pohlmann": ("member", None), "Bockel": ("administration", "Verwaltung"), "Thorsen": ("administration", "Verwaltung")}
