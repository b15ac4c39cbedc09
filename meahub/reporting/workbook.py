"""A country's report as an Excel workbook to fill in offline (read side: nothing is written).

The sheet "Report" has one row per answer place: a question, for an item of its repeated
section, and for a table one row per cell (``workbook_layout``). Column A holds the row's key,
which the upload (``services.offline.import_workbook``) reads back; blank "new item" rows let
the country add items to freely repeated sections.

A hidden column keeps each row's value as downloaded, so the upload changes only what the
person changed; the hidden sheet "meahub" names the report, the format (id and version) and
when the workbook was downloaded, so a workbook of another report or format is refused and an
answer changed online since is reported rather than overwritten. The sheet is protected
(without a password) so that keys and rows stay as they are; only answer cells are open.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from meahub.reporting import selectors, values
from meahub.reporting.enums import QuestionType
from meahub.reporting.models import NationalReport, translated
from meahub.reporting.workbook_layout import (
    Place,
    as_text,
    bound,
    cell_value,
    expected_text,
    original_value,
    range_text,
    workbook_places,
)

REPORT_SHEET = "Report"
README_SHEET = "Read me"
META_SHEET = "meahub"
LISTS_SHEET = "Lists"
LAYOUT = "1"

# Columns of the "Report" sheet (1-based), the same for every workbook.
KEY, NUMBER, SECTION, ITEM, QUESTION, HELP, EXPECTED, ANSWER, OTHER, ORIGINAL = range(1, 11)
WIDTHS = {KEY: 24, NUMBER: 7, SECTION: 24, ITEM: 18, QUESTION: 48, HELP: 36, EXPECTED: 34,
          ANSWER: 40, OTHER: 24, ORIGINAL: 10}  # fmt: skip
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
_ANSWER_FILL = PatternFill("solid", fgColor="FFFBE6")
_NEW_FILL = PatternFill("solid", fgColor="EAF5EA")
_KEY_FONT = Font(color="808080", size=9)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _validation(sheet: Worksheet, cache: dict[Any, DataValidation], rule: Any, **kw: Any) -> Any:
    if rule not in cache:
        kw.setdefault("allow_blank", True)
        kw.setdefault("showErrorMessage", True)
        kw.setdefault("errorTitle", _("Not accepted"))
        validation = DataValidation(**kw)
        sheet.add_data_validation(validation)
        cache[rule] = validation
    return cache[rule]


def _list_range(lists: Worksheet, column: int, labels: list[str]) -> str:
    for row, label in enumerate(labels, start=1):
        lists.cell(row=row, column=column, value=label).data_type = "s"
    letter = get_column_letter(column)
    return f"{LISTS_SHEET}!${letter}$1:${letter}${max(len(labels), 1)}"


def _add_validation(
    sheet: Worksheet, lists: Worksheet, cache: dict[Any, DataValidation], place: Place, ref: str
) -> None:
    question = place.question
    kind = place.kind
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        whole = kind == QuestionType.INTEGER
        low = question.min_value if not place.cell else None
        high = question.max_value if not place.cell else None
        limit = values.NUMBER_LIMIT - 1
        low_text = bound(low) if low is not None else bound(-limit)
        high_text = bound(high) if high is not None else bound(limit)
        message = (_("Give a whole number") if whole else _("Give a number")) + (
            f" ({range_text(question)})" if low is not None or high is not None else ""
        )
        rule: tuple[Any, ...] = ("number", whole, low_text, high_text)
        validation = _validation(
            sheet, cache, rule, type="whole" if whole else "decimal", operator="between",
            formula1=low_text, formula2=high_text, error=message,
        )  # fmt: skip
    elif kind == QuestionType.YES_NO:
        if "yes_no" not in cache:
            formula = _list_range(lists, 1, [_("Yes"), _("No")])
            _validation(sheet, cache, "yes_no", type="list", formula1=formula,
                        error=_("Choose Yes or No."))  # fmt: skip
        validation = cache["yes_no"]
    elif kind == QuestionType.SINGLE_CHOICE and question.choice_list_id:
        rule = ("choices", question.choice_list_id, question.has_other)
        if rule not in cache:
            labels = [translated(labels) or name for name, labels in values.choices_of(question)]
            if question.has_other:
                labels.append(_("Other"))
            formula = _list_range(lists, 2 + len(cache), labels)
            _validation(sheet, cache, rule, type="list", formula1=formula,
                        error=_("Choose one of the choices in the list."))  # fmt: skip
        validation = cache[rule]
    else:
        return
    validation.add(ref)


def _write_readme(book: Workbook, report: NationalReport, downloaded: dt.datetime) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = README_SHEET
    text = render_to_string(
        "reporting/workbook_readme.txt", {"report": report, "downloaded": downloaded}
    )
    for row, line in enumerate(text.strip().splitlines(), start=1):
        heading = line.startswith("# ")
        cell = sheet.cell(row=row, column=1, value=line.removeprefix("# ").strip())
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading:
            cell.font = Font(bold=True, size=12)
    sheet.column_dimensions["A"].width = 110


def _write_meta(
    book: Workbook, report: NationalReport, downloaded: dt.datetime, **extra: Any
) -> None:
    sheet = book.create_sheet(META_SHEET)
    rows = {
        "report": report.pk,
        "format": report.cycle.format_id,
        "format_version": report.cycle.format.version,
        "country": report.country.code,
        "cycle": f"{report.cycle.instrument.code} {report.cycle.name}",
        "downloaded_at": downloaded.isoformat(),
        "layout": LAYOUT,
        **extra,
    }
    for row, (name, value) in enumerate(rows.items(), start=1):
        sheet.cell(row=row, column=1, value=name)
        sheet.cell(row=row, column=2, value=value)
    sheet.sheet_state = "hidden"


def _header(sheet: Worksheet) -> None:
    headers = {KEY: _("Key (do not change)"), NUMBER: _("No."), SECTION: _("Section"),
               ITEM: _("Item"), QUESTION: _("Question"), HELP: _("Help"),
               EXPECTED: _("What to write"), ANSWER: _("Answer"), OTHER: _("Other (specify)"),
               ORIGINAL: "original"}  # fmt: skip
    for column, text in headers.items():
        cell = sheet.cell(row=1, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column]
    sheet.column_dimensions[get_column_letter(ORIGINAL)].hidden = True
    sheet.freeze_panes = "A2"


def _set(sheet: Worksheet, row: int, column: int, value: Any, *, text: bool = False) -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    if text and isinstance(value, str):
        cell.data_type = "s"  # never a formula, even when it starts with "="
    return cell


def report_workbook(report: NationalReport, *, prefilled: bool, language: str = "en") -> bytes:
    """The report as an XLSX workbook to fill in offline and upload back: "Read me", "Report"
    (one row per answer place, see the module doc), a hidden "meahub" sheet naming the report
    and format. ``prefilled``: with the report's current answers; otherwise answer cells are
    empty. Labels, help and choices in ``language``. Writes nothing."""
    with translation.override(language):
        return _build(report, prefilled=prefilled, language=language)


def _build(report: NationalReport, *, prefilled: bool, language: str) -> bytes:
    downloaded = timezone.now()
    tree = selectors.format_tree(report.cycle.format)
    places = workbook_places(report, tree)
    answers = selectors.report_answers(report)
    numbers = {p.question.name: p.question.number or p.question.name for p in places}
    book = Workbook()
    _write_readme(book, report, downloaded)
    sheet = book.create_sheet(REPORT_SHEET)
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    _write_meta(book, report, downloaded, prefilled=int(prefilled), language=language)
    _header(sheet)
    cache: dict[Any, DataValidation] = {}
    for row, place in enumerate(places, start=2):
        question = place.question
        answer = None if place.is_new else answers.get((question.pk, place.item))
        value, other = original_value(place, answer)
        shown = cell_value(place, value, language)
        label = translated(question.label, language)
        if place.cell:
            label = f"{label}: {place.cell_label}"
        _set(sheet, row, KEY, place.key, text=True).font = _KEY_FONT
        _set(sheet, row, NUMBER, question.number, text=True)
        _set(sheet, row, SECTION, str(place.section), text=True)
        _set(sheet, row, ITEM, place.item_label, text=True)
        _set(sheet, row, QUESTION, label, text=True)
        _set(sheet, row, HELP, translated(question.help, language), text=True)
        _set(sheet, row, EXPECTED, expected_text(place, numbers, language), text=True)
        if place.fillable:
            original = json.dumps([value, other] if prefilled else [None, ""])
        else:
            original = json.dumps(as_text(shown))
        _set(sheet, row, ORIGINAL, original, text=True)
        for column in (QUESTION, HELP, EXPECTED):
            sheet.cell(row=row, column=column).alignment = _WRAP
        answer_cell = _set(sheet, row, ANSWER, shown if prefilled or not place.fillable else None,
                           text=True)  # fmt: skip
        other_cell = _set(sheet, row, OTHER, other if prefilled and other else None, text=True)
        answer_cell.alignment = _WRAP
        if not place.fillable:
            for column in range(KEY, ORIGINAL):
                sheet.cell(row=row, column=column).fill = _LOCKED_FILL
            continue
        fill = _NEW_FILL if place.is_new else _ANSWER_FILL
        for column in (ITEM, ANSWER):
            sheet.cell(row=row, column=column).fill = fill
        answer_cell.protection = Protection(locked=False)
        kind = place.kind
        if kind == QuestionType.DATE:
            answer_cell.number_format = "yyyy-mm-dd"
        elif kind not in (QuestionType.INTEGER, QuestionType.DECIMAL):
            answer_cell.number_format = "@"
        if question.has_other:
            other_cell.fill = fill
            other_cell.protection = Protection(locked=False)
            other_cell.number_format = "@"
        _add_validation(sheet, lists, cache, place, answer_cell.coordinate)
    # Protected without a password: keys and rows stay put, answer cells stay open.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    # Open on the sheet to fill in; only it selected, or Excel would group both sheets and
    # write what is typed into each.
    book.active = book.index(sheet)
    for other in book.worksheets:
        other.sheet_view.tabSelected = other is sheet
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_filename(report: NationalReport, *, prefilled: bool) -> str:
    cycle = report.cycle
    stem = f"{cycle.instrument.code}-{cycle.name}-{report.country.code}-report"
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem)
    return f"{stem}{'-prefilled' if prefilled else ''}.xlsx"
