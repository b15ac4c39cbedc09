"""Report formats and reporting cycles in the API: what countries are asked, and by when, and
where each country's report stands (``?as_at=`` for any date). All public reads."""

from collections.abc import Iterator, Sequence
from typing import Any, overload

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from meahub.core.api_auth import acting_user, read_auth
from meahub.core.schemas import DETAIL_ERRORS, LIST_ERRORS, Pagination
from meahub.instruments.selectors import instrument_from_input
from meahub.permissions.reporting import (
    cycles_visible_to,
    formats_visible_to,
    get_format_for_view,
    reports_visible_to,
)
from meahub.permissions.roles import AnyUser
from meahub.reporting import selectors, tracking
from meahub.reporting.enums import RepeatSource, ReportState
from meahub.reporting.models import Choice, ReportFormat, ReportingCycle
from meahub.reporting.schemas import (
    ChoiceListOut,
    ChoiceOut,
    CountryStatusOut,
    CycleDetailOut,
    CycleFilter,
    CycleOut,
    FormatDetailOut,
    FormatFilter,
    FormatOut,
    QuestionOut,
    SectionOut,
    StatusQuery,
)

router = Router(tags=["reporting"])


# --- building the answers ------------------------------------------------------------------


def _cycle_out(
    request: HttpRequest, cycle: ReportingCycle, counts: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "instrument": cycle.instrument.code,
        "name": cycle.name,
        "format": cycle.format_id,
        "format_title": str(cycle.format),
        "frequency": cycle.frequency,
        "every_years": cycle.every_years,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "deadline_rule": cycle.deadline_rule,
        "deadline": cycle.deadline,
        "meeting": cycle.meeting.slug if cycle.meeting else None,
        "months_before_meeting": cycle.months_before_meeting,
        "aligned_with": cycle.aligned_with_id,
        "reminder_days": list(cycle.reminder_days or []),
        "member_roles": list(cycle.member_roles or []),
        "is_open": cycle.is_open,
        "counts": counts,
        "url": request.build_absolute_uri(cycle.get_absolute_url()),
    }


class SummarisedCycles(Sequence[dict[str, Any]]):
    """Cycles as ``CycleOut`` rows with their counts per state, worked out only for the page
    the paginator takes (a fixed number of queries per page)."""

    def __init__(self, request: HttpRequest, cycles: QuerySet[ReportingCycle]) -> None:
        self.request = request
        self.cycles = cycles

    def __len__(self) -> int:
        return self.cycles.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        summaries = tracking.cycle_summaries(list(self.cycles[index]))
        return [
            _cycle_out(self.request, s.cycle, {state: n for state, _label, n in s.counts})
            for s in summaries
        ]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self[0 : len(self)])


# --- formats -------------------------------------------------------------------------------


@router.get(
    "/reports/formats",
    response={200: list[FormatOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List report formats",
)
@paginate(Pagination)
def list_report_formats(
    request: HttpRequest, filters: Query[FormatFilter]
) -> QuerySet[ReportFormat]:
    """The questionnaires of the instruments, each version apart: adopted and retired ones for
    everyone, drafts for secretariat staff. Filter by `instrument` (code) and `status`."""
    user = acting_user(request)
    formats = formats_visible_to(user).select_related("instrument")
    if filters.instrument:
        formats = formats.filter(instrument=instrument_from_input(user, filters.instrument))
    if filters.status:
        formats = formats.filter(status=filters.status)
    return formats.order_by("instrument__code", "title", "-version")


@router.get(
    "/reports/formats/{format_id}",
    response={200: FormatDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a report format",
)
def get_report_format(request: HttpRequest, format_id: int) -> FormatDetailOut:
    """A format with its sections in order (each with its questions) and its lists of
    choices. Labels, help and titles are given in every language the format has."""
    report_format = get_format_for_view(acting_user(request), format_id)
    nodes = [node for root in selectors.format_tree(report_format) for node in root.walk()]
    names = {node.section.pk: node.section.name for node in nodes}
    sections = []
    for node in nodes:
        section = node.section
        sections.append(
            SectionOut(
                name=section.name,
                number=section.number,
                title=section.title,
                help=section.help or {},
                parent=names.get(section.parent_id) if section.parent_id else None,
                depth=node.depth,
                relevant=section.relevant,
                repeat_source=RepeatSource(section.repeat_source),
                repeat_choices=section.repeat_choices.name if section.repeat_choices else None,
                questions=[QuestionOut.model_validate(q) for q in node.questions],
            )
        )
    choice_lists = [
        ChoiceListOut(
            name=choice_list.name,
            choices=[ChoiceOut(name=c.name, label=c.label) for c in choice_list.choices.all()],
        )
        for choice_list in report_format.choice_lists.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    ]
    fields = FormatOut.model_validate(report_format).model_dump()
    return FormatDetailOut(**fields, sections=sections, choice_lists=choice_lists)


# --- cycles --------------------------------------------------------------------------------


def _cycles(user: AnyUser) -> QuerySet[ReportingCycle]:
    return cycles_visible_to(user).select_related("instrument", "format", "meeting")


@router.get(
    "/reports/cycles",
    response={200: list[CycleOut], **LIST_ERRORS},
    auth=read_auth,
    summary="List reporting cycles",
)
@paginate(Pagination)
def list_reporting_cycles(request: HttpRequest, filters: Query[CycleFilter]) -> SummarisedCycles:
    """Reporting cycles, the latest deadline first, each with how many reports are in each
    state now. Filter by `instrument` (code) and `is_open`."""
    user = acting_user(request)
    cycles = _cycles(user)
    if filters.instrument:
        cycles = cycles.filter(instrument=instrument_from_input(user, filters.instrument))
    if filters.is_open is not None:
        cycles = cycles.filter(is_open=filters.is_open)
    return SummarisedCycles(request, cycles.order_by("-deadline", "instrument__code", "pk"))


@router.get(
    "/reports/cycles/{cycle_id}",
    response={200: CycleDetailOut, **DETAIL_ERRORS},
    auth=read_auth,
    summary="Get a reporting cycle and who has reported",
)
def get_reporting_cycle(
    request: HttpRequest, cycle_id: int, query: Query[StatusQuery]
) -> CycleDetailOut:
    """A cycle with each country that must report (members on the deadline) and where its
    report stood at the end of `as_at` (now by default): not_started, draft, submitted,
    returned or accepted, with the summary sentence. `report` is the report's id for those
    who may read it."""
    user = acting_user(request)
    cycle = get_object_or_404(_cycles(user), pk=cycle_id)
    statuses = selectors.cycle_status(cycle, as_at=query.as_at)
    visible = set(reports_visible_to(user).filter(cycle=cycle).values_list("pk", flat=True))
    counts = {state: n for state, _label, n in tracking.state_counts(s.state for s in statuses)}
    day = query.as_at or timezone.localdate()
    return CycleDetailOut(
        **_cycle_out(request, cycle, counts),
        as_at=query.as_at,
        summary=tracking.status_sentence(cycle, statuses, day),
        status=[
            CountryStatusOut(
                country=s.country.code,
                name=s.country.name,
                state=ReportState(s.state),
                submitted_at=s.submitted_at,
                submitted_on_behalf=s.on_behalf,
                report=s.report.pk if s.report is not None and s.report.pk in visible else None,
            )
            for s in statuses
        ],
    )
