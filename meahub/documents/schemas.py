"""What the API takes and gives for documents, their paragraphs, actors and alignments.

A document's detail keeps the keys of ``parser.to_json`` (the shape ``meahub parse --json``
prints) and adds to them, so a script can read a file parsed on the command line and a
document held here with the same code: ``ParsedOut`` is exactly ``to_json``; ``DocumentDetailOut``
is ``ParsedOut`` plus the stored facts (id, anchors, links, citation targets, versions).
Other rows are named by their codes: instruments by code, meetings by slug.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Schema

from meahub.documents.enums import DocumentKind, IngestStatus, ReferenceKind, SupersessionBasis
from meahub.documents.models import Actor, Document, ParagraphVerb


def absolute_url(context: dict[str, object] | None, path: str) -> str:
    """``path`` as a full address on the host the request came to."""
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if isinstance(request, HttpRequest) else path


# --- the parser's shape (``parser.to_json``) --------------------------------------------------


class VerbOut(Schema):
    verb: str = Field(description="Lower-case and active: 'requests', also for 'is requested'.")
    actors: list[str] = Field(description="Names from the controlled list of actors.")


class SubItemOut(Schema):
    label: str = Field(description="As written: '(a)', 'i.', '-'.")
    text: str


class ParsedParagraphOut(Schema):
    section: str = Field(description="preamble, operative, body or action_requested.")
    number: str | None
    text: str
    verbs: list[VerbOut]
    subitems: list[SubItemOut]


class MeetingRefOut(Schema):
    name: str
    place: str | None
    dates: str | None = Field(
        description="ISO 8601: a day (2024-02-12) or an interval (2024-02-12/2024-02-17)."
    )


class ParsedReferenceOut(Schema):
    kind: ReferenceKind
    ref: str = Field(description="As cited: 'Resolution 11.10 (Rev.COP14)', 'Decision 13.24'.")


class ParsedOut(Schema):
    """Exactly what ``meahub parse FILE --json`` prints."""

    symbol: str | None
    title: str | None
    kind: str
    date: dt.date | None
    meeting: MeetingRefOut | None
    paragraphs: list[ParsedParagraphOut]
    references: list[ParsedReferenceOut]


# --- documents held -----------------------------------------------------------------------------


def is_in_force(document: Document) -> bool:
    """Held, and not superseded (``is_superseded`` annotated by the selectors)."""
    return not document.is_placeholder and not getattr(document, "is_superseded", False)


class DocumentOut(Schema):
    """A document in a list, annotated with ``is_superseded`` (``selectors.superseded_for``)."""

    id: int
    symbol: str
    key: str = Field(description="How other documents cite it: 'Resolution 11.10 (Rev.COP14)'.")
    title: str
    kind: DocumentKind
    language: str
    date: dt.date | None
    meeting: str | None = Field(description="Slug of the meeting it was tabled at or adopted by.")
    instrument: str | None = Field(description="Instrument code.")
    agenda_item: str
    is_placeholder: bool = Field(description="Cited by a document held here, but not held.")
    is_published: bool
    in_force: bool = Field(
        description="Held, and no document you can see supersedes it (revises or replaces it)."
    )
    url: str = Field(description="The document's page.")

    @staticmethod
    def resolve_meeting(obj: Document) -> str | None:
        return obj.meeting.slug if obj.meeting else None

    @staticmethod
    def resolve_instrument(obj: Document) -> str | None:
        return obj.instrument.code if obj.instrument else None

    @staticmethod
    def resolve_in_force(obj: Document) -> bool:
        return is_in_force(obj)

    @staticmethod
    def resolve_url(obj: Document, context: dict[str, object] | None = None) -> str:
        return absolute_url(context, obj.get_absolute_url())


class DocumentMeetingOut(MeetingRefOut):
    slug: str
    url: str = Field(description="The meeting's page.")


class ParagraphOut(ParsedParagraphOut):
    anchor: str = Field(description="Stable label in addresses: the number, or section-rank.")
    url: str = Field(description="The paragraph's stable address.")


class ReferenceOut(ParsedReferenceOut):
    target: int | None = Field(description="Id of the document cited, when you can see it.")
    target_url: str | None = Field(
        description="Page of the document cited, or of the paragraph for a decision by number."
    )


class CitedParagraphOut(ParagraphOut):
    """One paragraph on its own, with what it cites."""

    document: int = Field(description="Id of its document.")
    symbol: str = Field(description="Symbol of its document.")
    references: list[ReferenceOut]


class SupersessionOut(Schema):
    id: int
    symbol: str
    basis: SupersessionBasis = Field(description="How the link between versions was found.")


class DocumentDetailOut(ParsedOut):
    """``ParsedOut``'s keys, each paragraph and reference with more, and the stored facts."""

    id: int
    symbol: str
    key: str
    language: str
    agenda_item: str
    instrument: str | None = Field(description="Instrument code.")
    is_placeholder: bool
    is_published: bool
    in_force: bool
    url: str = Field(description="The document's page.")
    original_url: str | None = Field(description="Download of the original file; none if not held.")
    meeting: DocumentMeetingOut | None
    paragraphs: list[ParagraphOut]  # type: ignore[assignment]
    references: list[ReferenceOut]  # type: ignore[assignment]
    supersedes: list[SupersessionOut] = Field(description="Earlier versions it carries on.")
    superseded_by: list[SupersessionOut] = Field(description="Later versions carrying it on.")


