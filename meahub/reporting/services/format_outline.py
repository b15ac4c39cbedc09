"""The outline of a draft format: its sections (and sub-sections) and their questions.

Sections keep one position sequence across the whole format, in the order a reader meets
them (a section, then its sub-sections, then the next section), so every flat list of the
format's questions (ordered by section position, then question position) follows the
questionnaire. Questions are numbered from 1 within their section. Every function here
refuses an adopted format (see ``format_checks.require_draft``) and writes in one
transaction, attributed to ``by``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from meahub.core.audit import attribute, delete_attributed, save_validated
from meahub.reporting.enums import QuestionType
from meahub.reporting.models import Answer, Question, ReportFormat, Section, translated
from meahub.reporting.services.format_checks import (
    check_expression,
    check_question_settings,
    check_repeat,
    clean_name,
    clean_table_part,
    clean_texts,
    describe_question,
    describe_section,
    require_draft,
)

SECTION_FIELDS = frozenset(
    {"name", "number", "title", "help", "relevant", "repeat_source", "repeat_choices"}
)
QUESTION_FIELDS = frozenset(
    {
        "name", "number", "type", "label", "help", "required", "unit", "min_value", "max_value",
        "choice_list", "has_other", "relevant", "calculation", "table_rows", "table_columns",
    }
)  # fmt: skip
# What a setting falls back to when the question's type no longer uses it.
QUESTION_DEFAULTS: dict[str, Any] = {
    "unit": "", "min_value": None, "max_value": None, "choice_list": None, "has_other": False,
    "calculation": "", "table_rows": [], "table_columns": [], "required": False,
}  # fmt: skip


def _refuse_unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))


# --- sections --------------------------------------------------------------------------------


def place_sections(
    report_format: ReportFormat, *, moved: Section | None = None, siblings: Sequence[Section] = ()
) -> None:
    """Number the sections' positions 1, 2, 3... in reading order. ``siblings``, when given,
    is the new order of one section's siblings (``moved`` among them, with its new parent)."""
    sections = {s.pk: s for s in Section.objects.filter(format=report_format)}
    if moved is not None:
        sections[moved.pk] = moved
    rank: dict[int, tuple[int, int]] = {pk: (s.position, pk) for pk, s in sections.items()}
    for index, sibling in enumerate(siblings):
        rank[sibling.pk] = (index, 0)
    children: dict[int | None, list[Section]] = defaultdict(list)
    for section in sorted(sections.values(), key=lambda s: rank[s.pk]):
        children[section.parent_id].append(section)
    order: list[Section] = []
    stack = list(reversed(children[None]))
    while stack:
        section = stack.pop()
        order.append(section)
        stack.extend(reversed(children[section.pk]))
    for position, section in enumerate(order, start=1):
        if section.position != position or section is moved:
            section.position = position
            Section.objects.filter(pk=section.pk).update(
                position=position, parent_id=section.parent_id
            )


def _check_parent(section: Section, parent: Section | None) -> None:
    if parent is None:
        return
    if parent.format_id != section.format_id:
        raise ValidationError({"parent": _("The section above belongs to another format.")})
    current: Section | None = parent
    while current is not None:
        if section.pk and current.pk == section.pk:
            raise ValidationError({"parent": _("A section cannot go inside itself.")})
        current = current.parent


@transaction.atomic
def add_section(
    *,
    report_format: ReportFormat,
    by: Any,
    title: dict[str, str],
    parent: Section | None = None,
    **fields: Any,
) -> Section:
    """Add a section at the end of the format, or of ``parent`` as a sub-section. Optional:
    ``name`` (made from the title when blank), ``number``, ``help``, ``relevant`` (a
    condition on the format's questions), ``repeat_source`` (each species of the instrument,
    each item of ``repeat_choices``, or each item the country adds)."""
    require_draft(by, report_format)
    _refuse_unknown(fields, SECTION_FIELDS - {"title"})
    section = Section(format=report_format, parent=parent)
    _check_parent(section, parent)
    _fill_section(section, {"title": title, **fields})
    last = Section.objects.filter(format=report_format).aggregate(last=Max("position"))["last"]
    section.position = (last or 0) + 1
    save_validated(section, by=by)
    place_sections(report_format)
    return section


@transaction.atomic
def update_section(*, section: Section, by: Any, **fields: Any) -> Section:
    """Change a section's name, number, title, help, condition or how it is repeated. A new
    name is refused when another section or question has it."""
    require_draft(by, section.format)
    _refuse_unknown(fields, SECTION_FIELDS)
    _fill_section(section, fields)
    return save_validated(section, by=by)


def _fill_section(section: Section, fields: dict[str, Any]) -> None:
    report_format = section.format
    for name, value in fields.items():
        setattr(section, name, value)
    section.title = clean_texts(section.title, report_format, field="title", required=True)
    section.help = clean_texts(section.help, report_format, field="help", required=False)
    if "name" in fields or not section.name:
        section.name = clean_name(
            section.name, translated(section.title), report_format, exclude=section
        )
    section.relevant = check_expression(section.relevant, report_format, field="relevant")
    section.repeat_source = section.repeat_source or ""
    check_repeat(section)


