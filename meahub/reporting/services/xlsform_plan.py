"""From XLSForm rows to a plan of a report format, without touching the database.

``xlsform_survey.plan_form`` reads the survey, choices and settings rows (already accepted by
pyxform) into a ``Plan``: the sections (groups, repeats), questions, choice lists and settings
the import will make; what it drops (each with sheet, row, feature and reason, never
silently); and the errors that stop the import (sheet, row, message). ``xlsform`` writes the
plan. This module holds the plan's types and reads the settings and choices sheets.

Rows are dicts of column header → cell text, as pyxform reads them; a sheet's row N (counting
the header as row 1) is ``rows[N - 2]``. Languages in headers (``label::French (fr)``) become
codes (``fr``) from the code in parentheses, or from the name through pycountry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pycountry

from meahub.reporting.enums import QuestionType, RepeatSource

Problem = dict[str, Any]  # {"sheet", "row", "message"} or {"sheet", "row", "feature", "reason"}

SIMPLE_TYPES = {
    "text": QuestionType.TEXT,
    "integer": QuestionType.INTEGER,
    "int": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "date": QuestionType.DATE,
    "note": QuestionType.NOTE,
    "calculate": QuestionType.CALCULATED,
    "file": QuestionType.FILE,
    "image": QuestionType.FILE,
    "photo": QuestionType.FILE,
}
SELECT_TYPE = re.compile(
    r"^(select_one|select one|select1|select_multiple|select all that apply)\s+(\S+)"
    r"(\s+or_other)?$",
    re.IGNORECASE,
)
CONTROL_TYPE = re.compile(r"^(begin|end)[ _](group|repeat)$", re.IGNORECASE)
RANGE_PART = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")
_LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")
TRUE_WORDS = {"yes", "true", "true()", "1"}
FALSE_WORDS = {"no", "false", "false()", "0"}
TABLE_COLUMN_TYPES = {"text", "integer", "decimal"}
KEPT_SETTINGS = {"form_title", "form_id", "version", "default_language"}
# Survey columns we read, by their XLSForm name and pyxform's aliases.
SURVEY_ALIASES = {"relevance": "relevant", "calculate": "calculation", "caption": "label"}
TRANSLATED = {"label", "hint"}
MEAHUB_COLUMNS = {"unit", "number", "lineage", "type", "rows", "columns", "repeat_over"}
# Why a column we do not read is dropped, where there is more to say than "not read".
DROPPED_COLUMN_REASONS = {
    "constraint_message": "meahub shows its own message when a value is out of range",
    "required_message": "meahub shows its own message for a missing answer",
    "default": "report questions start unanswered; there are no default answers",
    "read_only": "every question a country answers can be changed until submission",
    "choice_filter": "meahub shows every choice of a list; choices are not filtered",
    "repeat_count": "a country adds the items of a repeated group itself",
    "trigger": "calculated values follow their calculation, not a trigger",
    "parameters": "meahub reads no question parameters",
    "guidance_hint": "meahub shows the hint only",
}


@dataclass
class PlannedChoice:
    name: str
    label: dict[str, str]
    row: int
    column_type: str = "text"


@dataclass
class PlannedList:
    name: str
    row: int
    choices: list[PlannedChoice] = field(default_factory=list)


@dataclass
class PlannedSection:
    name: str
    row: int
    title: dict[str, str]
    help: dict[str, str]
    relevant: str
    number: str
    lineage: str
    position: int
    parent: PlannedSection | None = None
    repeat_source: str = RepeatSource.NONE
    repeat_list: str = ""


@dataclass
class PlannedQuestion:
    name: str
    row: int
    section: PlannedSection
    type: str
    label: dict[str, str]
    help: dict[str, str]
    position: int
    required: bool = False
    relevant: str = ""
    calculation: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    unit: str = ""
    number: str = ""
    lineage: str = ""
    list_name: str = ""
    has_other: bool = False
    table_rows: list[dict[str, Any]] = field(default_factory=list)
    table_columns: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Plan:
    title: str = ""
    form_id: str = ""
    version_text: str = ""
    languages: list[str] = field(default_factory=list)
    sections: list[PlannedSection] = field(default_factory=list)
    questions: list[PlannedQuestion] = field(default_factory=list)
    lists: list[PlannedList] = field(default_factory=list)
    dropped: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def error(self, sheet: str | None, row: int | None, message: str) -> None:
        self.errors.append({"sheet": sheet, "row": row, "message": message})

    def drop(self, sheet: str, row: int | None, feature: str, reason: str) -> None:
        self.dropped.append({"sheet": sheet, "row": row, "feature": feature, "reason": reason})


def cell(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def language_code(name: str) -> str | None:
    """``English (en)`` → ``en``; ``French`` → ``fr`` (pycountry); None if unknown."""
    match = _LANGUAGE_CODE.search(name)
    if match:
        return match.group(1).lower()
    try:
        language = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    return str(getattr(language, "alpha_2", None) or language.alpha_3)


class Columns:
    """The headers of a sheet, split into what we read and what we drop."""

    def __init__(self, plan: Plan, sheet: str, headers: list[str], default_language: str) -> None:
        self.translated: dict[str, list[tuple[str, str]]] = {}  # base → [(header, code)]
        self.plain: dict[str, str] = {}  # our name → header
        self.dropped: list[str] = []
        for header in headers:
            base, _sep, rest = header.partition("::")
            base = SURVEY_ALIASES.get(base.strip().lower(), base.strip().lower())
            if base in TRANSLATED and not (base == "hint" and sheet == "choices"):
                code = language_code(rest) if rest else default_language
                if code is None:
                    plan.error(
                        sheet,
                        1,
                        f"The column '{header}' names the language '{rest}', which is not "
                        f"known; give its code in parentheses, e.g. '{base}::{rest} (xx)'.",
                    )
                    continue
                self.translated.setdefault(base, []).append((header, code))
                if code not in plan.languages:
                    plan.languages.append(code)
            elif sheet == "survey" and base == "meahub" and rest.strip().lower() in MEAHUB_COLUMNS:
                self.plain[f"meahub::{rest.strip().lower()}"] = header
            elif not rest and base in self.known(sheet):
                self.plain[base] = header
            else:
                self.dropped.append(header)

    @staticmethod
    def known(sheet: str) -> set[str]:
        if sheet == "choices":
            return {"list_name", "name", "meahub_type"}
        return {"type", "name", "required", "relevant", "calculation", "constraint", "appearance"}

    def texts(self, row: dict[str, Any], base: str) -> dict[str, str]:
        return {
            code: text
            for header, code in self.translated.get(base, [])
            if (text := cell(row, header))
        }

    def get(self, row: dict[str, Any], name: str) -> str:
        header = self.plain.get(name)
        return cell(row, header) if header else ""


def _default_language(plan: Plan, settings: dict[str, Any]) -> str:
    name = cell(settings, "default_language")
    if not name or name.lower() == "default":
        return "en"
    code = language_code(name)
    if code is None:
        plan.error(
            "settings",
            2,
            f"The default_language '{name}' is not a language we know; "
            "give its code in parentheses, e.g. 'English (en)'.",
        )
        return "en"
    return code


def read_settings(plan: Plan, settings: dict[str, Any]) -> str:
    default = _default_language(plan, settings)
    plan.languages.append(default)
    plan.title = cell(settings, "form_title")
    plan.form_id = cell(settings, "form_id")
    plan.version_text = cell(settings, "version")
    for key, value in settings.items():
        if key not in KEPT_SETTINGS and cell(settings, key):
            plan.drop("settings", 2, key, f"meahub does not use the setting '{key}' ({value}).")
    return default


def read_choices(plan: Plan, choices: list[dict[str, Any]], default: str) -> dict[str, PlannedList]:
    headers = list(dict.fromkeys(key for row in choices for key in row))
    columns = Columns(plan, "choices", headers, default)
    lists: dict[str, PlannedList] = {}
    for header in columns.dropped:
        rows = [n for n, row in enumerate(choices, start=2) if cell(row, header)]
        if rows:
            plan.drop(
                "choices",
                rows[0],
                header,
                f"meahub does not read the column '{header}' "
                f"of the choices sheet ({len(rows)} row(s) from row {rows[0]}).",
            )
    for number, row in enumerate(choices, start=2):
        list_name, name = columns.get(row, "list_name"), columns.get(row, "name")
        if not list_name and not name:
            continue
        planned = lists.setdefault(list_name, PlannedList(name=list_name, row=number))
        column_type = columns.get(row, "meahub_type") or "text"
        if column_type not in TABLE_COLUMN_TYPES:
            plan.error(
                "choices",
                number,
                f"meahub_type '{column_type}' is not a table column "
                f"type; use one of {', '.join(sorted(TABLE_COLUMN_TYPES))}.",
            )
        label = columns.texts(row, "label") or {default: name}
        planned.choices.append(PlannedChoice(name, label, number, column_type))
    return lists


class XLSFormError(Exception):
    """The form cannot be imported; ``errors`` lists each problem as {sheet, row, message}."""

    def __init__(self, errors: list[Problem]) -> None:
        self.errors = errors
        super().__init__("; ".join(describe(e) for e in errors))


def describe(problem: Problem) -> str:
    """'survey, row 3: message' (or less where the sheet or row is not known)."""
    where = ", ".join(
        part
        for part in (
            problem.get("sheet") or "",
            f"row {problem['row']}" if problem.get("row") else "",
        )
        if part
    )
    text = problem.get("message") or f"{problem['feature']}: {problem['reason']}"
    return f"{where}: {text}" if where else str(text)
