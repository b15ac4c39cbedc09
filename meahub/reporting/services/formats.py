"""Report formats authored in the browser, their versions, and harmonised reporting.

A format's life: **draft** (staff serving its instrument add and change sections,
questions and choice lists: see ``format_outline``) → **adopted** (by a meeting; frozen from
then on: ``adopt_format`` refuses a format with problems, see
``format_checks.format_problems``) → **retired** (replaced by a newer adopted version, or
retired by hand). A change to an adopted format is a new version: ``new_version`` copies it
into a draft v+1 whose sections and questions keep their ``lineage``, so answers compare
across cycles however a question is reworded, moved or renumbered.

Harmonised reporting (``format_mappings``, re-exported here): ``map_questions`` says that a
question of one format asks what a question of another format (or instrument) asks; stored
by lineage, the mapping holds for every version of both. ``link_question_mandates`` links a
question to the mandates (resolution paragraphs) of its instrument's family it gives
evidence on.

Every function takes the acting user as ``by=``, checks ``permissions.reporting``, validates
everything before it writes, and writes in one transaction, attributed in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from meahub.core.audit import attribute, save_validated
from meahub.instruments.models import Instrument
from meahub.permissions.reporting import can_manage_reporting
from meahub.reporting.enums import FormatStatus
from meahub.reporting.models import (
    Choice,
    ChoiceList,
    Question,
    ReportFormat,
    Section,
)
from meahub.reporting.services.format_checks import (
    RESERVED_CHOICE,
    clean_languages,
    clean_texts,
    format_problems,
    require_draft,
    require_manager,
)
from meahub.reporting.services.format_mappings import (
    instrument_family_ids,
    link_question_mandates,
    map_questions,
    unmap_questions,
)
from meahub.reporting.services.format_outline import (
    add_question,
    add_section,
    delete_question,
    delete_section,
    move_question,
    move_section,
    place_sections,
    update_question,
    update_section,
)

__all__ = [
    "add_choice",
    "add_question",
    "add_section",
    "adopt_format",
    "create_choice_list",
    "create_format",
    "delete_question",
    "delete_section",
    "format_problems",
    "instrument_family_ids",
    "link_question_mandates",
    "map_questions",
    "move_question",
    "move_section",
    "new_version",
    "rename_choice",
    "renumber",
    "reorder_choices",
    "retire_format",
    "unmap_questions",
    "update_format",
    "update_question",
    "update_section",
]

FORMAT_FIELDS = frozenset({"title", "languages", "description", "adopted_by"})


# --- formats ---------------------------------------------------------------------------------


@transaction.atomic
def create_format(
    *,
    instrument: Instrument,
    title: str,
    languages: Iterable[str],
    by: Any,
    description: str = "",
) -> ReportFormat:
    """Start a draft format (version 1) for an instrument, written in ``languages`` (the
    first is the one every label must be written in). Refused when the instrument already
    has a format of this title: make a new version of that one instead."""
    if not can_manage_reporting(by, instrument):
        raise PermissionDenied
    title = title.strip()
    if ReportFormat.objects.filter(instrument=instrument, title__iexact=title).exists():
        raise ValidationError(
            {"title": _("%(code)s already has a format “%(title)s”; make a new version of it.")
             % {"code": instrument.code, "title": title}}
        )  # fmt: skip
    report_format = ReportFormat(
        instrument=instrument,
        title=title,
        languages=clean_languages(languages),
        description=description.strip(),
    )
    return save_validated(report_format, by=by)


@transaction.atomic
def update_format(*, report_format: ReportFormat, by: Any, **fields: Any) -> ReportFormat:
    """Change a draft's title, languages, description or the meeting that adopts it."""
    require_draft(by, report_format)
    unknown = set(fields) - FORMAT_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    if "languages" in fields:
        fields["languages"] = clean_languages(fields["languages"])
    for name, value in fields.items():
        setattr(report_format, name, value.strip() if isinstance(value, str) else value)
    return save_validated(report_format, by=by)


