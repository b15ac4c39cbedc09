"""Reads of documents for pages, the API and the command line.

Every page read takes the acting user and returns only what that user may see (through
``permissions.documents``): a citation of a document the reader cannot open is shown
without a link, a version or a citing document they cannot see is left out.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.http import RFC3986_SUBDELIMS

from meahub.documents.alignment import AlignItem, align, word_diff
from meahub.documents.enums import BatchStatus, DocumentKind, IngestStatus, Section
from meahub.documents.marks import CitationMark, Segment, actor_pattern, mark_text
from meahub.documents.models import (
    Actor,
    Citation,
    Document,
    IngestBatch,
    IngestFile,
    Paragraph,
    ParagraphVerb,
    Supersession,
)
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting
from meahub.permissions.documents import can_edit_document, documents_visible_to
from meahub.permissions.roles import AnyUser

REGISTER_PAGE_SIZE = 50
IN_FORCE = "in_force"
SUPERSEDED = "superseded"
# A chain of versions longer than this is cut (a guard against a corrupted graph).
MAX_VERSION_STEPS = 100


def alignment_items(document: Document) -> list[AlignItem]:
    """A held document's paragraphs as alignment items (key = anchor, text with sub-items)."""
    return alignment_items_of(Paragraph.objects.filter(document=document).order_by("position"))


def alignment_items_of(paragraphs: Iterable[Paragraph]) -> list[AlignItem]:
    """Paragraphs already loaded, in order, as alignment items."""
    return [AlignItem(key=p.anchor, section=p.section, text=p.full_text()) for p in paragraphs]


def alignment_items_for_symbol(symbol: str) -> list[AlignItem] | None:
    """The paragraphs of the held document with this symbol (or citation key), or None."""
    document = (
        Document.objects.filter(is_placeholder=False, symbol=symbol).first()
        or Document.objects.filter(is_placeholder=False, key=symbol).first()
    )
    return alignment_items(document) if document else None


# --- the register -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFilters:
    """What the register is narrowed to; empty values do not filter. ``status`` is
    ``IN_FORCE`` (held and not superseded) or ``SUPERSEDED``."""

    q: str = ""
    kind: str = ""
    instrument: Instrument | None = None
    meeting: Meeting | None = None
    status: str = ""
    held_only: bool = False


def superseded_for(user: AnyUser) -> Exists:
    """An annotation: a version the user can see carries the document on."""
    return Exists(
        Supersession.objects.filter(old=OuterRef("pk"), new__in=documents_visible_to(user))
    )


def documents_matching(user: AnyUser, filters: DocumentFilters) -> QuerySet[Document]:
    """The documents the user can see that pass ``filters``, each annotated with
    ``is_superseded``, with instrument and meeting loaded; held documents first, then by
    symbol. ``q`` is looked for in the symbol, the citation key and the title."""
    documents = (
        documents_visible_to(user)
        .select_related("instrument", "meeting")
        .annotate(is_superseded=superseded_for(user))
    )
    if filters.q:
        documents = documents.filter(
            Q(symbol__icontains=filters.q)
            | Q(key__icontains=filters.q)
            | Q(title__icontains=filters.q)
        )
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.instrument is not None:
        documents = documents.filter(instrument=filters.instrument)
    if filters.meeting is not None:
        documents = documents.filter(meeting=filters.meeting)
    if filters.status == IN_FORCE:
        documents = documents.filter(is_superseded=False, is_placeholder=False)
    elif filters.status == SUPERSEDED:
        documents = documents.filter(is_superseded=True)
    if filters.held_only:
        documents = documents.filter(is_placeholder=False)
    return documents.order_by("is_placeholder", "symbol")


# --- one document, one paragraph ----------------------------------------------------------------


@dataclass(frozen=True)
class CitationLink:
    """A citation as a reader follows it: ``url`` is empty when the cited document is not
    one they can open; ``held`` is False for a placeholder."""

    ref: str
    target: Document | None
    url: str
    held: bool

    def mark(self) -> CitationMark:
        return CitationMark(ref=self.ref, url=self.url, held=self.held)


@dataclass(frozen=True)
class VerbEntry:
    """A verb of a paragraph and the actors it addresses (none for "notes", "welcomes")."""

    verb: str
    actors: list[Actor]


