"""SessionNet single-item pages (to0050): one agenda item, its Beschluss and the vote.

The page starts with the result ("Beschluss: einstimmig beschlossen"), then the counts
("Abstimmung: Ja: 9, Nein: 0, Enthaltungen: 0, Befangen: 1"), then the item's text. It rarely
names the body, the date or the item's number.
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="sessionnet-item",
    description="SessionNet single-item page (to0050): Beschluss, Abstimmung, item text",
    keywords=("Beschluss", "Abstimmung", "Ja-Stimmen", "Stimmberechtigte"),
    detect=((r"\A(?:Beschluss(?:\s+zum\s+Antrag[^\n]*)?:|Beschluss:\s*\S)", 2),
            (r"^Abstimmung(?:sergebnis)?:\s*(?:Ja|Mehrheitlich|Einstimmig)", 1.5),
            (r"^Ja-Stimmen:\s*\d", 1), (r"^Stimmberechtigte:\s*\d", 1)),
    single_item=True,
)
