"""Who may see and change report formats, reporting cycles and national reports.

Rules:
- secretariat staff read everything; staff serving the instrument author its formats (drafts
  only: an adopted format is frozen, a change is a new version), run its cycles, review
  (accept, return with comments, publish) its reports, and may fill in and submit a report on
  a country's behalf (recorded as such);
- a national focal point reads and writes their own country's reports of the instruments they
  serve (directly or through shared focal points), delegates sections to contributors of their
  country, and submits; a contributor reads the report and drafts the sections delegated to
  them, and cannot submit;
- answers change only while the report is not started, a draft or returned; after submission
  it is read-only until the Secretariat returns it;
- partners and the public read only reports the Secretariat has accepted and published, and
  never the edit log or the review comments. Adopted formats, cycles and who has reported are
  public.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from meahub.instruments.models import Instrument
from meahub.permissions.roles import (
    AnyUser,
    focal_point_countries,
    is_secretariat,
    is_signed_in,
    serves_instrument,
)
from meahub.reporting.enums import EDITABLE_STATES, FormatStatus, ReportState
from meahub.reporting.models import (
    NationalReport,
    OverviewReport,
    ReportFormat,
    ReportingCycle,
    Section,
    SectionDelegation,
)

# --- formats and cycles ------------------------------------------------------------------------


def formats_visible_to(user: AnyUser) -> QuerySet[ReportFormat]:
    if is_secretariat(user):
        return ReportFormat.objects.all()
    return ReportFormat.objects.exclude(status=FormatStatus.DRAFT)


def can_manage_reporting(user: AnyUser, instrument: Instrument) -> bool:
    """Staff serving the instrument: formats, cycles, reviews, reminders, overviews."""
    return is_secretariat(user) and serves_instrument(user, instrument)


def can_edit_format(user: AnyUser, report_format: ReportFormat) -> bool:
    return report_format.status == FormatStatus.DRAFT and can_manage_reporting(
        user, report_format.instrument
    )


def get_format_for_view(user: AnyUser, format_id: int) -> ReportFormat:
    return get_object_or_404(formats_visible_to(user).select_related("instrument"), pk=format_id)


def get_format_for_edit(user: AnyUser, format_id: int) -> ReportFormat:
    report_format = get_format_for_view(user, format_id)
    if not can_edit_format(user, report_format):
        raise PermissionDenied
    return report_format


def cycles_visible_to(user: AnyUser) -> QuerySet[ReportingCycle]:
    return ReportingCycle.objects.all()


def get_cycle_for_view(user: AnyUser, cycle_id: int) -> ReportingCycle:
    return get_object_or_404(
        cycles_visible_to(user).select_related("instrument", "format"), pk=cycle_id
    )


def get_cycle_for_manage(user: AnyUser, cycle_id: int) -> ReportingCycle:
    cycle = get_cycle_for_view(user, cycle_id)
    if not can_manage_reporting(user, cycle.instrument):
        raise PermissionDenied
    return cycle


# --- national reports --------------------------------------------------------------------------


def is_country_focal_point(user: AnyUser, report: NationalReport) -> bool:
    return report.country.code in focal_point_countries(user, report.cycle.instrument)


def delegated_section_ids(user: AnyUser, report: NationalReport) -> set[int]:
    """Sections delegated to ``user`` in this report, with their sub-sections."""
    if not is_signed_in(user):
        return set()
    direct = set(
        SectionDelegation.objects.filter(report=report, contributor=user).values_list(
            "section_id", flat=True
        )
    )
    if not direct:
        return set()
    parents = dict(
        Section.objects.filter(format_id=report.cycle.format_id).values_list("id", "parent_id")
    )
    ids = set()
    for section_id in parents:
        current: int | None = section_id
        while current is not None:
            if current in direct:
                ids.add(section_id)
                break
            current = parents.get(current)
    return ids


def reports_visible_to(user: AnyUser) -> QuerySet[NationalReport]:
    if is_secretariat(user):
        return NationalReport.objects.all()
    visible = Q(is_published=True)
    if is_signed_in(user):
        instruments = Instrument.objects.filter(reporting_cycles__isnull=False).distinct()
        for instrument in instruments:
            codes = focal_point_countries(user, instrument)
            if codes:
                visible |= Q(cycle__instrument=instrument, country__code__in=codes)
        visible |= Q(delegations__contributor=user)
    return NationalReport.objects.filter(visible).distinct()


def can_view_report(user: AnyUser, report: NationalReport) -> bool:
    return (
        report.is_published
        or is_secretariat(user)
        or is_country_focal_point(user, report)
        or bool(delegated_section_ids(user, report))
    )


def can_see_working_papers(user: AnyUser, report: NationalReport) -> bool:
    """The edit log, review comments, delegations and drafts: the country and the Secretariat."""
    return (
        is_secretariat(user)
        or is_country_focal_point(user, report)
        or bool(delegated_section_ids(user, report))
    )


def acts_for_country(user: AnyUser, report: NationalReport) -> bool:
    """The country's focal point, or staff serving the instrument (on the country's behalf)."""
    return is_country_focal_point(user, report) or can_manage_reporting(
        user, report.cycle.instrument
    )


def can_edit_report(user: AnyUser, report: NationalReport) -> bool:
    """May change every answer of the report now."""
    return report.state in EDITABLE_STATES and acts_for_country(user, report)


def can_edit_section(user: AnyUser, report: NationalReport, section: Section) -> bool:
    """May change the answers of this section now (a contributor: only delegated sections)."""
    if report.state not in EDITABLE_STATES:
        return False
    return acts_for_country(user, report) or section.pk in delegated_section_ids(user, report)


def editable_section_ids(
    user: AnyUser, report: NationalReport, section_ids: Iterable[int]
) -> set[int]:
    """Of ``section_ids``, those whose answers ``user`` may change now: ``can_edit_section``
    for a whole page of sections at once (a fixed number of queries)."""
    if report.state not in EDITABLE_STATES:
        return set()
    if acts_for_country(user, report):
        return set(section_ids)
    return set(section_ids) & delegated_section_ids(user, report)


def can_submit_report(user: AnyUser, report: NationalReport) -> bool:
    return report.state in EDITABLE_STATES and acts_for_country(user, report)


def submits_on_behalf(user: AnyUser, report: NationalReport) -> bool:
    """True when staff, not the country's focal point, submit."""
    return not is_country_focal_point(user, report)