@dataclass(frozen=True)
class ParagraphEntry:
    """A paragraph ready to show: its text and sub-items marked, its verbs with their
    actors, and its citations (``unmarked_citations``: those not found as written in the
    text, "Resolutions 11.10 and 11.11", which the page lists beside it)."""

    paragraph: Paragraph
    url: str
    text: list[Segment]
    subitems: list[tuple[str, list[Segment]]]
    verbs: list[VerbEntry]
    citations: list[CitationLink]
    unmarked_citations: list[CitationLink] = field(default_factory=list)


@dataclass(frozen=True)
class ParagraphGroup:
    """Consecutive paragraphs of one section under one heading; ``starts_section`` when the
    section changes here (the page then shows the section's name)."""

    section: str
    section_label: str
    heading: str
    starts_section: bool
    paragraphs: list[ParagraphEntry] = field(default_factory=list)


@dataclass(frozen=True)
class CitingEntry:
    """A document (and its paragraph, when the citation is in one) that cites this one."""

    document: Document
    paragraph: Paragraph | None
    url: str


@dataclass(frozen=True)
class VersionLink:
    document: Document
    basis: str
    basis_label: str


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    groups: list[ParagraphGroup]
    other_citations: list[CitationLink]
    supersedes: list[VersionLink]
    superseded_by: list[VersionLink]
    cited_by: list[CitingEntry]
    previous_version: Document | None
    can_edit: bool

    @property
    def in_force(self) -> bool:
        return not self.document.is_placeholder and not self.superseded_by

    @property
    def paragraph_count(self) -> int:
        return sum(len(group.paragraphs) for group in self.groups)


def paragraph_url(document_url: str, anchor: str) -> str:
    """A paragraph's address from its document's (``documents:paragraph-detail`` is the
    document's address followed by ``para/<anchor>/``): one ``reverse`` per document instead
    of one per paragraph, which counts on a page of 60 paragraphs."""
    return f"{document_url}para/{quote(anchor, safe=RFC3986_SUBDELIMS + '~:@')}/"


def _citation_links(user: AnyUser, citations: Sequence[Citation]) -> dict[int, CitationLink]:
    """Each citation (target and target paragraph loaded) as a link the user can follow."""
    target_ids = {c.target_id for c in citations if c.target_id is not None}
    visible = (
        set(documents_visible_to(user).filter(pk__in=target_ids).values_list("pk", flat=True))
        if target_ids
        else set()
    )
    links: dict[int, CitationLink] = {}
    for citation in citations:
        target = citation.target
        url = ""
        if target is not None and target.pk in visible:
            if citation.target_paragraph is not None:
                url = paragraph_url(target.get_absolute_url(), citation.target_paragraph.anchor)
            else:
                url = target.get_absolute_url()
        held = target is not None and not target.is_placeholder
        links[citation.pk] = CitationLink(ref=citation.ref, target=target, url=url, held=held)
    return links


def _entries(
    user: AnyUser, document: Document, paragraphs: Sequence[Paragraph]
) -> tuple[list[ParagraphEntry], list[CitationLink]]:
    """The paragraphs (verbs prefetched) as entries, and the citations of the document that
    are in no paragraph (those found only in headings)."""
    citations = list(
        document.citations.select_related("target", "target_paragraph").order_by("position")
    )
    links = _citation_links(user, citations)
    by_paragraph: dict[int | None, list[CitationLink]] = {}
    for citation in citations:
        by_paragraph.setdefault(citation.paragraph_id, []).append(links[citation.pk])
    entries = []
    document_url = document.get_absolute_url()
    for paragraph in paragraphs:
        paragraph_links = by_paragraph.get(paragraph.pk, [])
        entries.append(
            paragraph_entry(
                document, paragraph, citations=paragraph_links, document_url=document_url
            )
        )
    return entries, by_paragraph.get(None, [])


