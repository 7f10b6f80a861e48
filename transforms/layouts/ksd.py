"""KSD (Lotus Domino) one-item protocols of large Baden-Württemberg cities.

A flattened header in which labels run into the previous value ("...MusterstadtNiederschrift
Nr.", "VerhandlungDrucksache:") and values stand apart from their labels ("TOP:" then the
protocol number and the item number on their own lines). The first body named after
"Protokoll:" is the session's.
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="ksd-protocol",
    description="KSD one-item protocol: flattened header, Vorsitz / Protokollführung / Betreff",
    keywords=("Protokoll:", "Sitzungstermin", "Sitzungsart"),
    detect=((r"^Protokoll:\s.*Niederschrift Nr\.", 3), (r"^Sitzungstermin:\s", 1), (r"^Sitzungsart:\s", 1),
            (r"^Protokollführung:", 1)),
    body_patterns=(r"^Protokoll:\s*(?P<body>[^,]+?)(?:,|\s+des\s+Gemeinderat|\s+der\s+Landeshauptstadt|Niederschrift\s+Nr)",),
    single_item=True,
    # "TOP:" / "84" (protocol number) / "3" (the item): the item is the second value.
    item_number=r"^TOP:\n[^\n]+\n(?P<num>\d{1,3}[a-z]?)$",
    threshold=3,
)