@transaction.atomic
def move_section(
    *, section: Section, by: Any, to: int, parent: Section | str | None = "keep"
) -> Section:
    """Put the section at index ``to`` (0 first) among the sections of ``parent`` (its
    present parent unless given; None for the top level); its sub-sections move with it."""
    require_draft(by, section.format)
    if parent != "keep":
        assert parent is None or isinstance(parent, Section)
        _check_parent(section, parent)
        section.parent = parent
    siblings = list(
        Section.objects.filter(format_id=section.format_id, parent_id=section.parent_id)
        .exclude(pk=section.pk)
        .order_by("position", "pk")
    )
    siblings.insert(max(0, min(to, len(siblings))), section)
    if section.repeat_source:
        check_repeat(section)
    attribute(section, by)
    place_sections(section.format, moved=section, siblings=siblings)
    return section


def _sections_under(section: Section) -> set[int]:
    """The section's id with those of every sub-section under it."""
    ids = {section.pk}
    parents = dict(
        Section.objects.filter(format_id=section.format_id).values_list("id", "parent_id")
    )
    changed = True
    while changed:
        below = {pk for pk, parent in parents.items() if parent in ids}
        changed = not below <= ids
        ids |= below
    return ids


@transaction.atomic
def delete_section(*, section: Section, by: Any) -> None:
    """Delete a section with its sub-sections and questions. Refused while any of its
    questions has answers, or is used in a condition or calculation elsewhere."""
    require_draft(by, section.format)
    section_ids = _sections_under(section)
    questions = list(Question.objects.filter(section_id__in=section_ids))
    _refuse_answered(questions, _("Section %(what)s") % {"what": describe_section(section)})
    _refuse_referenced(questions, keep_ids={q.pk for q in questions}, section_ids=section_ids)
    for question in questions:
        delete_attributed(question, by=by)
    delete_attributed(section, by=by)
    place_sections(section.format)


def _refuse_answered(questions: list[Question], what: str) -> None:
    reports = Answer.objects.filter(question__in=questions).values("report_id").distinct().count()
    if reports:
        raise ValidationError(
            _(
                "%(what)s has answers in %(count)s report(s) and cannot be deleted; make a new "
                "version of the format without it."
            )
            % {"what": what, "count": reports}
        )


def _refuse_referenced(
    questions: list[Question], *, keep_ids: set[int], section_ids: Collection[int] = ()
) -> None:
    """Refuse when a question or section not being deleted names one of ``questions``."""
    if not questions:
        return
    report_format_id = questions[0].format_id
    patterns = {q.name: re.compile(r"\$\{\s*" + re.escape(q.name) + r"\s*\}") for q in questions}
    users: list[str] = []
    others = Question.objects.filter(format_id=report_format_id).exclude(pk__in=keep_ids)
    for other in others.filter(~Q(relevant="") | ~Q(calculation="")):
        if any(p.search(other.relevant + " " + other.calculation) for p in patterns.values()):
            users.append(_("question %(what)s") % {"what": describe_question(other)})
    for other_section in Section.objects.filter(format_id=report_format_id).exclude(relevant=""):
        if other_section.pk in section_ids:
            continue
        if any(p.search(other_section.relevant) for p in patterns.values()):
            users.append(_("section %(what)s") % {"what": describe_section(other_section)})
    if users:
        raise ValidationError(
            _("It is used in the condition or calculation of %(users)s; change that first.")
            % {"users": ", ".join(users)}
        )


# --- questions -------------------------------------------------------------------------------


@transaction.atomic
def add_question(
    *,
    section: Section,
    by: Any,
    type: str,
    label: dict[str, str],
    position: int | None = None,
    **fields: Any,
) -> Question:
    """Add a question of any type to a section (at the end, or at index ``position``), with
    the settings its type uses: ``unit``, ``min_value``/``max_value`` for numbers;
    ``choice_list`` and ``has_other`` for choices; ``table_rows``/``table_columns`` for a
    table; ``calculation`` for a calculated value; and for any: ``name`` (made from the label
    when blank), ``number``, ``help``, ``required``, ``relevant`` (asked only when it holds).
    Conditions and calculations must read and name only questions of the format."""
    report_format = section.format
    require_draft(by, report_format)
    _refuse_unknown(fields, QUESTION_FIELDS - {"type", "label"})
    question = Question(format=report_format, section=section, type=type)
    _fill_question(question, {"label": label, **fields}, new=True)
    siblings = list(section.questions.order_by("position", "pk"))
    question.position = len(siblings) + 1
    save_validated(question, by=by)
    if position is not None:
        _place_questions([*siblings[:position], question, *siblings[position:]], by=by)
    return question


