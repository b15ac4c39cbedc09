"""Uploads from the browser (and the API): files are checked, stored with an ``IngestBatch``,
and handed to the task worker (``tasks.ingest_batch``), which ingests them one by one.

A batch's life: queued (stored, task enqueued) → running → done, or failed when the task
itself broke (a file that cannot be read is *refused* inside a done batch, with its reason).
What can be told without reading a file (its type by suffix, its size) is refused here, at
once, before anything is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from meahub.documents.extraction import SUFFIXES
from meahub.documents.models import IngestBatch, IngestFile
from meahub.documents.services import max_document_bytes
from meahub.instruments.models import Instrument
from meahub.meetings.models import Meeting
from meahub.permissions.documents import can_ingest_documents


def upload_problems(files: Sequence[UploadedFile]) -> list[str]:
    """One message per file that cannot be ingested whatever it holds: an unsupported type
    or over the size limit. Each message names the file."""
    limit = max_document_bytes()
    problems = []
    for upload in files:
        name = upload.name or "?"
        suffix = PurePath(name).suffix.lower()
        if suffix not in SUFFIXES:
            problems.append(
                _('%(name)s: unsupported file type "%(suffix)s" (use .txt, .md, .pdf or .docx).')
                % {"name": name, "suffix": suffix or _("(none)")}
            )
        elif (upload.size or 0) > limit:
            problems.append(
                _("%(name)s: the file is %(size)s bytes, over the limit of %(limit)s bytes.")
                % {"name": name, "size": f"{upload.size:,}", "limit": f"{limit:,}"}
            )
    return problems


def start_upload_batch(
    *,
    by: Any,
    files: Sequence[UploadedFile],
    instrument: Instrument | None = None,
    meeting: Meeting | None = None,
    symbol: str = "",
    publish: bool = False,
) -> IngestBatch:
    """Store uploaded files as a batch and enqueue their ingest once the batch is committed.

    Refuses (PermissionDenied) someone who may not add documents of ``instrument``; refuses
    (ValidationError, nothing stored) no files, a ``symbol`` given with more than one file,
    and any file of an unsupported type or over ``MEAHUB_MAX_DOCUMENT_BYTES``, naming each.
    The task id is saved on the batch when the task is enqueued.
    """
    served = instrument or (meeting.instrument if meeting else None)
    if not can_ingest_documents(by, served):
        raise PermissionDenied
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    symbol = " ".join(symbol.split())
    if symbol and len(files) > 1:
        raise ValidationError(
            {"symbol": _("A symbol can only be given when one file is uploaded.")}
        )
    problems = upload_problems(files)
    if problems:
        raise ValidationError({"files": problems})
    stored: list[str] = []
    try:
        with transaction.atomic():
            batch = IngestBatch(
                created_by=by, instrument=instrument, meeting=meeting, publish=publish
            )
            batch.full_clean()
            batch.save()
            for upload in files:
                name = PurePath(upload.name or "document").name
                item = IngestFile(batch=batch, name=name[:255], symbol=symbol[:200])
                safe_name = get_valid_filename(name) or "document"
                item.upload.save(f"{batch.pk}-{safe_name}"[:200], upload, save=False)
                stored.append(item.upload.name)
                item.save()
            transaction.on_commit(partial(_enqueue, batch.pk))
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return batch


def _enqueue(batch_id: int) -> None:
    from meahub.documents.tasks import ingest_batch

    result = ingest_batch.enqueue(batch_id)
    IngestBatch.objects.filter(pk=batch_id).update(task_id=str(result.id)[:64])
