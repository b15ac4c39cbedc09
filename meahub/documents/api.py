"""Documents, their paragraphs, versions and the actors they address, in the API.

Anyone reads published documents (and the placeholders they cite); secretariat staff read
everything, upload files (one per request, ingested at once by ``services.ingest_bytes``)
and correct what the parser read (``services.update_document``). A document's detail keeps
the keys of ``meahub parse --json``; an alignment is what ``meahub align --json`` prints.
"""

import dataclasses
import mimetypes

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth, write_auth
from meahub.core.lookups import get_or_invalid
from meahub.core.schemas import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    DETAIL_ERRORS,
    LIST_ERRORS,
    Pagination,
)
from meahub.documents import selectors, services
from meahub.documents.akn import to_akn
from meahub.documents.alignment import AlignmentJSON, align
from meahub.documents.enums import IngestStatus, ReferenceKind, Section, SupersessionBasis
from meahub.documents.extraction import UnreadableDocument, extract_text
from meahub.documents.models import Actor, Citation, Document, Paragraph, ParagraphVerb
from meahub.documents.parser import ParsedJson, parse_text, to_json
from meahub.documents.schemas import (
    ActorAskOut,
    ActorOut,
    AlignmentOut,
    AlignmentQuery,
    CitedParagraphOut,
    DocumentDetailOut,
    DocumentFilter,
    DocumentMeetingOut,
    DocumentOut,
    DocumentPatch,
    DocumentUploadIn,
    IngestOutcomeOut,
    ParagraphOut,
    ParsedOut,
    ReferenceOut,
    SubItemOut,
    SupersessionOut,
    SymbolQuery,
    VerbOut,
    is_in_force,
)
from meahub.documents.selectors import alignment_items, decision_texts_in_force, superseded_for
from meahub.instruments.selectors import instrument_from_input
from meahub.meetings.models import Meeting
from meahub.permissions.documents import (
    can_ingest_documents,
    documents_visible_to,
    meetings_visible_to,
)
from meahub.permissions.roles import AnyUser

router = Router(tags=["documents"])

# --- reads the register pages do not need (they belong in ``selectors.py``) -------------------


def documents_listed(user: AnyUser) -> QuerySet[Document]:
    """The documents the user can see, with meeting and instrument loaded and annotated with
    ``is_superseded`` as the register's ``documents_matching`` does."""
    return (
        documents_visible_to(user)
        .select_related("meeting", "instrument")
        .annotate(is_superseded=superseded_for(user))
    )


def document_with_id(user: AnyUser, document_id: int) -> Document:
    """A document the user can see, annotated as in ``documents_listed``; else 404."""
    return get_object_or_404(documents_listed(user), pk=document_id)


def document_with_symbol(user: AnyUser, symbol: str) -> Document:
    """A document the user can see by symbol, or else by citation key; else 404."""
    documents = documents_listed(user)
    document = documents.filter(symbol=symbol).first() or documents.filter(key=symbol).first()
    if document is None:
        raise Http404
    return document


def held_document_from_input(user: AnyUser, value: str, *, field: str) -> Document:
    """The held document an input names by id, symbol or citation key; else ValidationError
    naming the field (a placeholder has no paragraphs to work on)."""
    documents = documents_visible_to(user)
    document = documents.filter(pk=int(value)).first() if value.isdigit() else None
    document = document or documents.filter(symbol=value).first()
    document = document or documents.filter(key=value).first()
    if document is None:
        raise ValidationError({field: f"No document '{value}' (give an id, symbol or key)."})
    if document.is_placeholder:
        raise ValidationError(
            {field: f"{document.symbol} is cited but not held here: it has no paragraphs."}
        )
    return document


def meeting_from_input(user: AnyUser, slug: str, *, field: str = "meeting") -> Meeting:
    """The meeting an input field names by slug, if the user can see it; else ValidationError."""
    return get_or_invalid(
        meetings_visible_to(user), field=field, message=f"Unknown meeting '{slug}'.", slug=slug
    )


def asks_of_actor(user: AnyUser, actor: Actor) -> QuerySet[ParagraphVerb]:
    """Each verb addressed to ``actor`` in the operative paragraphs of the resolutions and
    decisions in force that the user can see (as on the actor's page), with paragraph and
    document loaded, by symbol and paragraph order."""
    return (
        ParagraphVerb.objects.filter(
            actor=actor,
            paragraph__section=Section.OPERATIVE,
            paragraph__document__in=decision_texts_in_force(user),
        )
        .select_related("paragraph__document")
        .order_by("paragraph__document__symbol", "paragraph__position", "verb_index")
    )


