from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meahub.instruments.enums import InstrumentKind, MembershipRole, RelationKind

code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9-]{1,15}$",
    _("Use 2 to 16 capital letters, digits or hyphens, starting with a letter (e.g. BKD)."),
)


class Instrument(models.Model):
    """The Convention or one of its family: an Agreement, MOU, initiative or programme."""

    code = models.CharField(
        max_length=16,
        unique=True,
        validators=[code_validator],
        help_text=_("Short code as in its document symbols: CMS, BKD, CAMI."),
    )
    kind = models.CharField(max_length=16, choices=InstrumentKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The family it belongs to (CMS for its Agreements and MOUs)."),
    )
    short_name = models.CharField(max_length=120)
    full_name = models.CharField(max_length=400)
    concluded_on = models.DateField(_("concluded"), null=True, blank=True)
    in_effect_on = models.DateField(_("in effect since"), null=True, blank=True)
    secretariat = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments_served",
    )
    species = models.ManyToManyField("species.Species", blank=True, related_name="instruments")
    summary = models.TextField(blank=True)
    website = models.URLField(blank=True)
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished instruments are seen by staff only.")
    )
    history = HistoricalRecords(m2m_fields=[species])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_effect_on__isnull=True)
                | Q(concluded_on__isnull=True)
                | Q(in_effect_on__gte=F("concluded_on")),
                name="instrument_in_effect_after_concluded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("instruments:instrument-detail", args=[self.code])

    def clean(self) -> None:
        if self.concluded_on and self.in_effect_on and self.in_effect_on < self.concluded_on:
            raise ValidationError(
                {"in_effect_on": _("It cannot come into effect before it was concluded.")}
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An instrument cannot be its own parent.")})


class InstrumentRelation(models.Model):
    """How one instrument relates to another, since when and what it means in practice.

    E.g. the Bukhara Deer MOU folded into the CAMI framework: shared meeting cycle, shared
    reporting cycle, shared focal points. With ``shares_focal_points`` the focal points of
    ``target`` serve ``source`` too (for the countries that are members of ``source``).
    """

    source = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="incoming_relations"
    )
    kind = models.CharField(max_length=16, choices=RelationKind.choices)
    since = models.DateField(null=True, blank=True)
    meaning = models.TextField(blank=True, help_text=_("What the relation means in practice."))
    decided_by = models.CharField(
        max_length=200, blank=True, help_text=_("Document or decision that established it.")
    )
    shares_meetings = models.BooleanField(_("shared meeting cycle"), default=False)
    shares_reporting = models.BooleanField(_("shared reporting cycle"), default=False)
    shares_focal_points = models.BooleanField(_("shared focal points"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="relation_unique",
                violation_error_message=_("These instruments already have this relation."),
            ),
            models.CheckConstraint(condition=~Q(source=F("target")), name="relation_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} {self.get_kind_display()} {self.target.code}"

    def clean(self) -> None:
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("An instrument cannot relate to itself.")})


class Membership(models.Model):
    """A country or organisation in an instrument, with its role and dated history."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="memberships")
    country = models.ForeignKey(
        "countries.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(max_length=32, choices=MembershipRole.choices)
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    effective_on = models.DateField(_("effective"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "role", "country__name_en", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="membership_country_or_organisation",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(withdrawn_on__gte=F("effective_on")),
                name="membership_withdrawn_after_effective",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(withdrawn_on__gte=F("signed_on")),
                name="membership_withdrawn_after_signed",
            ),
            # One current membership per member and instrument; a withdrawn one may be followed
            # by a new one (a country that leaves and comes back).
            models.UniqueConstraint(
                fields=["instrument", "country"],
                condition=Q(withdrawn_on__isnull=True, country__isnull=False),
                name="membership_one_current_per_country",
                violation_error_message=_("This country is already a member of this instrument."),
            ),
            models.UniqueConstraint(
                fields=["instrument", "organisation"],
                condition=Q(withdrawn_on__isnull=True, organisation__isnull=False),
                name="membership_one_current_per_organisation",
                violation_error_message=_(
                    "This organisation is already a member of this instrument."
                ),
            ),
        ]
        indexes = [models.Index(fields=["instrument", "role"], name="membership_by_role")]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()} of {self.instrument.code}"

    @property
    def member(self) -> object:
        return self.country if self.country_id else self.organisation

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if bool(self.country_id) == bool(self.organisation_id):
            errors["country"] = _("Choose either a country or an organisation, not both.")
        if self.role == MembershipRole.COOPERATING_ORGANISATION and self.country_id:
            errors["role"] = _("A country cannot be a cooperating organisation.")
        if (
            self.role in (MembershipRole.SIGNATORY, MembershipRole.RANGE_STATE)
            and self.organisation_id
        ):
            errors["role"] = _("Only a country can be a signatory or a range state here.")
        starts = [d for d in (self.signed_on, self.effective_on) if d]
        if self.withdrawn_on and starts and self.withdrawn_on < max(starts):
            errors["withdrawn_on"] = _("The withdrawal date is before the start date.")
        if errors:
            raise ValidationError(errors)
