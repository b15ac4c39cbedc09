"""Writes to documents: ingest (file → text → parsed structure → records), metadata edits,
publication, and the upload batches the browser hands to the task worker.

Ingest in one transaction per file, so a refused file leaves nothing behind:

1. the bytes' SHA-256: a file already held is *unchanged* (ingesting it again changes nothing);
2. text extraction (``extraction.extract_text``) and parsing with the actor table kept in the
   database (``Actor``), so staff extensions count;
3. the document's identity: its symbol (from the text, or given) and its citation key; a
   placeholder with that key (cited before it arrived) becomes this document, same row;
4. paragraphs by stable anchor (``anchors.paragraph_keys``): rows are updated in place on a
   re-ingest of a changed text, so links to a paragraph hold;
5. verbs and actors, citations (resolved to held documents, decisions to their paragraph,
   otherwise to new placeholders), and supersession (revision, "replaces", same title).

``by`` is the acting user; ``None`` means the console (``meahub ingest``), trusted like any
management command and recorded with a reason in the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.text import get_valid_filename, slugify

from meahub.core.audit import attribute, save_validated
from meahub.documents.anchors import paragraph_keys
from meahub.documents.enums import (
    DocumentKind,
    IngestStatus,
    ReferenceKind,
    Section,
    SupersessionBasis,
)
from meahub.documents.extraction import DEFAULT_MAX_BYTES, UnreadableDocument, extract_text
from meahub.documents.models import (
    Actor,
    Citation,
    Document,
    Paragraph,
    ParagraphVerb,
    Supersession,
)
from meahub.documents.parser import (
    CompiledActors,
    ParsedDocument,
    compile_actors,
    parse_text,
)
from meahub.documents.parser import Meeting as ParsedMeeting
from meahub.documents.parser.references import find_references
from meahub.documents.signals import document_ingested
from meahub.instruments.models import Instrument
from meahub.meetings.enums import MeetingKind
from meahub.meetings.models import Meeting
from meahub.permissions.documents import can_edit_document, can_ingest_documents

CONSOLE_REASON = "meahub ingest (command line)"


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one file: ``status`` is created, updated, unchanged or refused."""

    name: str
    status: str
    message: str
    document: Document | None = None

    @property
    def refused(self) -> bool:
        return self.status == IngestStatus.REFUSED


@dataclass
class ActorTable:
    """The database's actor list, compiled once for a run of many files."""

    compiled: CompiledActors
    by_name: dict[str, Actor] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ActorTable:
        actors = list(Actor.objects.all())
        if not actors:  # an emptied table: fall back to the parser's own, creating rows
            from meahub.documents.parser import ACTORS

            for position, (name, patterns) in enumerate(ACTORS):
                actors.append(
                    Actor.objects.create(
                        name=name,
                        slug=slugify(name),
                        patterns="\n".join(patterns),
                        position=position * 10,
                    )
                )
        compiled = compile_actors([(actor.name, actor.pattern_list()) for actor in actors])
        return cls(compiled=compiled, by_name={actor.name: actor for actor in actors})

    def actor(self, name: str) -> Actor:
        if name not in self.by_name:
            self.by_name[name], _ = Actor.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "patterns": re.escape(name)}
            )
        return self.by_name[name]


def max_document_bytes() -> int:
    return int(getattr(settings, "MEAHUB_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES))


# --- identity -------------------------------------------------------------------------------

_CITED_FORM = re.compile(r"^(Resolution|Decision|Recommendation) (\S+)(?: \(Rev\.([^)]+)\))?$")
_SYMBOL_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:^|/)Res(?:olution)?[\s.]", re.I), DocumentKind.RESOLUTION),
    (re.compile(r"(?:^|/)Dec(?:ision)?[\s.]", re.I), DocumentKind.DECISION),
    (re.compile(r"^Recommendation\s", re.I), DocumentKind.RESOLUTION),
    (re.compile(r"/Inf\b", re.I), DocumentKind.INFORMATION_DOCUMENT),
    (re.compile(r"/(?:Report|Rep)\b", re.I), DocumentKind.REPORT),
    (
        re.compile(r"/Doc\b|/Conf\.[0-9]|/StC[0-9]+/|/COP[0-9]+/", re.I),
        DocumentKind.WORKING_DOCUMENT,
    ),
)


