"""From draft to accepted: delegation, submission (also on a country's behalf), the
Secretariat's review (accept, return with comments per question) and publication."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meahub.core.audit import attribute, delete_attributed, save_validated
from meahub.permissions import reporting as rules
from meahub.reporting import selectors
from meahub.reporting.enums import ReportState
from meahub.reporting.models import (
    NationalReport,
    Question,
    ReviewComment,
    Section,
    SectionDelegation,
)


def _save_report(report: NationalReport, *, by: Any, reason: str, fields: list[str]) -> None:
    attribute(report, by, reason)
    report.full_clean()
    report.save(update_fields=fields)


@transaction.atomic
def delegate_section(
    *, report: NationalReport, section: Section, contributor: Any, by: Any
) -> SectionDelegation:
    """The focal point asks a contributor of the country to draft a section."""
    if not rules.can_delegate(by, report):
        raise PermissionDenied
    if section.format_id != report.cycle.format_id:
        raise ValidationError({"section": _("This section is not in this report's format.")})
    if not rules.can_be_contributor(contributor, report):
        raise ValidationError(
            {"contributor": _("%(person)s is not a contact of %(country)s with an account.")
             % {"person": contributor, "country": report.country.name}}
        )  # fmt: skip
    existing = SectionDelegation.objects.filter(
        report=report, section=section, contributor=contributor
    ).first()
    if existing is not None:
        return existing
    delegation = SectionDelegation(
        report=report, section=section, contributor=contributor, created_by=by
    )
    return save_validated(delegation, by=by)


@transaction.atomic
def remove_delegation(*, delegation: SectionDelegation, by: Any) -> None:
    if not rules.can_delegate(by, delegation.report):
        raise PermissionDenied
    delete_attributed(delegation, by=by)


@transaction.atomic
def submit_report(*, report: NationalReport, by: Any) -> NationalReport:
    """Submit the report to the Secretariat. Every required question that is asked must be
    answered (ValidationError naming each missing one). Staff submitting for the country are
    recorded as submitting on its behalf. The report is then read-only for the country."""
    report = NationalReport.objects.select_for_update().select_related("cycle").get(pk=report.pk)
    if report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ValidationError({"__all__": _("This report has already been submitted.")})
    if not rules.can_submit_report(by, report):
        raise PermissionDenied
    missing = selectors.missing_required(report)
    if missing:
        raise ValidationError(
            {
                slot.question.name + (f"[{slot.item}]" if slot.item else ""): _(
                    "Question %(number)s%(item)s needs an answer."
                )
                % {
                    "number": slot.question.number or slot.question.name,
                    "item": f" ({slot.item_label})" if slot.item else "",
                }
                for slot in missing
            }
        )
    report.state = ReportState.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.submitted_on_behalf = rules.submits_on_behalf(by, report)
    reason = (
        _("Submitted on the country's behalf") if report.submitted_on_behalf else _("Submitted")
    )
    _save_report(
        report, by=by, reason=reason,
        fields=["state", "submitted_at", "submitted_by", "submitted_on_behalf"],
    )  # fmt: skip
    return report


@transaction.atomic
def add_comment(
    *,
    report: NationalReport,
    text: str,
    by: Any,
    question: Question | None = None,
    item: str = "",
) -> ReviewComment:
    """The Secretariat comments on a question of a submitted report (or on the whole)."""
    if not rules.can_review_report(by, report):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    if question is not None and question.format_id != report.cycle.format_id:
        raise ValidationError({"question": _("This question is not in this report's format.")})
    comment = ReviewComment(
        report=report, question=question, item=item, text=text.strip(), created_by=by
    )
    return save_validated(comment, by=by)


@transaction.atomic
def return_report(
    *,
    report: NationalReport,
    by: Any,
    note: str = "",
    comments: list[tuple[Question | None, str, str]] | None = None,
) -> NationalReport:
    """Return a submitted report to the country with comments (per question: (question,
    item, text)); the country can change its answers again and resubmit."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError({"__all__": _("Only a submitted report can be returned.")})
    if not rules.can_review_report(by, report):
        raise PermissionDenied
    for question, item, text in comments or []:
        add_comment(report=report, question=question, item=item, text=text, by=by)
    if not note.strip() and not report.comments.filter(resolved_at__isnull=True).exists():
        raise ValidationError({"note": _("Say what the country should change.")})
    report.state = ReportState.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_note = note.strip()
    _save_report(
        report, by=by, reason=_("Returned with comments"),
        fields=["state", "reviewed_at", "reviewed_by", "review_note"],
    )  # fmt: skip
    return report


@transaction.atomic
def accept_report(*, report: NationalReport, by: Any, note: str = "") -> NationalReport:
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError({"__all__": _("Only a submitted report can be accepted.")})
    if not rules.can_review_report(by, report):
        raise PermissionDenied
    report.state = ReportState.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_note = note.strip()
    report.comments.filter(resolved_at__isnull=True).update(resolved_at=report.reviewed_at)
    _save_report(
        report, by=by, reason=_("Accepted"),
        fields=["state", "reviewed_at", "reviewed_by", "review_note"],
    )  # fmt: skip
    return report


@transaction.atomic
def publish_report(*, report: NationalReport, by: Any, published: bool = True) -> NationalReport:
    """Publish an accepted report (the public may read it), or withdraw it."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    if not rules.can_review_report(by, report):
        raise PermissionDenied
    if published and report.state != ReportState.ACCEPTED:
        raise ValidationError({"__all__": _("Only an accepted report can be published.")})
    report.is_published = published
    _save_report(
        report, by=by, reason=_("Published") if published else _("Withdrawn from publication"),
        fields=["is_published"],
    )  # fmt: skip
    return report


@transaction.atomic
def resolve_comment(*, comment: ReviewComment, by: Any) -> ReviewComment:
    """The country marks a comment dealt with (or staff do)."""
    if not rules.can_edit_report(by, comment.report) and not rules.can_manage_reporting(
        by, comment.report.cycle.instrument
    ):
        raise PermissionDenied
    comment.resolved_at = timezone.now()
    return save_validated(comment, by=by)
