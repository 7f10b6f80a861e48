"""SessionNet session pages (si0057) as HTML.

Navigation, a key-value table (Sitzung / Gremium / Raum / Datum / Zeit) and the TOP table (TOP /
Betreff / Vorlage / Beschlussart) with "Ö 2.1" rows, heading rows without a result, Anfrage rows, and
non-public "N 1" rows that must never be published. The page declares its charset (UTF-8, or
Windows-1252 when the generator encodes it so).
"""
from __future__ import annotations

import datetime as dt
import html
import random

from bench.corpus.common import Doc, Gold, topic, town

VARIANTS = ("sessionnet-session",)
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
COMMITTEES = [("Ausschuss für Stadtentwicklung, Umwelt und Verkehr", "des Ausschusses für Stadtentwicklung, Umwelt und Verkehr"),
              ("Haupt- und Finanzausschuss", "des Haupt- und Finanzausschusses"), ("Rat der Stadt", "des Rates der Stadt"),
              ("Ausschuss für Schule und Sport", "des Ausschusses für Schule und Sport"),
              ("Bau- und Planungsausschuss", "des Bau- und Planungsausschusses"),
              ("Sozialausschuss", "des Sozialausschusses")]
# Beschlussart -> outcome (as the corpus's gold reads them)
RESULTS = [("ungeändert beschlossen", "accepted"), ("ungeändert beschlossen", "accepted"), ("geändert beschlossen", "amended"),
           ("zur Kenntnis genommen", "noted"), ("abgesetzt", "withdrawn"), ("vertagt", "postponed"),
           ("abgelehnt", "rejected"), ("verwiesen", "referred")]
SMC_HEAD = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="__CHARSET__">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sitzung - Bürgerinfo Stadt {town}</title>
<link rel="stylesheet" href="css/smc_default.css">
<link rel="stylesheet" href="css/smc_print.css" media="print">
<script src="js/jquery.min.js"></script>
<script src="js/smc_functions.js"></script>
<script>var smcConfig = {{"sessionTimeout": 1800, "lang": "de", "title": "Sitzung"}};</script>
</head>
<body class="smc-body">
<a class="smc-skip" href="#smc_content">Zum Inhalt springen</a>
<div id="smc_header"><div class="smc-logo"><a href="info.php"><img src="images/logo.png" alt="Stadt {town}"></a></div>
<form action="recherche.php" method="get" class="smc-search"><input type="text" name="__cwpsearch" placeholder="Suche"><button type="submit">Suchen</button></form></div>
<div id="smc_navi"><ul class="smc-navi"><li><a href="si0040.php">Kalender</a></li><li><a href="gr0040.php">Gremien</a></li><li><a href="vo0040.php">Vorlagen</a></li><li><a href="kp0040.php">Mandatsträger</a></li><li><a href="recherche.php">Recherche</a></li><li><a href="info.php">Info</a></li></ul></div>
<div id="smc_breadcrumb"><a href="si0040.php">Kalender</a> &gt; <a href="si0046.php?__cjahr={year}">Sitzungen {year}</a> &gt; Sitzung</div>
"""
SMC_FOOT = """<div id="smc_sidebar"><h3 class="smc_h3">Dokumente</h3><ul class="smc-documents"><li><a href="getfile.php?id={doc1}&amp;type=do">Einladung</a> (PDF, {kb1} KB)</li><li><a href="getfile.php?id={doc2}&amp;type=do">Niederschrift öffentlich</a> (PDF, {kb2} KB)</li></ul>
<h3 class="smc_h3">Export</h3><ul><li><a href="si0057.php?__ksinr={si}&amp;__cformat=ics">Termin exportieren (iCal)</a></li></ul></div>
<div id="smc_footer">Stadt {town} | Bürgerinformationssystem | <a href="impressum.php">Impressum</a> | <a href="datenschutz.php">Datenschutz</a> | <a href="barrierefreiheit.php">Barrierefreiheit</a></div>
<script>$(function () {{ smc.init(); smc.table("#smc_page_si0057_contenttable2"); }});</script>
</body>
</html>
"""


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    place = town(r)
    body, of_body = r.choice(COMMITTEES)
    if body == "Rat der Stadt":
        body, of_body = f"Rat der Stadt {place}", f"des Rates der Stadt {place}"
    number = r.randint(1, 50)
    start = (r.choice([15, 16, 17, 18]), r.choice([0, 0, 30]))
    end = (start[0] + r.randint(1, 4), r.randint(0, 59))
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}", "session_number": str(number)})
    e = html.escape
    rows = []
    ktonr = r.randint(10000, 90000)

    def row(top: str, title: str, paper: str | None, result: str, link: bool) -> None:
        nonlocal ktonr
        ktonr += 1
        cls = "smcrow1" if len(rows) % 2 == 0 else "smcrow2"
        top_cell = f'<a href="to0050.php?__ktonr={ktonr}">{top}</a>' if link else top
        paper_cell = f'<a href="vo0050.php?__kvonr={ktonr - 11000}">{paper}</a>' if paper else ""
        rows.append(f'<tr class="{cls} smc-t-r-l"><td class="tofnum">{top_cell}</td><td class="tobetr">{title}</td>'
                    f'<td class="tovonr">{paper_cell}</td><td class="tobeschlart">{result}</td></tr>')

    row("Ö 1", "Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit", None, "", True)
    n = 2
    for _ in range(r.randint(4, 12)):
        if r.random() < 0.4:          # a heading row with sub-items
            row(f"Ö {n}", e(r.choice(["Bauleitplanung", "Vorlagen der Verwaltung", "Anträge der Fraktionen"])), None, "", False)
            subs = [f"{n}.{k}" for k in range(1, r.randint(2, 4))]
        else:
            subs = [str(n)]
        for num in subs:
            kind, title = topic(r, place)
            result, outcome = r.choice(RESULTS)
            paper = f"{r.randint(100, 1999):04d}/{date.year}"
            title = e(title).replace(" - ", "<br>- ", 1)
            row(f"Ö {num}", title, paper, result, True)
            g.vote(num, outcome)
        n += 1
    if r.random() < 0.7:
        row(f"Ö {n}", "Anfragen", None, "", False)
        for k in range(1, r.randint(1, 3) + 1):
            faction = r.choice(["FDP-Fraktion", "SPD-Fraktion", "CDU-Fraktion", "Fraktion BÜNDNIS 90/DIE GRÜNEN"])
            paper = f"{r.randint(100, 1999):04d}/{date.year}"
            row(f"Ö {n}.{k}", e(f"Anfrage der {faction}: Parksituation am Bahnhof {town(r)}"), paper,
                "zur Kenntnis genommen", True)
            g.vote(f"{n}.{k}", "noted")
            g.anfragen.append({"item": f"{n}.{k}", "faction": faction, "paper_reference": paper})
        n += 1
    row(f"Ö {n}", "Mitteilungen der Verwaltung", None, "zur Kenntnis genommen", True)
    g.vote(str(n), "noted")
    if r.random() < 0.6:
        first = r.choice(["Grundstücksangelegenheiten", "Vergabe von Planungsleistungen", "Personalangelegenheiten"])
        g.nonpublic_marker = f"N 1 {first}"
        for k, title in enumerate([first, "Vergabe der Bauleistungen Los 2", "Mitteilungen der Verwaltung"][: r.randint(1, 3)], 1):
            row(f"N {k}", title, None, "", False)
    page = SMC_HEAD.format(town=place, year=date.year)
    page += f"""<div id="smc_content" class="smc-page"><div id="smc_page_si0057" class="smc-page">
