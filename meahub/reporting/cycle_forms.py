"""Forms of the cycle pages: a reporting cycle (create, edit) and the status page's "as at"
date. Every refusal names the field it is about; the rules themselves (deadline from a
meeting or an aligned cycle, the period ordered) are the service's and the model's."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meahub.core.forms import DateInput
from meahub.instruments.enums import MembershipRole
from meahub.instruments.models import Instrument
from meahub.mandates.enums import ObligationStatus
from meahub.mandates.models import ReportingObligation
from meahub.meetings.models import Meeting
from meahub.reporting.enums import CycleFrequency, DeadlineRule
from meahub.reporting.models import ReportFormat, ReportingCycle
from meahub.reporting.tracking import adopted_formats

REPORTING_ROLES = [
    (MembershipRole.PARTY.value, MembershipRole.PARTY.label),
    (MembershipRole.SIGNATORY.value, MembershipRole.SIGNATORY.label),
    (MembershipRole.RANGE_STATE.value, MembershipRole.RANGE_STATE.label),
]
MAX_REMINDER_DAYS = 366


def parse_reminder_days(text: str) -> list[int]:
    """ "30, 7, 1" → [30, 7, 1] (distinct, largest first); ValueError naming a bad entry."""
    days: set[int] = set()
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        if not part.isdigit() or int(part) > MAX_REMINDER_DAYS:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


class CycleChoiceField(forms.ModelChoiceField[ReportingCycle]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.instrument.code} {obj.name} ({obj.period_start:%Y}–{obj.period_end:%Y})"


class CycleForm(forms.Form):
    """A reporting cycle of one instrument: its format, frequency, period, deadline rule,
    reminders and which members report. Fields a rule does not use are ignored."""

    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("E.g. 2020 or 2021-2023."))
    format = forms.ModelChoiceField(
        ReportFormat.objects.none(),
        label=_("Report format"),
        help_text=_("One of the instrument's adopted formats."),
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"), choices=CycleFrequency.choices, initial=CycleFrequency.ANNUAL
    )
    every_years = forms.IntegerField(
        label=_("Every how many years"),
        min_value=1,
        max_value=20,
        required=False,
        initial=1,
        help_text=_("For 'every few years'."),
    )
    period_start = forms.DateField(
        label=_("Reporting period from"),
        widget=DateInput(),
        required=False,
        help_text=_("Not needed when the cycle follows another instrument's cycle."),
    )
    period_end = forms.DateField(label=_("Reporting period to"), widget=DateInput(), required=False)
    deadline_rule = forms.ChoiceField(
        label=_("Reports are due"),
        choices=DeadlineRule.choices,
        initial=DeadlineRule.DATE,
        widget=forms.RadioSelect,
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=DateInput(), required=False, help_text=_("For 'a date'.")
    )
    months_before_meeting = forms.IntegerField(
        label=_("Months before the meeting"), min_value=0, max_value=60, required=False
    )
    meeting = forms.ModelChoiceField(
        Meeting.objects.none(),
        label=_("Meeting"),
        required=False,
        help_text=_("For 'months before a meeting': a meeting with its dates."),
    )
    aligned_with = CycleChoiceField(
        ReportingCycle.objects.none(),
        label=_("Aligned with the cycle"),
        required=False,
        help_text=_("Another instrument's cycle this one follows: its period and deadline."),
    )
    reminder_days = forms.CharField(
        label=_("Reminders, days before the deadline"),
        required=False,
        help_text=_("E.g. 30, 7, 1. Focal points of countries that have not submitted are "
                    "e-mailed on those days."),
    )  # fmt: skip
    member_roles = forms.MultipleChoiceField(
        label=_("Who must report"),
        choices=REPORTING_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members with these roles on the deadline; none ticked: every member country."),
    )
    is_open = forms.BooleanField(
        label=_("Open (reports are being collected)"), required=False, initial=True
    )
    obligation = forms.ModelChoiceField(
        ReportingObligation.objects.none(),
        label=_("Reporting obligation met"),
        required=False,
        help_text=_("The confirmed obligation (from a resolution or the instrument's text) "
                    "that asks for these reports."),
    )  # fmt: skip

    def __init__(
        self, *args: Any, instrument: Instrument, cycle: ReportingCycle | None = None, **kwargs: Any
    ) -> None:
        if cycle is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_cycle(cycle)
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.cycle = cycle
        formats = adopted_formats(instrument)
        if cycle is not None:  # a cycle keeps its format even after the format is retired
            formats = ReportFormat.objects.filter(Q(pk__in=formats) | Q(pk=cycle.format_id))
        self.fields["format"].queryset = formats  # type: ignore[attr-defined]
        if cycle is None and not self.is_bound:
            only = list(formats[:2])
            if len(only) == 1:  # the usual case: one adopted format, chosen already
                self.initial.setdefault("format", only[0].pk)
        shared = instrument.relations.filter(shares_meetings=True).values("target_id")
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            Q(instrument=instrument) | Q(instrument_id__in=shared)
        ).order_by("-starts_on", "name")
        self.fields["aligned_with"].queryset = (  # type: ignore[attr-defined]
            ReportingCycle.objects.exclude(instrument=instrument)
            .select_related("instrument")
            .order_by("instrument__code", "-deadline")
        )
        self.fields["obligation"].queryset = (  # type: ignore[attr-defined]
            ReportingObligation.objects.filter(
                status=ObligationStatus.CONFIRMED, instrument=instrument
            )
            .select_related("reporter")
            .order_by("subject")
        )
        if cycle is None:
            del self.fields["is_open"]

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("reminder_days") or ""
        try:
            return parse_reminder_days(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("“%(entry)s” is not a number of days (0 to %(max)s); write e.g. 30, 7, 1."),
                params={"entry": error.args[0], "max": MAX_REMINDER_DAYS},
            ) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = data.get("deadline_rule")
        frequency = data.get("frequency")
        if frequency == CycleFrequency.EVERY_N_YEARS and not data.get("every_years"):
            self.add_error("every_years", _("Say every how many years."))
        if rule == DeadlineRule.DATE and not data.get("deadline"):
            self.add_error("deadline", _("Give the deadline."))
        if rule == DeadlineRule.BEFORE_MEETING:
            if not data.get("meeting"):
                self.add_error("meeting", _("Choose the meeting."))
            if data.get("months_before_meeting") is None:
                self.add_error("months_before_meeting", _("Say how many months before it."))
        aligned = rule == DeadlineRule.ALIGNED or frequency == CycleFrequency.ALIGNED
        if aligned and not data.get("aligned_with"):
            self.add_error("aligned_with", _("Choose the cycle to align with."))
        if rule != DeadlineRule.ALIGNED:
            for name in ("period_start", "period_end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the reporting period."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``save_cycle``'s keyword arguments; what the rule does not use
        is cleared, and an aligned cycle's period is left to the cycle it follows."""
        data = self.cleaned_data
        rule = data["deadline_rule"]
        aligned = rule == DeadlineRule.ALIGNED or data["frequency"] == CycleFrequency.ALIGNED
        fields: dict[str, Any] = {
            "name": data["name"].strip(),
            "format": data["format"],
            "frequency": data["frequency"],
            "every_years": data.get("every_years") or 1,
            "deadline_rule": rule,
            "meeting": data.get("meeting") if rule == DeadlineRule.BEFORE_MEETING else None,
            "months_before_meeting": data.get("months_before_meeting")
            if rule == DeadlineRule.BEFORE_MEETING
            else None,
            "aligned_with": data.get("aligned_with") if aligned else None,
            "reminder_days": data["reminder_days"],
            "member_roles": list(data.get("member_roles") or []),
            "obligation": data.get("obligation"),
        }
        if rule == DeadlineRule.DATE:
            fields["deadline"] = data["deadline"]
        if data.get("period_start"):
            fields["period_start"] = data["period_start"]
        if data.get("period_end"):
            fields["period_end"] = data["period_end"]
        if "is_open" in self.fields:
            fields["is_open"] = data.get("is_open", False)
        return fields


def initial_from_cycle(cycle: ReportingCycle) -> dict[str, Any]:
    return {
        "name": cycle.name,
        "format": cycle.format_id,
        "frequency": cycle.frequency,
        "every_years": cycle.every_years,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "deadline_rule": cycle.deadline_rule,
        "deadline": cycle.deadline,
        "meeting": cycle.meeting_id,
        "months_before_meeting": cycle.months_before_meeting,
        "aligned_with": cycle.aligned_with_id,
        "reminder_days": ", ".join(str(d) for d in cycle.reminder_days or []),
        "member_roles": list(cycle.member_roles or []),
        "is_open": cycle.is_open,
        "obligation": cycle.obligation_id,
    }


class AsAtForm(forms.Form):
    """The status page's date: where the reports stood at the end of that day."""

    as_at = forms.DateField(label=_("As at"), widget=DateInput(), required=False)
