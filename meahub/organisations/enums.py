from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MEA_SECRETARIAT = "mea_secretariat", _("MEA secretariat")
    IGO = "igo", _("Intergovernmental organisation")
    UN_OFFICE = "un_office", _("UN office or programme")
    NGO = "ngo", _("Non-governmental organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    LOCAL_GOVERNMENT_NETWORK = "local_government_network", _("Local-government network")
    GOVERNMENT = "government", _("Government agency")
