"""Niederschriften of Hamburg's Bezirksversammlungen (ALLRIS PDF as pdftotext -layout text).

The attendance list is a table: name | Fraktion | "für Frau X" (substitution) | role, with
cells wrapped over several lines ("GRÜNE-" / "Fraktion"), page footers "Seite: 1/7" and form
feeds inside it. Headings: "Vorsitz", "stimmberechtigte Mitglieder", "nicht stimmberechtigte
Mitglieder", "Ständige Vertretung", "Verwaltung", "Protokollführung", "Referent/in", "Gäste".
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="hamburg-allris-pdf",
    description="Hamburg Bezirksversammlung Niederschrift, pdftotext -layout: attendance as a fixed-width table",
    keywords=("Hamburg", "Termin:", "Seite:"),
    detect=((r"Freie und Hansestadt Hamburg", 2), (r"^Termin:\s", 1), (r"^Seite:\s*\d+/\d+", 1),
            (r"Bezirksamt|Bezirksversammlung", 0.5)),
    attendance_columns=True,
    threshold=3,
)
