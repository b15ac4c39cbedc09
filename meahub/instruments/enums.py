from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    CONVENTION = "convention", _("Convention")
    AGREEMENT = "agreement", _("Agreement")
    MOU = "mou", _("Memorandum of understanding")
    INITIATIVE = "initiative", _("Initiative or programme")


class MembershipRole(models.TextChoices):
    PARTY = "party", _("Party")
    SIGNATORY = "signatory", _("Signatory")
    RANGE_STATE = "range_state", _("Range State")
    COOPERATING_ORGANISATION = "cooperating_organisation", _("Cooperating organisation")


class RelationKind(models.TextChoices):
    FOLDED_INTO = "folded_into", _("folded into the framework of")
    ALIGNED_WITH = "aligned_with", _("aligned with")
    COVERED_BY = "covered_by", _("covered by")
    SUCCEEDED_BY = "succeeded_by", _("succeeded by")
