"""SessionNet (Somacos) session pages (si0057): a key-value header and a TOP table.

The TOP table's rows are "Ö 2.1 | Betreff | Vorlage | Beschlussart"; the Beschlussart column
says how each item ended ("ungeändert beschlossen", "geändert beschlossen", "zur Kenntnis
genommen", "abgesetzt"). Rows "N 1" start the non-public part.
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="sessionnet-session",
    description="SessionNet session page (si0057): key-value header, TOP table with Beschlussart",
    keywords=("Beschlussart", "Gremium:", "Sitzung:"),
    detect=((r"^TOP\s+Betreff\b.*\bBeschlussart\b", 3), (r"^Gremium:\s", 1), (r"^Sitzung:\s", 1),
            (r"\bBürgerinfo\b|\bsi0057\b", 0.5)),
    item_headings=(r"^(?P<prefix>[ÖN])\s?(?P<num>\d{1,3}(?:\.\d{1,3})*)\t(?P<title>[^\t]*)"
                   r"(?:\t(?P<ref>[^\t]*))?(?:\t(?P<result>[^\t]*))?\s*$",),
    # The RIS's own words for how an item ended; "abgesetzt" here means taken off the agenda for good.
    results=((r"^ungeändert beschlossen", "accepted"), (r"^geändert beschlossen", "amended"),
             (r"^zur Kenntnis genommen", "noted"), (r"^abgesetzt", "withdrawn"), (r"^vertagt", "postponed"),
             (r"^verwiesen", "referred"), (r"^abgelehnt", "rejected")),
)
