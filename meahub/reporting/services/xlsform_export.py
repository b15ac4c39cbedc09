"""A report format as an XLSForm workbook (survey, choices, settings) that pyxform converts
without error, in every language of the format, with the ``meahub::`` columns (printed
numbers, units, lineage, tables, what a group is repeated for) so that importing the file
again gives the same format.

How our types are written: long text is ``text`` with appearance ``multiline``; yes/no is a
``select_one`` of a yes/no list; a table is a ``text`` question with ``meahub::type`` table
and its rows and columns as lists on the choices sheet, where the column ``meahub_type``
gives a table column's type (pyxform chokes on a ``::`` column on that sheet); a calculated
value is ``calculate``; a range is the constraint ``. >= a and . <= b``.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pycountry
from openpyxl.styles import Font

from meahub.reporting.enums import QuestionType, RepeatSource
from meahub.reporting.models import ChoiceList, Question, ReportFormat, Section
from meahub.reporting.selectors import SectionNode, format_tree

SURVEY_COLUMNS = [
    "type", "name", "label", "hint", "required", "relevant", "constraint", "calculation",
    "appearance", "meahub::number", "meahub::unit", "meahub::type", "meahub::rows",
    "meahub::columns", "meahub::repeat_over", "meahub::lineage",
]  # fmt: skip
YES_NO_LABELS = {
    "yes": {"en": "Yes", "fr": "Oui", "es": "Sí"},
    "no": {"en": "No", "fr": "Non", "es": "No"},
}
SIMPLE = {
    QuestionType.TEXT: "text",
    QuestionType.LONG_TEXT: "text",
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.DATE: "date",
    QuestionType.FILE: "file",
    QuestionType.NOTE: "note",
    QuestionType.CALCULATED: "calculate",
    QuestionType.TABLE: "text",
}


def language_header(code: str) -> str:
    """``fr`` → ``French (fr)``, as XLSForm names a language."""
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or pycountry.languages.get(alpha_3=code)
    return f"{language.name if language else code} ({code})"


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _constraint(question: Question) -> str:
    parts = []
    if question.min_value is not None:
        parts.append(f". >= {_number(question.min_value)}")
    if question.max_value is not None:
        parts.append(f". <= {_number(question.max_value)}")
    return " and ".join(parts)


class _Book:
    """Rows of the three sheets, and the lists written so far (names kept unique)."""

    def __init__(self, report_format: ReportFormat, languages: list[str]) -> None:
        self.format, self.languages = report_format, languages
        self.survey: list[dict[str, str]] = []
        self.choices: list[dict[str, str]] = []
        self.list_names = set(
            ChoiceList.objects.filter(format=report_format).values_list("name", flat=True)
        )
        self.yes_no = ""

    def texts(self, base: str, texts: dict[str, str], *, fallback: str = "") -> dict[str, str]:
        """One column per language of the format; ``fallback`` where none has a text."""
        found = {
            f"{base}::{language_header(code)}": texts[code]
            for code in self.languages
            if texts.get(code)
        }
        if not found and fallback:
            found[f"{base}::{language_header(self.languages[0])}"] = fallback
        return found

    def new_list(self, wanted: str, items: list[tuple[str, dict[str, str], str]]) -> str:
        name, n = wanted[:64], 1
        while name in self.list_names:
            n += 1
            name = f"{wanted[:60]}_{n}"
        self.list_names.add(name)
        for item_name, label, column_type in items:
            row = {
                "list_name": name,
                "name": item_name,
                **self.texts("label", label, fallback=item_name),
            }
            if column_type:
                row["meahub_type"] = column_type
            self.choices.append(row)
        return name

    def yes_no_list(self) -> str:
        if not self.yes_no:
            self.yes_no = self.new_list(
                "yes_no",
                [
                    (key, {code: labels.get(code, labels["en"]) for code in self.languages}, "")
                    for key, labels in YES_NO_LABELS.items()
                ],
            )
        return self.yes_no

    def section(self, node: SectionNode) -> None:
        section: Section = node.section
        repeated = bool(section.repeat_source)
        kind = "repeat" if repeated else "group"
        row = {
            "type": f"begin_{kind}",
            "name": section.name,
            **self.texts("label", section.title, fallback=section.name),
            **self.texts("hint", section.help),
            "relevant": section.relevant,
            "meahub::number": section.number,
            "meahub::lineage": section.lineage,
        }
        if section.repeat_source == RepeatSource.SPECIES:
            row["meahub::repeat_over"] = "species"
        elif section.repeat_source == RepeatSource.CHOICES and section.repeat_choices:
            row["meahub::repeat_over"] = f"choices:{section.repeat_choices.name}"
        self.survey.append(row)
        children: list[Any] = [*node.questions, *node.children]
        children.sort(key=lambda c: c.position if isinstance(c, Question) else c.section.position)
        for child in children:
            if isinstance(child, Question):
                self.question(child)
            else:
                self.section(child)
        self.survey.append({"type": f"end_{kind}"})

    def question(self, question: Question) -> None:
        row = {
            "name": question.name,
            **self.texts("label", question.label, fallback=question.name),
            **self.texts("hint", question.help),
            "relevant": question.relevant,
            "meahub::number": question.number,
            "meahub::lineage": question.lineage,
        }
        kind = question.type
        if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            select = "select_one" if kind == QuestionType.SINGLE_CHOICE else "select_multiple"
            list_name = question.choice_list.name if question.choice_list else ""
            row["type"] = f"{select} {list_name}" + (" or_other" if question.has_other else "")
        elif kind == QuestionType.YES_NO:
            row["type"] = f"select_one {self.yes_no_list()}"
        else:
            row["type"] = SIMPLE[QuestionType(kind)]
        if kind == QuestionType.LONG_TEXT:
            row["appearance"] = "multiline"
        if kind == QuestionType.CALCULATED:
            row["calculation"] = question.calculation
        elif kind != QuestionType.NOTE and question.required:
            row["required"] = "yes"
        if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
            row["constraint"] = _constraint(question)
            row["meahub::unit"] = question.unit
        if kind == QuestionType.TABLE:
            row["meahub::type"] = "table"
            row["meahub::rows"] = self.table_list(question, "rows", question.table_rows)
            row["meahub::columns"] = self.table_list(question, "columns", question.table_columns)
        self.survey.append(row)

    def table_list(self, question: Question, part: str, entries: list[Any]) -> str:
        items = []
        for entry in entries:
            if not isinstance(entry, dict):
                entry = {"name": str(entry)}
            label = entry.get("label")
            label = label if isinstance(label, dict) else {self.languages[0]: str(label or "")}
            column_type = str(entry.get("type") or "text") if part == "columns" else ""
            items.append((str(entry["name"]), label, column_type))
        return self.new_list(f"{question.name}_{part}", items)


def _form_id(report_format: ReportFormat) -> str:
    name = re.sub(r"[^A-Za-z0-9_]+", "_", report_format.title).strip("_").lower() or "form"
    return name if not name[0].isdigit() else f"form_{name}"


def _write_sheet(book: Any, title: str, headers: list[str], rows: list[dict[str, str]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(header, "") or None for header in headers])


def _headers(
    base: list[str], rows: list[dict[str, str]], languages: list[str], always: set[str]
) -> list[str]:
    """The columns some row fills, in ``base`` order, a label or hint column per language."""
    used = {key for row in rows for key, value in row.items() if value}
    headers = []
    for column in base:
        if column in ("label", "hint"):
            headers += [
                key
                for code in languages
                if (key := f"{column}::{language_header(code)}") in used or column == "label"
            ]
        elif column in used or column in always:
            headers.append(column)
    return headers


def export_xlsform(report_format: ReportFormat) -> bytes:
    """The format as an .xlsx XLSForm (see the module docstring)."""
    languages = list(report_format.languages or []) or ["en"]
    book = _Book(report_format, languages)
    for choice_list in ChoiceList.objects.filter(format=report_format).prefetch_related("choices"):
        book.choices.extend(
            {
                "list_name": choice_list.name,
                "name": choice.name,
                **book.texts("label", choice.label, fallback=choice.name),
            }
            for choice in choice_list.choices.all()
        )
    for node in format_tree(report_format):
        book.section(node)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    survey_headers = _headers(SURVEY_COLUMNS, book.survey, languages, {"type", "name"})
    _write_sheet(workbook, "survey", survey_headers, book.survey)
    choice_columns = ["list_name", "name", "label", "meahub_type"]
    choice_headers = _headers(choice_columns, book.choices, languages, {"list_name", "name"})
    _write_sheet(workbook, "choices", choice_headers, book.choices)
    settings = {
        "form_title": report_format.title,
        "form_id": _form_id(report_format),
        "version": str(report_format.version),
        "default_language": language_header(languages[0]),
    }
    _write_sheet(workbook, "settings", list(settings), [settings])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