# --- building the detail ------------------------------------------------------------------------


def _meeting_dates(meeting: Meeting) -> str | None:
    """The meeting's dates as the parser gives them: a day or an ISO interval."""
    if meeting.starts_on is None:
        return None
    if meeting.ends_on is None or meeting.ends_on == meeting.starts_on:
        return meeting.starts_on.isoformat()
    return f"{meeting.starts_on.isoformat()}/{meeting.ends_on.isoformat()}"


def _paragraph_out(request: HttpRequest, paragraph: Paragraph) -> ParagraphOut:
    return ParagraphOut(
        section=paragraph.section,
        number=paragraph.number or None,
        text=paragraph.text,
        verbs=[VerbOut(verb=use.verb, actors=list(use.actors)) for use in paragraph.verb_uses()],
        subitems=[SubItemOut(label=s["label"], text=s["text"]) for s in paragraph.subitems],
        anchor=paragraph.anchor,
        url=request.build_absolute_uri(paragraph.get_absolute_url()),
    )


def _references_out(
    request: HttpRequest, user: AnyUser, citations: list[Citation]
) -> list[ReferenceOut]:
    """One reference per thing cited, in order of first citation; a target the user cannot
    see is left out (null), like a document not held."""
    target_ids = {c.target_id for c in citations if c.target_id is not None}
    visible = set(documents_visible_to(user).filter(pk__in=target_ids).values_list("pk", flat=True))
    references: dict[str, ReferenceOut] = {}
    for citation in citations:
        if citation.ref in references:
            continue
        target = citation.target if citation.target_id in visible else None
        page = citation.target_paragraph if citation.target_paragraph else target
        references[citation.ref] = ReferenceOut(
            kind=ReferenceKind(citation.kind),
            ref=citation.ref,
            target=target.pk if target else None,
            target_url=request.build_absolute_uri(page.get_absolute_url())
            if target and page
            else None,
        )
    return list(references.values())


def _versions_out(user: AnyUser, document: Document) -> tuple[list[SupersessionOut], ...]:
    """(what ``document`` supersedes, what supersedes it), among documents the user sees."""
    visible = documents_visible_to(user)
    older = document.predecessor_links.filter(old__in=visible).select_related("old")
    newer = document.successor_links.filter(new__in=visible).select_related("new")
    return (
        [
            SupersessionOut(
                id=link.old.pk, symbol=link.old.symbol, basis=SupersessionBasis(link.basis)
            )
            for link in older.order_by("old__symbol")
        ],
        [
            SupersessionOut(
                id=link.new.pk, symbol=link.new.symbol, basis=SupersessionBasis(link.basis)
            )
            for link in newer.order_by("new__symbol")
        ],
    )


def document_detail(request: HttpRequest, user: AnyUser, document: Document) -> DocumentDetailOut:
    """The document in ``to_json``'s shape plus anchors, links, citation targets and
    versions; ``document`` comes from ``documents_listed`` (it carries ``is_superseded``)."""
    paragraphs = document.paragraphs.prefetch_related(
        Prefetch("verbs", queryset=ParagraphVerb.objects.select_related("actor"))
    )
    citations = list(
        document.citations.select_related("target", "target_paragraph__document").order_by(
            "position"
        )
    )
    meeting = document.meeting
    supersedes, superseded_by = _versions_out(user, document)
    return DocumentDetailOut(
        id=document.pk,
        symbol=document.symbol,
        title=document.title or None,
        kind=document.kind,
        date=document.date,
        meeting=DocumentMeetingOut(
            name=meeting.name,
            place=meeting.place or None,
            dates=_meeting_dates(meeting),
            slug=meeting.slug,
            url=request.build_absolute_uri(meeting.get_absolute_url()),
        )
        if meeting
        else None,
        paragraphs=[_paragraph_out(request, paragraph) for paragraph in paragraphs],
        references=_references_out(request, user, citations),
        key=document.key,
        language=document.language,
        agenda_item=document.agenda_item,
        instrument=document.instrument.code if document.instrument else None,
        is_placeholder=document.is_placeholder,
        is_published=document.is_published,
        in_force=is_in_force(document),
        url=request.build_absolute_uri(document.get_absolute_url()),
        original_url=request.build_absolute_uri(
            reverse("api:get_document_original", kwargs={"document_id": document.pk})
        )
        if document.original
        else None,
        supersedes=supersedes,
        superseded_by=superseded_by,
    )


def _read_upload(file: UploadedFile) -> tuple[bytes, str]:
    """The bytes and name of an uploaded file, refusing one over the size limit unread."""
    name = file.name or "upload"
    limit = services.max_document_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            {"file": f"{name}: the file is {file.size:,} bytes, over the limit of {limit:,} bytes"}
        )
    return file.read(), name


