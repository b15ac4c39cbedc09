"""A report filled in offline: the workbook of ``meahub.reporting.workbook`` comes back.

``import_workbook`` reads every row first and collects every problem, each naming its cell
("Report!H12: give a whole number, e.g. 1200 (you wrote 'many')."); if there is any, nothing
is written. Otherwise, in one transaction, it saves each answer the person changed through
``answers.save_answer`` (attributed to them in the edit log) and adds the items they filled
in on ``new-N`` rows. A row whose answer is as it was downloaded is left alone, so an answer
someone else gave online since is kept; an answer changed both offline and online since the
download is a conflict, named by its cell, and the upload is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from meahub.permissions.reporting import can_edit_report
from meahub.reporting import selectors, values
from meahub.reporting import workbook as wb
from meahub.reporting import workbook_layout as layout
from meahub.reporting.enums import EDITABLE_STATES, QuestionType
from meahub.reporting.models import Answer, NationalReport, Question
from meahub.reporting.services.answers import add_repeat_item, save_answer


@dataclass(frozen=True)
class CellError:
    """A refused cell ("Report!H12"), or the whole file when ``cell`` is ""."""

    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else self.message


@dataclass(frozen=True)
class AnswerChange:
    cell: str
    question: Question
    item_label: str
    before: str
    after: str


@dataclass
class UploadResult:
    """What an upload did: the answers it changed and items it added, or why it was refused
    (then nothing was written)."""

    errors: list[CellError] = field(default_factory=list)
    changes: list[AnswerChange] = field(default_factory=list)
    unchanged: int = 0
    items_added: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> int:
        return len(self.changes)


@dataclass
class _Edit:
    """A changed answer: what the workbook says, with the cells it came from."""

    place: layout.Place
    cell: str
    value: Any = None
    other: str = ""
    cells: dict[tuple[str, str], Any] = field(default_factory=dict)  # a table's changed cells


class _Refused(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _ref(column: int, row: int) -> str:
    return f"{wb.REPORT_SHEET}!{get_column_letter(column)}{row}"


def _shown(raw: Any) -> str:
    text = layout.as_text(raw) if not isinstance(raw, str) else raw.strip()
    return text if len(text) <= 60 else text[:57] + "..."


def _message(text: str) -> str:
    """A sentence to follow "Report!H12: ", without its full stop."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _refused(cell: str, message: str, raw: Any) -> CellError:
    return CellError(cell, _("%(problem)s (you wrote '%(raw)s').")
                     % {"problem": _message(message), "raw": _shown(raw)})  # fmt: skip


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- reading the file ---------------------------------------------------------------------------


def _open(data: bytes, filename: str) -> Any:
    """The workbook in ``data``; raises _Refused naming what is wrong with the file."""
    limit = settings.MEAHUB_MAX_UPLOAD_BYTES
    if PurePath(filename).suffix.lower() != ".xlsx":
        raise _Refused([CellError("", _(
            "%(name)s is not an Excel workbook (.xlsx). Save the workbook as .xlsx and upload "
            "it again.") % {"name": filename})])  # fmt: skip
    if len(data) > limit:
        raise _Refused([CellError("", _(
            "%(name)s is larger than %(limit)s, the most a workbook may be."
        ) % {"name": filename, "limit": filesizeformat(limit)})])  # fmt: skip
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    # openpyxl reads untrusted zip and XML: any failure means the file is not a workbook.
    except Exception:
        raise _Refused([CellError("", _(
            "%(name)s cannot be read as an Excel workbook (.xlsx); download the workbook again."
        ) % {"name": filename})]) from None  # fmt: skip


