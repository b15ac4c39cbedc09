"""A country's national report as a document: DOCX (python-docx) and PDF (WeasyPrint).

Both show the country, the cycle, the format, where the report stands and when it was
submitted (and "submitted by the Secretariat on the country's behalf" when so), then every
section and question in the format's order with its answer as a reader sees it: repeated
sections item by item, tables as tables, files by name. Questions a condition leaves out are
left out. Everything is in the language asked for (the active one by default).
"""

from __future__ import annotations

import io
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from meahub.core.pdf import PdfUnavailable, html_to_pdf
from meahub.reporting import expressions, selectors, values
from meahub.reporting.enums import QuestionType, ReportState
from meahub.reporting.models import Answer, NationalReport, Question, translated

__all__ = ["PdfUnavailable", "report_contents", "report_docx", "report_pdf"]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class ExportTable:
    columns: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass
class ExportQuestion:
    number: str
    label: str
    answer: str  # as a reader sees it; "" when not answered (or a table)
    table: ExportTable | None = None  # a table question's answer, when there is one
    is_note: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.answer) or self.table is not None


@dataclass
class ExportBlock:
    """A section, or an item of a repeated section, with the questions shown under it."""

    level: int
    title: str
    questions: list[ExportQuestion] = field(default_factory=list)
    note: str = ""


@dataclass
class ReportContents:
    report: NationalReport
    title: str
    facts: list[tuple[str, str]]
    on_behalf: str
    blocks: list[ExportBlock]


def _cell(value: Any, kind: str) -> str:
    if values.is_empty(value):
        return ""
    if kind in ("integer", "decimal"):
        try:
            return number_format(value, force_grouping=True)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _question(question: Question, answer: Answer | None) -> ExportQuestion:
    entry = ExportQuestion(
        number=question.number,
        label=translated(question.label),
        answer="",
        is_note=question.type == QuestionType.NOTE,
    )
    if answer is None or entry.is_note:
        return entry
    if question.type == QuestionType.TABLE:
        if values.is_empty(answer.value) or not isinstance(answer.value, dict):
            return entry
        table = answer.value
        columns = values.table_parts(question.table_columns)
        entry.table = ExportTable(
            columns=[label for _name, label, _kind in columns],
            rows=[
                (label, [_cell((table.get(row) or {}).get(col), kind) for col, _l, kind in columns])
                for row, label, _kind in values.table_parts(question.table_rows)
            ],
        )
    elif question.type == QuestionType.FILE:
        entry.answer = PurePath(answer.file.name).name if answer.file else str(answer.value or "")
    else:
        entry.answer = values.display_value(question, answer.value, other_text=answer.other_text)
    return entry


def _facts(report: NationalReport) -> tuple[list[tuple[str, str]], str]:
    cycle = report.cycle
    facts = [
        (_("Country"), report.country.name),
        (_("Instrument"), cycle.instrument.full_name or cycle.instrument.short_name),
        (_("Reporting cycle"), cycle.name),
        (_("Reporting period"), _("%(start)s to %(end)s") % {
            "start": date_format(cycle.period_start, "j F Y"),
            "end": date_format(cycle.period_end, "j F Y")}),
        (_("Report format"), str(cycle.format)),
        (_("Status"), str(ReportState(report.state).label)),
    ]  # fmt: skip
    if report.submitted_at and report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        facts.append((_("Submitted on"), date_format(report.submitted_at, "j F Y")))
    if report.reviewed_at and report.state == ReportState.ACCEPTED:
        facts.append((_("Accepted on"), date_format(report.reviewed_at, "j F Y")))
    on_behalf = (
        _("Submitted by the Secretariat on the country's behalf.")
        if report.submitted_on_behalf and report.submitted_at
        else ""
    )
    return facts, on_behalf


def report_contents(report: NationalReport, language: str | None = None) -> ReportContents:
    """What the exports print, in ``language`` (the active one by default)."""
    with translation.override(language) if language else nullcontext():
        return _contents(report)