<h1 class="smc_h1">Sitzung - {number}. Sitzung {e(of_body)}</h1>
<div class="smc-card">
<table class="smc-table smctablesitzung" id="smc_page_si0057_contenttable1">
<tbody>
<tr><td class="smc_td smctd1">Sitzung:</td><td class="smc_td smctd2">{number}. Sitzung {e(of_body)}</td></tr>
<tr><td class="smc_td smctd1">Gremium:</td><td class="smc_td smctd2"><a href="kp0040.php?__kgrnr={r.randint(1, 99)}" title="Details anzeigen: {e(body)}">{e(body)}</a></td></tr>
<tr><td class="smc_td smctd1">Raum:</td><td class="smc_td smctd2">{r.choice(['Großer Sitzungssaal', 'Ratssaal', 'Raum 214'])}, Rathaus, Marktplatz {r.randint(1, 9)}</td></tr>
<tr><td class="smc_td smctd1">Datum:</td><td class="smc_td smctd2">{WEEKDAYS[date.weekday()]}, {date:%d.%m.%Y}</td></tr>
<tr><td class="smc_td smctd1">Zeit:</td><td class="smc_td smctd2">{start[0]:02d}:{start[1]:02d} - {end[0]:02d}:{end[1]:02d} Uhr</td></tr>
</tbody>
</table>
</div>
<h2 class="smc_h2">Tagesordnung</h2>
<table class="smc-table smc-table-striped" id="smc_page_si0057_contenttable2">
<thead>
<tr><th class="smc_th">TOP</th><th class="smc_th">Betreff</th><th class="smc_th">Vorlage</th><th class="smc_th">Beschlussart</th></tr>
</thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</div></div>
"""
    page += SMC_FOOT.format(town=place, doc1=r.randint(1000, 99999), doc2=r.randint(1000, 99999), kb1=r.randint(80, 900),
                            kb2=r.randint(80, 900), si=r.randint(1000, 9999))
    return Doc("sessionnet-session", variant, page, g, ext=".html", slug="si0057")
