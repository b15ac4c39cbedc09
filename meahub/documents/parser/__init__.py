"""The document parser: extracted text in, structure out. Pure Python, no database.

``parse_text(text)`` never raises on any text and loses none of it: every word character of
``normalise_characters(text)`` ends up in a paragraph (its number, text or sub-items), a
heading, ``front_matter`` or ``furniture``. ``to_json(parsed)`` gives the stable shape that
``meahub parse FILE --json`` prints::

    {"symbol", "title", "kind", "date", "meeting": {"name", "place", "dates"} | null,
     "paragraphs": [{"section", "number", "text", "verbs": [{"verb", "actors"}],
                     "subitems": [{"label", "text"}]}],
     "references": [{"kind", "ref"}]}

The steps, one module each: ``text`` (characters, lines, furniture, joining), ``metadata``
(the header), ``structure`` (blocks), ``sections`` (paragraphs, sections, lost numbers),
``verbs`` and ``actors`` (who is asked to do what), ``references`` (what is cited).
"""

from __future__ import annotations

import re
from typing import TypedDict

from meahub.documents.parser.actors import ACTORS, CompiledActors, compile_actors, default_actors
from meahub.documents.parser.metadata import FrontMatter, read_front_matter
from meahub.documents.parser.model import (
    DocumentKind,
    Heading,
    Meeting,
    Paragraph,
    ParsedDocument,
    Reference,
    SubItem,
    VerbUse,
)
from meahub.documents.parser.references import find_references
from meahub.documents.parser.sections import build_paragraphs
from meahub.documents.parser.structure import segment
from meahub.documents.parser.text import Vocabulary, clean_lines, normalise_characters

__all__ = [
    "ACTORS",
    "CompiledActors",
    "Heading",
    "Meeting",
    "Paragraph",
    "ParsedDocument",
    "Reference",
    "SubItem",
    "VerbUse",
    "compile_actors",
    "normalise_characters",
    "parse_text",
    "to_json",
]

_SYMBOL_KINDS: tuple[tuple[re.Pattern[str], DocumentKind], ...] = (
    (re.compile(r"/Res(?:olution)?[\s.]", re.I), "resolution"),
    (re.compile(r"/Dec(?:ision)?[\s.]", re.I), "decision"),
    (re.compile(r"/Doc\b", re.I), "working document"),
    (re.compile(r"/Inf\b", re.I), "information document"),
    (re.compile(r"/(?:Report|Rep)\b", re.I), "report"),
    (re.compile(r"/Conf\.[0-9]|/StC[0-9]+/[0-9]|/COP[0-9]+/[0-9]", re.I), "working document"),
)


def _kind(front: FrontMatter, paragraphs: list[Paragraph]) -> DocumentKind:
    for pattern, kind in _SYMBOL_KINDS:
        if front.symbol and pattern.search(front.symbol):
            return kind
    if front.kind:
        return front.kind
    numbered = [p.number for p in paragraphs if p.section == "operative" and p.number]
    if numbered:
        return "decision" if all("." in number for number in numbered) else "resolution"
    if any(p.section == "operative" for p in paragraphs):
        return "resolution"
    if any(p.section == "action_requested" for p in paragraphs):
        return "working document"
    if front.title and "report" in front.title.lower():
        return "report"
    return "other"


def _texts_in_order(paragraphs: list[Paragraph], headings: list[Heading]) -> list[str]:
    """Headings, paragraph texts and sub-item texts in document order."""
    headings_before: dict[int, list[str]] = {}
    for heading in headings:
        headings_before.setdefault(heading.before, []).append(heading.text)
    texts: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        texts.extend(headings_before.get(index, []))
        texts.append(paragraph.text)
        texts.extend(sub.text for sub in paragraph.subitems)
    texts.extend(headings_before.get(len(paragraphs), []))
    return texts


def parse_text(text: str, *, actors: CompiledActors | None = None) -> ParsedDocument:
    """Parse extracted text into a ``ParsedDocument`` (see the module doc for guarantees).

    ``actors`` replaces the default actor table (``compile_actors(table)``).
    """
    cleaned = clean_lines(normalise_characters(text))
    lines = [line.text for line in cleaned.lines]
    front = read_front_matter(lines)
    body = [line for position, line in enumerate(lines) if position not in front.consumed]
    paragraphs, headings = build_paragraphs(
        segment(body), Vocabulary(lines), actors or default_actors()
    )
    references = find_references(
        _texts_in_order(paragraphs, headings), exclude=[front.symbol] if front.symbol else []
    )
    return ParsedDocument(
        symbol=front.symbol,
        title=front.title,
        kind=_kind(front, paragraphs),
        date=front.date,
        meeting=front.meeting,
        paragraphs=tuple(paragraphs),
        references=tuple(references),
        headings=tuple(headings),
        language=front.language,
        agenda_item=front.agenda_item,
        front_matter=tuple(lines[position] for position in sorted(front.consumed)),
        furniture=cleaned.furniture,
    )


class VerbJson(TypedDict):
    verb: str
    actors: list[str]


class SubItemJson(TypedDict):
    label: str
    text: str


class ParagraphJson(TypedDict):
    section: str
    number: str | None
    text: str
    verbs: list[VerbJson]
    subitems: list[SubItemJson]


class MeetingJson(TypedDict):
    name: str
    place: str | None
    dates: str | None


class ReferenceJson(TypedDict):
    kind: str
    ref: str


class ParsedJson(TypedDict):
    symbol: str | None
    title: str | None
    kind: str
    date: str | None
    meeting: MeetingJson | None
    paragraphs: list[ParagraphJson]
    references: list[ReferenceJson]


def to_json(parsed: ParsedDocument) -> ParsedJson:
    """The stable JSON shape of ``meahub parse --json`` (dates as ISO strings or None)."""
    meeting = parsed.meeting
    return {
        "symbol": parsed.symbol,
        "title": parsed.title,
        "kind": parsed.kind,
        "date": parsed.date.isoformat() if parsed.date else None,
        "meeting": (
            {"name": meeting.name, "place": meeting.place, "dates": meeting.dates}
            if meeting
            else None
        ),
        "paragraphs": [
            {
                "section": p.section,
                "number": p.number,
                "text": p.text,
                "verbs": [{"verb": v.verb, "actors": list(v.actors)} for v in p.verbs],
                "subitems": [{"label": s.label, "text": s.text} for s in p.subitems],
            }
            for p in parsed.paragraphs
        ],
        "references": [{"kind": r.kind, "ref": r.ref} for r in parsed.references],
    }