@transaction.atomic
def adopt_format(*, report_format: ReportFormat, by: Any, adopted_by: str = "") -> ReportFormat:
    """Adopt a draft: from now on it is frozen. Refused, with every problem listed, while the
    format has problems (``format_problems``). The version it replaces is retired."""
    require_draft(by, report_format)
    problems = format_problems(report_format)
    if problems:
        raise ValidationError(problems)
    report_format.status = FormatStatus.ADOPTED
    if adopted_by.strip():
        report_format.adopted_by = adopted_by.strip()
    save_validated(report_format, by=by)
    previous = report_format.previous
    if previous is not None and previous.status == FormatStatus.ADOPTED:
        previous.status = FormatStatus.RETIRED
        save_validated(previous, by=by, reason=_("Replaced by %(new)s") % {"new": report_format})
    return report_format


@transaction.atomic
def retire_format(*, report_format: ReportFormat, by: Any) -> ReportFormat:
    """Retire an adopted format (no new cycle should use it). A draft is not in use, so it
    cannot be retired."""
    require_manager(by, report_format)
    if report_format.status != FormatStatus.ADOPTED:
        raise ValidationError(
            _("Only an adopted format can be retired; this one is %(status)s.")
            % {"status": report_format.get_status_display().lower()}
        )
    report_format.status = FormatStatus.RETIRED
    return save_validated(report_format, by=by)


@transaction.atomic
def new_version(*, report_format: ReportFormat, by: Any) -> ReportFormat:
    """A draft v+1 of an adopted (or retired) format: its choice lists, sections and
    questions copied, each section and question keeping its lineage, each question its
    linked mandates. Refused for a draft, and when a later version was already made from it."""
    require_manager(by, report_format)
    if report_format.status == FormatStatus.DRAFT:
        raise ValidationError(
            _("This format is still a draft: change it directly instead of making a new version.")
        )
    later = ReportFormat.objects.filter(previous=report_format).first()
    if later is not None:
        raise ValidationError(
            _("Version %(version)s was already made from this one; continue from there.")
            % {"version": later.version}
        )
    newest = ReportFormat.objects.filter(
        instrument_id=report_format.instrument_id, title=report_format.title
    ).aggregate(newest=Max("version"))["newest"]
    draft = ReportFormat(
        instrument=report_format.instrument,
        title=report_format.title,
        version=max(newest or 0, report_format.version) + 1,
        previous=report_format,
        languages=list(report_format.languages),
        description=report_format.description,
    )
    save_validated(draft, by=by, reason=_("New version of %(old)s") % {"old": report_format})
    _copy_outline(report_format, draft, by=by)
    return draft


def _copy_outline(source: ReportFormat, draft: ReportFormat, *, by: Any) -> None:
    lists: dict[int, ChoiceList] = {}
    choices: list[Choice] = []
    for choice_list in source.choice_lists.prefetch_related("choices"):
        lists[choice_list.pk] = ChoiceList.objects.create(format=draft, name=choice_list.name)
        choices += [
            Choice(
                choice_list=lists[choice_list.pk], name=c.name, label=c.label, position=c.position
            )
            for c in choice_list.choices.all()
        ]
    Choice.objects.bulk_create(choices)
    sections: dict[int, Section] = {}
    for section in Section.objects.filter(format=source).order_by("position", "pk"):
        old_pk = section.pk
        section.pk = None
        section.format = draft
        section.parent = sections[section.parent_id] if section.parent_id else None
        section.repeat_choices = lists.get(section.repeat_choices_id or 0)
        section.save()
        sections[old_pk] = section
    copies: list[Question] = []
    for question in Question.objects.filter(format=source):
        copies.append(
            Question(
                **{
                    field.attname: getattr(question, field.attname)
                    for field in Question._meta.concrete_fields
                    if field.attname not in ("id", "format_id", "section_id", "choice_list_id")
                },
                format=draft,
                section=sections[question.section_id],
                choice_list=lists.get(question.choice_list_id or 0),
            )
        )
    reason = _("Copied from %(old)s") % {"old": source}
    bulk_create_with_history(copies, Question, default_user=by, default_change_reason=reason)
    new_ids = dict(Question.objects.filter(format=draft).values_list("lineage", "pk"))
    through = Question.mandates.through
    through.objects.bulk_create(
        through(question_id=new_ids[lineage], mandate_id=mandate_id)
        for lineage, mandate_id in through.objects.filter(question__format=source).values_list(
            "question__lineage", "mandate_id"
        )
    )


