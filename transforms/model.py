"""The document model: what the parser returns for one document.

Plain dataclasses, no behaviour beyond small helpers. Every record carries a
:class:`Span` (1-based, inclusive line numbers in the decoded text), so every
table row can say where it came from. Values the text does not state are
``None``: the parser never fills a gap with a guess.

Tables are built from these records by :mod:`transforms.tables`; the columns
themselves are defined once, in ``schemas/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocType = Literal["Niederschrift", "Antrag", "Vorlage"]


@dataclass(frozen=True)
class Span:
    """Lines ``start``..``end`` (1-based, inclusive) of the decoded source text."""

    start: int
    end: int


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser did not understand or refused to guess.

    ``line`` is 1-based (0 when the warning concerns the whole document).
    """

    line: int
    message: str


class DocumentRejected(Exception):
    """The document cannot be read as minutes, a motion or a paper.

    ``reason`` is a sentence a person can act on ("the PDF has no text layer:
    run OCR first"), without a traceback.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Session:
    """The meeting a Niederschrift records (one per minutes document)."""

    committee: str | None          # nominative, e.g. "Digitalisierungsausschuss"; None when not stated
    session_date: str | None       # ISO date, "2023-11-30"; None when not stated
    span: Span
    start_time: str | None = None  # "17:00"
    end_time: str | None = None
    location: str | None = None
    session_number: int | None = None
    legislative_term: str | None = None  # "2020-2025"
    chair: str | None = None        # full name as resolved from the attendance list
    recorder: str | None = None
    has_nonpublic_part: bool = False
    minutes_date: str | None = None  # date the minutes were signed ("Bielefeld, den ...")
    members_present: int | None = None  # a stated count ("Anwesend: 15 Mitglieder")
    source_url: str | None = None   # where the document was published (from its sidecar)
    meeting_url: str | None = None  # the session's page in the council's information system


@dataclass
class Attendee:
    """One line of the attendance list."""

    family_name: str
    span: Span
    group: str | None               # canonical faction name, or the section ("Von der Verwaltung")
    group_type: str                 # faction | advisory_member | administration | guest | recorder | other
    status: str = "present"         # present | partial | substitute | excused | absent | represented
    role: str = "member"            # chair | member | advisory_member | administration | guest | recorder
    form_of_address: str | None = None  # Herr | Frau
    academic_title: str | None = None   # "Dr.", "Prof. Dr."
    given_name: str | None = None
    position: str | None = None         # "Stadtkämmerer", "Beigeordneter"
    member_role: str | None = None      # "Rm", "sB", "sE" as printed
    department: str | None = None
    substitute_for: str | None = None
    note: str | None = None             # "ab 18:20 Uhr"


@dataclass
class AgendaItem:
    """One "Zu Punkt N" section of the public part."""

    item_number: str                 # "4.1.1"
    span: Span
    title: str | None = None
    item_type: str = "other"
    paper_reference: str | None = None  # Drucksachennummer as printed, "6978/2020-2025"
    outcome: str | None = None          # noted | decided | postponed | withdrawn | first reading | replaced by another item | no report
    replaced_by: str | None = None      # item number that replaced this one

    @property
    def parent_number(self) -> str | None:
        head, sep, _ = self.item_number.rpartition(".")
        return head if sep else None


@dataclass
class VoteCount:
    """A count for one option, optionally for one faction (per-faction breakdowns)."""

    option: str                 # yes | no | abstention | recused
    count: int | None
    group: str | None = None    # canonical faction; None for the total


@dataclass
class Decision:
    """One Beschluss and its result line."""

    item_number: str
    span: Span
    decision_text: str | None
    result_text: str | None
    outcome: str | None          # accepted | amended | rejected | noted | postponed | withdrawn | referred
    unanimous: bool | None = None
    yes: int | None = None
    no: int | None = None
    abstentions: int | None = None
    recused: int | None = None           # "befangen": members who took no part
    members_present: int | None = None   # "Anwesend: 13" / "Stimmberechtigte: 11" stated with the vote
    deviates_from_proposal: bool = False
    recommendation: bool = False     # "empfiehlt dem Rat": the council decides
    counts: list[VoteCount] = field(default_factory=list)


@dataclass
class Anfrage:
    """A faction's written inquiry and the administration's answer."""

    item_number: str
    span: Span
    title: str | None
    paper_reference: str | None
    factions: list[str] = field(default_factory=list)
    question_text: str | None = None
    answer_text: str | None = None
    answered_by: str | None = None       # "Verwaltung", "WEGE mbH"
    supplementary_questions: int = 0     # Zusatzfragen / Nachfragen
    status: str | None = None            # answered | postponed | answered in writing after the session


@dataclass
class Paper:
    """A Drucksache: from a motion or Vorlage document, or referenced by an agenda item."""

    span: Span
    paper_type: str                      # Antrag, Änderungsantrag, Anfrage, Informationsvorlage, ...
    title: str | None
    paper_reference: str | None = None
    originator: list[str] = field(default_factory=list)   # factions, or "Verwaltung"
    signatories: list[str] = field(default_factory=list)  # "Dr. Simon Lange (CDU)"
    committee: str | None = None
    session_date: str | None = None
    referenced_papers: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """Everything read from one source document."""

    document_id: str        # sha256 of the source bytes
    source_file: str
    doc_type: DocType
    encoding: str           # how the bytes were decoded ("utf-8", "cp1252", "pdf", ...)
    line_count: int
    kind: str = "minutes"   # minutes | session page | item page | motion | paper: what the document is
    layout: str = "generic"  # the layout that read it (transforms.layouts)
    session: Session | None = None
    attendees: list[Attendee] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    anfragen: list[Anfrage] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