# --- endpoints: fixed paths first, since "/documents/{document_id}" would match them too --------


@router.get(
    "/documents",
    response={200: list[DocumentOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List documents",
)
@paginate(Pagination)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]) -> QuerySet[Document]:
    """Resolutions, decisions and meeting documents by symbol; filter by kind, instrument
    (code), meeting (slug), `in_force` or `placeholder`; search symbol, citation key and
    title with `q`.
    The public sees published documents and the placeholders they cite."""
    user = acting_user(request)
    documents = selectors.documents_matching(
        user,
        selectors.DocumentFilters(
            q=filters.q,
            kind=filters.kind or "",
            instrument=instrument_from_input(user, filters.instrument)
            if filters.instrument
            else None,
            meeting=meeting_from_input(user, filters.meeting) if filters.meeting else None,
            status=selectors.IN_FORCE if filters.in_force else "",
            held_only=filters.placeholder is False,
        ),
    )
    if filters.in_force is False:
        documents = documents.filter(Q(is_superseded=True) | Q(is_placeholder=True))
    if filters.placeholder:
        documents = documents.filter(is_placeholder=True)
    return documents


@router.post(
    "/documents",
    response={201: IngestOutcomeOut, 200: IngestOutcomeOut, **CREATE_ERRORS},
    auth=write_auth,
    summary="Create a document from a file",
)
def create_document(
    request: HttpRequest, file: File[UploadedFile], payload: Form[DocumentUploadIn]
) -> Status[services.IngestOutcome]:
    """Upload one file (.pdf, .docx, .txt, .md) as multipart form data; it is read, parsed
    and stored at once. 201 when it creates or updates a document, 200 when the same file
    is held already (nothing changes); a file that cannot be taken is refused with 422 and a
    message naming it and why, and nothing is stored. Secretariat staff only."""
    user = acting_user(request)
    if not can_ingest_documents(user, None):
        raise PermissionDenied("Only secretariat staff may add documents.")
    instrument = instrument_from_input(user, payload.instrument) if payload.instrument else None
    meeting = meeting_from_input(user, payload.meeting) if payload.meeting else None
    served = instrument or (meeting.instrument if meeting else None)
    if served is not None and not can_ingest_documents(user, served):
        raise PermissionDenied(f"You may not add documents of {served.code}.")
    data, name = _read_upload(file)
    outcome = services.ingest_bytes(
        data,
        name,
        by=user,
        instrument=instrument,
        meeting=meeting,
        symbol=payload.symbol or None,
        publish=payload.publish,
    )
    if outcome.refused or outcome.document is None:
        raise ValidationError({"file": outcome.message})
    listed = documents_listed(user).get(pk=outcome.document.pk)
    status = 200 if outcome.status == IngestStatus.UNCHANGED else 201
    return Status(status, dataclasses.replace(outcome, document=listed))


@router.post(
    "/documents/parse",
    response={200: ParsedOut, **CREATE_ERRORS},
    auth=write_auth,
    summary="Get the structure of a file without storing it",
)
def get_parsed_document(request: HttpRequest, file: File[UploadedFile]) -> ParsedJson:
    """Read and parse one file (multipart, field `file`) and answer exactly what
    `meahub parse FILE --json` prints; nothing is stored. For signed-in users."""
    data, name = _read_upload(file)
    try:
        text = extract_text(data, name, max_bytes=services.max_document_bytes())
    except UnreadableDocument as error:
        raise ValidationError({"file": str(error)}) from error
    return to_json(parse_text(text))


