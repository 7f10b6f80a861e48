"""SD.NET RIM (Sternberg) session pages (Meeting.mvc): TOP number glued to the SP-Nr.

"1pl/9/1/19 Verleihung ..." in the overview, "1. / pl/9/1/19. Verleihung ..." as the item's
heading; the page header lists "Öffentliche Sitzung" and "Nichtöffentliche Sitzung" as
navigation labels.
"""
from transforms.layouts import Layout

LAYOUT = Layout(
    name="sdnet-rim",
    description="SD.NET RIM session page: TOP-Nr. and SP-Nr. glued, navigation labels in the header",
    keywords=("TOP-Nr", "pl/", "Status:"),
    detect=((r"TOP-Nr\.\s*SP-Nr\.", 3), (r"^\d{1,3}[a-z]{1,4}/\d+/\d+/\d+\s", 1), (r"^Status:\s", 0.5)),
    item_headings=(r"^(?P<num>\d{1,3})\.\s*/\s*[a-z]{1,4}/\d+/\d+/\d+\.\s*(?P<title>.+)$",
                   r"^(?P<num>\d{1,3})[a-z]{1,4}/\d+/\d+/\d+\s+(?P<title>.+)$"),
)