def _check_meta(book: Any, report: NationalReport) -> dt.datetime:
    """When the workbook was downloaded; refuses a workbook of another report or format."""
    if wb.REPORT_SHEET not in book.sheetnames:
        raise _Refused([CellError("", _(
            "The sheet '%(sheet)s' is missing; download the workbook again."
        ) % {"sheet": wb.REPORT_SHEET})])  # fmt: skip
    meta: dict[str, Any] = {}
    if wb.META_SHEET in book.sheetnames:
        for name, value, *_rest in book[wb.META_SHEET].iter_rows(max_col=2, values_only=True):
            if name:
                meta[str(name)] = value
    try:
        downloaded = dt.datetime.fromisoformat(str(meta["downloaded_at"]))
        report_id, format_id = int(meta["report"]), int(meta["format"])
        version = int(meta["format_version"])
    except (KeyError, TypeError, ValueError):
        raise _Refused([CellError("", _(
            "The hidden sheet '%(sheet)s' that names the report is missing or changed; "
            "download the workbook again and copy your answers into it."
        ) % {"sheet": wb.META_SHEET})]) from None  # fmt: skip
    if report_id != report.pk:
        raise _Refused([CellError("", _(
            "This workbook belongs to another report. Download the workbook of this report "
            "(%(country)s, %(cycle)s) and copy your answers into it."
        ) % {"country": report.country.name, "cycle": report.cycle})])  # fmt: skip
    report_format = report.cycle.format
    if format_id != report_format.pk or version != report_format.version:
        raise _Refused([CellError("", _(
            "This workbook was made for version %(old)s of the report format; the report now "
            "uses version %(new)s. Download the workbook again."
        ) % {"old": version, "new": report_format.version})])  # fmt: skip
    return downloaded if timezone.is_aware(downloaded) else timezone.make_aware(downloaded, dt.UTC)


def _original(raw: Any) -> Any:
    try:
        return json.loads(str(raw)) if raw is not None else None
    except ValueError:
        return None


def _read_locked(place: layout.Place, row: int, answer: Any, original: Any) -> CellError | None:
    """A calculated, note or file row must come back as it went out."""
    if layout.as_text(answer) == (original if isinstance(original, str) else ""):
        return None
    cell = _ref(wb.ANSWER, row)
    number = place.question.number or place.question.name
    if place.question.type == QuestionType.CALCULATED:
        message = _("%(number)s is calculated from other answers; leave this cell as it was")
    elif place.question.type == QuestionType.FILE:
        message = _("%(number)s takes a file: attach it on the report page and leave this cell")
    else:
        message = _("%(number)s is a note; leave this cell empty")
    return _refused(cell, message % {"number": number}, answer)


def _read_table_cell(place: layout.Place, row: int, answer: Any) -> Any:
    assert place.cell is not None
    if _blank(answer):
        return None
    line, column = place.cell
    try:
        table = values.clean_value(place.question, {line: {column: answer}})
    except values.InvalidAnswer as error:
        # The cell names the table's row and column already.
        message = error.message.removeprefix(f"{place.cell_label}: ")
        raise _Refused([_refused(_ref(wb.ANSWER, row), message, answer)]) from None
    return (table or {}).get(line, {}).get(column)


def _read_answer(place: layout.Place, row: int, answer: Any, other: str) -> Any:
    question = place.question
    raw = answer
    if question.type == QuestionType.MULTIPLE_CHOICE and isinstance(raw, str):
        raw = [part.strip() for part in raw.replace("\n", ";").split(";") if part.strip()]
    try:
        # A placeholder 'other' text: a missing one is reported on its own cell below.
        value = values.clean_value(question, raw, other_text=other or "-")
    except values.InvalidAnswer as error:
        raise _Refused([_refused(_ref(wb.ANSWER, row), error.message, answer)]) from None
    chose_other = value == values.OTHER or (isinstance(value, list) and values.OTHER in value)
    if chose_other and question.has_other and not other:
        raise _Refused([CellError(_ref(wb.OTHER, row), _("Say what 'other' is."))])
    if other and not (question.has_other and chose_other):
        message = (
            _("you chose no 'Other' in %(cell)s; leave this cell empty or choose 'Other'")
            % {"cell": _ref(wb.ANSWER, row)}
            if question.has_other
            else _("this question has no 'other' answer; leave this cell empty")
        )
        raise _Refused([_refused(_ref(wb.OTHER, row), message, other)])
    return value


