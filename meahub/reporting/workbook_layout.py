"""Where each answer of a report goes in its offline workbook, and how values look there.

Shared by the workbook builder (``meahub.reporting.workbook``) and the upload
(``services.offline``), so that both agree on every row's key:

- ``name`` for a question asked once, ``name[item]`` inside a repeated section;
- ``name[row/column]`` (or ``name[item][row/column]``) for a cell of a table;
- ``name[new-1]``, ``name[new-2]``... for the blank rows of items the country may add to a
  freely repeated section (protected areas): a filled ``new-N`` row adds an item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from meahub.reporting import selectors, values
from meahub.reporting.enums import ANSWERABLE_TYPES, QuestionType, RepeatSource
from meahub.reporting.models import Answer, NationalReport, Question, Section, translated

# Blank items offered at the end of each freely repeated section.
NEW_ITEMS = 3
NEW_PREFIX = "new-"
_REFERENCE = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True)
class Place:
    """One row of the sheet: where one answer (or one cell of a table answer) goes."""

    key: str
    question: Question
    section: Section
    repeated: Section | None  # the repeated section the item belongs to
    item: str  # "" when not repeated; "new-1"... for an item still to add
    item_label: str
    cell: tuple[str, str] | None = None  # (row name, column name) of a table
    cell_label: str = ""
    cell_kind: str = ""  # the table column's type: text, integer or decimal

    @property
    def kind(self) -> str:
        """The type of what goes in the cell: the question's, or the table column's."""
        return self.cell_kind or self.question.type

    @property
    def is_new(self) -> bool:
        return self.item.startswith(NEW_PREFIX)

    @property
    def fillable(self) -> bool:
        """A person writes this row's answer in the workbook (not calculated, a note, a file)."""
        return self.question.type in ANSWERABLE_TYPES and self.question.type != QuestionType.FILE


def place_key(name: str, item: str = "", cell: tuple[str, str] | None = None) -> str:
    key = name + (f"[{item}]" if item else "")
    return key + (f"[{cell[0]}/{cell[1]}]" if cell else "")


def workbook_places(report: NationalReport, tree: list[selectors.SectionNode]) -> list[Place]:
    """Every row of the report's sheet in reading order: each section's questions, a repeated
    section item by item (with ``NEW_ITEMS`` blank items when the country adds its own)."""
    places: list[Place] = []

    def emit(node: selectors.SectionNode, repeated: Section | None, item: str, label: str) -> None:
        for question in node.questions:
            places.extend(_question_places(question, node.section, repeated, item, label))
        for child in node.children:
            visit(child, repeated, item, label)

    def visit(node: selectors.SectionNode, repeated: Section | None, item: str, label: str) -> None:
        section = node.section
        if not section.repeat_source:
            emit(node, repeated, item, label)
            return
        items = selectors.section_items(report, section)
        if section.repeat_source == RepeatSource.FREE:
            items += [
                (f"{NEW_PREFIX}{n}", _("New item %(n)s (fill in to add)") % {"n": n})
                for n in range(1, NEW_ITEMS + 1)
            ]
        for key, item_label in items:
            emit(node, section, key, item_label)

    for root in tree:
        visit(root, None, "", "")
    return places


def _question_places(
    question: Question, section: Section, repeated: Section | None, item: str, label: str
) -> Iterator[Place]:
    place = Place(
        key=place_key(question.name, item), question=question, section=section,
        repeated=repeated, item=item, item_label=label,
    )  # fmt: skip
    if question.type != QuestionType.TABLE:
        yield place
        return
    columns = values.table_parts(question.table_columns)
    for row, row_label, _kind in values.table_parts(question.table_rows):
        for column, column_label, kind in columns:
            yield replace(
                place,
                key=place_key(question.name, item, (row, column)),
                cell=(row, column),
                cell_label=f"{row_label}, {column_label}",
                cell_kind=kind if kind in ("integer", "decimal") else "text",
            )


