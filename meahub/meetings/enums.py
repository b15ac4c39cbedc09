from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COP = "cop", _("Conference of the Parties")
    MOP = "mop", _("Meeting of the Parties or Signatories")
    STANDING_COMMITTEE = "stc", _("Standing Committee")
    SCIENTIFIC = "scientific", _("Scientific Council or advisory body")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other meeting")