@transaction.atomic
def update_question(*, question: Question, by: Any, **fields: Any) -> Question:
    """Change a question. When its type changes, the settings the new type does not use are
    cleared unless given. A new name is written into every condition and calculation that
    used the old one."""
    report_format = question.format
    require_draft(by, report_format)
    _refuse_unknown(fields, QUESTION_FIELDS)
    old_name = question.name
    if "type" in fields and fields["type"] != question.type:
        for name, default in QUESTION_DEFAULTS.items():
            fields.setdefault(name, default)
    _fill_question(question, fields, new=False)
    save_validated(question, by=by)
    if question.name != old_name:
        _rename_references(report_format, old_name, question.name, by=by)
    return question


def _fill_question(question: Question, fields: dict[str, Any], *, new: bool) -> None:
    report_format = question.format
    for name, value in fields.items():
        setattr(question, name, "" if value is None and name in ("unit", "number") else value)
    question.label = clean_texts(question.label, report_format, field="label", required=True)
    question.help = clean_texts(question.help, report_format, field="help", required=False)
    if new or "name" in fields:
        question.name = clean_name(
            question.name, translated(question.label), report_format, exclude=question
        )
    question.table_rows = clean_table_part(question.table_rows, report_format, field="table_rows")
    question.table_columns = clean_table_part(
        question.table_columns, report_format, field="table_columns"
    )
    check_question_settings(question)
    own = question.name
    question.relevant = check_expression(
        question.relevant, report_format, field="relevant", own_name=own
    )
    question.calculation = check_expression(
        question.calculation, report_format, field="calculation", own_name=own
    )


def _rename_references(report_format: ReportFormat, old: str, new: str, *, by: Any) -> None:
    pattern = re.compile(r"\$\{\s*" + re.escape(old) + r"\s*\}")
    for question in Question.objects.filter(format=report_format):
        relevant = pattern.sub(f"${{{new}}}", question.relevant)
        calculation = pattern.sub(f"${{{new}}}", question.calculation)
        if (relevant, calculation) != (question.relevant, question.calculation):
            question.relevant, question.calculation = relevant, calculation
            attribute(
                question, by, _("Question %(old)s renamed %(new)s") % {"old": old, "new": new}
            )
            question.save(update_fields=["relevant", "calculation"])
    for section in Section.objects.filter(format=report_format).exclude(relevant=""):
        relevant = pattern.sub(f"${{{new}}}", section.relevant)
        if relevant != section.relevant:
            Section.objects.filter(pk=section.pk).update(relevant=relevant)


def _place_questions(questions: list[Question], *, by: Any) -> None:
    for position, question in enumerate(questions, start=1):
        if question.position != position:
            question.position = position
            attribute(question, by)
            question.save(update_fields=["position", "section"])


@transaction.atomic
def move_question(
    *, question: Question, by: Any, to: int, section: Section | None = None
) -> Question:
    """Put the question at index ``to`` (0 first) of its section, or of ``section`` (of the
    same format). Positions are renumbered; printed numbers only by ``renumber``."""
    require_draft(by, question.format)
    old_section = question.section
    if section is not None and section.pk != old_section.pk:
        if section.format_id != question.format_id:
            raise ValidationError({"section": _("The section belongs to another format.")})
        question.section = section
        question.position = 0  # saved below, whatever its place
        remaining = list(old_section.questions.exclude(pk=question.pk).order_by("position", "pk"))
        _place_questions(remaining, by=by)
    siblings = list(question.section.questions.exclude(pk=question.pk).order_by("position", "pk"))
    siblings.insert(max(0, min(to, len(siblings))), question)
    _place_questions(siblings, by=by)
    return question


@transaction.atomic
def delete_question(*, question: Question, by: Any) -> None:
    """Delete a question of a draft. Refused while it has answers (they are kept: make a new
    version without it) or while another question's condition or calculation uses it."""
    require_draft(by, question.format)
    what = _("Question %(what)s") % {"what": describe_question(question)}
    _refuse_answered([question], what)
    _refuse_referenced([question], keep_ids={question.pk})
    section = question.section
    delete_attributed(question, by=by)
    _place_questions(list(section.questions.order_by("position", "pk")), by=by)


def question_types_with_settings() -> dict[str, tuple[str, ...]]:
    """For forms and docs: which settings each question type uses."""
    common = ("name", "number", "label", "help", "relevant")
    answered = (*common, "required")
    return {
        QuestionType.TEXT: answered,
        QuestionType.LONG_TEXT: answered,
        QuestionType.INTEGER: (*answered, "unit", "min_value", "max_value"),
        QuestionType.DECIMAL: (*answered, "unit", "min_value", "max_value"),
        QuestionType.DATE: answered,
        QuestionType.YES_NO: answered,
        QuestionType.SINGLE_CHOICE: (*answered, "choice_list", "has_other"),
        QuestionType.MULTIPLE_CHOICE: (*answered, "choice_list", "has_other"),
        QuestionType.TABLE: (*answered, "table_rows", "table_columns"),
        QuestionType.FILE: answered,
        QuestionType.CALCULATED: (*common, "calculation"),
        QuestionType.NOTE: common,
    }