def paragraph_entry(
    document: Document,
    paragraph: Paragraph,
    *,
    citations: Sequence[CitationLink] = (),
    only_verbs: Sequence[ParagraphVerb] | None = None,
    document_url: str = "",
) -> ParagraphEntry:
    """One paragraph with its text marked: its verbs (``only_verbs``: just those rows), the
    actors they address and its ``citations``. Reads ``paragraph.verbs`` (prefetch it, with
    the actors) unless ``only_verbs`` is given."""
    rows = list(only_verbs) if only_verbs is not None else list(paragraph.verbs.all())
    uses: dict[int, VerbEntry] = {}
    patterns = []
    seen_actors: set[int] = set()
    for row in rows:
        use = uses.setdefault(row.verb_index, VerbEntry(row.verb, []))
        if row.actor is not None:
            use.actors.append(row.actor)
            if row.actor.pk not in seen_actors:
                seen_actors.add(row.actor.pk)
                pattern = actor_pattern(row.actor.patterns)
                if pattern is not None:
                    patterns.append(pattern)
    verbs = [use for _, use in sorted(uses.items())]
    verb_names = [use.verb for use in verbs]
    marks = [link.mark() for link in citations]
    budget = Counter(verb_names)
    text = mark_text(
        paragraph.text, verbs=verb_names, actors=patterns, citations=marks, verb_budget=budget
    )
    subitems = [
        (
            str(item.get("label", "")),
            mark_text(
                str(item.get("text", "")),
                verbs=verb_names,
                actors=patterns,
                citations=marks,
                verb_budget=budget,
            ),
        )
        for item in paragraph.subitems
    ]
    marked_refs = {
        segment.ref
        for segments in (text, *(marked for _, marked in subitems))
        for segment in segments
        if segment.kind == "cite"
    }
    return ParagraphEntry(
        paragraph=paragraph,
        url=paragraph_url(document_url or document.get_absolute_url(), paragraph.anchor),
        text=text,
        subitems=subitems,
        verbs=verbs,
        citations=list(citations),
        unmarked_citations=[link for link in citations if link.ref not in marked_refs],
    )


def _groups(entries: Sequence[ParagraphEntry]) -> list[ParagraphGroup]:
    groups: list[ParagraphGroup] = []
    for entry in entries:
        paragraph = entry.paragraph
        current = groups[-1] if groups else None
        if (
            current is None
            or current.section != paragraph.section
            or current.heading != paragraph.heading
        ):
            current = ParagraphGroup(
                section=paragraph.section,
                section_label=str(Section(paragraph.section).label)
                if paragraph.section in Section.values
                else paragraph.section,
                heading=paragraph.heading,
                starts_section=current is None or current.section != paragraph.section,
            )
            groups.append(current)
        current.paragraphs.append(entry)
    return groups


def _with_verbs(paragraphs: QuerySet[Paragraph]) -> QuerySet[Paragraph]:
    return paragraphs.prefetch_related(
        Prefetch("verbs", queryset=ParagraphVerb.objects.select_related("actor"))
    )


def cited_by(
    user: AnyUser, *, document: Document | None = None, paragraph: Paragraph | None = None
) -> list[CitingEntry]:
    """The places, in documents the user can see, that cite ``document`` (any of its
    paragraphs or the whole) or, given ``paragraph``, that paragraph; one entry per citing
    paragraph, by symbol then position."""
    citations = Citation.objects.filter(document__in=documents_visible_to(user))
    if paragraph is not None:
        citations = citations.filter(target_paragraph=paragraph)
    elif document is not None:
        citations = citations.filter(target=document).exclude(document=document)
    citations = citations.select_related("document", "paragraph").order_by(
        "document__symbol", "position"
    )
    entries: list[CitingEntry] = []
    seen: set[tuple[int, int | None]] = set()
    for citation in citations:
        key = (citation.document_id, citation.paragraph_id)
        if key in seen:
            continue
        seen.add(key)
        source = citation.document
        url = (
            paragraph_url(source.get_absolute_url(), citation.paragraph.anchor)
            if citation.paragraph is not None
            else source.get_absolute_url()
        )
        entries.append(CitingEntry(document=source, paragraph=citation.paragraph, url=url))
    return entries


def _version_links(
    user: AnyUser, document: Document
) -> tuple[list[VersionLink], list[VersionLink]]:
    """(what ``document`` supersedes, what supersedes it), among documents the user sees."""
    visible = documents_visible_to(user)
    older = Supersession.objects.filter(new=document, old__in=visible).select_related("old")
    newer = Supersession.objects.filter(old=document, new__in=visible).select_related("new")
    return (
        [VersionLink(link.old, link.basis, str(link.get_basis_display())) for link in older],
        [VersionLink(link.new, link.basis, str(link.get_basis_display())) for link in newer],
    )


def nearest_held_predecessor(user: AnyUser, document: Document) -> Document | None:
    """The held version the document carries on, closest in the chain of supersessions
    (through placeholders); among equally close ones the latest by date, then symbol."""
    visible = documents_visible_to(user)
    seen = {document.pk}
    frontier = {document.pk}
    for _ in range(MAX_VERSION_STEPS):
        links = list(
            Supersession.objects.filter(new__in=frontier, old__in=visible).select_related("old")
        )
        olds = [link.old for link in links if link.old_id not in seen]
        held = [d for d in olds if not d.is_placeholder]
        if held:
            return max(held, key=lambda d: (d.date or dt.date.min, d.symbol))
        frontier = {d.pk for d in olds}
        if not frontier:
            return None
        seen |= frontier
    return None


