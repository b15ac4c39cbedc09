"""Reading an XLSForm: the file checks, the workbook's sheets as rows, and pyxform's own
conversion with its messages turned into {sheet, row, message}."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import PurePath
from typing import Any

import openpyxl
from django.conf import settings as django_settings
from openpyxl.utils.exceptions import InvalidFileException
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from meahub.reporting.services.xlsform_plan import Problem, XLSFormError

SHEETS = ("survey", "choices", "settings")
MAX_EMPTY_ROWS = 60  # as pyxform: after this many empty rows, the sheet has ended
_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_SHEET = re.compile(r"On the '(\w+)' sheet|sheet: '(\w+)'", re.IGNORECASE)
_UNKNOWN_TYPE = re.compile(r"Unknown question type '([^']+)'")
_NAMED = re.compile(r"named '([^']+)'|for the name '([^']+)'")


def check_file(*, filename: str, size: int) -> None:
    """Refuse a file that is not .xlsx or is larger than MEAHUB_MAX_UPLOAD_BYTES."""
    name = PurePath(filename).name or "the file"
    suffix = PurePath(name).suffix.lower()
    if suffix != ".xlsx":
        hint = " (save it as .xlsx: Excel 2007 or later)" if suffix in (".xls", ".csv") else ""
        raise XLSFormError(
            [
                {
                    "sheet": None,
                    "row": None,
                    "message": f"{name}: an XLSForm is read from an .xlsx workbook, not "
                    f"{suffix or 'a file without extension'}{hint}.",
                }
            ]
        )
    limit = django_settings.MEAHUB_MAX_UPLOAD_BYTES
    if size > limit:
        raise XLSFormError(
            [
                {
                    "sheet": None,
                    "row": None,
                    "message": f"{name} is {size / 1e6:.1f} MB; files may be at most "
                    f"{limit / 1e6:.0f} MB.",
                }
            ]
        )


def _text(value: Any) -> str:
    """A cell as pyxform reads it: text stripped, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\xa0", " ").strip()


def clean_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {str(key).strip(): text for key, value in row.items() if key and (text := _text(value))}
        for row in rows
    ]


def _sheet_rows(sheet: Any) -> list[dict[str, str]]:
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, ())
    headers = [" ".join(str(h).split()) if h is not None else "" for h in header_row]
    found: list[dict[str, str]] = []
    empty = 0
    for values in rows:
        row = {h: t for h, v in zip(headers, values, strict=False) if h and (t := _text(v))}
        empty = 0 if row else empty + 1
        if empty > MAX_EMPTY_ROWS:
            break
        found.append(row)
    while found and not found[-1]:
        found.pop()
    return found


def read_workbook(data: bytes, filename: str) -> dict[str, list[dict[str, str]]]:
    """The survey, choices and settings sheets as rows; refuses a file that is not a workbook
    or has no survey sheet."""
    name = PurePath(filename).name
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise XLSFormError(
            [
                {
                    "sheet": None,
                    "row": None,
                    "message": f"{name} is not an .xlsx workbook that can be read ({error}).",
                }
            ]
        ) from error
    try:
        sheets = {title.strip().lower(): book[title] for title in book.sheetnames}
        if "survey" not in sheets:
            found = ", ".join(f"'{t}'" for t in book.sheetnames) or "none"
            raise XLSFormError(
                [
                    {
                        "sheet": "survey",
                        "row": None,
                        "message": f"{name} has no 'survey' sheet (its sheets: {found}); an "
                        "XLSForm lists its questions on a sheet named 'survey'.",
                    }
                ]
            )
        return {sheet: _sheet_rows(sheets[sheet]) if sheet in sheets else [] for sheet in SHEETS}
    finally:
        book.close()


def _row_of(message: str, survey: list[dict[str, str]]) -> int | None:
    """The survey row a pyxform message is about, when it names a type or a name only."""
    typed = _UNKNOWN_TYPE.search(message)
    named = _NAMED.search(message)
    for number, row in enumerate(survey, start=2):
        if typed and " ".join(row.get("type", "").split()) == typed.group(1):
            return number
        if named and row.get("name") == (named.group(1) or named.group(2)):
            return number
    return None


def pyxform_problem(error: Exception, survey: list[dict[str, str]]) -> Problem:
    """pyxform's message as {sheet, row, message}: the row from '[row : N]', the sheet from
    "On the 'x' sheet" (the survey sheet when only a row is given)."""
    message = str(error).strip()
    row_match = _ROW.search(message)
    sheet_match = _SHEET.search(message)
    row = int(row_match.group(1)) if row_match else _row_of(message, survey)
    if sheet_match:
        sheet = sheet_match.group(1) or sheet_match.group(2)
    elif row_match is None and "choices sheet" in message:
        sheet = "choices"
    elif row_match is None and "settings" in message.lower():
        sheet = "settings"
    else:
        sheet = "survey"
    message = _ROW.sub("", message).strip()
    if not isinstance(error, PyXFormError):
        message = f"pyxform could not convert the form: {message}"
    return {"sheet": sheet.lower(), "row": row, "message": message}


def run_pyxform(source: Any, survey: list[dict[str, str]]) -> list[str]:
    """Convert with pyxform (an .xlsx's bytes or a dict of sheets); its warnings, or
    XLSFormError with its error."""
    warnings: list[str] = []
    try:
        if isinstance(source, bytes):
            convert(xlsform=source, warnings=warnings, file_type=".xlsx")
        else:
            convert(xlsform=source, warnings=warnings)
    except Exception as error:  # pyxform raises more than PyXFormError on broken forms
        raise XLSFormError([pyxform_problem(error, survey)]) from error
    return warnings