def original_value(place: Place, answer: Answer | None) -> tuple[Any, str]:
    """The stored value (a table: the cell) and 'other' text of a place, as downloaded."""
    if answer is None:
        return None, ""
    if place.cell is None:
        return answer.value, answer.other_text
    table = answer.value if isinstance(answer.value, dict) else {}
    cells = table.get(place.cell[0])
    return (cells.get(place.cell[1]) if isinstance(cells, dict) else None), ""


def as_text(value: Any) -> str:
    """A cell's value as text to compare what was downloaded with what comes back."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value).strip()
    return format(number.normalize(), "f") if number.is_finite() else str(value).strip()


def _number(value: Any) -> Decimal | str:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def _choice_label(question: Question, name: str, language: str) -> str:
    if name == values.OTHER and question.has_other:
        return _("Other")
    for choice, labels in values.choices_of(question):
        if choice == name:
            return translated(labels, language) or choice
    return name


def cell_value(place: Place, value: Any, language: str) -> Any:
    """What the answer cell shows for a stored value: numbers as numbers, dates as dates,
    choices by their labels (several: separated by "; "), yes/no as Yes/No."""
    if values.is_empty(value):
        return None
    kind = place.kind
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.CALCULATED):
        return _number(value)
    if kind == QuestionType.DATE:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if kind == QuestionType.YES_NO:
        return _("Yes") if value == "yes" else _("No") if value == "no" else str(value)
    if kind == QuestionType.SINGLE_CHOICE:
        return _choice_label(place.question, str(value), language)
    if kind == QuestionType.MULTIPLE_CHOICE:
        names = value if isinstance(value, list) else str(value).split()
        return "; ".join(_choice_label(place.question, str(n), language) for n in names)
    return str(value)


def bound(number: Any) -> str:
    return format(Decimal(str(number)).normalize(), "f")


def range_text(question: Question) -> str:
    low, high = question.min_value, question.max_value
    if low is not None and high is not None:
        return _("from %(min)s to %(max)s") % {"min": bound(low), "max": bound(high)}
    if low is not None:
        return _("at least %(min)s") % {"min": bound(low)}
    if high is not None:
        return _("at most %(max)s") % {"max": bound(high)}
    return ""


def expected_text(place: Place, numbers: dict[str, str], language: str) -> str:
    """The "What to write" column: type, unit, range, choices, required, condition."""
    question = place.question
    kind = place.kind
    parts: list[str] = []
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        parts.append(_("Whole number") if kind == QuestionType.INTEGER else _("Number"))
    elif kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        parts.append(_("Text") if kind == QuestionType.TEXT else _("Text (as long as needed)"))
    elif kind == QuestionType.CALCULATED:
        parts.append(_("Calculated from other answers: do not fill in"))
    elif kind == QuestionType.NOTE:
        parts.append(_("Note: nothing to fill in"))
    elif kind == QuestionType.FILE:
        parts.append(_("File: attach it on the report page"))
    elif kind == QuestionType.DATE:
        parts.append(_("Date (YYYY-MM-DD)"))
    elif kind == QuestionType.YES_NO:
        parts.append(_("Yes or No"))
    elif kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        labels = [translated(labels, language) or name for name, labels in
                  values.choices_of(question)]  # fmt: skip
        if question.has_other:
            labels.append(_("Other") + " " + _("(say what in the next column)"))
        intro = (
            _("One of")
            if kind == QuestionType.SINGLE_CHOICE
            else _("One or more of (separate them with ;)")
        )
        parts.append(f"{intro}: " + "; ".join(labels))
    else:
        parts.append(str(QuestionType(kind).label))
    if not place.cell and kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        if question.unit:
            parts.append(question.unit)
        if range_text(question):
            parts.append(range_text(question))
    if question.required and place.fillable:
        parts.append(_("required"))
    if question.relevant:
        condition = _REFERENCE.sub(lambda m: numbers.get(m.group(1), m.group(1)), question.relevant)
        parts.append(_("only if %(condition)s") % {"condition": condition})
    return "; ".join(parts)