def can_delegate(user: AnyUser, report: NationalReport) -> bool:
    return is_country_focal_point(user, report)


def can_be_contributor(candidate: AnyUser, report: NationalReport) -> bool:
    """A person of the report's country (their contact's country) with an account."""
    if not is_signed_in(candidate):
        return False
    contact = getattr(candidate, "contact", None)
    return contact is not None and contact.country_id == report.country_id


def can_review_report(user: AnyUser, report: NationalReport) -> bool:
    """Accept or return a submitted report; publish or withdraw an accepted one."""
    return report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED) and can_manage_reporting(
        user, report.cycle.instrument
    )


def get_report_for_view(user: AnyUser, report_id: int) -> NationalReport:
    report = get_object_or_404(
        NationalReport.objects.select_related("cycle__instrument", "cycle__format", "country"),
        pk=report_id,
    )
    if not can_view_report(user, report):
        raise Http404("No such report.")
    return report


# --- overview reports --------------------------------------------------------------------------


def overviews_visible_to(user: AnyUser) -> QuerySet[OverviewReport]:
    """Overview reports are the Secretariat's drafts for a meeting document: staff read every
    one; focal points, partners and the public none (they read the meeting document)."""
    if is_secretariat(user):
        return OverviewReport.objects.all()
    return OverviewReport.objects.none()


def can_compile_overview(user: AnyUser, cycle: ReportingCycle) -> bool:
    """Staff serving the cycle's instrument compile its overview."""
    return can_manage_reporting(user, cycle.instrument)


def get_overview_for_view(user: AnyUser, overview_id: int) -> OverviewReport:
    """The overview, or 404 for anyone who may not see it."""
    return get_object_or_404(
        overviews_visible_to(user).select_related("cycle__instrument", "cycle__format"),
        pk=overview_id,
    )
