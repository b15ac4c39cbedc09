"""Reads for the mandate pages only, on top of ``selectors`` (which the API and the command
line share): the source paragraph with its verb and actor marked, a mandate's change history,
the review list with the earlier mandates each entry may carry on, and a progress report
with who last edited each entry. Each is a fixed number of queries whatever the length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meahub.core.history import ChangeEntry, change_log, merge_newest, user_label
from meahub.documents.models import ParagraphVerb, Supersession
from meahub.documents.selectors import ParagraphEntry, paragraph_entry
from meahub.instruments.models import Instrument
from meahub.mandates import selectors
from meahub.mandates.enums import MandateStatus, ObligationStatus, ReviewReason
from meahub.mandates.models import (
    Evidence,
    Mandate,
    ProgressEntry,
    ProgressReport,
    ReportingObligation,
)
from meahub.mandates.reports import ReportEntry, mandate_reference, report_sections
from meahub.permissions.mandates import (
    can_edit_mandate,
    can_edit_mandates_of,
    mandates_visible_to,
    progress_reports_visible_to,
)
from meahub.permissions.roles import AnyUser

LIST_PAGE_SIZE = 50
HISTORY_LIMIT = 50
# What the public and focal points may not see in a mandate's history.
INTERNAL_FIELDS = ("notes", "owner")


def mandates_listed(
    user: AnyUser, filters: dict[str, Any], *, today: dt.date | None = None
) -> QuerySet[Mandate]:
    """The list page's mandates: ``selectors.mandate_list`` with the form's filters, and
    ``due_next``: only those due at their instrument's next meeting (as the dashboard
    counts them)."""
    options = dict(filters)
    due_next = options.pop("due_next", False)
    today = today or timezone.localdate()
    mandates = selectors.mandate_list(user, today=today, **options)
    if due_next:
        instrument = options.get("instrument")
        meetings = selectors.next_meetings(
            today, [instrument.pk] if instrument is not None else None
        )
        # The dashboard's own rule, so the count and the list agree.
        mandates = mandates.filter(selectors.due_at_next_meeting(meetings))
    return mandates


# --- one mandate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContextParagraph:
    entry: ParagraphEntry
    is_source: bool


@dataclass(frozen=True)
class MandateDetail:
    """The mandate page: ``selectors.mandate_page`` plus the source paragraph and its
    neighbours marked for reading, and the change history."""

    page: selectors.MandatePage
    context: list[ContextParagraph]
    history: list[ChangeEntry]

    @property
    def mandate(self) -> Mandate:
        return self.page.mandate

    @property
    def pending_obligations(self) -> list[ReportingObligation]:
        return [o for o in self.page.obligations if o.status == ObligationStatus.PROPOSED]


def mandate_detail(user: AnyUser, mandate: Mandate) -> MandateDetail:
    page = selectors.mandate_page(user, mandate)
    context: list[ContextParagraph] = []
    if mandate.paragraph is not None:
        own_verb = list(
            ParagraphVerb.objects.filter(
                paragraph=mandate.paragraph_id, verb_index=mandate.verb_index, actor=mandate.actor
            ).select_related("actor")
        )
        document_url = mandate.document.get_absolute_url()
        for paragraph in page.context:
            is_source = paragraph.pk == mandate.paragraph_id
            entry = paragraph_entry(
                mandate.document,
                paragraph,
                only_verbs=own_verb if is_source else [],
                document_url=document_url,
            )
            context.append(ContextParagraph(entry=entry, is_source=is_source))
    return MandateDetail(
        page=page,
        context=context,
        history=mandate_history(mandate, show_internal=page.show_internal),
    )


def mandate_history(
    mandate: Mandate, *, show_internal: bool, limit: int = HISTORY_LIMIT
) -> list[ChangeEntry]:
    """Changes to the mandate, its evidence and its reporting obligation, newest first; for
    readers who may not see them, without the changes of the notes and owner (one query per
    table, plus one per related table named in a change)."""
    excluded = () if show_internal else INTERNAL_FIELDS
    url = mandate.get_absolute_url()
    own = change_log(
        Mandate.history.filter(id=mandate.pk).select_related("history_user"),
        register=_("Mandate"),
        label=lambda r: f"{r.verb} {mandate.actor.name}",
        url=lambda r: url,
        limit=limit,
        excluded_fields=["created_at", *excluded],
    )
    if not show_internal:
        own = [entry for entry in own if entry.action != _("changed") or entry.changes]
    evidence = change_log(
        Evidence.history.filter(mandate_id=mandate.pk).select_related(
            "history_user", "document", "paragraph"
        ),
        register=_("Evidence"),
        label=_evidence_label,
        url=lambda r: url,
        limit=limit,
        excluded_fields=["added_at", "added_by"],
    )
    obligations = change_log(
        ReportingObligation.history.filter(mandate_id=mandate.pk).select_related("history_user"),
        register=_("Reporting obligation"),
        label=lambda r: r.subject,
        url=lambda r: url,
        limit=limit,
        excluded_fields=["decided_at", "decided_by"],
    )
    return merge_newest([own, evidence, obligations], limit)


def _evidence_label(record: Any) -> str:
    document = record.document
    if record.paragraph is not None and document is not None:
        return f"{document.symbol} ¶{record.paragraph.label}"
    if document is not None:
        return str(document.symbol)
    return str(record.url or record.note[:80] or record.get_kind_display())


# --- the review list ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    mandate: Mandate
    can_edit: bool
    candidates: list[Mandate]

    @property
    def needs_predecessor(self) -> bool:
        return self.mandate.review == ReviewReason.NO_PREDECESSOR


def review_items(user: AnyUser, instrument: Instrument | None = None) -> list[ReviewItem]:
    """The review list (``selectors.review_list``), each mandate with the earlier mandates
    it may carry on (those of the versions its resolution supersedes, not retired, the same
    actor first, then the same verb): three queries whatever the length."""
    mandates = list(selectors.review_list(user, instrument))
    new_ones = [m for m in mandates if m.review == ReviewReason.NO_PREDECESSOR]
    older: dict[int, set[int]] = {}
    for link in Supersession.objects.filter(new__in={m.document_id for m in new_ones}):
        older.setdefault(link.new_id, set()).add(link.old_id)
    old_documents = {pk for pks in older.values() for pk in pks}
    by_document: dict[int, list[Mandate]] = {}
    if old_documents:
        candidates = (
            mandates_visible_to(user)
            .filter(document__in=old_documents)
            .exclude(status=MandateStatus.RETIRED)
            .select_related(*selectors.LIST_RELATED)
        )
        for candidate in candidates:
            by_document.setdefault(candidate.document_id, []).append(candidate)
    items = []
    for mandate in mandates:
        found = [
            c for pk in sorted(older.get(mandate.document_id, ())) for c in by_document.get(pk, [])
        ]
        found.sort(key=lambda c: (c.actor_id != mandate.actor_id, c.verb != mandate.verb))
        items.append(
            ReviewItem(mandate=mandate, can_edit=can_edit_mandate(user, mandate), candidates=found)
        )
    return items


# --- progress reports -----------------------------------------------------------------------


def progress_reports(user: AnyUser) -> QuerySet[ProgressReport]:
    """The progress reports the user may see, newest first, with instrument, meeting and
    author loaded."""
    return (
        progress_reports_visible_to(user)
        .select_related("instrument", "meeting", "created_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class PageEntry:
    item: ReportEntry
    edited_by: str
    edited_at: dt.datetime | None

    @property
    def entry(self) -> ProgressEntry:
        return self.item.entry

    @property
    def number(self) -> int:
        return self.item.number

    @property
    def reference(self) -> str:
        return self.item.reference


@dataclass(frozen=True)
class PageSection:
    theme: str
    entries: list[PageEntry]


@dataclass(frozen=True)
class ReportPage:
    report: ProgressReport
    can_edit: bool
    sections: list[PageSection]
    entry_count: int


def report_page(user: AnyUser, report: ProgressReport) -> ReportPage:
    """A progress report by theme, each entry with who last rewrote it (two queries)."""
    edits: dict[int, Any] = {}
    rewritten = ProgressEntry.history.filter(report_id=report.pk, history_type="~")
    for record in rewritten.select_related("history_user").order_by("history_date"):
        edits[record.id] = record
    sections = []
    count = 0
    for section in report_sections(report):
        entries = []
        for item in section.entries:
            record = edits.get(item.entry.pk)
            entries.append(
                PageEntry(
                    item=item,
                    edited_by=user_label(record.history_user) if record is not None else "",
                    edited_at=record.history_date if record is not None else None,
                )
            )
        count += len(entries)
        sections.append(PageSection(theme=section.theme, entries=entries))
    return ReportPage(
        report=report,
        can_edit=can_edit_mandates_of(user, report.instrument),
        sections=sections,
        entry_count=count,
    )


def page_entry(entry: ProgressEntry) -> PageEntry:
    """One entry as the report page shows it (its number in the report, reference and last
    editor), to answer an inline edit with."""
    before = (
        ProgressEntry.objects.filter(report=entry.report_id)
        .filter(Q(position__lt=entry.position) | Q(position=entry.position, pk__lt=entry.pk))
        .count()
    )
    record = (
        ProgressEntry.history.filter(id=entry.pk, history_type="~")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    reference = mandate_reference(entry.mandate) if entry.mandate is not None else ""
    return PageEntry(
        item=ReportEntry(entry=entry, number=before + 1, reference=reference),
        edited_by=user_label(record.history_user) if record is not None else "",
        edited_at=record.history_date if record is not None else None,
    )
