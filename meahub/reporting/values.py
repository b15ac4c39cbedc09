"""Answers' values: from what a person typed to what is stored, and back to what a reader sees.

Raw input comes from a web form (strings), the API (JSON) or a spreadsheet cell (str, int,
float, date, bool). ``clean_value`` turns it into the JSON value an ``Answer`` stores, per
question type, or raises ``InvalidAnswer`` with a sentence the person can act on:

- text, long text: the stripped string;
- whole number: an int; decimal number: the Decimal as a string ("1200.5"), so JSON keeps it
  exact; both accept thousands separators ("1,200", "1 200") but not a decimal comma;
- date: "YYYY-MM-DD"; yes or no: "yes" or "no";
- one choice: the choice's name; several choices: the names, in the list's order;
  "other" when the question offers it (its text is stored apart, in ``Answer.other_text``);
- table: ``{row name: {column name: cell}}``, empty cells left out.

``display_value`` shows a stored value to a reader, ``python_value`` hands it to
``expressions`` (Decimal for numbers, list for several choices, str otherwise). Nothing here
queries the database except ``choices_of``, which reads prefetched choices when there are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import nullcontext
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from meahub.reporting.enums import QuestionType
from meahub.reporting.models import Question, translated

OTHER = "other"
TEXT_MAX = 2_000
LONG_TEXT_MAX = 100_000
# Beyond this, numbers lose digits in browsers (JavaScript doubles), and no figure a country
# reports comes near it.
NUMBER_LIMIT = Decimal(10) ** 15

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:[, \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YES = frozenset({"yes", "true", "1", "oui", "sí", "si"})
_NO = frozenset({"no", "false", "0", "non"})


class InvalidAnswer(ValueError):
    """Input that cannot be an answer to the question; ``message`` says what to give instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_empty(value: Any) -> bool:
    """Whether a stored (or raw) value holds no answer: None, blank text, or a list or table
    with nothing in it. False and 0 are answers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_empty(item) for item in value.values())
    if isinstance(value, list | tuple):
        return all(is_empty(item) for item in value)
    return False


def choices_of(question: Question) -> list[tuple[str, dict[str, str]]]:
    """The question's choices as (name, labels by language), in the list's order.

    Reads ``question.choice_list.choices.all()``, so callers that prefetch
    ``choice_list__choices`` pay no query per question.
    """
    choice_list = question.choice_list if question.choice_list_id is not None else None
    if choice_list is None:
        return []
    choices = sorted(choice_list.choices.all(), key=lambda c: (c.position, c.pk or 0))
    return [(c.name, c.label if isinstance(c.label, dict) else {}) for c in choices]


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(raw: Any, limit: int) -> str:
    if isinstance(raw, list | dict):
        raise InvalidAnswer(_("Write a text."))
    if isinstance(raw, dt.date):
        raw = raw.isoformat()
    elif isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if len(text) > limit:
        raise InvalidAnswer(
            _("Write at most %(limit)s characters; this text has %(length)s.")
            % {"limit": f"{limit:,}", "length": f"{len(text):,}"}
        )
    return text


def _number(raw: Any, *, whole: bool) -> Decimal:
    """The number in ``raw``, refusing booleans, exponents and a decimal comma."""
    example = _("Give a whole number, e.g. 1200.") if whole else _("Give a number, e.g. 3.5.")
    if isinstance(raw, bool):
        raise InvalidAnswer(example)
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    elif isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-")  # A typographic minus, from word processors.
        if _PLAIN_NUMBER.fullmatch(text):
            number = Decimal(text)
        elif _GROUPED_NUMBER.fullmatch(text):
            number = Decimal(re.sub(r"[, \u00a0\u202f\u2009]", "", text))
        elif _DECIMAL_COMMA.fullmatch(text):
            raise InvalidAnswer(
                _("Use a point for decimals: write %(point)s, not %(comma)s.")
                % {"point": text.replace(",", "."), "comma": text}
            )
        else:
            raise InvalidAnswer(example)
    else:
        raise InvalidAnswer(example)
    if not number.is_finite():
        raise InvalidAnswer(example)
    if abs(number) >= NUMBER_LIMIT:
        raise InvalidAnswer(_("This number is too large."))
    if whole and number != number.to_integral_value():
        raise InvalidAnswer(_("Give a whole number, without decimals."))
    return number


def _check_range(question: Question, number: Decimal) -> None:
    low = None if question.min_value is None else Decimal(str(question.min_value))
    high = None if question.max_value is None else Decimal(str(question.max_value))
    if (low is None or number >= low) and (high is None or number <= high):
        return
    unit = f" {question.unit}" if question.unit else ""
    if low is not None and high is not None:
        message = _("Give a number between %(min)s and %(max)s.")
    elif low is not None:
        message = _("Give a number of at least %(min)s.")
    else:
        message = _("Give a number of at most %(max)s.")
    bounds = {
        "min": _plain(low) + ("" if high is not None else unit) if low is not None else "",
        "max": _plain(high) + unit if high is not None else "",
    }
    raise InvalidAnswer(message % bounds)


def _date(raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = raw.strip() if isinstance(raw, str) else ""
    if not _ISO_DATE.fullmatch(text):
        raise InvalidAnswer(_("Give a date as YYYY-MM-DD, e.g. 2024-03-31."))
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidAnswer(_("There is no such date: %(date)s.") % {"date": text}) from None


def _yes_no(raw: Any) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    word = _plain(Decimal(raw)) if isinstance(raw, int | float) else str(raw).strip().casefold()
    if word in _YES:
        return "yes"
    if word in _NO:
        return "no"
    raise InvalidAnswer(_("Answer yes or no."))


def _match(text: str, choices: list[tuple[str, dict[str, str]]], has_other: bool) -> str | None:
    """The name of the choice ``text`` names: by name, else by name or label in any language,
    ignoring case (spreadsheets hold labels)."""
    for name, _labels in choices:
        if name == text:
            return name
    folded = text.casefold()
    for name, labels in choices:
        if folded == name.casefold() or any(
            folded == str(label).strip().casefold() for label in labels.values()
        ):
            return name
    if has_other and folded in (OTHER, _("Other").casefold()):
        return OTHER
    return None


def _choice_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise InvalidAnswer(_("Choose one of the choices."))
    return str(raw).strip()


def _unknown(texts: list[str]) -> InvalidAnswer:
    if len(texts) == 1:
        return InvalidAnswer(_("'%(value)s' is not one of the choices.") % {"value": texts[0]})
    listed = ", ".join(f"'{text}'" for text in texts)
    return InvalidAnswer(_("%(values)s are not among the choices.") % {"values": listed})


def _single_choice(question: Question, raw: Any, other_text: str) -> str:
    text = _choice_text(raw)
    name = _match(text, choices_of(question), question.has_other)
    if name is None:
        raise _unknown([text])
    if name == OTHER and question.has_other and not other_text.strip():
        raise InvalidAnswer(_("Say what 'other' is."))
    return name


def _multiple_choice(question: Question, raw: Any, other_text: str) -> list[str] | None:
    choices = choices_of(question)
    if isinstance(raw, list | tuple):
        texts = [text for item in raw if (text := _choice_text(item))]
    else:
        # "a b c" as XLSForm stores it, or "Habitat loss; Poaching" as a spreadsheet holds it.
        texts = []
        for part in re.split(r"[;,\n]", _choice_text(raw)):
            if _match(part.strip(), choices, question.has_other) is not None:
                texts.append(part.strip())
            else:
                texts.extend(part.split())
    chosen = {text: _match(text, choices, question.has_other) for text in texts}
    unknown = [text for text, name in chosen.items() if name is None]
    if unknown:
        raise _unknown(unknown)
    names = set(chosen.values())
    if OTHER in names and question.has_other and not other_text.strip():
        raise InvalidAnswer(_("Say what 'other' is."))
    ordered = [name for name, _labels in choices if name in names]
    if OTHER in names and OTHER not in ordered:
        ordered.append(OTHER)
    return ordered or None


def table_parts(entries: Any) -> list[tuple[str, str, str]]:
    """Table rows or columns as (name, label, type), from names or {name, label, type}."""
    parts = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            name = str(entry.get("name", ""))
            label = entry.get("label")
            text = translated(label) if isinstance(label, dict) else str(label or "")
            parts.append((name, text or name, str(entry.get("type") or "text")))
        else:
            parts.append((str(entry), str(entry), "text"))
    return parts


def _cell(kind: str, raw: Any) -> str | int:
    if kind == "integer":
        return int(_number(raw, whole=True))
    if kind == "decimal":
        return _plain(_number(raw, whole=False))
    return _text(raw, TEXT_MAX)


def _table(question: Question, raw: Any) -> dict[str, dict[str, Any]] | None:
    if not isinstance(raw, dict):
        raise InvalidAnswer(_("Give the table as rows of cells."))
    rows, columns = table_parts(question.table_rows), table_parts(question.table_columns)
    for row in raw:
        if row not in {name for name, _label, _kind in rows}:
            raise InvalidAnswer(_("The table has no row '%(row)s'.") % {"row": row})
    table: dict[str, dict[str, Any]] = {}
    for row, row_label, _kind in rows:
        cells = raw.get(row)
        if is_empty(cells):
            continue
        if not isinstance(cells, dict):
            raise InvalidAnswer(_("Give the cells of row '%(row)s' by column.") % {"row": row})
        for column in cells:
            if column not in {name for name, _label, _kind in columns}:
                raise InvalidAnswer(_("The table has no column '%(column)s'.") % {"column": column})
        cleaned: dict[str, Any] = {}
        for column, column_label, kind in columns:
            if is_empty(cells.get(column)):
                continue
            try:
                cleaned[column] = _cell(kind, cells[column])
            except InvalidAnswer as error:
                where = {"row": row_label, "column": column_label, "message": error.message}
                raise InvalidAnswer(_("%(row)s, %(column)s: %(message)s") % where) from None
        if cleaned:
            table[row] = cleaned
    return table or None


def clean_value(question: Question, raw: Any, *, other_text: str = "") -> Any:
    """The JSON value to store for ``raw`` as an answer to ``question``, None when empty.

    Raises InvalidAnswer, whose message says what to give instead. A file is not cleaned here
    (it is uploaded), and calculated values and notes are not answered by hand.
    """
    kind = question.type
    if kind in (QuestionType.CALCULATED, QuestionType.NOTE):
        raise InvalidAnswer(_("This question is not answered by hand."))
    if kind == QuestionType.FILE:
        if raw is None or raw == "":
            return None
        raise InvalidAnswer(_("Upload a file for this question."))
    if is_empty(raw):
        return None
    if kind in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        text = _text(raw, TEXT_MAX if kind == QuestionType.TEXT else LONG_TEXT_MAX)
        return text or None
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        number = _number(raw, whole=kind == QuestionType.INTEGER)
        _check_range(question, number)
        return int(number) if kind == QuestionType.INTEGER else _plain(number)
    if kind == QuestionType.DATE:
        return _date(raw)
    if kind == QuestionType.YES_NO:
        return _yes_no(raw)
    if kind == QuestionType.SINGLE_CHOICE:
        return _single_choice(question, raw, other_text)
    if kind == QuestionType.MULTIPLE_CHOICE:
        return _multiple_choice(question, raw, other_text)
    if kind == QuestionType.TABLE:
        return _table(question, raw)
    raise InvalidAnswer(_("This question cannot be answered."))


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _label(name: str, choices: list[tuple[str, dict[str, str]]], other_text: str) -> str:
    for choice, labels in choices:
        if choice == name:
            return translated(labels) or name
    if name == OTHER:
        return f"{_('Other')}: {other_text}" if other_text else _("Other")
    return name


def _display(question: Question, value: Any, other_text: str) -> str:
    kind = question.type
    number = _as_decimal(value)
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.CALCULATED) and (
        number is not None
    ):
        shown = number_format(number, force_grouping=True)
        return f"{shown} {question.unit}" if question.unit else shown
    if kind == QuestionType.YES_NO and value in ("yes", "no"):
        return _("Yes") if value == "yes" else _("No")
    if kind == QuestionType.SINGLE_CHOICE:
        return _label(str(value), choices_of(question), other_text)
    if kind == QuestionType.MULTIPLE_CHOICE:
        names = value if isinstance(value, list) else str(value).split()
        choices = choices_of(question)
        return "; ".join(_label(str(name), choices, other_text) for name in names)
    if kind == QuestionType.TABLE and isinstance(value, dict):
        rows = {name: label for name, label, _kind in table_parts(question.table_rows)}
        columns = {name: label for name, label, _kind in table_parts(question.table_columns)}
        return "; ".join(
            f"{rows.get(row, row)}: "
            + ", ".join(f"{columns.get(column, column)}={cell}" for column, cell in cells.items())
            for row, cells in value.items()
            if isinstance(cells, dict)
        )
    return str(value)


def display_value(
    question: Question, value: Any, language: str | None = None, *, other_text: str = ""
) -> str:
    """A stored value as a reader sees it, in ``language`` (the active one by default):
    choice labels, "Yes"/"No", numbers grouped with their unit, tables as
    "row: column=value, ...; row: ...". Empty values show as ""."""
    if is_empty(value) or question.type == QuestionType.NOTE:
        return ""
    with translation.override(language) if language else nullcontext():
        return _display(question, value, other_text)


def python_value(question: Question, value: Any) -> Any:
    """A stored value as ``expressions`` takes it: a Decimal for a number, a list of names for
    several choices, None when empty, a str otherwise (a table as its JSON text)."""
    if is_empty(value):
        return None
    kind = question.type
    if kind in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return _as_decimal(value)
    if kind == QuestionType.CALCULATED:
        number = _as_decimal(value)
        return str(value) if number is None else number
    if kind == QuestionType.MULTIPLE_CHOICE:
        return [str(name) for name in value] if isinstance(value, list) else str(value).split()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)
