"""SessionNet single-item pages (to0050): one agenda item, its Beschluss and the vote.

The page starts with the result ("Beschluss: einstimmig beschlossen"), then the counts
("Abstimmung: Ja: 9, Nein: 0, Enthaltungen: 0, Befangen: 1"), then the item's text. It rarely
names the body, the date or the item's number.
"""
from transforms.layouts import Layout

_TOP = r"\A(?:[^\n]*\n){0,8}?"   # a line among the first nine of the page's text

LAYOUT = Layout(
    name="sessionnet-item",
    description="SessionNet single-item page (to0050): Beschluss, Abstimmung, item text",
    keywords=("Beschluss", "Abstimmung", "Ja-Stimmen", "Stimmberechtigte"),
    # The vote lines count near the page's top only: full minutes (a title, an attendance list) have
    # votes further down, and a minutes file is no single item page.
    detect=((r"\A(?:Beschluss(?:\s+zum\s+Antrag[^\n]*)?:|Beschluss:\s*\S)", 2),
            (_TOP + r"Abstimmung(?:sergebnis)?:\s*(?:Ja|Mehrheitlich|Einstimmig)", 1.5),
            (_TOP + r"Ja-Stimmen:\s*\d", 1), (_TOP + r"Stimmberechtigte:\s*\d", 1)),
    single_item=True,
)
