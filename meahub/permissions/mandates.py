"""Who may see and change mandates, their evidence, reporting obligations and progress reports.

Rules:
- secretariat staff read every mandate and edit those of the instruments they serve (a
  mandate of a document with no instrument: any staff); they decide suggestions, confirm
  obligations and write progress reports for those instruments;
- everyone else (public, focal points, partners) reads the mandates of published resolutions
  and decisions, their status and evidence, but not the Secretariat's internal notes or who
  owns them; focal points find what is asked of Parties and Signatories with the actor filter;
- confirmed reporting obligations are public when their resolution is; proposed ones and
  progress report drafts are staff's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from meahub.instruments.models import Instrument
from meahub.mandates.enums import ObligationStatus
from meahub.mandates.models import Mandate, ProgressReport, ReportingObligation
from meahub.permissions.roles import AnyUser, is_secretariat, serves_instrument

# The actors through which a focal point's country is asked to act.
COUNTRY_ACTORS = ("Parties", "Signatories", "Range States", "National Focal Points")


def mandates_visible_to(user: AnyUser) -> QuerySet[Mandate]:
    if is_secretariat(user):
        return Mandate.objects.all()
    return Mandate.objects.filter(document__is_published=True)


def can_see_internal_notes(user: AnyUser) -> bool:
    return is_secretariat(user)


def can_edit_mandate(user: AnyUser, mandate: Mandate) -> bool:
    return can_edit_mandates_of(user, mandate.instrument)


def can_edit_mandates_of(user: AnyUser, instrument: Instrument | None) -> bool:
    if not is_secretariat(user):
        return False
    return instrument is None or serves_instrument(user, instrument)


def get_mandate_for_view(user: AnyUser, mandate_id: int) -> Mandate:
    return get_object_or_404(
        mandates_visible_to(user).select_related("document", "actor", "paragraph"),
        pk=mandate_id,
    )


def get_mandate_for_edit(user: AnyUser, mandate_id: int) -> Mandate:
    mandate = get_mandate_for_view(user, mandate_id)
    if not can_edit_mandate(user, mandate):
        raise PermissionDenied
    return mandate


def obligations_visible_to(user: AnyUser) -> QuerySet[ReportingObligation]:
    if is_secretariat(user):
        return ReportingObligation.objects.all()
    return ReportingObligation.objects.filter(
        status=ObligationStatus.CONFIRMED, mandate__document__is_published=True
    )


def progress_reports_visible_to(user: AnyUser) -> QuerySet[ProgressReport]:
    if is_secretariat(user):
        return ProgressReport.objects.all()
    return ProgressReport.objects.none()


def get_progress_report_for_edit(user: AnyUser, report_id: int) -> ProgressReport:
    report = get_object_or_404(progress_reports_visible_to(user), pk=report_id)
    if not can_edit_mandates_of(user, report.instrument):
        raise PermissionDenied
    return report
