"""Background work on documents, run by the task worker (``meahub db_worker``)."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import task

from meahub.documents.enums import BatchStatus, IngestStatus
from meahub.documents.models import IngestBatch
from meahub.documents.services import ActorTable, ingest_bytes

logger = logging.getLogger(__name__)


@task()
def ingest_batch(batch_id: int) -> None:
    """Ingest the files of an upload batch one by one; each file's outcome is saved as soon
    as it is known, so the batch page shows progress."""
    batch = IngestBatch.objects.select_related("created_by", "instrument", "meeting").get(
        pk=batch_id
    )
    IngestBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    actors = ActorTable.load()
    try:
        for item in batch.files.filter(status=IngestStatus.WAITING):
            with item.upload.open("rb") as handle:
                data = handle.read()
            outcome = ingest_bytes(
                data,
                item.name,
                by=batch.created_by,
                instrument=batch.instrument,
                meeting=batch.meeting,
                symbol=item.symbol or None,
                publish=batch.publish,
                actors=actors,
            )
            item.status = outcome.status
            item.message = outcome.message
            item.document = outcome.document
            upload_name = item.upload.name
            item.upload = ""
            with transaction.atomic():
                item.save(update_fields=["status", "message", "document", "upload"])
            default_storage.delete(upload_name)
    except Exception as error:
        logger.exception("upload batch %s failed", batch_id)
        IngestBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    IngestBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
