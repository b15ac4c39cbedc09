"""The parser's result: plain frozen dataclasses, no database, no dict bags.

``ParsedDocument`` carries what ``meahub parse --json`` prints (see ``to_json`` in the package)
plus what the JSON leaves out but callers need: the headings between paragraphs, whether a
paragraph number was inferred, and every piece of input text that did *not* end up in a
paragraph (``front_matter`` read as metadata, ``furniture`` dropped as page furniture), so
that "the parser loses no text" can be checked honestly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Section = Literal["preamble", "operative", "body", "action_requested"]
DocumentKind = Literal[
    "resolution", "decision", "working document", "information document", "report", "other"
]
ReferenceKind = Literal["resolution", "decision", "recommendation", "document"]
HeadingKind = Literal["heading", "formula", "action_requested", "annex"]


@dataclass(frozen=True)
class Meeting:
    """A meeting as the document names it.

    ``dates`` is ISO 8601: a day (``2015-04-28``), an interval (``2011-11-20/2011-11-25``)
    or a month (``2024-02``); None when the text gives no dates it can read.
    """

    name: str
    place: str | None
    dates: str | None


@dataclass(frozen=True)
class SubItem:
    """One lettered, numbered or bulleted item inside a paragraph; ``label`` as written."""

    label: str
    text: str


@dataclass(frozen=True)
class VerbUse:
    """One verb of an operative paragraph and the actors it addresses, in text order.

    ``verb`` is lower-case and active ("requests", also for "is requested to"); ``actors``
    are canonical names from the actor table (``parser.actors.ACTORS``).
    """

    verb: str
    actors: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in document order.

    ``number`` is the label as written ("3", "13.24"), or the number inferred from its
    neighbours when extraction lost it (then ``number_inferred`` is True), or None.
    ``heading`` is the nearest heading above it, if any.
    """

    section: Section
    number: str | None
    text: str
    subitems: tuple[SubItem, ...] = ()
    verbs: tuple[VerbUse, ...] = ()
    number_inferred: bool = False
    heading: str | None = None

    @property
    def main_verb(self) -> VerbUse | None:
        """The first verb: the paragraph's main verb (None when it has none)."""
        return self.verbs[0] if self.verbs else None


@dataclass(frozen=True)
class Heading:
    """A line between paragraphs: a heading, the enacting formula ("The Conference of the
    Parties ..."), the "Action requested" marker or an annex heading. ``before`` is the
    index of the paragraph it precedes (``len(paragraphs)`` when none follows)."""

    text: str
    before: int
    kind: HeadingKind = "heading"


@dataclass(frozen=True)
class Reference:
    """A cited resolution, decision, recommendation or document symbol, normalised
    ("Resolution 11.10 (Rev.COP14)", "Decision X/20", "Resolution Conf. 13.3",
    "UNEP/CMS/Conf.10.28")."""

    kind: ReferenceKind
    ref: str


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the parser read from one text."""

    symbol: str | None
    title: str | None
    kind: DocumentKind
    date: dt.date | None
    meeting: Meeting | None
    paragraphs: tuple[Paragraph, ...]
    references: tuple[Reference, ...]
    headings: tuple[Heading, ...] = ()
    language: str | None = None
    agenda_item: str | None = None
    front_matter: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()

    def section(self, section: Section) -> list[Paragraph]:
        """The paragraphs of one section, in order."""
        return [p for p in self.paragraphs if p.section == section]
