"""What staff do with mandates (step 3 of the lifecycle in ``meahub.mandates.services``):
status, owner, notes, evidence, suggestions, reporting obligations, the review list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from meahub.core.audit import delete_attributed, save_validated
from meahub.documents.models import Supersession
from meahub.mandates.enums import (
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    ReviewReason,
    SuggestionStatus,
)
from meahub.mandates.models import Evidence, EvidenceSuggestion, Mandate, ReportingObligation
from meahub.mandates.services.revisions import take_over
from meahub.permissions.mandates import can_edit_mandate
from meahub.permissions.roles import is_secretariat

OBLIGATION_FIELDS = (
    "subject",
    "every_meeting",
    "frequency_months",
    "report_to",
    "days_before_meeting",
    "next_due",
)

MANDATE_FIELDS = {
    "status",
    "owner",
    "notes",
    "theme",
    "timing",
    "due_text",
    "due_date",
    "due_meeting",
    "report_to",
    "action",
}


@transaction.atomic
def update_mandate(*, mandate: Mandate, by: Any, **fields: Any) -> Mandate:
    """Change a mandate's status, owner, notes, due date, theme...

    Refuses (ValidationError) a field that is not tracked here and an owner who is not
    Secretariat staff. A change of the text-derived fields (action, timing, deadline) lasts
    until the resolution's text is ingested again.
    """
    if not can_edit_mandate(by, mandate):
        raise PermissionDenied
    unknown = set(fields) - MANDATE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    owner = fields.get("owner")
    if owner is not None and not is_secretariat(owner):
        raise ValidationError({"owner": "Choose a member of the Secretariat."})
    for name, value in fields.items():
        setattr(mandate, name, value)
    return save_validated(mandate, by=by)


@transaction.atomic
def settle_review(
    *, mandate: Mandate, by: Any, predecessor: Mandate | None = None, retire: bool = False
) -> Mandate:
    """Take a mandate off the review list, as a person decides.

    - ``predecessor``: a mandate of a version this resolution supersedes that the new one
      carries on (only for a mandate with no predecessor): linked as carry-over links it
      (the earlier one superseded; owner and open status taken over if untracked);
    - ``retire=True``: the mandate is no longer asked (a new version dropped it, or the
      parser misread the paragraph): retired;
    - neither: kept as it is (new in this version, or still asked although not carried on).

    Carry-over does not put a settled mandate back on the list. Raises ValidationError when
    the mandate is not on the list or the predecessor is not of an earlier version, and
    PermissionDenied unless ``by`` may edit the mandate (and the predecessor).
    """
    if not can_edit_mandate(by, mandate):
        raise PermissionDenied
    if not mandate.review:
        raise ValidationError({"review": "This mandate is not on the review list."})
    if predecessor is not None and retire:
        raise ValidationError(
            {"predecessor": "Either link a predecessor or retire the mandate, not both."}
        )
    if predecessor is not None:
        if mandate.review != ReviewReason.NO_PREDECESSOR:
            raise ValidationError(
                {
                    "predecessor": "This mandate is of the earlier version: settle the new "
                    "version's mandate that carries it on instead."
                }
            )
        if not Supersession.objects.filter(
            old=predecessor.document_id, new=mandate.document_id
        ).exists():
            raise ValidationError(
                {"predecessor": "Choose a mandate of a version this resolution supersedes."}
            )
        if not can_edit_mandate(by, predecessor):
            raise PermissionDenied
        take_over(mandate, predecessor)
        save_validated(predecessor, by=by)
    elif retire:
        mandate.status = MandateStatus.RETIRED
    mandate.review = ReviewReason.NONE
    return save_validated(mandate, by=by)


@transaction.atomic
def add_evidence(*, mandate: Mandate, by: Any, kind: str, **fields: Any) -> Evidence:
    """Record what shows progress on a mandate: a paragraph, a document, a link..."""
    if not can_edit_mandate(by, mandate):
        raise PermissionDenied
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(EvidenceKind.values)}."})
    evidence = Evidence(mandate=mandate, kind=kind, added_by=by, **fields)
    return save_validated(evidence, by=by)


@transaction.atomic
def remove_evidence(*, evidence: Evidence, by: Any) -> None:
    """Delete a piece of evidence (its history keeps who added and removed it)."""
    if not can_edit_mandate(by, evidence.mandate):
        raise PermissionDenied
    delete_attributed(evidence, by=by)


@transaction.atomic
def decide_suggestion(*, suggestion: EvidenceSuggestion, by: Any, accept: bool) -> None:
    """Accept (the paragraph becomes evidence of the mandate) or reject a suggestion."""
    if not can_edit_mandate(by, suggestion.mandate):
        raise PermissionDenied
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    if accept and not suggestion.mandate.evidence.filter(paragraph=suggestion.paragraph).exists():
        add_evidence(
            mandate=suggestion.mandate,
            by=by,
            kind=EvidenceKind.PARAGRAPH,
            paragraph=suggestion.paragraph,
            document=suggestion.paragraph.document,
        )


@transaction.atomic
def decide_obligation(
    *, obligation: ReportingObligation, by: Any, confirm: bool, **fields: Any
) -> ReportingObligation:
    """Confirm (with corrections: subject, frequency, next due date...) or reject a proposed
    reporting obligation."""
    if not can_edit_mandate(by, obligation.mandate):
        raise PermissionDenied
    unknown = set(fields) - set(OBLIGATION_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation.status = ObligationStatus.CONFIRMED if confirm else ObligationStatus.REJECTED
    obligation.decided_by = by
    obligation.decided_at = timezone.now()
    return save_validated(obligation, by=by)
