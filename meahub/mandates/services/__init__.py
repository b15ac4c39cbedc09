"""Writes to mandates: created and carried over on ingest, then tracked by staff.

The lifecycle of a mandate:

1. **Ingest** (``sync_mandates``): each action verb (``enums.ACTION_VERBS``) of an operative
   paragraph of a held resolution or decision, and each actor it addresses, gives one mandate
   (key: paragraph, verb position, actor), *not started*, with what ``rules.read_mandate``
   reads in the text: the action, standing or time-bound, the deadline, the body to report
   to, and a *proposed* reporting obligation when countries are asked to report. A second
   ingest finds the same rows; a changed text updates what the text says (action, timing,
   deadline...) and never what staff track (status, owner, notes, evidence); a mandate whose
   verb or actor left the text is *retired*, with a note, never deleted.
2. **Carry-over** (``carry_over_into``): when a revised version is held beside the version it
   supersedes (whichever arrived first), the paragraphs are aligned and each new mandate is
   linked to the mandate it carries on (same actor, or the same office under another name,
   on the aligned paragraph; the same verb preferred). The earlier one becomes *superseded*
   and keeps its evidence; the new one takes its owner and an open status (see
   ``inherited_status``: a mandate done before is asked again, so it is open again). A new
   mandate with no predecessor, and an open earlier one with no successor, go on the review
   list, once: what a person settled (its history shows it left the list) stays settled.
3. **Tracking** by staff: status (not started, in progress, done, ongoing; superseded and
   retired are set by the two steps above or by settling a review), owner, notes, evidence,
   decisions on evidence suggestions and on proposed reporting obligations, and settling the
   review list (``settle_review``).

Every write checks permissions (``meahub.permissions.mandates``), validates the rows and is
attributed to ``by`` (``None``: the console, e.g. ``meahub ingest``). Steps 1 and 2 run inside
the ingest transaction the person was allowed to make.
"""

from __future__ import annotations

from typing import Any

from meahub.documents.models import Document
from meahub.mandates.services.ingest import (
    TEXT_FIELDS,
    MeetingFinder,
    adopted_on,
    issuing_body,
    sync_mandates,
)
from meahub.mandates.services.revisions import (
    CarryOver,
    carry_over,
    carry_over_into,
    inherited_status,
)
from meahub.mandates.services.tracking import (
    MANDATE_FIELDS,
    OBLIGATION_FIELDS,
    add_evidence,
    decide_obligation,
    decide_suggestion,
    remove_evidence,
    settle_review,
    update_mandate,
)

__all__ = [
    "MANDATE_FIELDS",
    "OBLIGATION_FIELDS",
    "TEXT_FIELDS",
    "CarryOver",
    "MeetingFinder",
    "add_evidence",
    "adopted_on",
    "carry_over",
    "carry_over_into",
    "decide_obligation",
    "decide_suggestion",
    "inherited_status",
    "issuing_body",
    "on_document_ingested",
    "remove_evidence",
    "settle_review",
    "sync_mandates",
    "update_mandate",
]


def on_document_ingested(document: Document, *, by: Any) -> None:
    """Called inside the ingest transaction (``documents.signals.document_ingested``): the
    document's mandates, their carry-over, and evidence suggestions for a progress report."""
    from meahub.mandates.suggestions import suggest_for_report

    sync_mandates(document, by=by)
    carry_over_into(document, by=by)
    suggest_for_report(document)
