"""What the format services check before they write, and what blocks a format's adoption.

Every check raises ``ValidationError`` keyed by the field it is about, with a sentence the
format's author can act on (naming the unknown question of a condition, the row of a table,
the language a label is not written in). ``format_problems`` lists what still stands in the
way of adopting a draft, so the edit page can show it before anyone presses "Adopt".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from meahub.permissions.reporting import can_edit_format, can_manage_reporting
from meahub.reporting import expressions
from meahub.reporting.enums import CHOICE_TYPES, NUMBER_TYPES, QuestionType, RepeatSource
from meahub.reporting.models import (
    Choice,
    Question,
    ReportFormat,
    Section,
    name_validator,
    translated,
)

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
COLUMN_TYPES = ("text", "integer", "decimal")
# Kept for the "Other, specify" answer of a choice question (see ``values.OTHER``).
RESERVED_CHOICE = "other"


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code


def require_manager(by: Any, report_format: ReportFormat) -> None:
    """Only staff serving the format's instrument change its formats."""
    if not can_manage_reporting(by, report_format.instrument):
        raise PermissionDenied


def require_draft(by: Any, report_format: ReportFormat) -> None:
    """Staff serving the instrument, on a draft: an adopted format is frozen."""
    require_manager(by, report_format)
    if not can_edit_format(by, report_format):
        raise ValidationError(
            _(
                "Version %(version)s of “%(title)s” is %(status)s and cannot change; "
                "make a new version to change it."
            )
            % {
                "version": report_format.version,
                "title": report_format.title,
                "status": report_format.get_status_display().lower(),
            }
        )


