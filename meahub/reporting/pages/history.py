"""The edit log of a report: every change of its answers (who, when, old → new) and of its
state, for the country and the Secretariat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from meahub.core.history import user_label
from meahub.reporting import values
from meahub.reporting.enums import ReportState
from meahub.reporting.models import Answer, NationalReport, Question

HISTORY_PAGE_SIZE = 100

# --- the edit log ------------------------------------------------------------------------------


@dataclass
class LogEntry:
    """One change to the report: an answer (old → new) or the report's state."""

    when: dt.datetime
    who: str
    what: str
    item: str
    old: str
    new: str
    reason: str


def report_history(report: NationalReport, *, page: int | str | None = 1) -> Page[LogEntry]:
    """Every change of the report's answers (who, when, old → new) and of its state, newest
    first, a page at a time (a fixed number of queries per page)."""
    answer_rows = list(
        Answer.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in={row.question_id for row in answer_rows})
        .select_related("choice_list")
        .prefetch_related("choice_list__choices")
    }
    entries: list[LogEntry] = []
    previous: dict[int, Any] = {}
    for row in answer_rows:
        question = questions.get(row.question_id)
        before = previous.get(row.id)
        previous[row.id] = row
        if question is None:
            continue
        old = (
            values.display_value(question, before.value, other_text=before.other_text)
            if before is not None
            else ""
        )
        new = (
            ""
            if row.history_type == "-"
            else values.display_value(question, row.value, other_text=row.other_text)
        )
        if before is not None and old == new and row.history_type == "~":
            continue
        entries.append(
            LogEntry(
                when=row.history_date,
                who=user_label(row.history_user),
                what=str(question),
                item=row.item,
                old=old,
                new=new,
                reason=row.history_change_reason or "",
            )
        )
    state_before = None
    for row in (
        NationalReport.history.filter(id=report.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        if row.state != state_before:
            entries.append(
                LogEntry(
                    when=row.history_date,
                    who=user_label(row.history_user),
                    what=str(_("Report state")),
                    item="",
                    old=str(ReportState(state_before).label) if state_before else "",
                    new=str(ReportState(row.state).label),
                    reason=row.history_change_reason or "",
                )
            )
        state_before = row.state
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return Paginator(entries, HISTORY_PAGE_SIZE).get_page(page)
