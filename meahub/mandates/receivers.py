"""Mandates follow the documents: on every ingest, the mandates of a resolution or decision
are created or brought up to date, carried over from the version it revises, and a progress
report's paragraphs get suggestions of the mandates they report on."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from meahub.documents.models import Document
from meahub.documents.signals import document_ingested


@receiver(document_ingested, sender=Document, dispatch_uid="mandates-follow-documents")
def follow_document(sender: type[Document], document: Document, by: Any, **kwargs: Any) -> None:
    from meahub.mandates.services import on_document_ingested

    on_document_ingested(document, by=by)