def read_edits(book: Any, places: dict[str, layout.Place], errors: list[CellError]) -> list[_Edit]:
    """The answers the workbook changes, in sheet order; problems go to ``errors``."""
    sheet = book[wb.REPORT_SHEET]
    edits: dict[tuple[int, str], _Edit] = {}
    seen: dict[str, int] = {}
    for row, cells in enumerate(
        sheet.iter_rows(min_row=2, max_col=wb.ORIGINAL, values_only=True), start=2
    ):
        cells = tuple(cells) + (None,) * (wb.ORIGINAL - len(cells))
        key = str(cells[wb.KEY - 1]).strip() if cells[wb.KEY - 1] is not None else ""
        answer, other_raw = cells[wb.ANSWER - 1], cells[wb.OTHER - 1]
        other = "" if _blank(other_raw) else layout.as_text(other_raw)
        if not key:
            if not _blank(answer) or other:
                errors.append(CellError(_ref(wb.KEY, row), _(
                    "this row has no question key; write answers only in the rows of the "
                    "workbook as downloaded.")))  # fmt: skip
            continue
        place = places.get(key)
        if place is None:
            errors.append(CellError(_ref(wb.KEY, row), _(
                "unknown question key '%(key)s'; keys must not change. Download the workbook "
                "again and copy your answers into it.") % {"key": key}))  # fmt: skip
            continue
        if key in seen:
            errors.append(CellError(_ref(wb.KEY, row), _(
                "the key '%(key)s' is also in row %(row)s; each row appears once."
            ) % {"key": key, "row": seen[key]}))  # fmt: skip
            continue
        seen[key] = row
        original = _original(cells[wb.ORIGINAL - 1])
        try:
            if not place.fillable:
                problem = _read_locked(place, row, answer, original)
                if problem:
                    errors.append(problem)
                continue
            old_value, old_other = (
                original if isinstance(original, list) and len(original) == 2 else (None, "")
            )
            if place.cell is not None:
                value = _read_table_cell(place, row, answer)
                if value == old_value:
                    continue
                edit = edits.setdefault(
                    (place.question.pk, place.item), _Edit(place, _ref(wb.ANSWER, row))
                )
                edit.cells[place.cell] = value
                continue
            value = _read_answer(place, row, answer, other)
            kept_other = other if (value == values.OTHER or (
                isinstance(value, list) and values.OTHER in value)) else ""  # fmt: skip
            if (value, kept_other) == (old_value, old_other or ""):
                continue
            edits[(place.question.pk, place.item)] = _Edit(
                place, _ref(wb.ANSWER, row), value=value, other=kept_other
            )
        except _Refused as refused:
            errors.extend(refused.errors)
    return list(edits.values())


# --- writing ------------------------------------------------------------------------------------


def _new_value(edit: _Edit, current: Answer | None) -> Any:
    if edit.place.cell is None:
        return edit.value
    base = current.value if current is not None and isinstance(current.value, dict) else {}
    table = {row: dict(cells) for row, cells in base.items() if isinstance(cells, dict)}
    for (row, column), value in edit.cells.items():
        if value is None:
            table.get(row, {}).pop(column, None)
        else:
            table.setdefault(row, {})[column] = value
    return {row: cells for row, cells in table.items() if cells} or None


def _conflict(edit: _Edit, current: Answer, downloaded: dt.datetime) -> CellError:
    who = current.updated_by
    name = (who.get_full_name() or who.get_username()) if who is not None else _("someone")
    now = values.display_value(edit.place.question, current.value, other_text=current.other_text)
    return CellError(edit.cell, _(
        "%(who)s changed this answer online on %(when)s, after this workbook was downloaded "
        "(%(downloaded)s); it now reads '%(now)s'. Download the workbook again, or change "
        "this answer on the report page."
    ) % {"who": name, "when": current.updated_at.strftime("%Y-%m-%d %H:%M"),
         "downloaded": downloaded.strftime("%Y-%m-%d %H:%M"), "now": now})  # fmt: skip


def _change(edit: _Edit, item_label: str, before: Any, answer: Answer) -> AnswerChange:
    question = edit.place.question
    return AnswerChange(
        cell=edit.cell,
        question=question,
        item_label=item_label,
        before=values.display_value(question, before),
        after=values.display_value(question, answer.value, other_text=answer.other_text),
    )


