"""The rhythm of reporting: from one cycle, the next one (same format, the period and
deadline moved on by the cycle's frequency)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meahub.meetings.models import Meeting
from meahub.permissions.reporting import can_manage_reporting
from meahub.reporting.enums import CycleFrequency, DeadlineRule
from meahub.reporting.models import ReportingCycle
from meahub.reporting.services.cycles import save_cycle

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` years later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def cycle_years(cycle: ReportingCycle) -> int:
    """How many years apart two cycles of this frequency are (0: the cycle is not repeated
    by itself; an aligned cycle follows the cycle it is aligned with)."""
    if cycle.frequency == CycleFrequency.ANNUAL:
        return 1
    if cycle.frequency == CycleFrequency.EVERY_N_YEARS:
        return max(int(cycle.every_years or 1), 1)
    return 0


def next_name(name: str, years: int) -> str:
    """The name with every year in it moved on: "2020" → "2021", "2021-2023" → "2024-2026";
    "" when the name holds no year."""
    if not _YEAR.search(name):
        return ""
    return _YEAR.sub(lambda match: str(int(match.group(1)) + years), name)


def following_cycle(cycle: ReportingCycle) -> ReportingCycle | None:
    """The cycle of the same instrument that comes after this one (by deadline)."""
    return (
        ReportingCycle.objects.filter(
            instrument_id=cycle.instrument_id, deadline__gt=cycle.deadline
        )
        .order_by("deadline", "pk")
        .first()
    )


def following_meeting(meeting: Meeting) -> Meeting | None:
    """The next meeting of the same instrument and kind, with a date."""
    if meeting.starts_on is None or meeting.instrument_id is None:
        return None
    return (
        Meeting.objects.filter(
            instrument_id=meeting.instrument_id,
            kind=meeting.kind,
            starts_on__gt=meeting.starts_on,
        )
        .order_by("starts_on", "pk")
        .first()
    )


def _next_fields(cycle: ReportingCycle) -> dict[str, Any]:
    """Period, deadline and rule of the cycle after ``cycle``; ValidationError naming what
    is missing to work them out."""
    fields: dict[str, Any] = {}
    if cycle.deadline_rule == DeadlineRule.ALIGNED or cycle.frequency == CycleFrequency.ALIGNED:
        aligned = cycle.aligned_with
        following = following_cycle(aligned) if aligned is not None else None
        if following is None:
            raise ValidationError(
                {"aligned_with": _(
                    "%(instrument)s has no cycle after %(cycle)s yet: open it first, then this "
                    "one with it."
                ) % {"instrument": aligned.instrument.code if aligned else "—",
                     "cycle": aligned or "—"}}
            )  # fmt: skip
        fields["aligned_with"] = following
        years = max(following.period_start.year - cycle.period_start.year, 0)
        fields["period_start"] = following.period_start
        fields["period_end"] = following.period_end
        fields["deadline"] = following.deadline
        return {**fields, "_years": years or 1}
    years = cycle_years(cycle)
    if not years:
        raise ValidationError(
            {"frequency": _("%(cycle)s is held once: it has no next cycle.") % {"cycle": cycle}}
        )
    fields["period_start"] = shift_years(cycle.period_start, years)
    fields["period_end"] = shift_years(cycle.period_end, years)
    fields["deadline"] = shift_years(cycle.deadline, years)
    if cycle.deadline_rule == DeadlineRule.BEFORE_MEETING and cycle.meeting is not None:
        meeting = following_meeting(cycle.meeting)
        if meeting is None:
            raise ValidationError(
                {"meeting": _(
                    "No meeting after %(meeting)s is registered: add the next one to the "
                    "meetings first, then open the next cycle."
                ) % {"meeting": cycle.meeting}}
            )  # fmt: skip
        fields["meeting"] = meeting
    return {**fields, "_years": years}


@transaction.atomic
def next_cycle(cycle: ReportingCycle, *, by: Any, name: str = "") -> ReportingCycle:
    """Open the cycle after ``cycle``: the same format, member roles, reminder days, rule and
    frequency, with the period and deadline moved on by the frequency (a year, N years); a
    deadline before a meeting follows the next meeting of the same kind; an aligned cycle
    aligns with the next cycle of the instrument it follows. The name moves on too ("2020" →
    "2021") unless ``name`` is given. Refuses a cycle held once, a missing next meeting or
    aligned cycle, and a name already used (ValidationError naming the field). Reminders of
    the new cycle are queued as for any saved cycle."""
    if not can_manage_reporting(by, cycle.instrument):
        raise PermissionDenied
    fields = _next_fields(cycle)
    years = fields.pop("_years")
    name = name.strip() or next_name(cycle.name, years)
    if not name:
        raise ValidationError(
            {"name": _("Give the next cycle's name: %(name)s holds no year to move on.")
             % {"name": cycle.name}}
        )  # fmt: skip
    new = ReportingCycle(instrument=cycle.instrument)
    return save_cycle(
        cycle=new,
        by=by,
        name=name,
        format=cycle.format,
        frequency=cycle.frequency,
        every_years=cycle.every_years,
        deadline_rule=cycle.deadline_rule,
        meeting=fields.get("meeting", cycle.meeting),
        months_before_meeting=cycle.months_before_meeting,
        aligned_with=fields.get("aligned_with", cycle.aligned_with),
        period_start=fields["period_start"],
        period_end=fields["period_end"],
        deadline=fields["deadline"],
        reminder_days=list(cycle.reminder_days or []),
        member_roles=list(cycle.member_roles or []),
        is_open=True,
    )