def document_page(user: AnyUser, document: Document) -> DocumentPage:
    """Everything the document page shows, in a fixed number of queries whatever the
    number of paragraphs, verbs or citations."""
    paragraphs = list(_with_verbs(document.paragraphs.order_by("position")))
    entries, other_citations = _entries(user, document, paragraphs)
    supersedes, superseded_by = _version_links(user, document)
    return DocumentPage(
        document=document,
        groups=_groups(entries),
        other_citations=other_citations,
        supersedes=supersedes,
        superseded_by=superseded_by,
        cited_by=cited_by(user, document=document),
        previous_version=nearest_held_predecessor(user, document)
        if not document.is_placeholder
        else None,
        can_edit=can_edit_document(user, document),
    )


@dataclass(frozen=True)
class ParagraphPage:
    document: Document
    entry: ParagraphEntry
    section_label: str
    previous: Paragraph | None
    next: Paragraph | None
    cited_by: list[CitingEntry]
    superseded_by: list[VersionLink]


def paragraph_page(user: AnyUser, paragraph: Paragraph) -> ParagraphPage:
    """One paragraph in context: marked text, citations, its neighbours and who cites it."""
    document = paragraph.document
    paragraph = _with_verbs(Paragraph.objects.filter(pk=paragraph.pk)).get()
    citations = list(
        paragraph.citations.select_related("target", "target_paragraph").order_by("position")
    )
    links = _citation_links(user, citations)
    entry = paragraph_entry(document, paragraph, citations=[links[c.pk] for c in citations])
    siblings = document.paragraphs.only("anchor", "number", "section", "position", "document_id")
    _, superseded_by = _version_links(user, document)
    return ParagraphPage(
        document=document,
        entry=entry,
        section_label=str(Section(paragraph.section).label)
        if paragraph.section in Section.values
        else paragraph.section,
        previous=siblings.filter(position__lt=paragraph.position).order_by("-position").first(),
        next=siblings.filter(position__gt=paragraph.position).order_by("position").first(),
        cited_by=cited_by(user, paragraph=paragraph),
        superseded_by=superseded_by,
    )


# --- versions and differences -------------------------------------------------------------------


@dataclass(frozen=True)
class VersionEntry:
    document: Document
    supersedes: list[VersionLink]
    superseded_by: list[VersionLink]
    is_current: bool


def version_history(user: AnyUser, document: Document) -> list[VersionEntry]:
    """Every version connected to ``document`` through supersessions, both ways, that the
    user can see: by date then symbol, but never before a version it supersedes. One query
    per step of the chain."""
    visible = documents_visible_to(user)
    documents = {document.pk: document}
    links: dict[int, Supersession] = {}
    frontier = {document.pk}
    for _ in range(MAX_VERSION_STEPS):
        if not frontier:
            break
        rows = Supersession.objects.filter(Q(old__in=frontier) | Q(new__in=frontier)).filter(
            old__in=visible, new__in=visible
        )
        found: set[int] = set()
        for link in rows.select_related("old", "new"):
            links[link.pk] = link
            for side in (link.old, link.new):
                if side.pk not in documents:
                    documents[side.pk] = side
                    found.add(side.pk)
        frontier = found
    older: dict[int, list[VersionLink]] = {pk: [] for pk in documents}
    newer: dict[int, list[VersionLink]] = {pk: [] for pk in documents}
    predecessors: dict[int, set[int]] = {pk: set() for pk in documents}
    for link in links.values():
        basis = str(link.get_basis_display())
        older[link.new_id].append(VersionLink(link.old, link.basis, basis))
        newer[link.old_id].append(VersionLink(link.new, link.basis, basis))
        predecessors[link.new_id].add(link.old_id)

    def key(pk: int) -> tuple[dt.date, str]:
        return (documents[pk].date or dt.date.min, documents[pk].symbol)

    # Kahn's order: a version comes when all it supersedes have come; ties by date, symbol.
    waiting = {pk: set(olds) for pk, olds in predecessors.items()}
    ready = [(key(pk), pk) for pk, olds in waiting.items() if not olds]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, pk = heapq.heappop(ready)
        order.append(pk)
        for successor in newer[pk]:
            later = successor.document.pk
            if pk in waiting[later]:
                waiting[later].discard(pk)
                if not waiting[later]:
                    heapq.heappush(ready, (key(later), later))
    order += sorted((pk for pk in documents if pk not in order), key=key)  # a cycle, if any
    return [
        VersionEntry(
            document=documents[pk],
            supersedes=sorted(older[pk], key=lambda v: v.document.symbol),
            superseded_by=sorted(newer[pk], key=lambda v: v.document.symbol),
            is_current=pk == document.pk,
        )
        for pk in order
    ]


