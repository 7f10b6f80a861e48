"""SessionNet single-item pages (to0050) as text: one agenda item, its Beschluss and the vote.

They rarely name the body, the date or the item's number. The page starts with the result
("Beschluss: einstimmig beschlossen") and the counts ("Abstimmung: Ja: 9, Nein: 0, Enthaltungen: 0,
Befangen: 1"), or ends with a block of count lines ("Stimmberechtigte: 11 / Ja-Stimmen: 11 / ...");
other forms: a postponement motion ("Beschluss zum Antrag der" / "CDU:" ... "mehrheitlich vertagt"),
a result by faction without counts, "Anwesend: 13" with the counts, several counted votes in one
item ("Abstimmungsergebnis:" / "Mehrheitlich abgelehnt" / "Ja 2  Nein 6  Enthaltung 1"), and motions
rejected in sentences under a header "Beschluss: beschlossen". Spacer lines hold a no-break space.
"""
from __future__ import annotations

import datetime as dt
import random

from bench.corpus.common import Doc, Gold, People, counted_vote, paragraph, topic, town

VARIANTS = ("ja-nein-befangen", "stimmblock", "vertagung", "fraktionen", "anwesend", "mehrere", "antraege")
NBSP = "\u00a0"
BODIES = ["Gemeinderat", "Gemeindevertretung", "Stadtrat", "Ortsgemeinderat", "Ausschuss"]


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    people = People(r, r.choice(["north", "south", "east", "west"]), title_share=0.0)
    place = town(r)
    g = Gold()
    spacer = r.choice([NBSP, " "])
    out: list[str] = []
    prose = [paragraph(r) for _ in range(r.randint(4, 12))]
    voting = r.randint(7, 25)
    v = counted_vote(r, voting)

    def para(text: str) -> None:
        out.extend([text, "", spacer, ""])

    if variant == "ja-nein-befangen":
        recused = r.choice([0, 1, 1, 2])
        word = "einstimmig beschlossen" if v.unanimous else ("mehrheitlich beschlossen" if v.outcome == "accepted"
                                                             else "mehrheitlich abgelehnt")
        out += [f"Beschluss: {word}", "", f"Abstimmung: Ja: {v.yes}, Nein: {v.no}, Enthaltungen: {v.abstentions}"
                + (f", Befangen: {recused}" if recused else ""), ""]
        para("Die Vorsitzende eröffnet die Beratung zum Tagesordnungspunkt und verweist auf die Vorlage.")
        for p in prose:
            para(p)
        out.append("Dem Beschlussvorschlag wird einstimmig zugestimmt." if v.unanimous else
                   "Dem Beschlussvorschlag wird mehrheitlich zugestimmt." if v.outcome == "accepted" else
                   "Der Beschlussvorschlag wird mehrheitlich abgelehnt.")
        g.vote("", v.outcome, v.unanimous, v.yes, v.no, v.abstentions)
    elif variant == "stimmblock":
        body = r.choice(BODIES[:3])
        out += ["Beschluss:", "", NBSP, "", f"Die {body} beschließt:" if body.endswith("ung") else f"Der {body} beschließt:",
                "", NBSP, ""]
        for k in range(r.randint(2, 5)):
            para(f"  1. {topic(r, place)[1]} wird in der vorgelegten Fassung festgestellt.")
        out += [""] + [x for p in prose for x in (p, "", spacer, "")]
        cast = v.yes + v.no + v.abstentions
        out += ["", f"Stimmberechtigte: {cast}", "", NBSP, "", f"Ja-Stimmen: {v.yes}", "", f"Nein-Stimmen: {v.no}", "",
                f"Enthaltungen: {v.abstentions}", "", f"Befangen: {r.choice([0, 0, 1])}"]
        g.vote("", v.outcome, v.no == 0, v.yes, v.no, v.abstentions)
        g.session = {"body": body}      # "Der Stadtrat beschließt:" names the body
    elif variant == "vertagung":
        party = r.choice(["CDU", "SPD", "FDP", "Freien Wähler", "Grünen"])
        no = r.randint(1, voting // 3)
        abst = r.randint(0, 2)
        yes = voting - no - abst
        out += ["Beschluss zum Antrag der", f"{party}:", "Die Entscheidung über die",
                f"{topic(r, place)[1]} wird bis zur Vorlage des Gutachtens zurückgestellt und in einer späteren Sitzung "
                "erneut aufgerufen.", f"Ja-Stimmen: {yes} Nein-Stimmen: {no} Enthaltungen: {abst}", f"Befangen: {r.randint(0, 2)}",
                "Der Tagesordnungspunkt wurde mehrheitlich vertagt."]
        out += [""] + [x for p in prose for x in (p, "")]
        g.vote("", "postponed", False, yes, no, abst)
    elif variant == "fraktionen":
        who, gone = people.person(), people.person()
        out += ["Beschluss: ungeändert beschlossen", "",
                f"Abstimmungsergebnis: Mehrheitlich gegen die {r.choice(['AfD-Fraktion', 'CDU-Fraktion', 'FDP-Fraktion'])} "
                f"bei Enthaltung der Fraktion {r.choice(['Die Linke', 'Die PARTEI', 'Volt'])} und {who.formal} zugestimmt. "
                f"(Nicht anwesend: {gone.formal})", ""]
        out += [x for p in prose for x in (p, "")]
        g.vote("", "accepted", False)
        g.absent.append(gone.family)
    elif variant == "anwesend":
        chair, mover = people.person(), people.person()
        title = "Erster Bürgermeister" if chair.sex == "m" else "Erste Bürgermeisterin"
        yes, no = (v.yes, v.no) if v.no else (v.yes - 2, 2)
        present = yes + no
        word = "Mehrheitlich beschlossen" if yes > no else "Mehrheitlich abgelehnt"
        out += [f"Beschluss: {word}", "", f"Abstimmung: Ja: {yes}, Nein: {no}, Anwesend: {present}", ""]
        para(f"{title} {chair.full} stellt die Beschlussfähigkeit des Gemeinderates fest.")
        para(f"{title} {chair.full} gibt bekannt, dass die SPD-Fraktion beantragt hat, den Tagesordnungspunkt "
             f"{r.randint(2, 12)} in nichtöffentlicher Sitzung zu beraten.")
        for p in prose:
            para(p)
        out.append(f"{title} {chair.full} lässt nach Begründung durch den Fraktionsvorsitzenden {mover.given} "
                   f"{mover.family} über den Antrag der SPD-Fraktion abstimmen.")
        g.vote("", "accepted" if yes > no else "rejected", False, yes, no)
        g.attend(chair, None)
        g.attend(mover, "SPD-Fraktion")
        g.session = {"body": "Gemeinderat"}
    elif variant == "mehrere":
        chair, member, staff = people.person(sex="f"), people.person(), people.person(sex="m")
        party = r.choice(["DIE LINKE", "FDP", "CDU", "SPD"])
        out += [f"Beschluss: {'Mehrheitlich beschlossen' if not v.unanimous else 'Einstimmig beschlossen'}", "",
                f"Abstimmung: Ja: {v.yes}, Nein: {v.no}, Enthaltungen: {v.abstentions}", ""]
        para(f"Vorsitzende {chair.family} schlägt vor, die Beratungen zum Haushalt in dieser Reihenfolge durchzuführen:")
        out += ["  • Investitionsprogramm", "  • Stellenplan", "  • Teilhaushalte mit Ergebnis- und Finanzhaushalt,",
                "  • Haushaltssatzung.", "", NBSP, ""]
        g.vote("", "accepted", bool(v.unanimous), v.yes, v.no, v.abstentions)
        para(f"Mitglied {member.family} stellt für die Fraktion {party} den Antrag, im Stellenplan zusätzlich eine halbe "
             "Stelle Quartiersmanagement auszuweisen:")
        for k in range(r.randint(1, 2)):
            w = counted_vote(r, voting, unanimous_share=0.0)
            word = "Mehrheitlich beschlossen" if w.outcome == "accepted" else "Mehrheitlich abgelehnt"
            out += ["Abstimmungsergebnis:  ", "", NBSP, "", word, "",
                    f"Ja {w.yes}  Nein {w.no}  Enthaltung {w.abstentions} ", "", NBSP, "", NBSP, ""]
            g.vote("", w.outcome, False, w.yes, w.no, w.abstentions)
            if k == 0:
                para(f"Vorsitzende {chair.family} lässt sodann über die Vorlage in der vorgelegten Fassung abstimmen:")
        para(f"Vor Eintritt in die Teilhaushalte erläutert Erster Stadtrat {staff.given} {staff.family} die Veränderungsliste:")
        for p in prose:
            para(p)
        g.attend(chair, None)
        g.attend(member, party)
        g.attend(staff, "Verwaltung")
    else:  # antraege: "Beschluss: beschlossen" over motions rejected in sentences
        out += ["Beschluss: beschlossen", ""]
        para(f"Zu Beginn der Sitzung wird beantragt, die Tagesordnungspunkte {r.randint(5, 9)}.1 bis "
             f"{r.randint(5, 9)}.4 (Grundstücksangelegenheiten) abweichend von der Einladung in öffentlicher Sitzung zu "
             "beraten. Der Antrag wurde schriftlich eingereicht und ist der Originalniederschrift beigefügt.")
        for p in prose:
            para(p)
        yes1, yes2 = r.randint(2, 5), r.randint(2, 6)
        out += [f"Der Gemeinderat lehnt den Antrag mit {yes1} Ja-Stimmen und {voting - yes1} Nein-Stimmen ab.", "", " ", "",
                "Daraufhin wird beantragt, zumindest einen der Tagesordnungspunkte in öffentlicher Sitzung zu behandeln.",
                "", " ", "", f"Auch dieser Antrag wird vom Gemeinderat mit {yes2} Ja-Stimmen und {voting - yes2} "
                "Nein-Stimmen abgelehnt."]
        g.vote("", "rejected", False, yes1, voting - yes1)
        g.vote("", "rejected", False, yes2, voting - yes2)
        g.session = {"body": "Gemeinderat"}
    return Doc("sessionnet-item", variant, "\n".join(out).rstrip("\n") + ("\n" if r.random() < 0.5 else ""), g,
               slug="to0050")
