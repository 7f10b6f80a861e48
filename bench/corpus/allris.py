"""ALLRIS "Auszug" pages (to020): one agenda item of a session, as ALLRIS net serves it.

ISO-8859-1 with CRLF line ends; a long menu; the key-value table ("TOP: Ö&nbsp;1", "Gremium:",
"Datum: Mo, 03.03.2025", "Zeit: 18:00 - 18:50", "Status: öffentlich/nichtöffentlich" for the
session, "Beschlussart: (offen)" even where the protocol states the result); the protocol and the
Beschluss as XHTML documents of a word processor export embedded after "allrisWP" / "allrisBS".
"""
from __future__ import annotations

import datetime as dt
import html
import random

from bench.corpus.common import Doc, Gold, paragraph, topic, town

VARIANTS = ("offen", "beschlussart")
DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
COMMITTEES = ["Stadtentwicklungsausschuss", "Haushaltsausschuss", "Hauptausschuss", "Verkehrsausschuss",
              "Jugendhilfeausschuss", "Ausschuss für Umwelt und Verbraucherschutz", "Regionalausschuss"]
MENU = [("Bürgerinfo", [("allris.net.asp", "Home"), ("pa021.asp", "Bezirksversammlung"),
                        ("au010.asp?T1=Aussch%FCsse&amp;AU=Ausschuss", "Ausschüsse"), ("fr010.asp?SELECT=1", "Fraktionen")]),
        ("Sitzungen", [("si010_e.asp", "Kalender"), ("si018_a.asp", "Übersicht"), ("si016.asp", "Niederschriften")]),
        ("Drucksachen", [("vo040.asp", "Übersicht ab 05-2013"), ("filelist.asp?id=11", "Übersicht bis 04-2013")]),
        ("Recherche", [("yw040.asp", "Textrecherche"), ("kp040.asp", "Sitzungsteilnehmende"),
                       ("filelist.asp?id=1", "Rechtsgrundlagen")]),
        ("Kontakt", [("impressum.asp", "Impressum")]), ("Hilfe", [("legende.asp", "Legende")])]
ASPOSE = ('<?xml version="1.0" encoding="iso-8859-1" standalone="no"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
          'Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
          '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" /><meta http-equiv="Content-Style-Type" '
          'content="text/css" /><meta name="generator" content="Aspose.Words for .NET 19.1" /><title></title></head><body>{hr}<div>'
          '{paras}</div></body></html>')
PARA = ('<p style="margin-top:0pt; margin-bottom:0pt; widows:0; orphans:0; font-size:11pt"><span style="font-family:Arial">'
        '{text}</span></p>')
EMPTY = ('<p style="margin-top:0pt; margin-bottom:0pt; widows:0; orphans:0; font-size:11pt"><span style="font-family:Arial; '
         '-aw-import:ignore">&#xa0;</span></p>')


def _spans(r: random.Random, text: str) -> str:
    """A paragraph as the word processor export writes it: runs of a few words, each in its own span."""
    words, out = text.split(" "), []
    while words:
        k = r.randint(3, 12)
        out.append(html.escape(" ".join(words[:k]) + (" " if len(words) > k else ""), quote=False))
        words = words[k:]
    return '</span><span style="font-family:Arial">'.join(out)


def _aspose(r: random.Random, paragraphs: list[str], hr: bool = False) -> str:
    paras = "".join(PARA.format(text=_spans(r, p)) for p in paragraphs) + EMPTY
    return ASPOSE.format(hr=" <hr />" if hr else "", paras=paras)


