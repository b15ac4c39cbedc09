"""Mandates: what a resolution asks of whom, tracked until it is done.

A ``Mandate`` is one action verb of an operative paragraph and one actor it addresses
("requests" + Secretariat). It is created when the resolution is ingested (never twice: one
per paragraph, verb occurrence and actor), then tracked by staff: status, owner, notes,
evidence. When a revised resolution arrives, each mandate of the new version is linked to the
one it carries on (``predecessor``, through the paragraph alignment), the old one becomes
superseded and keeps its evidence; what has no counterpart waits on the review list.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.mandates.enums import (
    OPEN_STATUSES,
    EvidenceKind,
    MandateStatus,
    ObligationStatus,
    ReportTo,
    ReviewReason,
    SuggestionStatus,
    Timing,
)


class Mandate(models.Model):
    paragraph = models.ForeignKey(
        "documents.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
        help_text=_("The operative paragraph that gives the mandate."),
    )
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="mandates"
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
    )
    actor = models.ForeignKey("documents.Actor", on_delete=models.PROTECT, related_name="mandates")
    verb = models.CharField(max_length=60)
    verb_index = models.PositiveSmallIntegerField(default=0)
    action = models.TextField(help_text=_("What is asked, in the paragraph's words."))
    timing = models.CharField(max_length=12, choices=Timing.choices, default=Timing.STANDING)
    due_text = models.CharField(
        _("due"), max_length=200, blank=True, help_text=_('As the text says: "by 2026".')
    )
    due_date = models.DateField(null=True, blank=True)
    due_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates_due",
    )
    report_to = models.CharField(max_length=12, choices=ReportTo.choices, blank=True)
    theme = models.CharField(
        max_length=200, blank=True, help_text=_("Section of the progress report it goes in.")
    )
    status = models.CharField(
        max_length=12, choices=MandateStatus.choices, default=MandateStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates_owned",
    )
    notes = models.TextField(blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text=_("The mandate of the earlier version that this one carries on."),
    )
    review = models.CharField(
        max_length=16,
        choices=ReviewReason.choices,
        blank=True,
        help_text=_("Why a person must look at it (cleared when settled)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document__symbol", "paragraph__position", "verb_index", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "verb_index", "actor"], name="mandate_once_per_paragraph"
            )
        ]
        indexes = [
            models.Index(fields=["status", "actor"], name="mandate_status_actor"),
            models.Index(fields=["instrument", "status"], name="mandate_instrument_status"),
        ]

    def __str__(self) -> str:
        where = self.paragraph.label if self.paragraph else "?"
        return f"{self.document.key} ¶{where}: {self.verb} {self.actor}"

    def get_absolute_url(self) -> str:
        return reverse("mandates:mandate-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Evidence(models.Model):
    """Something that shows what was done on a mandate."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    paragraph = models.ForeignKey(
        "documents.Paragraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_for",
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence_for",
    )
    url = models.URLField(blank=True, max_length=500)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["mandate", "added_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.mandate}"

    def clean(self) -> None:
        if self.kind == EvidenceKind.PARAGRAPH and not self.paragraph_id:
            raise ValidationError({"paragraph": _("Choose the paragraph that shows it.")})
        if self.kind == EvidenceKind.DOCUMENT and not self.document_id:
            raise ValidationError({"document": _("Choose the document that shows it.")})
        needs_address = (EvidenceKind.LINK, EvidenceKind.ACTIVITY, EvidenceKind.REPORT_ANSWER)
        if self.kind in needs_address and not (self.url or self.note):
            raise ValidationError({"url": _("Give the address, or say what it is.")})


class EvidenceSuggestion(models.Model):
    """A paragraph of a progress report that may report on a mandate, ranked, to decide."""

    paragraph = models.ForeignKey(
        "documents.Paragraph", on_delete=models.CASCADE, related_name="mandate_suggestions"
    )
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="suggestions")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    method = models.CharField(max_length=20, help_text=_("lexical or semantic"))
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paragraph", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "mandate"], name="suggestion_once")
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.mandate} ({self.score:.2f})"


class ReportingObligation(models.Model):
    """A duty to report that a mandate sets (who reports, on what, how often, to which
    meeting), proposed from the text and confirmed by a person."""

    mandate = models.ForeignKey(Mandate, on_delete=models.PROTECT, related_name="obligations")
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_obligations",
    )
    reporter = models.ForeignKey(
        "documents.Actor", on_delete=models.PROTECT, related_name="reporting_obligations"
    )
    subject = models.CharField(max_length=300)
    every_meeting = models.BooleanField(
        default=False, help_text=_("Due before each meeting of the body reported to.")
    )
    frequency_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("How often, in months (36: every three years).")
    )
    report_to = models.CharField(max_length=12, choices=ReportTo.choices, blank=True)
    days_before_meeting = models.PositiveSmallIntegerField(null=True, blank=True)
    next_due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ObligationStatus.choices, default=ObligationStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "next_due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mandate"], name="obligation_once_per_mandate")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} report on {self.subject}"


class ProgressReport(models.Model):
    """The Secretariat's report on its mandates to a meeting, drafted from the tracker."""

    instrument = models.ForeignKey(
        "instruments.Instrument", on_delete=models.PROTECT, related_name="progress_reports"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="progress_reports"
    )
    symbol = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    action_requested = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.symbol or self.title

    def get_absolute_url(self) -> str:
        return reverse("mandates:report-detail", args=[self.pk])


class ProgressEntry(models.Model):
    """What was done on one mandate, as the report says it (editable)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="entries")
    mandate = models.ForeignKey(
        Mandate, on_delete=models.SET_NULL, null=True, blank=True, related_name="report_entries"
    )
    theme = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name_plural = "progress entries"

    def __str__(self) -> str:
        return f"{self.report}: {self.mandate}"