def _write(
    report: NationalReport,
    edits: list[_Edit],
    *,
    downloaded: dt.datetime,
    answer_places: int,
    by: Any,
) -> UploadResult:
    locked = NationalReport.objects.select_for_update().get(pk=report.pk)
    if locked.state not in EDITABLE_STATES:
        raise _Refused([CellError("", _(
            "The report has been submitted: it is read-only until the Secretariat returns it."
        ))])  # fmt: skip
    answers = selectors.report_answers(locked)
    result = UploadResult()
    planned: list[tuple[_Edit, Any, Answer | None]] = []
    conflicts: list[CellError] = []
    new_items: dict[tuple[int, str], list[_Edit]] = defaultdict(list)
    for edit in edits:
        place = edit.place
        if place.is_new:
            assert place.repeated is not None
            if not values.is_empty(_new_value(edit, None)):
                new_items[(place.repeated.pk, place.item)].append(edit)
            continue
        current = answers.get((place.question.pk, place.item))
        value = _new_value(edit, current)
        before = (current.value, current.other_text) if current is not None else (None, "")
        if (value, edit.other) == before or (values.is_empty(value) and current is None):
            continue
        if current is not None and current.updated_at > downloaded:
            conflicts.append(_conflict(edit, current, downloaded))
            continue
        planned.append((edit, value, current))
    if conflicts:
        raise _Refused(conflicts)
    for edit, value, current in planned:
        saved = _save(locked, edit, edit.place.item, value, by)
        result.changes.append(
            _change(edit, edit.place.item_label, current.value if current else None, saved)
        )
    result.unchanged = answer_places - len(planned)
    for item_edits in new_items.values():  # in the order of the sheet
        repeated = item_edits[0].place.repeated
        assert repeated is not None
        item = add_repeat_item(report=locked, section=repeated, by=by)
        result.items_added += 1
        label = dict(selectors.section_items(locked, repeated)).get(item, item)
        for edit in item_edits:
            saved = _save(locked, edit, item, _new_value(edit, None), by)
            result.changes.append(_change(edit, label, None, saved))
    return result


def _save(report: NationalReport, edit: _Edit, item: str, value: Any, by: Any) -> Answer:
    try:
        return save_answer(
            report=report, question=edit.place.question, raw=value, item=item,
            other_text=edit.other, by=by, expected_version=None,
        )  # fmt: skip
    except ValidationError as error:
        raise _Refused([CellError(edit.cell, " ".join(error.messages))]) from None


def import_workbook(*, report: NationalReport, data: bytes, filename: str, by: Any) -> UploadResult:
    """Save the answers of a workbook filled in offline (see the module doc). Refuses, naming
    each cell and writing nothing: a file that is not .xlsx or too large, a workbook without
    the sheet "Report", of another report or format version, with unknown keys, values of the
    wrong type or out of range, or answers changed online since the download. Refuses a
    submitted report; raises PermissionDenied for someone who may not edit the report."""
    if report.state not in EDITABLE_STATES:
        return UploadResult(errors=[CellError("", _(
            "The report has been submitted: it is read-only until the Secretariat returns it."
        ))])  # fmt: skip
    if not can_edit_report(by, report):
        raise PermissionDenied
    try:
        book = _open(data, filename)
        downloaded = _check_meta(book, report)
    except _Refused as refused:
        return UploadResult(errors=refused.errors)
    tree = selectors.format_tree(report.cycle.format)
    places = {place.key: place for place in layout.workbook_places(report, tree)}
    errors: list[CellError] = []
    edits = read_edits(book, places, errors)
    if errors:
        return UploadResult(errors=errors)
    answer_places = {
        (place.question.pk, place.item)
        for place in places.values()
        if place.fillable and not place.is_new
    }
    try:
        with transaction.atomic():
            return _write(
                report, edits, downloaded=downloaded, answer_places=len(answer_places), by=by
            )
    except _Refused as refused:
        return UploadResult(errors=refused.errors)
