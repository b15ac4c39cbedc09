"""Harmonised reporting and evidence: questions mapped across formats and instruments, and
questions linked to the mandates they give evidence on.

``map_questions`` says that a question of one format asks what a question of another format
(or instrument) asks, so an answer given to one is offered for reuse in the other. Mappings
are stored by lineage: they hold for every version of both formats, and the formats' status
does not matter (an adopted format's questions are mapped too). ``link_question_mandates``
links a question to mandates of its instrument's family.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from meahub.core.audit import attribute, delete_attributed, save_validated
from meahub.instruments.models import Instrument
from meahub.mandates.models import Mandate
from meahub.permissions.reporting import can_manage_reporting
from meahub.reporting.models import Question, QuestionMapping, ReportFormat
from meahub.reporting.services.format_checks import require_manager

# --- harmonised reporting --------------------------------------------------------------------


def _format_root(report_format: ReportFormat) -> int:
    """The first version of the format (versions form one chain through ``previous``)."""
    previous = dict(
        ReportFormat.objects.filter(instrument_id=report_format.instrument_id).values_list(
            "id", "previous_id"
        )
    )
    current = report_format.pk
    while previous.get(current):
        current = previous[current]
    return current


@transaction.atomic
def map_questions(
    *, question_a: Question, question_b: Question, by: Any, note: str = ""
) -> QuestionMapping:
    """Say that ``question_a`` asks what ``question_b`` (of another format or instrument)
    asks, so an answer to one is offered for reuse in the other. Staff serving either
    instrument. Refused for two versions of one format and for a pair already mapped."""
    format_a, format_b = question_a.format, question_b.format
    if not (
        can_manage_reporting(by, format_a.instrument)
        or can_manage_reporting(by, format_b.instrument)
    ):
        raise PermissionDenied
    if question_a.lineage == question_b.lineage or _format_root(format_a) == _format_root(format_b):
        raise ValidationError(
            {"question_b": _("Both questions are of “%(title)s” (in one version or another); "
                             "map a question of another format.") % {"title": format_a.title}}
        )  # fmt: skip
    pair = Q(lineage_a=question_a.lineage, lineage_b=question_b.lineage) | Q(
        lineage_a=question_b.lineage, lineage_b=question_a.lineage
    )
    if QuestionMapping.objects.filter(pair).exists():
        raise ValidationError({"question_b": _("These questions are already mapped.")})
    mapping = QuestionMapping(
        lineage_a=question_a.lineage,
        lineage_b=question_b.lineage,
        note=note.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return save_validated(mapping, by=by)


@transaction.atomic
def unmap_questions(*, mapping: QuestionMapping, by: Any) -> None:
    """Remove a mapping: staff serving the instrument of either side."""
    instruments = Instrument.objects.filter(
        report_formats__questions__lineage__in=[mapping.lineage_a, mapping.lineage_b]
    ).distinct()
    if not any(can_manage_reporting(by, instrument) for instrument in instruments):
        raise PermissionDenied
    delete_attributed(mapping, by=by)


def instrument_family_ids(instrument: Instrument) -> set[int]:
    """The instrument's family: the instrument at the top of its tree (CMS for the Bukhara
    Deer MOU) and every instrument under it."""
    parents = dict(Instrument.objects.values_list("id", "parent_id"))
    top = instrument.pk
    seen: set[int] = set()
    while parents.get(top) and top not in seen:
        seen.add(top)
        top = parents[top]
    family = {top}
    changed = True
    while changed:
        below = {pk for pk, parent in parents.items() if parent in family} - family
        changed = bool(below)
        family |= below
    return family


@transaction.atomic
def link_question_mandates(*, question: Question, mandates: Iterable[Mandate], by: Any) -> Question:
    """Set the mandates the question gives evidence on (replacing the previous links), each a
    mandate of the question's instrument family. The links are not part of the questionnaire,
    so an adopted format's questions may be linked too."""
    report_format = question.format
    require_manager(by, report_format)
    chosen = list(mandates)
    family = instrument_family_ids(report_format.instrument)
    outside = [m for m in chosen if m.instrument_id not in family]
    if outside:
        raise ValidationError(
            {"mandates": _("%(mandates)s: not a mandate of the %(code)s family.")
             % {"mandates": "; ".join(str(m) for m in outside),
                "code": report_format.instrument.code}}
        )  # fmt: skip
    attribute(question, by, _("Linked mandates"))
    question.mandates.set(chosen)
    return question