@transaction.atomic
def renumber(*, report_format: ReportFormat, by: Any) -> ReportFormat:
    """Number sections and questions from their places: sections 1, 2...; in section 1 its
    questions 1.1, 1.2..., then its sub-sections continue the count (1.3, with questions
    1.3.1...). Numbers typed by hand are replaced."""
    require_draft(by, report_format)
    sections = list(Section.objects.filter(format=report_format).order_by("position", "pk"))
    questions = list(Question.objects.filter(format=report_format).order_by("position", "pk"))
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    asked: dict[int | None, list[Question]] = {}
    for question in questions:
        asked.setdefault(question.section_id, []).append(question)

    def number(parent_id: int | None, prefix: str) -> None:
        count = 0
        for question in asked.get(parent_id, []):
            count += 1
            if question.number != f"{prefix}{count}":
                question.number = f"{prefix}{count}"
                attribute(question, by, _("Renumbered"))
                question.save(update_fields=["number"])
        for section in children.get(parent_id, []):
            count += 1
            if section.number != f"{prefix}{count}":
                section.number = f"{prefix}{count}"
                Section.objects.filter(pk=section.pk).update(number=section.number)
            number(section.pk, f"{prefix}{count}.")

    number(None, "")
    return report_format


# --- choice lists ----------------------------------------------------------------------------


def _check_choice_name(choice_list: ChoiceList, name: str) -> str:
    name = name.strip()
    if name.lower() == RESERVED_CHOICE:
        raise ValidationError(
            {"name": _("“other” is kept for 'Other, specify': tick that on the question instead.")}
        )
    return name


@transaction.atomic
def create_choice_list(
    *,
    report_format: ReportFormat,
    name: str,
    by: Any,
    choices: Iterable[tuple[str, dict[str, str]]] = (),
) -> ChoiceList:
    """A list of choices for the format's choice questions (or to repeat a section for), with
    its first ``choices`` as (name, label per language)."""
    require_draft(by, report_format)
    choice_list = save_validated(ChoiceList(format=report_format, name=name.strip()), by=by)
    for choice_name, label in choices:
        add_choice(choice_list=choice_list, name=choice_name, label=label, by=by)
    return choice_list


@transaction.atomic
def add_choice(*, choice_list: ChoiceList, name: str, label: dict[str, str], by: Any) -> Choice:
    """Add a choice at the end of a list; its label is written in the format's languages."""
    require_draft(by, choice_list.format)
    last = choice_list.choices.aggregate(last=Max("position"))["last"]
    choice = Choice(
        choice_list=choice_list,
        name=_check_choice_name(choice_list, name),
        label=clean_texts(label, choice_list.format, field="label", required=True),
        position=(last or 0) + 1,
    )
    return save_validated(choice, by=by)


@transaction.atomic
def rename_choice(*, choice: Choice, label: dict[str, str], by: Any) -> Choice:
    """Change what a choice says (its name, which answers store, stays)."""
    report_format = choice.choice_list.format
    require_draft(by, report_format)
    choice.label = clean_texts(label, report_format, field="label", required=True)
    return save_validated(choice, by=by)


@transaction.atomic
def reorder_choices(*, choice_list: ChoiceList, order: list[str], by: Any) -> ChoiceList:
    """Put the list's choices in ``order`` (every choice's name, once)."""
    require_draft(by, choice_list.format)
    choices = {c.name: c for c in choice_list.choices.all()}
    if sorted(order) != sorted(choices):
        raise ValidationError(
            {"order": _("Give every choice of the list once: %(names)s.")
             % {"names": ", ".join(sorted(choices))}}
        )  # fmt: skip
    for position, name in enumerate(order, start=1):
        if choices[name].position != position:
            choices[name].position = position
            choices[name].save(update_fields=["position"])
    return choice_list


# Sections are placed by the outline services; kept importable here for callers that build a
# format row by row (the XLSForm importer) and want the same order.
__all__ += ["place_sections"]