DiffKind = Literal["pair", "deleted", "new"]


@dataclass(frozen=True)
class DiffRow:
    """One row of the comparison: a pair of paragraphs (old carried on by new), an old
    paragraph with no counterpart (deleted) or a new one (new). The words are
    ``word_diff`` segments: the old side has "same" and "removed", the new side "same" and
    "added"."""

    kind: DiffKind
    old: Paragraph | None
    new: Paragraph | None
    score: float | None
    old_words: list[tuple[str, str]]
    new_words: list[tuple[str, str]]
    old_url: str = ""
    new_url: str = ""

    @property
    def changed(self) -> bool:
        return (
            self.kind != "pair"
            or any(op != "same" for op, _ in self.new_words)
            or any(op != "same" for op, _ in self.old_words)
        )


@dataclass(frozen=True)
class DiffPage:
    old: Document
    new: Document
    rows: list[DiffRow]

    @property
    def pairs(self) -> int:
        return sum(1 for row in self.rows if row.kind == "pair")

    @property
    def deleted(self) -> int:
        return sum(1 for row in self.rows if row.kind == "deleted")

    @property
    def added(self) -> int:
        return sum(1 for row in self.rows if row.kind == "new")

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.kind == "pair" and row.changed)


def document_diff(old: Document, new: Document) -> DiffPage:
    """The paragraphs of ``old`` aligned with those of ``new`` (``alignment.align``), with
    the words added and removed in each pair; rows follow the new version, a deleted
    paragraph placed after the row of the old paragraph before it. Two queries."""
    old_paragraphs = list(old.paragraphs.order_by("position"))
    new_paragraphs = list(new.paragraphs.order_by("position"))
    alignment = align(alignment_items_of(old_paragraphs), alignment_items_of(new_paragraphs))
    old_index = {p.anchor: i for i, p in enumerate(old_paragraphs)}
    new_index = {p.anchor: i for i, p in enumerate(new_paragraphs)}
    placed: list[tuple[tuple[int, int, int], DiffRow]] = []
    new_of_old: dict[int, int] = {}
    old_url, new_url = old.get_absolute_url(), new.get_absolute_url()
    for pair in alignment.pairs:
        i, j = old_index[pair.old], new_index[pair.new]
        new_of_old.setdefault(i, j)
        old_p, new_p = old_paragraphs[i], new_paragraphs[j]
        words = word_diff(old_p.full_text(), new_p.full_text())
        row = DiffRow(
            kind="pair",
            old=old_p,
            new=new_p,
            score=pair.score,
            old_words=[(op, text) for op, text in words if op != "added"],
            new_words=[(op, text) for op, text in words if op != "removed"],
            old_url=paragraph_url(old_url, old_p.anchor),
            new_url=paragraph_url(new_url, new_p.anchor),
        )
        placed.append(((j, 0, i), row))
    for anchor in alignment.unmatched_new:
        j = new_index[anchor]
        paragraph = new_paragraphs[j]
        row = DiffRow(
            kind="new",
            old=None,
            new=paragraph,
            score=None,
            old_words=[],
            new_words=[("added", " ".join(paragraph.full_text().split()))],
            new_url=paragraph_url(new_url, paragraph.anchor),
        )
        placed.append(((j, 0, -1), row))
    for anchor in alignment.unmatched_old:
        i = old_index[anchor]
        before = [k for k in new_of_old if k < i]
        j = new_of_old[max(before)] if before else -1
        paragraph = old_paragraphs[i]
        row = DiffRow(
            kind="deleted",
            old=paragraph,
            new=None,
            score=None,
            old_words=[("removed", " ".join(paragraph.full_text().split()))],
            new_words=[],
            old_url=paragraph_url(old_url, paragraph.anchor),
        )
        placed.append(((j, 1, i), row))
    placed.sort(key=lambda item: item[0])
    return DiffPage(old=old, new=new, rows=[row for _, row in placed])


# --- what is asked of whom ----------------------------------------------------------------------