def clean_languages(languages: Iterable[str]) -> list[str]:
    """Language codes, lower case, each once, in the order given; at least one."""
    codes: list[str] = []
    for raw in languages:
        code = str(raw).strip().lower()
        if not LANGUAGE_CODE.match(code):
            raise ValidationError(
                {
                    "languages": _(
                        "“%(code)s” is not a language code; use two or three letters, e.g. en."
                    )
                    % {"code": raw}
                }
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError({"languages": _("Give at least one language, e.g. en.")})
    return codes


def clean_texts(
    texts: dict[str, str] | None, report_format: ReportFormat, *, field: str, required: bool
) -> dict[str, str]:
    """A text per language of the format (blank ones left out). ``required``: it must be
    written in the format's first language."""
    cleaned: dict[str, str] = {}
    for language, text in (texts or {}).items():
        if language not in report_format.languages:
            raise ValidationError(
                {
                    field: _(
                        "The format is not written in %(language)s; add it to the format first."
                    )
                    % {"language": language_name(language)}
                }
            )
        if str(text or "").strip():
            cleaned[language] = str(text).strip()
    main = report_format.languages[0] if report_format.languages else "en"
    if required and main not in cleaned:
        raise ValidationError(
            {field: _("Write it in %(language)s.") % {"language": language_name(main)}}
        )
    return cleaned


def taken_names(report_format: ReportFormat, *, exclude: object = None) -> set[str]:
    """Names of the format's sections and questions (one namespace, as in XLSForm), but for
    ``exclude`` (the section or question being named)."""
    questions = Question.objects.filter(format=report_format)
    sections = Section.objects.filter(format=report_format)
    if isinstance(exclude, Question) and exclude.pk:
        questions = questions.exclude(pk=exclude.pk)
    if isinstance(exclude, Section) and exclude.pk:
        sections = sections.exclude(pk=exclude.pk)
    return set(questions.values_list("name", flat=True)) | set(
        sections.values_list("name", flat=True)
    )


def clean_name(name: str, text: str, report_format: ReportFormat, *, exclude: object = None) -> str:
    """The name given, or one made from ``text`` ("Population trend" → population_trend),
    refused when a section or question of the format has it already."""
    name = (name or "").strip()
    taken = taken_names(report_format, exclude=exclude)
    if not name:
        base = slugify(text).replace("-", "_")[:40].strip("_") or "item"
        if not re.match(r"[A-Za-z_]", base):
            base = f"q_{base}"
        name, counter = base, 1
        while name in taken:
            counter += 1
            name = f"{base}_{counter}"
        return name
    name_validator(name)
    if name in taken:
        raise ValidationError(
            {"name": _("A section or question of this format is already named “%(name)s”.")
             % {"name": name}}
        )  # fmt: skip
    return name


def check_expression(
    text: str, report_format: ReportFormat, *, field: str, own_name: str = ""
) -> str:
    """The condition or calculation, parsed, every ``${name}`` in it a question of the format
    other than the question itself."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        references = expressions.parse(text).references()
    except expressions.ExpressionError as error:
        raise ValidationError({field: error.message}) from None
    if own_name and own_name in references:
        raise ValidationError(
            {field: _("A question cannot depend on itself (${%(name)s}).") % {"name": own_name}}
        )
    known = set(Question.objects.filter(format=report_format).values_list("name", flat=True))
    unknown = sorted(references - known)
    if unknown:
        names = ", ".join(f"${{{name}}}" for name in unknown)
        raise ValidationError(
            {field: _("This format has no question %(names)s.") % {"names": names}}
        )
    return text


def clean_table_part(entries: Any, report_format: ReportFormat, *, field: str) -> list[dict]:
    """Rows (``table_rows``) or columns (``table_columns``, each with a type: text, integer
    or decimal) as ``[{"name", "label": {language: text}, ("type")}]``."""
    kind = _("Row") if field == "table_rows" else _("Column")
    cleaned: list[dict[str, Any]] = []
    for number, entry in enumerate(entries or [], start=1):
        entry = entry if isinstance(entry, dict) else {"name": str(entry)}
        name = str(entry.get("name") or "").strip()
        where = {"kind": kind, "number": number, "name": name}
        try:
            name_validator(name)
        except ValidationError:
            raise ValidationError(
                {field: _("%(kind)s %(number)s: “%(name)s” is not a name; use letters, digits "
                          "and '_' (e.g. research).") % where}
            ) from None  # fmt: skip
        if any(part["name"] == name for part in cleaned):
            raise ValidationError(
                {field: _("%(kind)s %(number)s: “%(name)s” appears twice.") % where}
            )
        label = entry.get("label") or {}
        label = label if isinstance(label, dict) else {report_format.languages[0]: str(label)}
        try:
            part: dict[str, Any] = {
                "name": name,
                "label": clean_texts(label, report_format, field=field, required=False)
                or {report_format.languages[0]: name},
            }
        except ValidationError as error:
            message = error.message_dict[field][0]
            raise ValidationError({field: f"{kind} {number}: {message}"}) from None
        if field == "table_columns":
            column_type = str(entry.get("type") or "text")
            if column_type not in COLUMN_TYPES:
                raise ValidationError(
                    {field: _("Column %(number)s: the type is text, integer or decimal, not "
                              "“%(type)s”.") % {"number": number, "type": column_type}}
                )  # fmt: skip
            part["type"] = column_type
        cleaned.append(part)
    return cleaned


def check_question_settings(question: Question) -> None:
    """Each setting only where the question's type uses it, and sound where it does."""
    errors: dict[str, str] = {}
    kind = question.type
    if kind not in QuestionType.values:
        raise ValidationError({"type": _("“%(type)s” is not a question type.") % {"type": kind}})
    if kind not in NUMBER_TYPES:
        if question.unit:
            errors["unit"] = _("A unit belongs to a number question only.")
        if question.min_value is not None or question.max_value is not None:
            errors["min_value"] = _("A range belongs to a number question only.")
    elif kind == QuestionType.INTEGER:
        for field in ("min_value", "max_value"):
            value = getattr(question, field)
            if value is not None and Decimal(value) != Decimal(value).to_integral_value():
                errors[field] = _("A whole number question takes a whole number here.")
    if kind not in CHOICE_TYPES:
        if question.choice_list_id:
            errors["choice_list"] = _("A list of choices belongs to a choice question only.")
        if question.has_other:
            errors["has_other"] = _("'Other, specify' belongs to a choice question only.")
    elif question.choice_list is not None and question.choice_list.format_id != question.format_id:
        errors["choice_list"] = _("The list of choices belongs to another format.")
    if kind != QuestionType.TABLE and (question.table_rows or question.table_columns):
        errors["table_rows"] = _("Rows and columns belong to a table question only.")
    if kind != QuestionType.CALCULATED and question.calculation:
        errors["calculation"] = _("A calculation belongs to a calculated question only.")
    if question.required and kind in (QuestionType.NOTE, QuestionType.CALCULATED):
        errors["required"] = _("Nobody answers a %(type)s, so it cannot be required.") % {
            "type": QuestionType(kind).label.lower()
        }
    if errors:
        raise ValidationError(errors)


def check_repeat(section: Section) -> None:
    """Repeated over a list of this format; never inside another repeated section."""
    if section.repeat_source not in RepeatSource.values:
        raise ValidationError(
            {"repeat_source": _("“%(value)s” is not a way to repeat.")
             % {"value": section.repeat_source}}
        )  # fmt: skip
    if section.repeat_source != RepeatSource.CHOICES:
        section.repeat_choices = None
    elif (
        section.repeat_choices is not None and section.repeat_choices.format_id != section.format_id
    ):
        raise ValidationError({"repeat_choices": _("The list belongs to another format.")})
    if not section.repeat_source:
        return
    sections = dict(
        Section.objects.filter(format_id=section.format_id).values_list("id", "parent_id")
    )
    repeated = set(
        Section.objects.filter(format_id=section.format_id)
        .exclude(repeat_source="")
        .exclude(pk=section.pk)
        .values_list("id", flat=True)
    )
    current = section.parent_id
    while current is not None:
        if current in repeated:
            raise ValidationError(
                {"repeat_source": _("A section inside a repeated section cannot be repeated too.")}
            )
        current = sections.get(current)
    below = [pk for pk in repeated if section.pk and _is_below(pk, section.pk, sections)]
    if below:
        raise ValidationError(
            {"repeat_source": _("A section under it is repeated already; repeat one or the other.")}
        )


def _is_below(pk: int, ancestor: int, parents: Mapping[int, int | None]) -> bool:
    current = parents.get(pk)
    while current is not None:
        if current == ancestor:
            return True
        current = parents.get(current)
    return False


def describe_question(question: Question) -> str:
    return f"{question.number or question.name} “{translated(question.label) or question.name}”"


def describe_section(section: Section) -> str:
    return f"{section.number or section.name} “{translated(section.title) or section.name}”"


def format_problems(report_format: ReportFormat) -> list[str]:
    """What stands in the way of adopting the format, one sentence each, in the order of the
    questionnaire: no questions, a section without questions, a choice question (or a section
    repeated over a list) whose list has no choices, a table without rows or columns, a label
    missing in the format's first language, a condition or calculation that does not read or
    names no question of the format."""
    problems: list[str] = []
    sections = list(Section.objects.filter(format=report_format).select_related("repeat_choices"))
    questions = list(
        Question.objects.filter(format=report_format)
        .select_related("section", "choice_list")
        .order_by("section__position", "position", "pk")
    )
    if not questions:
        return [_("The format has no questions yet.")]
    choice_counts: dict[int, int] = {}
    for list_id in Choice.objects.filter(choice_list__format=report_format).values_list(
        "choice_list_id", flat=True
    ):
        choice_counts[list_id] = choice_counts.get(list_id, 0) + 1
    used = {q.section_id for q in questions} | {s.parent_id for s in sections}
    main = report_format.languages[0] if report_format.languages else "en"
    language = language_name(main)
    names = {q.name for q in questions}
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        what = {"section": describe_section(section), "language": language}
        if section.pk not in used:
            problems.append(_("Section %(section)s has no questions.") % what)
        if section.repeat_choices_id and not choice_counts.get(section.repeat_choices_id):
            problems.append(
                _("Section %(section)s is repeated for a list that has no choices.") % what
            )
        if not section.title.get(main):
            problems.append(_("Section %(section)s has no title in %(language)s.") % what)
        problems += _expression_problems(section.relevant, names, _("Section"), what["section"])
    for question in questions:
        what = {"question": describe_question(question), "language": language}
        if question.type in CHOICE_TYPES and not choice_counts.get(question.choice_list_id or 0):
            problems.append(_("Question %(question)s has no choices.") % what)
        if question.type == QuestionType.TABLE and not (
            question.table_rows and question.table_columns
        ):
            problems.append(_("Question %(question)s needs rows and columns.") % what)
        if question.type == QuestionType.CALCULATED and not question.calculation:
            problems.append(_("Question %(question)s needs its calculation.") % what)
        if not question.label.get(main):
            problems.append(_("Question %(question)s has no label in %(language)s.") % what)
        for text in (question.relevant, question.calculation):
            problems += _expression_problems(text, names, _("Question"), what["question"])
    return problems


def _expression_problems(text: str, names: set[str], kind: str, what: str) -> list[str]:
    if not text:
        return []
    try:
        unknown = sorted(expressions.parse(text).references() - names)
    except expressions.ExpressionError as error:
        return [f"{kind} {what}: {error.message}"]
    if unknown:
        listed = ", ".join(f"${{{name}}}" for name in unknown)
        return [
            _("%(kind)s %(what)s: this format has no question %(names)s.")
            % {"kind": kind, "what": what, "names": listed}
        ]
    return []
