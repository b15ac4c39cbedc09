"""Meetings: where documents are tabled and decisions taken.

Only what documents need for now (issue 4): a meeting's identity, its instrument, place and
dates. Agendas, participants and registration belong to the meetings capability that follows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.meetings.enums import MeetingKind


class Meeting(models.Model):
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text=_("Short identifier used in addresses and on the command line: cms-cop14."),
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    kind = models.CharField(max_length=16, choices=MeetingKind.choices, default=MeetingKind.OTHER)
    name = models.CharField(max_length=300)
    place = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", args=[self.slug])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A meeting cannot end before it starts.")})