def citation_key(symbol: str) -> str:
    """How others cite the document with ``symbol``: "UNEP/CMS/Resolution 10.21" is cited as
    "Resolution 10.21"; a meeting document by its symbol."""
    symbol = re.sub(r"\s+", " ", symbol).strip()
    if _CITED_FORM.match(symbol):
        return symbol
    references = find_references([symbol])
    if len(references) == 1 and references[0].kind != ReferenceKind.DOCUMENT:
        return references[0].ref
    return symbol


def kind_from_symbol(symbol: str) -> str:
    for pattern, kind in _SYMBOL_KINDS:
        if pattern.search(symbol):
            return kind
    return DocumentKind.OTHER


def instrument_from_symbol(symbol: str) -> Instrument | None:
    """The most specific instrument whose code is a segment of the symbol (BKD in
    UNEP/CMS/BKD/TW1/Doc.2, else CMS)."""
    segments = [s for s in re.split(r"[/\s]", symbol) if s]
    found = {i.code: i for i in Instrument.objects.filter(code__in=segments)}
    for segment in reversed(segments):
        if segment in found:
            return found[segment]
    return None


_MEETING_KINDS = (
    (re.compile(r"Conference of the (?:Contracting )?Parties", re.I), MeetingKind.COP),
    (re.compile(r"Meeting of (?:the )?(?:Parties|Signatories)", re.I), MeetingKind.MOP),
    (re.compile(r"Standing Committee", re.I), MeetingKind.STANDING_COMMITTEE),
    (re.compile(r"Scientific|Sessional Committee|Advisory", re.I), MeetingKind.SCIENTIFIC),
    (re.compile(r"Workshop", re.I), MeetingKind.WORKSHOP),
)


def _meeting_dates(dates: str | None) -> tuple[dt.date | None, dt.date | None]:
    if not dates:
        return None, None
    start, _, end = dates.partition("/")
    try:
        first = dt.date.fromisoformat(start) if len(start) == 10 else None
        last = dt.date.fromisoformat(end) if len(end) == 10 else first
    except ValueError:
        return None, None
    return first, last


