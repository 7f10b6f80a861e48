"""ALLRIS "Auszug" pages (to020): one agenda item of a session with a key-value header.

"TOP: Ö 1", "Gremium: ...", "Datum: Mo, 03.03.2025", "Zeit: 18:00 - 18:50"; the header's
"Beschlussart: (offen)" is often not filled in while the protocol text states the result.
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="allris-auszug",
    description="ALLRIS to020 'Auszug' page: key-value header, protocol text of one item",
    keywords=("Auszug", "TOP:", "Beschlussart"),
    detect=((r"^#?\s*Auszug\s*-", 2), (r"^TOP:\s*[ÖN]", 1.5), (r"\bBeschlussart:", 1), (r"^Gremium:", 0.5)),
    single_item=True,
    item_number=r"^TOP:\s*[ÖN]?\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)",
    threshold=3,
)
