"""Minutes reports in municipal gazettes (Mitteilungsblätter) of small municipalities.

Written as an article: the convening sentence gives body, date and time ("Der Ortsgemeinderat
Rebenheim war mit Einladung vom ... auf den 26.02.2024, 19:00 Uhr, ... geladen"), agenda items
as "N Title" or table rows "| 1. | Title |", results as table rows "| Einstimmig beschlossen |
Ja 15 Nein 0 Anwesend 15 |".
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="mitteilungsblatt",
    description="Gazette report of a council session: convening sentence, table rows for agenda and votes",
    keywords=("geladen", "Mitteilungsblatt", "| ", "bekannt gemacht"),
    detect=((r"\bgeladen worden\b", 2), (r"Mitteilungsblatt", 1), (r"^\|\s*\d+\.?\s*\|", 1),
            (r"^\|\s*(?:Einstimmig|Mehrheitlich|Zur Kenntnis)", 2), (r"öffentlich bekannt gemacht", 1)),
    body_patterns=(r"^(?:Zur\s+Sitzung\s+(?:des|der)\s+)(?P<body>.+?)\s+(?:war|waren)\b",
                   r"^(?:Der|Die)\s+(?P<body>[A-ZÄÖÜ]\w*(?:rat|ausschuss|vertretung)(?:\s+[A-ZÄÖÜ][\w-]+)?)\s+war\b"),
    item_headings=(r"^\|\s*(?P<num>\d{1,3}(?:\.\d{1,3})*)\.?\s*\|\s*(?P<title>[^|]+?)\s*\|?\s*$",
                   r"^(?P<num>\d{1,2})\s+(?P<title>[A-ZÄÖÜ][^|]{3,})$"),
)
