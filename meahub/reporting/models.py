"""National reporting: formats (questionnaires), cycles, countries' reports and their answers,
the Secretariat's review, and the overview report compiled from them.

Texts a reader sees in several languages (titles, labels, help, choices) are JSON objects keyed
by language code: ``{"en": "Threats", "fr": "Menaces"}``; ``translated`` picks one.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.reporting.enums import (
    CycleFrequency,
    DeadlineRule,
    FormatStatus,
    OverviewStatus,
    QuestionType,
    RepeatSource,
    ReportState,
)

name_validator = RegexValidator(
    r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$",
    _("Use letters, digits, '_', '-' or '.', starting with a letter or '_' (as in XLSForm)."),
)


def translated(texts: dict[str, str] | None, language: str | None = None) -> str:
    """The text in ``language`` (the active one by default), else English, else any."""
    if not texts:
        return ""
    language = (language or get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def new_lineage() -> str:
    return uuid.uuid4().hex


class ReportFormat(models.Model):
    """A questionnaire of an instrument, in one version. A new version copies the previous
    one; its questions keep their lineage, so answers compare across cycles."""

    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.PROTECT, related_name="report_formats"
    )
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=FormatStatus.choices, default=FormatStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_versions"
    )
    languages = models.JSONField(
        default=list, help_text=_("Language codes the labels are written in, e.g. en, fr, es.")
    )
    description = models.TextField(blank=True)
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text=_("Meeting or decision that adopted it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "title", "version"],
                name="report_format_unique_version",
                violation_error_message=_(
                    "This instrument already has this version of the format."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:format-detail", args=[self.pk])

    def clean(self) -> None:
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) for code in self.languages
        ):
            raise ValidationError({"languages": _("Give a list of language codes.")})


class ChoiceList(models.Model):
    """The choices of one or more questions (XLSForm's list_name)."""

    format = models.ForeignKey(ReportFormat, on_delete=models.CASCADE, related_name="choice_lists")
    name = models.CharField(max_length=64, validators=[name_validator])
    history = HistoricalRecords()

    class Meta:
        ordering = ["format", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["format", "name"],
                name="choice_list_unique_name",
                violation_error_message=_("This format already has a choice list of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Choice(models.Model):
    choice_list = models.ForeignKey(ChoiceList, on_delete=models.CASCADE, related_name="choices")
    name = models.CharField(max_length=64)
    label = models.JSONField(default=dict)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["choice_list", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["choice_list", "name"],
                name="choice_unique_name",
                violation_error_message=_("This list already has a choice of this name."),
            ),
        ]

    def __str__(self) -> str:
        return translated(self.label) or self.name


class Section(models.Model):
    """A section or sub-section of a format; it may be repeated for each item of a list."""

    format = models.ForeignKey(ReportFormat, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subsections"
    )
    name = models.CharField(max_length=64, validators=[name_validator])
    number = models.CharField(max_length=20, blank=True, help_text=_("As printed: 2, 2.1..."))
    position = models.PositiveIntegerField(default=0)
    title = models.JSONField(default=dict)
    help = models.JSONField(default=dict, blank=True)
    relevant = models.CharField(
        max_length=500, blank=True, help_text=_("Shown only when this condition holds.")
    )
    repeat_source = models.CharField(
        max_length=16, choices=RepeatSource.choices, default=RepeatSource.NONE, blank=True
    )
    repeat_choices = models.ForeignKey(
        ChoiceList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_sections",
        help_text=_("The list whose items the section is repeated for."),
    )
    lineage = models.CharField(max_length=32, default=new_lineage, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["format", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["format", "name"],
                name="section_unique_name",
                violation_error_message=_("This format already has a section of this name."),
            ),
            models.CheckConstraint(
                condition=~Q(repeat_source="choices") | Q(repeat_choices__isnull=False),
                name="section_repeated_over_choices_has_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {translated(self.title)}".strip()

    @property
    def is_repeated(self) -> bool:
        return bool(self.repeat_source)

    def clean(self) -> None:
        if self.repeat_source == RepeatSource.CHOICES and not self.repeat_choices_id:
            raise ValidationError(
                {"repeat_choices": _("Choose the list to repeat the section for.")}
            )


class Question(models.Model):
    """One question of a format. ``name`` is its identity in the format (XLSForm's name),
    ``lineage`` its identity across versions of the format, ``number`` what is printed."""

    format = models.ForeignKey(ReportFormat, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField(max_length=64, validators=[name_validator])
    number = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    label = models.JSONField(default=dict)
    help = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(default=False)
    unit = models.CharField(max_length=40, blank=True, help_text=_("For numbers: ha, km, animals."))
    min_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    choice_list = models.ForeignKey(
        ChoiceList, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    has_other = models.BooleanField(
        _("'other, specify'"), default=False, help_text=_("Offer 'Other' with a text to specify.")
    )
    relevant = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Asked only when this condition holds, e.g. ${q4} = 'yes'."),
    )
    calculation = models.CharField(max_length=500, blank=True)
    table_rows = models.JSONField(default=list, blank=True)
    table_columns = models.JSONField(default=list, blank=True)
    lineage = models.CharField(max_length=32, default=new_lineage, db_index=True)
    mandates = models.ManyToManyField(
        "mandates.Mandate",
        blank=True,
        related_name="questions",
        help_text=_("The mandates this question gives evidence on."),
    )
    history = HistoricalRecords(m2m_fields=[mandates])

    class Meta:
        ordering = ["format", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["format", "name"],
                name="question_unique_name",
                violation_error_message=_("This format already has a question of this name."),
            ),
            models.UniqueConstraint(
                fields=["format", "lineage"],
                name="question_unique_lineage",
                violation_error_message=_("A question appears once in a format."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="question_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {translated(self.label)}".strip() or self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        choice_types = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
        if self.type in choice_types and not self.choice_list_id:
            errors["choice_list"] = _("A choice question needs its list of choices.")
        if self.type == QuestionType.TABLE and not (self.table_rows and self.table_columns):
            errors["table_rows"] = _("A table needs its rows and columns.")
        if self.type == QuestionType.CALCULATED and not self.calculation:
            errors["calculation"] = _("A calculated value needs its calculation.")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value < self.min_value
        ):
            errors["max_value"] = _("The maximum is below the minimum.")
        if self.section_id and self.format_id and self.section.format_id != self.format_id:
            errors["section"] = _("The section belongs to another format.")
        if errors:
            raise ValidationError(errors)


class QuestionMapping(models.Model):
    """This question asks what that question asks (in another format or instrument): an
    answer to one is offered for reuse in the other. Stored by lineage, so it holds for every
    version of both formats."""

    lineage_a = models.CharField(max_length=32, db_index=True)
    lineage_b = models.CharField(max_length=32, db_index=True)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lineage_a", "lineage_b"],
                name="question_mapping_unique",
                violation_error_message=_("These questions are already mapped."),
            ),
            models.CheckConstraint(
                condition=~Q(lineage_a=models.F("lineage_b")), name="question_mapping_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lineage_a} ↔ {self.lineage_b}"


class ReportingCycle(models.Model):
    """One round of reporting of an instrument: which format, which period, by when.

    Which countries must report follows from the instrument's memberships in force on the
    deadline (see ``selectors.cycle_countries``).
    """

    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.PROTECT, related_name="reporting_cycles"
    )
    format = models.ForeignKey(ReportFormat, on_delete=models.PROTECT, related_name="cycles")
    name = models.CharField(max_length=120, help_text=_("E.g. 2020 or 2021-2023."))
    frequency = models.CharField(
        max_length=16, choices=CycleFrequency.choices, default=CycleFrequency.ANNUAL
    )
    every_years = models.PositiveSmallIntegerField(
        default=1, help_text=_("For 'every few years': how many.")
    )
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    deadline_rule = models.CharField(
        max_length=16, choices=DeadlineRule.choices, default=DeadlineRule.DATE
    )
    deadline = models.DateField(
        help_text=_("Worked out from the meeting or the aligned cycle unless the rule is a date.")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    months_before_meeting = models.PositiveSmallIntegerField(null=True, blank=True)
    aligned_with = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aligned_cycles",
        help_text=_("Report on another instrument's cycle (the MOU reporting with CAMI)."),
    )
    reminder_days = models.JSONField(
        default=list, blank=True, help_text=_("Days before the deadline to remind, e.g. 30, 7, 1.")
    )
    member_roles = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Membership roles that must report (party, signatory); empty: all countries."),
    )
    is_open = models.BooleanField(default=True)
    obligation = models.ForeignKey(
        "mandates.ReportingObligation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycles",
        help_text=_("The reporting obligation (from a resolution or the MOU) this cycle meets."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "name"],
                name="reporting_cycle_unique_name",
                violation_error_message=_("This instrument already has a cycle of this name."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reporting_cycle_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:cycle-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if self.deadline_rule == DeadlineRule.BEFORE_MEETING and not (
            self.meeting_id and self.months_before_meeting is not None
        ):
            errors["meeting"] = _("Choose the meeting and how many months before it.")
        if self.deadline_rule == DeadlineRule.ALIGNED and not self.aligned_with_id:
            errors["aligned_with"] = _("Choose the cycle to align with.")
        if self.aligned_with_id and self.pk and self.aligned_with_id == self.pk:
            errors["aligned_with"] = _("A cycle cannot align with itself.")
        if (
            self.format_id
            and self.instrument_id
            and self.format.instrument_id != self.instrument_id
        ):
            errors["format"] = _("The format belongs to another instrument.")
        days = self.reminder_days
        if not isinstance(days, list) or not all(isinstance(d, int) and d >= 0 for d in days):
            errors["reminder_days"] = _("Give whole numbers of days, e.g. 30, 7, 1.")
        if errors:
            raise ValidationError(errors)


def report_file_path(instance: Any, filename: str) -> str:
    report = instance.report
    return f"reports/{report.cycle_id}/{report.country.code}/{filename}"


class NationalReport(models.Model):
    """A country's report in a cycle. Made when someone first opens or answers it."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.PROTECT, related_name="reports")
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(
        max_length=16, choices=ReportState.choices, default=ReportState.NOT_STARTED
    )
    repeat_counts = models.JSONField(
        default=dict, blank=True, help_text=_("Items added to each freely repeated section.")
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on_behalf = models.BooleanField(
        default=False, help_text=_("Submitted by the Secretariat on the country's behalf.")
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Accepted reports the public may read.")
    )
    prefilled_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "country__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "country"],
                name="national_report_one_per_country",
                violation_error_message=_("This country already has a report in this cycle."),
            ),
            models.CheckConstraint(
                condition=~Q(is_published=True) | Q(state="accepted"),
                name="national_report_published_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.country}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report-detail", args=[self.pk])


class Answer(models.Model):
    """One answer of a report: to a question, for an item of a repeated section ("" if not).

    ``version`` goes up on every save; a save that names an older version is refused, so two
    people never overwrite each other unseen. History keeps every value (the edit log).
    """

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    item = models.CharField(max_length=100, blank=True, default="")
    value = models.JSONField(null=True, blank=True)
    other_text = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=report_file_path, max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    reused_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "question__section__position", "question__position", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question", "item"],
                name="answer_one_per_question_and_item",
                violation_error_message=_("This question already has an answer for this item."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.name}[{self.item}] = {self.value!r}"


class ReviewComment(models.Model):
    """The Secretariat's comment on a report, on one question (or on the whole report)."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    item = models.CharField(max_length=100, blank=True, default="")
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class SectionDelegation(models.Model):
    """A focal point asks a contributor of their country to draft a section of the report."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="delegations")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="delegations")
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_delegations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "contributor"],
                name="section_delegation_unique",
                violation_error_message=_("This section is already delegated to this person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} → {self.contributor}"


class ReminderSent(models.Model):
    """A reminder e-mailed to a country's focal points, once per cycle, country and day."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    country = models.ForeignKey("countries.Country", on_delete=models.PROTECT, related_name="+")
    days_before = models.IntegerField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "country", "days_before"], name="reminder_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.country_id} −{self.days_before} days"


class OverviewReport(models.Model):
    """The overview compiled from a cycle's submitted reports, as at a date. ``data`` holds
    every figure with the answers it came from (see ``overview.compile_overview``)."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="overviews")
    as_at = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=OverviewStatus.choices, default=OverviewStatus.QUEUED
    )
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cycle", "-created_at"]

    def __str__(self) -> str:
        return f"Overview of {self.cycle} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:overview-detail", args=[self.pk])
