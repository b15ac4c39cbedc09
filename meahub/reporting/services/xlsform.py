"""Report formats in and out as XLSForm, the spreadsheet form of ODK and KoboToolbox.

Import: a questionnaire made in KoboToolbox or ODK (or exported by meahub) becomes a draft
report format of an instrument. pyxform converts it first, so the author gets pyxform's own
messages (``xlsform_read``); then ``xlsform_survey`` plans the format (``xlsform_plan``):
groups become sections, repeats repeated sections, XLSForm types ours. What we do not
support is dropped and listed (sheet, row, feature, reason), never silently; anything wrong
stops the import with a list of errors (sheet, row, message) and writes nothing.

Export: ``export_xlsform`` writes a format as an XLSForm that pyxform converts without error,
with our ``meahub::`` columns so that importing it again gives the same format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from meahub.core.audit import attribute
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import can_manage_reporting
from meahub.reporting.enums import FormatStatus, QuestionType
from meahub.reporting.models import (
    Choice,
    ChoiceList,
    Question,
    ReportFormat,
    Section,
    new_lineage,
)
from meahub.reporting.services.xlsform_export import export_xlsform
from meahub.reporting.services.xlsform_plan import Plan, Problem, XLSFormError, describe
from meahub.reporting.services.xlsform_read import (
    check_file,
    clean_rows,
    read_workbook,
    run_pyxform,
)
from meahub.reporting.services.xlsform_survey import plan_form

__all__ = [
    "CONSOLE_REASON",
    "ImportResult",
    "XLSFormError",
    "check_file",
    "describe",
    "export_xlsform",
    "import_rows",
    "import_xlsform",
]

CONSOLE_REASON = "meahub formats import (command line)"
# What a model field is called in the XLSForm, for messages naming a cell.
COLUMN_OF_FIELD = {"lineage": "meahub::lineage", "number": "meahub::number", "unit": "meahub::unit"}


@dataclass
class ImportResult:
    """What an import made, and what it left out."""

    format: ReportFormat
    sections: int
    questions: int
    choice_lists: int
    dropped: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format.pk,
            "sections": self.sections,
            "questions": self.questions,
            "choice_lists": self.choice_lists,
            "dropped": self.dropped,
        }


# --- importing ---------------------------------------------------------------------------------


def import_xlsform(
    *, data: bytes, filename: str, instrument: Instrument, by: Any, title: str | None = None
) -> ImportResult:
    """Import an .xlsx XLSForm as a new draft format of ``instrument`` (the next version when
    the instrument has a format of that title). Refuses other file types, files too large, a
    workbook without a survey sheet and any form pyxform or meahub cannot read (XLSFormError
    listing each problem by sheet and row); then nothing is written. ``by`` None: the command
    line."""
    _check_may_import(by, instrument)
    check_file(filename=filename, size=len(data))
    sheets = read_workbook(data, filename)
    warnings = run_pyxform(data, sheets["survey"])
    settings = sheets["settings"][0] if sheets["settings"] else {}
    return _import(
        sheets["survey"], sheets["choices"], settings, instrument=instrument, by=by,
        source_name=PurePath(filename).name, title=title, warnings=warnings,
    )  # fmt: skip


def import_rows(
    *,
    survey: list[dict[str, Any]],
    choices: list[dict[str, Any]],
    settings: dict[str, Any],
    instrument: Instrument,
    by: Any,
    source_name: str,
    title: str | None = None,
) -> ImportResult:
    """Import XLSForm rows (dicts of column → cell, as on the sheets; row N of a sheet is
    ``rows[N - 2]``), as ``import_xlsform`` does with a file."""
    _check_may_import(by, instrument)
    survey_rows, choice_rows = clean_rows(survey), clean_rows(choices)
    settings_row = clean_rows([settings])[0]
    book: dict[str, Any] = {"survey": survey_rows}
    if choice_rows:
        book["choices"] = choice_rows
    if settings_row:
        book["settings"] = [settings_row]
    warnings = run_pyxform(book, survey_rows)
    return _import(
        survey_rows, choice_rows, settings_row, instrument=instrument, by=by,
        source_name=source_name, title=title, warnings=warnings,
    )  # fmt: skip


def _check_may_import(by: Any, instrument: Instrument) -> None:
    """Staff serving the instrument import its formats; ``by`` None is the command line."""
    if by is not None and not can_manage_reporting(by, instrument):
        raise PermissionDenied


def _import(
    survey: list[dict[str, str]],
    choices: list[dict[str, str]],
    settings: dict[str, str],
    *,
    instrument: Instrument,
    by: Any,
    source_name: str,
    title: str | None,
    warnings: list[str],
) -> ImportResult:
    plan = plan_form(survey=survey, choices=choices, settings=settings)
    if plan.errors:
        raise XLSFormError(plan.errors)
    _number_items(plan)
    title = (title or plan.title or PurePath(source_name).stem).strip()[:300]
    result = _write(plan, instrument=instrument, by=by, title=title, source_name=source_name)
    result.warnings = warnings
    return result


def _number_items(plan: Plan) -> None:
    """Printed numbers (1, 1.1, 1.2, 2...) when the form gives none (meahub::number)."""
    if any(s.number for s in plan.sections) or any(q.number for q in plan.questions):
        return
    children: dict[int | None, list[Any]] = {}
    for section in plan.sections:
        children.setdefault(id(section.parent) if section.parent else None, []).append(section)
    for question in plan.questions:
        children.setdefault(id(question.section), []).append(question)
    for top, section in enumerate(children.get(None, []), start=1):
        section.number = str(top)
    for section in plan.sections:  # parents come before their sub-sections
        counter = 0
        for child in sorted(children.get(id(section), []), key=lambda c: c.position):
            if getattr(child, "type", None) == QuestionType.NOTE:
                continue
            counter += 1
            child.number = f"{section.number}.{counter}"


class _Writer:
    """Validates and saves rows, collecting each failure against its sheet and row.

    Rows of the new format skip the database lookups of ``full_clean`` (the foreign keys just
    saved, the unique names and lineages): the plan has checked them, and the database's
    constraints still hold. A 300-question form would otherwise cost thousands of queries.
    """

    def __init__(self, by: Any, reason: str) -> None:
        self.by, self.reason = by, reason
        self.errors: list[Problem] = []

    def save(
        self, obj: models.Model, sheet: str | None, row: int | None, *, checked: bool = True
    ) -> bool:
        try:
            if checked:
                foreign_keys = [f.name for f in obj._meta.fields if f.is_relation]
                obj.full_clean(exclude=foreign_keys, validate_constraints=False)
            else:
                obj.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = COLUMN_OF_FIELD.get(name, name)
                prefix = "" if name == "__all__" else f"{column}: "
                for message in messages:
                    self.errors.append(
                        {"sheet": sheet, "row": row or None, "message": prefix + message}
                    )
            return False
        attribute(obj, self.by, self.reason)
        obj.save()
        return True


@transaction.atomic
def _write(
    plan: Plan, *, instrument: Instrument, by: Any, title: str, source_name: str
) -> ImportResult:
    reason = f"XLSForm import of {source_name}" if by is not None else CONSOLE_REASON
    writer = _Writer(by, reason)
    # The next version of a format of the same title (as create_format, letter case aside).
    latest = (
        ReportFormat.objects.filter(instrument=instrument, title__iexact=title)
        .order_by("-version")
        .first()
    )
    version_note = f" (XLSForm version {plan.version_text})" if plan.version_text else ""
    report_format = ReportFormat(
        instrument=instrument,
        title=title,
        version=latest.version + 1 if latest else 1,
        status=FormatStatus.DRAFT,
        previous=latest,
        languages=plan.languages,
        description=f"Imported from {source_name}{version_note}.",
    )
    if not writer.save(report_format, "settings", None, checked=False):
        raise XLSFormError(writer.errors)
    lists: dict[str, ChoiceList] = {}
    for planned in plan.lists:
        choice_list = ChoiceList(format=report_format, name=planned.name)
        if writer.save(choice_list, "choices", planned.row):
            lists[planned.name] = choice_list
            for position, item in enumerate(planned.choices, start=1):
                choice = Choice(
                    choice_list=choice_list, name=item.name, label=item.label, position=position
                )
                writer.save(choice, "choices", item.row)
    sections: dict[int, Section] = {}
    for planned_section in plan.sections:
        parent = planned_section.parent
        section = Section(
            format=report_format,
            parent=sections.get(id(parent)) if parent else None,
            name=planned_section.name,
            number=planned_section.number,
            position=planned_section.position,
            title=planned_section.title,
            help=planned_section.help,
            relevant=planned_section.relevant,
            repeat_source=planned_section.repeat_source,
            repeat_choices=lists.get(planned_section.repeat_list),
            lineage=planned_section.lineage or new_lineage(),
        )
        if writer.save(section, "survey", planned_section.row):
            sections[id(planned_section)] = section
    questions = 0
    for planned_question in plan.questions:
        section_id = id(planned_question.section)
        if section_id not in sections:
            continue
        question = Question(
            format=report_format,
            section=sections[section_id],
            name=planned_question.name,
            number=planned_question.number,
            position=planned_question.position,
            type=planned_question.type,
            label=planned_question.label,
            help=planned_question.help,
            required=planned_question.required,
            unit=planned_question.unit,
            min_value=planned_question.min_value,
            max_value=planned_question.max_value,
            choice_list=lists.get(planned_question.list_name),
            has_other=planned_question.has_other,
            relevant=planned_question.relevant,
            calculation=planned_question.calculation,
            table_rows=planned_question.table_rows,
            table_columns=planned_question.table_columns,
            lineage=planned_question.lineage or new_lineage(),
        )
        questions += writer.save(question, "survey", planned_question.row)
    if writer.errors:
        raise XLSFormError(writer.errors)
    return ImportResult(
        format=report_format,
        sections=len(sections),
        questions=questions,
        choice_lists=len(lists),
        dropped=plan.dropped,
    )