@router.get(
    "/documents/by-symbol",
    response={200: DocumentDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a document by its symbol",
)
def get_document_by_symbol(request: HttpRequest, query: Query[SymbolQuery]) -> DocumentDetailOut:
    """The same as getting it by id, for a symbol (`UNEP/CMS/Resolution 11.10 (Rev.COP14)`)
    or citation key (`Resolution 11.10 (Rev.COP14)`), which contain slashes and spaces."""
    user = acting_user(request)
    return document_detail(request, user, document_with_symbol(user, query.symbol))


@router.get(
    "/documents/align",
    response={200: AlignmentOut, **LIST_ERRORS},
    auth=read_auth,
    summary="Get the paragraph alignment of two versions",
)
def get_document_alignment(request: HttpRequest, query: Query[AlignmentQuery]) -> AlignmentJSON:
    """Which paragraphs (by anchor) of the `new` version carry on each paragraph of the `old`
    one, and which have no counterpart: what `meahub align --json` prints. Each version is
    named by id, symbol or citation key."""
    user = acting_user(request)
    old = held_document_from_input(user, query.old, field="old")
    new = held_document_from_input(user, query.new, field="new")
    return align(alignment_items(old), alignment_items(new)).to_json()


@router.get(
    "/documents/actors",
    response={200: list[ActorOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List actors",
)
@paginate(Pagination)
def list_actors(request: HttpRequest) -> QuerySet[Actor]:
    """The controlled list of those a paragraph can ask something of, with the patterns
    that name them in text."""
    return Actor.objects.order_by("position", "name")


@router.get(
    "/documents/actors/{slug}/asks",
    response={200: list[ActorAskOut], **DETAIL_ERRORS},
    auth=read_auth,
    summary="List what is asked of an actor",
)
@paginate(Pagination)
def list_actor_asks(request: HttpRequest, slug: str) -> QuerySet[ParagraphVerb]:
    """Every verb addressed to the actor (`requests`, `urges`...) in the resolutions and
    decisions in force that you can see, with the paragraph's address and text."""
    actor = get_object_or_404(Actor, slug=slug)
    return asks_of_actor(acting_user(request), actor)


@router.get(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a document",
)
def get_document(request: HttpRequest, document_id: int) -> DocumentDetailOut:
    """A document with its paragraphs and references in the shape of `meahub parse --json`,
    each paragraph with its stable `anchor` and `url`, each reference with its `target`,
    and the versions it `supersedes` and is `superseded_by`."""
    user = acting_user(request)
    return document_detail(request, user, document_with_id(user, document_id))


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentDetailOut, **CHANGE_ERRORS},
    auth=write_auth,
    summary="Update a document",
)
def update_document(
    request: HttpRequest, document_id: int, payload: DocumentPatch
) -> DocumentDetailOut:
    """Correct what the parser read (title, kind, language, date, meeting by slug,
    instrument by code, agenda item) or publish it; the text stays as read."""
    user = acting_user(request)
    document = document_with_id(user, document_id)
    fields = payload.model_dump(exclude_unset=True)
    if "meeting" in fields:
        slug = fields.pop("meeting")
        fields["meeting"] = meeting_from_input(user, slug) if slug else None
    if "instrument" in fields:
        code = fields.pop("instrument")
        fields["instrument"] = instrument_from_input(user, code) if code else None
    services.update_document(document=document, by=user, **fields)
    return document_detail(request, user, document_with_id(user, document_id))


@router.get(
    "/documents/{document_id}/paragraphs/{anchor}",
    response={200: CitedParagraphOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a paragraph",
)
def get_paragraph(request: HttpRequest, document_id: int, anchor: str) -> CitedParagraphOut:
    """One paragraph by its stable anchor (`5`, `13.24`, `preamble-3`), with what it cites."""
    user = acting_user(request)
    document = document_with_id(user, document_id)
    paragraph = get_object_or_404(
        document.paragraphs.prefetch_related(
            Prefetch("verbs", queryset=ParagraphVerb.objects.select_related("actor"))
        ),
        anchor=anchor,
    )
    citations = list(
        paragraph.citations.select_related("target", "target_paragraph__document").order_by(
            "position"
        )
    )
    return CitedParagraphOut(
        **_paragraph_out(request, paragraph).model_dump(),
        document=document.pk,
        symbol=document.symbol,
        references=_references_out(request, user, citations),
    )


@router.get(
    "/documents/{document_id}/original",
    response={200: None, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a document's original file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file as uploaded.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def get_document_original(request: HttpRequest, document_id: int) -> FileResponse:
    """The file the document was read from, as uploaded; 404 for a placeholder."""
    document = document_with_id(acting_user(request), document_id)
    if document.is_placeholder or not document.original:
        raise Http404
    content_type = mimetypes.guess_type(document.original_name)[0] or "application/octet-stream"
    return FileResponse(
        document.original.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=content_type,
    )


@router.get(
    "/documents/{document_id}/akn",
    response={200: None, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a document as Akoma Ntoso XML",
    openapi_extra={
        "responses": {
            200: {
                "description": "Akoma Ntoso 3.0 (AKN4UN profile) XML.",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_document_akn(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document as Akoma Ntoso 3.0 XML (the UN's AKN4UN profile), built from its
    paragraphs, verbs, actors, citations and versions; 404 for a placeholder."""
    user = acting_user(request)
    document = document_with_id(user, document_id)
    if document.is_placeholder:
        raise Http404
    return HttpResponse(to_akn(document, user=user), content_type="application/xml; charset=utf-8")
