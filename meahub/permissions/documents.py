"""Who may see and change documents, paragraphs, meetings and ingest uploads.

Rules:
- the public (and focal points, partners) read published documents and the meetings that
  have at least one, and placeholders (a symbol cited or revised by a published document);
- secretariat staff read every document; they ingest, edit and publish the documents of the
  instruments they serve, and documents with no instrument;
- an upload batch is seen by the person who made it and by superusers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from meahub.documents.models import Citation, Document, IngestBatch, Paragraph, Supersession
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting
from meahub.permissions.roles import AnyUser, is_secretariat, serves_instrument


def documents_visible_to(user: AnyUser) -> QuerySet[Document]:
    if is_secretariat(user):
        return Document.objects.all()
    cited_by_published = Citation.objects.filter(target=OuterRef("pk"), document__is_published=True)
    revised_by_published = Supersession.objects.filter(old=OuterRef("pk"), new__is_published=True)
    return Document.objects.filter(
        Q(is_published=True)
        | Q(Exists(cited_by_published) | Exists(revised_by_published), is_placeholder=True)
    )


def can_view_document(user: AnyUser, document: Document) -> bool:
    return documents_visible_to(user).filter(pk=document.pk).exists()


def can_ingest_documents(user: AnyUser, instrument: Instrument | None) -> bool:
    """Staff ingest for the instruments they serve; a document with no instrument: any staff."""
    if not is_secretariat(user):
        return False
    return instrument is None or serves_instrument(user, instrument)


def can_edit_document(user: AnyUser, document: Document) -> bool:
    if not is_secretariat(user):
        return False
    return document.instrument is None or serves_instrument(user, document.instrument)


def get_document_for_view(user: AnyUser, symbol: str) -> Document:
    return get_object_or_404(documents_visible_to(user), symbol=symbol)


def get_document_for_edit(user: AnyUser, symbol: str) -> Document:
    document = get_document_for_view(user, symbol)
    if not can_edit_document(user, document):
        raise PermissionDenied
    return document


def get_paragraph_for_view(user: AnyUser, symbol: str, anchor: str) -> Paragraph:
    document = get_document_for_view(user, symbol)
    return get_object_or_404(
        Paragraph.objects.select_related("document"), document=document, anchor=anchor
    )


def meetings_visible_to(user: AnyUser) -> QuerySet[Meeting]:
    if is_secretariat(user):
        return Meeting.objects.all()
    published = Document.objects.filter(meeting=OuterRef("pk"), is_published=True)
    return Meeting.objects.filter(Exists(published))


def get_meeting_for_view(user: AnyUser, slug: str) -> Meeting:
    return get_object_or_404(meetings_visible_to(user), slug=slug)


def get_batch_for_view(user: AnyUser, batch_id: int) -> IngestBatch:
    batch = get_object_or_404(IngestBatch, pk=batch_id)
    if not (user.is_authenticated and (batch.created_by_id == user.pk or user.is_superuser)):
        raise PermissionDenied
    return batch
