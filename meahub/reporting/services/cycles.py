"""Reporting cycles: when reports are due and which report a country fills in."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meahub.core.audit import save_validated
from meahub.countries.models import Country
from meahub.permissions.reporting import acts_for_country, can_manage_reporting
from meahub.reporting import selectors
from meahub.reporting.enums import CycleFrequency, DeadlineRule
from meahub.reporting.models import NationalReport, ReportingCycle

CYCLE_FIELDS = {
    "name",
    "format",
    "frequency",
    "every_years",
    "period_start",
    "period_end",
    "deadline_rule",
    "deadline",
    "meeting",
    "months_before_meeting",
    "aligned_with",
    "reminder_days",
    "member_roles",
    "is_open",
    "obligation",
}


def months_earlier(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def work_out_deadline(cycle: ReportingCycle) -> dt.date | None:
    """The deadline the cycle's rule gives: its date, N months before its meeting, or the
    aligned cycle's deadline."""
    if cycle.deadline_rule == DeadlineRule.BEFORE_MEETING and cycle.meeting is not None:
        if cycle.meeting.starts_on is None:
            raise ValidationError({"meeting": _("The meeting has no date yet.")})
        return months_earlier(cycle.meeting.starts_on, cycle.months_before_meeting or 0)
    if cycle.deadline_rule == DeadlineRule.ALIGNED and cycle.aligned_with is not None:
        return cycle.aligned_with.deadline
    return cycle.deadline


@transaction.atomic
def save_cycle(*, cycle: ReportingCycle, by: Any, **fields: Any) -> ReportingCycle:
    """Create or change a reporting cycle. The deadline follows its rule; an aligned cycle
    takes its period from the cycle it is aligned with. Reminders are (re)scheduled."""
    if not can_manage_reporting(by, cycle.instrument):
        raise PermissionDenied
    unknown = set(fields) - CYCLE_FIELDS
    if unknown:
        raise ValidationError({"__all__": _("Unknown fields: %s") % ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(cycle, name, value)
    if cycle.aligned_with_id and cycle.deadline_rule == DeadlineRule.ALIGNED:
        cycle.frequency = CycleFrequency.ALIGNED
        aligned = cycle.aligned_with
        assert aligned is not None
        cycle.period_start, cycle.period_end = aligned.period_start, aligned.period_end
    deadline = work_out_deadline(cycle)
    if deadline is None:
        raise ValidationError({"deadline": _("Give the deadline.")})
    cycle.deadline = deadline
    save_validated(cycle, by=by)
    # Only cycles that take their deadline from this one follow it; a cycle aligned in
    # frequency but with its own deadline keeps it.
    followers = list(cycle.aligned_cycles.filter(deadline_rule=DeadlineRule.ALIGNED))
    for aligned_cycle in followers:
        aligned_cycle.deadline = cycle.deadline
        aligned_cycle.period_start, aligned_cycle.period_end = cycle.period_start, cycle.period_end
        save_validated(aligned_cycle, by=by, reason=_("Follows %(cycle)s") % {"cycle": cycle})
    from meahub.reporting.reminders import schedule_reminders

    for changed in [cycle, *followers]:
        transaction.on_commit(lambda changed=changed: schedule_reminders(changed))  # type: ignore[misc]
    return cycle


def open_report(*, cycle: ReportingCycle, country: Country, by: Any) -> NationalReport:
    """The country's report in the cycle, made (not started) the first time it is opened by
    someone who acts for the country. Refuses a country that does not report in the cycle."""
    report = NationalReport.objects.filter(cycle=cycle, country=country).first()
    if report is not None:
        return report
    if not selectors.cycle_countries(cycle).filter(pk=country.pk).exists():
        raise ValidationError(
            {
                "country": _("%(country)s does not report in %(cycle)s.")
                % {"country": country.name, "cycle": cycle}
            }
        )
    report = NationalReport(cycle=cycle, country=country)
    if not acts_for_country(by, report):
        raise PermissionDenied
    with transaction.atomic():
        return save_validated(report, by=by)