def decision_texts_in_force(user: AnyUser) -> QuerySet[Document]:
    """Resolutions and decisions the user can see that are held and not superseded."""
    return (
        documents_visible_to(user)
        .filter(kind__in=[DocumentKind.RESOLUTION, DocumentKind.DECISION], is_placeholder=False)
        .filter(~superseded_for(user))
    )


@dataclass(frozen=True)
class ActorSummary:
    actor: Actor
    paragraphs: int


def actor_list(user: AnyUser) -> list[ActorSummary]:
    """Every actor with the number of operative paragraphs in force that address it."""
    counts = dict(
        ParagraphVerb.objects.filter(
            actor__isnull=False,
            paragraph__section=Section.OPERATIVE,
            paragraph__document__in=decision_texts_in_force(user),
        )
        .values("actor")
        .annotate(n=Count("paragraph", distinct=True))
        .values_list("actor", "n")
    )
    return [ActorSummary(actor, counts.get(actor.pk, 0)) for actor in Actor.objects.all()]


@dataclass(frozen=True)
class AskedDocument:
    document: Document
    paragraphs: list[ParagraphEntry]


@dataclass(frozen=True)
class ActorPage:
    actor: Actor
    documents: list[AskedDocument]

    @property
    def paragraph_count(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)


def actor_page(
    user: AnyUser, actor: Actor, *, verb: str = "", instrument: Instrument | None = None
) -> ActorPage:
    """Everything asked of ``actor`` in resolutions and decisions in force that the user
    can see: each operative paragraph whose verbs address it, with those verbs, grouped
    by document (by symbol); narrowed to one ``verb`` or one ``instrument``. One query."""
    rows = ParagraphVerb.objects.filter(
        actor=actor,
        paragraph__section=Section.OPERATIVE,
        paragraph__document__in=decision_texts_in_force(user),
    )
    if verb:
        rows = rows.filter(verb=verb)
    if instrument is not None:
        rows = rows.filter(paragraph__document__instrument=instrument)
    rows = rows.select_related("paragraph__document", "actor").order_by(
        "paragraph__document__symbol", "paragraph__position", "verb_index", "actor_index"
    )
    by_paragraph: dict[int, list[ParagraphVerb]] = {}
    paragraphs: dict[int, Paragraph] = {}
    for row in rows:
        by_paragraph.setdefault(row.paragraph_id, []).append(row)
        paragraphs[row.paragraph_id] = row.paragraph
    documents: dict[int, AskedDocument] = {}
    urls: dict[int, str] = {}
    for paragraph_id, paragraph_rows in by_paragraph.items():
        paragraph = paragraphs[paragraph_id]
        document = paragraph.document
        group = documents.setdefault(document.pk, AskedDocument(document, []))
        document_url = urls.setdefault(document.pk, document.get_absolute_url())
        group.paragraphs.append(
            paragraph_entry(
                document, paragraph, only_verbs=paragraph_rows, document_url=document_url
            )
        )
    return ActorPage(actor=actor, documents=list(documents.values()))


# --- uploads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchPage:
    batch: IngestBatch
    files: list[IngestFile]

    @property
    def total(self) -> int:
        return len(self.files)

    @property
    def processed(self) -> int:
        return sum(1 for item in self.files if item.status != IngestStatus.WAITING)

    @property
    def finished(self) -> bool:
        return self.batch.status in (BatchStatus.DONE, BatchStatus.FAILED)

    def count(self, status: str) -> int:
        return sum(1 for item in self.files if item.status == status)

    @property
    def created(self) -> int:
        return self.count(IngestStatus.CREATED)

    @property
    def updated(self) -> int:
        return self.count(IngestStatus.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(IngestStatus.UNCHANGED)

    @property
    def refused(self) -> int:
        return self.count(IngestStatus.REFUSED)


def batch_page(batch: IngestBatch) -> BatchPage:
    """An upload batch with its files (and the documents they became), in upload order."""
    batch = IngestBatch.objects.select_related("instrument", "meeting", "created_by").get(
        pk=batch.pk
    )
    return BatchPage(batch=batch, files=list(batch.files.select_related("document").order_by("pk")))


def recent_batches(user: AnyUser, *, limit: int = 10) -> list[IngestBatch]:
    """The user's own latest upload batches, newest first, with a count of their files."""
    if not user.is_authenticated:
        return []
    return list(
        IngestBatch.objects.filter(created_by=user)
        .annotate(file_count=Count("files"))
        .order_by("-created_at", "-pk")[:limit]
    )
