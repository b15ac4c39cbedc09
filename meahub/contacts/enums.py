from django.db import models
from django.utils.translation import gettext_lazy as _


class FocalPointKind(models.TextChoices):
    NATIONAL_FOCAL_POINT = "national_focal_point", _("National focal point")
    CONTACT_POINT = "contact_point", _("Contact point")
    SPECIES_FOCAL_POINT = "species_focal_point", _("Species focal point")
    SCIENTIFIC_COUNCILLOR = "scientific_councillor", _("Scientific councillor")


class NominationStatus(models.TextChoices):
    """The lifecycle of a nomination: nominated → confirmed → replaced or ended."""

    NOMINATED = "nominated", _("Nominated")
    CONFIRMED = "confirmed", _("Confirmed")
    REPLACED = "replaced", _("Replaced")
    ENDED = "ended", _("Ended")