def _contents(report: NationalReport) -> ReportContents:
    tree = selectors.format_tree(report.cycle.format)
    questions = [q for root in tree for node in root.walk() for q in node.questions]
    sections = {node.section.pk: node.section for root in tree for node in root.walk()}
    answers = selectors.report_answers(report)
    contexts: dict[str, dict[str, Any]] = {}
    blocks: list[ExportBlock] = []

    def context(item: str) -> dict[str, Any]:
        if item not in contexts:
            contexts[item] = selectors.expression_values(questions, answers, item)
        return contexts[item]

    def visit(node: selectors.SectionNode, item: str, level: int) -> None:
        section = node.section
        if section.relevant and not expressions.is_relevant(section.relevant, context(item)):
            return
        block = ExportBlock(level=level, title=str(section))
        blocks.append(block)
        if not section.repeat_source:
            fill(node, item, level)
            return
        items = selectors.section_items(report, section)
        if not items:
            block.note = _("No items.")
        for key, label in items:
            blocks.append(ExportBlock(level=level + 1, title=label))
            fill(node, key, level + 1)

    def fill(node: selectors.SectionNode, item: str, level: int) -> None:
        target = blocks[-1]
        chain = selectors.section_chain(node.section, sections)
        for question in node.questions:
            if selectors.is_asked(question, chain, context(item)):
                target.questions.append(_question(question, answers.get((question.pk, item))))
        for child in node.children:
            visit(child, item, level + 1)

    for root in tree:
        visit(root, "", 1)
    facts, on_behalf = _facts(report)
    title = _("National report of %(country)s") % {"country": report.country.name}
    return ReportContents(report, title, facts, on_behalf, blocks)


def export_filename(report: NationalReport, extension: str) -> str:
    cycle = report.cycle
    stem = f"{cycle.instrument.code}-{cycle.name}-{report.country.code}-national-report"
    return f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', stem)}.{extension}"


# --- DOCX -------------------------------------------------------------------------------------


def report_docx(report: NationalReport, language: str | None = None) -> bytes:
    """The report as a Word document (see the module doc)."""
    with translation.override(language) if language else nullcontext():
        return _docx(report_contents(report))


def _docx(contents: ReportContents) -> bytes:
    from docx import Document as WordDocument
    from docx.shared import Pt

    document = WordDocument()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(contents.title, level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = document.styles["Table Grid"]
    for label, value in contents.facts:
        cells = facts.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    if contents.on_behalf:
        document.add_paragraph().add_run(contents.on_behalf).italic = True
    for block in contents.blocks:
        document.add_heading(block.title, level=min(block.level, 9))
        if block.note:
            document.add_paragraph().add_run(block.note).italic = True
        for question in block.questions:
            heading = document.add_paragraph()
            heading.add_run(f"{question.number} {question.label}".strip()).bold = not (
                question.is_note
            )
            if question.is_note:
                continue
            if question.table is not None:
                _docx_table(document, question.table)
            elif question.answer:
                document.add_paragraph(question.answer)
            else:
                document.add_paragraph().add_run(_("No answer")).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, table: ExportTable) -> None:
    grid = document.add_table(rows=1, cols=len(table.columns) + 1)
    grid.style = document.styles["Table Grid"]
    for cell, text in zip(grid.rows[0].cells[1:], table.columns, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for label, cells in table.rows:
        row = grid.add_row().cells
        row[0].paragraphs[0].add_run(label).bold = True
        for cell, text in zip(row[1:], cells, strict=True):
            cell.text = text


# --- PDF --------------------------------------------------------------------------------------


def report_pdf(report: NationalReport, language: str | None = None) -> bytes:
    """The report as a PDF from ``reporting/report_print.html``; raises PdfUnavailable with
    what is missing when WeasyPrint (or Pango) cannot run here."""
    with translation.override(language) if language else nullcontext():
        html = render_to_string(
            "reporting/report_print.html",
            {"contents": report_contents(report), "language": translation.get_language()},
        )
    return html_to_pdf(html, stylesheet="reporting/report_print.css")