class DocumentFilter(Schema):
    q: str = Field("", description="Part of the symbol, citation key or title.")
    kind: DocumentKind | None = None
    instrument: str | None = Field(None, description="Instrument code.")
    meeting: str | None = Field(None, description="Meeting slug.")
    in_force: bool | None = Field(None, description="true: held and not superseded.")
    placeholder: bool | None = Field(None, description="true: cited but not held.")


class SymbolQuery(Schema):
    symbol: str = Field(description="The symbol (UNEP/CMS/Resolution 11.10) or citation key.")


class DocumentUploadIn(Schema):
    instrument: str | None = Field(None, description="Instrument code; else read from the symbol.")
    meeting: str | None = Field(None, description="Meeting slug; else read from the text.")
    symbol: str | None = Field(None, description="The document's symbol, if the text lacks it.")
    publish: bool = Field(False, description="Publish it at once.")


class IngestOutcomeOut(Schema):
    status: IngestStatus = Field(description="created, updated or unchanged.")
    message: str
    document: DocumentOut | None


class DocumentPatch(Schema):
    title: str | None = None
    kind: DocumentKind | None = None
    language: str | None = None
    date: dt.date | None = None
    meeting: str | None = Field(None, description="Meeting slug, or null.")
    instrument: str | None = Field(None, description="Instrument code, or null.")
    agenda_item: str | None = None
    is_published: bool | None = None


# --- alignment --------------------------------------------------------------------------------


class AlignmentQuery(Schema):
    old: str = Field(description="The earlier version: its id, symbol or citation key.")
    new: str = Field(description="The later version: its id, symbol or citation key.")


class PairOut(Schema):
    old: str = Field(description="Anchor of the paragraph in the old version.")
    new: str = Field(description="Anchor of the paragraph in the new version that carries it on.")
    score: float = Field(description="Similarity of the two texts, 0 to 1.")


class AlignmentOut(Schema):
    """Exactly what ``meahub align --json`` prints."""

    pairs: list[PairOut]
    unmatched_old: list[str]
    unmatched_new: list[str]


# --- actors -----------------------------------------------------------------------------------


class ActorOut(Schema):
    name: str
    slug: str
    patterns: list[str] = Field(description="Regular expressions naming it (case-insensitive).")

    @staticmethod
    def resolve_patterns(obj: Actor) -> list[str]:
        return obj.pattern_list()


class ActorAskOut(Schema):
    """One verb addressed to the actor, from a ``ParagraphVerb`` with its paragraph and
    document loaded."""

    document: int = Field(description="Id of the resolution or decision.")
    symbol: str
    anchor: str
    url: str = Field(description="The paragraph's stable address.")
    verb: str
    text: str = Field(description="The paragraph with its sub-items.")

    @staticmethod
    def resolve_document(obj: ParagraphVerb) -> int:
        return obj.paragraph.document_id

    @staticmethod
    def resolve_symbol(obj: ParagraphVerb) -> str:
        return obj.paragraph.document.symbol

    @staticmethod
    def resolve_anchor(obj: ParagraphVerb) -> str:
        return obj.paragraph.anchor

    @staticmethod
    def resolve_url(obj: ParagraphVerb, context: dict[str, object] | None = None) -> str:
        return absolute_url(context, obj.paragraph.get_absolute_url())

    @staticmethod
    def resolve_text(obj: ParagraphVerb) -> str:
        return obj.paragraph.full_text()