def meeting_for(parsed: ParsedMeeting, instrument: Instrument | None, *, by: Any) -> Meeting:
    """The meeting a document names: an existing one of that name (of the document's
    instrument or its family, when known), or a new one."""
    named = Meeting.objects.filter(name__iexact=parsed.name[:300]).order_by("pk")
    if instrument is not None:
        family = [instrument.pk, *([instrument.parent_id] if instrument.parent_id else [])]
        named = named.filter(Q(instrument__in=family) | Q(instrument__isnull=True))
    existing = named.first()
    if existing:
        return existing
    kind = next((k for p, k in _MEETING_KINDS if p.search(parsed.name)), MeetingKind.OTHER)
    starts_on, ends_on = _meeting_dates(parsed.dates)
    prefix = f"{instrument.code}-" if instrument else ""
    base = slugify(prefix + parsed.name)[:50] or "meeting"
    slug, n = base, 1
    while Meeting.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    meeting = Meeting(
        slug=slug,
        instrument=instrument,
        kind=kind,
        name=parsed.name[:300],
        place=(parsed.place or "")[:200],
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return save_validated(meeting, by=by, reason="" if by else CONSOLE_REASON)


# --- ingest ---------------------------------------------------------------------------------


def ingest_path(path: Path, **options: Any) -> IngestOutcome:
    """Ingest one file from disk (see ``ingest_bytes``); never raises for a bad file."""
    try:
        size = path.stat().st_size
        limit = max_document_bytes()
        if size > limit:
            return _refused(
                str(path), f"the file is {size:,} bytes, over the limit of {limit:,} bytes"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return _refused(str(path), "no such file")
    except IsADirectoryError:
        return _refused(str(path), "is a directory, not a file")
    except OSError as error:
        return _refused(str(path), f"cannot be read ({error.strerror})")
    return ingest_bytes(data, str(path), **options)


def ingest_bytes(
    data: bytes,
    name: str,
    *,
    by: Any,
    instrument: Instrument | None = None,
    meeting: Meeting | None = None,
    symbol: str | None = None,
    publish: bool = False,
    actors: ActorTable | None = None,
) -> IngestOutcome:
    """Ingest one file's bytes; ``name`` is the file name (its suffix says how to read it)."""
    content_hash = hashlib.sha256(data).hexdigest()
    held = Document.objects.filter(content_hash=content_hash).first()
    if held is not None:
        return IngestOutcome(
            name, IngestStatus.UNCHANGED, f"already held as {held.symbol}; nothing changed", held
        )
    try:
        text = extract_text(data, name, max_bytes=max_document_bytes())
    except UnreadableDocument as error:
        return IngestOutcome(name, IngestStatus.REFUSED, str(error))
    return ingest_text(
        text,
        name,
        data=data,
        content_hash=content_hash,
        by=by,
        instrument=instrument,
        meeting=meeting,
        symbol=symbol,
        publish=publish,
        actors=actors,
    )


def ingest_text(
    text: str,
    name: str,
    *,
    by: Any,
    data: bytes | None = None,
    content_hash: str | None = None,
    instrument: Instrument | None = None,
    meeting: Meeting | None = None,
    symbol: str | None = None,
    publish: bool = False,
    actors: ActorTable | None = None,
) -> IngestOutcome:
    """Ingest extracted text (the original is ``data``, or the text itself as UTF-8)."""
    data = data if data is not None else text.encode("utf-8")
    content_hash = content_hash or hashlib.sha256(data).hexdigest()
    actors = actors or ActorTable.load()
    parsed = parse_text(text, actors=actors.compiled)
    symbol = re.sub(r"\s+", " ", symbol or parsed.symbol or "").strip()
    if not symbol:
        return _refused(
            name,
            "no document symbol found in the text; give one (the Symbol field of the upload "
            "form, or --symbol on the command line)",
        )
    if len(symbol) > 200:
        return _refused(name, f"the symbol is {len(symbol)} characters long; the limit is 200")
    instrument = instrument or (meeting.instrument if meeting else None)
    instrument = instrument or instrument_from_symbol(symbol)
    if by is not None and not can_ingest_documents(by, instrument):
        where = f"of {instrument.code}" if instrument else "without an instrument"
        return _refused(name, f"you may not add documents {where}")
    stored: list[str] = []
    try:
        with transaction.atomic():
            document, created = _store(
                parsed,
                text=text,
                data=data,
                name=name,
                content_hash=content_hash,
                symbol=symbol,
                instrument=instrument,
                meeting=meeting,
                publish=publish,
                by=by,
                actors=actors,
                stored=stored,
            )
    except ValidationError as error:
        _delete_files(stored)
        return _refused(name, _validation_message(error))
    except Exception:
        _delete_files(stored)
        raise
    verb = IngestStatus.CREATED if created else IngestStatus.UPDATED
    count = len(parsed.paragraphs)
    return IngestOutcome(
        name,
        verb,
        f"{verb} {document.symbol}: {document.get_kind_display().lower()}, "
        f"{count} paragraph{'s' if count != 1 else ''}, "
        f"{len(parsed.references)} reference{'s' if len(parsed.references) != 1 else ''}",
        document,
    )


def _refused(name: str, reason: str) -> IngestOutcome:
    return IngestOutcome(name, IngestStatus.REFUSED, f"{name}: {reason}")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field_name}: {' '.join(str(m) for m in messages)}"
            for field_name, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def _delete_files(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for stored_name in names:
        default_storage.delete(stored_name)


def _store(
    parsed: ParsedDocument,
    *,
    text: str,
    data: bytes,
    name: str,
    content_hash: str,
    symbol: str,
    instrument: Instrument | None,
    meeting: Meeting | None,
    publish: bool,
    by: Any,
    actors: ActorTable,
    stored: list[str],
) -> tuple[Document, bool]:
    key = citation_key(symbol)
    document = Document.objects.select_for_update().filter(Q(key=key) | Q(symbol=symbol)).first()
    created = document is None or document.is_placeholder
    if document is None:
        document = Document(key=key)
    if meeting is None and parsed.meeting is not None:
        meeting = meeting_for(parsed.meeting, instrument, by=by)
    document.symbol = symbol
    document.key = key
    document.title = (parsed.title or document.title or "")[:500]
    document.kind = _document_kind(parsed, symbol)
    document.language = (parsed.language or document.language or "")[:8]
    document.date = parsed.date or document.date
    document.meeting = meeting or document.meeting
    document.instrument = instrument or document.instrument
    document.agenda_item = (parsed.agenda_item or document.agenda_item or "")[:40]
    document.text = text
    document.content_hash = content_hash
    document.is_placeholder = False
    document.is_published = publish or document.is_published
    document.original_name = get_valid_filename(Path(name).name)[:255] or "document"
    old_file = document.original.name if document.original else ""
    document.full_clean(exclude=["original"])
    document.original.save(
        f"{content_hash[:16]}-{document.original_name}"[:200], ContentFile(data), save=False
    )
    stored.append(document.original.name)
    attribute(document, by, "" if by else CONSOLE_REASON)
    document.save()
    if old_file and old_file != document.original.name:
        transaction.on_commit(lambda: _delete_files([old_file]))
    paragraphs = _store_paragraphs(document, parsed)
    _store_verbs(paragraphs, parsed, actors)
    _store_citations(document, parsed, paragraphs, by=by)
    _claim_decision_citations(document, paragraphs)
    _infer_supersession(document, by=by)
    document_ingested.send(sender=Document, document=document, by=by, created=created)
    return document, created


def _document_kind(parsed: ParsedDocument, symbol: str) -> str:
    from_symbol = kind_from_symbol(symbol)
    return parsed.kind if from_symbol == DocumentKind.OTHER else from_symbol


def _store_paragraphs(document: Document, parsed: ParsedDocument) -> list[Paragraph]:
    """Paragraph rows in parsed order, updated in place by anchor, extra ones deleted."""
    anchors = paragraph_keys(parsed.paragraphs)
    existing = {p.anchor: p for p in document.paragraphs.all()}
    rows: list[Paragraph] = []
    new_rows: list[Paragraph] = []
    changed_rows: list[Paragraph] = []
    for position, (anchor, item) in enumerate(zip(anchors, parsed.paragraphs, strict=True)):
        row = existing.pop(anchor, None)
        values = {
            "position": position,
            "section": item.section,
            "number": item.number or "",
            "number_inferred": item.number_inferred,
            "heading": (item.heading or "")[:500],
            "text": item.text,
            "subitems": [{"label": s.label, "text": s.text} for s in item.subitems],
        }
        if row is None:
            row = Paragraph(document=document, anchor=anchor[:40], **values)
            new_rows.append(row)
        else:
            for attr, value in values.items():
                setattr(row, attr, value)
            changed_rows.append(row)
        rows.append(row)
    if existing:
        Paragraph.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
    if changed_rows:
        Paragraph.objects.bulk_update(changed_rows, list(_PARAGRAPH_FIELDS))
    Paragraph.objects.bulk_create(new_rows)  # SQLite and PostgreSQL return the new ids
    return rows


_PARAGRAPH_FIELDS = (
    "position",
    "section",
    "number",
    "number_inferred",
    "heading",
    "text",
    "subitems",
)


def _store_verbs(
    paragraphs: Sequence[Paragraph], parsed: ParsedDocument, actors: ActorTable
) -> None:
    ParagraphVerb.objects.filter(paragraph__in=[p.pk for p in paragraphs]).delete()
    rows: list[ParagraphVerb] = []
    for row, item in zip(paragraphs, parsed.paragraphs, strict=True):
        for verb_index, use in enumerate(item.verbs):
            if not use.actors:
                rows.append(ParagraphVerb(paragraph=row, verb_index=verb_index, verb=use.verb))
            for actor_index, name in enumerate(use.actors):
                rows.append(
                    ParagraphVerb(
                        paragraph=row,
                        verb_index=verb_index,
                        verb=use.verb[:60],
                        actor=actors.actor(name),
                        actor_index=actor_index,
                    )
                )
    ParagraphVerb.objects.bulk_create(rows)


def _store_citations(
    document: Document, parsed: ParsedDocument, paragraphs: Sequence[Paragraph], *, by: Any
) -> None:
    """Citations per paragraph (those only in headings: on the document), each resolved."""
    document.citations.all().delete()
    own = [document.symbol, document.key]
    found: list[tuple[Paragraph | None, str, str]] = []
    seen: set[tuple[int | None, str]] = set()
    for row, item in zip(paragraphs, parsed.paragraphs, strict=True):
        texts = [item.text, *(s.text for s in item.subitems)]
        for reference in find_references(texts, exclude=own):
            found.append((row, reference.kind, reference.ref))
            seen.add((row.pk, reference.ref))
    in_paragraphs = {ref for _, _, ref in found}
    for reference in parsed.references:
        if reference.ref not in in_paragraphs and reference.ref not in own:
            found.append((None, reference.kind, reference.ref))
    if not found:
        return
    refs = {ref for _, _, ref in found}
    targets = {d.key: d for d in Document.objects.filter(key__in=refs)}
    targets.update({d.symbol: d for d in Document.objects.filter(symbol__in=refs)})
    decision_paragraphs = _decision_paragraphs(
        [ref for _, kind, ref in found if kind == ReferenceKind.DECISION and ref not in targets]
    )
    missing = sorted(
        {ref for _, _, ref in found if ref not in targets and ref not in decision_paragraphs}
    )
    kinds = {ref: kind for _, kind, ref in found}
    placeholders = [
        Document(
            symbol=ref[:200],
            key=ref[:200],
            kind=_placeholder_kind(kinds[ref], ref),
            is_placeholder=True,
        )
        for ref in missing
    ]
    for placeholder in placeholders:
        attribute(placeholder, by, "" if by else CONSOLE_REASON)
    Document.objects.bulk_create(placeholders)  # bulk_create writes no history rows: placeholders
    targets.update({d.key: d for d in Document.objects.filter(key__in=missing)})
    citations = []
    for position, (cited_in, kind, ref) in enumerate(found):
        paragraph_target = decision_paragraphs.get(ref)
        target = paragraph_target.document if paragraph_target else targets.get(ref)
        citations.append(
            Citation(
                document=document,
                paragraph=cited_in,
                position=position,
                kind=kind,
                ref=ref[:200],
                target=target,
                target_paragraph=paragraph_target,
            )
        )
    Citation.objects.bulk_create(citations)


def _placeholder_kind(reference_kind: str, ref: str) -> str:
    if reference_kind == ReferenceKind.DECISION:
        return DocumentKind.DECISION
    if reference_kind in (ReferenceKind.RESOLUTION, ReferenceKind.RECOMMENDATION):
        return DocumentKind.RESOLUTION
    return kind_from_symbol(ref)


def _decision_number(ref: str) -> str | None:
    match = _CITED_FORM.match(ref)
    return match.group(2) if match and match.group(1) == "Decision" else None


def _decision_paragraphs(refs: Iterable[str]) -> dict[str, Paragraph]:
    """Decisions cited by number ("Decision 13.24") that are paragraphs of a held decisions
    document."""
    numbers = {number: ref for ref in refs if (number := _decision_number(ref))}
    if not numbers:
        return {}
    rows = Paragraph.objects.filter(
        number__in=list(numbers),
        document__kind=DocumentKind.DECISION,
        document__is_placeholder=False,
    ).select_related("document")
    return {numbers[row.number]: row for row in rows}


def _claim_decision_citations(document: Document, paragraphs: Sequence[Paragraph]) -> None:
    """A decisions document that arrives claims the citations of its decisions made earlier
    (they pointed to placeholders, which go when nothing else points to them)."""
    if document.kind != DocumentKind.DECISION:
        return
    by_ref = {f"Decision {p.number}": p for p in paragraphs if p.number}
    if not by_ref:
        return
    earlier = Citation.objects.filter(
        kind=ReferenceKind.DECISION, ref__in=list(by_ref), target__is_placeholder=True
    ).select_related("target")
    orphans: set[int] = set()
    for citation in earlier:
        if citation.target_id is not None:
            orphans.add(citation.target_id)
        citation.target = document
        citation.target_paragraph = by_ref[citation.ref]
    Citation.objects.bulk_update(earlier, ["target", "target_paragraph"])
    Document.objects.filter(pk__in=orphans, is_placeholder=True, cited_by__isnull=True).filter(
        successor_links__isnull=True, predecessor_links__isnull=True
    ).delete()


# --- versions -------------------------------------------------------------------------------

_REPEALS = re.compile(r"\b(?:repeal|replace|supersede|retire)[sd]?\b", re.I)


def _normal_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _infer_supersession(document: Document, *, by: Any) -> None:
    """Record what this document supersedes, and what already held supersedes it."""
    links: list[tuple[Document, Document, str]] = []
    match = _CITED_FORM.match(document.key)
    if match and match.group(3):
        base = f"{match.group(1)} {match.group(2)}"
        family = Document.objects.filter(Q(key=base) | Q(key__startswith=base + " (Rev.")).exclude(
            pk=document.pk
        )
        earlier = [
            d
            for d in family
            if d.is_placeholder or not (d.date and document.date) or d.date < document.date
        ]
        if earlier:
            held = [d for d in earlier if not d.is_placeholder]
            previous = (
                max(held, key=lambda d: (d.date or dt.date.min, d.pk)) if held else earlier[0]
            )
        else:
            previous = Document.objects.create(
                symbol=base, key=base, kind=document.kind, is_placeholder=True
            )
        links.append((previous, document, SupersessionBasis.REVISION))
    citations = document.citations.select_related("paragraph", "target")
    for citation in citations:
        target = citation.target
        if target is None or target.pk == document.pk or citation.paragraph is None:
            continue
        paragraph = citation.paragraph
        if paragraph.section in (Section.OPERATIVE, Section.BODY) and _REPEALS.search(
            paragraph.full_text()
        ):
            if citation.kind in (ReferenceKind.RESOLUTION, ReferenceKind.RECOMMENDATION):
                links.append((target, document, SupersessionBasis.REPLACES))
        elif (
            paragraph.section == Section.PREAMBLE
            and not target.is_placeholder
            and document.title
            and _normal_title(target.title) == _normal_title(document.title)
            and target.kind == document.kind
        ):
            links.append((target, document, SupersessionBasis.SAME_TITLE))
    # Documents held already that recall this one under the same title carry it on.
    if document.title and document.kind == DocumentKind.RESOLUTION:
        recalling = Citation.objects.filter(
            target=document, paragraph__section=Section.PREAMBLE
        ).select_related("document")
        for citation in recalling:
            newer = citation.document
            if _normal_title(newer.title) == _normal_title(document.title) and newer.kind == (
                document.kind
            ):
                links.append((document, newer, SupersessionBasis.SAME_TITLE))
    for old, new, basis in links:
        if old.pk == new.pk or Supersession.objects.filter(old=new, new=old).exists():
            continue
        if not Supersession.objects.filter(old=old, new=new).exists():
            link = Supersession(old=old, new=new, basis=basis)
            save_validated(link, by=by, reason="" if by else CONSOLE_REASON)


# --- edits ----------------------------------------------------------------------------------

DOCUMENT_FIELDS = {
    "title",
    "kind",
    "language",
    "date",
    "meeting",
    "instrument",
    "agenda_item",
    "is_published",
}


@transaction.atomic
def update_document(*, document: Document, by: Any, **fields: Any) -> Document:
    """Correct what the parser read (title, kind, date, meeting, agenda item...) or publish."""
    if not can_edit_document(by, document):
        raise PermissionDenied
    unknown = set(fields) - DOCUMENT_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    if "instrument" in fields and not can_ingest_documents(by, fields["instrument"]):
        raise ValidationError({"instrument": "You do not serve this instrument."})
    for name, value in fields.items():
        setattr(document, name, value)
    return save_validated(document, by=by)


@transaction.atomic
def set_published(*, document: Document, by: Any, published: bool) -> Document:
    return update_document(document=document, by=by, is_published=published)
