"""Answers: saved one at a time, so two people filling in the same report never lose each
other's work. Each save names the version it changes; a save based on an older version is
refused with the answer as it now stands (``AnswerConflict``)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from meahub.core.audit import attribute
from meahub.permissions.reporting import can_edit_report, can_edit_section
from meahub.reporting import expressions, selectors, values
from meahub.reporting.enums import QuestionType, RepeatSource, ReportState
from meahub.reporting.models import Answer, NationalReport, Question, Section

# Files a report may carry: documents, spreadsheets, images, GIS data.
ALLOWED_FILE_TYPES = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".csv", ".xls", ".xlsx", ".ods",
    ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".zip", ".kml", ".kmz", ".geojson",
    ".shp", ".gpkg",
}  # fmt: skip


class AnswerConflict(Exception):
    """Someone else saved this answer since it was loaded."""

    def __init__(self, current: Answer) -> None:
        self.current = current
        who = (
            current.updated_by.get_full_name() or current.updated_by.username
            if current.updated_by
            else _("someone")
        )
        super().__init__(
            _(
                "%(who)s changed this answer since you opened it; their answer is shown. "
                "Check it, then save yours again if it should replace theirs."
            )
            % {"who": who}
        )


def _check_can_answer(report: NationalReport, question: Question, by: Any) -> None:
    if question.format_id != report.cycle.format_id:
        raise ValidationError({"question": _("This question is not in this report's format.")})
    if not can_edit_section(by, report, question.section):
        if report.state not in (ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED):
            raise ValidationError(
                {
                    "__all__": _(
                        "The report has been submitted: it is read-only until the Secretariat "
                        "returns it."
                    )
                }
            )
        raise PermissionDenied


def _check_item(report: NationalReport, question: Question, item: str) -> None:
    sections = {s.pk: s for s in Section.objects.filter(format_id=question.format_id)}
    repeated = selectors.repeated_ancestor(question.section, sections)
    if repeated is None:
        if item:
            raise ValidationError({"item": _("This question is not repeated: give no item.")})
        return
    keys = [key for key, _label in selectors.section_items(report, repeated)]
    if item not in keys:
        raise ValidationError(
            {
                "item": _("Unknown item %(item)r for %(section)s.")
                % {"item": item, "section": repeated}
            }
        )


def _lock_report(report: NationalReport) -> NationalReport:
    """The report again, locked (only its row) until the transaction ends."""
    return (
        NationalReport.objects.select_for_update(of=("self",))
        .select_related("cycle__instrument", "cycle__format", "country")
        .get(pk=report.pk)
    )


def _lock_answer(report: NationalReport, question: Question, item: str) -> Answer | None:
    return (
        Answer.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(report=report, question=question, item=item)
        .first()
    )


def _start_draft(report: NationalReport, by: Any) -> None:
    if report.state == ReportState.NOT_STARTED:
        report.state = ReportState.DRAFT
        attribute(report, by)
        report.save(update_fields=["state"])


def _store(
    report: NationalReport,
    question: Question,
    item: str,
    answer: Answer | None,
    *,
    by: Any,
    expected_version: int | None,
    reason: str = "",
    **fields: Any,
) -> Answer:
    if answer is not None and expected_version is not None and answer.version != expected_version:
        raise AnswerConflict(answer)
    if answer is None:
        if expected_version not in (None, 0):
            raise ValidationError(
                {
                    "version": _(
                        "This answer has been cleared since you opened it; reload the report."
                    )
                }
            )
        answer = Answer(report=report, question=question, item=item, version=1)
    else:
        answer.version += 1
    for name, value in fields.items():
        setattr(answer, name, value)
    answer.updated_by = by if getattr(by, "is_authenticated", False) else None
    attribute(answer, by, reason)
    answer.save()
    return answer


@transaction.atomic
def save_answer(
    *,
    report: NationalReport,
    question: Question,
    raw: Any,
    by: Any,
    item: str = "",
    other_text: str = "",
    expected_version: int | None = None,
) -> Answer:
    """Save one answer. ``expected_version`` is the version the person saw (0: none yet;
    None: do not check, for imports). Refuses a value of the wrong type or out of range
    (ValidationError on "value" with the reason), a report that is submitted, and a
    person who may not edit this section. Calculated values of the report follow."""
    report = _lock_report(report)
    _check_can_answer(report, question, by)
    _check_item(report, question, item)
    try:
        value = values.clean_value(question, raw, other_text=other_text)
    except values.InvalidAnswer as error:
        raise ValidationError({"value": error.message}) from error
    answer = _lock_answer(report, question, item)
    other = other_text.strip() if _mentions_other(question, value) else ""
    if answer is not None and answer.value == value and answer.other_text == other:
        if expected_version is not None and answer.version != expected_version:
            raise AnswerConflict(answer)
        return answer
    answer = _store(
        report, question, item, answer, by=by, expected_version=expected_version,
        value=value, other_text=other, reused_from=None,
    )  # fmt: skip
    _start_draft(report, by)
    refresh_calculations(report=report, by=by)
    return answer


def _mentions_other(question: Question, value: Any) -> bool:
    if not question.has_other:
        return False
    return value == "other" or (isinstance(value, list) and "other" in value)


def check_upload(upload: UploadedFile, *, question: Question) -> None:
    """Refuse a file too large or of a type reports do not carry, naming the file."""
    limit = settings.MEAHUB_MAX_UPLOAD_BYTES
    name = upload.name or "file"
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": _("%(name)s is %(size).1f MB; files may be at most %(limit).0f MB.")
             % {"name": name, "size": upload.size / 1e6, "limit": limit / 1e6}}
        )  # fmt: skip
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_FILE_TYPES:
        raise ValidationError(
            {"file": _("%(name)s: files of type %(type)s are not accepted (accepted: %(allowed)s).")
             % {"name": name, "type": suffix or _("without extension"),
                "allowed": ", ".join(sorted(ALLOWED_FILE_TYPES))}}
        )  # fmt: skip


@transaction.atomic
def save_file_answer(
    *,
    report: NationalReport,
    question: Question,
    upload: UploadedFile,
    by: Any,
    item: str = "",
    expected_version: int | None = None,
) -> Answer:
    """Attach a file as the answer to a file question."""
    report = _lock_report(report)
    _check_can_answer(report, question, by)
    _check_item(report, question, item)
    if question.type != QuestionType.FILE:
        raise ValidationError({"file": _("This question does not take a file.")})
    check_upload(upload, question=question)
    answer = _lock_answer(report, question, item)
    stored_name = PurePath(upload.name or "file").name
    answer = _store(
        report, question, item, answer, by=by, expected_version=expected_version,
        value=stored_name,
    )  # fmt: skip
    answer.file.save(stored_name, upload, save=False)
    attribute(answer, by)
    answer.save(update_fields=["file"])
    _start_draft(report, by)
    return answer


def _item_values(
    questions: list[Question], answers: dict[selectors.AnswerKey, Answer]
) -> dict[str, list[Any]]:
    """Question name → the values of every item, for questions of repeated sections, so a
    report-wide calculation such as ``sum(${area_deer})`` adds up the items."""
    by_id = {question.pk: question for question in questions}
    found: dict[str, list[Any]] = {}
    for (question_id, item), answer in sorted(answers.items()):
        question = by_id.get(question_id)
        if item and question is not None:
            found.setdefault(question.name, []).append(values.python_value(question, answer.value))
    return found


@transaction.atomic
def refresh_calculations(*, report: NationalReport, by: Any) -> list[Answer]:
    """Work out the report's calculated values again from its answers and store the changed
    ones (so they count in the overview like any answer)."""
    calculated = list(
        Question.objects.filter(format_id=report.cycle.format_id, type=QuestionType.CALCULATED)
    )
    if not calculated:
        return []
    questions = list(
        Question.objects.filter(format_id=report.cycle.format_id).only(
            "id", "name", "type", "calculation", "format_id", "section_id"
        )
    )
    answers = selectors.report_answers(report, with_people=False)
    context = selectors.expression_values(questions, answers)
    context.update(_item_values(questions, answers))
    changed = []
    for question in calculated:
        result = expressions.calculate(question.calculation, context)
        value = None if result is None else str(result)
        context[question.name] = result
        current = answers.get((question.pk, ""))
        if current is not None and current.value == value:
            continue
        if current is None and value is None:
            continue
        changed.append(
            _store(report, question, "", current, by=by, expected_version=None,
                   reason=_("calculated"), value=value)
        )  # fmt: skip
    return changed


@transaction.atomic
def add_repeat_item(*, report: NationalReport, section: Section, by: Any) -> str:
    """Add an item (a protected area, a project) to a freely repeated section; its key."""
    report = _lock_report(report)
    if section.repeat_source != RepeatSource.FREE or section.format_id != report.cycle.format_id:
        raise ValidationError(
            {"section": _("Items are added only to sections the country repeats.")}
        )
    if not can_edit_section(by, report, section):
        raise PermissionDenied
    counts = dict(report.repeat_counts or {})
    counts[section.name] = int(counts.get(section.name, 0)) + 1
    report.repeat_counts = counts
    attribute(report, by, _("Added an item to %(section)s") % {"section": section})
    report.save(update_fields=["repeat_counts"])
    _start_draft(report, by)
    return str(counts[section.name])


@transaction.atomic
def prefill_from_previous(*, report: NationalReport, by: Any) -> int:
    """Copy the country's answers of the previous cycle into the questions of this report
    that have none yet (matched by lineage, so reworded or moved questions still match).
    Returns how many answers were copied."""
    if not can_edit_report(by, report):
        raise PermissionDenied
    earlier = selectors.previous_report(report)
    if earlier is None:
        raise ValidationError(
            {"__all__": _("There is no report of the previous cycle to start from.")}
        )
    questions = {q.lineage: q for q in Question.objects.filter(format_id=report.cycle.format_id)}
    existing = set(Answer.objects.filter(report=report).values_list("question_id", "item"))
    copied = 0
    for old in Answer.objects.filter(report=earlier).select_related("question"):
        question = questions.get(old.question.lineage)
        if question is None or (question.pk, old.item) in existing or old.value is None:
            continue
        if question.type in (QuestionType.FILE, QuestionType.CALCULATED):
            continue
        try:
            value = values.clean_value(question, old.value, other_text=old.other_text)
        except values.InvalidAnswer:
            continue  # the question changed type or choices: leave it to the country
        _store(
            report, question, old.item, None, by=by, expected_version=None,
            reason=_("Prefilled from %(cycle)s") % {"cycle": earlier.cycle},
            value=value, other_text=old.other_text, reused_from=old,
        )  # fmt: skip
        copied += 1
    report.prefilled_from = earlier
    report.repeat_counts = {**(earlier.repeat_counts or {}), **(report.repeat_counts or {})}
    attribute(report, by)
    report.save(update_fields=["prefilled_from", "repeat_counts"])
    if copied:
        _start_draft(report, by)
        refresh_calculations(report=report, by=by)
    return copied


@transaction.atomic
def reuse_answer(
    *,
    report: NationalReport,
    question: Question,
    source: Answer,
    by: Any,
    expected_version: int | None = None,
) -> Answer:
    """Take the answer the country gave to a mapped question in another report."""
    offers = selectors.reuse_offers(report).get(question.pk, [])
    if source.pk not in {offer.answer.pk for offer in offers}:
        raise ValidationError({"source": _("This answer is not offered for this question.")})
    answer = save_answer(
        report=report, question=question, raw=source.value, by=by,
        other_text=source.other_text, expected_version=expected_version,
    )  # fmt: skip
    answer.reused_from = source
    answer.save(update_fields=["reused_from"])
    return answer
