"""XLSForm workbooks for the import tests, and a count of every format row (to show that a
refused import wrote nothing)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from meahub.reporting.models import Choice, ChoiceList, Question, ReportFormat, Section


def make_xlsx(
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] | None = None,
    *,
    survey_title: str = "survey",
) -> bytes:
    """A workbook from rows (the first row of each sheet is its header)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = survey_title
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def format_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (ReportFormat, Section, Question, ChoiceList, Choice)
    }


def shape(report_format: ReportFormat) -> dict[str, Any]:
    """A format as plain data: sections, questions, choice lists, without ids."""
    sections = [
        (
            s.name, s.parent.name if s.parent else None, s.number, s.title, s.help, s.relevant,
            s.repeat_source, s.repeat_choices.name if s.repeat_choices else None, s.lineage,
        )
        for s in Section.objects.filter(format=report_format).order_by("position")
    ]  # fmt: skip
    questions = [
        (
            q.section.name, q.name, q.number, q.type, q.label, q.help, q.required, q.relevant,
            q.calculation, q.unit, q.min_value, q.max_value,
            q.choice_list.name if q.choice_list else None, q.has_other, q.table_rows,
            q.table_columns, q.lineage,
        )
        for q in Question.objects.filter(format=report_format).order_by(
            "section__position", "position"
        )
    ]  # fmt: skip
    lists = {
        c.name: [(choice.name, choice.label) for choice in c.choices.order_by("position")]
        for c in ChoiceList.objects.filter(format=report_format)
    }
    return {"sections": sections, "questions": questions, "lists": lists}