def make(r: random.Random, date: dt.date, variant: str) -> Doc:
    district = f"Bezirksversammlung {town(r)}"
    body = r.choice(COMMITTEES)
    tolfdnr, silfdnr = r.randint(1000000, 1099999), r.randint(1000000, 1009999)
    start = (r.choice([17, 18, 18, 19]), r.choice([0, 0, 30]))
    end = (start[0] + r.randint(0, 2), r.randint(31, 59))
    number = r.randint(1, 9)
    g = Gold(session={"body": body, "session_date": date.isoformat(), "start_time": f"{start[0]:02d}:{start[1]:02d}",
                      "end_time": f"{end[0]:02d}:{end[1]:02d}"})
    prev = date - dt.timedelta(days=r.randint(21, 42))
    roll = r.random()
    if number == 1:
        title = "Feststellung der Tagesordnung"
        protocol = ["Es werden keine Ergänzungs- und Änderungswünsche vorgetragen. Der Tagesordnung wird einstimmig zugestimmt."]
        outcome, unanimous, counts, beschlussart = "accepted", True, None, "ungeändert beschlossen"
    elif number == 2:
        title = f"Genehmigung der Niederschrift vom {prev:%d.%m.%Y}"
        protocol = [f"Die Niederschrift vom {prev:%d.%m.%Y} wird einstimmig genehmigt."]
        outcome, unanimous, counts, beschlussart = "accepted", True, None, "ungeändert beschlossen"
    else:
        title = topic(r, town(r))[1]
        protocol = [paragraph(r) for _ in range(r.randint(3, 10))]
        if roll < 0.4:
            protocol.append("Der Ausschuss stimmt der Beschlussempfehlung einstimmig zu.")
            outcome, unanimous, counts, beschlussart = "accepted", True, None, "ungeändert beschlossen"
        elif roll < 0.7:
            yes, no, abst = r.randint(7, 12), r.randint(1, 5), r.randint(0, 2)
            protocol.append("Abstimmungsergebnis:")
            protocol.append(f"Zustimmung: {yes} Ablehnung: {no} Enthaltung: {abst}")
            outcome, unanimous, counts = ("accepted" if yes > no else "rejected"), False, (yes, no, abst)
            beschlussart = "mehrheitlich beschlossen" if yes > no else "abgelehnt"
        elif roll < 0.85:
            protocol.append("Der Ausschuss nimmt Kenntnis.")
            outcome, unanimous, counts, beschlussart = "noted", None, None, "zur Kenntnis genommen"
        else:
            protocol.append("Der Antrag wird mehrheitlich abgelehnt.")
            outcome, unanimous, counts, beschlussart = "rejected", False, None, "abgelehnt"
    if variant == "offen":
        beschlussart = "(offen)"
    g.vote(str(number), outcome, unanimous, *(counts or (None, None, None)))
    e = html.escape
    menu = []
    for k, (head, links) in enumerate(MENU, 1):
        menu.append(f'<li><strong><a href="/bi/to020.asp?TOLFDNR={tolfdnr}&amp;toggleMenu={k}" title="Reduzieren">{head}</a>'
                    '</strong></li>\n<li>\n\t<ul>')
        menu += [f'\t<li><a href="{href}" title="{label}">{label}</a></li>' for href, label in links]
        menu.append("\t</ul>\n</li>")
    bs = _aspose(r, [f"Der {body} beschließt die Vorlage in der vorliegenden Fassung."], hr=True) if variant == "beschlussart" \
        and outcome in ("accepted", "rejected") else ""
    page = f"""<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de" lang="de">
<head>
\t<link rel="stylesheet" href="conf/styles/defaults/styles.css" />
\t<meta http-equiv="content-type" content="text/html; charset=iso-8859-1" />
\t<title>Auszug</title>
\t<meta name="description" content="ALLRIS net Version 3.9.5 (221117m)" />
\t<meta name="language" content="de" />
\t<meta name="keywords" content="Ratsinformationssystem, Ratsinfo, Sitzungsdienst, ALLRIS" />
\t<link rel="shortcut icon" type="image/x-icon" href="images/ALLRIS.ico" />
\t<script type="text/javascript" src="opt/scripting/alert.js"></script>
\t<meta name="objectID" content="{tolfdnr}" />
</head><body ><div>
<div id="allriscontainer" class="to020">
<div class="borderframe"><div class="mainframe"><div class="header"></div><div id="risleft"><div id="rislogo"></div>
<div id="riswrap"><div id="rismenu"><ul id="menu">
{chr(10).join(menu)}
</ul>
</div></div>
</div>
<div id="risright"><div id="rishead"><p class="topHeadline">{e(district)}</p></div>
<div id="risnavi"><ul id="navi_right">
<li><a href="to020.asp?TOLFDNR={tolfdnr}" title="Lesezeichen für Auszug - {e(title)}" target="_self"><img src="images/bookmark.gif" alt="Lesezeichen"  /></a></li>
<li><form action="to020.asp?TOLFDNR={tolfdnr}" target="_blank" method="post" title="Druckansicht für diese Seite"><input type="image" src="images/print.gif" alt="Druckansicht für diese Seite"  /><input type="hidden" name="TOLFDNR" value="{tolfdnr}"  /></form></li>
</ul>
</div>
<div id="risname"><h1>Auszug - {e(title)}&nbsp;&nbsp;</h1></div>
<div id="risprop"></div>
<div id="rismain"><div id="posOuterLocator"></div><table class="risdeco" cellspacing="0" cellpadding="0" border="0">
\t<tr>
\t\t<td bgcolor="white"><table class="tk1" cellspacing="0" cellpadding="0" border="0">
\t<tr>
\t\t<td class="ko1" valign="top"><table class="tk1" cellspacing="0" cellpadding="3" border="0">
\t<tr valign="top">
<td><form action="to010.asp?topSelected={tolfdnr}" method="post" style="margin:0"><input type="hidden" name="SILFDNR" value="{silfdnr}"  /><input type="submit" class="il1_to" value="TO" title="Tagesordnung"  /></form></td>
\t\t<td class="text1" colspan="3"><a href="to010.asp?SILFDNR={silfdnr}">Sitzung des {e(body.replace("Ausschuss ", "Ausschusses ", 1) if " " in body else body + "es")}</a></td>
\t</tr>
\t<tr valign="top">
\t\t<td class="kb1">TOP:</td>
\t\t<td class="text1" colspan="3">Ö&nbsp;{number}</td>

\t</tr>
\t<tr valign="top">
\t\t<td class="kb1">Gremium:</td>
\t\t<td class="text1"><a href="au020.asp?T1=Ausschuss&amp;history=switch&amp;AULFDNR={r.randint(1, 300)}&amp;altoption=Gremium">{e(body)}</a></td>
\t\t<td class="kb1">Beschlussart:</td>
\t\t<td class="text3">{beschlussart}</td>
\t</tr>
\t<tr valign="top">
\t\t<td class="kb1">Datum:</td>
\t\t<td class="text2" nowrap="nowrap">{DAYS[date.weekday()]}, {date:%d.%m.%Y}</td>
\t\t<td class="kb1">Status:</td>
\t\t<td class="text3">{r.choice(['öffentlich/nichtöffentlich', 'öffentlich'])}</td>\t</tr>
\t<tr valign="top">
\t\t<td class="kb1">Zeit:</td>
\t\t<td class="text2" nowrap="nowrap">{start[0]:02d}:{start[1]:02d} - {end[0]:02d}:{end[1]:02d}</td>
\t\t<td class="kb1">Anlass:</td>
\t\t<td class="text4">Sitzung</td>
\t</tr>
\t<tr valign="top">
\t\t<td class="kb1">Raum:</td>
\t\t<td colspan="3" class="text2">{r.choice(['Bürgerzentrum', 'Rathaus', 'Bezirksamt'])} {town(r)},  {r.choice(['Aula', 'Saal 1', 'Raum 203'])}</td>
\t</tr>
</table>
</td>
\t\t<td class="ko2">&nbsp;</td>
\t\t<td class="me1">
\t\t\t\t\t<br /><a href="#allrisWP">Protokoll</a>\t\t\t\t\t<br /><a href="#allrisBS">Beschluss</a>\t\t</td>
\t</tr>
</table>
<hr  />
<!-- ### WP{r.randint(1000000, 1999999)}.rtf -->
<a name="allrisWP"></a>
{_aspose(r, protocol)}<!-- ### BS{r.randint(1000000, 1999999) if bs else 0}.rtf -->
<a name="allrisBS"></a>
{bs}<!-- ### AN0.rtf -->
<!-- ### AE0.rtf -->
<a name="allrisAE"></a>
</td>
\t</tr>
</table>
</div>
<div id="risfoot"><div id="foot_right"><p></p></div>
<div id="foot_center" ><p><a href="" target="_blank" title=""></a></p></div><div id="foot_left" ><p><a href="" target="_blank" title=""></a></p></div></div>
</div>
</div>
</div>
</div>
</body>
</html>
"""
    return Doc("allris-auszug", variant, page.replace("\n", "\r\n"), g, ext=".html", charset="iso-8859-1", slug="to020")
